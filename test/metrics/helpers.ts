/** Metrics-server fixtures: real kubelets on two nodes, with CPU readings a test can pin per pod. */
import type { Pod } from '../../source/api/core.js';
import type { PodUsage } from '../../source/kubelet/kubelet-pool.js';
import { MetricsServer, type MetricsServerOptions, type UsageSource } from '../../source/metrics/metrics-server.js';
import { type Sim, node, sim } from '../kubelet/helpers.js';

export const SCRAPE = 15_000;

/** The kubelets' readings, except for pods whose CPU a test pinned (`cpu.set('ns/name', milli)`, per container). */
export class PinnedUsage implements UsageSource {
  readonly cpu = new Map<string, number>();
  podReads = 0;
  constructor(private readonly inner: UsageSource) {}
  nodeNames(): string[] {
    return this.inner.nodeNames();
  }
  nodeUsage(name: string) {
    return this.inner.nodeUsage(name);
  }
  podUsage(namespace: string, name: string): PodUsage | undefined {
    this.podReads++;
    const u = this.inner.podUsage(namespace, name);
    const pinned = this.cpu.get(`${namespace}/${name}`);
    return u && pinned !== undefined ? { containers: u.containers.map((c) => ({ ...c, cpuMilli: pinned })) } : u;
  }
}

export interface MetricsSim extends Sim {
  usage: PinnedUsage;
  metrics: MetricsServer;
  /** Virtual time the metrics server was created at: scrapes happen at t0 + k × 15 s. */
  t0: number;
}

/** Two nodes (4 CPU, 15Gi allocatable) with kubelets, and a registered MetricsServer. */
export function metricsSim(opts: MetricsServerOptions = {}): MetricsSim {
  const s = sim({ nodes: [node('node-1', { index: 1 }), node('node-2', { index: 2 })] });
  const usage = new PinnedUsage(s.pool);
  const metrics = new MetricsServer(s.engine, usage, opts);
  s.engine.register(metrics);
  return { ...s, usage, metrics, t0: s.engine.now() };
}

/** Advance to just after the k-th scrape (k ≥ 1). */
export function toScrape(m: MetricsSim, k: number): void {
  const target = m.t0 + k * SCRAPE;
  if (m.engine.now() < target) m.engine.advance(target - m.engine.now());
}

/** Epoch ms when the pod's first container started running, or NaN. */
export function startedAt(m: Sim, name: string, namespace = 'default'): number {
  const pod = m.engine.store.tryGet<Pod>('Pod', namespace, name);
  return Date.parse(pod?.status?.containerStatuses?.[0]?.state?.running?.startedAt ?? '');
}
