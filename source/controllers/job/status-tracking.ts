/**
 * Finished-pod accounting with the `batch.kubernetes.io/job-tracking` finalizer (trackJobStatusAndRemoveFinalizers):
 * a finished pod's uid goes into status.uncountedTerminatedPods, its finalizer is removed, then it moves into the
 * succeeded/failed counters; the terminal condition comes last, once nothing is uncounted or terminating.
 */
import type { Pod } from '../../api/core.js';
import { type ApiError, isApiError } from '../../api/errors.js';
import type { Condition } from '../../api/meta.js';
import type { Job } from '../../api/workloads.js';
import type { ApiStore } from '../../store/store.js';
import type { BackoffRecord, BackoffStore } from './backoff.js';
import { ensureJobCondition, newJobCondition } from './conditions.js';
import { matchPodFailurePolicy } from './failure-policy.js';
import { type Intervals, formatIndexes, hasIndex, withIndexes } from './indexes.js';
import { JOB_TRACKING_FINALIZER, UNKNOWN_INDEX, compareCompletionIndex, completionIndex, hasTrackingFinalizer, isPodFailed } from './job-pods.js';

/** MaxUncountedPods: cap on uids parked in status per sync. */
const MAX_UNCOUNTED_PODS = 500;

/** status.uncountedTerminatedPods. */
export interface UncountedTerminatedPods { succeeded?: string[]; failed?: string[] }

/** The Job status as the controller edits it. */
export type JobStatus = NonNullable<Job['status']> & { uncountedTerminatedPods?: UncountedTerminatedPods };

/** What the sync helpers need from the controller. */
export interface JobHost {
  readonly store: ApiStore;
  readonly backoff: BackoffStore;
  now(): number;
  event(job: Job, type: 'Normal' | 'Warning', reason: string, message: string): void;
}

/** syncJobCtx: one sync's view of a Job and its pods. */
export interface SyncJobContext {
  key: string;
  /** The latest stored Job (immutable); replaced by each status write's result. */
  job: Job;
  /** The working copy of the status. */
  status: JobStatus;
  pods: Pod[];
  activePods: Pod[];
  ready: number;
  terminating: number;
  /** The uncounted uids as the sync started. */
  uncountedSucceeded: ReadonlySet<string>;
  uncountedFailed: ReadonlySet<string>;
  succeeded: number;
  failed: number;
  finishedCondition?: Condition;
  prevSucceededIndexes: Intervals;
  succeededIndexes: Intervals;
  newBackoffRecord: BackoffRecord;
}

function isSuccessCriteriaMet(c: Condition | undefined): boolean {
  return c?.type === 'SuccessCriteriaMet';
}

/** The status as written: zero counters are left out, as the API's omitempty does. */
function statusForWrite(status: JobStatus): JobStatus {
  const out: JobStatus = { ...status };
  for (const f of ['active', 'succeeded', 'failed'] as const) if (!out[f]) delete out[f];
  if (!out.completedIndexes) delete out.completedIndexes;
  const u = status.uncountedTerminatedPods ?? {};
  const uncounted: UncountedTerminatedPods = {};
  if (u.succeeded?.length) uncounted.succeeded = [...u.succeeded];
  if (u.failed?.length) uncounted.failed = [...u.failed];
  out.uncountedTerminatedPods = uncounted;
  return out;
}

function writeStatus(host: JobHost, ctx: SyncJobContext): void {
  ctx.job = host.store.updateStatus<Job>({ ...ctx.job, status: statusForWrite(ctx.status) });
}

/** Remove the tracking finalizer; true when it is gone (or the pod is). Other API errors are returned. */
export function removeTrackingFinalizer(store: ApiStore, pod: Pod): true | ApiError {
  const fresh = store.tryGet<Pod>('Pod', pod.metadata.namespace, pod.metadata.name!);
  if (!fresh || fresh.metadata.uid !== pod.metadata.uid || !hasTrackingFinalizer(fresh)) return true;
  const finalizers = fresh.metadata.finalizers!.filter((f) => f !== JOB_TRACKING_FINALIZER);
  const metadata = { ...fresh.metadata, finalizers: finalizers.length ? finalizers : undefined };
  if (!metadata.finalizers) delete metadata.finalizers;
  try {
    store.update<Pod>({ ...fresh, metadata });
    return true;
  } catch (err) {
    if (isApiError(err)) return err.reason === 'NotFound' ? true : err;
    throw err;
  }
}

