/** The timestamp formats simulated logs use (each program's own), from virtual epoch milliseconds. UTC throughout. */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

interface Parts { y: number; mo: number; d: number; h: number; mi: number; s: number; ms: number }

function parts(ms: number): Parts {
  const t = new Date(ms);
  return {
    y: t.getUTCFullYear(), mo: t.getUTCMonth(), d: t.getUTCDate(),
    h: t.getUTCHours(), mi: t.getUTCMinutes(), s: t.getUTCSeconds(), ms: t.getUTCMilliseconds(),
  };
}

const hms = (p: Parts) => `${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}`;

/**
 * Go's time.RFC3339Nano (trailing zeros of the fraction dropped), as `kubectl logs --timestamps` prefixes lines.
 * `subMs` (0–999999 ns) gives the sub-millisecond digits a container runtime would record.
 */
export function rfc3339Nano(ms: number, subMs = 0): string {
  const p = parts(ms);
  const nanos = p.ms * 1_000_000 + (Math.trunc(subMs) % 1_000_000);
  const frac = nanos === 0 ? '' : `.${pad(nanos, 9).replace(/0+$/, '')}`;
  return `${p.y}-${pad(p.mo + 1)}-${pad(p.d)}T${hms(p)}${frac}Z`;
}

/** ISO 8601 with milliseconds (`2026-01-01T00:00:05.123Z`), for structured logs. */
export function isoMillis(ms: number): string {
  const p = parts(ms);
  return `${p.y}-${pad(p.mo + 1)}-${pad(p.d)}T${hms(p)}.${pad(p.ms, 3)}Z`;
}

/** nginx error log: `2026/01/01 00:00:05`. */
export function nginxTime(ms: number): string {
  const p = parts(ms);
  return `${p.y}/${pad(p.mo + 1)}/${pad(p.d)} ${hms(p)}`;
}

/** Common Log Format `$time_local`: `01/Jan/2026:00:00:05 +0000`. */
export function clfTime(ms: number): string {
  const p = parts(ms);
  return `${pad(p.d)}/${MONTHS[p.mo]}/${p.y}:${hms(p)} +0000`;
}

/** gunicorn: `2026-01-01 00:00:05 +0000`. */
export function gunicornTime(ms: number): string {
  const p = parts(ms);
  return `${p.y}-${pad(p.mo + 1)}-${pad(p.d)} ${hms(p)} +0000`;
}

/** redis: `01 Jan 2026 00:00:05.123`. */
export function redisTime(ms: number): string {
  const p = parts(ms);
  return `${pad(p.d)} ${MONTHS[p.mo]} ${p.y} ${hms(p)}.${pad(p.ms, 3)}`;
}

/** CockroachDB (glog-style) header time: `260101 00:00:05.123456` (yyMMdd, microseconds). */
export function cockroachTime(ms: number, subMs = 0): string {
  const p = parts(ms);
  return `${pad(p.y % 100)}${pad(p.mo + 1)}${pad(p.d)} ${hms(p)}.${pad(p.ms, 3)}${pad(Math.trunc(subMs / 1000) % 1000, 3)}`;
}
