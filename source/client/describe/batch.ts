/** describe for batch/v1 Job and CronJob (describe.go describeJob / describeCronJob). */
import type { Event } from '../../api/core.js';
import type { KubeObject } from '../../api/meta.js';
import { humanDuration, timestampMs } from '../../api/print/age.js';
import { NONE, boolPtr, int, list, present, record, selectorString, str } from '../../api/print/format.js';
import { controllerOf, describeEvents, printAnnotationsMultiline, printLabelsMultiline, rfc1123z } from './common.js';
import { LEVEL_0, PrefixWriter } from './layout.js';
import { describePodTemplate } from './pod-template.js';

const selector = (sel: unknown) => {
  const s = selectorString(sel);
  return s === undefined ? 'Failed to get selector: invalid label selector' : s;
};

/** capIndexesListOrNone: the completed-indexes string cut after the first comma past 50 characters. */
export function capIndexes(indexes: string, softLimit = 50): string {
  if (indexes === '') return NONE;
  const comma = indexes.indexOf(',', softLimit);
  return comma < 0 ? indexes : `${indexes.slice(0, comma + 1)}...`;
}

/** `kubectl describe job`. */
export function describeJob(job: KubeObject, events: readonly Event[], nowMs: number): string {
  const w = new PrefixWriter();
  const meta = record(job?.metadata);
  const spec = record(job?.spec);
  const status = record(job?.status);
  w.write(LEVEL_0, `Name:\t${str(meta.name)}\n`);
  w.write(LEVEL_0, `Namespace:\t${str(meta.namespace)}\n`);
  w.write(LEVEL_0, `Selector:\t${selector(spec.selector)}\n`);
  printLabelsMultiline(w, 'Labels', meta.labels);
  printAnnotationsMultiline(w, 'Annotations', meta.annotations);
  const controlledBy = controllerOf(job);
  if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
  if (typeof spec.parallelism === 'number') w.write(LEVEL_0, `Parallelism:\t${int(spec.parallelism)}\n`);
  w.write(LEVEL_0, `Completions:\t${typeof spec.completions === 'number' ? int(spec.completions) : '<unset>'}\n`);
  if (str(spec.completionMode)) w.write(LEVEL_0, `Completion Mode:\t${str(spec.completionMode)}\n`);
  if (typeof spec.suspend === 'boolean') w.write(LEVEL_0, `Suspend:\t${spec.suspend}\n`);
  if (typeof spec.backoffLimit === 'number') w.write(LEVEL_0, `Backoff Limit:\t${int(spec.backoffLimit)}\n`);
  if (typeof spec.ttlSecondsAfterFinished === 'number') w.write(LEVEL_0, `TTL Seconds After Finished:\t${int(spec.ttlSecondsAfterFinished)}\n`);
  const start = timestampMs(status.startTime);
  const completion = timestampMs(status.completionTime);
  if (status.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
  if (status.completionTime) w.write(LEVEL_0, `Completed At:\t${rfc1123z(status.completionTime)}\n`);
  if (status.startTime && status.completionTime) {
    w.write(LEVEL_0, `Duration:\t${Number.isNaN(start) || Number.isNaN(completion) ? '<unknown>' : humanDuration(completion - start)}\n`);
  }
  if (typeof spec.activeDeadlineSeconds === 'number') w.write(LEVEL_0, `Active Deadline Seconds:\t${int(spec.activeDeadlineSeconds)}s\n`);
  if (typeof status.ready === 'number') {
    w.write(LEVEL_0, `Pods Statuses:\t${int(status.active)} Active (${int(status.ready)} Ready) / ${int(status.succeeded)} Succeeded / ${int(status.failed)} Failed\n`);
  } else {
    w.write(LEVEL_0, `Pods Statuses:\t${int(status.active)} Active / ${int(status.succeeded)} Succeeded / ${int(status.failed)} Failed\n`);
  }
  if (spec.completionMode === 'Indexed') w.write(LEVEL_0, `Completed Indexes:\t${capIndexes(str(status.completedIndexes))}\n`);
  describePodTemplate(w, spec.template);
  describeEvents(w, events, nowMs);
  return w.toString();
}

/** `kubectl describe cronjob`. */
export function describeCronJob(cj: KubeObject, events: readonly Event[], nowMs: number): string {
  const w = new PrefixWriter();
  const meta = record(cj?.metadata);
  const spec = record(cj?.spec);
  const status = record(cj?.status);
  w.write(LEVEL_0, `Name:\t${str(meta.name)}\n`);
  w.write(LEVEL_0, `Namespace:\t${str(meta.namespace)}\n`);
  printLabelsMultiline(w, 'Labels', meta.labels);
  printAnnotationsMultiline(w, 'Annotations', meta.annotations);
  w.write(LEVEL_0, `Schedule:\t${str(spec.schedule)}\n`);
  w.write(LEVEL_0, `Concurrency Policy:\t${str(spec.concurrencyPolicy)}\n`);
  w.write(LEVEL_0, `Suspend:\t${boolPtr(spec.suspend)}\n`);
  const optional = (v: unknown, suffix = '') => (typeof v === 'number' ? `${int(v)}${suffix}` : '<unset>');
  w.write(LEVEL_0, `Successful Job History Limit:\t${optional(spec.successfulJobsHistoryLimit)}\n`);
  w.write(LEVEL_0, `Failed Job History Limit:\t${optional(spec.failedJobsHistoryLimit)}\n`);
  w.write(LEVEL_0, `Starting Deadline Seconds:\t${optional(spec.startingDeadlineSeconds, 's')}\n`);
  // describeJobTemplate
  const jobSpec = record(record(spec.jobTemplate).spec);
  w.write(LEVEL_0, `Selector:\t${present(jobSpec.selector) ? selector(jobSpec.selector) : '<unset>'}\n`);
  w.write(LEVEL_0, `Parallelism:\t${optional(jobSpec.parallelism)}\n`);
  w.write(LEVEL_0, `Completions:\t${optional(jobSpec.completions)}\n`);
  if (typeof jobSpec.activeDeadlineSeconds === 'number') w.write(LEVEL_0, `Active Deadline Seconds:\t${int(jobSpec.activeDeadlineSeconds)}s\n`);
  describePodTemplate(w, jobSpec.template);
  w.write(LEVEL_0, `Last Schedule Time:\t${status.lastScheduleTime ? rfc1123z(status.lastScheduleTime) : '<unset>'}\n`);
  const active = list(status.active).map((j) => str(record(j).name));
  w.write(LEVEL_0, `Active Jobs:\t${active.length > 0 ? active.join(', ') : NONE}\n`);
  describeEvents(w, events, nowMs);
  return w.toString();
}
