/**
 * Jobs made from a CronJob's jobTemplate: the scheduled ones (getJobFromTemplate2: `<cronjob>-<minutes since the
 * epoch>`, scheduled-timestamp annotation, controller reference) and the manual ones of
 * `kubectl create job --from=cronjob/<name>`.
 */
import { isApiError } from '../../api/errors.js';
import type { OwnerReference } from '../../api/meta.js';
import type { CronJob, Job } from '../../api/workloads.js';
import { deepClone } from '../../store/clone.js';
import type { ApiStore } from '../../store/store.js';
import { rfc3339InZone } from './schedule.js';

/** batchv1.CronJobScheduledTimestampAnnotation. */
export const CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';
/** What kubectl puts on a Job it instantiates from a CronJob by hand. */
export const CRONJOB_INSTANTIATE_ANNOTATION = 'cronjob.kubernetes.io/instantiate';
const MAX_NAME_LENGTH = 63;

/** getJobName: `<cronjob>-<scheduled time in minutes since the Unix epoch>`. */
export function scheduledJobName(cj: CronJob, scheduledMs: number): string {
  return `${cj.metadata.name}-${Math.trunc(Math.trunc(scheduledMs / 1000) / 60)}`;
}

/** getJobFromTemplate2. */
export function jobFromTemplate(cj: CronJob, scheduledMs: number): Job {
  const template = cj.spec.jobTemplate;
  const annotations: Record<string, string> = { ...template.metadata?.annotations };
  annotations[CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION] = rfc3339InZone(scheduledMs, cj.spec.timeZone);
  const controllerRef: OwnerReference = {
    apiVersion: 'batch/v1', kind: 'CronJob', name: cj.metadata.name!, uid: cj.metadata.uid!, controller: true, blockOwnerDeletion: true,
  };
  return {
    apiVersion: 'batch/v1', kind: 'Job',
    metadata: {
      name: scheduledJobName(cj, scheduledMs), namespace: cj.metadata.namespace,
      labels: { ...template.metadata?.labels }, annotations, ownerReferences: [controllerRef],
    },
    spec: deepClone(template.spec),
  };
}

/**
 * `kubectl create job <cronjob>-manual-<5 chars> --from=cronjob/<name>` (the UI's trigger key): annotation
 * `cronjob.kubernetes.io/instantiate: manual` plus the template's, the template's labels, and a controller
 * reference without blockOwnerDeletion, as kubectl builds it. The store stamps creation at the virtual `nowMs`
 * the caller acts at. Throws the API error (NotFound for a missing CronJob, Invalid, quota…) as kubectl would print it.
 */
export function triggerCronJob(store: ApiStore, namespace: string, name: string, nowMs: number): Job {
  const cj = store.get<CronJob>('CronJob', namespace, name);
  void nowMs; // creation time comes from the store's clock, which is the same virtual clock
  const prefix = `${name.slice(0, MAX_NAME_LENGTH - '-manual-'.length - 5)}-manual-`;
  const template = cj.spec.jobTemplate;
  for (let attempt = 0; ; attempt++) {
    const job: Job = {
      apiVersion: 'batch/v1', kind: 'Job',
      metadata: {
        name: prefix + store.env.suffix(5), namespace,
        annotations: { [CRONJOB_INSTANTIATE_ANNOTATION]: 'manual', ...template.metadata?.annotations },
        labels: template.metadata?.labels ? { ...template.metadata.labels } : undefined,
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: cj.metadata.name!, uid: cj.metadata.uid!, controller: true }],
      },
      spec: deepClone(template.spec),
    };
    if (!job.metadata.labels) delete job.metadata.labels;
    try {
      return store.create(job);
    } catch (err) {
      // A name collision with an earlier manual run: draw another suffix, as generateName would.
      if (isApiError(err, 'AlreadyExists') && attempt < 8) continue;
      throw err;
    }
  }
}
