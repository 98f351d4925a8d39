/** Job conditions: construction, ensureJobConditionStatus, and the finished checks other controllers share. */
import type { Condition } from '../../api/meta.js';
import type { Job } from '../../api/workloads.js';
import { timestamp } from '../../store/store.js';

/** Condition type names of batch/v1 Jobs. */
export type JobConditionType = 'Complete' | 'Failed' | 'Suspended' | 'FailureTarget' | 'SuccessCriteriaMet';

/** newCondition: probe and transition time both now. */
export function newJobCondition(type: JobConditionType, status: Condition['status'], reason: string, message: string, nowMs: number): Condition {
  const ts = timestamp(nowMs);
  const c: Condition = { type, status, lastProbeTime: ts, lastTransitionTime: ts };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  return c;
}

export function findCondition(conditions: readonly Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

/**
 * ensureJobConditionStatus: replace a condition of that type when status, reason or message differ, or append
 * it (never appending a False one). Returns the new list and whether it changed.
 */
export function ensureJobCondition(list: Condition[], type: JobConditionType, status: Condition['status'], reason: string, message: string, nowMs: number): [Condition[], boolean] {
  const i = list.findIndex((c) => c.type === type);
  if (i >= 0) {
    const c = list[i]!;
    if (c.status === status && (c.reason ?? '') === reason && (c.message ?? '') === message) return [list, false];
    const next = [...list];
    next[i] = newJobCondition(type, status, reason, message, nowMs);
    return [next, true];
  }
  if (status === 'False') return [list, false];
  return [[...list, newJobCondition(type, status, reason, message, nowMs)], true];
}

/** The terminal condition (Complete or Failed, status True), if the Job has finished. */
export function finishedCondition(job: Job): Condition | undefined {
  for (const c of job.status?.conditions ?? []) {
    if ((c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') return c;
  }
  return undefined;
}

/** util.IsJobFinished. */
export function isJobFinished(job: Job): boolean {
  return finishedCondition(job) !== undefined;
}

/** util.IsJobSucceeded. */
export function isJobSucceeded(job: Job): boolean {
  return job.status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True') ?? false;
}
