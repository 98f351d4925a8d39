/**
 * Many short series of the same shape (one row per node, workload or pod; one channel per metric) packed into a few
 * typed arrays: no object per series, no allocation per point, rows recycled when their key goes away.
 *
 * Memory: rows × capacity × (8 + 4 × channels) bytes — times are Float64 (epoch ms), values Float32 (7 significant
 * digits: ample for millicores, bytes to the KiB at 16 GiB, counts). Rows grow by doubling up to the peak number of
 * keys ever held at once and are never shrunk; freed rows are reused first.
 */
import { SeriesReader, type SeriesView, checkCapacity } from './series.js';

export class SeriesTable {
  readonly capacity: number;
  private rows = 0;
  private times: Float64Array;
  private values: Float32Array[];
  private starts: Int32Array;
  private counts: Int32Array;
  /** Bumped when a row is freed, so a view of a deleted key reads as empty rather than as its successor. */
  private generations: Uint32Array;
  private readonly rowOf = new Map<string, number>();
  private readonly free: number[] = [];
  private used = 0;

  constructor(readonly channels: readonly string[], capacity: number, initialRows = 16) {
    if (!channels.length) throw new RangeError('a series table needs at least one channel');
    this.capacity = checkCapacity(capacity);
    this.times = new Float64Array(0);
    this.values = channels.map(() => new Float32Array(0));
    this.starts = new Int32Array(0);
    this.counts = new Int32Array(0);
    this.generations = new Uint32Array(0);
    this.grow(Math.max(1, initialRows));
  }

  /** Keys currently held. */
  get size(): number {
    return this.rowOf.size;
  }

  /** Bytes held by the typed arrays (the table's share of RSS). */
  get bytes(): number {
    return this.times.byteLength + this.values.reduce((n, a) => n + a.byteLength, 0) + this.starts.byteLength * 3;
  }

  has(key: string): boolean {
    return this.rowOf.has(key);
  }

  keys(): IterableIterator<string> {
    return this.rowOf.keys();
  }

  /** The row of `key`, created (empty) if missing. Rows are stable until `delete(key)`. */
  row(key: string): number {
    let row = this.rowOf.get(key);
    if (row === undefined) {
      if (this.free.length) row = this.free.pop()!;
      else {
        if (this.used === this.rows) this.grow(this.rows * 2);
        row = this.used++;
      }
      this.starts[row] = 0;
      this.counts[row] = 0;
      this.rowOf.set(key, row);
    }
    return row;
  }

  /**
   * Append one point to a row: `values[c]` for each channel c (a caller-owned scratch array, so nothing is
   * allocated). The oldest point is dropped when the row is full.
   */
  push(row: number, t: number, values: ArrayLike<number>): void {
    const cap = this.capacity;
    const base = row * cap;
    const count = this.counts[row]!;
    let i: number;
    if (count < cap) {
      i = base + ((this.starts[row]! + count) % cap);
      this.counts[row] = count + 1;
    } else {
      i = base + this.starts[row]!;
      this.starts[row] = (this.starts[row]! + 1) % cap;
    }
    this.times[i] = t;
    for (let c = 0; c < this.values.length; c++) this.values[c]![i] = values[c] ?? 0;
  }

  /** Forget a key and recycle its row. */
  delete(key: string): boolean {
    const row = this.rowOf.get(key);
    if (row === undefined) return false;
    this.rowOf.delete(key);
    this.counts[row] = 0;
    this.generations[row] = (this.generations[row]! + 1) >>> 0;
    this.free.push(row);
    return true;
  }

  /** A live read-only view of one channel of a key's series; undefined for an unknown key or channel. */
  view(key: string, channel: string): SeriesView | undefined {
    const row = this.rowOf.get(key);
    const c = this.channels.indexOf(channel);
    if (row === undefined || c < 0) return undefined;
    return new RowView(this, row, this.generations[row]!, c);
  }

  /** @internal point count of a row, or 0 once the row was freed after the view was taken. */
  countOf(row: number, generation: number): number {
    return this.generations[row] === generation ? this.counts[row]! : 0;
  }

  /** @internal storage index of the i-th point of a row. */
  indexOf(row: number, i: number): number {
    return row * this.capacity + ((this.starts[row]! + i) % this.capacity);
  }

  /** @internal */
  timeAtIndex(index: number): number {
    return this.times[index]!;
  }

  /** @internal */
  valueAtIndex(channel: number, index: number): number {
    return this.values[channel]![index]!;
  }

  private grow(rows: number): void {
    const cap = this.capacity;
    const times = new Float64Array(rows * cap);
    times.set(this.times);
    this.times = times;
    this.values = this.values.map((old) => {
      const next = new Float32Array(rows * cap);
      next.set(old);
      return next;
    });
    const widen = <T extends Int32Array | Uint32Array>(old: T, make: (n: number) => T): T => {
      const next = make(rows);
      next.set(old);
      return next;
    };
    this.starts = widen(this.starts, (n) => new Int32Array(n));
    this.counts = widen(this.counts, (n) => new Int32Array(n));
    this.generations = widen(this.generations, (n) => new Uint32Array(n));
    this.rows = rows;
  }
}

/** One channel of one row, read through the table (so it sees points pushed after it was taken). */
class RowView extends SeriesReader {
  constructor(private readonly table: SeriesTable, private readonly row: number, private readonly generation: number, private readonly channel: number) {
    super();
  }

  get length(): number {
    return this.table.countOf(this.row, this.generation);
  }

  get capacity(): number {
    return this.table.capacity;
  }

  timeAt(i: number): number {
    return i >= 0 && i < this.length ? this.table.timeAtIndex(this.table.indexOf(this.row, i)) : NaN;
  }

  valueAt(i: number): number {
    return i >= 0 && i < this.length ? this.table.valueAtIndex(this.channel, this.table.indexOf(this.row, i)) : NaN;
  }
}
