/**
 * Rollout progress (upstream progress.go): the Progressing condition — NewReplicaSetAvailable when complete,
 * ReplicaSetUpdated on any progress, ProgressDeadlineExceeded after progressDeadlineSeconds without any — the
 * ReplicaFailure condition copied from the sets, and the requeue that checks the deadline on time.
 */
import type { Condition } from '../../api/meta.js';
import type { ReplicaSet } from '../../api/workloads.js';
import {
  NEW_RS_AVAILABLE_REASON, PROGRESSING, REPLICA_FAILURE, RS_UPDATED_REASON, TIMED_OUT_REASON, deploymentComplete, deploymentProgressing,
  deploymentTimedOut, getCondition, hasProgressDeadline, newCondition, removeCondition, setCondition,
} from './conditions.js';
import { type SyncState, nowOf } from './context.js';
import { applyStatus, calculateStatus } from './status.js';
import type { DeploymentStatus } from '../../api/workloads.js';

/** getReplicaFailures: the new set's ReplicaFailure conditions, else the old sets'. */
function replicaFailures(allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): Condition[] {
  const toDeployment = (c: Condition): Condition => ({
    type: c.type, status: c.status, lastUpdateTime: c.lastTransitionTime, lastTransitionTime: c.lastTransitionTime, reason: c.reason, message: c.message,
  });
  const fromNew = (newRS?.status?.conditions ?? []).filter((c) => c.type === REPLICA_FAILURE).map(toDeployment);
  if (fromNew.length) return fromNew;
  const out: Condition[] = [];
  for (const rs of allRSs) for (const c of rs?.status?.conditions ?? []) if (c.type === REPLICA_FAILURE) out.push(toDeployment(c));
  return out;
}

/** syncRolloutStatus: status plus the Progressing and ReplicaFailure conditions; requeues a stuck rollout for its deadline. */
export function syncRolloutStatus(s: SyncState, allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): void {
  const d = s.d;
  const now = nowOf(s);
  const status = calculateStatus(s, allRSs, newRS);
  if (!hasProgressDeadline(d)) removeCondition(status, PROGRESSING);
  const current = getCondition(d.status, PROGRESSING);
  const isComplete = (status.replicas ?? 0) === (status.updatedReplicas ?? 0) && current?.reason === NEW_RS_AVAILABLE_REASON;
  if (hasProgressDeadline(d) && !isComplete) {
    const rsName = newRS?.metadata.name;
    if (deploymentComplete(d, status)) {
      const msg = rsName ? `ReplicaSet "${rsName}" has successfully progressed.` : `Deployment "${d.metadata.name}" has successfully progressed.`;
      setCondition(status, newCondition(PROGRESSING, 'True', NEW_RS_AVAILABLE_REASON, msg, now));
    } else if (deploymentProgressing(d, status)) {
      const msg = rsName ? `ReplicaSet "${rsName}" is progressing.` : `Deployment "${d.metadata.name}" is progressing.`;
      let cond = newCondition(PROGRESSING, 'True', RS_UPDATED_REASON, msg, now);
      // Progress refreshes lastUpdateTime even when the reason is unchanged, so the deadline restarts.
      if (current) {
        if (current.status === 'True') cond = { ...cond, lastTransitionTime: current.lastTransitionTime };
        removeCondition(status, PROGRESSING);
      }
      setCondition(status, cond);
    } else if (deploymentTimedOut(d, status, now)) {
      const msg = rsName ? `ReplicaSet "${rsName}" has timed out progressing.` : `Deployment "${d.metadata.name}" has timed out progressing.`;
      setCondition(status, newCondition(PROGRESSING, 'False', TIMED_OUT_REASON, msg, now));
    }
  }
  const failures = replicaFailures(allRSs, newRS);
  if (failures.length) setCondition(status, failures[0]!);
  else removeCondition(status, REPLICA_FAILURE);
  // A write triggers another sync (our watch sees it); the deadline requeue is made once the status is stable.
  if (!applyStatus(s, status)) requeueStuckDeployment(s, status);
}

/**
 * requeueStuckDeployment: a rollout in progress with no news must still be checked when its deadline passes
 * (lastUpdateTime + progressDeadlineSeconds), plus a second as upstream adds against clock skew.
 */
/** client-go's DefaultControllerRateLimiter bucket: 10 requeues per second. */
const BUCKET_INTERVAL_MS = 100;

function requeueStuckDeployment(s: SyncState, status: DeploymentStatus): void {
  const d = s.d;
  const current = getCondition(d.status, PROGRESSING);
  if (!hasProgressDeadline(d) || !current) return;
  if (deploymentComplete(d, status) || current.reason === TIMED_OUT_REASON) return;
  const from = current.lastUpdateTime ? Date.parse(current.lastUpdateTime) : NaN;
  if (Number.isNaN(from)) return;
  const after = from + d.spec.progressDeadlineSeconds! * 1000 - nowOf(s);
  // Under a second upstream requeues "now", rate limited: the sync's Forget resets the per-item back-off, so what
  // limits it is the default controller limiter's 10 qps bucket — one check per 100 ms. (A deadline already past
  // with reason NewReplicaSetAvailable never times out, so without that limit this would spin.)
  s.env.requeueAfter(s.key, after <= 0 ? BUCKET_INTERVAL_MS : after < 1000 ? after + 1 : after + 1000);
}
