/**
 * The CronJob controller (cronjob_controllerv2.go): event-driven, it requeues each CronJob for its next scheduled
 * time (+100 ms) instead of polling; it creates `<cronjob>-<minutes>` Jobs, applies concurrencyPolicy and
 * startingDeadlineSeconds, tracks status.active / lastScheduleTime / lastSuccessfulTime and prunes finished Jobs
 * beyond the history limits.
 */
import type { ObjectReference } from '../../api/core.js';
import { type ApiError, isApiError } from '../../api/errors.js';
import { isKnownTimeZone } from '../../api/validation/cron.js';
import type { CronJob, Job } from '../../api/workloads.js';
import { Controller, keyOf, splitKey } from '../../engine/controller.js';
import type { Engine } from '../../engine/engine.js';
import { deepClone } from '../../store/clone.js';
import { referenceTo } from '../../store/events.js';
import { timestamp } from '../../store/store.js';
import type { WatchEvent } from '../../store/watch.js';
import { finishedCondition, isJobFinished, isJobSucceeded } from '../job/conditions.js';
import { controllerRefOf } from '../job/job-pods.js';
import { RequeueTimers } from '../job/requeue-timers.js';
import { jobFromTemplate, scheduledJobName } from './job-from-template.js';
import { type CronSchedule, ScheduleError, parseSchedule } from './schedule.js';
import { mostRecentScheduleTime, nextScheduleDelay } from './schedule-times.js';

const COMPONENT = { component: 'cronjob-controller' };
type CronJobStatus = NonNullable<CronJob['status']>;
type ActiveRef = NonNullable<CronJobStatus['active']>[number];

/** One sync's working state: the CronJob, its status copy, and whether the status must be written. */
interface SyncState {
  cj: CronJob;
  status: CronJobStatus;
  dirty: boolean;
}

function removeActive(state: SyncState, uid: string | undefined): void {
  state.status.active = (state.status.active ?? []).filter((r) => r.uid !== uid);
}

/** byJobStartTime: started Jobs by start time (unstarted last), then by name. */
function byStartTime(a: Job, b: Job): number {
  const sa = a.status?.startTime, sb = b.status?.startTime;
  if (!sa && sb) return 1;
  if (sa && !sb) return -1;
  if (sa && sb && sa !== sb) return Date.parse(sa) - Date.parse(sb);
  return a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0;
}

export class CronJobController extends Controller {
  private readonly requeue: RequeueTimers;

  constructor(engine: Engine) {
    super('cronjob-controller', engine);
    this.requeue = new RequeueTimers(engine, this.queue, 'cronjob-controller');
    this.watch({ kind: 'CronJob' });
    this.watch({ kind: 'Job' }, (e) => this.ownersOf(e as WatchEvent<Job>));
  }

  /** addJob / updateJob / deleteJob: the CronJob(s) named by the Job's controller reference (old and new). */
  private ownersOf(e: WatchEvent<Job>): string[] {
    const keys: string[] = [];
    for (const job of e.oldObject ? [e.object, e.oldObject] : [e.object]) {
      const ref = controllerRefOf(job);
      if (ref?.kind !== 'CronJob') continue;
      const key = `${job.metadata.namespace}/${ref.name}`;
      if (!keys.includes(key)) keys.push(key);
    }
    return keys;
  }

  private event(cj: CronJob, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.engine.events.record(cj, type, reason, message, COMPONENT);
  }

  protected reconcile(key: string): void {
    const [ns, name] = splitKey(key);
    const cj = this.store.tryGet<CronJob>('CronJob', ns, name);
    if (!cj) {
      this.requeue.cancel(key);
      return;
    }
    const uid = cj.metadata.uid!;
    const jobs = this.store.select<Job>('Job', { ownerUid: uid }).filter((j) => controllerRefOf(j)?.uid === uid);
    const state: SyncState = { cj, status: deepClone(cj.status ?? {}), dirty: false };
    this.cleanupFinishedJobs(state, jobs);
    let requeueAfter: number | undefined;
    let syncError: ApiError | undefined;
    try {
      requeueAfter = this.syncCronJob(state, jobs);
    } catch (err) {
      if (!isApiError(err)) throw err;
      syncError = err;
    }
    if (state.dirty) {
      const status = state.status;
      if (!status.active?.length) delete status.active;
      this.store.updateStatus<CronJob>({ ...cj, status });
    }
    if (requeueAfter !== undefined) this.requeue.at(key, this.engine.now() + requeueAfter);
    else if (syncError) throw syncError;
  }

