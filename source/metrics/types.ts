/**
 * The metrics contract shared by the metrics server (producer), the autoscalers (HPA, VPA) and the UI (consumers):
 * the shapes of metrics.k8s.io (PodMetrics / NodeMetrics), custom.metrics.k8s.io and external.metrics.k8s.io, as the
 * HPA controller's metrics client sees them. Times are virtual epoch milliseconds.
 */
import type { LabelSelector } from '../api/meta.js';

/** One container's usage in a metrics.k8s.io sample. */
export interface ContainerMetrics { name: string; cpuMilli: number; memoryBytes: number }

/** metrics.k8s.io PodMetrics: the usage of each container over the window ending at `timestamp`. */
export interface PodMetricsSample {
  namespace: string;
  name: string;
  /** When the sample was scraped (the end of its window). */
  timestamp: number;
  windowMs: number;
  containers: ContainerMetrics[];
}

/** metrics.k8s.io NodeMetrics. */
export interface NodeMetricsSample {
  name: string;
  timestamp: number;
  windowMs: number;
  cpuMilli: number;
  memoryBytes: number;
}

/** A custom or external metric value (e.g. requests per second) at a time. */
export interface MetricValue { timestamp: number; value: number }

/** What the HPA, VPA and UI read. The metrics server implements it; tests substitute a fake. */
export interface MetricsClient {
  /** Latest scraped sample for a pod; undefined when the pod has none yet (missing metric). */
  podMetrics(namespace: string, name: string): PodMetricsSample | undefined;
  nodeMetrics(name: string): NodeMetricsSample | undefined;
  /** custom.metrics.k8s.io for one pod, e.g. `requests_per_second`. */
  podCustomMetric(namespace: string, pod: string, metric: string): MetricValue | undefined;
  /** custom.metrics.k8s.io for an object, e.g. a Service's `requests_per_second`. */
  objectMetric(kind: string, namespace: string, name: string, metric: string): MetricValue | undefined;
  /** external.metrics.k8s.io: every series of `metric` matching `selector` (undefined: no such metric). */
  externalMetric(namespace: string, metric: string, selector?: LabelSelector): MetricValue[] | undefined;
}

/**
 * A source of custom and external metrics (the traffic model registers one, as a Prometheus adapter would):
 * the metrics server asks providers in registration order and takes the first defined answer.
 */
export interface CustomMetricsProvider {
  podMetric(namespace: string, pod: string, metric: string): number | undefined;
  objectMetric(kind: string, namespace: string, name: string, metric: string): number | undefined;
  externalMetric?(namespace: string, metric: string, selector?: LabelSelector): number[] | undefined;
  /**
   * Optional: every Service's indicators now (names are the provider's, e.g. `rps`, `availability`, `latencyMs`).
   * The metrics server calls it once per scrape and records each value into that Service's series.
   */
  serviceSeries?(): Iterable<ServiceSample>;
}

/** One Service's indicators at a scrape, as a CustomMetricsProvider reports them for the Service series. */
export interface ServiceSample {
  namespace: string;
  name: string;
  values: Readonly<Record<string, number>>;
}
