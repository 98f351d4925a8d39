/**
 * RollingUpdate (upstream rolling.go): each sync either grows the new set within replicas + maxSurge, or
 * shrinks old sets within replicas − maxUnavailable — unhealthy old replicas first, then old sets oldest first.
 */
import { isApiError } from '../../api/errors.js';
import type { Deployment, ReplicaSet } from '../../api/workloads.js';
import { type SyncState, scaleReplicaSetAndRecordEvent } from './context.js';
import { deploymentComplete } from './conditions.js';
import { maxUnavailable, newRSNewReplicas } from './fenceposts.js';
import { getAllReplicaSetsAndSyncRevision } from './new-replica-set.js';
import { syncRolloutStatus } from './progress.js';
import { byCreation, filterActive, specReplicas, sumAvailableReplicas, sumSpecReplicas } from './replica-sets.js';
import { cleanupDeployment } from './sync.js';

/** An impossible scale request upstream reports as an error (and reconcileOldReplicaSets swallows). */
class InvalidScaleRequest extends Error {}

/** rolloutRolling. */
export function rolloutRolling(s: SyncState, rsList: readonly ReplicaSet[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(s, rsList, true);
  const allRSs = [...oldRSs, newRS];
  if (newRS && reconcileNewReplicaSet(s, allRSs, newRS)) return syncRolloutStatus(s, allRSs, newRS);
  if (newRS && reconcileOldReplicaSets(s, allRSs, filterActive(oldRSs), newRS)) return syncRolloutStatus(s, allRSs, newRS);
  if (deploymentComplete(s.d, s.d.status ?? {})) cleanupDeployment(s, oldRSs);
  syncRolloutStatus(s, allRSs, newRS);
}

/** reconcileNewReplicaSet: scale the new set down to replicas if above, else up as far as maxSurge allows. */
export function reconcileNewReplicaSet(s: SyncState, allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet): boolean {
  const want = s.d.spec.replicas ?? 0;
  if (specReplicas(newRS) === want) return false;
  if (specReplicas(newRS) > want) return scaleReplicaSetAndRecordEvent(s, newRS, want).scaled;
  return scaleReplicaSetAndRecordEvent(s, newRS, newRSNewReplicas(s.d, allRSs, newRS)).scaled;
}

/**
 * reconcileOldReplicaSets: scale old sets down by at most
 * `allPods − (replicas − maxUnavailable) − newRSUnavailable`, so the new set's unavailable pods never let
 * availability drop further.
 */
export function reconcileOldReplicaSets(s: SyncState, allRSs: readonly (ReplicaSet | undefined)[], oldRSs: ReplicaSet[], newRS: ReplicaSet): boolean {
  const d = s.d;
  if (sumSpecReplicas(oldRSs) === 0) return false;
  const allPods = sumSpecReplicas(allRSs);
  const minAvailable = (d.spec.replicas ?? 0) - maxUnavailable(d);
  const newRSUnavailable = specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = allPods - minAvailable - newRSUnavailable;
  if (maxScaledDown <= 0) return false;
  // Upstream ignores errors in these two steps: the sync goes on to the status update.
  let cleanedUp: number;
  try {
    cleanedUp = cleanupUnhealthyReplicas(s, oldRSs, maxScaledDown);
  } catch (err) {
    if (err instanceof InvalidScaleRequest || isApiError(err)) return false;
    throw err;
  }
  let scaledDown: number;
  try {
    scaledDown = scaleDownOldReplicaSetsForRollingUpdate(s, [...oldRSs, newRS], oldRSs);
  } catch (err) {
    if (err instanceof InvalidScaleRequest || isApiError(err)) return false;
    throw err;
  }
  return cleanedUp + scaledDown > 0;
}

/** cleanupUnhealthyReplicas: shrink old sets by their unavailable replicas (oldest first), updating `oldRSs` in place. */
function cleanupUnhealthyReplicas(s: SyncState, oldRSs: ReplicaSet[], maxCleanup: number): number {
  oldRSs.sort(byCreation);
  let total = 0;
  for (let i = 0; i < oldRSs.length; i++) {
    if (total >= maxCleanup) break;
    const rs = oldRSs[i]!;
    const replicas = specReplicas(rs);
    const available = rs.status?.availableReplicas ?? 0;
    if (replicas === 0 || replicas === available) continue;
    const count = Math.min(maxCleanup - total, replicas - available);
    const target = replicas - count;
    // A status that is ahead of the spec (more available than wanted) makes this a scale *up*: upstream refuses.
    if (target > replicas) throw new InvalidScaleRequest(`when cleaning up unhealthy replicas, got invalid request to scale down ${rs.metadata.namespace}/${rs.metadata.name} ${replicas} -> ${target}`);
    oldRSs[i] = scaleReplicaSetAndRecordEvent(s, rs, target).rs;
    total += count;
  }
  return total;
}

/** scaleDownOldReplicaSetsForRollingUpdate: remove available old pods beyond minAvailable, oldest sets first. */
function scaleDownOldReplicaSetsForRollingUpdate(s: SyncState, allRSs: readonly (ReplicaSet | undefined)[], oldRSs: ReplicaSet[]): number {
  const d: Deployment = s.d;
  const minAvailable = (d.spec.replicas ?? 0) - maxUnavailable(d);
  const available = sumAvailableReplicas(allRSs);
  if (available <= minAvailable) return 0;
  oldRSs.sort(byCreation);
  let total = 0;
  const budget = available - minAvailable;
  for (const rs of oldRSs) {
    if (total >= budget) break;
    const replicas = specReplicas(rs);
    if (replicas === 0) continue;
    const count = Math.min(replicas, budget - total);
    scaleReplicaSetAndRecordEvent(s, rs, replicas - count);
    total += count;
  }
  return total;
}
