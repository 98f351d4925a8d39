/**
 * Which scheduled time is due, and when to look again (pkg/controller/cronjob/utils.go): mostRecentScheduleTime,
 * nextScheduleTime and nextScheduleTimeDuration, in virtual epoch milliseconds.
 */
import type { CronJob } from '../../api/workloads.js';
import type { CronSchedule } from './schedule.js';

/** Go's zero time.Time, which robfig returns when a schedule never fires. */
const ZERO_TIME_MS = -62_135_596_800_000;
/** nextScheduleDelta: requeue 100 ms after the scheduled time. */
export const NEXT_SCHEDULE_DELTA_MS = 100;

export type MissedSchedules = 'none' | 'few' | 'many';

export interface MostRecent {
  /** The last schedule time (or creation time), raised to now − startingDeadlineSeconds when asked. */
  earliest: number;
  /** The most recent due time not after now, if any. */
  mostRecent?: number;
  missed: MissedSchedules;
  /** A grammatically valid schedule that never makes sense (e.g. Feb 31). */
  error?: string;
}

const next = (s: CronSchedule, t: number): number => s.next(t) ?? ZERO_TIME_MS;

/** mostRecentScheduleTime. */
export function mostRecentScheduleTime(cj: CronJob, nowMs: number, sched: CronSchedule, includeStartingDeadline: boolean): MostRecent {
  let earliest = Date.parse(cj.status?.lastScheduleTime ?? cj.metadata.creationTimestamp ?? '');
  if (Number.isNaN(earliest)) earliest = nowMs;
  const sds = cj.spec.startingDeadlineSeconds;
  if (includeStartingDeadline && sds !== undefined && sds !== null) {
    // The controller never schedules anything earlier than this.
    earliest = Math.max(earliest, nowMs - sds * 1000);
  }
  const t1 = next(sched, earliest);
  const t2 = next(sched, t1);
  if (nowMs < t1) return { earliest, missed: 'none' };
  if (nowMs < t2) return { earliest, mostRecent: t1, missed: 'none' };
  // A rough count of missed runs: how many intervals of (t2 − t1) fit between t1 and now.
  const between = Math.round((t2 - t1) / 1000);
  if (between < 1) return { earliest, missed: 'none', error: 'time difference between two schedules is less than 1 second' };
  const elapsed = Math.trunc((nowMs - t1) / 1000);
  const missedCount = Math.floor(elapsed / between) + 1;
  let mostRecent: number | undefined;
  // Start one interval before the estimate so irregular schedules (30 6-16/4 * * 1-5) still land on a real time.
  const potentialEarliest = t1 + (missedCount - 2) * between * 1000;
  for (let t = sched.next(potentialEarliest); t !== undefined && t <= nowMs; t = sched.next(t)) mostRecent = t;
  const missed: MissedSchedules = missedCount > 100 ? 'many' : missedCount > 0 ? 'few' : 'none';
  return { earliest, mostRecent, missed };
}

/** nextScheduleTimeDuration: ms until the next look (the next scheduled time + 100 ms), or undefined if never. */
export function nextScheduleDelay(cj: CronJob, nowMs: number, sched: CronSchedule): number | undefined {
  const r = mostRecentScheduleTime(cj, nowMs, sched, false);
  let base: number;
  if (r.error) base = nowMs; // still requeue at some point: aim for the next slot from now
  else if (r.mostRecent === undefined) base = r.missed === 'none' ? r.earliest : nowMs;
  else base = r.mostRecent;
  const t = sched.next(base);
  return t === undefined ? undefined : t + NEXT_SCHEDULE_DELTA_MS - nowMs;
}
