/**
 * Scale-down planning (core/scaledown/planner + eligibility + unneeded): which nodes of autoscaled groups are
 * unneeded — requests below the utilization threshold and every pod movable, checked by simulated scheduling on
 * the remaining nodes with a shared PDB budget — since when, why the others are not, and which unneeded nodes
 * may be removed now (unneeded long enough, group above min size, within the deletion budgets).
 */
import type { Node, Pod } from '../../api/core.js';
import type { NodeInfo } from '../../scheduler/node-info.js';
import { podRequests } from '../../scheduler/pod-resources.js';
import type { ApiStore } from '../../store/store.js';
import { type BlockingPod, PdbTracker, isDaemonSetPod, isMirrorPod, podsToMove } from './drainability.js';
import type { NodeGroup, NodeGroupSet } from './node-groups.js';
import { type ClusterAutoscalerOptions, SCALE_DOWN_DISABLED, TO_BE_DELETED_TAINT } from './options.js';
import type { PreparedPod, SchedulingSimulation } from './simulator.js';
import { equivalenceKey } from './equivalence.js';

/** utilization.Info. */
export interface UtilizationInfo {
  readonly cpu: number;
  readonly memory: number;
  readonly resourceName: 'cpu' | 'memory';
  readonly utilization: number;
}

/** simulator.UnremovableReason values the UI shows. */
export type UnremovableReason =
  | 'ScaleDownDisabledAnnotation' | 'NotUnderutilized' | 'NoPlaceToMovePods' | 'BlockedByPod' | 'NodeGroupMinSizeReached'
  | 'NotUnneededLongEnough' | 'NotUnreadyLongEnough' | 'CurrentlyBeingDeleted' | 'UnexpectedError';

/** A node that cannot go, and why. */
export interface UnremovableNode {
  readonly node: string;
  readonly reason: UnremovableReason;
  readonly blockingPod?: BlockingPod;
  readonly utilization?: UtilizationInfo;
}

/** A node scale-down could remove. */
export interface UnneededNode {
  readonly node: string;
  readonly group: NodeGroup;
  readonly since: number;
  readonly ready: boolean;
  readonly utilization: UtilizationInfo;
  readonly podsToMove: readonly Pod[];
}

