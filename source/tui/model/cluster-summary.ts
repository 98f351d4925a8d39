/**
 * Cluster totals for the header, the nodes pane and the metrics: pods by phase, nodes Ready / NotReady, and CPU /
 * memory requested vs allocatable per node. Kept incrementally from pod and node changes (a pod's contribution is
 * removed as it was and added as it is), so it never walks 150,000 pods after start-up.
 */
import type { Node, Pod } from '../../api/core.js';
import { toMilli, toUnits } from '../../api/quantity.js';
import { podHealth } from './health.js';
import type { Change, KindCache } from './object-cache.js';
import { podRequests } from './pod-requests.js';

/** One node's line in the nodes pane. */
export interface NodeStat {
  name: string;
  /** The Node object exists (a stat can outlive it while pods bound to the deleted node are still counted). */
  exists: boolean;
  ready: boolean;
  unschedulable: boolean;
  allocCpuMilli: number;
  allocMemBytes: number;
  reqCpuMilli: number;
  reqMemBytes: number;
  /** Non-terminal pods bound to the node. */
  pods: number;
}

/** Pod counts by phase, plus pods whose STATUS is an error (CrashLoopBackOff, ImagePullBackOff…). */
export interface PodCounts {
  total: number;
  Running: number;
  Pending: number;
  Succeeded: number;
  Failed: number;
  Unknown: number;
  /** Pods shown red (failing) whatever their phase. */
  failing: number;
}

const safe = (fn: (q: string) => number, q: string | undefined) => {
  if (q === undefined) return 0;
  try { return fn(q); } catch { return 0; }
};

const isTerminal = (p: Pod) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

export class ClusterSummary {
  readonly nodes = new Map<string, NodeStat>();
  readonly pods: PodCounts = { total: 0, Running: 0, Pending: 0, Succeeded: 0, Failed: 0, Unknown: 0, failing: 0 };
  private readonly stops: (() => void)[] = [];

  constructor(podCache: KindCache, nodeCache: KindCache) {
    for (const n of nodeCache.sorted) this.nodeChanged(undefined, n as Node);
    for (const p of podCache.sorted) this.podChanged(undefined, p as Pod);
    this.stops.push(nodeCache.listen((c) => this.nodeChanged((c.old ?? c.object) as Node, c.type === 'DELETED' ? undefined : c.object as Node)));
    this.stops.push(podCache.listen((c: Change) => {
      const old = c.type === 'ADDED' ? undefined : (c.old ?? c.object) as Pod;
      this.podChanged(old, c.type === 'DELETED' ? undefined : c.object as Pod);
    }));
  }

  private stat(name: string): NodeStat {
    let s = this.nodes.get(name);
    if (!s) {
      s = { name, exists: false, ready: false, unschedulable: false, allocCpuMilli: 0, allocMemBytes: 0, reqCpuMilli: 0, reqMemBytes: 0, pods: 0 };
      this.nodes.set(name, s);
    }
    return s;
  }

  private nodeChanged(_old: Node | undefined, node: Node | undefined): void {
    const name = (node ?? _old)?.metadata.name;
    if (!name) return;
    if (!node) {
      // A deleted node is no node, even while pods still bound to it are counted until they go.
      const gone = this.nodes.get(name);
      if (gone && gone.pods === 0) this.nodes.delete(name);
      else if (gone) Object.assign(gone, { exists: false, ready: false, allocCpuMilli: 0, allocMemBytes: 0 });
      return;
    }
    const s = this.stat(name);
    s.exists = true;
    s.ready = node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
    s.unschedulable = !!node.spec?.unschedulable;
    s.allocCpuMilli = safe(toMilli, node.status?.allocatable?.cpu);
    s.allocMemBytes = safe(toUnits, node.status?.allocatable?.memory);
  }

  private podChanged(old: Pod | undefined, pod: Pod | undefined): void {
    if (old) this.count(old, -1);
    if (pod) this.count(pod, 1);
  }

  private count(p: Pod, sign: 1 | -1): void {
    const c = this.pods;
    c.total += sign;
    const phase = (p.status?.phase ?? 'Pending') as keyof PodCounts;
    if (phase in c && phase !== 'total' && phase !== 'failing') c[phase] += sign;
    if (podHealth(p) === 'error') c.failing += sign;
    const node = p.spec?.nodeName;
    if (!node || isTerminal(p)) return;
    const s = this.stat(node);
    const r = podRequests(p);
    s.reqCpuMilli += sign * r.cpuMilli;
    s.reqMemBytes += sign * r.memoryBytes;
    s.pods += sign;
    if (!s.exists && s.pods <= 0) this.nodes.delete(node);
  }

  /** Cluster-wide totals over nodes. */
  totals(): { nodes: number; ready: number; notReady: number; reqCpuMilli: number; allocCpuMilli: number; reqMemBytes: number; allocMemBytes: number } {
    let nodes = 0, ready = 0, reqCpu = 0, allocCpu = 0, reqMem = 0, allocMem = 0;
    for (const s of this.nodes.values()) {
      if (!s.exists) continue;
      nodes++;
      if (s.ready) ready++;
      reqCpu += s.reqCpuMilli; allocCpu += s.allocCpuMilli; reqMem += s.reqMemBytes; allocMem += s.allocMemBytes;
    }
    return { nodes, ready, notReady: nodes - ready, reqCpuMilli: reqCpu, allocCpuMilli: allocCpu, reqMemBytes: reqMem, allocMemBytes: allocMem };
  }

  dispose(): void {
    for (const s of this.stops) s();
  }
}

/** Usage summed over nodes as the cluster reports it; undefined when no node reports usage. */
export function clusterUsage(controls: { nodeUsage(name: string): { cpuMilli: number; memoryBytes: number } | undefined }, nodes: Iterable<string>): { cpuMilli: number; memoryBytes: number } | undefined {
  let cpuMilli = 0, memoryBytes = 0, reported = 0;
  for (const name of nodes) {
    const u = controls.nodeUsage(name);
    if (!u) continue;
    reported++;
    cpuMilli += u.cpuMilli;
    memoryBytes += u.memoryBytes;
  }
  return reported ? { cpuMilli, memoryBytes } : undefined;
}
