/**
 * The replica calculator for metrics that describe no single pod (upstream replica_calculator.go): an Object
 * metric's value or per-pod average, and an External metric's total or per-pod average.
 */
import type { Pod } from '../../api/core.js';
import { isPodReady } from '../../store/eviction.js';
import { isWithinTolerance, type Tolerances } from './hpa-config.js';
import { MetricError } from './metrics-source.js';

const MAX_INT32 = 2 ** 31 - 1;

/** getReadyPodsCount: Running pods whose Ready condition is True. */
export function readyPodsCount(pods: readonly Pod[]): number {
  if (pods.length === 0) throw new MetricError('no pods returned by selector while calculating replica count');
  let ready = 0;
  for (const pod of pods) if (pod.status?.phase === 'Running' && isPodReady(pod)) ready++;
  return ready;
}

/**
 * getUsageRatioReplicaCount: outside tolerance, ceil(ratio × ready pods); from zero replicas, ceil(ratio)
 * (scaling from zero skips both the tolerance and the pod count).
 */
export function usageRatioReplicaCount(currentReplicas: number, usageRatio: number, tolerances: Tolerances, pods: readonly Pod[]): number {
  if (currentReplicas === 0) return Math.ceil(usageRatio);
  if (isWithinTolerance(tolerances, usageRatio)) return currentReplicas;
  let ready: number;
  try {
    ready = readyPodsCount(pods);
  } catch (err) {
    if (!(err instanceof MetricError)) throw err;
    throw new MetricError(`unable to calculate ready pods: ${err.message}`);
  }
  const count = usageRatio * ready;
  return count > MAX_INT32 ? MAX_INT32 : Math.ceil(count);
}

/** Object/External Value target: the metric against its target value, scaled by the ready pods. */
export function valueReplicas(currentReplicas: number, usage: number, targetUsage: number, tolerances: Tolerances, pods: readonly Pod[]): number {
  return usageRatioReplicaCount(currentReplicas, usage / targetUsage, tolerances, pods);
}

/**
 * Object/External AverageValue target: outside tolerance of `status.replicas × target`, ceil(total / target).
 * Returns the proposal and the per-pod usage the status reports.
 */
export function perPodReplicas(statusReplicas: number, usage: number, targetAverage: number, tolerances: Tolerances): { replicas: number; perPod: number } {
  let replicas = statusReplicas;
  const ratio = usage / (targetAverage * statusReplicas);
  if (!isWithinTolerance(tolerances, ratio)) {
    const count = Math.ceil(usage / targetAverage);
    replicas = count > MAX_INT32 ? MAX_INT32 : count;
  }
  return { replicas, perPod: perPodUsage(usage, statusReplicas) };
}

/** getPerPodUsage: ceil(total / replicas), 0 without replicas. */
export function perPodUsage(usage: number, statusReplicas: number): number {
  if (!Number.isFinite(usage)) return Number.MAX_SAFE_INTEGER;
  return statusReplicas === 0 ? 0 : Math.ceil(usage / statusReplicas);
}

/** The sum of an external metric's series. */
export function totalOf(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
