/**
 * One table view's rows: the objects of a kind within a scope (namespace, node, selector), sorted and filtered,
 * kept in order incrementally from the kind cache's changes. Sorting happens only when the sort order changes
 * (from the cache's dense key columns) and filtering only when the filter changes (over dense row texts kept
 * beside the rows). A change that keeps an object's sort key replaces it in place (binary search); changes that
 * move rows wait in a batch merged when the rows are next read (at most once a frame): a few are spliced in, a
 * burst is merged in one O(n) pass rather than one splice of 150,000 rows each. "Faults only" (k9s's `ctrl-z`) is a
 * second filter over fault flags kept beside the rows, so toggling it reads a dense array, not 150,000 objects.
 */
import type { KubeObject } from '../../api/meta.js';
import { type RowFilter, parseFilter } from './filter.js';
import { rowFault } from './health.js';
import type { Change, KindCache } from './object-cache.js';
import { type Compare, indexOfSorted, objectKey, sameObject } from './order.js';
import { type RowInfo, type Rows, filterRows, insertRow, mergeRows, removeRow, setAt } from './rows.js';
import { rowText } from './row-text.js';
import { scopedOrder } from './scoped-order.js';
import { type SortKey, type SortSpec, byName, compareFor } from './sort.js';

/** Which objects of the kind belong in the view; `label` goes in the title, e.g. `default` or `node:workers-0`. */
export interface Scope {
  label: string;
  /** Namespace the view is limited to, if any (favourite-namespace switching replaces it). */
  namespace?: string;
  matches?: (o: KubeObject) => boolean;
}

