/**
 * The operations overview, the default screen: nodes (with CPU / MEM requested vs allocatable bars), pods (most
 * troubled first), events (newest first, warnings highlighted) and metrics sparklines. `tab` / `shift-tab` move the
 * focus; the focused pane takes the table keys; `enter` opens that kind's full-screen view on the selected row.
 */
import { bar } from '../model/metrics.js';
import { lastSeenSort, troubleSort } from '../model/kind-sorts.js';
import { fit, fitRight } from '../text.js';
import { healthColor, theme } from '../theme.js';
import { kindBindings } from './actions.js';
import type { AppContext, Binding, Screen } from './context.js';
import { type Line, boxLines, fillLines, seg } from './lines.js';
import { paneSources, renderMetrics } from './metrics-pane.js';
import { focusFor } from './metrics-follow.js';
import { TableView } from './table-view.js';
import { rowHealth } from '../model/health.js';
import { objName } from '../model/order.js';

export const PANES = ['nodes', 'pods', 'events', 'metrics'] as const;
export type PaneName = (typeof PANES)[number];

/** Below this size the panes take turns (one at a time, `tab` switches) instead of a 2×2 grid. */
const GRID_MIN_WIDTH = 80;
const GRID_MIN_HEIGHT = 14;

export class OverviewScreen implements Screen {
  readonly type = 'overview';
  readonly crumb = 'overview';
  focus = 1;
  readonly nodes: TableView;
  readonly pods: TableView;
  readonly events: TableView;

  constructor(private readonly ctx: AppContext) {
    this.nodes = new TableView(ctx, 'Node', { scope: { label: '' }, pane: true });
    this.pods = new TableView(ctx, 'Pod', { scope: { label: 'all' }, sort: troubleSort('Pod'), pane: true, dropFirst: ['NAMESPACE', '%CPU/R', '%MEM/R', 'CPU', 'MEM'] });
    // Warnings are coloured, so TYPE goes first; the message is what matters.
    this.events = new TableView(ctx, 'Event', { scope: { label: 'all' }, sort: lastSeenSort(false), pane: true, dropFirst: ['NAMESPACE', 'TYPE', 'LAST SEEN', 'REASON'] });
  }

  get focused(): PaneName {
    return PANES[this.focus]!;
  }

  private focusedView(): TableView | undefined {
    return this.focus === 0 ? this.nodes : this.focus === 1 ? this.pods : this.focus === 2 ? this.events : undefined;
  }

  bindings(): Binding[] {
    const move = (d: number) => () => {
      this.focus = (this.focus + d + PANES.length) % PANES.length;
      this.ctx.markDirty();
    };
    const out: Binding[] = [
      { key: 'tab', label: 'Next Pane', run: move(1) },
      { key: 'shift-tab', label: 'Previous Pane', hidden: true, run: move(-1) },
    ];
    const view = this.focusedView();
    if (!view) {
      out.push({ key: 'enter', label: 'Full Screen', run: () => this.ctx.command('metrics') });
      return out;
    }
    out.push({
      key: 'enter', label: 'Full Screen',
      run: () => this.ctx.openTable(view.kind, { select: view.model.selected(), scope: { label: 'all' } }),
    });
    // The pane's own keys, minus drill-down (enter opens the full view here).
    out.push(...kindBindings(this.ctx, view).filter((b) => b.key !== 'enter'), ...view.navigationBindings());
    return out;
  }

  tick(): boolean {
    return this.pods.highlightExpired() || this.events.highlightExpired();
  }

  /** `/` filters the focused pane's table. */
  setFilter(text: string): void {
    const view = this.focusedView();
    if (!view) return;
    try {
      view.model.setFilter(text);
    } catch (err) {
      this.ctx.flash(`filter: ${err instanceof Error ? err.message : String(err)}`, 'error');
    }
  }

  filterText(): string {
    return this.focusedView()?.model.filter?.text ?? '';
  }

