/**
 * A table of one kind: the model (rows, cursor, marks), its title, how it draws a window of rows through kubectl's
 * printers (only the visible slice is printed), and the table keys. Used full-screen and in the overview's panes.
 */
import type { KindInfo } from '../../api/kinds.js';
import type { KubeObject } from '../../api/meta.js';
import { lookupKind, tableFor } from '../../api/print/index.js';
import { rowHealth } from '../model/health.js';
import { defaultSort, sortChoices } from '../model/kind-sorts.js';
import { columnSortSpec } from '../model/column-sorts.js';
import type { KindCache } from '../model/object-cache.js';
import { objectKey } from '../model/order.js';
import type { SortSpec } from '../model/sort.js';
import { type Scope, TableModel } from '../model/table-model.js';
import { healthColor, theme } from '../theme.js';
import type { AppContext, Binding } from './context.js';
import { extraColumns } from './extra-columns.js';
import { drawGrid, stepColumn } from './grid.js';
import { type Line, boxLines, seg } from './lines.js';

export interface TableViewOptions {
  scope: Scope;
  sort?: SortSpec;
  /** Narrow pane: fewer hints, drop columns sooner. */
  pane?: boolean;
  /** Title override (panes: "pods — most troubled first"). */
  title?: string;
  /** Columns this view gives up first when narrow (a pane's preference), e.g. the events pane's TYPE. */
  dropFirst?: string[];
}

/** Columns a kind's view gives up first when narrow (an HPA's REPLICAS and TARGETS matter more than its AGE and REFERENCE). */
const KIND_DROP_FIRST: Record<string, string[]> = { HorizontalPodAutoscaler: ['AGE', 'REFERENCE'], Service: ['EXTERNAL-IP', 'AVAIL-5M'] };

/** How long a changed cell stays marked (wall time). */
export const CHANGED_MS = 5_000;
/** Columns whose text changes with the clock alone. */
const TIME_COLUMNS = new Set(['AGE', 'LAST SEEN', 'DURATION', 'LAST SCHEDULE']);
/** A cell as compared for change marks: RESTARTS without its "(3m ago)", which moves with the clock. */
const comparable = (column: string, text: string | undefined) => (column === 'RESTARTS' ? text?.replace(/ \(.*\)$/, '') : text);

export class TableView {
  readonly info: KindInfo | undefined;
  readonly model: TableModel;
  wide = false;
  /** What the last draw showed per visible row, for changed-cell marks. */
  private drawn = new Map<string, { cells: string[]; at: number[] }>();
  private drawnColumns = '';
  private highlightUntil = Infinity;
  /** Rows the last render showed (page keys move by this much). */
  pageSize = 10;
  /** The column picked with shift-/ctrl-←/→ for sorting (shift-o / ctrl-o), if any. */
  picked: string | undefined;
  /** The columns the last draw showed, in order (what the picker steps through). */
  private shownColumns: string[] = [];
  private readonly cache: KindCache;

  constructor(private readonly ctx: AppContext, readonly kind: string, private readonly opts: TableViewOptions) {
    this.info = lookupKind(kind);
    this.cache = ctx.cache.acquire(kind);
    this.model = new TableModel(kind, this.cache, opts.scope, opts.sort ?? defaultSort(kind));
  }

  get namespaced(): boolean {
    return this.info?.namespaced ?? true;
  }

  /** The resource name the title and crumbs use: `pods`, `deployments`. */
  get resource(): string {
    return this.info?.plural ?? this.kind.toLowerCase();
  }

  /** ` pods(default)[42] </web> ` as segments. */
  title(): Line {
    const m = this.model;
    const scope = this.namespaced || m.scope.matches ? m.scope.label : '';
    const out: Line = [seg(` ${this.opts.title ?? this.resource}`, theme.title, { bold: true })];
    if (scope) out.push(seg(`(${scope})`, theme.titleCount, { bold: true }));
    out.push(seg(`[${m.filter || m.faultsOnly ? `${m.rows.length}/${m.total}` : m.rows.length}]`, theme.info, { bold: true }));
    if (m.faultsOnly) out.push(seg(' <faults>', theme.flashError, { bold: true }));
    if (m.filter) out.push(seg(` </${m.filter.text}>`, theme.titleFilter, { bold: true }));
    if (m.marks.size) out.push(seg(` ✓${m.marks.size}`, theme.marked, { bold: true }));
    out.push(seg(' '));
    return out;
  }

  /** The current version of an object by key (marks hold keys). */
  lookup = (key: string): KubeObject | undefined => {
    const slash = key.indexOf('/');
    return this.namespaced && slash >= 0
      ? this.ctx.client.get(this.kind, key.slice(0, slash), key.slice(slash + 1))
      : this.ctx.client.get(this.kind, undefined, key);
  };

