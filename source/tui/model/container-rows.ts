/**
 * The containers view's rows (k9s: `enter` on a pod): one row per init container, then per container, with k9s's
 * columns — NAME PF IMAGE READY STATE INIT RESTARTS PROBES(L:R) CPU MEM CPU/R:L MEM/R:L %CPU/R %CPU/L %MEM/R %MEM/L
 * PORTS AGE, and VALID when wide. Requests fall back to limits as in k9s (the API server defaults them that way).
 */
import type { Container, ContainerPort, ContainerState, ContainerStatus, Pod } from '../../api/core.js';
import { age } from '../../api/print/index.js';
import { formatMemoryMi, formatMilliCPU, toMilli, toUnits } from '../../api/quantity.js';
import type { Health } from './health.js';

/** A column of the containers view: its header and priority (1 = wide only). */
export interface ContainerColumn {
  name: string;
  priority: number;
}

/** k9s's container columns, in its order. */
export const CONTAINER_COLUMNS: readonly ContainerColumn[] = [
  'NAME', 'PF', 'IMAGE', 'READY', 'STATE', 'INIT', 'RESTARTS', 'PROBES(L:R)', 'CPU', 'MEM', 'CPU/R:L', 'MEM/R:L',
  '%CPU/R', '%CPU/L', '%MEM/R', '%MEM/L', 'PORTS', 'VALID', 'AGE',
].map((name) => ({ name, priority: name === 'VALID' ? 1 : 0 }));

/** One container of the pod as a row. */
export interface ContainerRow {
  /** Container name (unique within a pod, init containers included). */
  name: string;
  init: boolean;
  /** Cells aligned with CONTAINER_COLUMNS. */
  cells: string[];
  health: Health;
  /** The row's text for `/` filters, lower case. */
  text: string;
}

/** Usage of a pod's containers, when the cluster reports it. */
export interface ContainerUsage {
  containers: { name: string; cpuMilli: number; memoryBytes: number }[];
}

/** What no value reads as (kubectl's `<none>`). */
const NONE = '<none>';
/** k9s prints a missing metric as n/a and a zero request or limit as 0. */
const NA = 'n/a';

const parse = (fn: (q: string) => number, q: string | undefined): number => {
  if (q === undefined) return 0;
  try { return fn(q); } catch { return 0; }
};

/** STATE: the waiting or terminated reason, Running, or `<none>` before the kubelet reports (k9s's ToContainerState). */
export function containerState(s: ContainerState | undefined): string {
  if (s?.waiting) return s.waiting.reason || 'Waiting';
  if (s?.terminated) return s.terminated.reason || 'Terminating';
  if (s?.running) return 'Running';
  return NONE;
}

/** PORTS: `name:port`, with the protocol after `╱` when not TCP (k9s's ToContainerPorts). */
export function containerPorts(ports: readonly ContainerPort[] | undefined): string {
  return (ports ?? []).map((p) => `${p.name ? `${p.name}:` : ''}${p.containerPort}${p.protocol && p.protocol !== 'TCP' ? `╱${p.protocol}` : ''}`).join(',');
}

/** A row colour from STATE and READY, as k9s colours container rows (not ready yet counts as pending here, as for pods). */
function healthOf(state: string, ready: boolean): Health {
  switch (state) {
    case 'Running': return ready ? 'ok' : 'pending';
    case 'Completed': return 'completed';
    case 'Terminating': return 'terminating';
    case 'ContainerCreating': case 'PodInitializing': case 'Waiting': case NONE: return 'pending';
    default: return 'error';
  }
}

/** floor(100 × a / b) as k9s prints a share, n/a without usage or without a denominator. */
const share = (a: number | undefined, b: number) => (a === undefined || b <= 0 ? NA : `${Math.floor((100 * a) / b)}%`);
const cpu = (m: number) => (m ? formatMilliCPU(m) : '0');
const mem = (b: number) => (b ? formatMemoryMi(b) : '0');

function row(pod: Pod, c: Container, status: ContainerStatus | undefined, init: boolean, usage: ContainerUsage | undefined, nowMs: number): ContainerRow {
  const req = c.resources?.requests && Object.keys(c.resources.requests).length ? c.resources.requests : c.resources?.limits;
  const lim = c.resources?.limits;
  const reqCpu = parse(toMilli, req?.cpu), reqMem = parse(toUnits, req?.memory);
  const limCpu = parse(toMilli, lim?.cpu), limMem = parse(toUnits, lim?.memory);
  const used = usage?.containers.find((u) => u.name === c.name);
  const ready = status?.ready === true;
  const state = containerState(status?.state);
  const cells = [
    c.name, '●', c.image ?? '', String(ready), state, String(init), String(status?.restartCount ?? 0),
    `${c.livenessProbe ? 'on' : 'off'}:${c.readinessProbe ? 'on' : 'off'}`,
    used ? formatMilliCPU(used.cpuMilli) : NA, used ? formatMemoryMi(used.memoryBytes) : NA,
    `${cpu(reqCpu)}:${cpu(limCpu)}`, `${mem(reqMem)}:${mem(limMem)}`,
    share(used?.cpuMilli, reqCpu), share(used?.cpuMilli, limCpu), share(used?.memoryBytes, reqMem), share(used?.memoryBytes, limMem),
    containerPorts(c.ports), state === 'Completed' || ready ? '' : 'container is not ready', age(pod.metadata.creationTimestamp, nowMs),
  ];
  return { name: c.name, init, cells, health: healthOf(state, ready), text: cells.join(' ').toLowerCase() };
}

/** The pod's containers as rows: init containers first, as k9s lists them. */
export function containerRows(pod: Pod, usage: ContainerUsage | undefined, nowMs: number): ContainerRow[] {
  const initStatus = new Map((pod.status?.initContainerStatuses ?? []).map((s) => [s.name, s]));
  const status = new Map((pod.status?.containerStatuses ?? []).map((s) => [s.name, s]));
  return [
    ...(pod.spec?.initContainers ?? []).map((c) => row(pod, c, initStatus.get(c.name), true, usage, nowMs)),
    ...(pod.spec?.containers ?? []).map((c) => row(pod, c, status.get(c.name), false, usage, nowMs)),
  ];
}
