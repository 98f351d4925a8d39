/**
 * The HPA's REST metrics client (upstream podautoscaler/metrics): per-pod resource usage from metrics.k8s.io,
 * per-pod and per-object custom metrics, and external metrics, as milli-values, with the errors the real
 * clients and adapters return when nothing answers.
 */
import type { Pod } from '../../api/core.js';
import type { LabelSelector } from '../../api/meta.js';
import { kindInfo, qualifiedResource } from '../../api/kinds.js';
import { toMilli } from '../../api/quantity.js';
import type { MetricsClient } from '../../metrics/types.js';

/** One pod's metric: a milli-value, when it was sampled and over what window. */
export interface PodMetric { value: number; timestamp: number; windowMs: number }

/** Metrics by pod name (upstream PodMetricsInfo). */
export type PodMetricsInfo = Map<string, PodMetric>;

/** A failure computing a metric; the message follows upstream's wrapped error text. */
export class MetricError extends Error {}

/** fmt.Errorf("<prefix>: %w", err). */
export function wrapError(prefix: string, err: Error): MetricError {
  return new MetricError(`${prefix}: ${err.message}`);
}

/** metricServerDefaultMetricWindow: custom metrics without windowSeconds count as one minute. */
const CUSTOM_METRIC_WINDOW_MS = 60_000;

/** Quantity.MilliValue of a plain number (exact for decimal fractions); undefined for NaN or ±Infinity. */
export function milliOf(value: number): number | undefined {
  return Number.isFinite(value) ? toMilli(value) : undefined;
}

/**
 * GetResourceMetric: each selected pod's usage of `resource` (CPU in millicores, memory in milli-bytes), summed
 * over its containers or taken from one `container`. Pods whose sample lacks the resource are left out.
 */
export function getResourceMetric(client: MetricsClient, resource: string, namespace: string, pods: readonly Pod[], container: string): { metrics: PodMetricsInfo; timestamp: number } {
  const metrics: PodMetricsInfo = new Map();
  let timestamp: number | undefined;
  for (const pod of pods) {
    const name = pod.metadata.name!;
    const sample = client.podMetrics(namespace, name);
    if (!sample) continue;
    timestamp ??= sample.timestamp;
    let value = 0;
    let found = false;
    if (container !== '') {
      const c = sample.containers.find((x) => x.name === container);
      if (!c) throw new MetricError(`failed to get container metrics: container ${container} not present in metrics for pod ${namespace}/${name}`);
      const v = usageOf(c, resource);
      if (v !== undefined) { value = v; found = true; }
    } else {
      found = sample.containers.length > 0;
      for (const c of sample.containers) {
        const v = usageOf(c, resource);
        if (v === undefined) { found = false; break; }
        value += v;
      }
    }
    if (found) metrics.set(name, { value, timestamp: sample.timestamp, windowMs: sample.windowMs });
  }
  if (timestamp === undefined) throw new MetricError('no metrics returned from resource metrics API');
  return { metrics, timestamp };
}

/** A container's usage as Quantity.MilliValue: metrics-server reports cpu and memory only. */
function usageOf(c: { cpuMilli: number; memoryBytes: number }, resource: string): number | undefined {
  if (resource === 'cpu') return Math.ceil(c.cpuMilli);
  if (resource === 'memory') return Math.ceil(c.memoryBytes) * 1000;
  return undefined;
}

/** GetRawMetric: a custom per-pod metric (custom.metrics.k8s.io) for each selected pod. */
export function getRawMetric(client: MetricsClient, metricName: string, namespace: string, pods: readonly Pod[]): { metrics: PodMetricsInfo; timestamp: number } {
  const metrics: PodMetricsInfo = new Map();
  let timestamp: number | undefined;
  for (const pod of pods) {
    const name = pod.metadata.name!;
    const sample = client.podCustomMetric(namespace, name, metricName);
    const value = sample ? milliOf(sample.value) : undefined;
    if (!sample || value === undefined) continue;
    timestamp ??= sample.timestamp;
    metrics.set(name, { value, timestamp: sample.timestamp, windowMs: CUSTOM_METRIC_WINDOW_MS });
  }
  if (timestamp === undefined) {
    // What an adapter (e.g. prometheus-adapter) answers for a metric it does not serve.
    throw new MetricError(`unable to fetch metrics from custom metrics API: the server could not find the metric ${metricName} for pods`);
  }
  return { metrics, timestamp };
}

/** GetObjectMetric: a custom metric describing one object (e.g. a Service's requests per second), as a milli-value. */
export function getObjectMetric(client: MetricsClient, metricName: string, namespace: string, ref: { kind: string; name: string }): { value: number; timestamp: number } {
  const sample = client.objectMetric(ref.kind, namespace, ref.name, metricName);
  const value = sample ? milliOf(sample.value) : undefined;
  if (!sample || value === undefined) {
    const info = kindInfo(ref.kind);
    const resource = info ? qualifiedResource(info) : `${ref.kind.toLowerCase()}s`;
    throw new MetricError(`unable to fetch metrics from custom metrics API: the server could not find the metric ${metricName} for ${resource} ${ref.name}`);
  }
  return { value, timestamp: sample.timestamp };
}

/** GetExternalMetric: every series of an external metric matching the selector, as milli-values. */
export function getExternalMetric(client: MetricsClient, metricName: string, namespace: string, selector: LabelSelector | undefined): { values: number[]; timestamp: number } {
  const series = client.externalMetric(namespace, metricName, selector);
  if (series === undefined) {
    throw new MetricError(`unable to fetch metrics from external metrics API: the server could not find the metric ${metricName} for provided labels`);
  }
  const values: number[] = [];
  for (const s of series) {
    const v = milliOf(s.value);
    if (v !== undefined) values.push(v);
  }
  if (values.length === 0) throw new MetricError('no metrics returned from external metrics API');
  return { values, timestamp: series[0]!.timestamp };
}
