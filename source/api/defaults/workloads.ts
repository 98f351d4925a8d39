/** Defaulting of the controllers' objects (apps/v1, batch/v1 and v1 ReplicationController SetDefaults_*). */
import { defaultPodSpec, defaultPodTemplate } from './pod.js';
import { defaultPvc } from './core.js';
import { ensureObj, isObj, isUnset, type Obj, objAt, objItems, setDefault, setDefaultString } from './util.js';

const JOB_UID_LABELS = ['batch.kubernetes.io/controller-uid', 'controller-uid'];
const JOB_NAME_LABELS = ['batch.kubernetes.io/job-name', 'job-name'];
const MAX_INT32 = 2147483647;

/** Deployment: 1 replica, RollingUpdate 25%/25%, 10 revisions kept, 600s progress deadline. */
export function defaultDeployment(spec: Obj): void {
  setDefault(spec, 'replicas', 1);
  const strategy = ensureObj(spec, 'strategy');
  if (strategy) {
    setDefaultString(strategy, 'type', 'RollingUpdate');
    if (strategy.type === 'RollingUpdate') {
      const rolling = ensureObj(strategy, 'rollingUpdate');
      if (rolling) {
        setDefault(rolling, 'maxUnavailable', '25%');
        setDefault(rolling, 'maxSurge', '25%');
      }
    }
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'progressDeadlineSeconds', 600);
  defaultPodTemplate(spec);
}

/** ReplicaSet: 1 replica. */
export function defaultReplicaSet(spec: Obj): void {
  setDefault(spec, 'replicas', 1);
  defaultPodTemplate(spec);
}

/** ReplicationController: selector and object labels default to the template's labels; 1 replica. */
export function defaultReplicationController(rc: Obj, spec: Obj): void {
  const template = objAt(spec, 'template');
  const labels = template ? objAt(objAt(template, 'metadata') ?? {}, 'labels') : undefined;
  if (labels) {
    const selector = spec.selector;
    if (isUnset(selector) || (isObj(selector) && Object.keys(selector).length === 0)) spec.selector = { ...labels };
    const meta = objAt(rc, 'metadata');
    if (meta && (isUnset(meta.labels) || (isObj(meta.labels) && Object.keys(meta.labels).length === 0))) meta.labels = { ...labels };
  }
  setDefault(spec, 'replicas', 1);
  // The RC template is a pointer upstream: an absent one stays absent (and fails validation).
  const podSpec = template ? ensureObj(template, 'spec') : undefined;
  if (podSpec) defaultPodSpec(podSpec);
}

/** StatefulSet: OrderedReady, RollingUpdate from partition 0, Retain/Retain claims, 1 replica, 10 revisions. */
export function defaultStatefulSet(spec: Obj): void {
  setDefaultString(spec, 'podManagementPolicy', 'OrderedReady');
  const strategy = ensureObj(spec, 'updateStrategy');
  if (strategy) {
    if (isUnset(strategy.type) || strategy.type === '') {
      strategy.type = 'RollingUpdate';
      setDefault(strategy, 'rollingUpdate', {});
    }
    const rolling = strategy.type === 'RollingUpdate' ? objAt(strategy, 'rollingUpdate') : undefined;
    if (rolling) setDefault(rolling, 'partition', 0);
  }
  const retention = ensureObj(spec, 'persistentVolumeClaimRetentionPolicy');
  if (retention) {
    setDefaultString(retention, 'whenDeleted', 'Retain');
    setDefaultString(retention, 'whenScaled', 'Retain');
  }
  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'revisionHistoryLimit', 10);
  defaultPodTemplate(spec);
  // Claim templates are whole PVC objects and get the PVC defaults (volumeMode, status.phase Pending).
  for (const claim of objItems(spec, 'volumeClaimTemplates')) defaultPvc(claim);
}

