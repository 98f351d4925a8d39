/**
 * The metrics pane's data: time series drawn on one time axis. Most series are metrics-server's own rings (cluster
 * CPU / memory use, pods Running / Pending, and the focused node's, pod's, workload's or Service's series); the UI
 * samples into small rings of its own only what the metrics server does not record: requests vs allocatable, failing
 * pods, node readiness and the cost rate (and everything, when the cluster has no metrics server).
 */
import type { ClusterSummary } from './cluster-summary.js';

/** A series the pane can draw: points oldest first, times in virtual ms (metrics-server's SeriesView fits). */
export interface PointSeries {
  readonly length: number;
  timeAt(i: number): number;
  valueAt(i: number): number;
}

/** A fixed-capacity ring of (time, value) points (oldest dropped): memory is set at construction. */
export class TimeRing implements PointSeries {
  private readonly times: Float64Array;
  private readonly values: Float64Array;
  private start = 0;
  length = 0;

  constructor(readonly capacity: number) {
    this.times = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  push(t: number, v: number): void {
    if (this.length < this.capacity) {
      const i = (this.start + this.length) % this.capacity;
      this.times[i] = t;
      this.values[i] = v;
      this.length++;
    } else {
      this.times[this.start] = t;
      this.values[this.start] = v;
      this.start = (this.start + 1) % this.capacity;
    }
  }

  timeAt(i: number): number {
    return i >= 0 && i < this.length ? this.times[(this.start + i) % this.capacity]! : NaN;
  }

  valueAt(i: number): number {
    return i >= 0 && i < this.length ? this.values[(this.start + i) % this.capacity]! : NaN;
  }

  /** The newest value, or undefined when empty. */
  latest(): number | undefined {
    return this.length ? this.valueAt(this.length - 1) : undefined;
  }

  /** The newest `n` values, oldest first. */
  last(n: number): number[] {
    const k = Math.max(0, Math.min(n, this.length));
    const out = new Array<number>(k);
    for (let i = 0; i < k; i++) out[i] = this.valueAt(this.length - k + i);
    return out;
  }
}

/** The newest value of a series, or undefined. */
export function latestValue(s: PointSeries | undefined): number | undefined {
  return s && s.length ? s.valueAt(s.length - 1) : undefined;
}

/**
 * `scale × a / b` point by point, for two series recorded together (same scrapes: aligned from the newest point),
 * e.g. cluster CPU used as a percentage of allocatable. NaN where b is 0.
 */
export function ratioSeries(a: PointSeries, b: PointSeries, scale = 100): PointSeries {
  return {
    get length() {
      return Math.min(a.length, b.length);
    },
    timeAt(i) {
      return a.timeAt(a.length - Math.min(a.length, b.length) + i);
    },
    valueAt(i) {
      const n = Math.min(a.length, b.length);
      const d = b.valueAt(b.length - n + i);
      return d > 0 ? (scale * a.valueAt(a.length - n + i)) / d : NaN;
    },
  };
}

/**
 * The series on a time axis of `n` columns `stepMs` apart, the last ending at `endMs`: each column takes the newest
 * point at or before its time, if that point is less than `maxAgeMs` older (else NaN: no data there). One backward
 * walk over the points in the window, whatever the ring's size.
 */
export function resample(s: PointSeries | undefined, endMs: number, stepMs: number, n: number, maxAgeMs = 2 * stepMs): number[] {
  const out = new Array<number>(Math.max(0, n)).fill(NaN);
  if (!s || !s.length || n <= 0) return out;
  let i = s.length - 1;
  for (let c = n - 1; c >= 0; c--) {
    const t = endMs - (n - 1 - c) * stepMs;
    while (i >= 0 && s.timeAt(i) > t) i--;
    if (i < 0) break;
    if (t - s.timeAt(i) < maxAgeMs) out[c] = s.valueAt(i);
  }
  return out;
}

/** What the UI samples itself (the metrics server records the rest; with no metrics server the UI samples all). */
export const OWN_SERIES = ['cpuReq', 'memReq', 'failed', 'nodesReady', 'nodesNotReady', 'costRate', 'cpuUse', 'memUse', 'running', 'pending'] as const;
export type OwnSeries = (typeof OWN_SERIES)[number];

/** One line of the pane: a label, a series and how its values read. */
export interface PaneRow {
  label: string;
  color: string;
  series: PointSeries | undefined;
  format: (v: number) => string;
  /** Fixed scale top (percentages), else the window's max. */
  max?: number;
}

/** The object the pane follows besides the cluster (a node, pod, workload or Service), with its rows. */
export interface Focus {
  /** Identity: the same key keeps the focus (and what it sampled). */
  key: string;
  /** Shown in the pane's title. */
  label: string;
  rows(): PaneRow[];
  /** Sample what the metrics server does not record for it (called on the recorder's schedule). */
  sample?(t: number): void;
}

/** Extra readings for a sample: cluster usage (without a metrics server) and the cost rate. */
export interface SampleExtras {
  usage?: { cpuMilli: number; memoryBytes: number };
  costRatePerHour?: number;
}

/** Samples the UI's own series every `intervalMs` of virtual time (15 s, metrics-server's resolution; 480 = 2 h). */
export class MetricsRecorder {
  readonly own: Record<OwnSeries, TimeRing>;
  focus: Focus | undefined;
  private nextAt: number | undefined;

