/** The metrics room: the metrics server (metrics.k8s.io + delegated custom/external metrics), its series and rings. */
export { METRIC_RESOLUTION_MS, MetricsServer, type MetricsServerOptions, type UsageSource } from './metrics-server.js';
export {
  CLUSTER_METRICS, DEFAULT_CAPACITIES, MetricsSeries, NODE_METRICS, POD_METRICS, WORKLOAD_METRICS,
  type ClusterMetric, type SeriesCapacities, type SeriesScope,
} from './metrics-series.js';
export { type Sample, Series, type SeriesView } from './series.js';
export { SeriesTable } from './series-table.js';
export { type WorkloadRef, controllerRef, workloadKey, workloadOf } from './workload.js';
export type * from './types.js';
