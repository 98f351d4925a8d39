import { describe, expect, it } from 'vitest';
import type { CronJob } from '../../source/api/workloads.js';
import { ScheduleError, mostRecentScheduleTime, nextScheduleDelay, parseSchedule, rfc3339InZone } from '../../source/controllers/cronjob/index.js';

const T0 = Date.UTC(2026, 0, 1, 0, 0, 0); // a Thursday
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
function runs(schedule: string, n: number, tz?: string, from = T0): (string | undefined)[] {
  const s = parseSchedule(schedule, tz);
  const out: (string | undefined)[] = [];
  let t: number | undefined = from;
  for (let i = 0; i < n && t !== undefined; i++) out.push(iso((t = s.next(t))));
  return out;
}

describe('parseSchedule (robfig ParseStandard semantics, next times from the given instant only)', () => {
  it('computes 5-field schedules and @-macros', () => {
    expect(runs('*/5 * * * *', 3)).toEqual(['2026-01-01T00:05:00.000Z', '2026-01-01T00:10:00.000Z', '2026-01-01T00:15:00.000Z']);
    expect(runs('@hourly', 2)).toEqual(['2026-01-01T01:00:00.000Z', '2026-01-01T02:00:00.000Z']);
    expect(runs('@daily', 1)).toEqual(runs('@midnight', 1));
    expect(runs('@weekly', 1)).toEqual(['2026-01-04T00:00:00.000Z']); // Sunday
    expect(runs('@monthly', 1)).toEqual(['2026-02-01T00:00:00.000Z']);
    expect(runs('@yearly', 1)).toEqual(runs('@annually', 1));
    expect(runs('0 9 * jan-mar mon', 1)).toEqual(['2026-01-05T09:00:00.000Z']);
    expect(runs('5/20 * * * *', 3)).toEqual(['2026-01-01T00:05:00.000Z', '2026-01-01T00:25:00.000Z', '2026-01-01T00:45:00.000Z']);
  });

  it('is strictly after the given time', () => {
    const s = parseSchedule('*/5 * * * *');
    expect(iso(s.next(Date.UTC(2026, 0, 1, 0, 5)))).toBe('2026-01-01T00:10:00.000Z');
    expect(iso(s.next(Date.UTC(2026, 0, 1, 0, 4, 59, 999)))).toBe('2026-01-01T00:05:00.000Z');
  });

  it('ORs day-of-month and day-of-week when both are restricted, ANDs when one is * or ?', () => {
    expect(runs('0 0 13 * 5', 3)).toEqual(['2026-01-02T00:00:00.000Z', '2026-01-09T00:00:00.000Z', '2026-01-13T00:00:00.000Z']);
    expect(runs('0 0 ? * 1', 1)).toEqual(['2026-01-05T00:00:00.000Z']);
    expect(runs('0 0 */1 * 1', 1)).toEqual(['2026-01-05T00:00:00.000Z']); // */1 is a star for robfig
  });

  it('takes a step longer than the field as just its start, as robfig does', () => {
    expect(runs('*/100 * * * *', 2)).toEqual(['2026-01-01T01:00:00.000Z', '2026-01-01T02:00:00.000Z']);
  });

  it('evaluates in the time zone, and a TZ= prefix wins', () => {
    expect(runs('0 9 * * *', 1, 'Asia/Tokyo')).toEqual(['2026-01-02T00:00:00.000Z']);
    expect(runs('TZ=America/New_York 0 9 * * *', 1, 'Asia/Tokyo')).toEqual(['2026-01-01T14:00:00.000Z']);
    expect(runs('0 9 * * *', 1)).toEqual(['2026-01-01T09:00:00.000Z']); // UTC by default, never the host's zone
  });

  it('skips a fixed time that a DST gap removes, as robfig does', () => {
    const from = Date.UTC(2026, 2, 7, 12); // the day before US clocks spring forward
    expect(runs('30 2 * * *', 2, 'America/New_York', from)).toEqual(['2026-03-09T06:30:00.000Z', '2026-03-10T06:30:00.000Z']);
  });

  it('supports @every as a constant delay in whole seconds', () => {
    expect(runs('@every 90s', 2)).toEqual(['2026-01-01T00:01:30.000Z', '2026-01-01T00:03:00.000Z']);
    expect(runs('@every 1h30m', 1)).toEqual(['2026-01-01T01:30:00.000Z']);
    expect(iso(parseSchedule('@every 500ms').next(T0 + 250))).toBe('2026-01-01T00:00:01.000Z');
  });

  it('returns undefined for a valid schedule that never fires', () => {
    expect(parseSchedule('0 0 31 2 *').next(T0)).toBeUndefined();
  });

  it('rejects bad schedules with robfig messages', () => {
    const err = (s: string, tz?: string) => {
      try {
        parseSchedule(s, tz);
      } catch (e) {
        expect(e).toBeInstanceOf(ScheduleError);
        return (e as Error).message;
      }
      return undefined;
    };
    expect(err('* * * *')).toBe('expected exactly 5 fields, found 4: [* * * *]');
    expect(err('61 * * * *')).toBe('end of range (61) above maximum (59): 61');
    expect(err('@fortnightly')).toBe('unrecognized descriptor: @fortnightly');
    expect(err('')).toBe('empty spec string');
    expect(err('0 0 * * *', 'Mars/Olympus')).toBe('provided bad location Mars/Olympus: unknown time zone Mars/Olympus');
  });
});

