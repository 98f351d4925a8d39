/**
 * Strategic merge patch (`application/strategic-merge-patch+json`), following upstream's
 * apimachinery `strategicpatch.StrategicMergeMapPatch` as the apiserver runs it (parallel lists merged, unmatched
 * nulls ignored): maps merge, null deletes, lists with a merge key merge element-wise (strategic-meta.ts), other
 * lists are replaced; directives `$patch: replace|delete` (maps and list elements), `$retainKeys`,
 * `$setElementOrder/<list>`, `$deleteFromPrimitiveList/<list>`.
 *
 * Ordering follows upstream's mergeSortedSlice: items named in the patch keep the patch's order, and a new item
 * lands before the server-only items that follow it (so adding a container puts it first, as on a real cluster).
 *
 * Where upstream copies a patch value raw and relies on decoding into a Go struct to drop nulls and directive keys,
 * this code does that cleanup itself (a stored object here is plain JSON, never re-decoded).
 */
import { ApiError, badRequest } from '../../api/errors.js';
import { kindInfo } from '../../api/kinds.js';
import {
  cloneJson, deleteOwn, describe, getOwn, goKind, isObject, jsonTypeName, preparePatch, setOwn, unprocessable,
  type JsonObject,
} from './json-value.js';
import { BUILTIN_PATCH_META, type PatchMeta } from './strategic-meta.js';
import {
  BAD_ORDER_LIST, DIRECTIVE, SET_ELEMENT_ORDER, identity, noMergeKey, normalizeOrder, orderByDirective, validateOrder,
} from './strategic-order.js';

const RETAIN_KEYS = '$retainKeys';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';
const BAD_PRIMITIVE_LIST = 'invalid patch format of primitive list';

/** Apply a strategic merge patch to `original` (not mutated). Only built-in kinds take one, as upstream (custom resources answer 415). */
export function strategicMergePatch(original: unknown, patch: unknown, kind: string): unknown {
  if (kindInfo(kind) === undefined) {
    throw new ApiError('UnsupportedMediaType', 'the body of the request was in an unknown format - accepted media types include: '
      + 'application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml');
  }
  return mergeWithBuiltinMeta(original, patch);
}

/** The strategic merge itself, for any kind, with the built-in metadata table. */
export function mergeWithBuiltinMeta(original: unknown, patch: unknown): unknown {
  // Go decodes a `null` document into a nil map: nothing to merge.
  if (patch === null) return cloneJson(original);
  if (!isObject(patch)) throw badRequest(`json: cannot unmarshal ${jsonTypeName(patch)} into Go value of type map[string]interface {}`);
  const document = preparePatch(patch) as JsonObject;
  const base = cloneJson(original);
  return mergeMap(isObject(base) ? base : {}, document, BUILTIN_PATCH_META);
}

/** Merge `patch` (read only) into `original` (a private copy, mutated) and return the result. */
function mergeMap(original: JsonObject, patch: JsonObject, meta: PatchMeta | undefined): JsonObject {
  if (Object.hasOwn(patch, DIRECTIVE)) {
    const directive = patch[DIRECTIVE];
    if (directive === 'delete') return {};
    if (directive !== 'replace') throw badRequest(`unknown patch type: ${describe(directive)} in map: ${describe(patch)}`);
    // Replace: the patch (minus the directive) is the new value; merging it into nothing cleans it like a new value.
    original = {};
  }
  applyRetainKeys(original, patch);
  const ordered = applySetElementOrder(original, patch, meta);
  let deleteLists: string[] | undefined;
  for (const key of Object.keys(patch)) {
    if (key.startsWith('$')) {
      if (key === DIRECTIVE || key === RETAIN_KEYS || key.startsWith(SET_ELEMENT_ORDER)) continue;
      // Deletions run after the merges so a list that is both patched and trimmed ends up trimmed.
      if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
        (deleteLists ??= []).push(key);
        continue;
      }
    }
    if (ordered?.has(key)) continue;
    mergeField(original, key, patch[key], meta?.children.get(key));
  }
  if (deleteLists) for (const key of deleteLists) deleteFromPrimitiveList(original, key, patch[key]);
  return original;
}

