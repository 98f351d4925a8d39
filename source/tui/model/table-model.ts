/**
 * One table view's rows: the objects of a kind within a scope (namespace, node, selector), sorted and filtered,
 * kept in order incrementally from the kind cache's changes. Sorting happens only when the sort order changes and
 * filtering only when the filter changes. A change that keeps an object's sort key replaces it in place (binary
 * search); changes that move rows wait in a batch merged when the rows are next read (at most once a frame):
 * a few are spliced in, a burst is merged in one O(n) pass rather than one splice of 150,000 rows each.
 */
import type { KubeObject } from '../../api/meta.js';
import { type RowFilter, parseFilter } from './filter.js';
import type { Change, KindCache } from './object-cache.js';
import { type Compare, indexOfSorted, insertSorted, mergeInPlace, objectKey, removeSorted, sameObject } from './order.js';
import { type SortKey, type SortSpec, byName, compareFor, sortBulk } from './sort.js';

/** Which objects of the kind belong in the view; `label` goes in the title, e.g. `default` or `node:workers-0`. */
export interface Scope {
  label: string;
  /** Namespace the view is limited to, if any (favourite-namespace switching replaces it). */
  namespace?: string;
  matches?: (o: KubeObject) => boolean;
}

/** Up to this many pending changes are spliced in one by one; more are merged in one pass. */
const SPLICE_LIMIT = 16;

interface Pending {
  /** The version the arrays hold (absent if the object was not in scope). */
  before?: KubeObject;
  /** The latest version (absent if deleted or out of scope). */
  after?: KubeObject;
}

export class TableModel {
  /** Every object in scope, in sort order. */
  private base: KubeObject[] = [];
  /** `base` through the filter (the same array when there is no filter). */
  private shown: KubeObject[] = [];
  private readonly pending = new Map<string, Pending>();
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

  /** The rows shown, in order (pending changes merged first). */
  get rows(): KubeObject[] {
    this.flush();
    return this.shown;
  }

  /** Total objects in scope (before the filter). */
  get total(): number {
    this.flush();
    return this.base.length;
  }

  private inScope(o: KubeObject): boolean {
    const s = this.scope;
    if (s.namespace !== undefined && o.metadata.namespace !== s.namespace) return false;
    return !s.matches || s.matches(o);
  }

  /** Recompute base and rows from the cache (new scope or sort). */
  private rebuild(): void {
    this.pending.clear();
    const all = this.cache.sorted;
    const s = this.scope;
    const nameOrdered = s.namespace === undefined && !s.matches ? all : all.filter((o) => this.inScope(o));
    this.base = sortBulk(nameOrdered, this.sort, this.keyCache);
    this.refilter(this.base);
  }

  /**
   * Rows from `from` through the filter (`from` is the base, or the previous rows when the filter only narrowed).
   * Filtered rows go into one of two reused arrays (the other may be `from`): typing a filter over 150,000 rows
   * allocates nothing per keystroke.
   */
  private refilter(from: KubeObject[]): void {
    const f = this.filter;
    if (!f) {
      this.shown = this.base;
    } else {
      const out = from === this.buffers[0] ? this.buffers[1] : this.buffers[0];
      let n = 0;
      for (let i = 0; i < from.length; i++) {
        const o = from[i]!;
        if (f.matches(o)) out[n++] = o;
      }
      out.length = n;
      this.shown = out;
    }
    this.clampCursor();
    this.generation++;
  }

  /** The two arrays filtered rows alternate between. */
  private readonly buffers: [KubeObject[], KubeObject[]] = [[], []];

  /** Record one watch change; a change that keeps the row's place is applied at once. */
  private apply(c: Change): void {
    const before = c.old && this.inScope(c.old) ? c.old : undefined;
    const after = c.type !== 'DELETED' && this.inScope(c.object) ? c.object : undefined;
    if (!before && !after) return;
    const key = objectKey(after ?? before!);
    const p = this.pending.get(key);
    if (p) {
      p.after = after;
    } else if (!(before && after && this.cmp(before, after) === 0 && this.replaceInPlace(before, after))) {
      this.pending.set(key, { before, after });
    }
    this.generation++;
  }

