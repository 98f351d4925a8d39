/**
 * The UI's client cache: per kind, every object in namespace/name order, kept up to date from the client's watch
 * events (binary insertion, in-place replacement). Views derive from it instead of listing the cluster again, so
 * opening a view costs one pass over the kind, never a sort.
 */
import type { KubeObject } from '../../api/meta.js';
import type { ClusterClient, Unsubscribe } from '../../client/cluster-client.js';
import type { WatchEvent } from '../../store/watch.js';
import { compareByName, insertSorted, removeSorted } from './order.js';

/** A change as views see it: the new object, and the previous version for MODIFIED / DELETED. */
export interface Change {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: KubeObject;
  old?: KubeObject;
}

export type ChangeListener = (change: Change) => void;

/** One kind's objects in name order, shared by every view of that kind. */
export class KindCache {
  readonly sorted: KubeObject[];
  /** Bumped on every change, so a view can tell whether anything moved since it last looked. */
  generation = 0;
  refs = 0;
  private readonly listeners = new Set<ChangeListener>();
  private readonly unsubscribe: Unsubscribe;

  constructor(client: ClusterClient, readonly kind: string, private readonly onAnyChange: (kind: string) => void) {
    this.sorted = client.list(kind).slice().sort(compareByName);
    this.unsubscribe = client.subscribe(kind, (event) => this.apply(event));
  }

  /** Listen to changes after they are applied to `sorted`; returns an unsubscribe function. */
  listen(fn: ChangeListener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private apply(event: WatchEvent): void {
    if (event.type === 'BOOKMARK') return;
    const change: Change = { type: event.type, object: event.object, old: event.oldObject };
    if (event.type === 'DELETED') removeSorted(this.sorted, event.oldObject ?? event.object, compareByName);
    else insertSorted(this.sorted, event.object, compareByName);
    this.generation++;
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
