/**
 * The TTL-after-finished controller (pkg/controller/ttlafterfinished): a finished Job with
 * spec.ttlSecondsAfterFinished is deleted that many seconds after its Complete/Failed transition, with
 * foreground propagation (its pods go first) and a uid precondition, as upstream does.
 */
import { isApiError } from '../../api/errors.js';
import type { Job } from '../../api/workloads.js';
import { Controller, keyOf, splitKey } from '../../engine/controller.js';
import type { Engine } from '../../engine/engine.js';
import type { WatchEvent } from '../../store/watch.js';
import { finishedCondition } from './conditions.js';
import { RequeueTimers } from './requeue-timers.js';

/** needsCleanup: a TTL is set and the Job has finished. */
function needsCleanup(job: Job): boolean {
  return job.spec.ttlSecondsAfterFinished !== undefined && job.spec.ttlSecondsAfterFinished !== null && finishedCondition(job) !== undefined;
}

/** When the TTL expires (epoch ms), or undefined when the Job is not due for clean-up or has no finish time. */
export function ttlExpiry(job: Job): number | undefined {
  if (job.metadata.deletionTimestamp || !needsCleanup(job)) return undefined;
  const finishedAt = Date.parse(finishedCondition(job)!.lastTransitionTime ?? '');
  if (Number.isNaN(finishedAt)) return undefined; // upstream errors out on a zero transition time; nothing to schedule
  return finishedAt + job.spec.ttlSecondsAfterFinished! * 1000;
}

export class TtlAfterFinishedController extends Controller {
  private readonly requeue: RequeueTimers;

  constructor(engine: Engine) {
    super('ttl-after-finished-controller', engine);
    this.requeue = new RequeueTimers(engine, this.queue, 'ttl-after-finished-controller');
    this.watch({ kind: 'Job' }, (e) => (e.type !== 'DELETED' && needsCleanup((e as WatchEvent<Job>).object) ? keyOf(e.object) : undefined));
  }

  protected reconcile(key: string): void {
    const [ns, name] = splitKey(key);
    const job = this.store.tryGet<Job>('Job', ns, name);
    if (!job) {
      this.requeue.cancel(key);
      return;
    }
    const expiry = ttlExpiry(job);
    if (expiry === undefined) return;
    if (expiry > this.engine.now()) {
      this.requeue.at(key, expiry);
      return;
    }
    try {
      this.store.delete('Job', ns, name, { propagationPolicy: 'Foreground', preconditions: { uid: job.metadata.uid } });
    } catch (err) {
      // Gone already, or replaced by a new Job of the same name (whose own TTL decides).
      if (isApiError(err) && (err.reason === 'NotFound' || err.reason === 'Conflict')) return;
      throw err;
    }
  }
}
