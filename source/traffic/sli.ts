/**
 * Service-level indicators of one Service: requests offered, served and failed (by cause), availability over the
 * whole run and over a sliding window, and a latency estimate. Totals accrue in virtual time from the rates the
 * traffic controller measured at its last tick; the window is a fixed ring of per-tick counts (memory stays flat
 * however long the run).
 *
 * Latency model (an M/M/1-style estimate, enough to show saturation): a pod at utilisation u of the CPU its limit
 * leaves for requests answers in base / (1 − u); u is capped at 1 − 1/LATENCY_CAP, so latency is at most
 * LATENCY_CAP × base, which is also what a saturated pod (one failing requests) shows. A Service's latency is the
 * mean over its served requests.
 */

/** Latency of a saturated pod, as a multiple of the base latency. */
export const LATENCY_CAP = 20;
/** Base latency of a Service whose pods are idle (override with the sim.kubedrill.io/latency annotation). */
export const DEFAULT_BASE_LATENCY_MS = 50;
/** The availability window: the last 5 minutes. */
export const SLI_WINDOW_MS = 5 * 60_000;

/** How much slower than idle a pod answers at utilisation `u` (1 … LATENCY_CAP); `saturated`: it fails requests. */
export function latencyFactor(u: number, saturated: boolean): number {
  if (saturated || !(u < 1 - 1 / LATENCY_CAP)) return LATENCY_CAP;
  return 1 / (1 - Math.max(0, u));
}

/** What a UI or a drill objective reads about one Service's traffic. */
export interface ServiceSli {
  namespace: string;
  name: string;
  /** The model in effect, as text; undefined when the annotation did not parse. */
  model?: string;
  /** Where the model came from: the Service's annotation, or set live (UI, drill). */
  source: 'annotation' | 'live';
  /** Requests per second offered now, and how many of them are served and failed. */
  rate: number;
  servedRate: number;
  failedRate: number;
  /** Requests served and failed since traffic began. */
  served: number;
  failed: number;
  /** Failed requests by cause: no ready endpoint (or its pod not running), saturated pods, pods killed mid-request. */
  failedNoEndpoint: number;
  failedSaturated: number;
  failedInterrupted: number;
  /** Percentage of requests served since traffic began (100 before any request). */
  availability: number;
  /** Percentage of requests served over the last `windowMs`. */
  windowAvailability: number;
  windowMs: number;
  /** Estimated mean latency of served requests now (ms); undefined while nothing is served. */
  latencyMs?: number;
  /** Ready endpoints the traffic is split over. */
  endpoints: number;
}

/** The running SLI counters of one Service. */
export class SliTracker {
  rate = 0;
  servedRate = 0;
  noEndpointRate = 0;
  saturatedRate = 0;
  latencyMs: number | undefined = undefined;
  endpoints = 0;
  served = 0;
  failedNoEndpoint = 0;
  failedSaturated = 0;
  failedInterrupted = 0;
  private readonly ringServed: Float64Array;
  private readonly ringFailed: Float64Array;
  private head = 0;
  private windowServed = 0;
  private windowFailed = 0;

  /** `slots`: ticks in the window (window ÷ tick period). */
  constructor(slots: number) {
    this.ringServed = new Float64Array(Math.max(1, slots));
    this.ringFailed = new Float64Array(Math.max(1, slots));
  }

  /** Count the requests of the `ms` that passed at the rates of the last measurement; opens a new window slot. */
  accrue(ms: number): void {
    const s = ms / 1000;
    const served = this.servedRate * s;
    const noEndpoint = this.noEndpointRate * s;
    const saturated = this.saturatedRate * s;
    this.served += served;
    this.failedNoEndpoint += noEndpoint;
    this.failedSaturated += saturated;
    this.head = (this.head + 1) % this.ringServed.length;
    this.windowServed += served - this.ringServed[this.head]!;
    this.windowFailed += noEndpoint + saturated - this.ringFailed[this.head]!;
    this.ringServed[this.head] = served;
    this.ringFailed[this.head] = noEndpoint + saturated;
  }

  /** Requests in flight on a pod that was killed: they fail (moved from served, where they were counted). */
  interrupt(requests: number): void {
    if (!(requests > 0)) return;
    const moved = Math.min(requests, this.served);
    this.served -= moved;
    this.failedInterrupted += requests;
    this.ringServed[this.head] = this.ringServed[this.head]! - moved;
    this.ringFailed[this.head] = this.ringFailed[this.head]! + requests;
    this.windowServed -= moved;
    this.windowFailed += requests;
  }

  /** Set the rates measured now (they hold until the next measurement). */
  measure(rate: number, servedRate: number, noEndpointRate: number, latencyMs: number | undefined, endpoints: number): void {
    this.rate = rate;
    const noEndpoint = Math.min(Math.max(0, noEndpointRate), rate);
    let served = Math.min(Math.max(0, servedRate), rate - noEndpoint);
    // Shares summed over many endpoints miss the rate by rounding: that is not a failed request.
    if (rate - noEndpoint - served <= 1e-9 * rate) served = rate - noEndpoint;
    this.servedRate = served;
    this.noEndpointRate = noEndpoint;
    this.saturatedRate = rate - noEndpoint - served;
    this.latencyMs = latencyMs;
    this.endpoints = endpoints;
  }

  get failed(): number {
    return this.failedNoEndpoint + this.failedSaturated + this.failedInterrupted;
  }

  /** A snapshot for readers. */
  snapshot(namespace: string, name: string, model: string | undefined, source: 'annotation' | 'live', windowMs: number): ServiceSli {
    const failed = this.failed;
    const wServed = Math.max(0, this.windowServed), wFailed = Math.max(0, this.windowFailed);
    return {
      namespace, name, model, source,
      rate: this.rate, servedRate: this.servedRate, failedRate: this.rate - this.servedRate,
      served: this.served, failed,
      failedNoEndpoint: this.failedNoEndpoint, failedSaturated: this.failedSaturated, failedInterrupted: this.failedInterrupted,
      availability: percent(this.served, failed),
      windowAvailability: percent(wServed, wFailed),
      windowMs,
      latencyMs: this.latencyMs,
      endpoints: this.endpoints,
    };
  }
}

function percent(served: number, failed: number): number {
  const total = served + failed;
  return total > 0 ? (100 * served) / total : 100;
}
