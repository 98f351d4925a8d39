/**
 * kubectl's generic describer, used for kinds without a dedicated one: Name, Namespace, Labels, Annotations, then every
 * other field in sorted order with camel-case keys turned into labels (`apiVersion` → `API Version`).
 */
import type { Event } from '../../api/core.js';
import type { KubeObject } from '../../api/meta.js';
import { record, str } from '../../api/print/format.js';
import { describeEvents, printAnnotationsMultiline, printLabelsMultiline } from './common.js';
import { LEVEL_0, PrefixWriter } from './layout.js';

const ACRONYMS = new Set(['API', 'URL', 'UID', 'OSB', 'GUID']);
const SKIP = new Set(['.metadata.managedFields', '.metadata.name', '.metadata.namespace', '.metadata.labels', '.metadata.annotations']);

type RuneClass = 'lower' | 'upper' | 'digit' | 'other';
const classOf = (ch: string): RuneClass =>
  /\p{Ll}/u.test(ch) ? 'lower' : /\p{Lu}|\p{Lt}/u.test(ch) ? 'upper' : /\p{Nd}/u.test(ch) ? 'digit' : 'other';

/** fatih/camelcase.Split: runs of one character class, with an upper run's last letter moved onto a following lower run. */
export function camelSplit(s: string): string[] {
  const runs: string[][] = [];
  let last: RuneClass | undefined;
  for (const ch of s) {
    const c = classOf(ch);
    if (c === last) runs[runs.length - 1]!.push(ch);
    else runs.push([ch]);
    last = c;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    if (classOf(runs[i]![0]!) === 'upper' && classOf(runs[i + 1]![0]!) === 'lower') {
      runs[i + 1]!.unshift(runs[i]!.pop()!);
    }
  }
  return runs.filter((r) => r.length > 0).map((r) => r.join(''));
}

/** strings.Title: upper-cases the first letter of each word (words split at anything but letters, digits, `_`). */
function title(s: string): string {
  return s.replace(/(^|[^\p{L}\p{N}_])(\p{L})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
}

/** smartLabelFor: `apiVersion` → `API Version`; a field with characters other than letters and `-` is left as is. */
export function smartLabel(field: string): string {
  if (/[^\p{L}-]/u.test(field)) return field;
  return camelSplit(field)
    .filter((p) => p !== '_')
    .map((p) => (ACRONYMS.has(p.toUpperCase()) ? p.toUpperCase() : title(p)))
    .join(' ');
}

/** Go's `%v` of a JSON scalar as unstructured content holds it. */
function scalar(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'number') return Number.isInteger(v) || !Number.isFinite(v) ? String(v) : goFloat(v);
  return str(v);
}

/** %v of a float64: shortest representation, exponent form for very large or small magnitudes (strconv 'g'). */
function goFloat(v: number): string {
  const abs = Math.abs(v);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e21)) {
    const [m, e] = v.toExponential().split('e') as [string, string];
    const exp = Number(e);
    return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(v);
}

/** printUnstructuredContent: nested maps become indented sections, lists list their items. */
function printContent(w: PrefixWriter, level: number, content: Record<string, unknown>, prefix: string, depth: number): void {
  if (depth > 64) return; // a self-referencing object cannot come from JSON, but never recurse without bound
  for (const field of Object.keys(content).sort()) {
    const value = content[field];
    const path = `${prefix}.${field}`;
    if (SKIP.has(path)) continue;
    if (Array.isArray(value)) {
      w.write(level, `${smartLabel(field)}:\n`);
      for (const child of value) {
        if (child !== null && typeof child === 'object' && !Array.isArray(child)) {
          printContent(w, level + 1, child as Record<string, unknown>, path, depth + 1);
        } else {
          w.write(level + 1, `${Array.isArray(child) ? `[${child.map(scalar).join(' ')}]` : scalar(child)}\n`);
        }
      }
    } else if (value !== null && typeof value === 'object') {
      w.write(level, `${smartLabel(field)}:\n`);
      printContent(w, level + 1, value as Record<string, unknown>, path, depth + 1);
    } else {
      w.write(level, `${smartLabel(field)}:\t${scalar(value)}\n`);
    }
  }
}

/** The generic description of any object. */
export function describeGeneric(obj: KubeObject, events: readonly Event[], nowMs: number): string {
  const w = new PrefixWriter();
  const meta = record(obj?.metadata);
  w.write(LEVEL_0, `Name:\t${str(meta.name)}\n`);
  w.write(LEVEL_0, `Namespace:\t${str(meta.namespace)}\n`);
  printLabelsMultiline(w, 'Labels', meta.labels);
  printAnnotationsMultiline(w, 'Annotations', meta.annotations);
  printContent(w, LEVEL_0, record(obj), '', 0);
  describeEvents(w, events, nowMs);
  return w.toString();
}
