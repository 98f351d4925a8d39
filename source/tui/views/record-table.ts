/**
 * A table screen over rows that are not API objects (Services' traffic, node groups): the same look and keys as
 * the kind tables — columns dropped by priority to fit, `/` filter, `ctrl-z` faults only, shift sort keys, column
 * picking (shift-/ctrl-←/→, shift-o), `ctrl-w` wide, navigation — over a few hundred rows at most, recomputed only
 * when the cluster's clock moved (or the sort / filter changed), never per frame.
 */
import { naturalKey } from '../model/column-sorts.js';
import { textMatcher } from '../model/filter.js';
import { theme } from '../theme.js';
import type { AppContext, Binding, Screen } from './context.js';
import { drawGrid, stepColumn } from './grid.js';
import { type Line, boxLines, seg } from './lines.js';

/** A column: its header and priority (1 = wide only). */
export interface RecordColumn {
  name: string;
  priority?: number;
}

/** One row: a stable key (the cursor follows it), its cells, optional numeric sort keys per column, its colour. */
export interface RecordRow {
  key: string;
  cells: string[];
  /** Per column, a key to sort by instead of the cell text (numbers for rates, percentages, money). */
  sortKeys?: (string | number)[];
  color: string;
  /** Shown by `ctrl-z` (faults only). */
  fault?: boolean;
}

/** A sort key binding: `shift-r` → REQ/S descending first. */
export interface RecordSort {
  key: string;
  label: string;
  column: string;
  desc?: boolean;
}

export abstract class RecordTableScreen implements Screen {
  readonly type = 'table';
  abstract readonly crumb: string;
  cursor = 0;
  wide = false;
  faultsOnly = false;
  sort: { column: string; desc: boolean };
  picked: string | undefined;
  protected pageSize = 10;
  private offset = 0;
  private filter = '';
  private matches: ((text: string) => boolean) | undefined;
  private shownColumns: string[] = [];
  private cachedAt: unknown = Symbol('never');
  private all: RecordRow[] = [];
  private shown: RecordRow[] = [];
  private stale = true;

  constructor(protected readonly ctx: AppContext, readonly columns: readonly RecordColumn[], sort: { column: string; desc: boolean }) {
    this.sort = sort;
  }

  /** Every row now (unsorted). */
  protected abstract computeRows(): RecordRow[];
  /** The title's resource name and scope, e.g. `traffic`, `all`. */
  protected abstract titleText(): { resource: string; scope?: string };
  /** The screen's own keys (actions on the selected row). */
  protected abstract ownBindings(): Binding[];
  /** Sort keys beyond shift-n (name). */
  protected sorts(): RecordSort[] {
    return [];
  }
  /** Columns not shown at all (NAMESPACE in a one-namespace view, as kubectl leaves it out). */
  protected hiddenColumns(): string[] {
    return [];
  }
  /** Columns given up first when narrow. */
  protected dropFirst(): string[] {
    return [];
  }
  /** What the rows depend on besides sort and filter: rows are recomputed when it changes (default: the clock). */
  protected version(): unknown {
    return this.ctx.client.now();
  }

  /** The rows shown (sorted, filtered), recomputed when stale. */
  rows(): RecordRow[] {
    const v = this.version();
    if (v !== this.cachedAt) {
      this.cachedAt = v;
      this.all = this.computeRows();
      this.stale = true;
    }
    if (this.stale) {
      const key = this.shown[this.cursor]?.key;
      this.stale = false;
      this.shown = this.arrange(this.all);
      const i = key === undefined ? -1 : this.shown.findIndex((r) => r.key === key);
      if (i >= 0) this.cursor = i;
      this.cursor = Math.max(0, Math.min(this.cursor, this.shown.length - 1));
    }
    return this.shown;
  }

  /** Total rows before faults-only and the filter. */
  get total(): number {
    this.rows();
    return this.all.length;
  }

  selected(): RecordRow | undefined {
    return this.rows()[this.cursor];
  }

  private arrange(rows: RecordRow[]): RecordRow[] {
    let out = rows;
    if (this.faultsOnly) out = out.filter((r) => r.fault);
    const test = this.matches;
    if (test) out = out.filter((r) => test(r.cells.join(' ').toLowerCase()));
    const i = this.columns.findIndex((c) => c.name === this.sort.column);
    const dir = this.sort.desc ? -1 : 1;
    const keyOf = (r: RecordRow): string | number => {
      const k = r.sortKeys?.[i];
      return k !== undefined ? k : naturalKey(r.cells[i] ?? '');
    };
    const keyed = out.map((r) => ({ r, k: keyOf(r) }));
    keyed.sort((a, b) => (a.k === b.k ? 0 : a.k < b.k ? -dir : dir) || (a.r.key < b.r.key ? -1 : a.r.key > b.r.key ? 1 : 0));
    return keyed.map((x) => x.r);
  }

  /** Recompute rows on the next read (after an action changed them). */
  invalidate(): void {
    this.cachedAt = Symbol('stale');
  }

  setFilter(text: string): void {
    this.filter = text.trim();
    this.matches = this.filter ? textMatcher(this.filter) : undefined;
    this.stale = true;
  }

  filterText(): string {
    return this.filter;
  }

  private setSort(column: string, firstDesc: boolean): void {
    this.sort = this.sort.column === column ? { column, desc: !this.sort.desc } : { column, desc: firstDesc };
    this.stale = true;
    this.ctx.markDirty();
  }

