/**
 * The traffic controller (`traffic`): each Service with a request-rate model (annotation `sim.kubedrill.io/traffic`
 * or set live) gets that many requests per second, split evenly over its ready endpoints as kube-proxy does; the
 * kubelet turns each pod's share into CPU and memory; what the pods cannot serve, and what has nowhere to go,
 * fails. SLIs per Service come out of it (sli.ts), and per-pod / per-Service request rates feed the HPA through
 * the custom metrics API.
 *
 * Cadence: every 5 s of virtual time. Endpoint changes propagate to kube-proxy within about a second and the
 * metrics pipeline samples every 15 s, so 5 s follows a spike's rise closely and gives each scrape three fresh
 * values, while keeping the work small: per tick it looks at Services with traffic and at pods only where
 * something changed (traffic-router.ts), finds endpoints through the EndpointSlice label index (re-read only when
 * a slice changes), and writes nothing to the store — pods change only when traffic kills one (OOM, eviction).
 * Requests are counted from the first tick.
 */
import type { Service } from '../api/core.js';
import { parseDuration } from '../api/duration.js';
import type { Component, Engine } from '../engine/engine.js';
import type { KubeletPool } from '../kubelet/kubelet-pool.js';
import type { CustomMetricsProvider } from '../metrics/types.js';
import type { WatchEvent } from '../store/watch.js';
import { SERVICE_NAME_LABEL } from './endpoints.js';
import { trafficMetricsProvider } from './metrics-provider.js';
import { parseTrafficModel, tryParseTrafficModel } from './model-parser.js';
import type { TrafficModel } from './models.js';
import { LATENCY_ANNOTATION, ServiceTraffic, TRAFFIC_ANNOTATION } from './service-traffic.js';
import { DEFAULT_BASE_LATENCY_MS, type ServiceSli } from './sli.js';
import { TrafficRouter } from './traffic-router.js';

/** How often rates are recomputed and SLIs measured. */
export const TRAFFIC_PERIOD_MS = 5_000;

/** Options: the tick period, and the instant model times count from (default: when the controller is built). */
export interface TrafficControllerOptions { periodMs?: number; startMs?: number }

/** What the UI and drills see of a Service's model. */
export interface ServiceModel { model: TrafficModel; source: 'annotation' | 'live'; originMs: number }

export class TrafficController implements Component {
  readonly name = 'traffic';
  readonly periodMs: number;
  /** The simulation start: annotation models (and live ones by default) count their times from here. */
  private origin: number;
  private readonly byService = new Map<string, ServiceTraffic>();
  private readonly changed = new Set<string>();
  private readonly router: TrafficRouter;

  constructor(private readonly engine: Engine, private readonly kubelets: KubeletPool, opts: TrafficControllerOptions = {}) {
    this.periodMs = opts.periodMs ?? TRAFFIC_PERIOD_MS;
    if (!(this.periodMs > 0)) throw new Error(`traffic: periodMs must be positive, got ${opts.periodMs}`);
    this.origin = opts.startMs ?? engine.now();
    engine.store.watch({ kind: 'Service' }, (e) => this.changed.add(`${e.object.metadata.namespace ?? 'default'}/${e.object.metadata.name}`));
    engine.store.watch({ kind: 'EndpointSlice' }, (e) => this.onSlice(e));
    this.router = new TrafficRouter(kubelets, engine.store);
    this.stopTicks = this.startTicks();
  }

  private stopTicks: () => void;

  private startTicks(): () => void {
    return this.engine.every(this.periodMs, () => this.router.step(this.byService, this.engine.now()), 'traffic');
  }

  // ---- public surface ----

  /** Where model times count from (the simulation start unless moved). */
  get startMs(): number {
    return this.origin;
  }

  /**
   * Move the origin of model times for Services seen from now on (a drill whose traffic counts from its own start,
   * a test that starts its models after the cluster settled). Services already tracked keep their origin. The
   * ticks restart from now, so the first comes one period later, as for a freshly started controller.
   */
  setOrigin(ms: number): void {
    this.origin = ms;
    this.stopTicks();
    this.stopTicks = this.startTicks();
  }

  /**
   * Set a Service's model live (UI, drills), or clear it with undefined (the annotation's model applies again).
   * A string is parsed (errors say what is wrong). Model times count from `startMs` (default: the simulation
   * start; pass the current time to start a spike now). Takes effect at the next tick.
   */
  setModel(namespace: string, service: string, model: TrafficModel | string | undefined, opts: { startMs?: number } = {}): void {
    const parsed = typeof model === 'string' ? parseTrafficModel(model) : model;
    const svc = this.engine.store.tryGet<Service>('Service', namespace, service);
    if (!svc) throw new Error(`traffic: services "${service}" not found in namespace "${namespace}"`);
    const st = this.syncService(`${namespace}/${service}`, svc, true)!;
    st.live = parsed ? { model: parsed, originMs: opts.startMs ?? this.startMs } : undefined;
  }

