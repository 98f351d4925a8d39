/**
 * JSON value helpers shared by the patch algorithms. Patch documents are hostile input: every key access is an
 * own-property access (a `constructor` or `__proto__` key never reaches Object.prototype), nesting is bounded, and
 * errors are ApiErrors shaped as upstream's apiserver answers them.
 */
import { ApiError, badRequest } from '../../api/errors.js';

export type JsonObject = Record<string, unknown>;

/** Deepest nesting accepted in a patch or a patched object; real objects stay under ~20 levels (CronJob pod templates). */
export const MAX_DEPTH = 100;

/** upstream's text for any 422 built with NewGenericServerResponse (failed JSON-patch op, lists of lists, retainKeys mismatch). */
export const UNPROCESSABLE_MESSAGE = 'the server rejected our request due to an error in our request';

/** Whether `v` is a plain JSON object (not an array, not a class instance). */
export function isObject(v: unknown): v is JsonObject {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** The own value of `key`, never an inherited one (`obj.constructor` would otherwise be Object). */
export function getOwn(obj: JsonObject, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** Set an own property; `__proto__` is defined, not assigned, so it can never replace the prototype. */
export function setOwn(obj: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** Remove an own property (no-op when absent). */
export function deleteOwn(obj: JsonObject, key: string): void {
  if (Object.hasOwn(obj, key)) delete obj[key];
}

/** The 422 upstream answers for a patch it understood but could not apply; the specific reason travels as a cause. */
export function unprocessable(detail: string, field?: string): ApiError {
  const cause = field === undefined ? { reason: 'FieldValueInvalid', message: detail } : { reason: 'FieldValueInvalid', message: detail, field };
  return new ApiError('Invalid', UNPROCESSABLE_MESSAGE, { causes: [cause] });
}

function tooDeep(): ApiError {
  return badRequest(`invalid patch: nesting deeper than ${MAX_DEPTH} levels is not supported`);
}

function unsupported(v: unknown): ApiError {
  const what = typeof v === 'object' ? `object of type ${(v as object).constructor?.name ?? 'unknown'}` : typeof v;
  return badRequest(`invalid patch: ${what} is not a JSON value`);
}

/**
 * Deep copy of a JSON value, checked: bounded depth, only JSON types (undefined object members are dropped as
 * JSON.stringify does). Used on the stored original, which may be frozen and must never be mutated.
 */
export function cloneJson(v: unknown, depth = 0): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (depth >= MAX_DEPTH) throw tooDeep();
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = v[i] === undefined ? null : cloneJson(v[i], depth + 1);
    return out;
  }
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const key of Object.keys(v)) {
      const child = v[key];
      if (child !== undefined) setOwn(out, key, cloneJson(child, depth + 1));
    }
    return out;
  }
  throw unsupported(v);
}

/**
 * Check a patch document once, up front, so the algorithms can trust it: only JSON types, bounded depth, and no
 * `__proto__` key anywhere (no Kubernetes field, label or annotation key can be spelled that way). Object members
 * set to `undefined` are absent, as on the wire; the patch is then copied without them (the caller's is never changed).
 */
export function preparePatch(v: unknown): unknown {
  return scanPatch(v, 0) ? cloneJson(v) : v;
}

/** Validate; returns whether an `undefined` member needs dropping. */
function scanPatch(v: unknown, depth: number): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return false;
  if (depth >= MAX_DEPTH) throw tooDeep();
  let sawUndefined = false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      if (v[i] === undefined) throw badRequest('invalid patch: undefined is not a JSON value');
      if (scanPatch(v[i], depth + 1)) sawUndefined = true;
    }
    return sawUndefined;
  }
  if (!isObject(v)) throw unsupported(v);
  for (const key of Object.keys(v)) {
    if (key === '__proto__') throw badRequest('invalid patch: the key "__proto__" is not allowed');
    const child = v[key];
    if (child === undefined) sawUndefined = true;
    else if (scanPatch(child, depth + 1)) sawUndefined = true;
  }
  return sawUndefined;
}

/** Structural equality of JSON values (object member order does not matter). Inputs are already depth-checked. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    for (const key of keys) if (!Object.hasOwn(b, key) || !deepEqual(a[key], b[key])) return false;
    return true;
  }
  return false;
}

/** The name Go's encoding/json gives a JSON value's type in `cannot unmarshal X into …` errors. */
export function jsonTypeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

/** The reflect kind upstream's strategic-merge errors name (`expected a map, but received a string`). */
export function goKind(v: unknown): string {
  if (v === null || v === undefined) return 'invalid';
  if (Array.isArray(v)) return 'slice';
  if (typeof v === 'object') return 'map';
  if (typeof v === 'number') return 'float64';
  return typeof v;
}

/** A value for an error message: JSON, cut short so a huge hostile patch cannot make a huge error. */
export function describe(v: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(v) ?? String(v);
  } catch {
    text = String(v);
  }
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}
