import { badRequest } from '../api/errors.js';
/** Copying and freezing stored objects. Stored objects are immutable: readers share them, writers copy first. */

/** Deepest nesting an object may have: the patch code's limit, so every stored object stays patchable. */
export const MAX_OBJECT_DEPTH = 100;

/**
 * Deep copy of JSON-shaped data. Faster than structuredClone for small objects and keeps
 * strings shared (they are immutable), which matters at 150,000 pods. Refuses input nested deeper than
 * MAX_OBJECT_DEPTH with an ApiError (hostile input must not overflow the stack).
 */
export function deepClone<T>(value: T, depth = 0): T {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_OBJECT_DEPTH) throw badRequest(`the object is nested more than ${MAX_OBJECT_DEPTH} levels deep`);
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = deepClone(value[i], depth + 1);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const key in value as Record<string, unknown>) {
    const v = (value as Record<string, unknown>)[key];
    // An own `__proto__` member (JSON.parse makes one) must stay a member: assigning it would set the copy's prototype.
    if (key === '__proto__') Object.defineProperty(out, key, { value: deepClone(v, depth + 1), enumerable: true, writable: true, configurable: true });
    else if (v !== undefined) out[key] = deepClone(v, depth + 1);
  }
  return out as T;
}

/** Freeze an object graph so that a component mutating a shared object fails loudly (enabled in tests). */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const key of Object.keys(value as object)) deepFreeze((value as Record<string, unknown>)[key]);
  return value;
}

/** Structural equality of JSON-shaped data (used to detect no-op writes and spec changes). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as Record<string, unknown>, bo = b as Record<string, unknown>;
  let count = 0;
  for (const key in ao) {
    if (ao[key] === undefined) continue;
    count++;
    if (!deepEqual(ao[key], bo[key])) return false;
  }
  for (const key in bo) if (bo[key] !== undefined) count--;
  return count === 0;
}
