/**
 * One DaemonSet sync's view of the cluster: each node with its placement verdict and the set's pods grouped by the
 * node they are (or will be) on, and the status counted from it (updateDaemonSetStatus).
 */
import type { Node, Pod } from '../../api/core.js';
import type { DaemonSet } from '../../api/workloads.js';
import { CONTROLLER_REVISION_HASH_LABEL } from '../controller-revision.js';
import { placementBits, targetNodeName } from './placement.js';
import { daemonPodAvailable, isPodReady } from './pod-state.js';

/** Placement bits: shouldRun, shouldContinueRunning. */
export const RUN = 1, KEEP = 2;
/** The pod label naming the template generation (deprecated.daemonset.template.generation annotation). */
export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

/**
 * One sync's view of the cluster for a set: each node with its placement verdict and daemon pods (pods grouped
 * by target node, getNodesToDaemonPods), plus pods aimed at nodes that no longer exist. Built once per sync.
 */
export interface DaemonView {
  readonly nodes: readonly Node[];
  /** Per node: bit 0 shouldRun, bit 1 shouldContinueRunning. */
  readonly placement: Uint8Array;
  /** Per node: its daemon pods (undefined when none). */
  readonly pods: (Pod[] | undefined)[];
  /** Pods whose target node is not in the node list, by node name. */
  readonly strays: Map<string, Pod[]>;
}

/** Build the view; terminal pods already being deleted are left out (nothing more to do with them). */
export function buildView(ds: DaemonSet, nodes: readonly Node[], claimed: readonly Pod[]): DaemonView {
  const byNode = new Map<string, Pod[]>();
  for (const pod of claimed) {
    const phase = pod.status?.phase;
    if ((phase === 'Succeeded' || phase === 'Failed') && pod.metadata.deletionTimestamp) continue;
    const node = targetNodeName(pod);
    if (node === undefined) continue;
    const list = byNode.get(node);
    if (list) list.push(pod);
    else byNode.set(node, [pod]);
  }
  const placement = new Uint8Array(nodes.length);
  const pods: (Pod[] | undefined)[] = new Array(nodes.length);
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    placement[i] = placementBits(node, ds.spec.template);
    const name = node.metadata.name!;
    const list = byNode.get(name);
    if (list) { pods[i] = list; byNode.delete(name); }
  }
  return { nodes, placement, pods, strays: byNode };
}

/** podByCreationTimestampAndPhase: bound pods first, then oldest, then by name. */
export function byCreation(a: Pod, b: Pod): number {
  const sa = !!a.spec.nodeName, sb = !!b.spec.nodeName;
  if (sa !== sb) return sa ? -1 : 1;
  const ta = a.metadata.creationTimestamp ?? '', tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : (a.metadata.name ?? '') > (b.metadata.name ?? '') ? 1 : 0;
}

/** IsPodUpdated: the pod wears the current hash (or the current template generation). */
export function isPodUpdated(pod: Pod, hash: string, ds: DaemonSet): boolean {
  const generation = ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
  const labels = pod.metadata.labels;
  return (!!hash && labels?.[CONTROLLER_REVISION_HASH_LABEL] === hash) || (generation !== undefined && labels?.[TEMPLATE_GENERATION_LABEL] === generation);
}

/** The status counts (updateDaemonSetStatus). */
export function daemonSetStatus(ds: DaemonSet, view: DaemonView, hash: string, now: number) {
  let desired = 0, current = 0, misscheduled = 0, ready = 0, updated = 0, available = 0;
  const { nodes, placement } = view;
  for (let i = 0; i < nodes.length; i++) {
    const pods = view.pods[i];
    const scheduled = !!pods && pods.length > 0;
    if (!(placement[i]! & RUN)) {
      if (scheduled) misscheduled++;
      continue;
    }
    desired++;
    if (!scheduled) continue;
    current++;
    const pod = pods.length > 1 ? [...pods].sort(byCreation)[0]! : pods[0]!;
    if (isPodReady(pod)) {
      ready++;
      if (daemonPodAvailable(pod, ds, now)) available++;
    }
    if (isPodUpdated(pod, hash, ds)) updated++;
  }
  return {
    desiredNumberScheduled: desired, currentNumberScheduled: current, numberMisscheduled: misscheduled, numberReady: ready,
    updatedNumberScheduled: updated, numberAvailable: available, numberUnavailable: desired - available,
  };
}
