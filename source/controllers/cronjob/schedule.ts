/**
 * CronJob schedules as the controller evaluates them (robfig/cron/v3 ParseStandard, `TZ=<zone>` prefix for
 * spec.timeZone). Next-time computation is croner's; every time handed in and out is virtual epoch ms, so
 * nothing here depends on the wall clock.
 */
import { Cron } from 'croner';
import { cronScheduleError, isKnownTimeZone } from '../../api/validation/cron.js';

/** A parsed schedule: the first activation strictly after a time, or undefined when there is none (Go's zero time). */
export interface CronSchedule {
  next(afterMs: number): number | undefined;
}

/** A schedule the cron grammar rejects; the message is robfig's (or croner's for the few it cannot represent). */
export class ScheduleError extends Error {}

/** Options matching robfig's standard parser: 5 fields, `N/step` ranges, day-of-month OR day-of-week unless one is `*`. */
const CRONER_OPTIONS = { mode: '5-part', sloppyRanges: true, domAndDow: false, paused: true } as const;
const cache = new Map<string, CronSchedule>();
const CACHE_LIMIT = 1024;

const GO_UNITS_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** time.ParseDuration (validation already checked the syntax): `1h30m`, `90s`, `1.5h`, `500ms`. */
function goDurationMs(text: string): number {
  let total = 0;
  for (const m of text.matchAll(/([0-9]*(?:\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)/g)) total += Number(m[1] || 0) * GO_UNITS_MS[m[2]!]!;
  return total;
}

/** robfig's ConstantDelaySchedule (`@every 90s`): the delay in whole seconds, at least one. */
function everySchedule(text: string): CronSchedule {
  const ms = goDurationMs(text);
  const delay = Math.max(1000, ms - (ms % 1000));
  // Next(t) = t + delay − t's sub-second part.
  return { next: (after) => after + delay - (((after % 1000) + 1000) % 1000) };
}

/** Field sizes and minimums (minute, hour, day of month, month, day of week). */
const FIELD_SIZE = [60, 24, 31, 12, 7];
const FIELD_MIN = [0, 0, 1, 1, 0];

/**
 * Bring robfig-only step forms to ones croner reads the same way: a step longer than the field (`*\/100`) selects
 * just its start, and `*\/1` is a plain `*` (which matters for the day-of-month/day-of-week star rule).
 */
function normalizeSteps(spec: string): string {
  const fields = spec.split(/\s+/);
  if (fields.length !== 5) return spec;
  return fields.map((field, i) => field.split(',').map((part) => {
    const m = /^(\*|\?|\d+)(?:-(\d+))?\/(\d+)$/.exec(part);
    if (!m) return part;
    const star = m[1] === '*' || m[1] === '?';
    const step = Number(m[3]);
    if (star && step === 1 && m[2] === undefined) return '*';
    if (step <= FIELD_SIZE[i]!) return part;
    return star ? String(FIELD_MIN[i]) : m[1]!;
  }).join(',')).join(' ');
}

function cronerSchedule(spec: string, zone: string): CronSchedule {
  let cron: Cron;
  try {
    cron = new Cron(normalizeSteps(spec), { ...CRONER_OPTIONS, timezone: zone });
  } catch (err) {
    throw new ScheduleError((err as Error).message);
  }
  return {
    next(after: number): number | undefined {
      // croner builds (and ignores) a wall-clock Date when given a start; the result depends only on `after`.
      let from = new Date(after);
      for (let guard = 0; guard < 8; guard++) {
        const at = cron.nextRun(from);
        if (!at) return undefined;
        // A fixed time inside a DST gap is moved past the gap by croner; robfig skips that day instead.
        if (zone !== 'UTC' && !cron.match(at)) {
          from = at;
          continue;
        }
        return at.getTime();
      }
      return undefined;
    },
  };
}

/**
 * Parse a schedule in a time zone (UTC when unset, the controller manager's usual zone). A `TZ=`/`CRON_TZ=`
 * prefix inside the schedule wins, as it does for robfig. Throws ScheduleError with the parser's message.
 */
export function parseSchedule(schedule: string, timeZone?: string): CronSchedule {
  const cacheKey = `${timeZone ?? ''}\u0000${schedule}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const problem = cronScheduleError(schedule);
  if (problem) throw new ScheduleError(problem);
  let spec = schedule.trim();
  let zone = timeZone ?? 'UTC';
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const space = spec.indexOf(' ');
    zone = spec.slice(spec.indexOf('=') + 1, space < 0 ? undefined : space);
    spec = space < 0 ? '' : spec.slice(space).trim();
  }
  if (!isKnownTimeZone(zone)) throw new ScheduleError(`provided bad location ${zone}: unknown time zone ${zone}`);
  const parsed = spec.startsWith('@every ') ? everySchedule(spec.slice('@every '.length)) : cronerSchedule(spec, zone);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(cacheKey, parsed);
  return parsed;
}

/** RFC 3339 in a time zone, as Go's `t.In(loc).Format(time.RFC3339)`: `2026-01-01T09:00:00+09:00`, or `…Z` at offset 0. */
export function rfc3339InZone(ms: number, timeZone: string | undefined): string {
  const zone = timeZone ?? 'UTC';
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  const offsetMin = Math.round((wall - Math.floor(ms / 1000) * 1000) / 60_000);
  const local = new Date(wall).toISOString().slice(0, 19);
  if (offsetMin === 0) return `${local}Z`;
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