/** DaemonSet: RollingUpdate with maxUnavailable 1 and maxSurge 0, 10 revisions. */
export function defaultDaemonSet(spec: Obj): void {
  const strategy = ensureObj(spec, 'updateStrategy');
  if (strategy) {
    setDefaultString(strategy, 'type', 'RollingUpdate');
    if (strategy.type === 'RollingUpdate') {
      const rolling = ensureObj(strategy, 'rollingUpdate');
      if (rolling) {
        setDefault(rolling, 'maxUnavailable', 1);
        setDefault(rolling, 'maxSurge', 0);
      }
    }
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  defaultPodTemplate(spec);
}

/** SetDefaults_Job's counters and policies. */
function defaultJobSpec(spec: Obj): void {
  // Both unset: a single-pod Job. Only parallelism set: a work queue, so completions stays unset.
  if (isUnset(spec.completions) && isUnset(spec.parallelism)) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  setDefault(spec, 'parallelism', 1);
  if (isUnset(spec.backoffLimit)) spec.backoffLimit = isUnset(spec.backoffLimitPerIndex) ? 6 : MAX_INT32;
  setDefault(spec, 'completionMode', 'NonIndexed');
  setDefault(spec, 'suspend', false);
  const failurePolicy = objAt(spec, 'podFailurePolicy');
  if (failurePolicy) {
    for (const rule of objItems(failurePolicy, 'rules')) {
      for (const pattern of objItems(rule, 'onPodConditions')) setDefaultString(pattern, 'status', 'True');
    }
  }
  setDefault(spec, 'podReplacementPolicy', failurePolicy ? 'Failed' : 'TerminatingOrFailed');
}

/**
 * The Job strategy's selector generation: unless manualSelector, the template carries the controller-uid and
 * job-name labels and the selector matches the uid. Needs metadata.uid, which the store assigns before admission.
 */
function generateJobSelector(job: Obj, spec: Obj): void {
  if (spec.manualSelector === true) return;
  const meta = objAt(job, 'metadata');
  const uid = meta && typeof meta.uid === 'string' ? meta.uid : '';
  if (!uid) return;
  const template = objAt(spec, 'template');
  const templateMeta = template ? ensureObj(template, 'metadata') : undefined;
  const labels = templateMeta ? ensureObj(templateMeta, 'labels') : undefined;
  const selector = ensureObj(spec, 'selector');
  const matchLabels = selector ? ensureObj(selector, 'matchLabels') : undefined;
  if (!labels || !matchLabels) return;
  for (const key of JOB_UID_LABELS) setDefault(labels, key, uid);
  const name = typeof meta!.name === 'string' ? meta!.name : '';
  for (const key of JOB_NAME_LABELS) setDefault(labels, key, name);
  setDefault(matchLabels, JOB_UID_LABELS[0]!, uid);
}

/** Job: counts, backoffLimit 6, NonIndexed, not suspended, replacement policy; generated selector; labels from the template. */
export function defaultJob(job: Obj, spec: Obj): void {
  defaultJobSpec(spec);
  defaultPodTemplate(spec);
  generateJobSelector(job, spec);
  // Reading a Job back re-runs defaulting, so its labels end up as the template's (generated ones included).
  const meta = objAt(job, 'metadata');
  const labels = objAt(objAt(objAt(spec, 'template') ?? {}, 'metadata') ?? {}, 'labels');
  if (meta && labels && (isUnset(meta.labels) || (isObj(meta.labels) && Object.keys(meta.labels).length === 0))) meta.labels = { ...labels };
}

/** CronJob: Allow, not suspended, keep 3 successful and 1 failed Job; the jobTemplate's pod template defaults. */
export function defaultCronJob(spec: Obj): void {
  setDefaultString(spec, 'concurrencyPolicy', 'Allow');
  setDefault(spec, 'suspend', false);
  setDefault(spec, 'successfulJobsHistoryLimit', 3);
  setDefault(spec, 'failedJobsHistoryLimit', 1);
  const jobTemplate = ensureObj(spec, 'jobTemplate');
  const jobSpec = jobTemplate ? ensureObj(jobTemplate, 'spec') : undefined;
  // Only the pod template is defaulted: the Job-level defaults apply when the controller creates the Job.
  if (jobSpec) defaultPodTemplate(jobSpec);
}
