/**
 * The HPA controller's flags (kube-controller-manager `--horizontal-pod-autoscaler-*`) and the metric tolerance
 * band, including the per-direction `behavior.scaleUp|scaleDown.tolerance` (HPAConfigurableTolerance).
 */
import type { HorizontalPodAutoscaler } from '../../api/cluster-kinds.js';
import { tryParseQuantity } from '../../api/quantity.js';

/** The controller-manager flags that shape the HPA algorithm, in milliseconds where they are durations. */
export interface HpaControllerOptions {
  /** --horizontal-pod-autoscaler-sync-period. */
  syncPeriodMs: number;
  /** --horizontal-pod-autoscaler-tolerance. */
  tolerance: number;
  /** --horizontal-pod-autoscaler-downscale-stabilization. */
  downscaleStabilizationMs: number;
  /** --horizontal-pod-autoscaler-cpu-initialization-period. */
  cpuInitializationPeriodMs: number;
  /** --horizontal-pod-autoscaler-initial-readiness-delay. */
  initialReadinessDelayMs: number;
}

/** Upstream's defaults: 15 s sync, 10% tolerance, 5 min downscale stabilisation, 5 min CPU init, 30 s readiness delay. */
export const DEFAULT_HPA_OPTIONS: Readonly<HpaControllerOptions> = Object.freeze({
  syncPeriodMs: 15_000,
  tolerance: 0.1,
  downscaleStabilizationMs: 5 * 60_000,
  cpuInitializationPeriodMs: 5 * 60_000,
  initialReadinessDelayMs: 30_000,
});

/** The usage-ratio band inside which the HPA keeps the current replica count. */
export interface Tolerances { scaleDown: number; scaleUp: number }

/** Tolerances.isWithin: `1 − down ≤ ratio ≤ 1 + up`. */
export function isWithinTolerance(t: Tolerances, usageRatio: number): boolean {
  return 1.0 - t.scaleDown <= usageRatio && usageRatio <= 1.0 + t.scaleUp;
}

/** Quantity.AsApproximateFloat64 of a tolerance, or undefined when unset or unparsable. */
function toleranceOf(v: unknown): number | undefined {
  const q = v === undefined || v === null ? undefined : tryParseQuantity(v);
  return q ? Number(q.nano) / 1e9 : undefined;
}

/** tolerancesForHpa: the flag's tolerance, overridden per direction by spec.behavior when set. */
export function tolerancesFor(hpa: HorizontalPodAutoscaler, tolerance: number): Tolerances {
  const behavior = hpa.spec.behavior;
  if (!behavior) return { scaleDown: tolerance, scaleUp: tolerance };
  return {
    scaleDown: toleranceOf(behavior.scaleDown?.tolerance) ?? tolerance,
    scaleUp: toleranceOf(behavior.scaleUp?.tolerance) ?? tolerance,
  };
}
