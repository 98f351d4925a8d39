/** Job and CronJob (batch/v1 validation and update rules). */
import { cronScheduleError, isKnownTimeZone } from './cron.js';
import {
  child, type Errs, invalid, invalidText, isObj, jsonEqual, nonNegative, notSupported, type Obj, oneOf, readBool, readInt, readObj,
  readStr, required,
} from './field.js';
import { goLabelSelector } from './go-format.js';
import { dns1123LabelErrors } from './names.js';
import { validateAnnotations, validateLabels } from './meta.js';
import { validatePodTemplate } from './pod.js';
import { specOf } from './workloads.js';
import { checkSelectorMatches, workloadSelector } from './workload-common.js';

const MAX_PARALLELISM_INDEXED = 100_000;
const UID_LABEL = 'batch.kubernetes.io/controller-uid';
const NAME_LABEL = 'batch.kubernetes.io/job-name';

/** validateJobSpec: counts, completion mode, replacement policy, the template and its restartPolicy. */
function validateJobSpecCommon(errs: Errs, spec: Obj, path: string): void {
  const parallelism = readInt(errs, spec, 'parallelism', path);
  nonNegative(errs, child(path, 'parallelism'), parallelism);
  const completions = readInt(errs, spec, 'completions', path);
  nonNegative(errs, child(path, 'completions'), completions);
  for (const f of ['activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex']) {
    nonNegative(errs, child(path, f), readInt(errs, spec, f, path));
  }
  readBool(errs, spec, 'suspend', path);
  const mode = readStr(errs, spec, 'completionMode', path);
  if (mode !== undefined) {
    if (mode !== 'NonIndexed' && mode !== 'Indexed') notSupported(errs, child(path, 'completionMode'), mode, ['NonIndexed', 'Indexed']);
    if (mode === 'Indexed') {
      if (completions === undefined) required(errs, child(path, 'completions'), 'when completion mode is Indexed');
      if (parallelism !== undefined && parallelism > MAX_PARALLELISM_INDEXED) {
        invalid(errs, child(path, 'parallelism'), parallelism, `must be less than or equal to ${MAX_PARALLELISM_INDEXED} when completion mode is Indexed`);
      }
    }
  }
  if (spec.backoffLimitPerIndex !== undefined && spec.backoffLimitPerIndex !== null && mode !== 'Indexed') {
    invalid(errs, child(path, 'backoffLimitPerIndex'), spec.backoffLimitPerIndex, 'requires indexed completion mode');
  }
  const failurePolicy = readObj(errs, spec, 'podFailurePolicy', path);
  const replacement = readStr(errs, spec, 'podReplacementPolicy', path);
  if (replacement !== undefined) {
    if (failurePolicy && replacement !== 'Failed') notSupported(errs, child(path, 'podReplacementPolicy'), replacement, ['Failed']);
    else if (!failurePolicy && replacement !== 'Failed' && replacement !== 'TerminatingOrFailed') {
      notSupported(errs, child(path, 'podReplacementPolicy'), replacement, ['Failed', 'TerminatingOrFailed']);
    }
  }
  const template = readObj(errs, spec, 'template', path);
  const tp = child(path, 'template');
  if (!template) {
    if (spec.template === undefined || spec.template === null) required(errs, tp);
    return;
  }
  validatePodTemplate(errs, template, tp);
  const restartPolicy = isObj(template.spec) ? template.spec.restartPolicy : undefined;
  const rp = `${tp}.spec.restartPolicy`;
  // Defaulting turns an unset restartPolicy into Always, so both mean "the user did not pick one".
  if (restartPolicy === 'Always' || restartPolicy === '' || restartPolicy === undefined) required(errs, rp, 'valid values: "OnFailure", "Never"');
  else if (restartPolicy !== 'OnFailure' && restartPolicy !== 'Never') notSupported(errs, rp, restartPolicy, ['OnFailure', 'Never']);
  else if (failurePolicy && restartPolicy !== 'Never') invalid(errs, rp, restartPolicy, 'only "Never" is supported when podFailurePolicy is specified');
}

