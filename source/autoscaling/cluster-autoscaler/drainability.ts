/**
 * Which pods a node's removal has to move, and which pods forbid it: the drainability rules in upstream order
 * (mirror, long-terminating, replica count, daemonset, safe-to-evict, replicated, system, not-safe-to-evict,
 * local storage, PDB) with their BlockingPodReason and message, plus the remaining-PDB tracker that lets several
 * nodes' removals in one scan share a budget.
 */
import type { Pod, Volume } from '../../api/core.js';
import type { PodDisruptionBudget } from '../../api/cluster-kinds.js';
import { isApiError } from '../../api/errors.js';
import { type Selector, labelSelectorFromObject } from '../../api/selectors.js';
import type { ApiStore } from '../../store/store.js';
import { type ClusterAutoscalerOptions, SAFE_TO_EVICT, SAFE_TO_EVICT_LOCAL_VOLUMES } from './options.js';

/** drain.BlockingPodReason. */
export type BlockingPodReason =
  | 'ControllerNotFound' | 'MinReplicasReached' | 'NotReplicated' | 'LocalStorageRequested' | 'NotSafeToEvictAnnotation'
  | 'UnmovableKubeSystemPod' | 'NotEnoughPdb' | 'UnexpectedError';

/** A pod that keeps its node from being removed. */
export interface BlockingPod {
  readonly pod: Pod;
  readonly reason: BlockingPodReason;
  readonly message: string;
}

/** GetPodsToMove's answer. */
export interface PodsToMove {
  /** Pods that must be rescheduled elsewhere (evicted on drain). */
  readonly pods: Pod[];
  /** DaemonSet pods: they go with the node. */
  readonly daemonSetPods: Pod[];
  readonly blocking?: BlockingPod;
}

const selectors = new WeakMap<PodDisruptionBudget, Selector | null>();

function pdbSelector(pdb: PodDisruptionBudget): Selector | null {
  let s = selectors.get(pdb);
  if (s === undefined) {
    try { s = labelSelectorFromObject(pdb.spec?.selector); } catch (err) { if (!isApiError(err)) throw err; s = null; }
    selectors.set(pdb, s);
  }
  return s;
}

/** RemainingPdbTracker: disruptions left per budget while a scan plans several removals. */
export class PdbTracker {
  private readonly remaining = new Map<PodDisruptionBudget, number>();
  private readonly byNamespace = new Map<string, PodDisruptionBudget[]>();

  constructor(store: ApiStore) {
    for (const pdb of store.select<PodDisruptionBudget>('PodDisruptionBudget')) {
      const ns = pdb.metadata.namespace ?? 'default';
      let list = this.byNamespace.get(ns);
      if (!list) this.byNamespace.set(ns, (list = []));
      list.push(pdb);
      this.remaining.set(pdb, pdb.status?.disruptionsAllowed ?? 0);
    }
  }

  /** Budgets whose selector matches the pod. */
  matching(pod: Pod): PodDisruptionBudget[] {
    const list = this.byNamespace.get(pod.metadata.namespace ?? 'default');
    if (!list) return [];
    return list.filter((pdb) => pdbSelector(pdb)?.matches(pod.metadata.labels) ?? false);
  }

  /** CanRemovePods: every budget can absorb the pods of `pods` it covers. */
  canRemove(pods: readonly Pod[]): boolean {
    const need = this.need(pods);
    for (const [pdb, n] of need) if (n > this.remaining.get(pdb)!) return false;
    return true;
  }

  /** RemovePods: take the disruptions. */
  remove(pods: readonly Pod[]): void {
    for (const [pdb, n] of this.need(pods)) this.remaining.set(pdb, this.remaining.get(pdb)! - n);
  }

  left(pdb: PodDisruptionBudget): number {
    return this.remaining.get(pdb) ?? 0;
  }

  private need(pods: readonly Pod[]): Map<PodDisruptionBudget, number> {
    const need = new Map<PodDisruptionBudget, number>();
    for (const p of pods) for (const pdb of this.matching(p)) need.set(pdb, (need.get(pdb) ?? 0) + 1);
    return need;
  }
}

const controllerOf = (pod: Pod) => pod.metadata.ownerReferences?.find((r) => r.controller);
/** Whether a pod is a mirror pod (a static pod's API copy). */
export const isMirrorPod = (pod: Pod): boolean => pod.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined;
/** Whether a pod belongs to a DaemonSet. */
export const isDaemonSetPod = (pod: Pod): boolean => controllerOf(pod)?.kind === 'DaemonSet';

