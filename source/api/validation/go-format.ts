/**
 * Renders values the way upstream's field errors print them. field.Invalid formats a map or struct with Go's `%#v`
 * (`map[string]string{"app":"web"}`), so the messages a trainee sees here match a real API server's.
 */
import { isObj, jsonEqual, type Obj, text } from './field.js';

/** Go's %q for a string (JSON quoting matches it for the characters names and labels can hold). */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** `map[string]string{"a":"1", "b":"2"}` with sorted keys; `map[string]string(nil)` when absent. */
export function goStringMap(m: unknown): string {
  if (!isObj(m)) return 'map[string]string(nil)';
  const keys = Object.keys(m).sort();
  return `map[string]string{${keys.map((k) => `${goQuote(k)}:${goQuote(text(m[k]))}`).join(', ')}}`;
}

/** `[]string{"a", "b"}`; `[]string(nil)` when absent. */
export function goStringSlice(a: unknown): string {
  if (!Array.isArray(a)) return '[]string(nil)';
  return `[]string{${a.map((s) => goQuote(text(s))).join(', ')}}`;
}

function goRequirement(r: unknown): string {
  const o: Obj = isObj(r) ? r : {};
  return `v1.LabelSelectorRequirement{Key:${goQuote(text(o.key))}, Operator:${goQuote(text(o.operator))}, Values:${goStringSlice(o.values)}}`;
}

/** `v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`. */
export function goLabelSelector(sel: unknown): string {
  const o: Obj = isObj(sel) ? sel : {};
  const exprs = Array.isArray(o.matchExpressions)
    ? `[]v1.LabelSelectorRequirement{${o.matchExpressions.map(goRequirement).join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${goStringMap(o.matchLabels)}, MatchExpressions:${exprs}}`;
}

/** intstr.IntOrString prints through its String() method: `25%` or `1`, unquoted. */
export function goIntOrString(v: unknown): string {
  return v === undefined || v === null ? '0' : text(v);
}

/**
 * A short field-by-field account of what changed, standing in for the cmp.Diff dump upstream appends to
 * "spec is immutable" style messages.
 */
export function diffSummary(before: Obj, after: Obj, prefix: string): string {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const own = (o: Obj, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);
  const show = (v: unknown): string => {
    const s = v === undefined ? 'nil' : typeof v === 'string' ? JSON.stringify(v) : text(v);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  };
  return keys.filter((k) => !jsonEqual(own(before, k), own(after, k)))
    .map((k) => `  ${prefix}.${k}: ${show(own(before, k))} -> ${show(own(after, k))}`).join('\n');
}
