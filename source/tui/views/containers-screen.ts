/**
 * The containers view (k9s: `enter` on a pod): one row per init container and container with k9s's columns, live
 * as the pod and its usage change. `enter` / `l` logs of the selected container, `p` its previous logs, `d`
 * describe (the pod), `y` the container's YAML, `ctrl-z` faults only, `/` filter, sorts and column picking as in
 * every table; `esc` back. Shell, attach and port-forward have no meaning in a simulation and are not offered.
 */
import { stringify } from 'yaml';
import type { Pod } from '../../api/core.js';
import { naturalKey } from '../model/column-sorts.js';
import { CONTAINER_COLUMNS, type ContainerRow, containerRows } from '../model/container-rows.js';
import { textMatcher } from '../model/filter.js';
import { isFault } from '../model/health.js';
import { healthColor, theme } from '../theme.js';
import type { AppContext, Binding, Screen } from './context.js';
import { DescribeScreen, PlainScreen } from './detail-screens.js';
import { drawGrid, stepColumn } from './grid.js';
import { type Line, boxLines, seg } from './lines.js';
import { LogsScreen } from './logs-screen.js';

const NAMES = CONTAINER_COLUMNS.map((c) => c.name);
/** Columns given up first when narrow: the port-forward marker (always `●` here), then limits and shares. */
const DROP_FIRST = ['PF', 'PORTS', 'CPU/R:L', 'MEM/R:L', '%CPU/L', '%MEM/L', '%CPU/R', '%MEM/R', 'PROBES(L:R)', 'INIT'];
/** Indexes of the columns shown when not wide (VALID is wide only, as in k9s). */
const NARROW = CONTAINER_COLUMNS.map((_, i) => i).filter((i) => CONTAINER_COLUMNS[i]!.priority === 0);
const ALL = CONTAINER_COLUMNS.map((_, i) => i);

export class ContainersScreen implements Screen {
  // A table like the kind views: `/` filters it and `esc` clears the filter before going back.
  readonly type = 'table';
  readonly crumb = 'containers';
  cursor = 0;
  private offset = 0;
  wide = false;
  faultsOnly = false;
  /** Sort column and direction; undefined = the pod's own order (init containers first). */
  sort: { column: string; desc: boolean } | undefined;
  picked: string | undefined;
  private filter = '';
  private matches: ((text: string) => boolean) | undefined;
  private shownColumns: string[] = [];
  private pageSize = 10;
  private lastPod: Pod | undefined;

  constructor(private readonly ctx: AppContext, readonly namespace: string, readonly pod: string) {
    this.lastPod = this.current();
  }

  private current(): Pod | undefined {
    return this.ctx.client.get<Pod>('Pod', this.namespace, this.pod);
  }

  /** Every container row of the pod as it is now (a handful: computed per draw). */
  private allRows(): ContainerRow[] {
    const p = this.current();
    if (!p) return [];
    return containerRows(p, this.ctx.usage.podUsage(this.namespace, this.pod), this.ctx.client.now());
  }

  /** The rows shown: faults only and the filter applied, in sort order. */
  rows(): ContainerRow[] {
    let rows = this.allRows();
    if (this.faultsOnly) rows = rows.filter((r) => isFault(r.health));
    const test = this.matches;
    if (test) rows = rows.filter((r) => test(r.text));
    const sort = this.sort;
    const i = sort ? NAMES.indexOf(sort.column) : -1;
    if (sort && i >= 0) {
      const dir = sort.desc ? -1 : 1;
      const key = (r: ContainerRow) => naturalKey(r.cells[i] ?? '');
      rows = rows.map((r) => ({ r, k: key(r) })).sort((a, b) => (a.k === b.k ? 0 : a.k < b.k ? -dir : dir) || (a.r.name < b.r.name ? -1 : 1)).map((x) => x.r);
    }
    if (this.cursor >= rows.length) this.cursor = Math.max(0, rows.length - 1);
    return rows;
  }

  selected(): ContainerRow | undefined {
    return this.rows()[this.cursor];
  }

  /** Keep the cursor on the same container after the rows change order or membership. */
  private keepSelection(fn: () => void): void {
    const name = this.selected()?.name;
    fn();
    const i = name === undefined ? -1 : this.rows().findIndex((r) => r.name === name);
    this.cursor = Math.max(0, i);
  }

  private setSort(column: string, firstDesc: boolean): void {
    this.keepSelection(() => {
      this.sort = this.sort?.column === column ? { column, desc: !this.sort.desc } : { column, desc: firstDesc };
    });
    this.ctx.markDirty();
  }

  setFilter(text: string): void {
    this.keepSelection(() => {
      this.filter = text.trim();
      this.matches = this.filter ? textMatcher(this.filter) : undefined;
    });
  }

  filterText(): string {
    return this.filter;
  }

