/**
 * Sort by any column (k9s: pick a column with shift-/ctrl-←/→, sort with shift-o / ctrl-o). Columns with a k9s sort
 * key reuse its order; the rest get a key read from the object (numbers where the column is a count, a time or an
 * address) or, for plain text columns, the printer's cell with its digit runs padded so `10` sorts after `9`.
 */
import type { Event, Pod } from '../../api/core.js';
import type { KubeObject } from '../../api/meta.js';
import { printerFor, timestampMs } from '../../api/print/index.js';
import type { NodeStat } from './cluster-summary.js';
import { podInfo } from './health.js';
import { podRequests } from './pod-requests.js';
import { type UsageSource, ageSort, seconds, sortChoices } from './kind-sorts.js';
import { objName } from './order.js';
import { type SortSpec, byName } from './sort.js';

/** What column keys may read besides the object: live usage, node totals, the cluster's clock. */
export interface ColumnSortSources extends UsageSource {
  nodeUsage?(name: string): { cpuMilli: number; memoryBytes: number } | undefined;
  nodeStat?(name: string): NodeStat | undefined;
  /** The cluster's now (virtual time), for columns that grow with it (a running Job's DURATION). */
  now?(): number;
  /** A Service's traffic (REQ/S, AVAIL-5M columns), when it has any. */
  serviceTraffic?(namespace: string, name: string): { rate: number; windowAvailability: number } | undefined;
}

/** Columns whose text is a time relative to now: only the ones mapped to a timestamp below can be sorted. */
const TIME_COLUMNS = new Set(['AGE', 'LAST SEEN', 'FIRST SEEN', 'DURATION', 'LAST SCHEDULE']);

/** Text with digit runs zero-padded, so a string order of keys is the natural order (`web-9` before `web-10`). */
export function naturalKey(text: string): string {
  return /\d/.test(text) ? text.replace(/\d+/g, (d) => d.padStart(12, '0')) : text;
}

/** An IPv4 address as a number (unsortable addresses last); -1 for none. */
export function ipv4Key(ip: string | undefined): number {
  if (!ip) return -1;
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return 2 ** 33;
  return ((Number(m[1]) * 256 + Number(m[2])) * 256 + Number(m[3])) * 256 + Number(m[4]);
}

const pct = (a: number, b: number) => (b > 0 ? a / b : -1);

/** Keys of the columns a kind's view appends beside kubectl's (extra-columns.ts) and other non-printer columns. */
function objectKey(kind: string, column: string, src: ColumnSortSources): Pick<SortSpec, 'key' | 'volatile'> | undefined {
  if (kind === 'Pod') {
    if (column === 'READY') return { key: (o) => { const s = podInfo(o as Pod).summary; return s.ready * 1000 + Math.min(s.total, 999); } };
    if (column === 'IP') return { key: (o) => ipv4Key((o as Pod).status?.podIPs?.[0]?.ip ?? (o as Pod).status?.podIP) };
    if (column === '%CPU/R' || column === '%MEM/R') {
      const field = column === '%CPU/R' ? 'cpuMilli' : 'memoryBytes';
      return {
        volatile: true,
        key: (o) => {
          const u = src.podUsage?.(o.metadata.namespace ?? '', objName(o));
          if (!u) return -1;
          let used = 0;
          for (const c of u.containers) used += c[field];
          return pct(used, podRequests(o as Pod)[field]);
        },
      };
    }
  }
  if (kind === 'Service' && (column === 'REQ/S' || column === 'AVAIL-5M')) {
    return { volatile: true, key: (o) => { const t = src.serviceTraffic?.(o.metadata.namespace ?? '', objName(o)); return t ? (column === 'REQ/S' ? t.rate : t.windowAvailability) : -1; } };
  }
  if (kind === 'Node') {
    const stat = (o: KubeObject) => src.nodeStat?.(objName(o));
    switch (column) {
      case 'PODS': return { volatile: true, key: (o) => stat(o)?.pods ?? 0 };
      case '%CPU-R': return { volatile: true, key: (o) => { const s = stat(o); return s ? pct(s.reqCpuMilli, s.allocCpuMilli) : -1; } };
      case '%MEM-R': return { volatile: true, key: (o) => { const s = stat(o); return s ? pct(s.reqMemBytes, s.allocMemBytes) : -1; } };
      case 'CPU': return { volatile: true, key: (o) => src.nodeUsage?.(objName(o))?.cpuMilli ?? -1 };
      case 'MEM': return { volatile: true, key: (o) => src.nodeUsage?.(objName(o))?.memoryBytes ?? -1 };
      case '%CPU': return { volatile: true, key: (o) => { const u = src.nodeUsage?.(objName(o)); const s = stat(o); return u && s ? pct(u.cpuMilli, s.allocCpuMilli) : -1; } };
      case '%MEM': return { volatile: true, key: (o) => { const u = src.nodeUsage?.(objName(o)); const s = stat(o); return u && s ? pct(u.memoryBytes, s.allocMemBytes) : -1; } };
      default: break;
    }
  }
  if (kind === 'Event') {
    if (column === 'FIRST SEEN') return { key: (o) => -seconds((o as Event).firstTimestamp ?? (o as Event).eventTime ?? o.metadata.creationTimestamp) };
    if (column === 'COUNT') return { key: (o) => (o as Event & { series?: { count?: number } }).series?.count ?? (o as Event).count ?? 1 };
  }
  // any: status fields of kinds whose types the UI does not import; read defensively.
  const status = (o: KubeObject) => (o as any).status ?? {}; // any: see above
  if (kind === 'CronJob' && column === 'LAST SCHEDULE') return { key: (o) => -seconds(status(o).lastScheduleTime) };
  if (kind === 'Job' && column === 'DURATION' && src.now) {
    const now = src.now;
    return {
      volatile: true,
      key: (o) => {
        const start = timestampMs(status(o).startTime);
        if (Number.isNaN(start)) return -1;
        const end = timestampMs(status(o).completionTime);
        return Math.max(0, (Number.isNaN(end) ? now() : end) - start);
      },
    };
  }
  return undefined;
}

/**
 * The sort for a column of a kind's view (header name as shown, e.g. `NODE`, `%CPU-R`), ascending; undefined when
 * the column has no order (a relative time the object does not record).
 */
export function columnSortSpec(kind: string, column: string, src: ColumnSortSources = {}): SortSpec | undefined {
  if (column === 'NAME' || column === 'NAMESPACE') return byName();
  if (column === 'AGE') return ageSort(false);
  // A k9s sort key for this column (shift-s, shift-t, shift-c…): the same order, so the key and the pick agree.
  const choice = sortChoices(kind, src).find((c) => c.spec(false).column === column);
  if (choice) return choice.spec(false);
  const own = objectKey(kind, column, src);
  if (own) return { id: `col:${column}`, column, desc: false, ...own };
  if (TIME_COLUMNS.has(column)) return undefined;
  const printer = printerFor(kind);
  const i = printer.columns.findIndex((c) => c.name === column);
  if (i < 0) return undefined;
  return { id: `col:${column}`, column, desc: false, key: (o) => naturalKey(printer.cells(o, 0)[i] ?? '') };
}