  constructor(readonly intervalMs = 15_000, readonly capacity = 480) {
    this.own = Object.fromEntries(OWN_SERIES.map((s) => [s, new TimeRing(capacity)])) as Record<OwnSeries, TimeRing>;
  }

  /** Follow an object: the same key keeps the focus it has (and what it sampled), under the new label; else samples start now. */
  setFocus(focus: Focus, nowMs: number): void {
    if (this.focus?.key === focus.key) {
      this.focus.label = focus.label;
      return;
    }
    this.focus = focus;
    focus.sample?.(nowMs);
  }

  /**
   * Take the samples due by `nowMs`. A jump of several intervals (a fast clock) records the values read now at each
   * interval passed, at most a ring's worth, so the pane has no holes. Returns whether any was taken.
   */
  sample(nowMs: number, summary: ClusterSummary, extras: SampleExtras = {}): boolean {
    if (this.nextAt === undefined) this.nextAt = nowMs;
    if (nowMs < this.nextAt) return false;
    const due = Math.min(this.capacity, Math.floor((nowMs - this.nextAt) / this.intervalMs) + 1);
    const first = this.nextAt + (Math.floor((nowMs - this.nextAt) / this.intervalMs) - due + 1) * this.intervalMs;
    const t = summary.totals();
    const p = summary.pods;
    const usage = extras.usage;
    const values: Record<OwnSeries, number> = {
      cpuReq: t.allocCpuMilli ? (100 * t.reqCpuMilli) / t.allocCpuMilli : 0,
      memReq: t.allocMemBytes ? (100 * t.reqMemBytes) / t.allocMemBytes : 0,
      cpuUse: usage && t.allocCpuMilli ? (100 * usage.cpuMilli) / t.allocCpuMilli : NaN,
      memUse: usage && t.allocMemBytes ? (100 * usage.memoryBytes) / t.allocMemBytes : NaN,
      running: p.Running,
      pending: p.Pending,
      failed: p.Failed + p.failing,
      nodesReady: t.ready,
      nodesNotReady: t.notReady,
      costRate: extras.costRatePerHour ?? NaN,
    };
    for (let i = 0; i < due; i++) {
      const at = first + i * this.intervalMs;
      for (const s of OWN_SERIES) this.own[s].push(at, values[s]);
      this.focus?.sample?.(at);
    }
    this.nextAt = first + due * this.intervalMs;
    return true;
  }
}

const BLOCKS = '▁▂▃▄▅▆▇█';

/**
 * A block sparkline of `values` scaled to [0, max] (max defaults to the largest value), one character per value;
 * no data (NaN) and zero draw as a blank. With `zoom` (counts, rates, money: no fixed scale) the axis starts just
 * below the window's smallest value instead of at 0, so 4 → 5 nodes or $0.86 → $1.07 an hour is a visible step.
 */
export function sparkline(values: readonly number[], max?: number, zoom = false): string {
  let top = max ?? 0;
  let low = Infinity;
  for (const v of values) {
    if (max === undefined && v > top) top = v;
    if (v < low) low = v;
  }
  // The smallest value draws one step above the base (never blank); a flat window draws as before.
  const base = zoom && top > low && low > 0 ? Math.max(0, low - (top - low) / (BLOCKS.length - 1)) : 0;
  let out = '';
  for (const v of values) {
    if (!(top > base) || !(v > 0)) out += v > 0 ? BLOCKS[BLOCKS.length - 1] : ' ';
    else out += BLOCKS[Math.min(BLOCKS.length - 1, Math.max(0, Math.round(((v - base) / (top - base)) * (BLOCKS.length - 1))))];
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
