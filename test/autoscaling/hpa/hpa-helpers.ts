/** A fake metrics client, manifests and a running simulation with the HPA controller for the HPA tests. */
import type { Event, Pod } from '../../../source/api/core.js';
import type { HorizontalPodAutoscaler, MetricSpec } from '../../../source/api/cluster-kinds.js';
import type { KubeObject, LabelSelector } from '../../../source/api/meta.js';
import { HorizontalPodAutoscalerController } from '../../../source/autoscaling/hpa/hpa-controller.js';
import type { HpaControllerOptions } from '../../../source/autoscaling/hpa/hpa-config.js';
import type { Simulation } from '../../../source/cluster/simulation.js';
import type { MetricValue, MetricsClient, NodeMetricsSample, PodMetricsSample } from '../../../source/metrics/types.js';
import { settleAddons, testSimulation } from '../../sim-helpers.js';

/** A MetricsClient whose answers the test sets: per-pod CPU/memory and custom, object and external metrics. */
export class FakeMetrics implements MetricsClient {
  /** CPU millicores per pod name; undefined: the pod has no sample (missing). */
  cpu: (pod: string) => number | undefined = () => undefined;
  memory: (pod: string) => number = () => 0;
  /** Per-pod custom metrics: `metric` → value per pod name. */
  podCustom: (pod: string, metric: string) => number | undefined = () => undefined;
  objects = new Map<string, number>();
  external = new Map<string, number[]>();
  /** The scrape window and, when set, a fixed sample time (else the current virtual time). */
  windowMs = 15_000;
  sampleAt: number | undefined;
  /** Containers each sample reports (names). */
  containers = ['app'];
  constructor(private readonly now: () => number) {}

  podMetrics(namespace: string, name: string): PodMetricsSample | undefined {
    const cpu = this.cpu(name);
    if (cpu === undefined) return undefined;
    const share = this.containers.length;
    return {
      namespace, name, timestamp: this.sampleAt ?? this.now(), windowMs: this.windowMs,
      containers: this.containers.map((c) => ({ name: c, cpuMilli: cpu / share, memoryBytes: this.memory(name) / share })),
    };
  }

  nodeMetrics(): NodeMetricsSample | undefined {
    return undefined;
  }

  podCustomMetric(_namespace: string, pod: string, metric: string): MetricValue | undefined {
    const v = this.podCustom(pod, metric);
    return v === undefined ? undefined : { timestamp: this.now(), value: v };
  }

  objectMetric(kind: string, _namespace: string, name: string, metric: string): MetricValue | undefined {
    const v = this.objects.get(`${kind}/${name}/${metric}`);
    return v === undefined ? undefined : { timestamp: this.now(), value: v };
  }

  externalMetric(_namespace: string, metric: string, _selector?: LabelSelector): MetricValue[] | undefined {
    return this.external.get(metric)?.map((value) => ({ timestamp: this.now(), value }));
  }
}

export interface HpaSim { sim: Simulation; metrics: FakeMetrics; hpa: HorizontalPodAutoscalerController }

/** A test cluster with settled addons and the HPA controller on a fake metrics client. */
export function hpaSim(options: Partial<HpaControllerOptions> = {}): HpaSim {
  let metrics!: FakeMetrics;
  let hpa!: HorizontalPodAutoscalerController;
  // The test's controller, on fake metrics, takes the built-in one's place.
  const sim = testSimulation({ workers: 3, cpu: '8', memory: '32Gi', components: (engine) => {
    metrics = new FakeMetrics(() => engine.now());
    hpa = new HorizontalPodAutoscalerController(engine, metrics, options);
    return [hpa];
  } });
  settleAddons(sim);
  return { sim, metrics, hpa };
}

/** A Deployment whose pods request `cpu` (and `memory`) in one container named `app`. */
export function deployment(name: string, replicas: number, requests: Record<string, string> = { cpu: '200m' }): KubeObject {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default' },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests } }] } } },
  };
}

/** A CPU Utilization metric. */
export const cpuUtilization = (percent: number): MetricSpec => ({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: percent } } });

/** An autoscaling/v2 HPA on Deployment `target`. */
export function hpaObject(name: string, target: string, spec: Partial<HorizontalPodAutoscaler['spec']> = {}): HorizontalPodAutoscaler {
  return {
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name, namespace: 'default' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target }, minReplicas: 1, maxReplicas: 10, metrics: [cpuUtilization(60)], ...spec },
  };
}

export const hpaOf = (sim: Simulation, name: string) => sim.store.get<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', 'default', name);
/** spec.replicas of a scalable object (a Deployment unless `kind` says otherwise). */
export const replicasOf = (sim: Simulation, name: string, kind = 'Deployment') => sim.store.get<KubeObject & { spec: { replicas: number } }>(kind, 'default', name).spec.replicas;
export const podsOf = (sim: Simulation, app: string) => sim.store.select<Pod>('Pod', { namespace: 'default' }).filter((p) => p.metadata.labels?.app === app);

/** [type, reason, message, count] of the events about an object. */
export function eventsOf(sim: Simulation, name: string): [string, string, string, number][] {
  return sim.store.select<Event>('Event', { namespace: 'default' })
    .filter((e) => e.involvedObject.name === name)
    .map((e) => [e.type ?? '', e.reason ?? '', e.message ?? '', e.count ?? 1]);
}

/** The conditions as [type, status, reason, message]. */
export function conditionsOf(sim: Simulation, name: string): [string, string, string, string][] {
  return (hpaOf(sim, name).status?.conditions ?? []).map((c) => [c.type, c.status, c.reason ?? '', c.message ?? '']);
}

/** Create a Deployment, let its pods run and become ready, then advance `settleMs` more. */
export function runDeployment(sim: Simulation, name: string, replicas: number, requests?: Record<string, string>, settleMs = 60_000): void {
  sim.store.create(deployment(name, replicas, requests));
  sim.advance(settleMs);
}
