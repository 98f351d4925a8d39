/**
 * BinpackingNodeEstimator: how many template nodes the pods need. Equivalence groups are ordered by decreasing
 * `cpuReq/nodeCPU + memReq/nodeMem` (DecreasingPodOrderer); each group first fills the nodes already added, then
 * goes first-fit onto the last added node, adding a new one when the pod does not fit, until the limiter says stop.
 */
import type { Container, Pod } from '../../api/core.js';
import { toMilli, toUnits } from '../../api/quantity.js';
import type { NodeInfo } from '../../scheduler/node-info.js';
import type { PodEquivalenceGroup } from './equivalence.js';
import type { SchedulingSimulation } from './simulator.js';

/** The estimate for one node group. */
export interface Estimate {
  /** New nodes that received at least one pod. */
  readonly nodeCount: number;
  /** Pods the new nodes would hold. */
  readonly pods: Pod[];
}

function safe(parse: (q: string) => number, q: string | undefined): number {
  if (q === undefined) return 0;
  try { return parse(q); } catch { return 0; }
}

/** Sum of the containers' cpu (milli) and memory (bytes) requests, as the orderer and least-waste add them up. */
export function containerRequests(pod: Pod): { cpu: number; memory: number } {
  let cpu = 0, memory = 0;
  const containers: readonly Container[] = pod.spec.containers ?? [];
  for (const c of containers) {
    cpu += safe(toMilli, c.resources?.requests?.cpu);
    memory += safe(toUnits, c.resources?.requests?.memory);
  }
  return { cpu, memory };
}

/** DecreasingPodOrderer: biggest share of the template's allocatable first (stable for equal scores). */
export function orderGroups(groups: readonly PodEquivalenceGroup[], template: NodeInfo): PodEquivalenceGroup[] {
  const cpu = template.allocatableMilliCPU, mem = template.allocatableMemory;
  const score = (g: PodEquivalenceGroup) => {
    const r = containerRequests(g.exemplar);
    return (cpu > 0 ? r.cpu / cpu : 0) + (mem > 0 ? r.memory / mem : 0);
  };
  return groups.map((g, i) => ({ g, i, s: score(g) })).sort((a, b) => b.s - a.s || a.i - b.i).map((x) => x.g);
}

/**
 * Estimate on a fork of `sim` (left untouched). `template` orders the groups, `newNode(k)` builds the k-th
 * template copy; `limit` is the
 * threshold limiter: max nodes per scale-up, the group's remaining size, and the cluster's node cap.
 */
export function estimate(sim: SchedulingSimulation, groups: readonly PodEquivalenceGroup[], template: NodeInfo, newNode: (k: number) => NodeInfo, limit: number): Estimate {
  const fork = sim.fork();
  const added: string[] = [];
  const withPods = new Set<string>();
  const pods: Pod[] = [];
  let last: string | undefined;
  let k = 0;
  const place = (pod: Pod, info: NodeInfo) => {
    fork.place(pod, info);
    withPods.add(info.name);
    pods.push(pod);
  };
  if (groups.length === 0) return { nodeCount: 0, pods };
  const ordered = orderGroups(groups, template);
  for (const group of ordered) {
    const prepared = fork.prepare(group.exemplar);
    if (prepared.pre.rejected) continue;
    // tryToScheduleOnExistingNodes: the nodes this estimate already added. Capacity only shrinks, so a node an
    // equivalent pod did not fit is not tried again for the group (unless spread/affinity state is involved).
    let i = 0;
    let from = 0;
    for (; i < group.pods.length && added.length; i++) {
      let target: NodeInfo | undefined;
      for (let j = prepared.extensions ? 0 : from; j < added.length; j++) {
        const info = fork.node(added[j]!)!;
        if (!fork.check(prepared, info)) { target = info; from = j; break; }
      }
      if (!target) break;
      place(group.pods[i]!, target);
    }
    // tryToScheduleOnNewNodes.
    for (; i < group.pods.length; i++) {
      const pod = group.pods[i]!;
      if (last !== undefined && !fork.check(prepared, fork.node(last)!)) { place(pod, fork.node(last)!); continue; }
      // An empty last node the pod did not fit means a fresh one would not help either.
      if (last !== undefined && !withPods.has(last)) break;
      if (added.length >= limit) break;
      const info = newNode(k++);
      fork.addNode(info);
      added.push(info.name);
      last = info.name;
      if (!fork.check(prepared, info)) place(pod, info);
    }
  }
  return { nodeCount: withPods.size, pods };
}
