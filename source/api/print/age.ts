/** Human-readable durations and ages exactly as kubectl prints them (apimachinery `duration.HumanDuration`). */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Go's time.Time zero value as RFC3339; the API serialises an unset metav1.Time this way, and kubectl treats it as unset. */
const GO_ZERO_TIME_MS = -62135596800000; // Date.parse('0001-01-01T00:00:00Z')

/**
 * HumanDuration: ~2–3 significant figures of a duration in milliseconds
 * (`5s`, `119s`, `3m20s`, `179m`, `3h5m`, `47h`, `2d3h`, `30d`, `2y10d`).
 */
export function humanDuration(ms: number): string {
  if (Number.isNaN(ms)) return '<invalid>';
  // Go truncates toward zero (int(d.Seconds())); up to one second in the future still reads as now (clock skew).
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(ms / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) {
    const dy = days % 365;
    return dy === 0 ? `${years}y` : `${years}y${dy}d`;
  }
  return `${years}y`;
}

/** Epoch milliseconds of an RFC3339 timestamp, or NaN when it is missing, unparseable or Go's zero time. */
export function timestampMs(timestamp: unknown): number {
  if (typeof timestamp !== 'string' || timestamp === '') return NaN;
  const ms = Date.parse(timestamp);
  return ms === GO_ZERO_TIME_MS ? NaN : ms;
}

/** Age of a timestamp at virtual time `nowMs` (translateTimestampSince): `<unknown>` when missing or zero. */
export function age(timestamp: string | undefined, nowMs: number): string {
  return sinceMs(timestampMs(timestamp), nowMs);
}

/** Age of an epoch-ms instant at `nowMs`; NaN (no instant) prints `<unknown>`. */
export function sinceMs(ms: number, nowMs: number): string {
  return Number.isNaN(ms) ? '<unknown>' : humanDuration(nowMs - ms);
}
