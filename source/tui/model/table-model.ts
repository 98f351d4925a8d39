/**
 * One table view's rows: the objects of a kind within a scope (namespace, node, selector), sorted and filtered,
 * kept in order incrementally from the kind cache's changes. Sorting happens only when the sort order changes and
 * filtering only when the filter changes; a change to one object costs a binary search and a splice.
 */
import type { KubeObject } from '../../api/meta.js';
import { type RowFilter, parseFilter } from './filter.js';
import type { Change, KindCache } from './object-cache.js';
import { type Compare, indexOfSorted, insertSorted, objectKey, removeSorted } from './order.js';
import { type SortKey, type SortSpec, byName, compareFor, sortBulk } from './sort.js';

/** Which objects of the kind belong in the view; `label` goes in the title, e.g. `default` or `node:workers-0`. */
export interface Scope {
  label: string;
  /** Namespace the view is limited to, if any (favourite-namespace switching replaces it). */
  namespace?: string;
  matches?: (o: KubeObject) => boolean;
}

export class TableModel {
  /** Every object in scope, in sort order. */
  private base: KubeObject[] = [];
  /** `base` through the filter (the same array when there is no filter). */
  rows: KubeObject[] = [];
  filter: RowFilter | undefined;
  sort: SortSpec;
  cursor = 0;
  offset = 0;
  /** Keys (namespace/name) of rows marked with space. */
  readonly marks = new Set<string>();
  /** Bumped on every change that touched this view's rows. */
  generation = 0;
  private cmp: Compare;
  private keyCache = new WeakMap<KubeObject, SortKey>();
  private readonly stopListening: () => void;

  constructor(readonly kind: string, private readonly cache: KindCache, public scope: Scope, sort: SortSpec = byName()) {
    this.sort = sort;
    this.cmp = compareFor(sort, this.keyCache);
    this.rebuild();
    this.stopListening = cache.listen((c) => this.apply(c));
  }

  private inScope(o: KubeObject): boolean {
    const s = this.scope;
    if (s.namespace !== undefined && o.metadata.namespace !== s.namespace) return false;
    return !s.matches || s.matches(o);
  }

  /** Recompute base and rows from the cache (new scope or sort). */
  private rebuild(): void {
    const all = this.cache.sorted;
    const s = this.scope;
    const nameOrdered = s.namespace === undefined && !s.matches ? all : all.filter((o) => this.inScope(o));
    this.base = sortBulk(nameOrdered, this.sort, this.keyCache);
    this.refilter();
  }

  private refilter(): void {
    const f = this.filter;
    this.rows = f ? this.base.filter((o) => f.matches(o)) : this.base;
    this.clampCursor();
    this.generation++;
  }

  /** Incremental update from one watch change. */
  private apply(c: Change): void {
    const before = c.old && this.inScope(c.old) ? c.old : undefined;
    const after = c.type !== 'DELETED' && this.inScope(c.object) ? c.object : undefined;
    if (!before && !after) return;
    const f = this.filter;
    const rowsSeparate = this.rows !== this.base;
    if (before && after && this.cmp(before, after) === 0 && this.replaceInPlace(before, after)) return;
    let removedAt = -1;
    if (before) {
      // The old version sits where its (pinned) key put it; a MODIFIED that keeps the key is replaced in place below.
      const i = removeSorted(this.base, before, this.cmp);
      if (rowsSeparate && f!.matches(before)) removedAt = removeSorted(this.rows, before, this.cmp);
      else if (!rowsSeparate) removedAt = i;
    }
    let insertedAt = -1;
    if (after) {
      const j = insertSorted(this.base, after, this.cmp);
      if (rowsSeparate) {
        if (f!.matches(after)) insertedAt = insertSorted(this.rows, after, this.cmp);
      } else insertedAt = j;
    }
    this.keepSelection(removedAt, insertedAt);
    this.generation++;
  }

