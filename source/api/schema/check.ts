/** Strict field validation of an object against its kind's schema, as `kubectl apply --validate=strict` reports it. */
import type { FieldType, ScalarType } from './dsl.js';
import { resolveRef, schemaFor } from './registry.js';

/** One finding: an unknown field, or a value of the wrong type. `path` reads like `spec.template.spec.containers[0].image`. */
export interface SchemaIssue {
  path: string;
  kind: 'unknown' | 'type';
  message: string;
}

/** The most issues one check reports; hostile input (a million bad keys) stops here. */
export const MAX_SCHEMA_ISSUES = 100;

// Upstream's quantity grammar: a signed decimal, then a binary suffix (Ki..Ei), a decimal SI suffix, or an exponent.
const QUANTITY = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+|[KMGTPE]i|[numkMGTPE])?$/;
// RFC 3339, as metav1.Time and MicroTime decode it.
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

const EXPECTED: Record<ScalarType | 'object' | 'array' | 'map', string> = {
  string: 'string', int32: 'integer', int64: 'integer', number: 'number', boolean: 'boolean',
  quantity: 'quantity (string or number)', intOrString: 'integer or string', time: 'RFC 3339 date-time string', any: 'any',
  object: 'object', array: 'array', map: 'object',
};

/**
 * Unknown fields and wrong types in `obj` for `kind`. Never throws; returns [] for a kind without a schema.
 * null anywhere below the top means "unset", as in upstream's JSON decoding.
 */
export function checkSchema(obj: unknown, kind: string): SchemaIssue[] {
  const schema = schemaFor(kind);
  if (!schema) return [];
  const issues: SchemaIssue[] = [];
  if (!isPlainObject(obj)) {
    issues.push(typeIssue('', 'object', obj));
    return issues;
  }
  try {
    visit(obj, schema, '', issues);
  } catch {
    // Only exotic input gets here (a Proxy or throwing getter); what was found so far is still true.
  }
  return issues;
}

function visit(value: unknown, declared: FieldType, path: string, issues: SchemaIssue[]): void {
  if (value === null || value === undefined) return;
  const type = resolveRef(declared);
  if (!type) return;
  switch (type.type) {
    case 'any':
      return;
    case 'string':
      if (typeof value !== 'string') issues.push(typeIssue(path, 'string', value));
      return;
    case 'int32':
    case 'int64':
      if (!isInteger(value, type.type === 'int32')) issues.push(typeIssue(path, type.type, value));
      return;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) issues.push(typeIssue(path, 'number', value));
      return;
    case 'boolean':
      if (typeof value !== 'boolean') issues.push(typeIssue(path, 'boolean', value));
      return;
    case 'quantity':
      if (!isQuantity(value)) issues.push(typeIssue(path, 'quantity', value));
      return;
    case 'intOrString':
      if (typeof value !== 'string' && !isInteger(value, true)) issues.push(typeIssue(path, 'intOrString', value));
      return;
    case 'time':
      if (!isTime(value)) issues.push(typeIssue(path, 'time', value));
      return;
    case 'object': {
      if (!isPlainObject(value)) { issues.push(typeIssue(path, 'object', value)); return; }
      for (const key of Object.keys(value)) {
        if (issues.length >= MAX_SCHEMA_ISSUES) return;
        const child = path ? `${path}.${key}` : key;
        if (Object.hasOwn(type.fields, key)) visit(value[key], type.fields[key]!, child, issues);
        else issues.push({ path: child, kind: 'unknown', message: `unknown field ${JSON.stringify(child)}` });
      }
      return;
    }
    case 'array': {
      if (!Array.isArray(value)) { issues.push(typeIssue(path, 'array', value)); return; }
      for (let i = 0; i < value.length && issues.length < MAX_SCHEMA_ISSUES; i++) {
        visit(value[i], type.items, `${path}[${i}]`, issues);
      }
      return;
    }
    case 'map': {
      if (!isPlainObject(value)) { issues.push(typeIssue(path, 'map', value)); return; }
      for (const key of Object.keys(value)) {
        if (issues.length >= MAX_SCHEMA_ISSUES) return;
        // Map keys use upstream's field-path form: resources.limits[cpu], metadata.labels[app].
        visit(value[key], type.values, `${path}[${key}]`, issues);
      }
      return;
    }
    case 'ref':
      return; // unreachable: resolveRef followed every ref
  }
}

function typeIssue(path: string, expected: keyof typeof EXPECTED, value: unknown): SchemaIssue {
  const what = `expected ${EXPECTED[expected]}, got ${describeValue(value)}`;
  return { path, kind: 'type', message: path ? `${path}: ${what}` : what };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function isInteger(value: unknown, int32: boolean): boolean {
  if (typeof value === 'bigint') return !int32 || (value >= INT32_MIN && value <= INT32_MAX);
  if (typeof value !== 'number' || !Number.isInteger(value)) return false;
  return !int32 || (value >= INT32_MIN && value <= INT32_MAX);
}

function isQuantity(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value === 'bigint') return true;
  // Upstream trims surrounding spaces before parsing.
  return typeof value === 'string' && value.length <= 256 && QUANTITY.test(value.trim());
}

function isTime(value: unknown): boolean {
  if (value instanceof Date) return !Number.isNaN(value.getTime()); // YAML 1.1 timestamps arrive as Dates
  return typeof value === 'string' && RFC3339.test(value);
}

/** The value as a message shows it: `string "three"`, `number 3.5`, `array`. Long strings are cut. */
function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string': return `string ${JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}...` : value)}`;
    case 'number': case 'bigint': return `number ${String(value)}`;
    case 'boolean': return `boolean ${String(value)}`;
    case 'object': return value instanceof Date ? 'date' : 'object';
    default: return typeof value;
  }
}