/** The kind cache's column of fault flags (1 = fault), shared by every view of the kind. */
export const FAULT_COLUMN = 'fault';

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
  private base: Rows = { objs: [], texts: undefined };
  /** `base` through the filter (the same object when there is no filter). */
  private shown: Rows = this.base;
  private readonly pending = new Map<string, Pending>();
  /** Two row lists filtered rows alternate between (the other may be the source): no allocation per keystroke. */
  private readonly buffers: [Rows, Rows] = [{ objs: [], texts: [] }, { objs: [], texts: [] }];
  filter: RowFilter | undefined;
  /** Only rows that are faults (k9s's `ctrl-z`): errors, not ready yet, terminating. */
  faultsOnly = false;
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
    return this.shown.objs;
  }

  /** Total objects in scope (before the filter). */
  get total(): number {
    this.flush();
    return this.base.objs.length;
  }

  private inScope(o: KubeObject): boolean {
    const s = this.scope;
    if (s.namespace !== undefined && o.metadata.namespace !== s.namespace) return false;
    return !s.matches || s.matches(o);
  }

  private readonly textOf = (o: KubeObject) => rowText(this.kind, o);
  private readonly faultOf = (o: KubeObject) => rowFault(this.kind, o);
  private readonly faultKey = (o: KubeObject) => (rowFault(this.kind, o) ? 1 : 0);
  /** How the values kept beside a row are computed. */
  private readonly info: RowInfo = { text: this.textOf, fault: this.faultOf };

  /** Whether a row belongs in the rows shown (faults-only, then the filter); per object, for single changes. */
  private passes(o: KubeObject): boolean {
    return (!this.faultsOnly || this.faultOf(o)) && (!this.filter || this.filter.matches(o));
  }

  /**
   * Recompute the rows from the cache (new scope or sort). Keys come from the cache's dense column for the sort
   * (built once per kind and sort, then kept current), and texts, once a text filter has used them, from its
   * text column: a re-sort of 150,000 rows reads typed arrays, not objects.
   */
  private rebuild(): void {
    this.pending.clear();
    const s = this.scope;
    const scoped = s.namespace !== undefined || !!s.matches;
    const { objs, positions } = scopedOrder(this.cache, scoped ? (o) => this.inScope(o) : undefined, this.sort, this.keyCache);
    this.basePositions = positions;
    this.basePositionsAt = this.cache.structure;
    this.base = { objs, texts: undefined };
    if (this.filter?.matchesText) this.ensureBaseTexts();
    if (this.faultsOnly) this.ensureBaseFaults();
    this.refilter(this.base);
  }

  private basePositions: Int32Array | undefined;
  private basePositionsAt = -1;

  /** Texts for the base rows: gathered from the cache's text column while row positions are known, else per object. */
  private ensureBaseTexts(): void {
    if (this.base.texts) return;
    const objs = this.base.objs;
    const texts: string[] = new Array(objs.length);
    const col = this.basePositions ? this.cache.textColumn() : undefined;
    const where = this.basePositions;
    if (col && where && this.basePositionsAt === this.cache.structure) {
      for (let i = 0; i < objs.length; i++) texts[i] = col[where[i]!]!;
    } else {
      for (let i = 0; i < objs.length; i++) texts[i] = this.textOf(objs[i]!);
    }
    this.base.texts = texts;
  }

  /** Fault flags for the base rows: from the cache's fault column while row positions are known, else per object. */
  private ensureBaseFaults(): void {
    if (this.base.faults) return;
    const objs = this.base.objs;
    const faults: boolean[] = new Array(objs.length);
    const where = this.basePositions;
    const col = where ? this.cache.column(FAULT_COLUMN, this.faultKey).num : undefined;
    if (col && where && this.basePositionsAt === this.cache.structure) {
      for (let i = 0; i < objs.length; i++) faults[i] = col[where[i]!] === 1;
    } else {
      for (let i = 0; i < objs.length; i++) faults[i] = this.faultOf(objs[i]!);
    }
    this.base.faults = faults;
  }

  /**
   * Rows from `from` through faults-only and the filter (`from` is the base, or the rows shown when the filter only
   * narrowed). Dense texts and fault flags are tested where kept; objects only where not.
   */
  private refilter(from: Rows): void {
    const f = this.filter;
    const faultsOnly = this.faultsOnly;
    if (!f && !faultsOnly) {
      this.shown = this.base;
    } else {
      const out = from === this.buffers[0] ? this.buffers[1] : this.buffers[0];
      const objs = from.objs;
      const test = f?.matchesText;
      const texts = test ? from.texts : undefined;
      const flags = from.faults;
      const faultOf = this.faultOf;
      this.shown = filterRows(from, out, (i) => {
        if (faultsOnly && !(flags ? flags[i] : faultOf(objs[i]!))) return false;
        if (!f) return true;
        return texts ? test!(texts[i]!) : f.matches(objs[i]!);
      });
    }
    this.clampCursor();
    this.generation++;
  }

  /** Record one watch change; a change that keeps the row's place is applied at once. */
  private apply(c: Change): void {
    const before = c.old && this.inScope(c.old) ? c.old : undefined;
    const after = c.type !== 'DELETED' && this.inScope(c.object) ? c.object : undefined;
    if (!before && !after) return;
    const key = objectKey(after ?? before!);
    const p = this.pending.get(key);
    if (p) p.after = after;
    else if (!(before && after && this.cmp(before, after) === 0 && this.replaceInPlace(before, after))) this.pending.set(key, { before, after });
    this.generation++;
  }

  /** A change that keeps the sort key: replace the row where it is; false if it was not found. */
  private replaceInPlace(before: KubeObject, after: KubeObject): boolean {
    const i = indexOfSorted(this.base.objs, before, this.cmp);
    if (i < 0) return false;
    const separate = this.shown !== this.base;
    let r = -1;
    if (separate) {
      const was = this.passes(before), is = this.passes(after);
      // A row entering or leaving the filter moves in the rows shown: leave that to the batch.
      if (was !== is) return false;
      if (was) {
        r = indexOfSorted(this.shown.objs, before, this.cmp);
        if (r < 0) return false;
      }
    }
    setAt(this.base, i, after, this.info);
    if (r >= 0) setAt(this.shown, r, after, this.info);
    return true;
  }

  /** Merge the pending changes, keeping the cursor on the selected object. */
  private flush(): void {
    if (!this.pending.size) return;
    const items = [...this.pending.values()];
    this.pending.clear();
    const selected = this.shown.objs[this.cursor];
    const separate = this.shown !== this.base;
    const inShown = (o: KubeObject) => separate && this.passes(o);
    if (items.length <= SPLICE_LIMIT) {
      this.basePositions = undefined;
      for (const { before, after } of items) {
        let removedAt = -1, insertedAt = -1;
        if (before) {
          const i = removeRow(this.base, before, this.cmp);
          removedAt = separate ? (inShown(before) ? removeRow(this.shown, before, this.cmp) : -1) : i;
        }
        if (after) {
          const j = insertRow(this.base, after, this.cmp, this.info);
          insertedAt = separate ? (inShown(after) ? insertRow(this.shown, after, this.cmp, this.info) : -1) : j;
        }
        this.keepSelection(removedAt, insertedAt);
      }
      return;
    }
    this.basePositions = undefined;
    const gone = new Set<KubeObject>();
    const added: KubeObject[] = [];
    for (const { before, after } of items) {
      if (before) gone.add(before);
      if (after) added.push(after);
    }
    added.sort(this.cmp);
    mergeRows(this.base, gone, added, this.cmp, this.info);
    // Only rows the filter let through are in `shown` (a search for the others would scan it all).
    if (separate) mergeRows(this.shown, new Set([...gone].filter(inShown)), added.filter(inShown), this.cmp, this.info);
    // The selected row: its new version where it now sits, or the row that took its place. A cursor on the
    // first row stays there: newest-first and most-troubled-first lists then show what just arrived.
    if (selected && this.cursor > 0) {
      const latest = items.find((p) => p.before === selected);
      const target = latest ? latest.after : selected;
      const i = target ? indexOfSorted(this.shown.objs, target, this.cmp) : -1;
      if (i >= 0) this.cursor = i;
    }
    this.clampCursor();
  }

  /**
   * Keep the cursor on the same object when rows above it come and go, and follow the selected row if it moved;
   * except on the first row, which stays the first row.
   */
  private keepSelection(removedAt: number, insertedAt: number): void {
    let cur = this.cursor;
    if (cur === 0) return;
    const selectedMoved = removedAt === cur && insertedAt >= 0;
    if (removedAt >= 0 && removedAt < cur) cur--;
    if (selectedMoved) cur = insertedAt;
    else if (insertedAt >= 0 && insertedAt <= cur && this.shown.objs.length > 1) cur++;
    this.cursor = cur;
    this.clampCursor();
  }

  private clampCursor(): void {
    const n = this.shown.objs.length;
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
    if (next?.matchesText) this.ensureBaseTexts();
    const narrows = !!prev && !!next && next.text.startsWith(prev.text) && isLiteral(prev.text) && isLiteral(next.text);
    this.refilter(narrows && this.shown.texts ? this.shown : this.base);
    this.reselect(sel);
  }

  /** Show only faults, or every row again; the cursor stays on the selected object when it is still shown. */
  setFaultsOnly(on: boolean): void {
    if (on === this.faultsOnly) return;
    const sel = this.selected();
    this.faultsOnly = on;
    if (on) this.ensureBaseFaults();
    // Turning it on only narrows what is shown; off needs the base again.
    this.refilter(on && this.shown.faults ? this.shown : this.base);
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
