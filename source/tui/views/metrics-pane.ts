/**
 * The metrics pane: sparklines on one time axis (one column per metrics-server scrape, newest on the right) of the
 * cluster's series and of the object it follows (a node, pod, workload or Service). Series come from the metrics
 * server where it records them (see model/metrics.ts for what the UI samples itself).
 */
import type { MetricsReader } from '../../client/cluster-client.js';
import { fmt } from '../model/metrics-focus.js';
import { type MetricsRecorder, type PaneRow, latestValue, ratioSeries, resample, sparkline } from '../model/metrics.js';
import { textWidth } from '../text.js';
import { theme } from '../theme.js';
import type { AppContext, Binding, Screen } from './context.js';
import { type Line, boxLines, seg } from './lines.js';

/** What the pane is drawn from. */
export interface PaneSources {
  recorder: MetricsRecorder;
  metrics?: MetricsReader;
  nowMs: number;
  /** Whether the cluster reports usage at all (a simulation; false when attached without metrics). */
  showUsage: boolean;
  /** Whether cost is known (a simulation with a cost meter). */
  showCost: boolean;
}

/** The cluster rows before the focus rows, and after them (short panes cut from the bottom). */
function clusterRows(s: PaneSources): { before: PaneRow[]; after: PaneRow[] } {
  const own = s.recorder.own;
  const m = s.metrics;
  const cs = (metric: string) => m?.series('cluster', '', metric);
  const ratio = (a: string, b: string) => {
    const x = cs(a), y = cs(b);
    return x && y ? ratioSeries(x, y) : undefined;
  };
  const r = (label: string, series: PaneRow['series'], color: string, format: (v: number) => string, max?: number): PaneRow => ({ label, series, color, format, max });
  const before = [
    r('CPU req', own.cpuReq, 'cyan', fmt.pct, 100),
    r('MEM req', own.memReq, 'blueBright', fmt.pct, 100),
    r('Running', m ? cs('podsRunning') : own.running, 'green', fmt.count),
    r('Pending', m ? cs('podsPending') : own.pending, 'yellow', fmt.count),
    r('Failed', own.failed, 'redBright', fmt.count),
  ];
  const after = [r('Nodes ok', own.nodesReady, 'green', fmt.count)];
  if (s.showCost) after.push(r('Cost/h', own.costRate, 'yellowBright', fmt.dollars));
  if (s.showUsage) {
    after.push(
      r('CPU use', m ? ratio('cpu', 'cpuAllocatable') : own.cpuUse, 'cyanBright', fmt.pct, 100),
      r('MEM use', m ? ratio('memory', 'memoryAllocatable') : own.memUse, 'blueBright', fmt.pct, 100),
    );
  }
  after.push(r('NotReady', own.nodesNotReady, 'redBright', fmt.count));
  return { before, after };
}

const LABEL_W = 11;
const VALUE_W = 7;

/** Draw the metrics pane in a box of `width` × `height`. */
export function renderMetrics(s: PaneSources, width: number, height: number, focused: boolean): Line[] {
  const inner = Math.max(1, width - 2);
  const sparkW = Math.max(1, inner - LABEL_W - VALUE_W - 2);
  const step = s.recorder.intervalMs;
  const draw = (r: PaneRow): Line => {
    const latest = latestValue(r.series);
    const value = latest === undefined || Number.isNaN(latest) ? '-' : r.format(latest);
    const spark = sparkline(resample(r.series, s.nowMs, step, sparkW), r.max, r.max === undefined);
    return [
      seg(r.label.slice(0, LABEL_W).padEnd(LABEL_W), theme.infoLabel),
      seg(' '.repeat(Math.max(0, sparkW - textWidth(spark))) + spark, r.color),
      seg(' ' + value.padStart(VALUE_W), theme.info, { bold: true }),
    ];
  };
  const { before, after } = clusterRows(s);
  const f = s.recorder.focus;
  const rows = [...before, ...(f ? f.rows() : []), ...after];
  const content = rows.slice(0, Math.max(1, height - 2)).map(draw);
  const minutes = Math.max(1, Math.round((step * sparkW) / 60_000));
  const title: Line = [seg(' metrics', theme.title, { bold: true }), seg(`(last ${minutes}m) `, theme.titleCount)];
  if (f) title.push(seg(`${f.label} `, 'magentaBright', { bold: true }));
  return boxLines(title, content, width, height, focused);
}

/** The pane's sources from the app. */
export function paneSources(ctx: AppContext): PaneSources {
  const controls = ctx.controls;
  return { recorder: ctx.metrics, metrics: controls?.metrics, nowMs: ctx.client.now(), showUsage: !!controls, showCost: !!controls?.autoscaling };
}

/** `:metrics` (and `m` on a row): the metrics pane full-screen. */
export class MetricsScreen implements Screen {
  readonly type = 'metrics';
  readonly crumb = 'metrics';

  constructor(private readonly ctx: AppContext) {}

  bindings(): Binding[] {
    return [{ key: 'q', label: 'Back', hidden: true, run: () => this.ctx.pop() }];
  }

  render(width: number, height: number): Line[] {
    return renderMetrics(paneSources(this.ctx), width, height, true);
  }

  dispose(): void {}
}