/** Go's %v of a float64 (strconv 'g', shortest): `0.25`, `0`, `1e-05`. */
export function goFloat(x: number): string {
  if (x === 0) return '0';
  const [mant, exp] = x.toExponential().split('e') as [string, string];
  const e = Number(exp);
  if (e < -4 || e >= 21) return `${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  return String(x);
}

/** `{0.25 0.1 0 0 cpu 0.25}`: Go's %v of utilization.Info (CpuUtil MemUtil GpuUtil DynamicResourceUtil ResourceName Utilization). */
export function formatUtilization(u: UtilizationInfo): string {
  return `{${goFloat(u.cpu)} ${goFloat(u.memory)} 0 0 ${u.resourceName} ${goFloat(u.utilization)}}`;
}

/** An expendable pod (priority below the cutoff): CA's snapshot leaves it out, so it neither counts nor blocks. */
export const isExpendable = (p: Pod, o: ClusterAutoscalerOptions): boolean => (p.spec?.priority ?? 0) < o.expendablePodsPriorityCutoff;

/**
 * utilization.Calculate from the scheduler's running totals. DaemonSet and mirror pods count unless ignored (then
 * they leave both requests and allocatable, as upstream subtracts them); expendable pods are not in CA's snapshot.
 */
export function utilizationOf(info: NodeInfo, o: ClusterAutoscalerOptions): UtilizationInfo | undefined {
  let cpuReq = info.requestedMilliCPU, memReq = info.requestedMemory;
  let cpuAlloc = info.allocatableMilliCPU, memAlloc = info.allocatableMemory;
  for (const p of info.pods) {
    const expendable = isExpendable(p, o);
    const skipped = (o.ignoreDaemonSetsUtilization && isDaemonSetPod(p)) || (o.ignoreMirrorPodsUtilization && isMirrorPod(p));
    if (!expendable && !skipped) continue;
    const r = podRequests(p);
    cpuReq -= r.milliCPU; memReq -= r.memory;
    if (skipped && !expendable) { cpuAlloc -= r.milliCPU; memAlloc -= r.memory; }
  }
  if (cpuAlloc <= 0 || memAlloc <= 0) return undefined;
  const cpu = cpuReq / cpuAlloc, memory = memReq / memAlloc;
  return cpu > memory ? { cpu, memory, resourceName: 'cpu', utilization: cpu } : { cpu, memory, resourceName: 'memory', utilization: memory };
}

// One unbound copy per pod object, kept across scans so the scheduler's per-pod caches (requests, ports) hit.
const unboundCopies = new WeakMap<Pod, Pod>();

/** The pod as it would be rescheduled: without spec.nodeName, so the NodeName filter does not pin it. */
function unboundCopy(pod: Pod): Pod {
  let copy = unboundCopies.get(pod);
  if (!copy) unboundCopies.set(pod, (copy = { ...pod, spec: { ...pod.spec, nodeName: undefined } }));
  return copy;
}

const isReady = (n: Node) => !!n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

/** Tracks unneeded nodes across scans. */
export class ScaleDownPlanner {
  unneeded = new Map<string, UnneededNode>();
  unremovable = new Map<string, UnremovableNode>();
  /** When candidates were last computed (status ConfigMap's scaleDown probe time). */
  lastUpdate: number | undefined;
  /** Where each moved pod (by uid) went in the last scan: tried first next time (upstream's hinting simulator). */
  private hints = new Map<string, string>();

  constructor(private readonly store: ApiStore, private readonly groups: NodeGroupSet, private readonly o: ClusterAutoscalerOptions) {}

  /** UpdateClusterState: recompute unneeded nodes on a fork of the scan's simulation. */
  update(sim: SchedulingSimulation, now: number): void {
    const prev = this.unneeded;
    this.unneeded = new Map();
    this.unremovable = new Map();
    this.lastUpdate = now;
    const pdbs = new PdbTracker(this.store);
    const world = sim.fork();
    const preparedByKey = new Map<string, PreparedPod>();
    const hints = new Map<string, string>();
    let lastDestination: string | undefined;
    // Pods are moved to real nodes only (GetPodDestinationCandidates), never onto nodes still to come.
    for (const name of world.addedNodeNames()) world.exclude(name);
    const candidates: { node: Node; group: NodeGroup }[] = [];
    for (const group of this.groups.list) {
      // PreFilteringScaleDownNodeProcessor: a group at (or below) its min size offers no candidates, so its nodes
      // are never simulated — at 1,000 nodes that is most of a scan's work on a cluster at its floor.
      if (group.targetSize() <= group.minSize) {
        for (const name of group.nodes.keys()) this.unremovable.set(name, { node: name, reason: 'NodeGroupMinSizeReached' });
        continue;
      }
      for (const node of group.nodes.values()) candidates.push({ node, group });
    }
    // Previously unneeded nodes are re-checked first, so they keep their place against newer candidates.
    candidates.sort((a, b) => (prev.has(b.node.metadata.name!) ? 1 : 0) - (prev.has(a.node.metadata.name!) ? 1 : 0));
    for (const { node, group } of candidates) {
      const name = node.metadata.name!;
      const no = (reason: UnremovableReason, extra: Partial<UnremovableNode> = {}) => this.unremovable.set(name, { node: name, reason, ...extra });
      if (group.deleting.has(name) || node.spec?.taints?.some((t) => t.key === TO_BE_DELETED_TAINT)) { no('CurrentlyBeingDeleted'); continue; }
      if (node.metadata.annotations?.[SCALE_DOWN_DISABLED] === 'true') { no('ScaleDownDisabledAnnotation'); continue; }
      const info = world.node(name);
      const utilization = info ? utilizationOf(info, this.o) : undefined;
      if (!info || !utilization) { no('UnexpectedError'); continue; }
      if (utilization.utilization >= this.o.scaleDownUtilizationThreshold) { no('NotUnderutilized', { utilization }); continue; }
      const move = podsToMove(info.pods.filter((p) => !isExpendable(p, this.o)), this.store, pdbs, this.o);
      if (move.blocking) { no('BlockedByPod', { blockingPod: move.blocking, utilization }); continue; }
      if (!pdbs.canRemove(move.pods)) {
        const pod = move.pods.find((p) => pdbs.matching(p).length)!;
        no('BlockedByPod', { blockingPod: { pod, reason: 'NotEnoughPdb', message: `not enough pod disruption budget to move ${pod.metadata.namespace}/${pod.metadata.name}` }, utilization });
        continue;
      }
      // Remove the node in the simulation and reschedule its pods; undone if any pod finds no place.
      const placed = world.attempt(() => {
        world.exclude(name);
        for (const p of move.pods) world.remove(p, info);
        for (const p of move.pods) {
          const unbound = unboundCopy(p);
          const key = equivalenceKey(p);
          let prepared = preparedByKey.get(key);
          // Equivalent pods filter alike; only stateful plugins (spread, affinity) need a fresh PreFilter.
          if (!prepared || prepared.extensions) preparedByKey.set(key, (prepared = world.prepare(unbound)));
          const dest = world.findNode(prepared, this.hints.get(p.metadata.uid!) ?? lastDestination);
          if (!dest) return false;
          world.place(unbound, dest);
          hints.set(p.metadata.uid!, (lastDestination = dest.name));
        }
        return true;
      });
      if (!placed) { no('NoPlaceToMovePods', { utilization }); continue; }
      pdbs.remove(move.pods);
      this.unneeded.set(name, { node: name, group, since: prev.get(name)?.since ?? now, ready: isReady(node), utilization, podsToMove: move.pods });
    }
    this.hints = hints;
  }

  /** NodesToDelete: unneeded long enough and above min size, cropped by the parallelism budgets. */
  nodesToDelete(now: number, inProgress: { total: number; drains: number }): { empty: UnneededNode[]; drain: UnneededNode[] } {
    const chosen = new Map<NodeGroup, number>();
    const empty: UnneededNode[] = [], drain: UnneededNode[] = [];
    let budget = this.o.maxScaleDownParallelism - inProgress.total;
    let drainBudget = Math.min(this.o.maxDrainParallelism - inProgress.drains, budget);
    // Empty nodes first: they cost no evictions.
    const ordered = [...this.unneeded.values()].sort((a, b) => (a.podsToMove.length ? 1 : 0) - (b.podsToMove.length ? 1 : 0));
    for (const u of ordered) {
      const wait = u.ready ? this.o.scaleDownUnneededTimeMs : this.o.scaleDownUnreadyTimeMs;
      if (u.since + wait > now) {
        this.unremovable.set(u.node, { node: u.node, reason: u.ready ? 'NotUnneededLongEnough' : 'NotUnreadyLongEnough', utilization: u.utilization });
        continue;
      }
      const going = u.group.deleting.size + (chosen.get(u.group) ?? 0);
      if (u.group.targetSize() - going <= u.group.minSize) {
        this.unremovable.set(u.node, { node: u.node, reason: 'NodeGroupMinSizeReached', utilization: u.utilization });
        continue;
      }
      if (budget <= 0) break;
      if (u.podsToMove.length) {
        if (drainBudget <= 0) continue;
        drainBudget--;
        drain.push(u);
      } else empty.push(u);
      budget--;
      chosen.set(u.group, (chosen.get(u.group) ?? 0) + 1);
    }
    return { empty, drain };
  }
}