/** cleanUncountedPodsWithoutFinalizers: uids whose finalizer is gone move into the counters. */
function cleanUncounted(status: JobStatus, withFinalizer: ReadonlySet<string>): boolean {
  const u = (status.uncountedTerminatedPods ??= {});
  let updated = false;
  const keep = (list: string[] | undefined): string[] => (list ?? []).filter((uid) => withFinalizer.has(uid));
  const succeeded = keep(u.succeeded);
  if (succeeded.length !== (u.succeeded?.length ?? 0)) {
    status.succeeded = (status.succeeded ?? 0) + (u.succeeded!.length - succeeded.length);
    u.succeeded = succeeded;
    updated = true;
  }
  const failed = keep(u.failed);
  if (failed.length !== (u.failed?.length ?? 0)) {
    status.failed = (status.failed ?? 0) + (u.failed!.length - failed.length);
    u.failed = failed;
    updated = true;
  }
  return updated;
}

/** canRemoveFinalizer (without per-index back-off). */
function canRemoveFinalizer(ctx: SyncJobContext, pod: Pod, considerFailed: boolean): boolean {
  return !!ctx.job.metadata.deletionTimestamp || ctx.finishedCondition !== undefined || pod.status?.phase === 'Succeeded' || considerFailed;
}

/** enactJobFinished: the terminal condition, once nothing is uncounted and no pod is still terminating. */
function enactJobFinished(host: JobHost, ctx: SyncJobContext): boolean {
  const cond = ctx.finishedCondition;
  if (!cond) return false;
  const u = ctx.status.uncountedTerminatedPods;
  if ((u?.succeeded?.length ?? 0) + (u?.failed?.length ?? 0) > 0) return false;
  if (ctx.terminating > 0) return false;
  const [conditions] = ensureJobCondition(ctx.status.conditions ?? [], cond.type as 'Complete' | 'Failed', cond.status, cond.reason ?? '', cond.message ?? '', host.now());
  ctx.status.conditions = conditions;
  if (cond.type === 'Complete') ctx.status.completionTime = findLast(conditions, 'Complete')?.lastTransitionTime;
  return true;
}

function findLast(list: Condition[], type: string): Condition | undefined {
  for (let i = list.length - 1; i >= 0; i--) if (list[i]!.type === type) return list[i];
  return undefined;
}

/** recordJobFinished: `Completed` / `Job completed`, or the failure reason as a Warning. */
function recordJobFinished(host: JobHost, ctx: SyncJobContext, cond: Condition): void {
  const job = ctx.job;
  if (cond.type === 'Complete') {
    const completions = job.spec.completions;
    if (completions !== undefined && (ctx.status.succeeded ?? 0) > completions) {
      host.event(job, 'Warning', 'TooManySucceededPods', 'Too many succeeded pods running after completion count reached');
    }
    host.event(job, 'Normal', 'Completed', 'Job completed');
  } else {
    host.event(job, 'Warning', cond.reason ?? '', cond.message ?? '');
  }
}

/**
 * trackJobStatusAndRemoveFinalizers: park newly finished pods in uncountedTerminatedPods, flush, remove their
 * finalizers, fold them into the counters, and add the terminal condition when the Job is done. Returns the
 * first finalizer-removal error, if any (the caller retries).
 */
