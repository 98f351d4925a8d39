/**
 * The in-process client's metrics, autoscaling and traffic surfaces (SimulationControls.metrics / autoscaling /
 * traffic): thin adapters over the Simulation's metrics-server, Cluster Autoscaler, cost meter and traffic
 * controller, one of each per Simulation (cached), so the UI never holds a component itself.
 */
import type { Pod } from '../api/core.js';
import type { Simulation } from '../cluster/simulation.js';
import { workloadKey } from '../metrics/workload.js';
import { formatModel, type TrafficModel } from '../traffic/models.js';
import type { ServiceSli } from '../traffic/sli.js';
import type {
  ActionResult, AutoscalingReader, MetricsReader, TrafficControls, TrafficModelInfo,
} from './cluster-client.js';

/** What the UI needs of the traffic controller (TrafficController has it; a test may substitute a fake). */
export interface TrafficSource {
  /** The simulation start: annotation models count their times from here. */
  readonly startMs: number;
  setModel(namespace: string, service: string, model: TrafficModel | string | undefined, opts?: { startMs?: number }): void;
  model(namespace: string, service: string): { model: TrafficModel; source: 'annotation' | 'live'; originMs: number } | undefined;
  sli(namespace: string, name: string): ServiceSli | undefined;
  services(): ServiceSli[];
}

const metricsCache = new WeakMap<Simulation, MetricsReader>();
const autoscalingCache = new WeakMap<Simulation, AutoscalingReader>();
const trafficCache = new WeakMap<Simulation, TrafficControls>();

/** The metrics server as the UI reads it. */
export function metricsOf(sim: Simulation): MetricsReader {
  let m = metricsCache.get(sim);
  if (!m) {
    const server = sim.metrics;
    m = {
      resolutionMs: server.resolutionMs,
      podMetrics: (namespace, name) => server.podMetrics(namespace, name),
      nodeMetrics: (name) => server.nodeMetrics(name),
      series: (scope, key, metric) => server.series(scope, key, metric),
      workloadKey: (pod: Pod) => {
        const ref = server.workloadOf(pod);
        return ref ? workloadKey(ref) : undefined;
      },
    };
    metricsCache.set(sim, m);
  }
  return m;
}

/** The Cluster Autoscaler and the cost meter as the UI reads them. */
export function autoscalingOf(sim: Simulation): AutoscalingReader {
  let a = autoscalingCache.get(sim);
  if (!a) {
    const ca = sim.autoscaler;
    const cost = sim.cost;
    a = {
      nodeGroups: () => ca.nodeGroups(),
      activity: () => ca.activity(),
      unremovableNodes: () => ca.unremovableNodes(),
      cost: () => ({ total: cost.total(), ratePerHour: cost.ratePerHour() }),
      costByGroup: () => cost.byGroup(),
    };
    autoscalingCache.set(sim, a);
  }
  return a;
}

/** Per-Service traffic for the UI (the Simulation's traffic controller). */
export function trafficOf(sim: Simulation): TrafficControls {
  const source: TrafficSource = sim.traffic;
  let t = trafficCache.get(sim);
  if (!t) {
    t = trafficControls(source, () => sim.now(), () => sim.engine.settle());
    trafficCache.set(sim, t);
  }
  return t;
}

/** TrafficControls over a traffic source; `now` is the cluster clock, `settle` runs the queued work after a change. */
export function trafficControls(source: TrafficSource, now: () => number, settle: () => void = () => {}): TrafficControls {
  return {
    services: () => source.services(),
    sli: (namespace, name) => source.sli(namespace, name),
    model: (namespace, name): TrafficModelInfo | undefined => {
      const m = source.model(namespace, name);
      return m ? { text: formatModel(m.model), source: m.source, originMs: m.originMs } : undefined;
    },
    setTraffic: (namespace, service, text): ActionResult => {
      const trimmed = text.trim();
      try {
        if (!trimmed) {
          if (source.model(namespace, service)?.source !== 'live') return { ok: true, message: `service/${service} has no live traffic model to clear` };
          source.setModel(namespace, service, undefined);
          settle();
          const after = source.model(namespace, service);
          return { ok: true, message: `service/${service} live traffic cleared${after ? `; the annotation's ${formatModel(after.model)} applies` : ''}` };
        }
        // A live change counts from now (a spike `at=1m` starts in a minute); a diurnal curve keeps the day of the
        // simulation's clock (its `peak` is a time of day), as an annotation's does.
        source.setModel(namespace, service, trimmed, { startMs: /^\s*diurnal\s*\(/i.test(trimmed) ? source.startMs : now() });
        settle();
        const m = source.model(namespace, service);
        return { ok: true, message: `service/${service} traffic set to ${m ? formatModel(m.model) : trimmed}` };
      } catch (err) {
        return { ok: false, message: err instanceof Error ? err.message : String(err) };
      }
    },
  };
}
