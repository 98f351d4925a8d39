/** Secondary indexes over one kind's objects, so hot queries never scan the whole kind. */
import type { KubeObject } from '../api/meta.js';

/** A multi-valued index: index value → set of object keys. */
export class Index {
  private readonly map = new Map<string, Set<string>>();

  constructor(readonly name: string, readonly valuesOf: (obj: KubeObject) => readonly string[]) {}

  add(key: string, obj: KubeObject): void {
    for (const v of this.valuesOf(obj)) {
      let set = this.map.get(v);
      if (!set) this.map.set(v, (set = new Set()));
      set.add(key);
    }
  }

  remove(key: string, obj: KubeObject): void {
    for (const v of this.valuesOf(obj)) {
      const set = this.map.get(v);
      if (!set) continue;
      set.delete(key);
      if (!set.size) this.map.delete(v);
    }
  }

  /** Move `key` from the values of `before` to those of `after`, touching only what changed. */
  update(key: string, before: KubeObject, after: KubeObject): void {
    const a = this.valuesOf(before), b = this.valuesOf(after);
    if (a.length === b.length && a.every((v, i) => v === b[i])) return;
    this.remove(key, before);
    this.add(key, after);
  }

  get(value: string): ReadonlySet<string> {
    return this.map.get(value) ?? EMPTY;
  }
}

const EMPTY: ReadonlySet<string> = new Set();
const NONE: readonly string[] = [];

/** Label index: one posting set per `key=value`, and one per key (for Exists look-ups). */
export const labelIndex = () => new Index('labels', (obj) => {
  const labels = obj.metadata.labels;
  if (!labels) return NONE;
  const out: string[] = [];
  for (const k in labels) out.push(`${k}=${labels[k]}`, k);
  return out;
});

/** Objects by the uid of each owner (garbage collection, controllers finding their pods). */
export const ownerIndex = () => new Index('owner', (obj) => {
  const refs = obj.metadata.ownerReferences;
  return refs && refs.length ? refs.map((r) => r.uid) : NONE;
});

/** Pods by spec.nodeName (kubelets, drain, the scheduler's node view). */
export const nodeNameIndex = () => new Index('spec.nodeName', (obj) => {
  const node = (obj.spec as { nodeName?: string } | undefined)?.nodeName;
  return node ? [node] : NONE;
});

/** Events by the involved object's uid (describe, aggregation). */
export const involvedObjectIndex = () => new Index('involvedObject.uid', (obj) => {
  const uid = (obj.involvedObject as { uid?: string } | undefined)?.uid;
  return uid ? [uid] : NONE;
});
