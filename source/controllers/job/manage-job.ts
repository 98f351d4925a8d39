/**
 * manageJob: keep the number of running pods at what parallelism and the remaining completions allow, respecting
 * the failure back-off; create in slow-start batches, delete the least advanced pods first.
 */
import type { Pod } from '../../api/core.js';
import { type ApiError, isApiError } from '../../api/errors.js';
import type { Job } from '../../api/workloads.js';
import { remainingBackoff } from './backoff.js';
import { firstPendingIndexes, podIndexes, splitDuplicatedIndexPods, withIndexes } from './indexes.js';
import { UNKNOWN_INDEX, compareActivePods, isPodReady, isTerminatingPod, onlyReplaceFailedPods, podFromTemplate } from './job-pods.js';
import { type JobHost, type SyncJobContext, removeTrackingFinalizer } from './status-tracking.js';

/** MaxPodCreateDeletePerSync. */
const MAX_POD_CREATE_DELETE_PER_SYNC = 500;
/** SlowStartInitialBatchSize. */
const SLOW_START_INITIAL_BATCH = 1;
/** The minimum delay of a back-off requeue (syncJobBatchPeriod). */
export const SYNC_JOB_BATCH_PERIOD_MS = 1000;

/** What manageJob did: the new active count, and the first API error (the sync retries with back-off). */
export interface ManageResult {
  active: number;
  error?: ApiError;
  /** Requeue after this many ms (pod creation is waiting for the failure back-off). */
  requeueAfterMs?: number;
}

/** activePodsForRemoval: duplicated or out-of-range indexes first, then the controller.ActivePods ranking. */
export function activePodsForRemoval(job: Job, pods: readonly Pod[], atLeast: number): Pod[] {
  let remove: Pod[] = [];
  let left: Pod[] = [...pods];
  if (job.spec.completionMode === 'Indexed') ({ remove, keep: left } = splitDuplicatedIndexPods(pods, job.spec.completions ?? 0));
  if (remove.length < atLeast) {
    left.sort(compareActivePods);
    remove = remove.concat(left.slice(0, atLeast - remove.length));
  }
  return remove;
}

/** podControl.DeletePod with the Job's events; NotFound counts as deleted. */
export function deleteJobPod(host: JobHost, job: Job, pod: Pod): ApiError | undefined {
  try {
    host.store.delete('Pod', pod.metadata.namespace, pod.metadata.name!, { preconditions: { uid: pod.metadata.uid } });
  } catch (err) {
    if (!isApiError(err)) throw err;
    if (err.reason === 'NotFound') return undefined;
    host.event(job, 'Warning', 'FailedDelete', `Error deleting: ${err.message}`);
    return err;
  }
  host.event(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
  return undefined;
}

/** deleteJobPods (suspension, too many pods): drop the finalizer first, so the pod is not counted as a failure. */
function deleteJobPods(host: JobHost, ctx: SyncJobContext, pods: readonly Pod[]): { deleted: number; error?: ApiError } {
  let deleted = 0;
  let error: ApiError | undefined;
  for (const pod of pods) {
    const rm = removeTrackingFinalizer(host.store, pod);
    const err = rm === true ? deleteJobPod(host, ctx.job, pod) : rm;
    if (err) {
      error ??= err;
      continue;
    }
    deleted++;
    if (isPodReady(pod)) ctx.ready--;
  }
  return { deleted, error };
}

const namespaceTerminating = (err: ApiError): boolean => err.reason === 'Forbidden' && /because it is being terminated/.test(err.message);

/** Create `count` pods (with these indexes, for an Indexed Job) in slow-start batches 1, 2, 4, …; stop at a failing batch. */
function createPods(host: JobHost, job: Job, count: number, indexes: number[]): { created: number; error?: ApiError } {
  let created = 0;
  let error: ApiError | undefined;
  let remaining = count;
  for (let batch = Math.min(remaining, SLOW_START_INITIAL_BATCH); remaining > 0; batch = Math.min(2 * batch, remaining)) {
    let failed = false;
    for (let i = 0; i < batch; i++) {
      const index = indexes.length ? indexes.shift()! : UNKNOWN_INDEX;
      try {
        const pod = host.store.create<Pod>(podFromTemplate(job, index));
        created++;
        host.event(job, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`);
      } catch (err) {
        if (!isApiError(err)) throw err;
        if (namespaceTerminating(err)) return { created }; // every later create fails the same way; nothing to report
        host.event(job, 'Warning', 'FailedCreate', `Error creating: ${err.message}`);
        error ??= err;
        failed = true;
      }
    }
    remaining -= batch;
    if (failed) break; // the skipped pods are retried on the next sync
  }
  return { created, error };
}

/** manageJob. Does not modify ctx.activePods. */
export function manageJob(host: JobHost, ctx: SyncJobContext): ManageResult {
  const job = ctx.job;
  let active = ctx.activePods.length;
  const parallelism = job.spec.parallelism ?? 1;
  if (job.spec.suspend === true) {
    const { deleted, error } = deleteJobPods(host, ctx, activePodsForRemoval(job, ctx.activePods, active));
    ctx.terminating += deleted;
    return { active: active - deleted, error };
  }
  let wantActive: number;
  if (job.spec.completions === undefined) {
    // A work queue: once any pod has succeeded, no new pods; the running ones finish on their own.
    wantActive = ctx.succeeded > 0 ? active : parallelism;
  } else {
    wantActive = Math.max(0, Math.min(job.spec.completions - ctx.succeeded, parallelism));
  }
  const toDelete = activePodsForRemoval(job, ctx.activePods, Math.max(0, active - wantActive)).slice(0, MAX_POD_CREATE_DELETE_PER_SYNC);
  if (toDelete.length > 0) {
    // Deletions and creations never happen in the same sync; deletion wins.
    const { deleted, error } = deleteJobPods(host, ctx, toDelete);
    ctx.terminating += deleted;
    return { active: active - deleted, error };
  }
  const terminating = onlyReplaceFailedPods(job) ? ctx.terminating : 0;
  let diff = wantActive - terminating - active;
  if (diff <= 0) return { active };
  const wait = remainingBackoff(ctx.newBackoffRecord, host.now());
  if (wait > 0) return { active, requeueAfterMs: Math.max(wait, SYNC_JOB_BATCH_PERIOD_MS) };
  diff = Math.min(diff, MAX_POD_CREATE_DELETE_PER_SYNC);
  let indexes: number[] = [];
  if (job.spec.completionMode === 'Indexed') {
    let nonPending = withIndexes(ctx.succeededIndexes, podIndexes(ctx.activePods));
    if (onlyReplaceFailedPods(job)) nonPending = withIndexes(nonPending, podIndexes(ctx.pods.filter(isTerminatingPod)));
    indexes = firstPendingIndexes(nonPending, diff, job.spec.completions ?? 0);
    diff = indexes.length;
  }
  const { created, error } = createPods(host, job, diff, indexes);
  active += created;
  return { active, error };
}
