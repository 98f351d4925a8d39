/**
 * The replica calculator for per-pod metrics (upstream replica_calculator.go): resource utilization and raw
 * averages over the target's pods, with not-yet-ready CPU pods and pods missing metrics treated as upstream does
 * (missing pods at 100% of request — or the target — on a scale-down, at 0% on a scale-up; unready pods at 0%
 * on a scale-up only).
 */
import type { Pod } from '../../api/core.js';
import type { Condition } from '../../api/meta.js';
import { QuantityError, toMilli } from '../../api/quantity.js';
import { parseTimestamp } from '../../engine/clock.js';
import { isWithinTolerance, type Tolerances } from './hpa-config.js';
import { MetricError, type PodMetricsInfo } from './metrics-source.js';

/** The two readiness windows the CPU metric honours. */
export interface ReadinessWindows { cpuInitializationPeriodMs: number; initialReadinessDelayMs: number }

/** How groupPods sorts the target's pods. */
export interface PodGroups {
  readyPodCount: number;
  /** Pending pods, and (cpu) pods not ready or whose sample predates readiness: 0% on a scale-up. */
  unready: Set<string>;
  /** Pods without a metric sample. */
  missing: Set<string>;
  /** Deleted and terminal pods: left out entirely. */
  ignored: Set<string>;
}

/** groupPods: ready, unready, missing and ignored pods for one metric at `nowMs`. */
export function groupPods(pods: readonly Pod[], metrics: PodMetricsInfo, resource: string, nowMs: number, windows: ReadinessWindows): PodGroups {
  const groups: PodGroups = { readyPodCount: 0, unready: new Set(), missing: new Set(), ignored: new Set() };
  for (const pod of pods) {
    const name = pod.metadata.name!;
    const phase = pod.status?.phase;
    if (pod.metadata.deletionTimestamp || phase === 'Failed' || phase === 'Succeeded') { groups.ignored.add(name); continue; }
    if (phase === 'Pending') { groups.unready.add(name); continue; }
    const metric = metrics.get(name);
    if (!metric) { groups.missing.add(name); continue; }
    if (resource === 'cpu' && cpuUnready(pod, metric.timestamp, metric.windowMs, nowMs, windows)) { groups.unready.add(name); continue; }
    groups.readyPodCount++;
  }
  return groups;
}

/** Parsed RFC 3339 times: pods of one rollout share the same few strings, and Date.parse is the sync's hot spot. */
const parsedTimes = new Map<string, number>();

/** Epoch ms of a timestamp (NaN when missing), memoised in a bounded map. */
function timeOf(ts: string | undefined): number {
  if (ts === undefined) return NaN;
  let ms = parsedTimes.get(ts);
  if (ms === undefined) {
    if (parsedTimes.size >= 10_000) parsedTimes.clear();
    parsedTimes.set(ts, (ms = parseTimestamp(ts)));
  }
  return ms;
}

/** Whether a pod's CPU sample must be set aside: unready during initialisation, or never ready after the delay. */
function cpuUnready(pod: Pod, sampleAt: number, windowMs: number, nowMs: number, windows: ReadinessWindows): boolean {
  let ready: Condition | undefined;
  for (const c of pod.status?.conditions ?? []) if (c.type === 'Ready') { ready = c; break; }
  const startTime = timeOf(pod.status?.startTime);
  if (!ready || Number.isNaN(startTime)) return true;
  const transition = timeOf(ready.lastTransitionTime);
  if (startTime + windows.cpuInitializationPeriodMs > nowMs) {
    // Still initialising: a full metric window must have been collected since the last readiness change.
    return ready.status === 'False' || sampleAt < transition + windowMs;
  }
  return ready.status === 'False' && startTime + windows.initialReadinessDelayMs > transition;
}

/**
 * One pod's request for `resource` (milli) over the containers that count — regular containers and restartable
 * (sidecar) init containers — or from the one named `container`. Throws MetricError.
 */
function podRequest(pod: Pod, container: string, resource: string): number {
  let request = 0;
  for (let l = 0; l < 2; l++) {
    const list = l === 0 ? pod.spec.containers : pod.spec.initContainers;
    if (!list) continue;
    for (const c of list) {
      if (l === 1 && c.restartPolicy !== 'Always') continue;
      if (container === '' || container === c.name) {
        const q = c.resources?.requests?.[resource];
        const milli = q === undefined ? undefined : safeMilli(q);
        if (milli === undefined) throw new MetricError(`missing request for ${resource} in container ${c.name} of Pod ${pod.metadata.name}`);
        request += milli;
      }
      if (container === c.name) return request;
    }
  }
  if (container !== '') throw new MetricError(`container ${container} not found in Pod ${pod.metadata.name}`);
  return request;
}

/** calculateRequests: each pod's request for `resource` (milli), from one container or all. Throws MetricError. */
export function calculateRequests(pods: readonly Pod[], container: string, resource: string): Map<string, number> {
  const requests = new Map<string, number>();
  for (const pod of pods) requests.set(pod.metadata.name!, podRequest(pod, container, resource));
  return requests;
}

function safeMilli(q: string | number): number | undefined {
  try {
    return toMilli(q);
  } catch (err) {
    if (err instanceof QuantityError) return undefined; // validation refuses it; count it as no request
    throw err;
  }
}

/** Go's int64 division (truncating), exact beyond 2^52 where a float quotient could round to the next integer. */
export function intDiv(a: number, b: number): number {
  if (Math.abs(a) < 2 ** 52) return Math.trunc(a / b);
  return Number(BigInt(Math.round(a)) / BigInt(Math.round(b)));
}

