/**
 * Small cell formatters shared by the per-kind printers, mirroring the helpers upstream's printers use
 * (labels.FormatLabels, metav1.FormatLabelSelector, layoutContainerCells, ...). Every helper accepts
 * `unknown` so a malformed object prints something instead of throwing.
 */

/** The placeholder upstream prints for an empty list or unset reference. */
export const NONE = '<none>';

const EMPTY: readonly never[] = Object.freeze([]);

/** A string field, or '' when missing or of the wrong type (numbers and booleans print as text). */
export function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return '';
}

/** An integer field as Go would hold it: 0 when missing or not a finite number. */
export function int(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : 0;
}

/** An array field, or an empty array when missing or not an array. */
export function list<T = unknown>(v: unknown): readonly T[] {
  return Array.isArray(v) ? (v as T[]) : EMPTY;
}

const EMPTY_RECORD: Readonly<Record<string, unknown>> = Object.freeze({});

/** An object field, or a shared frozen empty object when missing or not a plain object (printing never writes to it). */
export function record(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : EMPTY_RECORD;
}

/** An object field, or undefined when missing, null or not an object (Go's nil pointer). */
export function present(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** Number of keys of a map-valued field (ConfigMap data, Secret data). */
export function keyCount(v: unknown): number {
  return Object.keys(record(v)).length;
}

/** Go's printBoolPtr: `True` / `False`, `<unset>` when missing. */
export function boolPtr(v: unknown): string {
  return typeof v === 'boolean' ? (v ? 'True' : 'False') : '<unset>';
}

/** labels.FormatLabels: `k=v` pairs sorted by key and comma-joined, `<none>` when empty. */
export function formatLabels(map: unknown): string {
  const m = record(map);
  const keys = Object.keys(m).sort();
  if (keys.length === 0) return NONE;
  let out = '';
  for (const k of keys) out += (out ? ',' : '') + `${k}=${str(m[k])}`;
  return out;
}

// Label keys and values are validated by NewRequirement; an invalid selector makes upstream print <invalid>/<error>.
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

function validKey(key: string): boolean {
  const slash = key.indexOf('/');
  if (slash < 0) return LABEL_NAME.test(key);
  const prefix = key.slice(0, slash);
  return prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix) && LABEL_NAME.test(key.slice(slash + 1));
}

/**
 * metav1.LabelSelectorAsSelector(...).String(): requirements sorted by key, e.g. `app=web,tier in (a,b),!legacy`.
 * '' for a nil or empty selector; undefined when the selector is invalid.
 */
export function selectorString(selector: unknown): string | undefined {
  if (selector === undefined || selector === null) return '';
  const sel = record(selector);
  const reqs: { key: string; text: string }[] = [];
  for (const [key, value] of Object.entries(record(sel.matchLabels))) {
    const v = str(value);
    if (!validKey(key) || !LABEL_VALUE.test(v)) return undefined;
    reqs.push({ key, text: `${key}=${v}` });
  }
  for (const raw of list(sel.matchExpressions)) {
    const expr = record(raw);
    const key = str(expr.key);
    const values = list(expr.values).map(str);
    if (!validKey(key)) return undefined;
    switch (expr.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0 || !values.every((v) => LABEL_VALUE.test(v))) return undefined;
        reqs.push({ key, text: `${key} ${expr.operator === 'In' ? 'in' : 'notin'} (${[...values].sort().join(',')})` });
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length !== 0) return undefined;
        reqs.push({ key, text: expr.operator === 'Exists' ? key : `!${key}` });
        break;
      default:
        return undefined;
    }
  }
  reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return reqs.map((r) => r.text).join(',');
}

/** metav1.FormatLabelSelector: the selector string, `<none>` when empty, `<error>` when invalid. */
export function formatLabelSelector(selector: unknown): string {
  const s = selectorString(selector);
  return s === undefined ? '<error>' : s === '' ? NONE : s;
}

/** layoutContainerCells: container names and images, each comma-joined in spec order. */
export function containerCells(containers: unknown): [names: string, images: string] {
  let names = '';
  let images = '';
  const cs = list(containers);
  for (let i = 0; i < cs.length; i++) {
    const c = record(cs[i]);
    const sep = i === 0 ? '' : ',';
    names += sep + str(c.name);
    images += sep + str(c.image);
  }
  return [names, images];
}

/** Joins the first entries and appends ` + N more...` when `total` exceeds `max` (upstream's listWithMoreString). */
export function withMore(shown: readonly string[], total: number, max: number, empty: string): string {
  const joined = shown.join(',');
  if (total > max) return `${joined} + ${total - max} more...`;
  return joined === '' ? empty : joined;
}

/** net.JoinHostPort: IPv6 addresses are bracketed. */
export function joinHostPort(host: string, port: number | string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** helper.GetAccessModesAsString: abbreviations in fixed order RWO, ROX, RWX, RWOP, comma-joined. */
export function accessModes(modes: unknown): string {
  const have = new Set(list(modes).map(str));
  const out: string[] = [];
  if (have.has('ReadWriteOnce')) out.push('RWO');
  if (have.has('ReadOnlyMany')) out.push('ROX');
  if (have.has('ReadWriteMany')) out.push('RWX');
  if (have.has('ReadWriteOncePod')) out.push('RWOP');
  return out.join(',');
}

/** A quantity as stored (the API server already canonicalised it); a missing quantity is Go's zero Quantity, `0`. */
export function quantity(v: unknown): string {
  const s = str(v);
  return s === '' ? '0' : s;
}

/** IntOrString.String(): the number in decimal or the string as is. */
export function intOrString(v: unknown): string {
  return typeof v === 'number' ? String(Math.trunc(v)) : str(v);
}
