/**
 * Element order for strategic-merge lists, as upstream's normalizeElementOrder / mergeSortedSlice and the
 * `$setElementOrder` checks compute it. Pure functions over already-merged lists.
 */
import { ApiError, badRequest } from '../../api/errors.js';
import { describe, getOwn, goKind, isObject, type JsonObject } from './json-value.js';

export const DIRECTIVE = '$patch';
export const SET_ELEMENT_ORDER = '$setElementOrder';
export const BAD_ORDER_LIST = 'invalid patch format of setElementOrder list';

/**
 * upstream's normalizeElementOrder + mergeSortedSlice: items present in the patch sorted by `patchOrder`, the rest by
 * `serverOrder`, then interleaved: a server-only item goes first only when both are known to the server and it
 * came first there.
 */
export function normalizeOrder(merged: unknown[], fromPatch: (v: unknown) => boolean, patchOrder: unknown[], serverOrder: unknown[],
  keyOf: (v: unknown) => unknown): unknown[] {
  const patchItems: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const item of merged) (fromPatch(item) ? patchItems : serverOnly).push(item);
  const serverIndex = firstIndex(serverOrder, keyOf);
  sortByIndex(patchItems, firstIndex(patchOrder, keyOf), keyOf);
  sortByIndex(serverOnly, serverIndex, keyOf);
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < serverOnly.length && j < patchItems.length) {
    const left = serverIndex.get(keyOf(serverOnly[i]));
    const right = serverIndex.get(keyOf(patchItems[j]));
    if (left !== undefined && right !== undefined && left < right) out.push(serverOnly[i++]);
    else out.push(patchItems[j++]);
  }
  while (i < serverOnly.length) out.push(serverOnly[i++]);
  while (j < patchItems.length) out.push(patchItems[j++]);
  return out;
}

function firstIndex(list: unknown[], keyOf: (v: unknown) => unknown): Map<unknown, number> {
  const index = new Map<unknown, number>();
  for (let i = 0; i < list.length; i++) {
    const key = keyOf(list[i]);
    if (!index.has(key)) index.set(key, i);
  }
  return index;
}

/** Stable sort by position in `index`; unknown items go first (where Go's sort.SliceStable with upstream's comparator puts them). */
function sortByIndex(items: unknown[], index: Map<unknown, number>, keyOf: (v: unknown) => unknown): void {
  if (items.length < 2) return;
  const decorated = items.map((item) => ({ item, at: index.get(keyOf(item)) ?? -1 }));
  decorated.sort((a, b) => a.at - b.at);
  for (let i = 0; i < items.length; i++) items[i] = decorated[i]!.item;
}

/** Key of a primitive list element: the element itself. */
export const identity = (v: unknown): unknown => v;

/** upstream's ErrNoMergeKey. */
export function noMergeKey(item: unknown, mergeKey: string): ApiError {
  return badRequest(`map: ${describe(item)} does not contain declared merge key: ${mergeKey}`);
}

/** Order `merged` by a `$setElementOrder` list, then the server's order (`serverOrder`). */
export function orderByDirective(merged: unknown[], order: unknown[], serverOrder: unknown[], mergeKey: string): unknown[] {
  if (mergeKey === '') {
    // Go hashes primitives only; a map in a primitive-ordered list would panic upstream.
    for (const item of [...merged, ...order]) if (item !== null && typeof item === 'object') throw badRequest(BAD_ORDER_LIST);
    const inOrder = new Set(order);
    return normalizeOrder(merged, (v) => inOrder.has(v), order, serverOrder, identity);
  }
  for (const list of [merged, order, serverOrder]) {
    for (const item of list) {
      if (!isObject(item)) throw badRequest(`expected a map, but received a ${goKind(item)}`);
      if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
    }
  }
  const keyOf = (v: unknown): unknown => (v as JsonObject)[mergeKey];
  const inOrder = new Set(order.map(keyOf));
  return normalizeOrder(merged, (v) => inOrder.has(keyOf(v)), order, serverOrder, keyOf);
}

/** upstream's validatePatchWithSetOrderList: the patch list's items must appear in the directive, in the same order. */
export function validateOrder(patchList: unknown[], order: unknown[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const items = mergeKey === '' ? patchList : patchList.filter((item) => {
    if (!isObject(item)) throw badRequest(`expected a map, but received a ${goKind(item)}`);
    return getOwn(item, DIRECTIVE) !== 'delete';
  });
  let p = 0;
  let s = 0;
  while (p < items.length && s < order.length) {
    const item = items[p];
    if (isObject(item) && Object.hasOwn(item, DIRECTIVE)) {
      p++;
      continue;
    }
    if (keyEqual(item, order[s], mergeKey)) p++;
    s++;
  }
  if (p < items.length && s >= order.length) {
    throw badRequest(`The order in patch list:\n${describe(patchList)}\n doesn't match ${SET_ELEMENT_ORDER} list:\n${describe(order)}\n`);
  }
}

function keyEqual(left: unknown, right: unknown, mergeKey: string): boolean {
  if (mergeKey === '') return left === right;
  for (const item of [left, right]) {
    if (!isObject(item)) throw badRequest(`expected a map, but received a ${goKind(item)}`);
    if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
  }
  return (left as JsonObject)[mergeKey] === (right as JsonObject)[mergeKey];
}