/** The labels a generated selector puts on the template must be there (validateGeneratedSelector). */
function validateGeneratedSelector(errs: Errs, obj: Obj, spec: Obj): void {
  if (spec.manualSelector === true || !isObj(spec.selector)) return;
  const meta = isObj(obj.metadata) ? obj.metadata : {};
  const uid = typeof meta.uid === 'string' ? meta.uid : '';
  // Without a uid the selector cannot have been generated yet; the store assigns uids before admission.
  if (!uid) return;
  const labels = isObj(spec.template) && isObj(spec.template.metadata) && isObj(spec.template.metadata.labels) ? spec.template.metadata.labels : {};
  for (const [key, want] of [[UID_LABEL, uid], [NAME_LABEL, typeof meta.name === 'string' ? meta.name : '']] as const) {
    const field = `spec.template.metadata.labels[${key}]`;
    if (!Object.hasOwn(labels, key)) required(errs, field, `must be '${want}'`);
    else if (labels[key] !== want) invalidText(errs, field, JSON.stringify(labels), `must be '${want}'`);
  }
}

/** ValidateJob. */
export function validateJob(errs: Errs, obj: Obj): void {
  const spec = specOf(errs, obj);
  if (!spec) return;
  validateGeneratedSelector(errs, obj, spec);
  validateJobSpecCommon(errs, spec, 'spec');
  const { selector } = workloadSelector(errs, spec, 'spec', undefined, true);
  if (selector) checkSelectorMatches(errs, selector, spec.template, 'spec.template');
  const meta = isObj(obj.metadata) ? obj.metadata : {};
  const completions = spec.completions;
  if (spec.completionMode === 'Indexed' && typeof completions === 'number' && completions > 0 && typeof meta.name === 'string') {
    const hostname = `${meta.name}-${completions - 1}`;
    if (dns1123LabelErrors(hostname).length > 0) invalid(errs, 'metadata.name', meta.name, `will not able to create pod with invalid DNS label: ${hostname}`);
  }
}

/** Scheduling directives a suspended, never-started Job may still change in its template. */
const SCHEDULING_DIRECTIVES = ['nodeSelector', 'affinity', 'tolerations', 'schedulingGates'];

/** ValidateJobSpecUpdate: completions, selector, template (unless suspended), modes and policies are fixed. */
export function validateJobUpdate(errs: Errs, obj: Obj, old: Obj): void {
  const spec = isObj(obj.spec) ? obj.spec : {};
  const before = isObj(old.spec) ? old.spec : {};
  const elastic = spec.completionMode === 'Indexed' && before.completionMode === 'Indexed' && spec.completions === spec.parallelism;
  if (!elastic && !jsonEqual(spec.completions, before.completions)) invalid(errs, 'spec.completions', spec.completions ?? null, 'field is immutable');
  if (!jsonEqual(spec.selector, before.selector)) invalidText(errs, 'spec.selector', goLabelSelector(spec.selector), 'field is immutable');
  let template = spec.template;
  let oldTemplate = before.template;
  const status = isObj(old.status) ? old.status : {};
  if (before.suspend === true && status.startTime === undefined && isObj(template) && isObj(oldTemplate)) {
    // Mask what may change, then compare the rest.
    const mask = (t: Obj): Obj => {
      const s = isObj(t.spec) ? { ...t.spec } : {};
      for (const f of SCHEDULING_DIRECTIVES) delete s[f];
      const m = isObj(t.metadata) ? { ...t.metadata, labels: undefined, annotations: undefined } : {};
      return { ...t, metadata: m, spec: s };
    };
    template = mask(template);
    oldTemplate = mask(oldTemplate);
  }
  if (!jsonEqual(template, oldTemplate)) invalidText(errs, 'spec.template', 'core.PodTemplateSpec{...}', 'field is immutable');
  for (const f of ['completionMode', 'podFailurePolicy', 'backoffLimitPerIndex', 'podReplacementPolicy', 'successPolicy', 'managedBy']) {
    if (!jsonEqual(spec[f], before[f])) {
      const v = spec[f];
      if (v === undefined || typeof v !== 'object') invalid(errs, `spec.${f}`, v ?? null, 'field is immutable');
      else invalidText(errs, `spec.${f}`, `&batch.${f[0]!.toUpperCase()}${f.slice(1)}{...}`, 'field is immutable');
    }
  }
}

