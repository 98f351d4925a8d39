/**
 * The traffic controller's bookkeeping for one Service that has (or had) a model: where the model comes from,
 * its ready endpoints (as slots of the PodSlots table), last tick's routing, and its SLI counters.
 */
import { formatModel, type TrafficModel } from './models.js';
import { DEFAULT_BASE_LATENCY_MS, SLI_WINDOW_MS, type ServiceSli, SliTracker } from './sli.js';

const NO_SLOTS = new Int32Array(0);

/** The Service annotation that declares its traffic model. */
export const TRAFFIC_ANNOTATION = 'sim.kubedrill.io/traffic';
/** The Service annotation that sets the base (idle) latency of its requests, e.g. `20ms`. */
export const LATENCY_ANNOTATION = 'sim.kubedrill.io/latency';

/** A live model and the instant its times count from. */
export interface LiveModel { model: TrafficModel; originMs: number }

/** The traffic state of one Service. */
export class ServiceTraffic {
  /** The annotation value last parsed, and what it gave. */
  annotationText?: string;
  annotationModel?: TrafficModel;
  latencyText?: string;
  live?: LiveModel;
  baseLatencyMs = DEFAULT_BASE_LATENCY_MS;
  endpointsDirty = true;
  /** Slots of the ready endpoints backed by pods. */
  targets: Int32Array = NO_SLOTS;
  /** Ready endpoints without a pod behind them (served as is). */
  external = 0;
  /** Requests per second per endpoint now; the share last given to the pods (it moves in RATE_EPSILON steps). */
  share = 0;
  appliedShare = 0;
  /** Last tick's share: what a pod killed since then had in flight. */
  prevShare = 0;
  /** Something about the endpoints changed (rates, node CPU shares, pods up or down): measure them again. */
  dirty = true;
  /** The last measurement, per unit of share: endpoints' served fractions summed, endpoints down, latency-weighted sum. */
  servedShares = 0;
  downShares = 0;
  latencyShares = 0;
  lastTickAt?: number;
  readonly sli: SliTracker;

  constructor(readonly key: string, readonly namespace: string, readonly name: string, readonly uid: string | undefined, readonly startMs: number, periodMs: number) {
    this.sli = new SliTracker(Math.round(SLI_WINDOW_MS / periodMs));
  }

  /** The model in effect: a live one wins over the annotation. */
  get model(): TrafficModel | undefined {
    return this.live?.model ?? this.annotationModel;
  }

  /** The instant the model's times count from. */
  get originMs(): number {
    return this.live?.originMs ?? this.startMs;
  }

  get source(): 'annotation' | 'live' {
    return this.live ? 'live' : 'annotation';
  }

  /** Endpoint count the rate is split over. */
  get endpointCount(): number {
    return this.targets.length + this.external;
  }

  snapshot(): ServiceSli {
    const model = this.model;
    return this.sli.snapshot(this.namespace, this.name, model ? formatModel(model) : undefined, this.source, SLI_WINDOW_MS);
  }
}
