/** The metrics pane: sparklines of cluster series over the last minutes of virtual time, newest on the right. */
import { type MetricsRecorder, type Ring, type SeriesName, sparkline } from '../model/metrics.js';
import { textWidth } from '../text.js';
import { theme } from '../theme.js';
import { type Line, boxLines, seg } from './lines.js';

interface Row {
  series: SeriesName;
  label: string;
  color: string;
  unit: string;
  /** Fixed scale top (percentages), else the window's max. */
  max?: number;
}

const ROWS: Row[] = [
  { series: 'cpuReq', label: 'CPU req', color: 'cyan', unit: '%', max: 100 },
  { series: 'memReq', label: 'MEM req', color: 'blueBright', unit: '%', max: 100 },
  { series: 'running', label: 'Running', color: 'green', unit: '' },
  { series: 'pending', label: 'Pending', color: 'yellow', unit: '' },
  { series: 'failed', label: 'Failed', color: 'redBright', unit: '' },
  { series: 'cpuUse', label: 'CPU use', color: 'cyanBright', unit: '%', max: 100 },
  { series: 'memUse', label: 'MEM use', color: 'blueBright', unit: '%', max: 100 },
  { series: 'nodesReady', label: 'Nodes ok', color: 'green', unit: '' },
  { series: 'nodesNotReady', label: 'NotReady', color: 'redBright', unit: '' },
];

/** Draw the metrics pane in a box of `width` × `height`. */
export function renderMetrics(metrics: MetricsRecorder, width: number, height: number, focused: boolean, showUsage = true): Line[] {
  const inner = Math.max(1, width - 2);
  const labelW = 9;
  const valueW = 6;
  const sparkW = Math.max(1, inner - labelW - valueW - 2);
  const row = (label: string, ring: Ring, color: string, unit: string, max?: number): Line => {
    const latest = ring.latest();
    const value = latest === undefined ? '-' : `${Math.round(latest)}${unit}`;
    const spark = sparkline(ring.last(sparkW), max);
    return [
      seg(label.slice(0, labelW).padEnd(labelW), theme.infoLabel),
      seg(' '.repeat(Math.max(0, sparkW - textWidth(spark))) + spark, color),
      seg(' ' + value.padStart(valueW), theme.info, { bold: true }),
    ];
  };
  const lines: Line[] = ROWS.filter((r) => showUsage || (r.series !== 'cpuUse' && r.series !== 'memUse'))
    .map((r) => row(r.label, metrics.series[r.series], r.color, r.unit, r.max));
  const f = metrics.focus;
  // The selected node or pod: its own usage since it was selected (named in the title), before cluster usage (the
  // header shows it) and the node counts (the nodes pane shows them): short panes cut from the bottom.
  if (f) lines.splice(5, 0, row(`${f.kind} CPU`, f.cpu, 'magentaBright', 'm'), row(`${f.kind} MEM`, f.mem, 'magentaBright', 'Mi'));
  const content = lines.slice(0, Math.max(1, height - 2));
  const minutes = Math.round((metrics.intervalMs * sparkW) / 60_000);
  const title: Line = [seg(' metrics', theme.title, { bold: true }), seg(`(last ${minutes}m) `, theme.titleCount)];
  if (f) title.push(seg(`${f.label} `, 'magentaBright', { bold: true }));
  return boxLines(title, content, width, height, focused);
}

/** `:metrics`: the metrics pane full-screen. */
export class MetricsScreen {
  readonly type = 'metrics';
  readonly crumb = 'metrics';

  constructor(private readonly metrics: MetricsRecorder, private readonly back: () => void, private readonly showUsage = true) {}

  bindings() {
    return [{ key: 'q', label: 'Back', hidden: true, run: this.back }];
  }

  render(width: number, height: number): Line[] {
    return renderMetrics(this.metrics, width, height, true, this.showUsage);
  }

  dispose(): void {}
}
