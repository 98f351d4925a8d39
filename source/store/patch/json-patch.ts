/**
 * JSON Patch (RFC 6902), `application/json-patch+json`, as upstream's apiserver applies it (evanphx/json-patch v4):
 * a document that is not an array of objects is a 400; an operation that cannot apply (missing path, failed `test`,
 * bad index) is a 422 with upstream's generic message, the specific reason in `details.causes`; more than 10,000
 * operations is a 413. Like upstream, negative array indices count from the end, and `test` of an absent path
 * against `null` passes.
 */
import { ApiError, badRequest } from '../../api/errors.js';
import {
  cloneJson, deepEqual, getOwn, isObject, jsonTypeName, preparePatch, setOwn, unprocessable, type JsonObject,
} from './json-value.js';

/** upstream's maxJSONPatchOperations. */
const MAX_OPERATIONS = 10_000;
/** Nodes `copy` may duplicate over one patch: each copy can double the document, so unchecked copies grow it 2^n. */
const MAX_COPIED_NODES = 1_000_000;

const OPERATIONS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);
const MISSING: unique symbol = Symbol('missing');
const INDEX = /^-?[0-9]{1,15}$/;

interface PatchState {
  doc: unknown;
  copied: number;
}

/** Apply RFC 6902 operations to `target` (not mutated) and return the result. */
export function jsonPatch(target: unknown, ops: unknown): unknown {
  // Go decodes a `null` document as an empty patch.
  if (ops === null) return cloneJson(target);
  if (!Array.isArray(ops)) throw badRequest(`json: cannot unmarshal ${jsonTypeName(ops)} into Go value of type jsonpatch.Patch`);
  if (ops.length > MAX_OPERATIONS) {
    throw new ApiError('RequestEntityTooLarge', `The allowed maximum operations in a JSON patch is ${MAX_OPERATIONS}, got ${ops.length}`);
  }
  for (const op of ops) {
    if (op !== null && !isObject(op)) throw badRequest(`json: cannot unmarshal ${jsonTypeName(op)} into Go value of type jsonpatch.Operation`);
  }
  const operations = preparePatch(ops) as Array<JsonObject | null>;
  const state: PatchState = { doc: cloneJson(target), copied: 0 };
  for (const op of operations) applyOperation(state, op);
  return state.doc;
}

function applyOperation(state: PatchState, op: JsonObject | null): void {
  const kind = op === null ? undefined : getOwn(op, 'op');
  if (typeof kind !== 'string' || !OPERATIONS.has(kind)) throw unprocessable(`Unexpected kind: ${typeof kind === 'string' ? kind : 'unknown'}`);
  const operation = op as JsonObject;
  const path = pointerField(operation, 'path', kind);
  const tokens = parsePointer(path);
  switch (kind) {
    case 'add':
      state.doc = add(state.doc, tokens, path, valueField(operation, kind, path), kind);
      return;
    case 'remove':
      remove(state.doc, tokens, path, kind);
      return;
    case 'replace':
      state.doc = replace(state.doc, tokens, path, valueField(operation, kind, path));
      return;
    case 'move': {
      const from = pointerField(operation, 'from', kind);
      if (from === path) return;
      if (path.startsWith(`${from}/`)) throw unprocessable(`Unable to move ${from} into one of its children: ${path}`, path);
      const value = remove(state.doc, parsePointer(from), from, kind);
      state.doc = add(state.doc, tokens, path, value, kind);
      return;
    }
    case 'copy': {
      const from = pointerField(operation, 'from', kind);
      const source = lookup(state.doc, parsePointer(from));
      if (source === MISSING) throw unprocessable(`jsonpatch copy operation does not apply: doc is missing from path: ${from}`, from);
      state.copied += countNodes(source, MAX_COPIED_NODES - state.copied);
      if (state.copied > MAX_COPIED_NODES) {
        throw unprocessable(`Unable to complete the copy, the accumulated size increase of copy exceeds the limit of ${MAX_COPIED_NODES} values`, path);
      }
      state.doc = add(state.doc, tokens, path, cloneJson(source), kind);
      return;
    }
    default:
      test(state.doc, tokens, path, operation);
  }
}

function pointerField(op: JsonObject, field: 'path' | 'from', kind: string): string {
  const value = getOwn(op, field);
  if (typeof value !== 'string') throw unprocessable(`jsonpatch ${kind} operation is missing the "${field}" field`);
  return value;
}

/** The op's `value`, copied so the result never shares memory with the caller's patch. */
function valueField(op: JsonObject, kind: string, path: string): unknown {
  if (!Object.hasOwn(op, 'value')) throw unprocessable(`jsonpatch ${kind} operation is missing the "value" field`, path);
  return cloneJson(op.value);
}

