/**
 * Sort orders for table views. Incremental changes use `compareFor` (binary insertion); a new sort order uses
 * `sortBulk`, which ranks the keys and sorts one Float64Array natively (tie-break: name order) — 150,000 rows in a
 * few milliseconds where a comparator sort takes 60–240 ms.
 */
import type { KubeObject } from '../../api/meta.js';
import { type Compare, compareByName } from './order.js';

export type SortKey = number | string;

/** A sort order: which column it is shown on, the key, and the direction. */
export interface SortSpec {
  /** Stable id, e.g. `name`, `age`, `status`, `restarts`, `lastSeen`. */
  id: string;
  /** The column header that carries the ↑/↓ mark. */
  column: string;
  desc: boolean;
  /** The key; absent for name order (namespace/name). */
  key?: (o: KubeObject) => SortKey;
  /** Keys that change without the object changing (usage): compare with the key seen at insertion time. */
  volatile?: boolean;
}

/** Name order, ascending or descending. */
export function byName(desc = false): SortSpec {
  return { id: 'name', column: 'NAME', desc };
}

/**
 * The comparator for a spec: key (direction applied), then name ascending. `keyCache` pins each object's key as
 * first seen, so an object is always found where it was inserted even when its key drifts.
 */
export function compareFor(spec: SortSpec, keyCache: WeakMap<KubeObject, SortKey>): Compare {
  const key = spec.key;
  const dir = spec.desc ? -1 : 1;
  if (!key) return spec.desc ? (a, b) => compareByName(b, a) : compareByName;
  const k = spec.volatile
    ? (o: KubeObject): SortKey => {
      let v = keyCache.get(o);
      if (v === undefined) keyCache.set(o, v = key(o));
      return v;
    }
    : key;
  return (a, b) => {
    const ka = k(a), kb = k(b);
    if (ka !== kb) return (ka < kb ? -1 : 1) * dir;
    return compareByName(a, b);
  };
}

// Scratch buffers reused by every bulk sort: in a heap holding 150,000 pods, fresh megabyte-sized arrays per
// keystroke are what makes the garbage collector pause.
let numbersBuf: Float64Array = new Float64Array(0);
let packedBuf: Float64Array = new Float64Array(0);
const scratch = (buf: Float64Array, n: number) => (buf.length >= n ? buf : new Float64Array(Math.max(n, Math.ceil(buf.length * 1.5))));

/**
 * Ranks of numeric keys `nums[0..n)` written into `out` (equal keys share a rank), each below `limit`: integer
 * keys spanning a small range are their own rank (offset by the minimum); others are ranked through their sorted
 * distinct values.
 */
function rankNumbers(nums: Float64Array, n: number, out: Float64Array, limit: number): void {
  let min = Infinity, max = -Infinity, integers = true;
  for (let i = 0; i < n; i++) {
    const k = nums[i]!;
    if (k < min) min = k;
    if (k > max) max = k;
    if (!Number.isInteger(k)) integers = false;
  }
  if (integers && max - min < limit) {
    for (let i = 0; i < n; i++) out[i] = nums[i]! - min;
    return;
  }
  const sorted = nums.slice(0, n).sort();
  let d = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[d++] = sorted[i]!;
  for (let i = 0; i < n; i++) {
    const v = nums[i]!;
    let lo = 0, hi = d;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    out[i] = lo;
  }
}

/** Ranks of string keys (few distinct values in practice: statuses, node names) written into `out`. */
function rankStrings(keys: string[], out: Float64Array): void {
  const distinct = [...new Set(keys)].sort();
  const rank = new Map<string, number>();
  distinct.forEach((s, i) => rank.set(s, i));
  for (let i = 0; i < keys.length; i++) out[i] = rank.get(keys[i]!)!;
}

/** Key values gathered for a bulk sort: numbers, or strings (statuses, node names). */
export interface KeyValues {
  num?: Float64Array;
  str?: string[];
}

/**
 * The order of rows 0..n-1 by key values (`desc` reverses the key; ties keep ascending row order, i.e. name
 * order when rows are in name order). Rank × 2^bits + row packs key and tie-break into one double, so the typed
 * array's native numeric sort does all the work. The result is a reused buffer: read it before the next sort.
 */
export function sortOrder(values: KeyValues, n: number, desc: boolean): Int32Array {
  const m = 2 ** Math.max(1, Math.ceil(Math.log2(n + 1)));
  packedBuf = scratch(packedBuf, n);
  const packed = packedBuf;
  if (values.num) rankNumbers(values.num, n, packed, Math.floor(2 ** 52 / m));
  else rankStrings(values.str!.length === n ? values.str! : values.str!.slice(0, n), packed);
  for (let i = 0; i < n; i++) packed[i] = (desc ? -packed[i]! : packed[i]!) * m + i;
  const view = packed.subarray(0, n).sort();
  if (orderBuf.length < n) orderBuf = new Int32Array(Math.max(n, Math.ceil(orderBuf.length * 1.5)));
  for (let i = 0; i < n; i++) {
    const v = view[i]!;
    orderBuf[i] = ((v % m) + m) % m;
  }
  return orderBuf;
}

let orderBuf = new Int32Array(0);

/** A number buffer of at least `n` (reused; read before the next call). */
export function numbers(n: number): Float64Array {
  numbersBuf = scratch(numbersBuf, n);
  return numbersBuf;
}

/**
 * Sort `nameOrdered` (ascending name order) by `spec` into a new array, computing each key from its object
 * (views with a kind cache use its dense key columns instead; this is for volatile keys and small lists).
 */
export function sortBulk(nameOrdered: readonly KubeObject[], spec: SortSpec, keyCache: WeakMap<KubeObject, SortKey>): KubeObject[] {
  const n = nameOrdered.length;
  const key = spec.key;
  if (!key) return spec.desc ? nameOrdered.slice().reverse() : nameOrdered.slice();
  if (n === 0) return [];
  const first = key(nameOrdered[0]!);
  const values: KeyValues = {};
  if (typeof first === 'number') {
    const nums = numbers(n);
    for (let i = 0; i < n; i++) {
      const o = nameOrdered[i]!;
      const k = i === 0 ? first : key(o);
      nums[i] = typeof k === 'number' ? k : Number.NaN;
      if (spec.volatile) keyCache.set(o, k);
    }
    values.num = nums;
  } else {
    const strs: string[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const o = nameOrdered[i]!;
      const k = i === 0 ? first : key(o);
      strs[i] = String(k);
      if (spec.volatile) keyCache.set(o, k);
    }
    values.str = strs;
  }
  const order = sortOrder(values, n, spec.desc);
  const out: KubeObject[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = nameOrdered[order[i]!]!;
  return out;
}
