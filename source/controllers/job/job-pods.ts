/**
 * Pod-level rules of the Job controller: which pods count as active, failed or terminating, completion indexes,
 * when a pod finished, the deletion ranking (controller.ActivePods) and building a pod from the Job's template.
 */
import type { Container, EnvVar, Pod } from '../../api/core.js';
import type { KubeObject, OwnerReference } from '../../api/meta.js';
import type { Job } from '../../api/workloads.js';
import { deepClone } from '../../store/clone.js';

/** The finalizer that keeps a finished pod around until the Job has counted it. */
export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
/** Annotation (and, since PodIndexLabel, label) carrying an Indexed Job pod's completion index. */
export const JOB_COMPLETION_INDEX_ANNOTATION = 'batch.kubernetes.io/job-completion-index';
/** Env var exposing the completion index to an Indexed Job's containers. */
export const JOB_COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';
/** getCompletionIndex's "no index" value. */
export const UNKNOWN_INDEX = -1;
/** names.MaxGeneratedNameLength: 63 minus the 5-character random suffix. */
const MAX_GENERATE_NAME_LENGTH = 58;

/** The controller owner reference of an object, if any. */
export function controllerRefOf(obj: KubeObject): OwnerReference | undefined {
  const refs = obj.metadata.ownerReferences;
  if (!refs) return undefined;
  for (const r of refs) if (r.controller === true) return r;
  return undefined;
}

