/** Cluster series sampled over virtual time into fixed-size rings, for the metrics pane's sparklines. */
import type { ClusterSummary } from './cluster-summary.js';

/** A fixed-capacity ring of numbers (oldest dropped). */
export class Ring {
  private readonly data: Float64Array;
  private start = 0;
  length = 0;

  constructor(readonly capacity: number) {
    this.data = new Float64Array(capacity);
  }

  push(v: number): void {
    if (this.length < this.capacity) {
      this.data[(this.start + this.length) % this.capacity] = v;
      this.length++;
    } else {
      this.data[this.start] = v;
      this.start = (this.start + 1) % this.capacity;
    }
  }

  /** The newest `n` values, oldest first. */
  last(n: number): number[] {
    const k = Math.min(n, this.length);
    const out = new Array<number>(k);
    for (let i = 0; i < k; i++) out[i] = this.data[(this.start + this.length - k + i) % this.capacity]!;
    return out;
  }

  latest(): number | undefined {
    return this.length ? this.data[(this.start + this.length - 1) % this.capacity] : undefined;
  }
}

/** The series the metrics pane draws. */
export const SERIES = ['cpuReq', 'memReq', 'cpuUse', 'memUse', 'running', 'pending', 'failed', 'nodesReady', 'nodesNotReady'] as const;
export type SeriesName = (typeof SERIES)[number];

/** Usage of one object, as the cluster reports it (undefined when it does not). */
export type UsageReader = () => { cpuMilli: number; memoryBytes: number } | undefined;

/** Series of the object selected in the overview (a node or a pod), recorded from the moment it is selected. */
export interface FocusSeries {
  key: string;
  /** `node` or `pod`. */
  kind: string;
  label: string;
  cpu: Ring;
  mem: Ring;
  read: UsageReader;
}

/** Samples the summary every `intervalMs` of virtual time (default 5 s; 240 samples = 20 minutes). */
export class MetricsRecorder {
  readonly series: Record<SeriesName, Ring>;
  focus: FocusSeries | undefined;
  private nextAt: number | undefined;

  constructor(readonly intervalMs = 5_000, readonly capacity = 240) {
    this.series = Object.fromEntries(SERIES.map((s) => [s, new Ring(capacity)])) as Record<SeriesName, Ring>;
  }

  /** Follow one object's usage (its own series start now); the same key keeps the series it has. */
  setFocus(kind: string, key: string, label: string, read: UsageReader): void {
    if (this.focus?.key === key) return;
    this.focus = { key, kind, label, cpu: new Ring(this.capacity), mem: new Ring(this.capacity), read };
    this.sampleFocus(1);
  }

  private sampleFocus(times: number): void {
    const f = this.focus;
    if (!f) return;
    const u = f.read();
    for (let i = 0; i < times; i++) {
      f.cpu.push(u?.cpuMilli ?? 0);
      f.mem.push((u?.memoryBytes ?? 0) / 1048576);
    }
  }

  /** Take the samples due by `nowMs` (a jump of many intervals records at most one ring's worth). Returns whether any was taken. */
  sample(nowMs: number, summary: ClusterSummary, usage?: { cpuMilli: number; memoryBytes: number }): boolean {
    if (this.nextAt === undefined) this.nextAt = nowMs;
    if (nowMs < this.nextAt) return false;
    const due = Math.min(this.capacity, Math.floor((nowMs - this.nextAt) / this.intervalMs) + 1);
    const t = summary.totals();
    const p = summary.pods;
    const values: Record<SeriesName, number> = {
      cpuReq: t.allocCpuMilli ? (100 * t.reqCpuMilli) / t.allocCpuMilli : 0,
      memReq: t.allocMemBytes ? (100 * t.reqMemBytes) / t.allocMemBytes : 0,
      cpuUse: usage && t.allocCpuMilli ? (100 * usage.cpuMilli) / t.allocCpuMilli : 0,
      memUse: usage && t.allocMemBytes ? (100 * usage.memoryBytes) / t.allocMemBytes : 0,
      running: p.Running,
      pending: p.Pending,
      failed: p.Failed + p.failing,
      nodesReady: t.ready,
      nodesNotReady: t.notReady,
    };
    for (let i = 0; i < due; i++) for (const s of SERIES) this.series[s].push(values[s]);
    this.sampleFocus(due);
    this.nextAt += Math.floor((nowMs - this.nextAt) / this.intervalMs + 1) * this.intervalMs;
    return true;
  }
}

const BLOCKS = '▁▂▃▄▅▆▇█';

/** A block sparkline of `values` scaled to [0, max] (max defaults to the largest value), one character per value. */
export function sparkline(values: readonly number[], max?: number): string {
  const top = max ?? Math.max(0, ...values);
  let out = '';
  for (const v of values) {
    if (!(top > 0) || !(v > 0)) out += v > 0 ? BLOCKS[BLOCKS.length - 1] : ' ';
    else out += BLOCKS[Math.min(BLOCKS.length - 1, Math.max(0, Math.round((v / top) * (BLOCKS.length - 1))))];
  }
  return out;
}

/** A horizontal bar of `width` cells filled to `fraction` (0..1), e.g. `█████░░░░░`. */
export function bar(fraction: number, width: number): string {
  const w = Math.max(0, width);
  const f = Math.max(0, Math.min(1, Number.isFinite(fraction) ? fraction : 0));
  const full = Math.round(f * w);
  return '█'.repeat(full) + '░'.repeat(w - full);
}
