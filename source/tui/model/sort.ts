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

/** Dense ranks of keys (equal keys share a rank), in key order. */
function ranks(keys: SortKey[]): Float64Array {
  const out = new Float64Array(keys.length);
  const allNumbers = keys.every((k) => typeof k === 'number');
  if (allNumbers) {
    const sorted = Float64Array.from(keys as number[]).sort();
    // Distinct values, then each key's rank by binary search.
    let n = 0;
    for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[n++] = sorted[i]!;
    for (let i = 0; i < keys.length; i++) {
      const v = keys[i] as number;
      let lo = 0, hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (sorted[mid]! < v) lo = mid + 1;
        else hi = mid;
      }
      out[i] = lo;
    }
    return out;
  }
  const text = keys.map(String);
  const distinct = [...new Set(text)].sort();
  const rank = new Map<string, number>();
  distinct.forEach((s, i) => rank.set(s, i));
  for (let i = 0; i < text.length; i++) out[i] = rank.get(text[i]!)!;
  return out;
}

/**
 * Sort `nameOrdered` (ascending name order) by `spec` into a new array. Rank × 2^bits + position packs key and
 * tie-break into one double, so the typed array's native numeric sort does all the work.
 */
export function sortBulk(nameOrdered: readonly KubeObject[], spec: SortSpec, keyCache: WeakMap<KubeObject, SortKey>): KubeObject[] {
  const n = nameOrdered.length;
  if (!spec.key) return spec.desc ? nameOrdered.slice().reverse() : nameOrdered.slice();
  const keys: SortKey[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const o = nameOrdered[i]!;
    const k = spec.key(o);
    keys[i] = k;
    if (spec.volatile) keyCache.set(o, k);
  }
  const r = ranks(keys);
  const m = 2 ** Math.max(1, Math.ceil(Math.log2(n + 1)));
  const packed = new Float64Array(n);
  for (let i = 0; i < n; i++) packed[i] = (spec.desc ? -r[i]! : r[i]!) * m + i;
  packed.sort();
  const out: KubeObject[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const v = packed[i]!;
    out[i] = nameOrdered[((v % m) + m) % m]!;
  }
  return out;
}
