/**
 * Which HPAs select which pods, to refuse an ambiguous setup (two HPAs scaling the same pods) as upstream's
 * selector tracker does. Selectors are indexed by their first equality requirement, so a pod is checked only
 * against the HPAs that can match it.
 */
import { NOTHING, type Selector } from '../../api/selectors.js';

interface Entry { key: string; selector: Selector }

/** One namespace's HPA selectors. */
class NamespaceSelectors {
  readonly byKey = new Map<string, Entry>();
  private readonly byLabel = new Map<string, Map<string, Set<Entry>>>();
  private readonly rest = new Set<Entry>();

  put(key: string, selector: Selector): void {
    this.delete(key);
    const entry = { key, selector };
    this.byKey.set(key, entry);
    const eq = selector.equalities[0];
    if (!eq) { this.rest.add(entry); return; }
    let values = this.byLabel.get(eq[0]);
    if (!values) this.byLabel.set(eq[0], (values = new Map()));
    let set = values.get(eq[1]);
    if (!set) values.set(eq[1], (set = new Set()));
    set.add(entry);
  }

  delete(key: string): void {
    const entry = this.byKey.get(key);
    if (!entry) return;
    this.byKey.delete(key);
    const eq = entry.selector.equalities[0];
    if (!eq) { this.rest.delete(entry); return; }
    const values = this.byLabel.get(eq[0])!;
    const set = values.get(eq[1])!;
    set.delete(entry);
    if (set.size === 0) values.delete(eq[1]);
    if (values.size === 0) this.byLabel.delete(eq[0]);
  }

  /** Add the keys of HPAs whose selector matches these labels. */
  collect(labels: Record<string, string> | undefined, into: Set<string>): void {
    for (const e of this.rest) if (e.selector.matches(labels)) into.add(e.key);
    if (!labels || this.byLabel.size === 0) return;
    for (const k in labels) {
      const set: Set<Entry> | undefined = this.byLabel.get(k)?.get(labels[k]!);
      if (set) for (const e of set) if (e.selector.matches(labels)) into.add(e.key);
    }
  }
}

/** The HPA selector registry, keyed by `namespace/name`. */
export class HpaSelectorTracker {
  private readonly namespaces = new Map<string, NamespaceSelectors>();

  /** enqueueHPA's registration: known, selecting nothing until its first sync reads the target's selector. */
  register(namespace: string, key: string): void {
    const ns = this.namespace(namespace);
    if (!ns.byKey.has(key)) ns.put(key, NOTHING);
  }

  /** Record the selector an HPA's sync read (only for a registered HPA). */
  update(namespace: string, key: string, selector: Selector): void {
    const entry = this.namespaces.get(namespace)?.byKey.get(key);
    if (entry && entry.selector !== selector) this.namespaces.get(namespace)!.put(key, selector);
  }

  remove(namespace: string, key: string): void {
    const ns = this.namespaces.get(namespace);
    ns?.delete(key);
    if (ns && ns.byKey.size === 0) this.namespaces.delete(namespace);
  }

  /** The HPAs (sorted keys) whose selectors match any of these pods. */
  selecting(namespace: string, pods: readonly { metadata: { labels?: Record<string, string> } }[]): string[] {
    const ns = this.namespaces.get(namespace);
    if (!ns) return [];
    const keys = new Set<string>();
    for (const pod of pods) ns.collect(pod.metadata.labels, keys);
    return [...keys].sort();
  }

  private namespace(namespace: string): NamespaceSelectors {
    let ns = this.namespaces.get(namespace);
    if (!ns) this.namespaces.set(namespace, (ns = new NamespaceSelectors()));
    return ns;
  }
}