  private logs(previous: boolean): void {
    const c = this.selected();
    if (c) this.ctx.push(new LogsScreen(this.ctx, this.namespace, this.pod, previous, c.name));
  }

  private yaml(): void {
    const c = this.selected();
    const p = this.current();
    const spec = c && [...(p?.spec?.initContainers ?? []), ...(p?.spec?.containers ?? [])].find((x) => x.name === c.name);
    if (!c || !spec) return;
    const lines = stringify(spec, { lineWidth: 0 }).replace(/\n$/, '').split('\n');
    this.ctx.push(new PlainScreen(this.ctx, 'yaml', `yaml(${this.namespace}/${this.pod}:${c.name})`, lines));
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
      this.picked = stepColumn(this.shownColumns, this.picked, delta, this.sort?.column ?? 'NAME');
      if (this.picked) this.ctx.flash(`column ${this.picked} picked: <shift-o> sorts by it`);
      dirty();
    };
    const sortPicked = () => this.setSort(this.picked ?? this.sort?.column ?? 'NAME', false);
    return [
      { key: 'enter', label: 'View Logs', hidden: true, run: () => this.logs(false) },
      { key: 'l', label: 'Logs', run: () => this.logs(false) },
      { key: 'p', label: 'Logs Previous', run: () => this.logs(true) },
      { key: 'd', label: 'Describe', run: () => this.ctx.push(new DescribeScreen(this.ctx, { kind: 'Pod', namespace: this.namespace, name: this.pod })) },
      { key: 'y', label: 'YAML', run: () => this.yaml() },
      { key: 'q', label: 'Back', hidden: true, run: () => this.ctx.pop() },
      { key: 'ctrl-z', label: 'Toggle Faults', hidden: true, run: () => { this.keepSelection(() => { this.faultsOnly = !this.faultsOnly; }); dirty(); } },
      { key: 'ctrl-w', label: 'Toggle Wide', hidden: true, run: () => { this.wide = !this.wide; dirty(); } },
      { key: 'shift-n', label: 'Sort Name', hidden: true, run: () => this.setSort('NAME', false) },
      { key: 'shift-t', label: 'Sort Restarts', hidden: true, run: () => this.setSort('RESTARTS', true) },
      { key: 'shift-c', label: 'Sort CPU', hidden: true, run: () => this.setSort('CPU', true) },
      { key: 'shift-m', label: 'Sort MEM', hidden: true, run: () => this.setSort('MEM', true) },
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

  /** ` containers(default/web-1)[2] ` with the faults and filter markers of the kind tables. */
  private title(shown: number, total: number): Line {
    const narrowed = this.faultsOnly || !!this.filter;
    const out: Line = [
      seg(' containers', theme.title, { bold: true }), seg(`(${this.namespace}/${this.pod})`, theme.titleCount, { bold: true }),
      seg(`[${narrowed ? `${shown}/${total}` : shown}]`, theme.info, { bold: true }),
    ];
    if (this.faultsOnly) out.push(seg(' <faults>', theme.flashError, { bold: true }));
    if (this.filter) out.push(seg(` </${this.filter}>`, theme.titleFilter, { bold: true }));
    out.push(seg(' '));
    return out;
  }

  tick(): boolean {
    // The pod changed (container states, restarts): redraw. Usage moves with the clock, which redraws anyway.
    const p = this.current();
    if (p === this.lastPod) return false;
    this.lastPod = p;
    return true;
  }

  render(width: number, height: number): Line[] {
    const bodyH = Math.max(1, height - 3);
    this.pageSize = bodyH;
    const total = this.allRows().length;
    const rows = this.rows();
    if (this.cursor < this.offset) this.offset = this.cursor;
    if (this.cursor >= this.offset + bodyH) this.offset = this.cursor - bodyH + 1;
    this.offset = Math.max(0, Math.min(this.offset, rows.length - bodyH));
    const visible = rows.slice(this.offset, this.offset + bodyH);
    const cols = this.wide ? ALL : NARROW;
    const grid = drawGrid({
      names: cols.map((i) => NAMES[i]!), priorities: cols.map((i) => CONTAINER_COLUMNS[i]!.priority),
      width: Math.max(1, width - 2), dropFirst: DROP_FIRST, sort: this.sort, picked: this.picked,
      rows: visible.map((r, k) => ({ cells: cols.map((i) => r.cells[i]!), color: healthColor(r.health), selected: this.offset + k === this.cursor })),
    });
    this.shownColumns = grid.shown;
    const content = grid.lines;
    if (!this.current()) content.push([seg(` pod ${this.namespace}/${this.pod} no longer exists`, theme.hint)]);
    else if (!rows.length) content.push([seg(this.filter ? ' no rows match the filter' : ' no faults: every container is healthy', theme.hint)]);
    return boxLines(this.title(rows.length, total), content, width, height, true);
  }

  dispose(): void {}
}
