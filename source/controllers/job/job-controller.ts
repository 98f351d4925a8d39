/**
 * The Job controller (pkg/controller/job): runs pods until `completions` succeed (or, as a work queue, until one
 * succeeds and the rest end), replaces failed pods after the failure back-off, fails the Job past backoffLimit,
 * activeDeadlineSeconds or a FailJob podFailurePolicy rule, and suspends. Pods are counted through the
 * job-tracking finalizer; the terminal condition waits until no pod is terminating (1.31+).
 */
import type { Pod } from '../../api/core.js';
import type { ApiError } from '../../api/errors.js';
import type { Job } from '../../api/workloads.js';
import { Controller, keyOf, splitKey } from '../../engine/controller.js';
import type { Engine } from '../../engine/engine.js';
import { deepClone } from '../../store/clone.js';
import { timestamp } from '../../store/store.js';
import type { WatchEvent } from '../../store/watch.js';
import { BackoffStore } from './backoff.js';
import { claimPods, jobsSelecting } from './claim-pods.js';
import { ensureJobCondition, findCondition, isJobFinished, newJobCondition } from './conditions.js';
import { matchPodFailurePolicy } from './failure-policy.js';
import { parseIndexes, totalIndexes, withIndexes } from './indexes.js';
import {
  UNKNOWN_INDEX, completionIndex, controllerRefOf, hasTrackingFinalizer, isActivePod, isPodFailed, isPodReady, isTerminatingPod,
} from './job-pods.js';
import { SYNC_JOB_BATCH_PERIOD_MS, deleteJobPod, manageJob } from './manage-job.js';
import { RequeueTimers } from './requeue-timers.js';
import { type JobHost, type JobStatus, type SyncJobContext, removeTrackingFinalizer, trackJobStatus } from './status-tracking.js';

const COMPONENT = { component: 'job-controller' };
/** Work-queue keys of orphan pods whose tracking finalizer must go (Job names cannot contain ':'). */
const ORPHAN_PREFIX = 'orphan-pod:';

export class JobController extends Controller implements JobHost {
  readonly backoff = new BackoffStore();
  private readonly requeue: RequeueTimers;

  constructor(engine: Engine) {
    super('job-controller', engine);
    this.requeue = new RequeueTimers(engine, this.queue, 'job-controller');
    this.watch({ kind: 'Job' }, (e) => this.onJobEvent(e as WatchEvent<Job>));
    this.watch({ kind: 'Pod' }, (e) => this.onPodEvent(e as WatchEvent<Pod>));
  }

  override get store() {
    return this.engine.store;
  }

  now(): number {
    return this.engine.now();
  }

  event(job: Job, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.engine.events.record(job, type, reason, message, COMPONENT);
  }

  // ---- watch handlers (updateJob / addPod / updatePod / deletePod) ----

  private onJobEvent(e: WatchEvent<Job>): string | undefined {
    const job = e.object;
    const key = keyOf(job);
    if (e.type === 'DELETED') {
      this.cleanupPodFinalizers(job);
      return key;
    }
    if (e.type !== 'MODIFIED' || !e.oldObject) return key;
    const old = e.oldObject;
    if (isJobFinished(job)) this.cleanupPodFinalizers(job);
    const ads = job.spec.activeDeadlineSeconds;
    if (job.status?.startTime && ads !== undefined && ads !== old.spec.activeDeadlineSeconds) {
      this.requeue.at(key, Date.parse(job.status.startTime) + ads * 1000);
    }
    // A spec change syncs at once; status-only changes are batched like pod events.
    if (job.metadata.generation !== old.metadata.generation) return key;
    this.queue.addAfter(key, SYNC_JOB_BATCH_PERIOD_MS);
    return undefined;
  }

  private onPodEvent(e: WatchEvent<Pod>): undefined {
    const pod = e.object;
    if (e.type === 'DELETED' || pod.metadata.deletionTimestamp) {
      this.onPodDeleted(pod);
      return undefined;
    }
    const old = e.oldObject;
    if (old && old.metadata.resourceVersion === pod.metadata.resourceVersion) return undefined;
    const ref = controllerRefOf(pod);
    const oldRef = old ? controllerRefOf(old) : undefined;
    if (old && oldRef && oldRef.uid !== ref?.uid) {
      const oldJob = this.resolve(old);
      if (oldJob) this.syncBatched(oldJob);
    }
    if (ref) {
      const job = this.resolve(pod);
      if (job) this.syncBatched(job);
      return undefined;
    }
    if (hasTrackingFinalizer(pod)) this.queue.add(ORPHAN_PREFIX + keyOf(pod));
    if (!old || oldRef || old.metadata.labels !== pod.metadata.labels) {
      for (const job of jobsSelecting(this.store, pod)) this.syncBatched(job);
    }
    return undefined;
  }

  private onPodDeleted(pod: Pod): void {
    const job = controllerRefOf(pod) ? this.resolve(pod) : undefined;
    if (!job || isJobFinished(job)) {
      // No sync will count this pod any more: only the finalizer needs to go.
      if (hasTrackingFinalizer(pod)) this.queue.add(ORPHAN_PREFIX + keyOf(pod));
      return;
    }
    this.syncBatched(job);
  }