  bindings(): Binding[] {
    const dirty = () => this.ctx.markDirty();
    const move = (delta: number) => () => {
      this.cursor = Math.max(0, Math.min(this.rows().length - 1, this.cursor + delta));
      dirty();
    };
    const top = () => { this.cursor = 0; dirty(); };
    const bottom = () => { this.cursor = Math.max(0, this.rows().length - 1); dirty(); };
    const pick = (delta: number) => () => {
      this.picked = stepColumn(this.shownColumns, this.picked, delta, this.sort.column);
      if (this.picked) this.ctx.flash(`column ${this.picked} picked: <shift-o> sorts by it`);
      dirty();
    };
    const sortPicked = () => this.setSort(this.picked ?? this.sort.column, false);
    return [
      ...this.ownBindings(),
      { key: 'q', label: 'Back', hidden: true, run: () => this.ctx.pop() },
      { key: 'ctrl-z', label: 'Toggle Faults', hidden: true, run: () => { this.faultsOnly = !this.faultsOnly; this.stale = true; dirty(); } },
      { key: 'ctrl-w', label: 'Toggle Wide', hidden: true, run: () => { this.wide = !this.wide; dirty(); } },
      { key: 'shift-n', label: 'Sort Name', hidden: true, run: () => this.setSort('NAME', false) },
      ...this.sorts().map((s): Binding => ({ key: s.key, label: s.label, hidden: true, run: () => this.setSort(s.column, s.desc ?? false) })),
      { key: 'shift-left', label: 'Sort Column Left', hidden: true, run: pick(-1) },
      { key: 'ctrl-left', label: 'Sort Column Left', hidden: true, run: pick(-1) },
      { key: 'shift-right', label: 'Sort Column Right', hidden: true, run: pick(1) },
      { key: 'ctrl-right', label: 'Sort Column Right', hidden: true, run: pick(1) },
      { key: 'shift-o', label: 'Sort Selected Column', hidden: true, run: sortPicked },
      { key: 'ctrl-o', label: 'Sort Selected Column', hidden: true, run: sortPicked },
      { key: 'j', label: 'Down', hidden: true, run: move(1) },
      { key: 'down', label: 'Down', hidden: true, run: move(1) },
      { key: 'k', label: 'Up', hidden: true, run: move(-1) },
      { key: 'up', label: 'Up', hidden: true, run: move(-1) },
      { key: 'g', label: 'Top', hidden: true, run: top },
      { key: 'home', label: 'Top', hidden: true, run: top },
      { key: 'shift-g', label: 'Bottom', hidden: true, run: bottom },
      { key: 'end', label: 'Bottom', hidden: true, run: bottom },
      { key: 'ctrl-f', label: 'Page Down', hidden: true, run: () => move(this.pageSize)() },
      { key: 'pgdn', label: 'Page Down', hidden: true, run: () => move(this.pageSize)() },
      { key: 'ctrl-b', label: 'Page Up', hidden: true, run: () => move(-this.pageSize)() },
      { key: 'pgup', label: 'Page Up', hidden: true, run: () => move(-this.pageSize)() },
    ];
  }

  /** ` traffic(all)[3] </web> ` with the faults marker, as the kind tables title themselves. */
  private title(shown: number, total: number): Line {
    const { resource, scope } = this.titleText();
    const narrowed = this.faultsOnly || !!this.filter;
    const out: Line = [seg(` ${resource}`, theme.title, { bold: true })];
    if (scope) out.push(seg(`(${scope})`, theme.titleCount, { bold: true }));
    out.push(seg(`[${narrowed ? `${shown}/${total}` : shown}]`, theme.info, { bold: true }));
    if (this.faultsOnly) out.push(seg(' <faults>', theme.flashError, { bold: true }));
    if (this.filter) out.push(seg(` </${this.filter}>`, theme.titleFilter, { bold: true }));
    out.push(seg(' '));
    return out;
  }

  /** What shows when there are no rows at all. */
  protected emptyText(): string {
    return ' no rows';
  }

  tick(): boolean {
    return this.version() !== this.cachedAt;
  }

  /** Draw the table in a box of `width` × `height`. */
  renderTable(width: number, height: number): Line[] {
    const bodyH = Math.max(1, height - 3);
    this.pageSize = bodyH;
    const rows = this.rows();
    const total = this.all.length;
    if (this.cursor < this.offset) this.offset = this.cursor;
    if (this.cursor >= this.offset + bodyH) this.offset = this.cursor - bodyH + 1;
    this.offset = Math.max(0, Math.min(this.offset, rows.length - bodyH));
    const visible = rows.slice(this.offset, this.offset + bodyH);
    const hidden = this.hiddenColumns();
    const cols = this.columns.map((c, i) => ({ c, i })).filter(({ c }) => (this.wide || !c.priority) && !hidden.includes(c.name));
    const grid = drawGrid({
      names: cols.map(({ c }) => c.name), priorities: cols.map(({ c }) => c.priority ?? 0),
      width: Math.max(1, width - 2), dropFirst: this.dropFirst(), sort: this.sort, picked: this.picked,
      rows: visible.map((r, k) => ({ cells: cols.map(({ i }) => r.cells[i] ?? ''), color: r.color, selected: this.offset + k === this.cursor })),
    });
    this.shownColumns = grid.shown;
    const content = grid.lines;
    if (!rows.length) content.push([seg(this.filter ? ' no rows match the filter' : this.faultsOnly ? ' no faults: every row is healthy' : this.emptyText(), theme.hint)]);
    return boxLines(this.title(rows.length, total), content, width, height, true);
  }

  render(width: number, height: number): Line[] {
    return this.renderTable(width, height);
  }

  dispose(): void {}
}