const isLocalVolume = (v: Volume) => !!v.hostPath || (!!v.emptyDir && v.emptyDir.medium !== 'Memory');

/** HasBlockingLocalStorage: a hostPath or disk-backed emptyDir not listed in safe-to-evict-local-volumes. */
export function hasBlockingLocalStorage(pod: Pod): boolean {
  const volumes = pod.spec.volumes;
  if (!volumes?.some(isLocalVolume)) return false;
  const safe = new Set((pod.metadata.annotations?.[SAFE_TO_EVICT_LOCAL_VOLUMES] ?? '').split(',').map((s) => s.trim()).filter(Boolean));
  return volumes.some((v) => isLocalVolume(v) && !safe.has(v.name));
}

/** Built-in controller kinds → the GroupResource a lister's NotFound error names. */
const CONTROLLER_KINDS: Record<string, string> = {
  ReplicationController: 'replicationcontroller', ReplicaSet: 'replicaset.apps', Job: 'job.batch', StatefulSet: 'statefulset.apps', DaemonSet: 'daemonset.apps',
};

/** The replicacount rule: the controller of a built-in kind must still exist. */
function controllerMissing(store: ApiStore, pod: Pod): BlockingPod | undefined {
  const ref = controllerOf(pod);
  if (!ref || !CONTROLLER_KINDS[ref.kind]) return undefined;
  const ns = pod.metadata.namespace ?? 'default';
  if (store.tryGet(ref.kind, ns, ref.name)) return undefined;
  const id = `${ns}/${pod.metadata.name}`;
  const notFound = `${CONTROLLER_KINDS[ref.kind]} "${ref.name}" not found`;
  const message = ref.kind === 'ReplicationController' || ref.kind === 'ReplicaSet'
    ? `replication controller for ${id} is not available, err: ${notFound}`
    : ref.kind === 'DaemonSet' ? `daemonset for ${id} is not present, err: ${notFound}`
      : ref.kind === 'Job' ? `job for ${id} is not available: err: ${notFound}` : `statefulset for ${id} is not available: err: ${notFound}`;
  return { pod, reason: 'ControllerNotFound', message };
}

/** GetPodsToMove over a node's pods; stops at the first blocking pod. */
export function podsToMove(pods: readonly Pod[], store: ApiStore, pdbs: PdbTracker, o: ClusterAutoscalerOptions): PodsToMove {
  const move: Pod[] = [];
  const daemons: Pod[] = [];
  const blocked = (blocking: BlockingPod): PodsToMove => ({ pods: [], daemonSetPods: [], blocking });
  for (const pod of pods) {
    // Mirror pods and pods already on their way out are not moved.
    if (isMirrorPod(pod) || pod.metadata.deletionTimestamp) continue;
    const missing = controllerMissing(store, pod);
    if (missing) return blocked(missing);
    if (isDaemonSetPod(pod)) { daemons.push(pod); continue; }
    const phase = pod.status?.phase;
    if (pod.metadata.annotations?.[SAFE_TO_EVICT] === 'true' || phase === 'Succeeded' || phase === 'Failed') { move.push(pod); continue; }
    const name = pod.metadata.name!, ns = pod.metadata.namespace ?? 'default';
    if (!controllerOf(pod)) return blocked({ pod, reason: 'NotReplicated', message: `${ns}/${name} is not replicated` });
    if (ns === 'kube-system' && o.skipNodesWithSystemPods && pdbs.matching(pod).length === 0) {
      return blocked({ pod, reason: 'UnmovableKubeSystemPod', message: `non-daemonset, non-mirrored, non-pdb-assigned kube-system pod present: ${name}` });
    }
    if (pod.metadata.annotations?.[SAFE_TO_EVICT] === 'false') {
      return blocked({ pod, reason: 'NotSafeToEvictAnnotation', message: `pod annotated as not safe to evict present: ${name}` });
    }
    if (o.skipNodesWithLocalStorage && hasBlockingLocalStorage(pod)) {
      return blocked({ pod, reason: 'LocalStorageRequested', message: `pod with local storage present: ${name}` });
    }
    if (pdbs.matching(pod).some((pdb) => pdbs.left(pdb) < 1)) {
      return blocked({ pod, reason: 'NotEnoughPdb', message: `not enough pod disruption budget to move ${ns}/${name}` });
    }
    move.push(pod);
  }
  return { pods: move, daemonSetPods: daemons };
}