describe('rfc3339InZone (Go time.RFC3339 in a location)', () => {
  it('prints the zone offset, or Z at offset zero', () => {
    expect(rfc3339InZone(Date.UTC(2026, 0, 1, 2), 'Europe/Berlin')).toBe('2026-01-01T03:00:00+01:00');
    expect(rfc3339InZone(Date.UTC(2026, 0, 1, 14), 'America/New_York')).toBe('2026-01-01T09:00:00-05:00');
    expect(rfc3339InZone(Date.UTC(2026, 0, 1, 0), 'Asia/Kolkata')).toBe('2026-01-01T05:30:00+05:30');
    expect(rfc3339InZone(Date.UTC(2026, 0, 1, 0, 5), undefined)).toBe('2026-01-01T00:05:00Z');
    expect(rfc3339InZone(Date.UTC(2026, 0, 1, 0, 5), 'Europe/London')).toBe('2026-01-01T00:05:00Z');
  });
});

describe('mostRecentScheduleTime / nextScheduleDelay', () => {
  const cj = (status: CronJob['status'], spec: Partial<CronJob['spec']> = {}): CronJob => ({
    apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c', namespace: 'default', creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { spec: { containers: [] } } } }, ...spec }, status,
  });
  const sched = parseSchedule('*/5 * * * *');

  it('finds nothing due before the first run, and waits until it (+100 ms)', () => {
    const r = mostRecentScheduleTime(cj(undefined), T0 + 60_000, sched, true);
    expect(r).toEqual({ earliest: T0, missed: 'none' });
    expect(nextScheduleDelay(cj(undefined), T0 + 60_000, sched)).toBe(4 * 60_000 + 100);
  });

  it('finds the most recent due run and counts missed ones roughly', () => {
    const now = Date.UTC(2026, 0, 1, 0, 32);
    const r = mostRecentScheduleTime(cj(undefined), now, sched, true);
    expect(iso(r.mostRecent)).toBe('2026-01-01T00:30:00.000Z');
    expect(r.missed).toBe('few');
    expect(mostRecentScheduleTime(cj(undefined), T0 + 101 * 5 * 60_000 + 1, sched, true).missed).toBe('many');
  });

  it('raises the earliest time to now − startingDeadlineSeconds', () => {
    const now = Date.UTC(2026, 0, 1, 0, 7);
    expect(mostRecentScheduleTime(cj(undefined, { startingDeadlineSeconds: 60 }), now, sched, true).mostRecent).toBeUndefined();
    expect(iso(mostRecentScheduleTime(cj(undefined, { startingDeadlineSeconds: 180 }), now, sched, true).mostRecent)).toBe('2026-01-01T00:05:00.000Z');
  });

  it('reports a never-firing schedule as an error', () => {
    const never = parseSchedule('59 23 31 2 *');
    expect(mostRecentScheduleTime(cj(undefined), T0, never, true).error).toBe('time difference between two schedules is less than 1 second');
  });
});