  /** Draw the table in a box of `width` × `height`. */
  render(width: number, height: number, focused = false): Line[] {
    const innerW = Math.max(1, width - 2);
    const bodyH = Math.max(1, height - 3);
    this.pageSize = bodyH;
    const m = this.model;
    const { start, rows } = m.window(bodyH);
    const nowMs = this.ctx.client.now();
    const allNamespaces = this.namespaced && m.scope.namespace === undefined;
    const table = tableFor(this.kind, rows, { nowMs, wide: this.wide, allNamespaces });
    const extras = extraColumns(this.ctx, this.kind, this.wide);
    const names = [...table.columns.map((c) => c.name), ...extras.map((e) => e.name)];
    const priorities = [...table.columns.map((c) => c.priority), ...extras.map((e) => e.priority)];
    const cells = table.rows.map((r) => [...r.cells, ...extras.map((e) => e.cell(r.object))]);
    const changes = this.trackChanges(names, rows, cells);
    const grid = drawGrid({
      names, priorities, width: innerW, dropFirst: this.opts.dropFirst ?? (this.opts.pane ? ['NAMESPACE'] : KIND_DROP_FIRST[this.kind] ?? []),
      sort: m.sort, picked: this.picked,
      rows: cells.map((texts, r) => {
        const obj = rows[r]!;
        const marked = m.marks.has(objectKey(obj));
        return {
          cells: texts, marked, changed: changes[r], selected: start + r === m.cursor && (focused || !this.opts.pane),
          color: marked ? theme.marked : healthColor(rowHealth(this.kind, obj)),
        };
      }),
    });
    this.shownColumns = grid.shown;
    const content = grid.lines;
    if (!rows.length) content.push([seg(m.filter ? ' no rows match the filter' : m.faultsOnly ? ' no faults: every row is healthy' : ' no resources', theme.hint)]);
    return boxLines(this.title(), content, width, height, focused);
  }

  /**
   * Which cells of the visible rows changed within the last CHANGED_MS of wall time, compared with what this view
   * last drew for the same object (time columns such as AGE are left out: they change every second).
   */
  private trackChanges(names: string[], rows: KubeObject[], cells: string[][]): boolean[][] {
    const now = this.ctx.wallNow();
    const next = new Map<string, { cells: string[]; at: number[] }>();
    let expires = Infinity;
    const out = rows.map((o, r) => {
      const key = objectKey(o);
      const texts = cells[r]!;
      const prev = this.drawn.get(key);
      const sameShape = prev && prev.cells.length === texts.length && this.drawnColumns === names.join('|');
      const at = sameShape ? prev.at.slice() : new Array<number>(texts.length).fill(-Infinity);
      if (sameShape) {
        for (let i = 0; i < texts.length; i++) if (!TIME_COLUMNS.has(names[i]!) && comparable(names[i]!, texts[i]) !== comparable(names[i]!, prev.cells[i])) at[i] = now;
      }
      next.set(key, { cells: texts, at });
      return at.map((t) => {
        const live = now - t < CHANGED_MS;
        if (live) expires = Math.min(expires, t + CHANGED_MS);
        return live;
      });
    });
    this.drawn = next;
    this.drawnColumns = names.join('|');
    this.highlightUntil = expires;
    return out;
  }

  /** Whether a changed-cell highlight has expired since the last draw (the screen must redraw to clear it). */
  highlightExpired(): boolean {
    return this.ctx.wallNow() >= this.highlightUntil;
  }

