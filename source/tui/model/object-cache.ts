/**
 * The UI's client cache: per kind, every object in namespace/name order, kept up to date from the client's watch
 * events. A modification replaces its object in place (binary search); additions and deletions wait in a batch and
 * are merged in one pass when the list is next read, so a burst of thousands of pods costs one O(n) merge, not
 * thousands of splices of a 150,000-element array. Views derive from it instead of listing the cluster again.
 */
import type { KubeObject } from '../../api/meta.js';
import type { ClusterClient, Unsubscribe } from '../../client/cluster-client.js';
import type { WatchEvent } from '../../store/watch.js';
import { compareByName, lowerBound, mergeInPlace, objectKey, sameObject } from './order.js';

/** A change as views see it: the new object, and the previous version for MODIFIED / DELETED. */
export interface Change {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: KubeObject;
  old?: KubeObject;
}

export type ChangeListener = (change: Change) => void;

/** One kind's objects in name order, shared by every view of that kind. */
export class KindCache {
  private list: KubeObject[];
  /** Objects added since the last read, by key (latest version). */
  private readonly adds = new Map<string, KubeObject>();
  /** Objects in `list` that were deleted since the last read. */
  private readonly removes = new Set<KubeObject>();
  /** Bumped on every change, so a view can tell whether anything moved since it last looked. */
  generation = 0;
  refs = 0;
  private readonly listeners = new Set<ChangeListener>();
  private readonly unsubscribe: Unsubscribe;

  constructor(client: ClusterClient, readonly kind: string, private readonly onAnyChange: (kind: string) => void) {
    this.list = client.list(kind).slice().sort(compareByName);
    this.unsubscribe = client.subscribe(kind, (event) => this.apply(event));
  }

  /** Every object of the kind in namespace/name order (pending additions and deletions merged first). */
  get sorted(): KubeObject[] {
    if (this.removes.size || this.adds.size) {
      const added = [...this.adds.values()].sort(compareByName);
      mergeInPlace(this.list, this.removes, added, compareByName);
      this.adds.clear();
      this.removes.clear();
    }
    return this.list;
  }

  /** Listen to changes; returns an unsubscribe function. */
  listen(fn: ChangeListener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** The index in `list` of a live version of `o`, or -1. */
  private find(o: KubeObject): number {
    const i = lowerBound(this.list, o, compareByName);
    return i < this.list.length && sameObject(this.list[i]!, o) && !this.removes.has(this.list[i]!) ? i : -1;
  }

  private apply(event: WatchEvent): void {
    if (event.type === 'BOOKMARK') return;
    const o = event.object;
    const key = objectKey(o);
    if (event.type === 'DELETED') {
      if (this.adds.has(key)) this.adds.delete(key);
      else {
        const i = this.find(event.oldObject ?? o);
        if (i >= 0) this.removes.add(this.list[i]!);
      }
    } else if (this.adds.has(key)) {
      this.adds.set(key, o);
    } else {
      const i = this.find(o);
      if (i >= 0) this.list[i] = o;
      else this.adds.set(key, o);
    }
    this.generation++;
    const change: Change = { type: event.type, object: o, old: event.oldObject };
    for (const fn of this.listeners) fn(change);
    this.onAnyChange(this.kind);
  }

  dispose(): void {
    this.unsubscribe();
    this.listeners.clear();
  }
}

/** The caches of every kind some view shows, reference-counted so a closed view stops paying for its kind. */
export class ObjectCache {
  private readonly kinds = new Map<string, KindCache>();

  /** `onAnyChange` is told the kind of every applied change (the app marks itself dirty). */
  constructor(readonly client: ClusterClient, private readonly onAnyChange: (kind: string) => void = () => {}) {}

  /** The cache for a kind, built on first use; pair every acquire with a release. */
  acquire(kind: string): KindCache {
    let c = this.kinds.get(kind);
    if (!c) {
      c = new KindCache(this.client, kind, this.onAnyChange);
      this.kinds.set(kind, c);
    }
    c.refs++;
    return c;
  }

  release(kind: string): void {
    const c = this.kinds.get(kind);
    if (!c) return;
    if (--c.refs <= 0) {
      c.dispose();
      this.kinds.delete(kind);
    }
  }

  /** The cache for a kind if some view holds it (no reference taken). */
  peek(kind: string): KindCache | undefined {
    return this.kinds.get(kind);
  }

  dispose(): void {
    for (const c of this.kinds.values()) c.dispose();
    this.kinds.clear();
  }
}