export function trackJobStatus(host: JobHost, ctx: SyncJobContext, needsFlushIn: boolean): ApiError | undefined {
  let needsFlush = needsFlushIn;
  const job = ctx.job;
  const indexed = job.spec.completionMode === 'Indexed';
  const completions = job.spec.completions ?? 0;
  const pods = indexed ? [...ctx.pods].sort(compareCompletionIndex) : ctx.pods;
  const withFinalizer = new Set<string>();
  for (const p of pods) if (hasTrackingFinalizer(p)) withFinalizer.add(p.metadata.uid!);
  const status = ctx.status;
  const u = (status.uncountedTerminatedPods ??= {});
  u.succeeded = [...(u.succeeded ?? [])];
  u.failed = [...(u.failed ?? [])];
  if (cleanUncounted(status, withFinalizer)) needsFlush = true;
  const toRemove: Pod[] = [];
  const newSucceededIndexes: number[] = [];
  let reachedMax = false;
  for (const pod of pods) {
    if (!hasTrackingFinalizer(pod)) continue; // counted in an earlier sync
    const uid = pod.metadata.uid!;
    const considerFailed = isPodFailed(pod, job);
    if (!canRemoveFinalizer(ctx, pod, considerFailed)) continue;
    toRemove.push(pod);
    if (pod.status?.phase === 'Succeeded' && !ctx.uncountedFailed.has(uid)) {
      if (indexed) {
        const ix = completionIndex(pod);
        if (ix !== UNKNOWN_INDEX && ix < completions && !hasIndex(ctx.prevSucceededIndexes, ix)) {
          newSucceededIndexes.push(ix);
          needsFlush = true;
        }
      } else if (!ctx.uncountedSucceeded.has(uid)) {
        u.succeeded.push(uid);
        needsFlush = true;
      }
    } else if (considerFailed || (ctx.finishedCondition !== undefined && !isSuccessCriteriaMet(ctx.finishedCondition))) {
      // Once the Job is finishing, every pod that did not succeed counts as failed.
      const ix = completionIndex(pod);
      if (!ctx.uncountedFailed.has(uid) && (!indexed || (ix !== UNKNOWN_INDEX && ix < completions))) {
        if (matchPodFailurePolicy(job.spec.podFailurePolicy, pod).countFailed) {
          u.failed.push(uid);
          needsFlush = true;
        }
      }
    }
    if (newSucceededIndexes.length + u.succeeded.length + u.failed.length >= MAX_UNCOUNTED_PODS) {
      reachedMax = true; // the rest wait for the next sync, so one big Job cannot starve the others
      break;
    }
  }
  if (indexed) {
    ctx.succeededIndexes = withIndexes(ctx.succeededIndexes, newSucceededIndexes.sort((a, b) => a - b));
    const text = formatIndexes(ctx.succeededIndexes);
    if (text !== (status.completedIndexes ?? '')) needsFlush = true;
    status.succeeded = ctx.succeededIndexes.reduce((n, x) => n + x.last - x.first + 1, 0);
    status.completedIndexes = text;
  }
  const now = host.now();
  if (ctx.finishedCondition?.type === 'FailureTarget') {
    // The interim condition records why before finalizers (and so the evidence) go; Failed follows.
    status.conditions = [...(status.conditions ?? []), ctx.finishedCondition];
    needsFlush = true;
    ctx.finishedCondition = newJobCondition('Failed', 'True', ctx.finishedCondition.reason ?? '', ctx.finishedCondition.message ?? '', now);
  }
  if (isSuccessCriteriaMet(ctx.finishedCondition)) {
    if (!status.conditions?.some((c) => c.type === 'SuccessCriteriaMet' && c.status === 'True')) {
      status.conditions = [...(status.conditions ?? []), ctx.finishedCondition!];
      needsFlush = true;
    }
    ctx.finishedCondition = newJobCondition('Complete', 'True', ctx.finishedCondition!.reason ?? '', ctx.finishedCondition!.message ?? '', now);
  }
  // flushUncountedAndRemoveFinalizers
  if (needsFlush) {
    writeStatus(host, ctx);
    host.backoff.save(ctx.key, ctx.newBackoffRecord);
    needsFlush = false;
  }
  let rmError: ApiError | undefined;
  for (const pod of toRemove) {
    const result = removeTrackingFinalizer(host.store, pod);
    if (result === true) withFinalizer.delete(pod.metadata.uid!);
    else rmError ??= result;
  }
  if (cleanUncounted(status, withFinalizer)) needsFlush = true;
  if (rmError) {
    if (needsFlush) writeStatus(host, ctx);
    return rmError;
  }
  const finished = !reachedMax && enactJobFinished(host, ctx);
  if (finished) needsFlush = true;
  if (needsFlush) {
    writeStatus(host, ctx);
    if (finished) recordJobFinished(host, ctx, ctx.finishedCondition!);
  }
  return undefined;
}