function validateTimeZone(errs: Errs, spec: Obj): void {
  const tz = readStr(errs, spec, 'timeZone', 'spec');
  if (tz === undefined) return;
  const field = 'spec.timeZone';
  if (tz.length === 0) {
    invalid(errs, field, tz, 'timeZone must be nil or non-empty string');
    return;
  }
  const badPart = tz.split('/').some((p) => p === '.' || p === '..' || p.startsWith('-') || !/^[A-Za-z._+\-0-9]+$/.test(p));
  if (badPart) invalid(errs, field, tz, `unknown time zone ${tz}`);
  else if (tz.toLowerCase() === 'local') invalid(errs, field, tz, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones');
  else if (!isKnownTimeZone(tz)) invalid(errs, field, tz, `unknown time zone ${tz}`);
}

/** ValidateCronJobCreate/Update: schedule, time zone, concurrency, history limits and the job template. */
export function validateCronJob(errs: Errs, obj: Obj, old?: Obj): void {
  const meta = isObj(obj.metadata) ? obj.metadata : {};
  // The controller appends an 11-character `-<minutes>` suffix, and Job names are DNS labels of at most 63.
  if (!old && typeof meta.name === 'string' && meta.name.length > 52) invalid(errs, 'metadata.name', meta.name, 'must be no more than 52 characters');
  const spec = specOf(errs, obj);
  if (!spec) return;
  const schedule = readStr(errs, spec, 'schedule', 'spec');
  if (!schedule) {
    if (spec.schedule === undefined || spec.schedule === null || spec.schedule === '') required(errs, 'spec.schedule');
  } else {
    const parseError = cronScheduleError(schedule);
    if (parseError) invalid(errs, 'spec.schedule', schedule, parseError);
    const oldSchedule = old && isObj(old.spec) && typeof old.spec.schedule === 'string' ? old.spec.schedule : '';
    const allowTZ = oldSchedule.includes('TZ');
    if (allowTZ && schedule.includes('TZ') && spec.timeZone !== undefined && spec.timeZone !== null) {
      invalid(errs, 'spec.schedule', schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule');
    } else if (!allowTZ && schedule.includes('TZ')) {
      invalid(errs, 'spec.schedule', schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead');
    }
  }
  nonNegative(errs, 'spec.startingDeadlineSeconds', readInt(errs, spec, 'startingDeadlineSeconds', 'spec'));
  const oldTz = old && isObj(old.spec) ? old.spec.timeZone : undefined;
  if (!old || oldTz !== spec.timeZone) validateTimeZone(errs, spec);
  oneOf(errs, 'spec.concurrencyPolicy', readStr(errs, spec, 'concurrencyPolicy', 'spec'), ['Allow', 'Forbid', 'Replace']);
  readBool(errs, spec, 'suspend', 'spec');
  nonNegative(errs, 'spec.successfulJobsHistoryLimit', readInt(errs, spec, 'successfulJobsHistoryLimit', 'spec'));
  nonNegative(errs, 'spec.failedJobsHistoryLimit', readInt(errs, spec, 'failedJobsHistoryLimit', 'spec'));
  const jobTemplate = readObj(errs, spec, 'jobTemplate', 'spec');
  if (!jobTemplate) {
    if (spec.jobTemplate === undefined || spec.jobTemplate === null) required(errs, 'spec.jobTemplate');
    return;
  }
  const jtMeta = readObj(errs, jobTemplate, 'metadata', 'spec.jobTemplate');
  if (jtMeta) {
    validateLabels(errs, jtMeta, 'labels', 'spec.jobTemplate.metadata');
    validateAnnotations(errs, jtMeta, 'annotations', 'spec.jobTemplate.metadata');
  }
  const jobSpec = readObj(errs, jobTemplate, 'spec', 'spec.jobTemplate');
  if (!jobSpec) {
    if (jobTemplate.spec === undefined || jobTemplate.spec === null) required(errs, 'spec.jobTemplate.spec.template');
    return;
  }
  validateJobSpecCommon(errs, jobSpec, 'spec.jobTemplate.spec');
  if (jobSpec.selector !== undefined && jobSpec.selector !== null) {
    invalidText(errs, 'spec.jobTemplate.spec.selector', goLabelSelector(jobSpec.selector), '`selector` will be auto-generated');
  }
  if (jobSpec.manualSelector === true) notSupported(errs, 'spec.jobTemplate.spec.manualSelector', true, ['nil', 'false']);
}
