/**
 * A view's rows in sort order, read from its kind cache: the objects in scope, ordered from the cache's dense key
 * column for the sort (built once per kind and sort, then kept current), so a re-sort of 150,000 rows reads typed
 * arrays, not objects.
 */
import type { KubeObject } from '../../api/meta.js';
import type { KindCache } from './object-cache.js';
import { type SortKey, type SortSpec, numbers, sortBulk, sortOrder } from './sort.js';

/** Rows in order, and where each sits in the cache's name order (when known: not for volatile keys). */
export interface ScopedOrder {
  objs: KubeObject[];
  /** Position in `cache.sorted` of each row, valid while `cache.structure` is unchanged. */
  positions: Int32Array | undefined;
}

/** The objects of `cache` that `inScope` admits (all when absent), in `spec` order. */
export function scopedOrder(cache: KindCache, inScope: ((o: KubeObject) => boolean) | undefined, spec: SortSpec, keyCache: WeakMap<KubeObject, SortKey>): ScopedOrder {
  const all = cache.sorted;
  // Positions in the cache's name order of the rows in scope.
  let positions: Int32Array | undefined;
  let n = all.length;
  if (inScope) {
    positions = new Int32Array(all.length);
    n = 0;
    for (let p = 0; p < all.length; p++) if (inScope(all[p]!)) positions[n++] = p;
  }
  const at = (i: number) => (positions ? positions[i]! : i);
  let order: ArrayLike<number> | undefined;
  if (spec.key && !spec.volatile && n > 0) {
    const col = cache.column(spec.id, spec.key);
    if (col.num) {
      const nums = numbers(n);
      for (let i = 0; i < n; i++) nums[i] = col.num[at(i)]!;
      order = sortOrder({ num: nums }, n, spec.desc);
    } else {
      const strs: string[] = new Array(n);
      for (let i = 0; i < n; i++) strs[i] = col.str![at(i)]!;
      order = sortOrder({ str: strs }, n, spec.desc);
    }
  }
  const objs: KubeObject[] = new Array(n);
  if (order) {
    for (let i = 0; i < n; i++) objs[i] = all[at(order[i]!)]!;
  } else if (spec.key) {
    // Volatile keys (usage) change without the objects changing: computed now, from the objects.
    const scoped: KubeObject[] = new Array(n);
    for (let i = 0; i < n; i++) scoped[i] = all[at(i)]!;
    const sorted = sortBulk(scoped, spec, keyCache);
    for (let i = 0; i < n; i++) objs[i] = sorted[i]!;
  } else {
    for (let i = 0; i < n; i++) objs[i] = all[at(spec.desc ? n - 1 - i : i)]!;
  }
  // Where each row sits in the cache (valid until rows move or the cache merges additions): lets a filter set
  // later gather the rows' texts and fault flags from the cache's dense columns.
  if (!order && spec.key) return { objs, positions: undefined };
  const where = new Int32Array(n);
  if (order) for (let i = 0; i < n; i++) where[i] = at(order[i]!);
  else for (let i = 0; i < n; i++) where[i] = at(spec.desc ? n - 1 - i : i);
  return { objs, positions: where };
}