  /** The model in effect for a Service, if any. */
  model(namespace: string, service: string): ServiceModel | undefined {
    const st = this.byService.get(`${namespace}/${service}`);
    const model = st?.model;
    return st && model ? { model, source: st.source, originMs: st.originMs } : undefined;
  }

  /** A Service's SLIs; undefined when it never had a traffic model. */
  sli(namespace: string, name: string): ServiceSli | undefined {
    return this.byService.get(`${namespace}/${name}`)?.snapshot();
  }

  /** Every Service that has or had a traffic model (or an annotation that did not parse), in the order they appeared. */
  services(): ServiceSli[] {
    return [...this.byService.values()].map((st) => st.snapshot());
  }

  /** Requests per second reaching a pod; undefined for a pod no Service with traffic routes to. */
  podRequestRate(namespace: string, pod: string): number | undefined {
    return this.router.podRate(namespace, pod);
  }

  /** Requests per second offered to a Service now; undefined without a model. */
  serviceRequestRate(namespace: string, service: string): number | undefined {
    const st = this.byService.get(`${namespace}/${service}`);
    return st?.model ? st.sli.rate : undefined;
  }

  /** The custom metrics this controller serves (`requests_per_second` per pod and per Service), for the metrics server. */
  metricsProvider(): CustomMetricsProvider {
    return trafficMetricsProvider(this);
  }

  // ---- watches ----

  private onSlice(e: WatchEvent): void {
    const svc = e.object.metadata.labels?.[SERVICE_NAME_LABEL];
    if (svc === undefined) return;
    const st = this.byService.get(`${e.object.metadata.namespace ?? 'default'}/${svc}`);
    if (st) st.endpointsDirty = true;
    const old = e.oldObject?.metadata.labels?.[SERVICE_NAME_LABEL];
    if (old !== undefined && old !== svc) {
      const before = this.byService.get(`${e.object.metadata.namespace ?? 'default'}/${old}`);
      if (before) before.endpointsDirty = true;
    }
  }

  /** Services whose object changed: read the annotations (a bad one is a Warning event on the Service, not a crash). */
  runOnce(): boolean {
    if (!this.changed.size) return false;
    const keys = [...this.changed];
    this.changed.clear();
    for (const key of keys) {
      const slash = key.indexOf('/');
      const svc = this.engine.store.tryGet<Service>('Service', key.slice(0, slash), key.slice(slash + 1));
      this.syncService(key, svc);
    }
    return true;
  }

  /** Bring a Service's traffic state in line with the object (`create`: even without a traffic annotation). */
  private syncService(key: string, svc: Service | undefined, create = false): ServiceTraffic | undefined {
    let st = this.byService.get(key);
    if (st && (!svc || svc.metadata.uid !== st.uid)) {
      this.drop(st);
      st = undefined;
    }
    if (!svc) return undefined;
    const annotations = svc.metadata.annotations;
    const text = annotations?.[TRAFFIC_ANNOTATION];
    if (!st && text === undefined && !create) return undefined;
    if (!st) {
      st = new ServiceTraffic(key, svc.metadata.namespace ?? 'default', svc.metadata.name!, svc.metadata.uid, this.startMs, this.periodMs);
      this.byService.set(key, st);
    }
    if (text !== st.annotationText) {
      st.annotationText = text;
      st.annotationModel = undefined;
      if (text !== undefined) {
        const parsed = tryParseTrafficModel(text);
        if ('model' in parsed) st.annotationModel = parsed.model;
        else this.warn(svc, TRAFFIC_ANNOTATION, `${parsed.error}; the Service gets no traffic`);
      }
    }
    const latency = annotations?.[LATENCY_ANNOTATION];
    if (latency !== st.latencyText) {
      st.latencyText = latency;
      st.baseLatencyMs = DEFAULT_BASE_LATENCY_MS;
      if (latency !== undefined) {
        try {
          const ms = parseDuration(latency);
          if (!(ms > 0)) throw new Error('must be positive');
          st.baseLatencyMs = ms;
        } catch (err) {
          this.warn(svc, LATENCY_ANNOTATION, `invalid latency ${JSON.stringify(latency)}: ${(err as Error).message}; ${DEFAULT_BASE_LATENCY_MS}ms is used`);
        }
      }
    }
    return st;
  }

  private warn(svc: Service, annotation: string, message: string): void {
    this.engine.events.record(svc, 'Warning', 'InvalidSimAnnotation', `annotation ${annotation}: ${message}`, { component: 'traffic' });
  }

  private drop(st: ServiceTraffic): void {
    this.router.drop(st);
    this.byService.delete(st.key);
  }
}