/** RFC 6901 pointer → unescaped reference tokens (`~1` is `/`, `~0` is `~`). */
function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (pointer[0] !== '/') throw unprocessable(`invalid JSON pointer ${JSON.stringify(pointer)}: it must be empty or start with "/"`, pointer);
  const tokens = pointer.slice(1).split('/');
  for (let i = 0; i < tokens.length; i++) {
    let token = tokens[i]!;
    if (token.includes('~')) {
      if (/~(?![01])/.test(token)) throw unprocessable(`invalid JSON pointer ${JSON.stringify(pointer)}: "~" must be followed by "0" or "1"`, pointer);
      token = token.replace(/~1/g, '/').replace(/~0/g, '~');
      tokens[i] = token;
    }
    if (token === '__proto__') throw badRequest(`invalid patch: the path ${JSON.stringify(pointer)} names the key "__proto__", which is not allowed`);
  }
  return tokens;
}

/** Array index for `token` in an array of `length` (`forAdd`: one past the end is valid); negative counts from the end. */
function arrayIndex(token: string, length: number, forAdd: boolean, path: string): number {
  if (!INDEX.test(token)) throw unprocessable(`value was not a proper array index: '${token}'`, path);
  const size = forAdd ? length + 1 : length;
  const index = Number(token);
  if (index >= size || index < -size) throw unprocessable(`Unable to access invalid index: ${index}`, path);
  return index < 0 ? index + size : index;
}

/** The value at `tokens[0..end)`, or MISSING. */
function lookup(doc: unknown, tokens: string[], end = tokens.length): unknown {
  let current = doc;
  for (let i = 0; i < end; i++) {
    const token = tokens[i]!;
    if (isObject(current)) {
      if (!Object.hasOwn(current, token)) return MISSING;
      current = current[token];
    } else if (Array.isArray(current)) {
      if (!INDEX.test(token)) return MISSING;
      let index = Number(token);
      if (index < 0) index += current.length;
      if (index < 0 || index >= current.length) return MISSING;
      current = current[index];
    } else {
      return MISSING;
    }
  }
  return current;
}

function missingPath(kind: string, path: string): ApiError {
  return unprocessable(`jsonpatch ${kind} operation does not apply: doc is missing path: ${path}`, path);
}

function add(doc: unknown, tokens: string[], path: string, value: unknown, kind: string): unknown {
  if (tokens.length === 0) return value;
  const parent = lookup(doc, tokens, tokens.length - 1);
  const last = tokens[tokens.length - 1]!;
  if (isObject(parent)) {
    setOwn(parent, last, value);
  } else if (Array.isArray(parent)) {
    if (last === '-') parent.push(value);
    else parent.splice(arrayIndex(last, parent.length, true, path), 0, value);
  } else {
    throw missingPath(kind, path);
  }
  return doc;
}

/** Remove and return the value at `tokens`. */
function remove(doc: unknown, tokens: string[], path: string, kind: string): unknown {
  if (tokens.length === 0) throw unprocessable(`jsonpatch ${kind} operation does not apply: the whole document cannot be removed`, path);
  const parent = lookup(doc, tokens, tokens.length - 1);
  const last = tokens[tokens.length - 1]!;
  if (isObject(parent)) {
    if (!Object.hasOwn(parent, last)) throw unprocessable(`Unable to remove nonexistent key: ${last}: missing value`, path);
    const value = parent[last];
    delete parent[last];
    return value;
  }
  if (Array.isArray(parent)) return parent.splice(arrayIndex(last, parent.length, false, path), 1)[0];
  throw missingPath(kind, path);
}

function replace(doc: unknown, tokens: string[], path: string, value: unknown): unknown {
  if (tokens.length === 0) return value;
  const parent = lookup(doc, tokens, tokens.length - 1);
  const last = tokens[tokens.length - 1]!;
  if (isObject(parent)) {
    if (!Object.hasOwn(parent, last)) throw unprocessable(`jsonpatch replace operation does not apply: doc is missing key: ${path}`, path);
    setOwn(parent, last, value);
  } else if (Array.isArray(parent)) {
    parent[arrayIndex(last, parent.length, false, path)] = value;
  } else {
    throw missingPath('replace', path);
  }
  return doc;
}

function test(doc: unknown, tokens: string[], path: string, op: JsonObject): void {
  const actual = lookup(doc, tokens);
  const expected = getOwn(op, 'value');
  // upstream: an absent path "equals" null, so `{"op":"test","value":null}` asserts absence.
  const passed = actual === MISSING ? expected === null || expected === undefined : expected !== undefined && deepEqual(actual, expected);
  if (!passed) throw unprocessable(`Testing value ${path} failed`, path);
}

/** Count JSON nodes in `v`, stopping early once past `budget`. */
function countNodes(v: unknown, budget: number): number {
  let count = 1;
  if (Array.isArray(v)) {
    for (const item of v) {
      if (count > budget) break;
      count += countNodes(item, budget - count);
    }
  } else if (isObject(v)) {
    for (const key of Object.keys(v)) {
      if (count > budget) break;
      count += countNodes(v[key], budget - count);
    }
  }
  return count;
}