  /** A change that keeps the sort key: replace the row where it is (no splice); false if it was not found. */
  private replaceInPlace(before: KubeObject, after: KubeObject): boolean {
    const i = indexOfSorted(this.base, before, this.cmp);
    if (i < 0) return false;
    this.base[i] = after;
    let removedAt = -1, insertedAt = -1;
    if (this.rows !== this.base) {
      const f = this.filter!;
      const was = f.matches(before), is = f.matches(after);
      if (was && is) {
        const r = indexOfSorted(this.rows, before, this.cmp);
        if (r >= 0) this.rows[r] = after;
      } else if (was) removedAt = removeSorted(this.rows, before, this.cmp);
      else if (is) insertedAt = insertSorted(this.rows, after, this.cmp);
    }
    this.keepSelection(removedAt, insertedAt);
    this.generation++;
    return true;
  }

  /** Keep the cursor on the same object when rows above it come and go, and follow the selected row if it moved. */
  private keepSelection(removedAt: number, insertedAt: number): void {
    let cur = this.cursor;
    const selectedMoved = removedAt === cur && insertedAt >= 0;
    if (removedAt >= 0 && removedAt < cur) cur--;
    if (selectedMoved) cur = insertedAt;
    else if (insertedAt >= 0 && insertedAt <= cur && this.rows.length > 1) cur++;
    this.cursor = cur;
    this.clampCursor();
  }

  private clampCursor(): void {
    const n = this.rows.length;
    if (this.cursor >= n) this.cursor = Math.max(0, n - 1);
    if (this.cursor < 0) this.cursor = 0;
  }

  /** Change the sort order (one bulk sort); the cursor stays on the selected object. */
  setSort(spec: SortSpec): void {
    const sel = this.selected();
    this.sort = spec;
    this.keyCache = new WeakMap();
    this.cmp = compareFor(spec, this.keyCache);
    this.rebuild();
    this.reselect(sel);
  }

  /** Apply filter text (empty clears it); throws on a bad label selector. */
  setFilter(text: string): void {
    const next = parseFilter(this.kind, text);
    if ((next?.text ?? '') === (this.filter?.text ?? '')) return;
    const sel = this.selected();
    this.filter = next;
    this.refilter();
    this.reselect(sel);
  }

  /** Change the scope (namespace switch); clears marks. */
  setScope(scope: Scope): void {
    this.scope = scope;
    this.marks.clear();
    this.rebuild();
    this.cursor = 0;
    this.offset = 0;
  }

  /** Put the cursor on this object (by key) if it is a row. */
  reselect(o: KubeObject | undefined): void {
    if (!o) return;
    const key = objectKey(o);
    const cur = this.rows[this.cursor];
    if (cur && objectKey(cur) === key) return;
    // Linear, but only on explicit jumps (sort change, filter change, jump to owner), never per frame.
    const i = this.rows.findIndex((r) => objectKey(r) === key);
    if (i >= 0) this.cursor = i;
  }

  selected(): KubeObject | undefined {
    return this.rows[this.cursor];
  }

  /** Move the cursor by `delta` rows (clamped). */
  move(delta: number): void {
    this.cursor = Math.max(0, Math.min(this.rows.length - 1, this.cursor + delta));
  }

  top(): void {
    this.cursor = 0;
  }

  bottom(): void {
    this.cursor = Math.max(0, this.rows.length - 1);
  }

  /** The rows a window of `height` shows, scrolled so the cursor is visible. */
  window(height: number): { start: number; rows: KubeObject[] } {
    const h = Math.max(1, height);
    if (this.cursor < this.offset) this.offset = this.cursor;
    if (this.cursor >= this.offset + h) this.offset = this.cursor - h + 1;
    const maxOffset = Math.max(0, this.rows.length - h);
    if (this.offset > maxOffset) this.offset = maxOffset;
    return { start: this.offset, rows: this.rows.slice(this.offset, this.offset + h) };
  }

  /** Mark or unmark the selected row. */
  toggleMark(): void {
    const o = this.selected();
    if (!o) return;
    const k = objectKey(o);
    if (this.marks.has(k)) this.marks.delete(k);
    else this.marks.add(k);
  }

  /** Objects actions apply to: the marked rows, else the selected one. */
  targets(lookup: (key: string) => KubeObject | undefined): KubeObject[] {
    if (this.marks.size) return [...this.marks].map(lookup).filter((o): o is KubeObject => !!o);
    const o = this.selected();
    return o ? [o] : [];
  }

  /** Total objects in scope (before the filter). */
  get total(): number {
    return this.base.length;
  }

  dispose(): void {
    this.stopListening();
  }
}
