/** The virtual clock: the only notion of "now" inside the simulation. */

/** Default start of virtual time: a fixed instant, so runs are reproducible. */
export const DEFAULT_EPOCH_MS = Date.UTC(2026, 0, 1, 0, 0, 0);

export class VirtualClock {
  private nowMs: number;

  constructor(startMs: number = DEFAULT_EPOCH_MS) {
    this.nowMs = startMs;
  }

  /** Virtual now, in epoch milliseconds. */
  now(): number {
    return this.nowMs;
  }

  /** RFC 3339 timestamp with second precision, as metadata timestamps are written upstream. */
  timestamp(atMs: number = this.nowMs): string {
    return new Date(Math.floor(atMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  }

  /** RFC 3339 with microseconds (MicroTime: lease renewTime, event eventTime). */
  microTimestamp(atMs: number = this.nowMs): string {
    return new Date(atMs).toISOString().replace('Z', '000Z');
  }

  /** Move time forward; only the step loop calls this. */
  set(ms: number): void {
    if (ms < this.nowMs) throw new Error(`virtual time cannot go backwards (${ms} < ${this.nowMs})`);
    this.nowMs = ms;
  }
}

/** Parse an RFC 3339 timestamp to epoch ms (NaN for a missing/invalid one). */
export function parseTimestamp(ts: string | undefined | null): number {
  return ts ? Date.parse(ts) : NaN;
}
