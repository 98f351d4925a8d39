/**
 * The traffic model as a custom metrics source, as a Prometheus adapter would serve it: `requests_per_second`
 * (aliases `http_requests`, `http_requests_per_second`) per pod and per Service, so HPA Pods and Object metrics
 * can scale on request rate. The value is the rate offered to the pod or Service (what it receives, served or
 * not), which is what an adapter's rate() over the ingress counter reports.
 */
import type { CustomMetricsProvider } from '../metrics/types.js';

/** The metric names served, all meaning requests per second. */
export const REQUEST_RATE_METRICS: readonly string[] = ['requests_per_second', 'http_requests', 'http_requests_per_second'];

/** What the provider reads from the traffic controller. */
export interface RequestRates {
  podRequestRate(namespace: string, pod: string): number | undefined;
  serviceRequestRate(namespace: string, service: string): number | undefined;
}

/** A CustomMetricsProvider over the traffic controller's rates. */
export function trafficMetricsProvider(rates: RequestRates): CustomMetricsProvider {
  return {
    podMetric: (namespace, pod, metric) => (REQUEST_RATE_METRICS.includes(metric) ? rates.podRequestRate(namespace, pod) : undefined),
    objectMetric: (kind, namespace, name, metric) => (
      kind.toLowerCase() === 'service' && REQUEST_RATE_METRICS.includes(metric) ? rates.serviceRequestRate(namespace, name) : undefined
    ),
  };
}
