/**
 * The non-rollout paths of a Deployment sync (upstream sync.go): scaling — the single active set, or
 * proportionally across sets mid-rollout with the leftover to the largest — revision-history cleanup,
 * scaling-event detection, the paused condition, and status-only syncs.
 */
import { isApiError } from '../../api/errors.js';
import type { ReplicaSet } from '../../api/workloads.js';
import { DESIRED_REPLICAS_ANNOTATION, intAnnotation } from './annotations.js';
import {
  PAUSED_DEPLOY_REASON, PROGRESSING, RESUMED_DEPLOY_REASON, TIMED_OUT_REASON, getCondition, hasProgressDeadline, newCondition, setCondition,
} from './conditions.js';
import { type SyncState, nowOf, scaleReplicaSet, scaleReplicaSetAndRecordEvent, writeStatus } from './context.js';
import { isRollingUpdate, maxSurge, replicaSetProportion } from './fenceposts.js';
import { getAllReplicaSetsAndSyncRevision } from './new-replica-set.js';
import { byRevision, bySizeNewer, bySizeOlder, filterActive, findActiveOrLatest, isSaturated, specReplicas, sumSpecReplicas } from './replica-sets.js';
import { syncDeploymentStatus } from './status.js';

/** sync: scale to spec.replicas without rolling out (paused Deployments, scaling events). */
export function sync(s: SyncState, rsList: readonly ReplicaSet[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(s, rsList, false);
  scale(s, newRS, oldRSs);
  if (s.d.spec.paused) cleanupDeployment(s, oldRSs);
  syncDeploymentStatus(s, [...oldRSs, newRS], newRS);
}

/** syncStatusOnly: a Deployment being deleted only gets its status refreshed. */
export function syncStatusOnly(s: SyncState, rsList: readonly ReplicaSet[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(s, rsList, false);
  syncDeploymentStatus(s, [...oldRSs, newRS], newRS);
}

/** isScalingEvent: an active set was last sized for a different spec.replicas (its desired-replicas annotation). */
export function isScalingEvent(s: SyncState, rsList: readonly ReplicaSet[]): boolean {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(s, rsList, false);
  const want = s.d.spec.replicas ?? 0;
  for (const rs of filterActive([...oldRSs, newRS])) {
    const desired = intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
    if (desired !== undefined && desired !== want) return true;
  }
  return false;
}

/** scale: resize the active set(s) to the Deployment's new size. */
export function scale(s: SyncState, newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): void {
  const d = s.d;
  const replicas = d.spec.replicas ?? 0;
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest) {
    if (specReplicas(activeOrLatest) !== replicas) scaleReplicaSetAndRecordEvent(s, activeOrLatest, replicas);
    return;
  }
  // A saturated new set (an adoption case): the old sets go to zero.
  if (isSaturated(d, newRS)) {
    for (const old of filterActive(oldRSs)) scaleReplicaSetAndRecordEvent(s, old, 0);
    return;
  }
  if (!isRollingUpdate(d)) return;
  // Mid-rollout: spread the change over the active sets in proportion to their sizes.
  const allRSs = filterActive([...oldRSs, newRS]);
  const allowed = replicas > 0 ? replicas + maxSurge(d) : 0;
  const toAdd = allowed - sumSpecReplicas(allRSs);
  let operation: 'up' | 'down' | '' = '';
  if (toAdd > 0) { allRSs.sort(bySizeNewer); operation = 'up'; }
  else if (toAdd < 0) { allRSs.sort(bySizeOlder); operation = 'down'; }
  let added = 0;
  const sizes = allRSs.map((rs) => {
    if (toAdd === 0) return specReplicas(rs);
    const p = replicaSetProportion(rs, d, toAdd, added);
    added += p;
    return specReplicas(rs) + p;
  });
  allRSs.forEach((rs, i) => {
    // The leftover goes to the first set: the largest (newest on ties when growing, oldest when shrinking).
    if (i === 0 && toAdd !== 0) sizes[0] = Math.max(0, sizes[0]! + toAdd - added);
    scaleReplicaSet(s, rs, sizes[i]!, operation);
  });
}

/** cleanupDeployment: delete the oldest empty old sets beyond revisionHistoryLimit. */
export function cleanupDeployment(s: SyncState, oldRSs: readonly ReplicaSet[]): void {
  const limit = s.d.spec.revisionHistoryLimit;
  if (limit === undefined || limit === null) return;
  const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
  const diff = cleanable.length - limit;
  if (diff <= 0) return;
  cleanable.sort(byRevision);
  const store = s.env.engine.store;
  for (let i = 0; i < diff; i++) {
    const rs = cleanable[i]!;
    // Never a set that still has (or is meant to have) pods, or whose spec its controller hasn't seen yet.
    if ((rs.status?.replicas ?? 0) !== 0 || specReplicas(rs) !== 0 || (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
    try {
      store.delete('ReplicaSet', rs.metadata.namespace, rs.metadata.name!);
    } catch (err) {
      if (!isApiError(err, 'NotFound')) throw err;
    }
  }
}

/** checkPausedConditions: Progressing Unknown DeploymentPaused / DeploymentResumed, unless the deadline was already reported. */
export function checkPausedConditions(s: SyncState): void {
  const d = s.d;
  if (!hasProgressDeadline(d)) return;
  const cond = getCondition(d.status, PROGRESSING);
  if (cond?.reason === TIMED_OUT_REASON) return;
  const pausedCondition = cond?.reason === PAUSED_DEPLOY_REASON;
  if (d.spec.paused && !pausedCondition) {
    setCondition((d.status ??= {}), newCondition(PROGRESSING, 'Unknown', PAUSED_DEPLOY_REASON, 'Deployment is paused', nowOf(s)));
  } else if (!d.spec.paused && pausedCondition) {
    setCondition((d.status ??= {}), newCondition(PROGRESSING, 'Unknown', RESUMED_DEPLOY_REASON, 'Deployment is resumed', nowOf(s)));
  } else return;
  writeStatus(s);
}