function mergeField(original: JsonObject, key: string, value: unknown, meta: PatchMeta | undefined): void {
  if (value === null) {
    deleteOwn(original, key);
    return;
  }
  const current = getOwn(original, key);
  if (isObject(current) && isObject(value)) setOwn(original, key, mergeMap(current, value, meta));
  else if (Array.isArray(current) && Array.isArray(value)) setOwn(original, key, mergeListField(current, value, meta, key));
  else setOwn(original, key, materialize(value, meta));
}

function mergeListField(current: unknown[], patch: unknown[], meta: PatchMeta | undefined, field: string): unknown[] {
  if (meta?.mergeKey === undefined) return materializeList(patch, meta);
  return mergeList(current, patch, meta.mergeKey, meta, field);
}

/** A patch value with no original to merge into: a copy without nulls in maps and without directives. */
function materialize(value: unknown, meta: PatchMeta | undefined): unknown {
  if (Array.isArray(value)) return materializeList(value, meta);
  if (isObject(value)) return mergeMap({}, value, meta);
  return value;
}

function materializeList(list: unknown[], meta: PatchMeta | undefined): unknown[] {
  const out: unknown[] = [];
  for (const item of list) {
    // upstream's removeDirectives: a list with nothing to merge into keeps no element carrying `$patch`.
    if (isObject(item) && Object.hasOwn(item, DIRECTIVE)) continue;
    out.push(materialize(item, meta));
  }
  return out;
}

/** Merge two lists of a merge-strategy field. `mergeKey` '' means a list of primitives merged as an ordered set. */
function mergeList(original: unknown[], patch: unknown[], mergeKey: string, meta: PatchMeta | undefined, field: string): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const first = checkElementTypes(original, patch);
  if (!isObject(first)) {
    if (mergeKey !== '') throw badRequest(`expected a map, but received a ${goKind(first)}`);
    const inPatch = new Set(patch);
    const merged = [...new Set([...original, ...patch])];
    return normalizeOrder(merged, (v) => inPatch.has(v), patch, original, identity);
  }
  if (mergeKey === '') throw badRequest(`cannot merge lists without merge key for ${field}`);
  return mergeMapList(original as JsonObject[], patch as JsonObject[], mergeKey, meta);
}

/** Lists of maps merged by `mergeKey`: `$patch` elements first (delete / replace), then merge or append, then order. */
function mergeMapList(original: JsonObject[], patch: JsonObject[], mergeKey: string, meta: PatchMeta | undefined): unknown[] {
  let base: JsonObject[] = original;
  let replace = false;
  let deleted: Set<unknown> | undefined;
  const items: JsonObject[] = [];
  for (const item of patch) {
    if (!Object.hasOwn(item, DIRECTIVE)) {
      items.push(item);
      continue;
    }
    const directive = item[DIRECTIVE];
    if (directive === 'delete') {
      if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
      (deleted ??= new Set()).add(item[mergeKey]);
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      throw badRequest('merging lists cannot yet be specified in the patch');
    } else {
      throw badRequest(`unknown patch type: ${describe(directive)} in map: ${describe(item)}`);
    }
  }
  if (replace) {
    base = items.map((item) => mergeMap({}, item, meta));
    items.length = 0;
  } else if (deleted) {
    const gone = deleted;
    base = base.filter((element) => !(Object.hasOwn(element, mergeKey) && gone.has(element[mergeKey])));
  }

  const merged: JsonObject[] = base.slice();
  const position = new Map<unknown, number>();
  for (let i = 0; i < merged.length; i++) {
    const element = merged[i]!;
    if (Object.hasOwn(element, mergeKey) && !position.has(element[mergeKey])) position.set(element[mergeKey], i);
  }
  const inPatch = new Set<unknown>();
  for (const item of items) {
    if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
    const key = item[mergeKey];
    if (key !== null && typeof key === 'object') throw badRequest(`merge key "${mergeKey}" must have a primitive value: ${describe(item)}`);
    inPatch.add(key);
    const at = position.get(key);
    if (at !== undefined) {
      merged[at] = mergeMap(merged[at]!, item, meta);
    } else {
      position.set(key, merged.length);
      merged.push(mergeMap({}, item, meta));
    }
  }
  for (const element of merged) if (!Object.hasOwn(element, mergeKey)) throw noMergeKey(element, mergeKey);
  const keyOf = (v: unknown): unknown => (v as JsonObject)[mergeKey];
  return normalizeOrder(merged, (v) => inPatch.has(keyOf(v)), items, base, keyOf);
}