  /** syncCronJob: reconcile the active list with the Jobs, then start the due run if there is one. Returns the requeue delay. */
  private syncCronJob(state: SyncState, jobs: readonly Job[]): number | undefined {
    const { cj, status } = state;
    const now = this.engine.now();
    const children = new Set<string>();
    for (const job of jobs) {
      const uid = job.metadata.uid!;
      children.add(uid);
      const found = (status.active ?? []).some((r) => r.uid === uid);
      if (!found && !isJobFinished(job)) {
        // A running Job we did not start (or forgot): `kubectl create job --from=cronjob/…` makes these.
        this.event(cj, 'Warning', 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${job.metadata.name}`);
      } else if (isJobFinished(job)) {
        if (found) {
          removeActive(state, uid);
          this.event(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${job.metadata.name}, condition: ${finishedCondition(job)!.type}`);
          state.dirty = true;
        }
        const completed = job.status?.completionTime;
        if (isJobSucceeded(job) && completed && (!status.lastSuccessfulTime || Date.parse(completed) > Date.parse(status.lastSuccessfulTime))) {
          status.lastSuccessfulTime = completed;
          state.dirty = true;
        }
      }
    }
    for (const ref of [...(status.active ?? [])]) {
      if (children.has(ref.uid ?? '')) continue;
      const live = this.store.tryGet<Job>('Job', ref.namespace ?? cj.metadata.namespace, ref.name ?? '');
      if (!live || live.metadata.uid !== ref.uid) {
        this.event(cj, 'Normal', 'MissingJob', `Active job went missing: ${ref.name}`);
        removeActive(state, ref.uid);
        state.dirty = true;
      }
    }
    if (cj.metadata.deletionTimestamp) return undefined;
    const tz = cj.spec.timeZone;
    if (tz !== undefined && tz !== null && !isKnownTimeZone(tz)) {
      this.event(cj, 'Warning', 'UnknownTimeZone', `invalid timeZone: ${JSON.stringify(tz)}: unknown time zone ${tz}`);
      return undefined;
    }
    if (cj.spec.suspend === true) return undefined;
    const sched = this.schedule(cj);
    if (!sched) return undefined;
    const recent = mostRecentScheduleTime(cj, now, sched, true);
    if (recent.error) {
      this.event(cj, 'Warning', 'InvalidSchedule', `invalid schedule: ${cj.spec.schedule} : ${recent.error}`);
      return undefined;
    }
    const scheduled = recent.mostRecent;
    if (scheduled === undefined || scheduled > now) return nextScheduleDelay(cj, now, sched);
    if (recent.missed === 'many') {
      this.event(cj, 'Warning', 'TooManyMissedTimes', 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew');
    }
    const sds = cj.spec.startingDeadlineSeconds;
    if (sds !== undefined && sds !== null && scheduled + sds * 1000 < now) {
      this.event(cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${rfc1123z(scheduled)}`);
      return nextScheduleDelay(cj, now, sched);
    }
    const name = scheduledJobName(cj, scheduled);
    if ((status.active ?? []).some((r) => r.name === name) || (status.lastScheduleTime && Date.parse(status.lastScheduleTime) === scheduled)) {
      return nextScheduleDelay(cj, now, sched); // this run was already started
    }
    if (cj.spec.concurrencyPolicy === 'Forbid' && (status.active?.length ?? 0) > 0) {
      this.event(cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
      return nextScheduleDelay(cj, now, sched);
    }
    if (cj.spec.concurrencyPolicy === 'Replace') {
      for (const ref of [...(status.active ?? [])]) {
        const job = this.store.tryGet<Job>('Job', ref.namespace ?? cj.metadata.namespace, ref.name ?? '');
        if (!job) {
          this.event(cj, 'Warning', 'FailedGet', `Get job: jobs.batch "${ref.name}" not found`);
          return undefined;
        }
        const err = this.deleteJob(state, job);
        if (err) throw err; // could not replace it: retry with back-off
      }
    }
    const created = this.createJob(state, scheduled);
    // Upstream waits for an informer resync when the name is taken by someone else's Job; the simulation has no
    // resync, so it looks again at the next scheduled time instead of never.
    if (!created) return nextScheduleDelay(cj, now, sched);
    status.active = [...(status.active ?? []), activeRef(created)];
    status.lastScheduleTime = timestamp(scheduled);
    state.dirty = true;
    return nextScheduleDelay({ ...cj, status }, now, sched);
  }

  /** formatSchedule + cron.ParseStandard, with upstream's warning events. */
  private schedule(cj: CronJob): CronSchedule | undefined {
    const spec = cj.spec.schedule;
    if (spec.includes('TZ')) {
      this.event(cj, 'Warning', 'UnsupportedSchedule', `CRON_TZ or TZ used in schedule ${JSON.stringify(spec)} is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details`);
    }
    try {
      return parseSchedule(spec, spec.includes('TZ') ? undefined : cj.spec.timeZone);
    } catch (err) {
      if (!(err instanceof ScheduleError)) throw err;
      this.event(cj, 'Warning', 'UnparseableSchedule', `unparseable schedule: ${JSON.stringify(spec)} : ${err.message}`);
      return undefined;
    }
  }

  /** Create the scheduled Job; an existing one of that name that we own is re-attached. Undefined: nothing to add. */
  private createJob(state: SyncState, scheduled: number): Job | undefined {
    const { cj } = state;
    const request = jobFromTemplate(cj, scheduled);
    try {
      const job = this.store.create<Job>(request);
      this.event(cj, 'Normal', 'SuccessfulCreate', `Created job ${job.metadata.name}`);
      return job;
    } catch (err) {
      if (!isApiError(err)) throw err;
      if (err.reason === 'Forbidden' && /because it is being terminated/.test(err.message)) throw err;
      if (err.reason !== 'AlreadyExists') {
        this.event(cj, 'Warning', 'FailedCreate', `Error creating job: ${err.message}`);
        throw err;
      }
      // Created earlier but never recorded (or by someone else, who then owns the status).
      const existing = this.store.get<Job>('Job', cj.metadata.namespace, request.metadata.name!);
      if (controllerRefOf(existing)?.uid !== cj.metadata.uid) return undefined;
      if ((state.status.active ?? []).some((r) => r.uid === existing.metadata.uid)) return undefined;
      return existing;
    }
  }

  /** deleteJob: background deletion, then drop it from the active list. Returns the API error, if any. */
  private deleteJob(state: SyncState, job: Job): ApiError | undefined {
    try {
      this.store.delete('Job', job.metadata.namespace, job.metadata.name!, { propagationPolicy: 'Background' });
    } catch (err) {
      if (!isApiError(err)) throw err;
      // Upstream's wording, "Deleted job:" even though it failed.
      this.event(state.cj, 'Warning', 'FailedDelete', `Deleted job: ${err.message}`);
      return err;
    }
    removeActive(state, job.metadata.uid);
    this.event(state.cj, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata.name}`);
    state.dirty = true;
    return undefined;
  }

  /** cleanupFinishedJobs: keep the newest successfulJobsHistoryLimit Complete and failedJobsHistoryLimit Failed Jobs. */
  private cleanupFinishedJobs(state: SyncState, jobs: readonly Job[]): void {
    const { successfulJobsHistoryLimit: okLimit, failedJobsHistoryLimit: failLimit } = state.cj.spec;
    if ((okLimit === undefined || okLimit === null) && (failLimit === undefined || failLimit === null)) return;
    const succeeded: Job[] = [];
    const failed: Job[] = [];
    for (const job of jobs) {
      const type = finishedCondition(job)?.type;
      if (type === 'Complete') succeeded.push(job);
      else if (type === 'Failed') failed.push(job);
    }
    for (const [list, limit] of [[succeeded, okLimit], [failed, failLimit]] as const) {
      if (limit === undefined || limit === null || list.length <= limit) continue;
      const oldest = [...list].sort(byStartTime).slice(0, list.length - limit);
      for (const job of oldest) this.deleteJob(state, job);
    }
  }

  /** The pending requeue time of a CronJob (virtual epoch ms), for tests and the UI's "next run". */
  nextSync(cj: CronJob): number | undefined {
    return this.requeue.pending(keyOf(cj));
  }
}

/** getRef: the active-list reference to a Job. */
function activeRef(job: Job): ActiveRef {
  const ref: ObjectReference = referenceTo(job);
  return { kind: ref.kind, namespace: ref.namespace, name: ref.name, uid: ref.uid, apiVersion: ref.apiVersion, resourceVersion: ref.resourceVersion } as ActiveRef;
}

/** Go's time.RFC1123Z in UTC: `Mon, 02 Jan 2006 15:04:05 +0000`. */
function rfc1123z(ms: number): string {
  return new Date(ms).toUTCString().replace('GMT', '+0000');
}
