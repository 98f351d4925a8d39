/**
 * The recommender's estimators (pkg/recommender/logic): target = 90th percentile of CPU usage and of memory peaks,
 * lower bound = 50th, upper bound = 95th, each plus a 15% safety margin; the bounds are then widened by the
 * confidence in the history (upper × (1 + 1/days), lower × (1 + 0.001/days)^−2), and every value is at least the
 * pod minimum (25m CPU, 250Mi memory) split evenly over the pod's recommended containers.
 * Amounts are model.ResourceAmount: CPU in millicores, memory in bytes, truncated to integers, capped at 1e14.
 */
import type { AggregateContainerState } from './aggregate.js';

/** The recommender's flags and their defaults. */
export interface RecommenderOptions {
  /** --recommendation-margin-fraction */
  safetyMarginFraction: number;
  /** --pod-recommendation-min-cpu-millicores */
  podMinCpuMillicores: number;
  /** --pod-recommendation-min-memory-mb (MiB: the flag is multiplied by 1024 × 1024) */
  podMinMemoryMb: number;
  /** --target-cpu-percentile / --target-memory-percentile */
  targetPercentile: number;
  /** --recommendation-lower-bound-{cpu,memory}-percentile */
  lowerBoundPercentile: number;
  /** --recommendation-upper-bound-{cpu,memory}-percentile */
  upperBoundPercentile: number;
}

export const DEFAULT_RECOMMENDER_OPTIONS: Readonly<RecommenderOptions> = Object.freeze({
  safetyMarginFraction: 0.15, podMinCpuMillicores: 25, podMinMemoryMb: 250,
  targetPercentile: 0.9, lowerBoundPercentile: 0.5, upperBoundPercentile: 0.95,
});

/** MaxResourceAmount. */
export const MAX_RESOURCE_AMOUNT = 1e14;

/** CPU millicores and memory bytes. */
export interface Amounts { cpu: number; memory: number }

/** One container's estimate before policy capping. */
export interface ContainerEstimate { target: Amounts; lowerBound: Amounts; upperBound: Amounts }

/** resourceAmountFromFloat: clamp to [0, 1e14] and truncate toward zero (NaN, from 0 × ∞, reads as 0). */
export function resourceAmount(x: number): number {
  if (x > MAX_RESOURCE_AMOUNT) return MAX_RESOURCE_AMOUNT;
  if (!(x > 0)) return 0;
  return Math.trunc(x);
}

/** ScaleResource. */
function scale(amount: number, factor: number): number {
  return resourceAmount(amount * factor);
}

/** History length in days, by time span and by sample count (1 sample/min for a day = 1), whichever is smaller. */
export function confidence(s: AggregateContainerState): number {
  if (s.totalSamplesCount === 0) return 0;
  const lifespanDays = (s.lastSampleStart - s.firstSampleStart) / (24 * 60 * 60 * 1000);
  const samplesDays = s.totalSamplesCount / (60 * 24);
  return Math.min(lifespanDays, samplesDays);
}

/** The percentile estimate with margin: base + trunc(base × margin). */
function withMargin(amount: number, margin: number): number {
  return amount + scale(amount, margin);
}

/** Estimate one container from its aggregate; `min` is this container's share of the pod minimum. */
export function estimateContainer(s: AggregateContainerState, min: Amounts, o: RecommenderOptions = DEFAULT_RECOMMENDER_OPTIONS): ContainerEstimate {
  const cpuAt = (p: number) => withMargin(resourceAmount(s.cpu.percentile(p) * 1000), o.safetyMarginFraction);
  const memoryAt = (p: number) => withMargin(resourceAmount(s.memoryPeaks.percentile(p)), o.safetyMarginFraction);
  const c = confidence(s);
  // 1/0 is ∞: no history means an infinite upper bound and a zero lower bound (the updater will not act on them).
  const upperFactor = (1 + 1 / c) ** 1;
  const lowerFactor = (1 + 0.001 / c) ** -2;
  return {
    target: { cpu: Math.max(cpuAt(o.targetPercentile), min.cpu), memory: Math.max(memoryAt(o.targetPercentile), min.memory) },
    lowerBound: {
      cpu: Math.max(scale(cpuAt(o.lowerBoundPercentile), lowerFactor), min.cpu),
      memory: Math.max(scale(memoryAt(o.lowerBoundPercentile), lowerFactor), min.memory),
    },
    upperBound: {
      cpu: Math.max(scale(cpuAt(o.upperBoundPercentile), upperFactor), min.cpu),
      memory: Math.max(scale(memoryAt(o.upperBoundPercentile), upperFactor), min.memory),
    },
  };
}

/** Each container's share of the pod minimum: 25m and 250 MiB divided by the number of recommended containers. */
export function podMinimumShare(containers: number, o: RecommenderOptions = DEFAULT_RECOMMENDER_OPTIONS): Amounts {
  const fraction = 1 / Math.max(1, containers);
  return {
    cpu: scale(resourceAmount(o.podMinCpuMillicores * 0.001 * 1000), fraction),
    memory: scale(resourceAmount(o.podMinMemoryMb * 1024 * 1024), fraction),
  };
}
