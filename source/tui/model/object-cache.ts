/**
 * The UI's client cache: per kind, every object in namespace/name order, kept up to date from the client's watch
 * events. A modification replaces its object in place (binary search); additions and deletions wait in a batch
 * merged in one pass when the list is next read, so a burst of thousands of pods costs one O(n) merge, not
 * thousands of splices of a 150,000-element array.
 *
 * Beside the list it keeps dense columns aligned with it: sort keys (one Float64Array or string array per sort,
 * built on first use) and the rows' search text. A sort or filter over 150,000 pods then reads contiguous arrays
 * instead of 150,000 objects scattered over a multi-gigabyte heap (each a cache miss).
 */
import type { KubeObject } from '../../api/meta.js';
import type { ClusterClient, Unsubscribe } from '../../client/cluster-client.js';
import type { WatchEvent } from '../../store/watch.js';
import { applyMerge, compareByName, lowerBound, objectKey, planMerge, sameObject } from './order.js';
import { rowText } from './row-text.js';
import type { KeyValues, SortKey } from './sort.js';

/** A change as views see it: the new object, and the previous version for MODIFIED / DELETED. */
export interface Change {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: KubeObject;
  old?: KubeObject;
}

export type ChangeListener = (change: Change) => void;

interface Column {
  key: (o: KubeObject) => SortKey;
  values: KeyValues;
}

const grow = (a: Float64Array, n: number) => {
  if (a.length >= n) return a;
  const b = new Float64Array(Math.max(n, Math.ceil(a.length * 1.5) + 16));
  b.set(a);
  return b;
};

/** One kind's objects in name order, shared by every view of that kind. */
export class KindCache {
  private list: KubeObject[];
  /** Objects added since the last read, by key (latest version). */
  private readonly adds = new Map<string, KubeObject>();
  /** Objects in `list` that were deleted since the last read. */
  private readonly removes = new Set<KubeObject>();
  private readonly columns = new Map<string, Column>();
  private texts: string[] | undefined;
  /** Bumped on every change, so a view can tell whether anything moved since it last looked. */
  generation = 0;
  /** Bumped when rows move (additions or deletions merged): positions into `sorted` stay valid until then. */
  structure = 0;
  refs = 0;
  private readonly listeners = new Set<ChangeListener>();
  private readonly unsubscribe: Unsubscribe;

  constructor(client: ClusterClient, readonly kind: string, private readonly onAnyChange: (kind: string) => void) {
    this.list = client.list(kind).slice().sort(compareByName);
    this.unsubscribe = client.subscribe(kind, (event) => this.apply(event));
  }

  /** Every object of the kind in namespace/name order (pending additions and deletions merged first). */
  get sorted(): KubeObject[] {
    this.flush();
    return this.list;
  }

  /** A sort key's value for every object, aligned with `sorted`: built on first use, then kept current. */
  column(id: string, key: (o: KubeObject) => SortKey): KeyValues {
    this.flush();
    let c = this.columns.get(id);
    if (!c) {
      c = { key, values: {} };
      const n = this.list.length;
      if (n && typeof key(this.list[0]!) === 'string') c.values.str = this.list.map((o) => String(key(o)));
      else {
        const num = new Float64Array(Math.max(16, n));
        for (let i = 0; i < n; i++) num[i] = key(this.list[i]!) as number;
        c.values.num = num;
      }
      this.columns.set(id, c);
    }
    return c.values;
  }

  /** Every row's search text (see rowText), aligned with `sorted`: built on first use, then kept current. */
  textColumn(): string[] {
    this.flush();
    this.texts ??= this.list.map((o) => rowText(this.kind, o));
    return this.texts;
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

  /** Put `o` at row `i`, with its column values. */
  private setRow(i: number, o: KubeObject): void {
    this.list[i] = o;
    for (const c of this.columns.values()) {
      const v = c.key(o);
      if (c.values.num) c.values.num[i] = typeof v === 'number' ? v : Number.NaN;
      else c.values.str![i] = String(v);
    }
    if (this.texts) this.texts[i] = rowText(this.kind, o);
  }

  /** Move row `from` (object and column values) to `to`. */
  private moveRow(from: number, to: number): void {
    this.list[to] = this.list[from]!;
    for (const c of this.columns.values()) {
      if (c.values.num) c.values.num[to] = c.values.num[from]!;
      else c.values.str![to] = c.values.str![from]!;
    }
    if (this.texts) this.texts[to] = this.texts[from]!;
  }

  private resize(n: number): void {
    this.list.length = n;
    for (const c of this.columns.values()) {
      if (c.values.num) c.values.num = grow(c.values.num, n);
      else c.values.str!.length = n;
    }
    if (this.texts) this.texts.length = n;
  }

  /** Merge pending additions and deletions in place (binary-searched plan), columns moving with their rows. */
  private flush(): void {
    if (!this.removes.size && !this.adds.size) return;
    this.structure++;
    const added = [...this.adds.values()].sort(compareByName);
    this.adds.clear();
    const plan = planMerge(this.list, this.removes, added, compareByName);
    this.removes.clear();
    const before = this.list.length;
    const total = before - plan.removeAt.length + added.length;
    if (total > before) this.resize(total);
    applyMerge(before, plan, (from, to) => this.moveRow(from, to), (at, j) => this.setRow(at, added[j]!));
    if (total < before) this.resize(total);
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
      if (i >= 0) this.setRow(i, o);
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
