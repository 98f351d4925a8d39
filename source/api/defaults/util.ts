/**
 * Helpers for defaulting objects that came straight from YAML: a field is only defaulted when it is absent (or
 * null, which JSON decoding treats as absent), and a field of the wrong type is left for validation to report.
 */

/** A plain JSON object. */
export type Obj = Record<string, unknown>;

/** A plain object (not null, not an array). */
export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Absent or null: what Go's decoder leaves as a nil pointer or zero value. */
export function isUnset(v: unknown): boolean {
  return v === undefined || v === null;
}

/** Set parent[key] to `value` when it is unset. */
export function setDefault(parent: Obj, key: string, value: unknown): void {
  if (isUnset(parent[key])) parent[key] = value;
}

/** Set parent[key] when it is unset or an empty string (Go string fields default on ""). */
export function setDefaultString(parent: Obj, key: string, value: string): void {
  if (isUnset(parent[key]) || parent[key] === '') parent[key] = value;
}

/** Set parent[key] when it is unset or 0 (Go int fields default on their zero value). */
export function setDefaultNumber(parent: Obj, key: string, value: number): void {
  if (isUnset(parent[key]) || parent[key] === 0) parent[key] = value;
}

/** parent[key] as an object, created when unset; undefined when it holds something else (left for validation). */
export function ensureObj(parent: Obj, key: string): Obj | undefined {
  const v = parent[key];
  if (isUnset(v)) {
    const created: Obj = {};
    parent[key] = created;
    return created;
  }
  return isObj(v) ? v : undefined;
}

/** parent[key] as an object if it is one. */
export function objAt(parent: Obj, key: string): Obj | undefined {
  const v = parent[key];
  return isObj(v) ? v : undefined;
}

/** The object items of parent[key] when it is an array (other items are skipped). */
export function objItems(parent: Obj, key: string): Obj[] {
  const v = parent[key];
  return Array.isArray(v) ? v.filter(isObj) : [];
}
