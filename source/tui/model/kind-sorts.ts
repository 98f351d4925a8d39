/** The sort orders each view offers (k9s's shift keys) and the text a filter matches against. */
import type { Event, Pod } from '../../api/core.js';
import type { KubeObject } from '../../api/meta.js';
import { printerFor, timestampMs } from '../../api/print/index.js';
import { podInfo, rowHealth, troubleRank } from './health.js';
import { podRequests } from './pod-requests.js';
import { type SortSpec, byName } from './sort.js';
import { objName } from './order.js';

/** Live usage, when the cluster reports it (simulation controls); sorts by CPU/MEM fall back to requests. */
export interface UsageSource {
  podUsage?(namespace: string, name: string): { containers: { cpuMilli: number; memoryBytes: number }[] } | undefined;
}

/** A sort a key offers: `shift-a` → age. */
export interface SortChoice {
  key: string;
  label: string;
  spec: (desc: boolean) => SortSpec;
  /** Direction on first press (AGE and counts read best largest-first). */
  defaultDesc?: boolean;
}

// Timestamps repeat (whole seconds, many objects per second): parse each distinct one once. Bounded.
const parsedSeconds = new Map<string, number>();

/** Whole epoch seconds of an RFC3339 timestamp (0 when missing or invalid). */
export const seconds = (ts: unknown): number => {
  if (typeof ts !== 'string') return 0;
  let v = parsedSeconds.get(ts);
  if (v === undefined) {
    const ms = timestampMs(ts);
    v = Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
    if (parsedSeconds.size > 200_000) parsedSeconds.clear();
    parsedSeconds.set(ts, v);
  }
  return v;
};

/** AGE ascending = youngest first, as the AGE column reads. */
export const ageSort = (desc: boolean): SortSpec => ({ id: 'age', column: 'AGE', desc, key: (o) => -seconds(o.metadata.creationTimestamp) });

/** Events by LAST SEEN, newest first by default. */
export const lastSeenSort = (desc: boolean): SortSpec => ({
  id: 'lastSeen', column: 'LAST SEEN', desc,
  key: (o) => -seconds((o as Event).lastTimestamp ?? (o as Event).eventTime ?? (o as Event).firstTimestamp ?? o.metadata.creationTimestamp),
});

/** Most troubled first: errors, then pending, then by restarts. */
export const troubleSort = (kind: string): SortSpec => ({
  id: 'trouble', column: 'STATUS', desc: true,
  key: (o) => troubleRank(rowHealth(kind, o)) * 1e6 + (kind === 'Pod' ? Math.min(podInfo(o as Pod).summary.restarts, 999_999) : 0),
});

/** Sort by one printer column's text (time-independent columns only: STATUS, ROLES…). */
export function columnSort(kind: string, column: string, id = column.toLowerCase()): (desc: boolean) => SortSpec {
  const printer = printerFor(kind);
  const i = printer.columns.findIndex((c) => c.name === column);
  return (desc) => ({ id, column, desc, key: (o) => (i < 0 ? '' : printer.cells(o, 0)[i] ?? '') });
}

function usageTotal(usage: UsageSource, o: KubeObject, field: 'cpuMilli' | 'memoryBytes'): number | undefined {
  const u = usage.podUsage?.(o.metadata.namespace ?? '', objName(o));
  if (!u) return undefined;
  let t = 0;
  for (const c of u.containers) t += c[field];
  return t;
}

/** The sorts a kind's view offers, k9s keys first. */
export function sortChoices(kind: string, usage: UsageSource = {}): SortChoice[] {
  const out: SortChoice[] = [
    { key: 'shift-n', label: 'Sort Name', spec: byName },
    { key: 'shift-a', label: 'Sort Age', spec: ageSort },
  ];
  if (kind === 'Pod') {
    out.push(
      { key: 'shift-s', label: 'Sort Status', spec: (desc) => ({ id: 'status', column: 'STATUS', desc, key: (o) => podInfo(o as Pod).summary.reason }) },
      { key: 'shift-t', label: 'Sort Restarts', defaultDesc: true, spec: (desc) => ({ id: 'restarts', column: 'RESTARTS', desc, key: (o) => podInfo(o as Pod).summary.restarts }) },
      { key: 'shift-o', label: 'Sort Node', spec: (desc) => ({ id: 'node', column: 'NODE', desc, key: (o) => (o as Pod).spec?.nodeName ?? '' }) },
      { key: 'shift-c', label: 'Sort CPU', defaultDesc: true, spec: (desc) => ({ id: 'cpu', column: 'CPU', desc, volatile: true, key: (o) => usageTotal(usage, o, 'cpuMilli') ?? podRequests(o as Pod).cpuMilli }) },
      { key: 'shift-m', label: 'Sort MEM', defaultDesc: true, spec: (desc) => ({ id: 'mem', column: 'MEM', desc, volatile: true, key: (o) => Math.round((usageTotal(usage, o, 'memoryBytes') ?? podRequests(o as Pod).memoryBytes) / 1048576) }) },
    );
  } else if (kind === 'Event') {
    out.push({ key: 'shift-l', label: 'Sort Last Seen', defaultDesc: false, spec: lastSeenSort });
  } else {
    const cols = printerFor(kind).columns.map((c) => c.name);
    if (cols.includes('STATUS')) out.push({ key: 'shift-s', label: 'Sort Status', spec: columnSort(kind, 'STATUS', 'status') });
  }
  return out;
}

/** The default order of a kind's view: events newest first (as k9s), everything else by name. */
export function defaultSort(kind: string): SortSpec {
  return kind === 'Event' ? lastSeenSort(false) : byName();
}
