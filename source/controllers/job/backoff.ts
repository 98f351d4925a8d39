/**
 * Pod-failure back-off of the Job controller (backoff_utils.go): a failed pod is replaced after
 * 10 s × 2^(failures since the last success − 1), capped at 6 minutes, counted from the latest failure.
 */
import type { Pod } from '../../api/core.js';
import { finishedTime } from './job-pods.js';

/** DefaultJobPodFailureBackOff. */
export const JOB_POD_FAILURE_BACKOFF_MS = 10_000;
/** MaxJobPodFailureBackOff. */
export const MAX_JOB_POD_FAILURE_BACKOFF_MS = 360_000;

/** Failures since the last success and when the latest of them happened (epoch ms). */
export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  lastFailureTime?: number;
}

const byFinish = (a: Pod, b: Pod): number => finishedTime(a) - finishedTime(b);

/** The per-Job records; they live in the controller's memory, as upstream's backoffStore does. */
export class BackoffStore {
  private readonly records = new Map<string, BackoffRecord>();

  /** newBackoffRecord: the record as it would be after counting these newly finished pods. */
  next(key: string, newSucceeded: readonly Pod[], newFailed: readonly Pod[]): BackoffRecord {
    const old = this.records.get(key);
    const rec: BackoffRecord = { failuresAfterLastSuccess: old?.failuresAfterLastSuccess ?? 0, lastFailureTime: old?.lastFailureTime };
    const failed = [...newFailed].sort(byFinish);
    if (newSucceeded.length === 0) {
      if (failed.length === 0) return rec;
      rec.failuresAfterLastSuccess += failed.length;
      rec.lastFailureTime = finishedTime(failed[failed.length - 1]!);
      return rec;
    }
    rec.failuresAfterLastSuccess = 0;
    rec.lastFailureTime = undefined;
    const lastSuccess = Math.max(...newSucceeded.map(finishedTime));
    for (let i = failed.length - 1; i >= 0; i--) {
      const t = finishedTime(failed[i]!);
      if (!(t > lastSuccess)) break;
      if (rec.lastFailureTime === undefined) rec.lastFailureTime = t;
      rec.failuresAfterLastSuccess++;
    }
    return rec;
  }

  save(key: string, rec: BackoffRecord): void {
    this.records.set(key, rec);
  }

  remove(key: string): void {
    this.records.delete(key);
  }
}

/** getRemainingTimeForFailuresCount: how long pod creation must still wait (0 = go). */
export function remainingBackoff(rec: BackoffRecord, nowMs: number): number {
  if (rec.failuresAfterLastSuccess === 0 || rec.lastFailureTime === undefined) return 0;
  let backoff = JOB_POD_FAILURE_BACKOFF_MS;
  for (let i = 1; i < rec.failuresAfterLastSuccess; i++) {
    backoff *= 2;
    if (backoff >= MAX_JOB_POD_FAILURE_BACKOFF_MS) {
      backoff = MAX_JOB_POD_FAILURE_BACKOFF_MS;
      break;
    }
  }
  const elapsed = nowMs - rec.lastFailureTime;
  // An unknown failure time is long ago (Go's zero time), so nothing is left to wait.
  if (Number.isNaN(elapsed) || backoff < elapsed) return 0;
  return backoff - elapsed;
}
