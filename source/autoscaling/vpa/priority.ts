/**
 * The updater's UpdatePriorityCalculator (pkg/updater/priority): whether a pod should be updated and in what order.
 * A pod qualifies when a request lies outside [lowerBound, upperBound], or it has lived 12 h and its requests differ
 * from the targets by at least 10% in total, or a container was OOM-killed within 10 minutes of starting (and the
 * resources would change). Pods that want to grow go first, then the larger relative difference.
 */
import type { Pod } from '../../api/core.js';
import type { VerticalPodAutoscaler } from '../../api/vpa-kinds.js';
import { containerPolicy, quantityOf, scalingOff } from './policy.js';
import { processRecommendation } from './processor.js';

/** The updater's thresholds (flags) and their defaults. */
export interface PriorityOptions {
  /** --pod-update-threshold */
  minChangePriority: number;
  /** --in-recommendation-bounds-eviction-lifetime-threshold */
  podLifetimeUpdateThresholdMs: number;
  /** --evict-after-oom-threshold */
  evictAfterOomThresholdMs: number;
}

export const DEFAULT_PRIORITY_OPTIONS: Readonly<PriorityOptions> = Object.freeze({
  minChangePriority: 0.1, podLifetimeUpdateThresholdMs: 12 * 60 * 60 * 1000, evictAfterOomThresholdMs: 10 * 60 * 1000,
});

/** The annotation the admission controller writes: the containers it saw, `, `-separated. */
export const OBSERVED_CONTAINERS_ANNOTATION = 'vpaObservedContainers';

/** PodPriority. */
export interface PodPriority { outsideRecommendedRange: boolean; scaleUp: boolean; resourceDiff: number }

/** The containers the admission controller observed, when the pod carries the annotation. */
function observedContainers(pod: Pod): Set<string> | undefined {
  const value = pod.metadata.annotations?.[OBSERVED_CONTAINERS_ANNOTATION];
  if (value === undefined) return undefined;
  return new Set(value === '' ? [] : value.split(', '));
}

/** GetUpdatePriority (defaultPriorityProcessor): totals per resource in milli-units, compared with the targets. */
export function updatePriority(pod: Pod, vpa: VerticalPodAutoscaler): PodPriority {
  let outsideRecommendedRange = false;
  let scaleUp = false;
  const totalRequest = new Map<string, number>();
  const totalRecommended = new Map<string, number>();
  const observed = observedContainers(pod);
  for (const { container, recommendation } of processRecommendation(vpa, pod)) {
    if (observed && !observed.has(container.name)) continue;
    const requests = container.resources?.requests;
    for (const name of Object.keys(recommendation.target)) {
      const recommended = quantityOf(recommendation.target[name]);
      if (!recommended) continue;
      totalRecommended.set(name, (totalRecommended.get(name) ?? 0) + milli(recommended.nano));
      const request = quantityOf(requests?.[name]);
      if (!request) {
        // No request: upstream treats the container as requesting nothing (not the namespace default).
        scaleUp = true;
        outsideRecommendedRange = true;
        continue;
      }
      totalRequest.set(name, (totalRequest.get(name) ?? 0) + milli(request.nano));
      if (milli(recommended.nano) > milli(request.nano)) scaleUp = true;
      const lower = quantityOf(recommendation.lowerBound?.[name]);
      const upper = quantityOf(recommendation.upperBound?.[name]);
      if ((lower && request.nano < lower.nano) || (upper && request.nano > upper.nano)) outsideRecommendedRange = true;
    }
  }
  let resourceDiff = 0;
  for (const [name, recommended] of totalRecommended) {
    const request = Math.max(totalRequest.get(name) ?? 0, 1);
    resourceDiff += Math.abs(request - recommended) / request;
  }
  return { outsideRecommendedRange, scaleUp, resourceDiff };
}

/** MilliValue(): nano-units to milli-units, rounded up. */
function milli(nano: bigint): number {
  const q = nano / 1_000_000n;
  return Number(q * 1_000_000n < nano ? q + 1n : q);
}

/** Whether a VPA-scaled container was OOM-killed within the threshold of starting (quick OOM). */
function quickOom(pod: Pod, vpa: VerticalPodAutoscaler, thresholdMs: number): boolean {
  const observed = observedContainers(pod);
  for (const cs of pod.status?.containerStatuses ?? []) {
    if (observed && !observed.has(cs.name)) continue;
    if (scalingOff(containerPolicy(vpa, cs.name))) continue;
    const t = cs.lastState?.terminated;
    if (t?.reason !== 'OOMKilled') continue;
    if (Date.parse(t.finishedAt ?? '') - Date.parse(t.startedAt ?? '') < thresholdMs) return true;
  }
  return false;
}

/** AddPod: the pod's priority if it should be updated now, else undefined. */
export function priorityForUpdate(pod: Pod, vpa: VerticalPodAutoscaler, nowMs: number, o: PriorityOptions = DEFAULT_PRIORITY_OPTIONS): PodPriority | undefined {
  const priority = updatePriority(pod, vpa);
  const oom = quickOom(pod, vpa, o.evictAfterOomThresholdMs);
  if (!priority.outsideRecommendedRange && !oom) {
    const started = Date.parse(pod.status?.startTime ?? '');
    if (Number.isNaN(started)) return undefined;
    if (nowMs < started + o.podLifetimeUpdateThresholdMs) return undefined;
    if (priority.resourceDiff < o.minChangePriority) return undefined;
  }
  if (oom && priority.resourceDiff === 0) return undefined;
  return priority;
}

/** byPriorityDesc: pods that grow first, then the larger resourceDiff; stable for equal priorities. */
export function comparePriorityDesc(a: PodPriority, b: PodPriority): number {
  if (a.scaleUp !== b.scaleUp) return a.scaleUp ? -1 : 1;
  return b.resourceDiff - a.resourceDiff;
}
