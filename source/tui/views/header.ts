/**
 * The header (k9s: 7 rows, `ctrl-e` hides it): cluster info, the simulation clock and speed, then key hints in
 * columns. Fewer rows on short terminals; columns that do not fit are left out (the help lists everything).
 */
import type { ClusterInfo, CostNow } from '../../client/cluster-client.js';
import type { ClusterSummary } from '../model/cluster-summary.js';
import { dollars } from '../model/money.js';
import { keyLabel } from '../keys.js';
import { textWidth } from '../text.js';
import { theme } from '../theme.js';
import type { Binding } from './context.js';
import { type Line, fillLines, fitLine, seg } from './lines.js';

/** What the header shows besides the summary. */
export interface HeaderData {
  info: ClusterInfo;
  summary: ClusterSummary;
  /** Usage summed over nodes, when the cluster reports it. */
  usage?: { cpuMilli: number; memoryBytes: number };
  nowMs: number;
  /** Speed factor (0 = paused); undefined when attached to a real cluster (no clock). */
  speed: number | undefined;
  seed: number | undefined;
  /** What the nodes cost so far and per hour now (a simulation with a cost meter). */
  cost?: CostNow;
  readonly: boolean;
  hints: Binding[];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Virtual time as `Jan 01 00:12:34` (UTC). */
export function clockText(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** `⏸ paused`, `▶ 1x`, `⏩ 60x`. */
export function speedText(speed: number): string {
  if (speed <= 0) return '⏸ paused';
  return speed === 1 ? '▶ 1x' : `⏩ ${speed}x`;
}

/** `$1.23 (+$0.86/h)`: cost so far and what the cluster costs per hour now. */
export function costText(c: CostNow, compact = false): string {
  return compact ? `${dollars(c.total)} +${dollars(c.ratePerHour)}/h` : `${dollars(c.total)} (+${dollars(c.ratePerHour)}/h)`;
}

/** The narrowest a cut column of key hints may be (`<ctrl-p> Pau…`). */
const MIN_HINT_WIDTH = 14;

const cores = (m: number) => (m / 1000).toFixed(1);
const gib = (b: number) => `${(b / 2 ** 30).toFixed(1)}Gi`;
const pct = (a: number, b: number) => (b > 0 ? `${Math.round((100 * a) / b)}%` : 'n/a');

/** Draw the header in `height` rows of `width` cells. */
export function renderHeader(d: HeaderData, width: number, height: number): Line[] {
  const t = d.summary.totals();
  const p = d.summary.pods;
  const label = (l: string) => seg(l.padEnd(9), theme.infoLabel, { bold: true });
  const v = (s: string, color: string = theme.info) => seg(s, color, { bold: true });
  // Most important first: on a short terminal the tail is cut.
  // Narrow terminals get the short forms, so key hints still fit beside them.
  const compact = width < 100;
  const use = (a: number | undefined, b: number) => (compact ? [] : [seg(a === undefined ? ' use n/a' : ` use ${pct(a, b)}`, theme.hint)]);
  const info: Line[] = [
    [label('Cluster:'), v(d.info.name)],
    [label('Nodes:'), v(`${t.nodes}`), seg(` (${t.ready} Ready${t.notReady ? `, ${t.notReady} NotReady` : ''})`, t.notReady ? 'redBright' : theme.info)],
    [label('Pods:'), v(`${p.total}`), seg(compact ? ` (${p.Running}R ${p.Pending}P${p.failing || p.Failed ? ` ${p.failing + p.Failed}F` : ''})` : ` (${p.Running} Run, ${p.Pending} Pend${p.failing || p.Failed ? `, ${p.failing + p.Failed} Fail` : ''})`, p.failing + p.Failed ? 'redBright' : p.Pending ? 'yellow' : theme.info)],
    [label('CPU:'), v(`${cores(t.reqCpuMilli)}/${cores(t.allocCpuMilli)}`), seg(` req ${pct(t.reqCpuMilli, t.allocCpuMilli)}`, theme.info),
      ...use(d.usage?.cpuMilli, t.allocCpuMilli)],
    [label('MEM:'), v(`${gib(t.reqMemBytes)}/${gib(t.allocMemBytes)}`), seg(` req ${pct(t.reqMemBytes, t.allocMemBytes)}`, theme.info),
      ...use(d.usage?.memoryBytes, t.allocMemBytes)],
    [label('Context:'), v(d.info.context)],
    [label('K8s Rev:'), v(d.info.kubernetesVersion)],
  ];
  const sim: Line[] = [];
  if (d.speed !== undefined) {
    sim.push([label('Clock:'), v(compact ? clockText(d.nowMs).slice(7) : clockText(d.nowMs))]);
    sim.push([label('Speed:'), v(speedText(d.speed), d.speed > 0 ? theme.clockRunning : theme.clockPaused)]);
    if (d.cost) sim.push([label('Cost:'), v(costText(d.cost, compact), theme.cost)]);
  }
  // On a short terminal the tail is cut: the seed matters least.
  sim.push([label('Mode:'), v(d.readonly ? '[R]' : '[RW]', d.readonly ? 'yellow' : theme.info)]);
  if (d.speed !== undefined && d.seed !== undefined) sim.push([label('Seed:'), v(String(d.seed))]);

  const blocks: { lines: Line[]; width: number }[] = [];
  const widthOf = (ls: Line[]) => Math.max(0, ...ls.map((l) => l.reduce((w, s) => w + textWidth(s.text), 0))) + 2;
  const infoLines = info.slice(0, height);
  blocks.push({ lines: infoLines, width: Math.min(40, widthOf(infoLines)) });
  const simLines = sim.slice(0, height);
  blocks.push({ lines: simLines, width: widthOf(simLines) });

  // Key hints: columns of `height` rows, `<key> Label`.
  const hints = d.hints.filter((b) => !b.hidden && !(d.readonly && b.mutating));
  for (let i = 0; i < hints.length; i += height) {
    const col = hints.slice(i, i + height).map((b): Line => [seg(keyLabel(b.key), theme.hintKey, { bold: true }), seg(' ' + b.label, theme.hint)]);
    blocks.push({ lines: col, width: widthOf(col) + 1 });
  }

  const out: Line[] = [];
  for (let r = 0; r < height; r++) {
    const line: Line = [];
    let used = 0;
    for (const b of blocks) {
      // A column of hints that does not quite fit is shown cut (`<esc> Back / Cle…`) rather than dropped.
      const w = used + b.width <= width ? b.width : width - used >= MIN_HINT_WIDTH ? width - used : 0;
      if (!w) break;
      line.push(...fitLine(b.lines[r] ?? [], w));
      used += w;
    }
    out.push(line);
  }
  return fillLines(out, width, height);
}
