/**
 * The DaemonSet RollingUpdate strategy: with maxSurge 0, delete out-of-date pods while fewer than maxUnavailable
 * nodes lack an available pod (manage then creates the replacement once the old pod is gone); with maxSurge,
 * start the new pod beside the old one and delete the old one once the new one is available.
 */
import type { Pod } from '../../api/core.js';
import type { DaemonSet } from '../../api/workloads.js';
import { daemonPodAvailable, surgeCount, unavailableCount } from './pod-state.js';
import { type DaemonSetContext, syncNodes } from './sync.js';
import { type DaemonView, RUN, isPodUpdated } from './view.js';

const NO_PODS: readonly Pod[] = [];

/** findUpdatedPodsOnNode: at most one new and one old live pod, else undefined (manage prunes the excess). */
function updatedPodsOnNode(ds: DaemonSet, pods: readonly Pod[], hash: string): { newPod?: Pod; oldPod?: Pod } | undefined {
  let newPod: Pod | undefined, oldPod: Pod | undefined;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    if (isPodUpdated(pod, hash, ds)) {
      if (newPod) return undefined;
      newPod = pod;
    } else {
      if (oldPod) return undefined;
      oldPod = pod;
    }
  }
  return { newPod, oldPod };
}

/** rollingUpdate: nodes in node-list order (upstream walks a Go map, so its order is random). */
export function rollingUpdate(ctx: DaemonSetContext, ds: DaemonSet, view: DaemonView, hash: string): string | undefined {
  const { nodes, placement, pods } = view;
  let desired = 0;
  for (let i = 0; i < nodes.length; i++) if (placement[i]! & RUN) desired++;
  const maxSurge = surgeCount(ds, desired);
  let maxUnavailable = unavailableCount(ds, desired);
  if (desired > 0 && maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
  const available = (p: Pod) => daemonPodAvailable(p, ds, ctx.now);
  // Nodes with pods, and wanted nodes without any (updatedDesiredNodeCounts adds those, empty), then strays.
  const each = (fn: (name: string, podsOnNode: readonly Pod[], wanted: boolean) => void) => {
    for (let i = 0; i < nodes.length; i++) {
      const wanted = (placement[i]! & RUN) !== 0;
      if (pods[i] || wanted) fn(nodes[i]!.metadata.name!, pods[i] ?? NO_PODS, wanted);
    }
    for (const [name, strays] of view.strays) fn(name, strays, false);
  };

  if (maxSurge === 0) {
    let unavailable = 0;
    const replace: string[] = [];
    const candidates: string[] = [];
    each((_name, podsOnNode) => {
      const found = updatedPodsOnNode(ds, podsOnNode, hash);
      if (!found) { unavailable++; return; }
      const { newPod, oldPod } = found;
      if ((!oldPod && !newPod) || (oldPod && newPod)) unavailable++;
      else if (newPod) { if (!available(newPod)) unavailable++; }
      else if (!available(oldPod!)) { replace.push(oldPod!.metadata.name!); unavailable++; }
      else if (unavailable < maxUnavailable) candidates.push(oldPod!.metadata.name!);
    });
    const room = Math.min(Math.max(0, maxUnavailable - unavailable), candidates.length);
    return syncNodes(ctx, ds, [...replace, ...candidates.slice(0, room)], [], hash);
  }

  const oldToDelete: string[] = [];
  const shouldNotRun: string[] = [];
  const candidateNodes: string[] = [];
  const allowedNodes: string[] = [];
  let surging = 0, numAvailable = 0;
  each((name, podsOnNode, wanted) => {
    const found = updatedPodsOnNode(ds, podsOnNode, hash);
    if (!found) { surging++; return; }
    const { newPod, oldPod } = found;
    if (oldPod ? available(oldPod) : newPod ? available(newPod) : false) numAvailable++;
    if (!oldPod) return;
    if (!newPod) {
      if (!wanted) { (available(oldPod) ? shouldNotRun : oldToDelete).push(oldPod.metadata.name!); return; }
      if (!available(oldPod)) allowedNodes.push(name);
      else if (surging < maxSurge) candidateNodes.push(name);
      return;
    }
    if (!available(newPod)) { surging++; return; }
    oldToDelete.push(oldPod.metadata.name!);
  });
  // With surge the owner expects full availability: pods leaving a node go only once others are available.
  const deletable = Math.min(numAvailable - desired, shouldNotRun.length);
  if (deletable > 0) oldToDelete.push(...shouldNotRun.slice(0, deletable));
  const room = Math.min(Math.max(0, maxSurge - surging), candidateNodes.length);
  return syncNodes(ctx, ds, oldToDelete, [...allowedNodes, ...candidateNodes.slice(0, room)], hash);
}
