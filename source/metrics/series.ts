/**
 * Fixed-size time series over virtual time: a ring of (time, value) points in typed arrays, so memory is set at
 * construction whatever the run length (a 24 h run holds the same bytes as a 1 min run) and pushing never allocates.
 * Points are pushed in time order (virtual time never goes back), which lets window reads binary-search.
 */

/** One point of a series: virtual epoch ms and value. */
export interface Sample { t: number; v: number }

/** A read-only view of a time series, oldest point first. What the UI, the VPA and drills read. */
export interface SeriesView {
  /** Points held (≤ capacity). */
  readonly length: number;
  /** Points the ring holds before it drops the oldest. */
  readonly capacity: number;
  /** Time of the i-th point held, oldest first (0 ≤ i < length). */
  timeAt(i: number): number;
  /** Value of the i-th point held, oldest first. */
  valueAt(i: number): number;
  /** The newest point, or undefined when empty. */
  latest(): Sample | undefined;
  /** The newest `n` values, oldest first (fewer when the series holds fewer). */
  last(n: number): number[];
  /** Every point at or after time `t`, oldest first. */
  since(t: number): Sample[];
  /** Smallest value at or after `t` (default: all points); NaN when there is none. */
  min(t?: number): number;
  /** Largest value at or after `t`; NaN when there is none. */
  max(t?: number): number;
  /** Mean of the values at or after `t`; NaN when there is none. */
  avg(t?: number): number;
}

/** The read operations of a SeriesView, written once over `length`, `timeAt` and `valueAt`. */
export abstract class SeriesReader implements SeriesView {
  abstract readonly length: number;
  abstract readonly capacity: number;
  abstract timeAt(i: number): number;
  abstract valueAt(i: number): number;

  latest(): Sample | undefined {
    const n = this.length;
    return n ? { t: this.timeAt(n - 1), v: this.valueAt(n - 1) } : undefined;
  }

  last(n: number): number[] {
    const len = this.length;
    const k = Math.max(0, Math.min(Math.floor(n) || 0, len));
    const out = new Array<number>(k);
    for (let i = 0; i < k; i++) out[i] = this.valueAt(len - k + i);
    return out;
  }

  since(t: number): Sample[] {
    const out: Sample[] = [];
    for (let i = this.firstAtOrAfter(t); i < this.length; i++) out.push({ t: this.timeAt(i), v: this.valueAt(i) });
    return out;
  }

  min(t = -Infinity): number {
    let m = NaN;
    for (let i = this.firstAtOrAfter(t); i < this.length; i++) {
      const v = this.valueAt(i);
      if (!(v >= m)) m = v;
    }
    return m;
  }

  max(t = -Infinity): number {
    let m = NaN;
    for (let i = this.firstAtOrAfter(t); i < this.length; i++) {
      const v = this.valueAt(i);
      if (!(v <= m)) m = v;
    }
    return m;
  }

  avg(t = -Infinity): number {
    const from = this.firstAtOrAfter(t);
    const n = this.length - from;
    if (n <= 0) return NaN;
    let sum = 0;
    for (let i = from; i < this.length; i++) sum += this.valueAt(i);
    return sum / n;
  }

  /** Index of the oldest point with time ≥ t (binary search: times never decrease). */
  protected firstAtOrAfter(t: number): number {
    let lo = 0, hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.timeAt(mid) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Throw unless `n` is a usable ring size. */
export function checkCapacity(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`a series needs a whole, positive capacity, got ${n}`);
  return n;
}

/**
 * One series in its own ring: 16 bytes a point (Float64 time + Float64 value), e.g. 5,760 points (24 h at 15 s)
 * = 92 KB. Used for the few long series (cluster, Services); many short series live in a SeriesTable.
 */
export class Series extends SeriesReader {
  readonly capacity: number;
  private readonly times: Float64Array;
  private readonly values: Float64Array;
  private start = 0;
  private count = 0;

  constructor(capacity: number) {
    super();
    this.capacity = checkCapacity(capacity);
    this.times = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  /** Bytes held by the typed arrays (what the series adds to RSS, besides a small object header). */
  get bytes(): number {
    return this.times.byteLength + this.values.byteLength;
  }

  /** Append a point; the oldest is dropped when full. A time before the newest point is a caller bug. */
  push(t: number, v: number): void {
    if (this.count && t < this.times[(this.start + this.count - 1) % this.capacity]!) {
      throw new RangeError(`series points must be pushed in time order (${t} is before the newest point)`);
    }
    if (this.count < this.capacity) {
      const i = (this.start + this.count) % this.capacity;
      this.times[i] = t;
      this.values[i] = v;
      this.count++;
    } else {
      this.times[this.start] = t;
      this.values[this.start] = v;
      this.start = (this.start + 1) % this.capacity;
    }
  }

  clear(): void {
    this.start = 0;
    this.count = 0;
  }

  timeAt(i: number): number {
    return i >= 0 && i < this.count ? this.times[(this.start + i) % this.capacity]! : NaN;
  }

  valueAt(i: number): number {
    return i >= 0 && i < this.count ? this.values[(this.start + i) % this.capacity]! : NaN;
  }
}