  /** resolveControllerRef: the Job a pod's controller reference names, if it exists with that uid. */
  private resolve(pod: Pod): Job | undefined {
    const ref = controllerRefOf(pod);
    if (!ref || ref.kind !== 'Job') return undefined;
    const job = this.store.tryGet<Job>('Job', pod.metadata.namespace, ref.name);
    return job && job.metadata.uid === ref.uid ? job : undefined;
  }

  private syncBatched(job: Job): void {
    this.queue.addAfter(keyOf(job), SYNC_JOB_BATCH_PERIOD_MS);
  }

  /** A finished or deleted Job's pods that still carry the finalizer go to the orphan queue. */
  private cleanupPodFinalizers(job: Job): void {
    for (const pod of this.store.select<Pod>('Pod', { ownerUid: job.metadata.uid })) {
      if (hasTrackingFinalizer(pod)) this.queue.add(ORPHAN_PREFIX + keyOf(pod));
    }
  }

  // ---- reconcile ----

  protected reconcile(key: string): void {
    if (key.startsWith(ORPHAN_PREFIX)) this.syncOrphanPod(key.slice(ORPHAN_PREFIX.length));
    else this.syncJob(key);
  }

  /** syncOrphanPod: drop the finalizer of a pod no unfinished Job owns. */
  private syncOrphanPod(podKey: string): void {
    const [ns, name] = splitKey(podKey);
    const pod = this.store.tryGet<Pod>('Pod', ns, name);
    if (!pod || !hasTrackingFinalizer(pod)) return;
    const ref = controllerRefOf(pod);
    if (ref) {
      if (ref.kind !== 'Job' || ref.apiVersion !== 'batch/v1') return;
      const job = this.resolve(pod);
      if (job && !isJobFinished(job)) return; // adopted: its Job will count it
    }
    const result = removeTrackingFinalizer(this.store, pod);
    if (result !== true) throw result;
  }

  private syncJob(key: string): void {
    const [ns, name] = splitKey(key);
    const stored = this.store.tryGet<Job>('Job', ns, name);
    if (!stored || isJobFinished(stored)) {
      this.backoff.remove(key);
      if (!stored) this.requeue.cancel(key);
      return;
    }
    const spec = stored.spec;
    if (spec.completionMode !== undefined && spec.completionMode !== 'NonIndexed' && spec.completionMode !== 'Indexed') {
      this.event(stored, 'Warning', 'UnknownCompletionMode', 'Skipped Job sync because completion mode is unknown');
      return;
    }
    const now = this.now();
    const status = deepClone(stored.status ?? {}) as JobStatus;
    const uncounted = (status.uncountedTerminatedPods ??= {});
    const pods = claimPods(this.store, stored);
    const activePods = pods.filter(isActivePod);
    const ctx: SyncJobContext = {
      key, job: stored, status, pods, activePods,
      ready: activePods.filter(isPodReady).length,
      terminating: pods.filter(isTerminatingPod).length,
      uncountedSucceeded: new Set(uncounted.succeeded ?? []), uncountedFailed: new Set(uncounted.failed ?? []),
      succeeded: 0, failed: 0, prevSucceededIndexes: [], succeededIndexes: [],
      newBackoffRecord: { failuresAfterLastSuccess: 0 },
    };
    let active = activePods.length;
    const [newSucceeded, newFailed] = newFinishedPods(ctx);
    ctx.succeeded = (status.succeeded ?? 0) + newSucceeded.length + ctx.uncountedSucceeded.size;
    const ignored = spec.podFailurePolicy ? newFailed.filter((p) => !matchPodFailurePolicy(spec.podFailurePolicy, p).countFailed).length : 0;
    ctx.failed = (status.failed ?? 0) + newFailed.length - ignored + ctx.uncountedFailed.size;
    const suspended = spec.suspend === true;
    let startTimeSet = false;
    if (!status.startTime && !suspended) {
      status.startTime = timestamp(now);
      startTimeSet = true;
    }
    ctx.newBackoffRecord = this.backoff.next(key, newSucceeded, newFailed);
    this.decideFailure(ctx, now);
    if (spec.completionMode === 'Indexed') {
      const completions = spec.completions ?? 0;
      ctx.prevSucceededIndexes = parseIndexes(status.completedIndexes, completions);
      const done = pods.filter((p) => p.status?.phase === 'Succeeded' && hasTrackingFinalizer(p)).map(completionIndex)
        .filter((ix) => ix !== UNKNOWN_INDEX && ix < completions).sort((a, b) => a - b);
      ctx.succeededIndexes = withIndexes(ctx.prevSucceededIndexes, done);
      ctx.succeeded = totalIndexes(ctx.succeededIndexes);
    }
    let suspendChanged = false;
    let manageError: ApiError | undefined;
    if (ctx.finishedCondition) {
      // deleteActivePods: plain deletes; the finalizers go once the pods are counted as failed.
      let deleted = 0;
      for (const pod of activePods) {
        const err = deleteJobPod(this, stored, pod);
        if (err) manageError ??= err;
        else {
          deleted++;
          if (isPodReady(pod)) ctx.ready--;
        }
      }
      if (deleted !== active) ctx.finishedCondition = undefined; // wait until every pod is on its way out
      active -= deleted;
      ctx.terminating += deleted;
    } else {
      let managed = false;
      if (!stored.metadata.deletionTimestamp) {
        const r = manageJob(this, ctx);
        active = r.active;
        manageError = r.error;
        if (r.requeueAfterMs !== undefined) this.requeue.at(key, now + r.requeueAfterMs);
        managed = true;
      }
      const complete = spec.completions === undefined ? ctx.succeeded > 0 && active === 0 : ctx.succeeded >= spec.completions && active === 0;
      if (complete) {
        ctx.finishedCondition = newJobCondition('SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods', now);
      } else if (managed) {
        const [reason, message] = suspended ? ['JobSuspended', 'Job suspended'] : ['JobResumed', 'Job resumed'];
        const [conditions, changed] = ensureJobCondition(status.conditions ?? [], 'Suspended', suspended ? 'True' : 'False', reason, message, now);
        if (changed) {
          status.conditions = conditions;
          suspendChanged = true;
          this.event(stored, 'Normal', suspended ? 'Suspended' : 'Resumed', message);
          // activeDeadlineSeconds counts continuous activity, so a resumed Job starts its clock again.
          if (!suspended) status.startTime = timestamp(now);
        }
      }
    }
    const old = stored.status;
    const needsUpdate = startTimeSet || suspendChanged || active !== (old?.active ?? 0) || ctx.ready !== old?.ready || ctx.terminating !== old?.terminating;
    status.active = active;
    status.ready = ctx.ready;
    status.terminating = ctx.terminating;
    const err = trackJobStatus(this, ctx, needsUpdate);
    if (err) throw err;
    if (manageError) throw manageError;
  }