/** metav1.NewControllerRef for a Job. */
export function jobControllerRef(job: Job): OwnerReference {
  return { apiVersion: 'batch/v1', kind: 'Job', name: job.metadata.name!, uid: job.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

export function hasTrackingFinalizer(pod: Pod): boolean {
  const f = pod.metadata.finalizers;
  return f !== undefined && f.includes(JOB_TRACKING_FINALIZER);
}

function isTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** controller.FilterActivePods: neither finished nor being deleted. */
export function isActivePod(pod: Pod): boolean {
  return !isTerminal(pod) && !pod.metadata.deletionTimestamp;
}

/** controller.CountTerminatingPods' predicate: being deleted but not yet finished. */
export function isTerminatingPod(pod: Pod): boolean {
  return !!pod.metadata.deletionTimestamp && !isTerminal(pod);
}

/** podutil.IsPodReady. */
export function isPodReady(pod: Pod): boolean {
  const conditions = pod.status?.conditions;
  if (!conditions) return false;
  for (const c of conditions) if (c.type === 'Ready') return c.status === 'True';
  return false;
}

/** With podReplacementPolicy Failed (implied by a podFailurePolicy) a terminating pod is replaced only once it has failed. */
export function onlyReplaceFailedPods(job: Job): boolean {
  return job.spec.podReplacementPolicy === 'Failed' || job.spec.podFailurePolicy !== undefined;
}

/** isPodFailed: phase Failed, or (unless only failed pods are replaced) deleted before it succeeded. */
export function isPodFailed(pod: Pod, job: Job): boolean {
  if (pod.status?.phase === 'Failed') return true;
  if (onlyReplaceFailedPods(job)) return false;
  return !!pod.metadata.deletionTimestamp && pod.status?.phase !== 'Succeeded';
}

/** getCompletionIndex: the annotation as a non-negative integer, else UNKNOWN_INDEX. */
export function completionIndex(pod: Pod): number {
  const v = pod.metadata.annotations?.[JOB_COMPLETION_INDEX_ANNOTATION];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return UNKNOWN_INDEX;
  const i = Number(v);
  return i < 0 || !Number.isSafeInteger(i) ? UNKNOWN_INDEX : i;
}

function ms(ts: string | undefined | null): number {
  return ts ? Date.parse(ts) : NaN;
}

/** latestFinishTime over regular containers and sidecars: NaN unless every one of them has terminated. */
function containersFinishedAt(pod: Pod): number {
  const sidecars = new Set((pod.spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  const statuses = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? []).filter((s) => sidecars.has(s.name))];
  let latest = NaN;
  for (const s of statuses) {
    const t = ms(s.state?.terminated?.finishedAt);
    if (!s.state?.terminated) return NaN;
    if (!Number.isNaN(t) && !(t <= latest)) latest = t;
  }
  return latest;
}

/** getFinishedTime: the Ready=False transition, else the latest container exit, else the deletion request, else creation. */
export function finishedTime(pod: Pod): number {
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
  const readyAt = ready?.status === 'False' ? ms(ready.lastTransitionTime) : NaN;
  if (!Number.isNaN(readyAt)) return readyAt;
  const exited = containersFinishedAt(pod);
  if (!Number.isNaN(exited)) return exited;
  // deletionTimestamp − grace period is when the deletion was asked for.
  const deleted = ms(pod.metadata.deletionTimestamp);
  if (!Number.isNaN(deleted)) return deleted - (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
  return ms(pod.metadata.creationTimestamp);
}

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function readySince(pod: Pod): number {
  const c = pod.status?.conditions?.find((x) => x.type === 'Ready');
  return ms(c?.lastTransitionTime);
}

function maxRestarts(pod: Pod): number {
  let max = 0;
  for (const s of pod.status?.containerStatuses ?? []) if (s.restartCount > max) max = s.restartCount;
  return max;
}

/** `a` is after `b`, with a missing time counting as the latest (afterOrZero). */
function afterOrZero(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a);
  return a > b;
}

/** controller.ActivePods ordering: the pod to delete first sorts first. */
export function compareActivePods(a: Pod, b: Pod): number {
  const na = a.spec.nodeName ?? '', nb = b.spec.nodeName ?? '';
  if (na !== nb && (!na || !nb)) return !na ? -1 : 1;
  const pa = PHASE_ORDINAL[a.status?.phase ?? ''] ?? 0, pb = PHASE_ORDINAL[b.status?.phase ?? ''] ?? 0;
  if (pa !== pb) return pa - pb;
  const ra = isPodReady(a), rb = isPodReady(b);
  if (ra !== rb) return ra ? 1 : -1;
  if (ra && rb) {
    const ta = readySince(a), tb = readySince(b);
    if (ta !== tb && !(Number.isNaN(ta) && Number.isNaN(tb))) return afterOrZero(ta, tb) ? -1 : 1;
  }
  const ca = maxRestarts(a), cb = maxRestarts(b);
  if (ca !== cb) return cb - ca;
  const ka = ms(a.metadata.creationTimestamp), kb = ms(b.metadata.creationTimestamp);
  if (ka !== kb && !(Number.isNaN(ka) && Number.isNaN(kb))) return afterOrZero(ka, kb) ? -1 : 1;
  return 0;
}

/** Sort by completion index, pods without one first (byCompletionIndex). */
export function compareCompletionIndex(a: Pod, b: Pod): number {
  return completionIndex(a) - completionIndex(b);
}

/** addCompletionIndexEnvVariable: JOB_COMPLETION_INDEX from the annotation, unless the container sets it. */
function addIndexEnv(c: Container): void {
  if (c.env?.some((e) => e.name === JOB_COMPLETION_INDEX_ENV)) return;
  const env: EnvVar = {
    name: JOB_COMPLETION_INDEX_ENV,
    valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${JOB_COMPLETION_INDEX_ANNOTATION}']` } },
  };
  c.env = [...(c.env ?? []), env];
}

/** The generateName prefix: `<job>-` (or `<job>-<index>-`), cut so the generated name stays a DNS label. */
function generateNameFor(jobName: string, index: number): string {
  const suffix = index === UNKNOWN_INDEX ? '-' : `-${index}-`;
  const prefix = jobName + suffix;
  return prefix.length > MAX_GENERATE_NAME_LENGTH ? jobName.slice(0, MAX_GENERATE_NAME_LENGTH - suffix.length) + suffix : prefix;
}

/**
 * controller.GetPodFromTemplate plus the Job's additions: the tracking finalizer, and for an Indexed Job the
 * completion index as annotation, label and env var, with hostname `<job>-<index>`.
 */
export function podFromTemplate(job: Job, index: number): Pod {
  const template = job.spec.template;
  const spec = deepClone(template.spec);
  const labels = { ...template.metadata?.labels };
  const annotations = { ...template.metadata?.annotations };
  const finalizers = [...(template.metadata?.finalizers ?? [])];
  if (!finalizers.includes(JOB_TRACKING_FINALIZER)) finalizers.push(JOB_TRACKING_FINALIZER);
  if (index !== UNKNOWN_INDEX) {
    for (const c of spec.initContainers ?? []) addIndexEnv(c);
    for (const c of spec.containers ?? []) addIndexEnv(c);
    annotations[JOB_COMPLETION_INDEX_ANNOTATION] = String(index);
    labels[JOB_COMPLETION_INDEX_ANNOTATION] = String(index);
    spec.hostname = `${job.metadata.name}-${index}`;
  }
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      generateName: generateNameFor(job.metadata.name!, index), namespace: job.metadata.namespace,
      labels, annotations, finalizers, ownerReferences: [jobControllerRef(job)],
    },
    spec,
  };
}
