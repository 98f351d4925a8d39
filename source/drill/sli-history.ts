/**
 * Availability over a window, for probes: the runner samples each Service's request counters (served, failed —
 * running totals from the traffic controller) at every evaluation, and a window's availability is the difference
 * between now and the last sample at or before the window's start. The traffic controller's own window is a fixed
 * 5 minutes; drills ask for any window (`1m`, `10m`, the whole drill).
 */
import type { ServiceSli } from '../traffic/sli.js';

/** Requests served and failed over a stretch of time. */
export interface RequestCounts { served: number; failed: number }

interface Sample { at: number; served: number; failed: number }

/** Per-Service samples of the request counters. */
export class SliHistory {
  private readonly series = new Map<string, Sample[]>();

  /** Record the counters of every Service with traffic at `at` (engine ms). */
  sample(at: number, slis: readonly ServiceSli[]): void {
    for (const s of slis) {
      const key = `${s.namespace}/${s.name}`;
      let list = this.series.get(key);
      if (!list) this.series.set(key, (list = []));
      const last = list[list.length - 1];
      if (last && last.at === at) {
        last.served = s.served;
        last.failed = s.failed;
      } else list.push({ at, served: s.served, failed: s.failed });
    }
  }

  /**
   * Requests between `from` and the latest sample, taking the last sample at or before `from` as the baseline (the
   * first sample when the Service's traffic began later). Undefined: the Service was never sampled.
   */
  since(namespace: string, service: string, from: number): RequestCounts | undefined {
    const list = this.series.get(`${namespace}/${service}`);
    if (!list?.length) return undefined;
    const last = list[list.length - 1]!;
    let lo = 0, hi = list.length - 1;
    // Traffic began after `from`: the counters started at zero then.
    if (list[0]!.at > from) return { served: last.served, failed: last.failed };
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (list[mid]!.at <= from) lo = mid;
      else hi = mid - 1;
    }
    const base = list[lo]!;
    return { served: last.served - base.served, failed: last.failed - base.failed };
  }

  /** Services sampled so far, as `namespace/name`. */
  services(): string[] {
    return [...this.series.keys()];
  }
}

/** Availability in percent; 100 when there were no requests. */
export function availabilityOf(c: RequestCounts): number {
  const total = c.served + c.failed;
  return total > 0 ? (100 * c.served) / total : 100;
}
