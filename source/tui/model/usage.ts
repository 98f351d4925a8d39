/**
 * Where the UI's CPU / MEM numbers come from: metrics-server's samples (PodMetrics / NodeMetrics), the same ones
 * `kubectl top` prints, k9s shows and the HPA scales on — so a pod's CPU column, its %CPU/R and the HPA's TARGETS
 * agree, and a pod shows `n/a` until its second scrape or while metrics-server is down, as in a real cluster. Only
 * when the cluster has no metrics server does the UI fall back to the kubelet's live reading.
 */
import type { SimulationControls } from '../../client/cluster-client.js';

/** A pod's usage per container (millicores, bytes). */
export interface PodUsage {
  containers: { name: string; cpuMilli: number; memoryBytes: number }[];
}

/** A node's usage. */
export interface NodeUsage {
  cpuMilli: number;
  memoryBytes: number;
}

/** Pod and node usage as the UI's columns, sorts and panes read it. */
export interface UsageReader {
  /** True when the numbers are metrics-server samples (else the kubelet's live reading, or nothing). */
  readonly fromMetricsServer: boolean;
  podUsage(namespace: string, name: string): PodUsage | undefined;
  nodeUsage(name: string): NodeUsage | undefined;
}

const NONE: UsageReader = { fromMetricsServer: false, podUsage: () => undefined, nodeUsage: () => undefined };

/** The usage source for a cluster: metrics-server when there is one, else the kubelets, else none. */
export function usageReader(controls: SimulationControls | undefined): UsageReader {
  if (!controls) return NONE;
  const metrics = controls.metrics;
  if (metrics) {
    return {
      fromMetricsServer: true,
      podUsage: (namespace, name) => metrics.podMetrics(namespace, name),
      nodeUsage: (name) => metrics.nodeMetrics(name),
    };
  }
  return {
    fromMetricsServer: false,
    podUsage: (namespace, name) => controls.podUsage(namespace, name),
    nodeUsage: (name) => controls.nodeUsage(name),
  };
}

/** A pod's usage summed over its containers. */
export function podTotal(u: PodUsage | undefined): NodeUsage | undefined {
  if (!u) return undefined;
  let cpuMilli = 0, memoryBytes = 0;
  for (const c of u.containers) {
    cpuMilli += c.cpuMilli;
    memoryBytes += c.memoryBytes;
  }
  return { cpuMilli, memoryBytes };
}
