/**
 * Blocks every describer shares, after kubectl's describe.go: multi-line labels / annotations / taints /
 * tolerations, the Events table, RFC1123Z times and the controller reference. All accept `unknown` input so a
 * malformed object still describes instead of throwing.
 */
import type { Event } from '../../api/core.js';
import { sinceMs, timestampMs } from '../../api/print/age.js';
import { NONE, list, record, str } from '../../api/print/format.js';
import { LEVEL_0, LEVEL_1, type PrefixWriter } from './layout.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
// describe.go maxAnnotationLen: longer annotations are folded onto their own lines and shortened.
const MAX_ANNOTATION_LEN = 140;

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
// Go's time.Time{} formatted with RFC1123Z: what kubectl prints for an unset metav1.Time.
const GO_ZERO_RFC1123Z = 'Mon, 01 Jan 0001 00:00:00 +0000';

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** time.RFC1123Z in UTC (`Thu, 01 Jan 2026 00:00:05 +0000`); Go's zero time for a missing or bad timestamp. */
export function rfc1123z(timestamp: unknown): string {
  const ms = timestampMs(timestamp);
  if (Number.isNaN(ms)) return GO_ZERO_RFC1123Z;
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} `
    + `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

/** A list field as objects: missing, malformed and hole entries become empty records (Array.from visits holes). */
export function records(v: unknown): Record<string, unknown>[] {
  return Array.from(list(v), (x) => record(x));
}

/** Go's `%v` of a []string: `[a b c]`. */
export function goList(v: unknown): string {
  return `[${list(v).map(str).join(' ')}]`;
}

/** A string, or `<none>` when empty (describe.go stringOrNone). */
export function orNone(s: string): string {
  return s === '' ? NONE : s;
}

/** Go's `%v` of a bool. */
export function goBool(v: unknown): string {
  return v === true ? 'true' : 'false';
}

/** printBool: `True` / `False`. */
export function printBool(v: unknown): string {
  return v === true ? 'True' : 'False';
}

/** printLabelsMultilineWithIndent: `Title:<inner>k=v` then one continuation line per further key, sorted. */
export function printLabelsMultiline(w: PrefixWriter, title: string, labels: unknown, initialIndent = '', innerIndent = '\t'): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  const m = record(labels);
  const keys = Object.keys(m).sort();
  if (keys.length === 0) {
    w.write(LEVEL_0, `${NONE}\n`);
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, initialIndent + innerIndent);
    w.write(LEVEL_0, `${key}=${str(m[key])}\n`);
  });
}

const shorten = (s: string, max: number) => (s.length > max ? `${s.slice(0, max)}...` : s);

/** printAnnotationsMultiline: `key: value`, long or multi-line values folded; last-applied-configuration skipped. */
export function printAnnotationsMultiline(w: PrefixWriter, title: string, annotations: unknown): void {
  w.write(LEVEL_0, `${title}:\t`);
  const m = record(annotations);
  const keys = Object.keys(m).filter((k) => k !== LAST_APPLIED).sort();
  if (keys.length === 0) {
    w.write(LEVEL_0, `${NONE}\n`);
    return;
  }
  const indent = '\t';
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, indent);
    const value = str(m[key]).replace(/\n$/, '');
    if (value.length + key.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(LEVEL_0, `${key}:\n`);
      for (const s of value.split('\n')) w.write(LEVEL_0, `${indent}  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`);
    } else {
      w.write(LEVEL_0, `${key}: ${value}\n`);
    }
  });
}

/** Taint.ToString(): `key=value:effect`, `key:effect`. */
export function taintString(t: Record<string, unknown>): string {
  const value = str(t.value);
  return `${str(t.key)}${value ? `=${value}` : ''}:${str(t.effect)}`;
}

/** printTaintsMultilineWithIndent: sorted by effect then key. */
export function printTaintsMultiline(w: PrefixWriter, title: string, taints: unknown, initialIndent = '', innerIndent = '\t'): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  const ts = records(taints);
  if (ts.length === 0) {
    w.write(LEVEL_0, `${NONE}\n`);
    return;
  }
  const key = (t: Record<string, unknown>) => `${str(t.effect)},${str(t.key)}`;
  const sorted = [...ts].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, initialIndent + innerIndent);
    w.write(LEVEL_0, `${taintString(t)}\n`);
  });
}