  /** The nodes pane: STATUS, PODS and requested-vs-allocatable bars per node. */
  private renderNodes(width: number, height: number, focused: boolean): Line[] {
    const inner = Math.max(1, width - 2);
    const bodyH = Math.max(1, height - 3);
    const m = this.nodes.model;
    this.nodes.pageSize = bodyH;
    const { start, rows } = m.window(bodyH);
    const nameW = Math.min(24, Math.max(8, ...rows.map((r) => objName(r).length)));
    // kubectl's STATUS text (Ready,SchedulingDisabled), as wide as the rows need and the pane allows.
    const statusOf = (name: string) => {
      const s = this.ctx.summary.nodes.get(name);
      return !s ? 'Unknown' : `${s.ready ? 'Ready' : 'NotReady'}${s.unschedulable ? ',SchedulingDisabled' : ''}`;
    };
    const statusW = Math.max(8, Math.min(Math.max(0, ...rows.map((r) => statusOf(objName(r)).length)), inner - nameW - 10));
    const podsW = 4;
    const fixed = nameW + statusW + podsW + 3;
    // Two bars share what is left, each "▕████░░ 45%" (bar + 5).
    const barW = Math.min(20, Math.floor((inner - fixed - 2 * 7) / 2));
    const showBars = barW >= 3;
    const head = ` ${fit('NAME', nameW)} ${fit('STATUS', statusW)} ${fitRight('PODS', podsW)}` + (showBars ? `  ${fit('CPU req', barW + 5)}  ${fit('MEM req', barW + 5)}` : '');
    const content: Line[] = [[seg(head, theme.header, { bold: true })]];
    rows.forEach((n, i) => {
      const s = this.ctx.summary.nodes.get(objName(n));
      const status = statusOf(objName(n));
      const color = healthColor(rowHealth('Node', n));
      const selected = start + i === m.cursor && focused;
      const style = selected ? { inverse: true, bold: true } : {};
      const line: Line = [seg(` ${fit(objName(n), nameW)} ${fit(status, statusW)} ${fitRight(String(s?.pods ?? 0), podsW)}`, color, style)];
      if (showBars && s) {
        const cpu = s.allocCpuMilli ? s.reqCpuMilli / s.allocCpuMilli : 0;
        const mem = s.allocMemBytes ? s.reqMemBytes / s.allocMemBytes : 0;
        const barColor = (f: number) => (f >= 0.9 ? 'redBright' : f >= 0.7 ? 'yellow' : 'green');
        line.push(
          seg('  '), seg(bar(cpu, barW), barColor(cpu)), seg(fitRight(`${Math.round(cpu * 100)}%`, 5), theme.info),
          seg('  '), seg(bar(mem, barW), barColor(mem)), seg(fitRight(`${Math.round(mem * 100)}%`, 5), theme.info),
        );
      }
      content.push(line);
    });
    const t = this.ctx.summary.totals();
    const title: Line = [seg(' nodes', theme.title, { bold: true }), seg(`[${t.ready}/${t.nodes} Ready] `, theme.info, { bold: true })];
    return boxLines(title, content, width, height, focused);
  }

  private renderPane(i: number, width: number, height: number): Line[] {
    const focused = i === this.focus;
    switch (PANES[i]) {
      case 'nodes': return this.renderNodes(width, height, focused);
      case 'pods': return this.pods.render(width, height, focused);
      case 'events': return this.events.render(width, height, focused);
      default: return renderMetrics(paneSources(this.ctx), width, height, focused);
    }
  }

  /** The metrics pane follows the node or pod selected in the nodes / pods pane. */
  private followSelection(): void {
    if (!this.ctx.controls) return;
    const view = this.focus === 0 ? this.nodes : this.focus === 1 ? this.pods : undefined;
    const o = view?.model.selected();
    if (!view || !o) return;
    const focus = focusFor(this.ctx, view.kind, o);
    if (focus) this.ctx.metrics.setFocus(focus, this.ctx.client.now());
  }

  render(width: number, height: number): Line[] {
    this.followSelection();
    if (width < GRID_MIN_WIDTH || height < GRID_MIN_HEIGHT) {
      // One pane at a time, with a strip naming them all.
      const strip: Line = [seg(' ')];
      PANES.forEach((p, i) => strip.push(seg(` ${p} `, i === this.focus ? 'black' : theme.hint, i === this.focus ? { bg: 'cyan', bold: true } : {}), seg(' ')));
      strip.push(seg('tab: next pane', theme.hint));
      return fillLines([strip, ...this.renderPane(this.focus, width, height - 1)], width, height);
    }
    const topH = Math.max(6, Math.floor(height * 0.55));
    const bottomH = height - topH;
    const leftW = Math.floor(width * 0.45);
    const rightW = width - leftW;
    const eventsW = Math.floor(width * 0.6);
    const metricsW = width - eventsW;
    const nodes = this.renderPane(0, leftW, topH);
    const pods = this.renderPane(1, rightW, topH);
    const events = this.renderPane(2, eventsW, bottomH);
    const metrics = this.renderPane(3, metricsW, bottomH);
    const out: Line[] = [];
    for (let r = 0; r < topH; r++) out.push([...nodes[r]!, ...pods[r]!]);
    for (let r = 0; r < bottomH; r++) out.push([...events[r]!, ...metrics[r]!]);
    return out;
  }

  dispose(): void {
    this.nodes.dispose();
    this.pods.dispose();
    this.events.dispose();
  }
}
