/**
 * A table of one kind: the model (rows, cursor, marks), its title, how it draws a window of rows through kubectl's
 * printers (only the visible slice is printed), and the table keys. Used full-screen and in the overview's panes.
 */
import type { KindInfo } from '../../api/kinds.js';
import type { KubeObject } from '../../api/meta.js';
import { lookupKind, tableFor } from '../../api/print/index.js';
import { rowHealth } from '../model/health.js';
import { sortChoices } from '../model/kind-sorts.js';
import { GAP, layoutColumns } from '../model/layout.js';
import type { KindCache } from '../model/object-cache.js';
import { objectKey } from '../model/order.js';
import type { SortSpec } from '../model/sort.js';
import { type Scope, TableModel } from '../model/table-model.js';
import { fit, fitRight } from '../text.js';
import { healthColor, theme } from '../theme.js';
import type { AppContext, Binding } from './context.js';
import { extraColumns } from './extra-columns.js';
import { type Line, boxLines, seg } from './lines.js';

export interface TableViewOptions {
  scope: Scope;
  sort?: SortSpec;
  /** Narrow pane: fewer hints, drop columns sooner. */
  pane?: boolean;
  /** Title override (panes: "pods — most troubled first"). */
  title?: string;
}

const RIGHT_ALIGNED = new Set(['RESTARTS', 'CPU', 'MEM', 'PODS', '%CPU-R', '%MEM-R', 'COUNT', 'DESIRED', 'CURRENT', 'AVAILABLE', 'UP-TO-DATE', 'REPLICAS', 'MINPODS', 'MAXPODS', 'ACTIVE', 'DATA', 'SECRETS']);

export class TableView {
  readonly info: KindInfo | undefined;
  readonly model: TableModel;
  wide = false;
  /** Rows the last render showed (page keys move by this much). */
  pageSize = 10;
  private readonly cache: KindCache;

  constructor(private readonly ctx: AppContext, readonly kind: string, private readonly opts: TableViewOptions) {
    this.info = lookupKind(kind);
    this.cache = ctx.cache.acquire(kind);
    this.model = new TableModel(kind, this.cache, opts.scope, opts.sort);
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
    out.push(seg(`[${m.filter ? `${m.rows.length}/${m.total}` : m.rows.length}]`, theme.info, { bold: true }));
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
    const layout = layoutColumns(names, this.opts.pane ? priorities.map((p, i) => (names[i] === 'NAMESPACE' ? 1 : p)) : priorities, cells, innerW - 1);
    const sortCol = m.sort.column;
    const arrow = m.sort.desc ? '↓' : '↑';
    const cellText = (texts: readonly string[]) => layout.keep.map((ci, k) => {
      const w = layout.widths[k]!;
      const t = texts[ci] ?? '';
      return RIGHT_ALIGNED.has(names[ci]!) ? fitRight(t, w) : fit(t, w);
    }).join(' '.repeat(GAP));
    const header = ' ' + cellText(names.map((n) => (n === sortCol ? n + arrow : n)));
    const content: Line[] = [[seg(header, theme.header, { bold: true })]];
    cells.forEach((texts, r) => {
      const obj = rows[r]!;
      const marked = m.marks.has(objectKey(obj));
      const color = marked ? theme.marked : healthColor(rowHealth(this.kind, obj));
      const text = (marked ? '▸' : ' ') + cellText(texts);
      const selected = start + r === m.cursor && (focused || !this.opts.pane);
      content.push([seg(text, color, selected ? { inverse: true, bold: true } : { bold: marked })]);
    });
    if (!rows.length) content.push([seg(m.filter ? ' no rows match the filter' : ' no resources', theme.hint)]);
    return boxLines(this.title(), content, width, height, focused);
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
    ];
    for (const choice of sortChoices(this.kind, this.ctx.controls ?? {})) {
      out.push({
        key: choice.key, label: choice.label, hidden: true,
        run: () => {
          const same = m.sort.id === choice.spec(false).id;
          m.setSort(choice.spec(same ? !m.sort.desc : (choice.defaultDesc ?? false)));
          dirty();
        },
      });
    }
    return out;
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
