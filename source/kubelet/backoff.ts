/**
 * The kubelet's per-item back-off (client-go flowcontrol.Backoff without jitter, as the kubelet builds it):
 * 10 s doubling to a 300 s cap for both crashed containers and failed image pulls. An entry is forgotten when the
 * event being judged comes more than 2 × cap (10 minutes) after the entry's last update.
 */

/** First back-off after a crash or failed pull. */
export const BACKOFF_INITIAL_MS = 10_000;
/** Back-off cap (MaxContainerBackOff). */
export const BACKOFF_MAX_MS = 300_000;

/** One item's back-off: its current duration and when it was last stepped. */
export interface BackoffEntry {
  backoffMs: number;
  lastUpdate: number;
}

const expired = (eventTime: number, e: BackoffEntry): boolean => eventTime - e.lastUpdate > 2 * BACKOFF_MAX_MS;

/** IsInBackOffSince: whether `now` is still within the back-off counted from `eventTime` (a container's finishedAt). */
export function inBackOffSince(e: BackoffEntry | undefined, eventTime: number, now: number): boolean {
  if (!e || expired(eventTime, e)) return false;
  return now - eventTime < e.backoffMs;
}

/** IsInBackOffSinceUpdate: whether `now` is within the back-off counted from the last update (image pulls). */
export function inBackOffSinceUpdate(e: BackoffEntry | undefined, now: number): boolean {
  if (!e || expired(now, e)) return false;
  return now - e.lastUpdate < e.backoffMs;
}

/** Next: start at the initial duration (or after expiry), otherwise double up to the cap; stamp `now`. */
export function nextBackoff(e: BackoffEntry | undefined, eventTime: number, now: number): BackoffEntry {
  if (!e || expired(eventTime, e)) return { backoffMs: BACKOFF_INITIAL_MS, lastUpdate: now };
  return { backoffMs: Math.min(e.backoffMs * 2, BACKOFF_MAX_MS), lastUpdate: now };
}
