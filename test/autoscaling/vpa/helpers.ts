/** Builders for the VPA tests: a fake metrics client with scripted usage, Deployments, VPAs and pod look-ups. */
import type { Event, Pod } from '../../../source/api/core.js';
import type { KubeObject, LabelSelector } from '../../../source/api/meta.js';
import type { VerticalPodAutoscaler, VerticalPodAutoscalerSpec } from '../../../source/api/vpa-kinds.js';
import type { Deployment } from '../../../source/api/workloads.js';
import type { Simulation } from '../../../source/cluster/simulation.js';
import type { MetricValue, MetricsClient, NodeMetricsSample, PodMetricsSample } from '../../../source/metrics/types.js';

/** Usage of one container at a virtual time. */
export type UsageFn = (pod: string, container: string, nowMs: number) => { cpuMilli: number; memoryBytes: number } | undefined;

/** A MetricsClient whose pod samples come from `usage`, stamped with the current virtual time. */
export class FakeMetrics implements MetricsClient {
  calls = 0;
  constructor(private readonly now: () => number, public usage: UsageFn, private readonly containers: (pod: string) => string[] = () => ['app']) {}

  podMetrics(namespace: string, name: string): PodMetricsSample | undefined {
    this.calls++;
    const timestamp = this.now();
    const containers = [];
    for (const c of this.containers(name)) {
      const u = this.usage(name, c, timestamp);
      if (u) containers.push({ name: c, ...u });
    }
    return containers.length ? { namespace, name, timestamp, windowMs: 15_000, containers } : undefined;
  }
  nodeMetrics(): NodeMetricsSample | undefined { return undefined; }
  podCustomMetric(): MetricValue | undefined { return undefined; }
  objectMetric(): MetricValue | undefined { return undefined; }
  externalMetric(_ns: string, _m: string, _s?: LabelSelector): MetricValue[] | undefined { return undefined; }
}

export const MIB = 1024 * 1024;

/** A Deployment `web` (label app=web) whose container `app` has the given requests and limits. */
export function webDeployment(replicas: number, requests: Record<string, string>, limits?: Record<string, string>, name = 'web'): Deployment {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default' },
    spec: {
      replicas, selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests, ...(limits ? { limits } : {}) } }] },
      },
    },
  };
}

/** A VPA `web-vpa` targeting Deployment `web`. */
export function vpa(spec: Partial<VerticalPodAutoscalerSpec> = {}, name = 'web-vpa', target = 'web'): VerticalPodAutoscaler {
  return {
    apiVersion: 'autoscaling.k8s.io/v1', kind: 'VerticalPodAutoscaler', metadata: { name, namespace: 'default' },
    spec: { targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target }, ...spec },
  };
}

/** Live pods of a Deployment (by label), sorted by name. */
export function podsOf(sim: Simulation, app = 'web'): Pod[] {
  return sim.store.select<Pod>('Pod', { namespace: 'default' })
    .filter((p) => p.metadata.labels?.app === app && !p.metadata.deletionTimestamp)
    .sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
}

/** Events with a reason, as `<kind>/<name> <reason>: <message>` lines. */
export function events(sim: Simulation, reason: string): string[] {
  return sim.store.select<Event>('Event', { namespace: 'default' }).filter((e) => e.reason === reason)
    .map((e) => `${e.involvedObject.kind}/${e.involvedObject.name} ${e.reason}: ${e.message}`);
}

/** Write a VPA's status (as the recommender would), returning the stored object. */
export function setRecommendation(sim: Simulation, name: string, target: Record<string, string>, lowerBound: Record<string, string>,
  upperBound: Record<string, string>): VerticalPodAutoscaler {
  const current = sim.store.get<VerticalPodAutoscaler>('VerticalPodAutoscaler', 'default', name);
  return sim.store.updateStatus<VerticalPodAutoscaler>({
    ...current,
    status: { recommendation: { containerRecommendations: [{ containerName: 'app', target, lowerBound, upperBound, uncappedTarget: target }] } },
  });
}

/** The stored object again (tests hold frozen snapshots). */
export function fresh<T extends KubeObject>(sim: Simulation, obj: T): T {
  return sim.store.get<T>(obj.kind, obj.metadata.namespace, obj.metadata.name!);
}