/** GetResourceUtilizationRatio: utilization % (truncated) of the summed requests, its ratio to the target, and the raw average. */
export function resourceUtilizationRatio(metrics: PodMetricsInfo, requests: Map<string, number>, targetUtilization: number): { ratio: number; utilization: number; rawAverage: number } {
  let metricsTotal = 0, requestsTotal = 0, entries = 0;
  for (const [pod, metric] of metrics) {
    const request = requests.get(pod);
    if (request === undefined) continue; // a metric for a pod we do not know
    metricsTotal += metric.value;
    requestsTotal += request;
    entries++;
  }
  if (requestsTotal === 0) throw new MetricError('no metrics returned matched known pods');
  const utilization = intDiv(metricsTotal * 100, requestsTotal);
  return { ratio: utilization / targetUtilization, utilization, rawAverage: intDiv(metricsTotal, entries) };
}

/** GetMetricUsageRatio: the truncated average of the metric and its ratio to the target average. */
export function metricUsageRatio(metrics: PodMetricsInfo, targetUsage: number): { ratio: number; usage: number } {
  let total = 0;
  for (const m of metrics.values()) total += m.value;
  const usage = intDiv(total, metrics.size);
  return { ratio: usage / targetUsage, usage };
}

/** A proposal from the calculator. */
export interface ResourceProposal { replicas: number; utilization: number; rawUtilization: number }

/** Drop ignored and unready pods' samples; throws when none remain. */
function usableMetrics(metrics: PodMetricsInfo, groups: PodGroups): void {
  for (const name of groups.ignored) metrics.delete(name);
  for (const name of groups.unready) metrics.delete(name);
  if (metrics.size === 0) throw new MetricError('did not receive metrics for targeted pods (pods might be unready)');
}

/**
 * The shared tail of both calculations: with no unready pods on a scale-up and none missing, ceil(ratio × ready);
 * otherwise fill in the set-aside pods (`fillMissing` on a scale-down) and recompute, keeping the current count
 * when the new ratio is within tolerance, flips direction, or the count moves the opposite way.
 */
function proposeReplicas(currentReplicas: number, ratio: number, groups: PodGroups, metrics: PodMetricsInfo, tolerances: Tolerances,
  fillMissing: (pod: string) => number, recompute: () => number): number {
  const scaleUpWithUnready = groups.unready.size > 0 && ratio > 1.0;
  if (!scaleUpWithUnready && groups.missing.size === 0) {
    if (isWithinTolerance(tolerances, ratio)) return currentReplicas;
    return Math.ceil(ratio * groups.readyPodCount);
  }
  if (groups.missing.size > 0) {
    if (ratio < 1.0) for (const pod of groups.missing) metrics.set(pod, { value: fillMissing(pod), timestamp: 0, windowMs: 0 });
    else if (ratio > 1.0) for (const pod of groups.missing) metrics.set(pod, { value: 0, timestamp: 0, windowMs: 0 });
  }
  if (scaleUpWithUnready) for (const pod of groups.unready) metrics.set(pod, { value: 0, timestamp: 0, windowMs: 0 });
  const newRatio = recompute();
  if (isWithinTolerance(tolerances, newRatio) || (ratio < 1.0 && newRatio > 1.0) || (ratio > 1.0 && newRatio < 1.0)) return currentReplicas;
  const newReplicas = Math.ceil(newRatio * metrics.size);
  if ((newRatio < 1.0 && newReplicas > currentReplicas) || (newRatio > 1.0 && newReplicas < currentReplicas)) return currentReplicas;
  return newReplicas;
}

/** The pod list and timestamped samples one calculation works on. */
export interface PodSamples { pods: readonly Pod[]; metrics: PodMetricsInfo; nowMs: number }

/** GetResourceReplicas: replicas for a target utilization (percent of request) of `resource`. Throws MetricError. */
export function resourceReplicas(currentReplicas: number, targetUtilization: number, resource: string, container: string,
  samples: PodSamples, tolerances: Tolerances, windows: ReadinessWindows): ResourceProposal {
  const { pods, metrics } = samples;
  if (pods.length === 0) throw new MetricError('no pods returned by selector while calculating replica count');
  const groups = groupPods(pods, metrics, resource, samples.nowMs, windows);
  usableMetrics(metrics, groups);
  const requests = calculateRequests(pods, container, resource);
  const { ratio, utilization, rawAverage } = resourceUtilizationRatio(metrics, requests, targetUtilization);
  // On a scale-down a pod without metrics counts at 100% of its request, or at the target when that is higher.
  const fallback = Math.max(100, targetUtilization);
  const replicas = proposeReplicas(currentReplicas, ratio, groups, metrics, tolerances,
    (pod) => intDiv((requests.get(pod) ?? 0) * fallback, 100),
    () => resourceUtilizationRatio(metrics, requests, targetUtilization).ratio);
  return { replicas, utilization, rawUtilization: rawAverage };
}

/** calcPlainMetricReplicas: replicas for a target average value (milli) of a per-pod metric. Throws MetricError. */
export function plainMetricReplicas(currentReplicas: number, targetUsage: number, resource: string, samples: PodSamples,
  tolerances: Tolerances, windows: ReadinessWindows): { replicas: number; usage: number } {
  const { pods, metrics } = samples;
  if (pods.length === 0) throw new MetricError('no pods returned by selector while calculating replica count');
  const groups = groupPods(pods, metrics, resource, samples.nowMs, windows);
  usableMetrics(metrics, groups);
  const { ratio, usage } = metricUsageRatio(metrics, targetUsage);
  // On a scale-down a pod without metrics counts at exactly the target.
  const replicas = proposeReplicas(currentReplicas, ratio, groups, metrics, tolerances,
    () => targetUsage, () => metricUsageRatio(metrics, targetUsage).ratio);
  return { replicas, usage };
}
