/**
 * Every series the metrics server records, by scope: the cluster, each node, each workload, each Service (whatever
 * the custom-metrics providers report) and each pod. The UI's metrics pane and the VPA read them through
 * `series(scope, key, metric)`; the metrics server writes them once per scrape.
 *
 * Memory (RSS-relevant typed-array bytes, defaults, 15 s resolution):
 *   cluster   6 series × 5,760 points (24 h) × 16 B                        ≈ 0.55 MB, fixed
 *   node      240 points (1 h) × 16 B per node (cpu, memory)              ≈ 3.8 KB/node  (5,000 nodes ≈ 19 MB)
 *   workload  240 points (1 h) × 20 B per workload (cpu, memory, ready)   ≈ 4.8 KB       (1,000 ≈ 4.8 MB)
 *   pod       20 points (5 min) × 16 B per pod (cpu, memory)              ≈ 320 B/pod    (30,000 ≈ 9.6 MB)
 *   service   240 points × 16 B per metric (own rings)                    ≈ 3.8 KB/metric (1,000 × 3 ≈ 11.5 MB)
 * Rows are freed (and reused) when their pod, workload, node or Service is deleted, so all of it is bounded by the
 * peak object count, never by the run length.
 */
import { Series, type SeriesView } from './series.js';
import { SeriesTable } from './series-table.js';

/** What a series is about. Keys: cluster `''`, node name, workload `ns/Kind/name`, Service `ns/name`, pod `ns/name`. */
export type SeriesScope = 'cluster' | 'node' | 'workload' | 'service' | 'pod';

/** Cluster series: CPU in millicores and memory in bytes (used from node metrics, allocatable), pod counts. */
export const CLUSTER_METRICS = ['cpu', 'memory', 'cpuAllocatable', 'memoryAllocatable', 'podsRunning', 'podsPending'] as const;
export type ClusterMetric = (typeof CLUSTER_METRICS)[number];
/** Node series (from NodeMetrics). */
export const NODE_METRICS = ['cpu', 'memory'] as const;
/** Workload series: summed pod CPU and memory (pods with metrics) and Ready pods. */
export const WORKLOAD_METRICS = ['cpu', 'memory', 'ready'] as const;
/** Pod series (from PodMetrics, summed over containers). */
export const POD_METRICS = ['cpu', 'memory'] as const;

/** Ring sizes, in points (one point per scrape). */
export interface SeriesCapacities {
  cluster: number;
  node: number;
  workload: number;
  service: number;
  pod: number;
}

/** 24 h of cluster history, 1 h per node, workload and Service, 5 min per pod, at 15 s. */
export const DEFAULT_CAPACITIES: SeriesCapacities = { cluster: 5_760, node: 240, workload: 240, service: 240, pod: 20 };

export class MetricsSeries {
  readonly cluster: Readonly<Record<ClusterMetric, Series>>;
  readonly nodes: SeriesTable;
  readonly workloads: SeriesTable;
  readonly pods: SeriesTable;
  private readonly services = new Map<string, Map<string, Series>>();

  constructor(readonly capacities: SeriesCapacities = DEFAULT_CAPACITIES) {
    this.cluster = Object.fromEntries(CLUSTER_METRICS.map((m) => [m, new Series(capacities.cluster)])) as Record<ClusterMetric, Series>;
    this.nodes = new SeriesTable(NODE_METRICS, capacities.node);
    this.workloads = new SeriesTable(WORKLOAD_METRICS, capacities.workload);
    this.pods = new SeriesTable(POD_METRICS, capacities.pod, 64);
  }

  /** A live read-only view of one series, or undefined when nothing was recorded for that scope, key and metric. */
  series(scope: SeriesScope, key: string, metric: string): SeriesView | undefined {
    switch (scope) {
      case 'cluster': return Object.hasOwn(this.cluster, metric) ? this.cluster[metric as ClusterMetric] : undefined;
      case 'node': return this.nodes.view(key, metric);
      case 'workload': return this.workloads.view(key, metric);
      case 'pod': return this.pods.view(key, metric);
      case 'service': return this.services.get(key)?.get(metric);
      default: return undefined;
    }
  }

  /** Keys with series in a scope (the cluster scope has the one key `''`). */
  keys(scope: SeriesScope): string[] {
    switch (scope) {
      case 'cluster': return [''];
      case 'node': return [...this.nodes.keys()];
      case 'workload': return [...this.workloads.keys()];
      case 'pod': return [...this.pods.keys()];
      case 'service': return [...this.services.keys()];
      default: return [];
    }
  }

  /** Metric names recorded for a Service (they are the providers'). */
  serviceMetrics(key: string): string[] {
    return [...(this.services.get(key)?.keys() ?? [])];
  }

  /** Record a Service's value for one metric (the ring is created on the first value). */
  pushService(key: string, metric: string, t: number, v: number): void {
    let byMetric = this.services.get(key);
    if (!byMetric) this.services.set(key, (byMetric = new Map()));
    let s = byMetric.get(metric);
    if (!s) byMetric.set(metric, (s = new Series(this.capacities.service)));
    s.push(t, v);
  }

  deleteService(key: string): void {
    this.services.delete(key);
  }

  serviceKeys(): IterableIterator<string> {
    return this.services.keys();
  }

  /** Typed-array bytes held by every series (what the rings add to RSS). */
  get bytes(): number {
    let n = this.nodes.bytes + this.workloads.bytes + this.pods.bytes;
    for (const s of Object.values(this.cluster)) n += s.bytes;
    for (const m of this.services.values()) for (const s of m.values()) n += s.bytes;
    return n;
  }
}
