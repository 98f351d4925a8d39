/** One kind's objects: the primary map, a per-namespace key set, and the secondary indexes. */
import type { KindInfo } from '../api/kinds.js';
import type { KubeObject } from '../api/meta.js';
import { type Index, involvedObjectIndex, labelIndex, nodeNameIndex, ownerIndex } from './indexes.js';

/** Storage key: `namespace/name` for namespaced kinds, `name` otherwise. */
export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

export class KindTable {
  readonly objects = new Map<string, KubeObject>();
  readonly byNamespace = new Map<string, Set<string>>();
  readonly labels?: Index;
  readonly owners = ownerIndex();
  readonly extra: Index[] = [];

  constructor(readonly info: KindInfo) {
    // Events and Leases carry no labels worth indexing; skipping them saves memory at scale.
    if (info.kind !== 'Event' && info.kind !== 'Lease') this.labels = labelIndex();
    if (info.kind === 'Pod') this.extra.push(nodeNameIndex());
    if (info.kind === 'Event') this.extra.push(involvedObjectIndex());
  }

  index(name: string): Index | undefined {
    return this.extra.find((i) => i.name === name);
  }

  insert(key: string, obj: KubeObject): void {
    this.objects.set(key, obj);
    const ns = obj.metadata.namespace;
    if (ns !== undefined) {
      let set = this.byNamespace.get(ns);
      if (!set) this.byNamespace.set(ns, (set = new Set()));
      set.add(key);
    }
    this.labels?.add(key, obj);
    this.owners.add(key, obj);
    for (const i of this.extra) i.add(key, obj);
  }

  replace(key: string, before: KubeObject, after: KubeObject): void {
    this.objects.set(key, after);
    if (before.metadata.labels !== after.metadata.labels) this.labels?.update(key, before, after);
    if (before.metadata.ownerReferences !== after.metadata.ownerReferences) this.owners.update(key, before, after);
    for (const i of this.extra) i.update(key, before, after);
  }

  remove(key: string, obj: KubeObject): void {
    this.objects.delete(key);
    const ns = obj.metadata.namespace;
    if (ns !== undefined) {
      const set = this.byNamespace.get(ns);
      set?.delete(key);
      if (set && !set.size) this.byNamespace.delete(ns);
    }
    this.labels?.remove(key, obj);
    this.owners.remove(key, obj);
    for (const i of this.extra) i.remove(key, obj);
  }

  /** Keys in one namespace (or all keys), without copying. */
  keysIn(namespace: string | undefined): Iterable<string> {
    if (namespace === undefined || !this.info.namespaced) return this.objects.keys();
    return this.byNamespace.get(namespace) ?? [];
  }
}