  /** The failure checks in syncJob's order: FailureTarget already set, FailJob rule, backoffLimit, deadline. */
  private decideFailure(ctx: SyncJobContext, now: number): void {
    const { job, status, pods } = ctx;
    const met = findCondition(status.conditions, 'SuccessCriteriaMet');
    if (met?.status === 'True') {
      ctx.finishedCondition = met;
      return;
    }
    const target = findCondition(status.conditions, 'FailureTarget');
    if (target?.status === 'True') {
      ctx.finishedCondition = newJobCondition('Failed', 'True', target.reason ?? '', target.message ?? '', now);
      return;
    }
    if (job.spec.podFailurePolicy) {
      for (const p of pods) {
        const msg = isPodFailed(p, job) ? matchPodFailurePolicy(job.spec.podFailurePolicy, p).failJobMessage : undefined;
        if (msg) {
          ctx.finishedCondition = newJobCondition('FailureTarget', 'True', 'PodFailurePolicy', msg, now);
          return;
        }
      }
    }
    if (ctx.failed > (job.spec.backoffLimit ?? 6) || pastBackoffLimitOnFailure(job, pods)) {
      ctx.finishedCondition = newJobCondition('FailureTarget', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', now);
      return;
    }
    const ads = job.spec.activeDeadlineSeconds;
    if (ads === undefined || job.spec.suspend === true || !status.startTime) return;
    const deadline = Date.parse(status.startTime) + ads * 1000;
    if (now >= deadline) {
      ctx.finishedCondition = newJobCondition('FailureTarget', 'True', 'DeadlineExceeded', 'Job was active longer than specified deadline', now);
    } else this.requeue.at(ctx.key, deadline);
  }
}

/** getNewFinishedPods: finished pods still carrying the finalizer and not yet parked as uncounted. */
function newFinishedPods(ctx: SyncJobContext): [Pod[], Pod[]] {
  const { job } = ctx;
  const indexed = job.spec.completionMode === 'Indexed';
  const completions = job.spec.completions ?? 0;
  const valid = (p: Pod, uncounted: ReadonlySet<string>): boolean => {
    if (!hasTrackingFinalizer(p) || uncounted.has(p.metadata.uid!)) return false;
    if (!indexed) return true;
    const ix = completionIndex(p);
    return ix !== UNKNOWN_INDEX && ix < completions;
  };
  const succeeded = ctx.pods.filter((p) => valid(p, ctx.uncountedSucceeded) && p.status?.phase === 'Succeeded');
  const failed = ctx.pods.filter((p) => valid(p, ctx.uncountedFailed) && isPodFailed(p, job));
  return [succeeded, failed];
}

/** pastBackoffLimitOnFailure: with restartPolicy OnFailure, container restarts of running pods count as failures. */
function pastBackoffLimitOnFailure(job: Job, pods: readonly Pod[]): boolean {
  if (job.spec.template.spec.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const p of pods) {
    const phase = p.status?.phase;
    if (phase !== 'Running' && phase !== 'Pending') continue;
    for (const s of p.status?.initContainerStatuses ?? []) restarts += s.restartCount ?? 0;
    for (const s of p.status?.containerStatuses ?? []) restarts += s.restartCount ?? 0;
  }
  const limit = job.spec.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

