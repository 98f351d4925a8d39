/** ReplicaSet / ReplicationController status as upstream's calculateStatus computes it, with its ReplicaFailure condition. */
import type { Pod } from '../../api/core.js';
import type { ApiError } from '../../api/errors.js';
import type { Condition } from '../../api/meta.js';
import { matchesLabelSet } from '../../api/selectors.js';
import { timestamp } from '../../store/store.js';
import { isPodAvailable, readyCondition } from './pod-state.js';

/** The status both kinds share. Zero counts are left out, as upstream's `omitempty` serialisation does. */
export interface ReplicaStatus {
  replicas: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: Condition[];
}

/** The condition type a failed create or delete raises. */
export const REPLICA_FAILURE = 'ReplicaFailure';

/**
 * calculateStatus: counts over the active, claimed pods; a ReplicaFailure condition is added on the first
 * failed manageReplicas (reason FailedCreate / FailedDelete) and removed once a sync succeeds.
 */
export function calculateReplicaStatus(
  current: ReplicaStatus | undefined, spec: { replicas?: number; minReadySeconds?: number; templateLabels?: Record<string, string> },
  pods: readonly Pod[], manageError: ApiError | undefined, nowMs: number, generation: number | undefined,
): ReplicaStatus {
  let fullyLabeled = 0, ready = 0, available = 0;
  const minReady = spec.minReadySeconds ?? 0;
  for (const pod of pods) {
    if (matchesLabelSet(spec.templateLabels, pod.metadata.labels)) fullyLabeled++;
    if (readyCondition(pod)?.status !== 'True') continue;
    ready++;
    if (minReady <= 0 || isPodAvailable(pod, minReady, nowMs)) available++;
  }
  let conditions = current?.conditions;
  const failure = conditions?.find((c) => c.type === REPLICA_FAILURE);
  if (manageError && !failure) {
    const diff = pods.length - (spec.replicas ?? 0);
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    const cond: Condition = { type: REPLICA_FAILURE, status: 'True', lastTransitionTime: timestamp(nowMs), reason, message: manageError.message };
    conditions = [...(conditions ?? []).filter((c) => c.type !== REPLICA_FAILURE), cond];
  } else if (!manageError && failure) {
    conditions = conditions!.filter((c) => c.type !== REPLICA_FAILURE);
  }
  const status: ReplicaStatus = { replicas: pods.length };
  if (fullyLabeled) status.fullyLabeledReplicas = fullyLabeled;
  if (ready) status.readyReplicas = ready;
  if (available) status.availableReplicas = available;
  if (generation) status.observedGeneration = generation;
  if (conditions?.length) status.conditions = conditions;
  return status;
}
