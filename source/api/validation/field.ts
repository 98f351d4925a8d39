/**
 * Field errors and defensive readers. Validation sees objects straight from YAML/JSON, so every read checks the type:
 * a wrong type becomes a FieldValueTypeInvalid error (never a throw) and the reader returns undefined.
 * Child paths are only built when an error is recorded, so a valid object costs no string work.
 */
import type { FieldError } from '../errors.js';

/** A plain JSON object. */
export type Obj = Record<string, unknown>;
/** Where errors are collected. */
export type Errs = FieldError[];

/** A plain object (not null, not an array). */
export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Absent or null: JSON null decodes to Go's zero value, so both mean "not set". */
export function isUnset(v: unknown): boolean {
  return v === undefined || v === null;
}

/** table[key] only if it is the table's own entry: a user-supplied key like `valueOf` must not reach Object.prototype. */
export function lookup<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/**
 * A value as text without calling anything it carries: JSON data may hold keys named `toString` or `valueOf`, on
 * which String() and template literals would throw.
 */
export function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v === undefined) return '';
  return JSON.stringify(v) ?? '';
}

/** `spec` + `replicas` → `spec.replicas`. */
export function child(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** `spec.containers` + 0 → `spec.containers[0]`; also map keys: `limits` + `cpu` → `limits[cpu]`. */
export function index(path: string, i: number | string): string {
  return `${path}[${i}]`;
}

// ---- error constructors (field.Invalid, field.Required, ...) ----

/** field.Invalid: `<field>: Invalid value: <value>: <detail>`. */
export function invalid(errs: Errs, field: string, value: unknown, detail: string): void {
  errs.push({ type: 'FieldValueInvalid', field, value, detail });
}

/** field.Invalid with the value already rendered (Go `%#v` syntax, or an unquoted Stringer). */
export function invalidText(errs: Errs, field: string, valueText: string, detail: string): void {
  errs.push({ type: 'FieldValueInvalid', field, valueText, detail });
}

/** field.Required: `<field>: Required value[: <detail>]`. */
export function required(errs: Errs, field: string, detail = ''): void {
  errs.push(detail ? { type: 'FieldValueRequired', field, detail } : { type: 'FieldValueRequired', field });
}

/** field.NotSupported: `<field>: Unsupported value: <value>: supported values: ...`. */
export function notSupported(errs: Errs, field: string, value: unknown, supported: readonly string[]): void {
  errs.push({ type: 'FieldValueNotSupported', field, value, supported: [...supported] });
}

/** field.Forbidden: `<field>: Forbidden: <detail>`. */
export function forbidden(errs: Errs, field: string, detail: string): void {
  errs.push({ type: 'FieldValueForbidden', field, detail });
}

/** field.Duplicate: `<field>: Duplicate value: <value>`. */
export function duplicate(errs: Errs, field: string, value: unknown, valueText?: string): void {
  errs.push(valueText === undefined ? { type: 'FieldValueDuplicate', field, value } : { type: 'FieldValueDuplicate', field, valueText });
}

/** field.NotFound: `<field>: Not found: <value>`. */
export function notFound(errs: Errs, field: string, value: unknown): void {
  errs.push({ type: 'FieldValueNotFound', field, value });
}

/** field.TooLong for byte sizes: `<field>: Too long: may not be more than <n> bytes`. */
export function tooLong(errs: Errs, field: string, maxBytes: number): void {
  errs.push({ type: 'FieldValueTooLong', field, detail: `may not be more than ${maxBytes} bytes` });
}

const NEGATIVE = 'must be greater than or equal to 0';

/** ValidateNonnegativeField. */
export function nonNegative(errs: Errs, field: string, value: number | undefined): void {
  if (value !== undefined && value < 0) invalid(errs, field, value, NEGATIVE);
}

// ---- type-checked readers ----

/** JSON type names used in type errors (the words OpenAPI uses). */
type TypeName = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';

function typeError(errs: Errs, field: string, value: unknown, type: TypeName): void {
  // Composite values are not echoed: a wrong-typed template would print as a page of JSON.
  const valueText = Array.isArray(value) ? 'array' : isObj(value) ? 'object' : undefined;
  errs.push(valueText === undefined
    ? { type: 'FieldValueTypeInvalid', field, value, detail: `must be of type ${type}` }
    : { type: 'FieldValueTypeInvalid', field, valueText, detail: `must be of type ${type}` });
}

/** parent[key] as an object; undefined when absent or null (JSON null decodes to the zero value). */
export function readObj(errs: Errs, parent: Obj, key: string, path: string): Obj | undefined {
  const v = parent[key];
  if (v === undefined || v === null) return undefined;
  if (isObj(v)) return v;
  typeError(errs, child(path, key), v, 'object');
  return undefined;
}

/** parent[key] as an array. */
export function readArr(errs: Errs, parent: Obj, key: string, path: string): unknown[] | undefined {
  const v = parent[key];
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v;
  typeError(errs, child(path, key), v, 'array');
  return undefined;
}

/** parent[key] as a string. */
export function readStr(errs: Errs, parent: Obj, key: string, path: string): string | undefined {
  const v = parent[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  typeError(errs, child(path, key), v, 'string');
  return undefined;
}

/** parent[key] as an integer (int32/int64 fields). */
export function readInt(errs: Errs, parent: Obj, key: string, path: string): number | undefined {
  const v = parent[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  typeError(errs, child(path, key), v, 'integer');
  return undefined;
}

/** parent[key] as a finite number. */
export function readNum(errs: Errs, parent: Obj, key: string, path: string): number | undefined {
  const v = parent[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  typeError(errs, child(path, key), v, 'number');
  return undefined;
}

/** parent[key] as a boolean. */
export function readBool(errs: Errs, parent: Obj, key: string, path: string): boolean | undefined {
  const v = parent[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  typeError(errs, child(path, key), v, 'boolean');
  return undefined;
}

/** parent[key] as an int-or-string (targetPort, maxSurge, minAvailable). */
export function readIntOrStr(errs: Errs, parent: Obj, key: string, path: string): number | string | undefined {
  const v = parent[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string' || (typeof v === 'number' && Number.isSafeInteger(v))) return v;
  typeError(errs, child(path, key), v, 'integer');
  return undefined;
}

/** parent[key] as map[string]string: entries whose value is not a string are reported and dropped. */
export function readStrMap(errs: Errs, parent: Obj, key: string, path: string): Record<string, string> | undefined {
  const m = readObj(errs, parent, key, path);
  if (!m) return undefined;
  let clean: Record<string, string> | undefined;
  for (const k of Object.keys(m)) {
    const v = m[k];
    if (typeof v === 'string') continue;
    if (v !== null) typeError(errs, index(child(path, key), k), v, 'string');
    clean ??= { ...m } as Record<string, string>;
    delete clean[k];
  }
  return clean ?? (m as Record<string, string>);
}

/** parent[key] as []string: non-string items are reported and skipped. */
export function readStrArr(errs: Errs, parent: Obj, key: string, path: string): string[] | undefined {
  const a = readArr(errs, parent, key, path);
  if (!a) return undefined;
  let bad = false;
  for (let i = 0; i < a.length; i++) {
    if (typeof a[i] !== 'string') {
      typeError(errs, index(child(path, key), i), a[i], 'string');
      bad = true;
    }
  }
  return bad ? (a.filter((s) => typeof s === 'string') as string[]) : (a as string[]);
}

/** Array items that are objects; other items are reported (`spec.containers[1]: must be of type object`). */
export function objItems(errs: Errs, items: unknown[], path: string): Array<[Obj, number]> {
  const out: Array<[Obj, number]> = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (isObj(item)) out.push([item, i]);
    else typeError(errs, index(path, i), item, 'object');
  }
  return out;
}

/** Enum check: Required when empty, NotSupported when not one of `supported` (listed as upstream lists them). */
export function oneOf(errs: Errs, field: string, value: string | undefined, supported: readonly string[], requiredWhenEmpty = true): void {
  if (value === undefined || value === '') {
    if (requiredWhenEmpty) required(errs, field);
    return;
  }
  if (!supported.includes(value)) notSupported(errs, field, value, supported);
}

/** Structural equality of JSON data; absent and undefined keys are the same (as upstream's semantic DeepEqual on nil). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], bb[i])) return false;
    return true;
  }
  const ao = a as Obj, bo = b as Obj;
  // Own properties only: a key such as `valueOf` must not be compared with Object.prototype's.
  for (const k of Object.keys(ao)) if (ao[k] !== undefined && !jsonEqual(ao[k], Object.hasOwn(bo, k) ? bo[k] : undefined)) return false;
  for (const k of Object.keys(bo)) if (bo[k] !== undefined && (!Object.hasOwn(ao, k) || ao[k] === undefined)) return false;
  return true;
}