/** One toleration as describe prints it: `node.kubernetes.io/not-ready:NoExecute op=Exists for 300s`. */
export function tolerationString(t: Record<string, unknown>): string {
  const key = str(t.key);
  const value = str(t.value);
  const effect = str(t.effect);
  let s = key;
  if (value) s += `=${value}`;
  if (effect) s += `:${effect}`;
  // `operator: Exists` with no key and no effect tolerates everything and prints bare `op=Exists`.
  if (t.operator === 'Exists' && !value) s += key || effect ? ' op=Exists' : 'op=Exists';
  if (typeof t.tolerationSeconds === 'number') s += ` for ${Math.trunc(t.tolerationSeconds)}s`;
  return s;
}

/** printTolerationsMultilineWithIndent: sorted by key. */
export function printTolerationsMultiline(w: PrefixWriter, title: string, tolerations: unknown, initialIndent = '', innerIndent = '\t'): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  const ts = records(tolerations);
  if (ts.length === 0) {
    w.write(LEVEL_0, `${NONE}\n`);
    return;
  }
  const sorted = [...ts].sort((a, b) => (str(a.key) < str(b.key) ? -1 : str(a.key) > str(b.key) ? 1 : 0));
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, initialIndent + innerIndent);
    w.write(LEVEL_0, `${tolerationString(t)}\n`);
  });
}

/** `Kind/name` of the controller owner reference, '' when there is none (describe.go printController). */
export function controllerOf(obj: unknown): string {
  for (const ref of list(record(record(obj).metadata).ownerReferences)) {
    const r = record(ref);
    if (r.controller === true) return `${str(r.kind)}/${str(r.name)}`;
  }
  return '';
}

/** When an event last happened, for sorting (SortableEvents compares lastTimestamp). */
function lastSeenMs(e: Record<string, unknown>): number {
  const ms = timestampMs(e.lastTimestamp);
  if (!Number.isNaN(ms)) return ms;
  const t = timestampMs(e.eventTime);
  return Number.isNaN(t) ? timestampMs(e.firstTimestamp) : t;
}

/** DescribeEvents: `Events: <none>`, or the Type/Reason/Age/From/Message table with `(x<count> over <age>)`. */
export function describeEvents(w: PrefixWriter, events: readonly Event[] | undefined, nowMs: number): void {
  const items = records(events);
  if (items.length === 0) {
    w.write(LEVEL_0, `Events:\t${NONE}\n`);
    return;
  }
  // Stable by last-seen time; events with no time keep their given (oldest-first) order at the start.
  const sorted = items.map((e, i) => ({ e, i, t: lastSeenMs(e) })).sort((a, b) => {
    const ta = Number.isNaN(a.t) ? -Infinity : a.t;
    const tb = Number.isNaN(b.t) ? -Infinity : b.t;
    return ta - tb || a.i - b.i;
  });
  w.write(LEVEL_0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(LEVEL_1, '----\t------\t----\t----\t-------\n');
  for (const { e } of sorted) {
    const eventTime = timestampMs(e.eventTime);
    const first = Number.isNaN(eventTime) ? sinceMs(timestampMs(e.firstTimestamp), nowMs) : sinceMs(eventTime, nowMs);
    const series = record(e.series);
    const count = typeof e.count === 'number' ? e.count : 0;
    let interval = first;
    if (typeof series.count === 'number') {
      interval = `${sinceMs(timestampMs(series.lastObservedTime), nowMs)} (x${Math.trunc(series.count)} over ${first})`;
    } else if (count > 1) {
      interval = `${sinceMs(timestampMs(e.lastTimestamp), nowMs)} (x${Math.trunc(count)} over ${first})`;
    }
    const source = str(record(e.source).component) || str(e.reportingComponent) || str(e.reportingController);
    w.write(LEVEL_1, `${str(e.type)}\t${str(e.reason)}\t${interval}\t${source}\t${str(e.message).trim()}\n`);
  }
}

/** Resource names in the order describe prints them (SortedResourceNames: alphabetical). */
export function sortedResourceNames(resources: unknown): string[] {
  return Object.keys(record(resources)).sort();
}
