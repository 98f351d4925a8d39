/**
 * Columns k9s adds beside kubectl's: live CPU / MEM for pods (when the cluster reports usage), and for nodes the
 * pod count and requested CPU / memory as a share of allocatable. Computed for the visible rows only.
 */
import type { KubeObject } from '../../api/meta.js';
import { formatMemoryMi, formatMilliCPU } from '../../api/quantity.js';
import type { AppContext } from './context.js';
import { objName } from '../model/order.js';

/** A column appended after kubectl's. */
export interface ExtraColumn {
  name: string;
  priority: number;
  cell: (o: KubeObject) => string;
}

const pct = (a: number, b: number) => (b > 0 ? `${Math.round((100 * a) / b)}%` : 'n/a');

/** Extra columns for a kind's view. */
export function extraColumns(ctx: AppContext, kind: string, _wide: boolean): ExtraColumn[] {
  const controls = ctx.controls;
  if (kind === 'Pod' && controls) {
    const usage = (o: KubeObject) => {
      const u = controls.podUsage(o.metadata.namespace ?? '', objName(o));
      if (!u) return undefined;
      let cpu = 0, mem = 0;
      for (const c of u.containers) {
        cpu += c.cpuMilli;
        mem += c.memoryBytes;
      }
      return { cpu, mem };
    };
    return [
      { name: 'CPU', priority: 0, cell: (o) => { const u = usage(o); return u ? formatMilliCPU(u.cpu) : 'n/a'; } },
      { name: 'MEM', priority: 0, cell: (o) => { const u = usage(o); return u ? formatMemoryMi(u.mem) : 'n/a'; } },
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
        { name: 'CPU', priority: 1, cell: (o) => { const u = controls.nodeUsage(objName(o)); return u ? formatMilliCPU(u.cpuMilli) : 'n/a'; } },
        { name: 'MEM', priority: 1, cell: (o) => { const u = controls.nodeUsage(objName(o)); return u ? formatMemoryMi(u.memoryBytes) : 'n/a'; } },
      );
    }
    return cols;
  }
  return [];
}
