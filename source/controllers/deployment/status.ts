/** Deployment status from its ReplicaSets (upstream calculateStatus / syncDeploymentStatus). */
import type { DeploymentStatus, ReplicaSet } from '../../api/workloads.js';
import { deepEqual } from '../../store/clone.js';
import { AVAILABLE, MINIMUM_REPLICAS_AVAILABLE, MINIMUM_REPLICAS_UNAVAILABLE, newCondition, setCondition } from './conditions.js';
import { type SyncState, nowOf, writeStatus } from './context.js';
import { maxUnavailable } from './fenceposts.js';
import { sumAvailableReplicas, sumReadyReplicas, sumSpecReplicas, sumStatusReplicas } from './replica-sets.js';

/**
 * calculateStatus: counts summed over the sets, observedGeneration, and the Available condition (available ≥
 * replicas − maxUnavailable). Zero counts are left out, as upstream's `omitempty` serialisation does.
 */
export function calculateStatus(s: SyncState, allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): DeploymentStatus {
  const d = s.d;
  const available = sumAvailableReplicas(allRSs);
  const unavailable = Math.max(0, sumSpecReplicas(allRSs) - available);
  const status: DeploymentStatus = {};
  const put = (k: 'observedGeneration' | 'replicas' | 'updatedReplicas' | 'readyReplicas' | 'availableReplicas' | 'unavailableReplicas', v: number) => {
    if (v) status[k] = v;
  };
  put('observedGeneration', d.metadata.generation ?? 0);
  put('replicas', sumStatusReplicas(allRSs));
  put('updatedReplicas', sumStatusReplicas([newRS]));
  put('readyReplicas', sumReadyReplicas(allRSs));
  put('availableReplicas', available);
  put('unavailableReplicas', unavailable);
  if (d.status?.conditions?.length) status.conditions = [...d.status.conditions];
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  if (available >= (d.spec.replicas ?? 0) - maxUnavailable(d)) {
    setCondition(status, newCondition(AVAILABLE, 'True', MINIMUM_REPLICAS_AVAILABLE, 'Deployment has minimum availability.', nowOf(s)));
  } else {
    setCondition(status, newCondition(AVAILABLE, 'False', MINIMUM_REPLICAS_UNAVAILABLE, 'Deployment does not have minimum availability.', nowOf(s)));
  }
  return status;
}

/** Write `status` when it differs from the working copy's. Returns whether it wrote. */
export function applyStatus(s: SyncState, status: DeploymentStatus): boolean {
  if (deepEqual(s.d.status ?? {}, status)) return false;
  s.d.status = status;
  writeStatus(s);
  return true;
}

/** syncDeploymentStatus. */
export function syncDeploymentStatus(s: SyncState, allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): void {
  applyStatus(s, calculateStatus(s, allRSs, newRS));
}