/** All elements of both lists must share one JSON type, and not be lists; returns the first element. */
function checkElementTypes(original: unknown[], patch: unknown[]): unknown {
  const first = original.length > 0 ? original[0] : patch[0];
  if (Array.isArray(first)) throw unprocessable('lists of lists are not supported');
  const type = jsonTypeName(first);
  for (const list of [original, patch]) {
    for (const item of list) {
      if (jsonTypeName(item) !== type) throw badRequest(`list element types are not identical: ${describe([original, patch])}`);
    }
  }
  return first;
}

/** `$retainKeys`: drop every field of the original not listed; every field the patch sets must be listed. */
function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  if (!Object.hasOwn(patch, RETAIN_KEYS)) return;
  const list = patch[RETAIN_KEYS];
  if (!Array.isArray(list)) throw badRequest('invalid patch format of retainKeys');
  const retained = new Set<unknown>(list);
  for (const key of Object.keys(patch)) {
    if (key === RETAIN_KEYS || key === DIRECTIVE || patch[key] === null) continue;
    if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST) || key.startsWith(SET_ELEMENT_ORDER)) continue;
    if (!retained.has(key)) throw unprocessable('patch content doesn\'t match retainKeys list', key);
  }
  for (const key of Object.keys(original)) if (!retained.has(key)) delete original[key];
}

/** The list field a `$prefix/<field>` directive key names. */
function directiveTarget(key: string, prefix: string, message: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) throw badRequest(message);
  return key.slice(slash + 1);
}

function asList(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw badRequest(`expected a slice, but received a ${goKind(value)}`);
  return value;
}

/**
 * `$setElementOrder/<list>`: merge that list now and order it by the directive (then the patch, then the server).
 * Returns the list fields it handled so the main loop skips them.
 */
function applySetElementOrder(original: JsonObject, patch: JsonObject, meta: PatchMeta | undefined): Set<string> | undefined {
  let handled: Set<string> | undefined;
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
    const listKey = directiveTarget(key, SET_ELEMENT_ORDER, BAD_ORDER_LIST);
    const order = patch[key];
    if (!Array.isArray(order)) throw badRequest(BAD_ORDER_LIST);
    const patchRaw = getOwn(patch, listKey);
    if (patchRaw === null) continue; // the list is being deleted; the main loop does that
    const currentRaw = getOwn(original, listKey);
    const current = currentRaw === undefined || currentRaw === null ? undefined : asList(currentRaw);
    const patchList = patchRaw === undefined ? undefined : asList(patchRaw);
    const listMeta = meta?.children.get(listKey);
    const mergeKey = listMeta?.mergeKey ?? '';
    validateOrder(patchList ?? [], order, mergeKey);
    let merged: unknown[];
    if (current && patchList) merged = mergeListField(current, patchList, listMeta, listKey);
    else if (current) merged = current;
    else if (patchList) merged = materializeList(patchList, listMeta);
    else continue;
    (handled ??= new Set()).add(listKey);
    setOwn(original, listKey, orderByDirective(merged, order, current ?? [], mergeKey));
  }
  return handled;
}

/** `$deleteFromPrimitiveList/<list>: [values]`: remove those values from a list of primitives. */
function deleteFromPrimitiveList(original: JsonObject, key: string, values: unknown): void {
  const listKey = directiveTarget(key, DELETE_FROM_PRIMITIVE_LIST, BAD_PRIMITIVE_LIST);
  if (!Array.isArray(values)) throw badRequest(BAD_PRIMITIVE_LIST);
  const current = getOwn(original, listKey);
  if (!Array.isArray(current)) return;
  const remove = new Set(values);
  setOwn(original, listKey, current.filter((v) => !remove.has(v)));
}
