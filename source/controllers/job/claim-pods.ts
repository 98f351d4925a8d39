/**
 * getPodsForJob with ControllerRef management (PodControllerRefManager.ClaimPods): the Job's own pods that still
 * match its selector; owned pods that stopped matching are released, matching orphans adopted (with the tracking
 * finalizer). Also the reverse look-up for orphan pods (getPodJobs).
 */
import type { Pod } from '../../api/core.js';
import { isApiError } from '../../api/errors.js';
import { type Selector, labelSelectorFromObject } from '../../api/selectors.js';
import type { Job } from '../../api/workloads.js';
import type { ApiStore } from '../../store/store.js';
import { JOB_TRACKING_FINALIZER, controllerRefOf, jobControllerRef } from './job-pods.js';

/** The Job's selector, or undefined when it cannot be used (then the Job only keeps the pods it already owns). */
export function jobSelector(job: Job): Selector | undefined {
  try {
    return job.spec.selector ? labelSelectorFromObject(job.spec.selector) : undefined;
  } catch (err) {
    if (isApiError(err)) return undefined;
    throw err;
  }
}

function release(store: ApiStore, job: Job, pod: Pod): void {
  const refs = (pod.metadata.ownerReferences ?? []).filter((r) => r.uid !== job.metadata.uid);
  const metadata = { ...pod.metadata, ownerReferences: refs.length ? refs : undefined };
  if (!metadata.ownerReferences) delete metadata.ownerReferences;
  try {
    store.update<Pod>({ ...pod, metadata });
  } catch (err) {
    if (!isApiError(err)) throw err; // gone or changed: the next sync looks again
  }
}

function adopt(store: ApiStore, job: Job, pod: Pod): Pod | undefined {
  const finalizers = pod.metadata.finalizers ?? [];
  const metadata = {
    ...pod.metadata,
    ownerReferences: [...(pod.metadata.ownerReferences ?? []), jobControllerRef(job)],
    finalizers: finalizers.includes(JOB_TRACKING_FINALIZER) ? finalizers : [...finalizers, JOB_TRACKING_FINALIZER],
  };
  try {
    return store.update<Pod>({ ...pod, metadata });
  } catch (err) {
    if (isApiError(err)) return undefined;
    throw err;
  }
}

/** The pods this Job manages, after adopting and releasing. */
export function claimPods(store: ApiStore, job: Job): Pod[] {
  const uid = job.metadata.uid!;
  const selector = jobSelector(job);
  const deleting = !!job.metadata.deletionTimestamp;
  const out: Pod[] = [];
  for (const pod of store.select<Pod>('Pod', { ownerUid: uid })) {
    if (controllerRefOf(pod)?.uid !== uid) continue;
    // Even while the Job is deleted it keeps what it owns; it only releases pods that stopped matching.
    if (!selector || selector.matches(pod.metadata.labels)) out.push(pod);
    else if (!deleting) release(store, job, pod);
  }
  if (!selector || deleting) return out;
  for (const pod of store.select<Pod>('Pod', { namespace: job.metadata.namespace, selector })) {
    if (controllerRefOf(pod) || pod.metadata.deletionTimestamp) continue;
    const adopted = adopt(store, job, pod);
    if (adopted) out.push(adopted);
  }
  return out;
}

/** getPodJobs: Jobs in the pod's namespace whose selector matches it (who may adopt an orphan). */
export function jobsSelecting(store: ApiStore, pod: Pod): Job[] {
  if (!pod.metadata.labels) return [];
  return store.select<Job>('Job', { namespace: pod.metadata.namespace }).filter((job) => jobSelector(job)?.matches(pod.metadata.labels) ?? false);
}