  /** The table keys: navigation, marks, sorts, wide; actions come from the kind's bindings. */
  navigationBindings(): Binding[] {
    const m = this.model;
    const dirty = () => this.ctx.markDirty();
    const out: Binding[] = [
      { key: 'j', label: 'Down', hidden: true, run: () => { m.move(1); dirty(); } },
      { key: 'down', label: 'Down', hidden: true, run: () => { m.move(1); dirty(); } },
      { key: 'k', label: 'Up', hidden: true, run: () => { m.move(-1); dirty(); } },
      { key: 'up', label: 'Up', hidden: true, run: () => { m.move(-1); dirty(); } },
      { key: 'g', label: 'Top', hidden: true, run: () => { m.top(); dirty(); } },
      { key: 'home', label: 'Top', hidden: true, run: () => { m.top(); dirty(); } },
      { key: 'shift-g', label: 'Bottom', hidden: true, run: () => { m.bottom(); dirty(); } },
      { key: 'end', label: 'Bottom', hidden: true, run: () => { m.bottom(); dirty(); } },
      { key: 'ctrl-f', label: 'Page Down', hidden: true, run: () => { m.move(this.pageSize); dirty(); } },
      { key: 'pgdn', label: 'Page Down', hidden: true, run: () => { m.move(this.pageSize); dirty(); } },
      { key: 'ctrl-b', label: 'Page Up', hidden: true, run: () => { m.move(-this.pageSize); dirty(); } },
      { key: 'pgup', label: 'Page Up', hidden: true, run: () => { m.move(-this.pageSize); dirty(); } },
      { key: 'space', label: 'Mark', hidden: true, run: () => { m.toggleMark(); m.move(1); dirty(); } },
      { key: 'ctrl-\\', label: 'Clear Marks', hidden: true, run: () => { m.marks.clear(); dirty(); } },
      { key: 'ctrl-w', label: 'Toggle Wide', hidden: true, run: () => { this.wide = !this.wide; dirty(); } },
      { key: 'ctrl-z', label: 'Toggle Faults', hidden: true, run: () => { m.setFaultsOnly(!m.faultsOnly); dirty(); } },
    ];
    const choices = sortChoices(this.kind, this.ctx.usage);
    for (const choice of choices) {
      out.push({
        key: choice.key, label: choice.label, hidden: true,
        run: () => {
          const same = m.sort.id === choice.spec(false).id;
          m.setSort(choice.spec(same ? !m.sort.desc : (choice.defaultDesc ?? false)));
          dirty();
        },
      });
    }
    out.push(...this.columnBindings(choices.some((c) => c.key === 'shift-o')));
    return out;
  }

  /**
   * k9s's column picking: shift-←/→ (k9s-ux) or ctrl-←/→ (current k9s) step through the columns shown, and ctrl-o
   * (shift-o too where the view has no shift-o sort of its own, e.g. not pods: there it sorts by NODE) sorts by
   * the picked column, again to reverse.
   */
  private columnBindings(shiftOTaken: boolean): Binding[] {
    const step = (delta: number) => () => {
      this.picked = stepColumn(this.shownColumns, this.picked, delta, this.model.sort.column);
      if (this.picked) this.ctx.flash(`column ${this.picked} picked: ${shiftOTaken ? '<ctrl-o>' : '<shift-o>'} sorts by it`);
      this.ctx.markDirty();
    };
    const out: Binding[] = [
      { key: 'shift-left', label: 'Sort Column Left', hidden: true, run: step(-1) },
      { key: 'ctrl-left', label: 'Sort Column Left', hidden: true, run: step(-1) },
      { key: 'shift-right', label: 'Sort Column Right', hidden: true, run: step(1) },
      { key: 'ctrl-right', label: 'Sort Column Right', hidden: true, run: step(1) },
    ];
    const sortPicked = () => this.sortByColumn(this.picked ?? this.model.sort.column);
    if (!shiftOTaken) out.push({ key: 'shift-o', label: 'Sort Selected Column', hidden: true, run: sortPicked });
    out.push({ key: 'ctrl-o', label: 'Sort Selected Column', hidden: true, run: sortPicked });
    return out;
  }

  /** Sort by a column as shown in the header: ascending, or reversed when it is already the sort (k9s). */
  sortByColumn(column: string): void {
    const usage = this.ctx.usage;
    const traffic = this.ctx.controls?.traffic;
    const spec = columnSortSpec(this.kind, column, {
      podUsage: (ns, name) => usage.podUsage(ns, name),
      nodeUsage: (name) => usage.nodeUsage(name),
      nodeStat: (name) => this.ctx.summary.nodes.get(name),
      now: () => this.ctx.client.now(),
      serviceTraffic: traffic ? (ns, name) => traffic.sli(ns, name) : undefined,
    });
    if (!spec) {
      this.ctx.flash(`${column} cannot be sorted`, 'warn');
      return;
    }
    const m = this.model;
    m.setSort(spec.id === m.sort.id ? { ...spec, desc: !m.sort.desc } : spec);
    this.ctx.markDirty();
  }

  /** `0`–`9`: switch the view to a favourite namespace (namespaced kinds, unscoped views). */
  namespaceBindings(): Binding[] {
    if (!this.namespaced || this.model.scope.matches) return [];
    return this.ctx.favourites().map((ns, i) => ({
      key: String(i), label: ns ?? 'all',
      run: () => {
        this.ctx.setNamespace(ns);
        this.model.setScope({ label: ns ?? 'all', namespace: ns });
        this.ctx.markDirty();
      },
    }));
  }

  dispose(): void {
    this.model.dispose();
    this.ctx.cache.release(this.kind);
  }
}
