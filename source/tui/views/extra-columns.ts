/**
 * Columns k9s adds beside kubectl's, computed for the visible rows only. Pods: CPU and MEM used and their share of
 * the requests (%CPU/R, %MEM/R); nodes: pods, requested CPU / memory as a share of allocatable (%CPU-R, %MEM-R), and
 * CPU / MEM used with their share of allocatable (%CPU, %MEM); Services with traffic: request rate and availability.
 * Usage is metrics-server's (what `kubectl top` shows and the HPA scales on; see model/usage.ts): `n/a` until a pod
 * or node has been scraped twice, or while metrics-server is down.
 */
import type { Pod } from '../../api/core.js';
import type { KubeObject } from '../../api/meta.js';
import { formatMemoryMi, formatMilliCPU } from '../../api/quantity.js';
import { fmt } from '../model/metrics-focus.js';
import { objName } from '../model/order.js';
import { podRequests } from '../model/pod-requests.js';
import { podTotal } from '../model/usage.js';
import type { AppContext } from './context.js';

/** A column appended after kubectl's. */
export interface ExtraColumn {
  name: string;
  priority: number;
  cell: (o: KubeObject) => string;
}

const pct = (a: number, b: number) => (b > 0 ? `${Math.round((100 * a) / b)}%` : 'n/a');
/** k9s's share of a request: floor, n/a without usage or without a request. */
const share = (a: number | undefined, b: number) => (a === undefined || !(b > 0) ? 'n/a' : `${Math.floor((100 * a) / b)}%`);

/** Extra columns for a kind's view. */
export function extraColumns(ctx: AppContext, kind: string, _wide: boolean): ExtraColumn[] {
  const controls = ctx.controls;
  const usage = ctx.usage;
  if (kind === 'Pod' && controls) {
    const used = (o: KubeObject) => podTotal(usage.podUsage(o.metadata.namespace ?? '', objName(o)));
    return [
      { name: 'CPU', priority: 0, cell: (o) => { const u = used(o); return u ? formatMilliCPU(u.cpuMilli) : 'n/a'; } },
      { name: 'MEM', priority: 0, cell: (o) => { const u = used(o); return u ? formatMemoryMi(u.memoryBytes) : 'n/a'; } },
      { name: '%CPU/R', priority: 1, cell: (o) => share(used(o)?.cpuMilli, podRequests(o as Pod).cpuMilli) },
      { name: '%MEM/R', priority: 1, cell: (o) => share(used(o)?.memoryBytes, podRequests(o as Pod).memoryBytes) },
    ];
  }
  if (kind === 'Node') {
    const stat = (o: KubeObject) => ctx.summary.nodes.get(objName(o));
    const cols: ExtraColumn[] = [
      { name: 'PODS', priority: 0, cell: (o) => String(stat(o)?.pods ?? 0) },
      { name: '%CPU-R', priority: 0, cell: (o) => { const s = stat(o); return s ? pct(s.reqCpuMilli, s.allocCpuMilli) : 'n/a'; } },
      { name: '%MEM-R', priority: 0, cell: (o) => { const s = stat(o); return s ? pct(s.reqMemBytes, s.allocMemBytes) : 'n/a'; } },
    ];
    if (controls) {
      cols.push(
        { name: 'CPU', priority: 1, cell: (o) => { const u = usage.nodeUsage(objName(o)); return u ? formatMilliCPU(u.cpuMilli) : 'n/a'; } },
        { name: '%CPU', priority: 1, cell: (o) => { const u = usage.nodeUsage(objName(o)); const s = stat(o); return u && s ? pct(u.cpuMilli, s.allocCpuMilli) : 'n/a'; } },
        { name: 'MEM', priority: 1, cell: (o) => { const u = usage.nodeUsage(objName(o)); return u ? formatMemoryMi(u.memoryBytes) : 'n/a'; } },
        { name: '%MEM', priority: 1, cell: (o) => { const u = usage.nodeUsage(objName(o)); const s = stat(o); return u && s ? pct(u.memoryBytes, s.allocMemBytes) : 'n/a'; } },
      );
    }
    return cols;
  }
  const traffic = controls?.traffic;
  if (kind === 'Service' && traffic) {
    const sli = (o: KubeObject) => traffic.sli(o.metadata.namespace ?? '', objName(o));
    return [
      { name: 'REQ/S', priority: 0, cell: (o) => { const s = sli(o); return s ? fmt.rate(s.rate) : ''; } },
      { name: 'AVAIL-5M', priority: 1, cell: (o) => { const s = sli(o); return s ? fmt.avail(s.windowAvailability) : ''; } },
    ];
  }
  return [];
}