  /** A change that keeps the sort key: replace the row where it is; false if it was not found. */
  private replaceInPlace(before: KubeObject, after: KubeObject): boolean {
    const i = indexOfSorted(this.base, before, this.cmp);
    if (i < 0) return false;
    if (this.shown !== this.base) {
      const f = this.filter!;
      const was = f.matches(before), is = f.matches(after);
      // A row entering or leaving the filter moves in `shown`: leave that to the batch.
      if (was !== is) return false;
      if (was) {
        const r = indexOfSorted(this.shown, before, this.cmp);
        if (r < 0) return false;
        this.shown[r] = after;
      }
    }
    this.base[i] = after;
    return true;
  }

  /** Merge the pending changes, keeping the cursor on the selected object. */
  private flush(): void {
    if (!this.pending.size) return;
    const items = [...this.pending.values()];
    this.pending.clear();
    const selected = this.shown[this.cursor];
    const separate = this.shown !== this.base;
    const f = this.filter;
    if (items.length <= SPLICE_LIMIT) {
      for (const { before, after } of items) {
        let removedAt = -1, insertedAt = -1;
        if (before) {
          const i = removeSorted(this.base, before, this.cmp);
          removedAt = separate ? (f!.matches(before) ? removeSorted(this.shown, before, this.cmp) : -1) : i;
        }
        if (after) {
          const j = insertSorted(this.base, after, this.cmp);
          insertedAt = separate ? (f!.matches(after) ? insertSorted(this.shown, after, this.cmp) : -1) : j;
        }
        this.keepSelection(removedAt, insertedAt);
      }
      return;
    }
    const gone = new Set<KubeObject>();
    const added: KubeObject[] = [];
    for (const { before, after } of items) {
      if (before) gone.add(before);
      if (after) added.push(after);
    }
    added.sort(this.cmp);
    mergeInPlace(this.base, gone, added, this.cmp);
    if (separate) mergeInPlace(this.shown, gone, added.filter((o) => f!.matches(o)), this.cmp);
    // The selected row: its new version where it now sits, or the row that took its place.
    if (selected) {
      const latest = items.find((p) => p.before === selected);
      const target = latest ? latest.after : selected;
      const i = target ? indexOfSorted(this.shown, target, this.cmp) : -1;
      if (i >= 0) this.cursor = i;
    }
    this.clampCursor();
  }

  /** Keep the cursor on the same object when rows above it come and go, and follow the selected row if it moved. */
  private keepSelection(removedAt: number, insertedAt: number): void {
    let cur = this.cursor;
    const selectedMoved = removedAt === cur && insertedAt >= 0;
    if (removedAt >= 0 && removedAt < cur) cur--;
    if (selectedMoved) cur = insertedAt;
    else if (insertedAt >= 0 && insertedAt <= cur && this.shown.length > 1) cur++;
    this.cursor = cur;
    this.clampCursor();
  }

  private clampCursor(): void {
    const n = this.shown.length;
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

  /**
   * Apply filter text (empty clears it); throws on a bad label selector. Typing one more character of a plain
   * text filter only narrows it, so only the rows still shown are tested again.
   */
  setFilter(text: string): void {
    const next = parseFilter(this.kind, text);
    const prev = this.filter;
    if ((next?.text ?? '') === (prev?.text ?? '')) return;
    const sel = this.selected();
    this.filter = next;
    const narrows = !!prev && !!next && next.text.startsWith(prev.text) && isLiteral(prev.text) && isLiteral(next.text);
    this.refilter(narrows ? this.rows : this.base);
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

  /** Put the cursor on this object (the same version or another version of it) if it is a row. */
  reselect(o: KubeObject | undefined): void {
    if (!o) return;
    const rows = this.rows;
    const cur = rows[this.cursor];
    if (cur && sameObject(cur, o)) return;
    let i = indexOfSorted(rows, o, this.cmp);
    // Linear, but only on explicit jumps (sort or filter change, jump to owner), never per frame; no allocation.
    if (i < 0) i = rows.indexOf(o);
    if (i < 0) i = rows.findIndex((r) => sameObject(r, o));
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
    const rows = this.rows;
    const h = Math.max(1, height);
    if (this.cursor < this.offset) this.offset = this.cursor;
    if (this.cursor >= this.offset + h) this.offset = this.cursor - h + 1;
    const maxOffset = Math.max(0, rows.length - h);
    if (this.offset > maxOffset) this.offset = maxOffset;
    return { start: this.offset, rows: rows.slice(this.offset, this.offset + h) };
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

  dispose(): void {
    this.stopListening();
  }
}

/** Filter text whose matches can only shrink as characters are added (no regex syntax, not a selector). */
function isLiteral(text: string): boolean {
  return !/[\\^$.*+?()[\]{}|!]/.test(text) && !text.startsWith('-');
}
