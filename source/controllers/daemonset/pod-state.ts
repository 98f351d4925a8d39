/** Pod readiness as the DaemonSet controller reads it, and int-or-percent budgets (maxUnavailable, maxSurge). */
import type { Pod } from '../../api/core.js';
import type { IntOrString } from '../../api/meta.js';
import type { DaemonSet } from '../../api/workloads.js';

/** podutil.IsPodReady. */
export function isPodReady(pod: Pod): boolean {
  const conditions = pod.status?.conditions;
  if (!conditions) return false;
  for (const c of conditions) if (c.type === 'Ready') return c.status === 'True';
  return false;
}

/** podutil.IsPodAvailable with the set's minReadySeconds: Ready for strictly longer than that. */
export function daemonPodAvailable(pod: Pod, ds: DaemonSet, nowMs: number): boolean {
  if (!isPodReady(pod)) return false;
  const minReady = ds.spec.minReadySeconds ?? 0;
  if (!minReady) return true;
  const since = Date.parse(pod.status!.conditions!.find((c) => c.type === 'Ready')!.lastTransitionTime ?? '');
  return Number.isFinite(since) && since + minReady * 1000 < nowMs;
}

/**
 * intstr.GetScaledValueFromIntOrPercent rounding up: `25%` of 10 nodes is 3. Unset or malformed values (which
 * validation keeps out) count as 0.
 */
export function scaledValue(value: IntOrString | undefined, total: number): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return 0;
  const m = /^(\d+)%$/.exec(value);
  return m ? Math.ceil((Number(m[1]) * total) / 100) : 0;
}

/** SurgeCount: maxSurge against `desired` nodes (0 unless RollingUpdate sets it). */
export function surgeCount(ds: DaemonSet, desired: number): number {
  return ds.spec.updateStrategy?.type === 'RollingUpdate' ? scaledValue(ds.spec.updateStrategy.rollingUpdate?.maxSurge, desired) : 0;
}

/** UnavailableCount: maxUnavailable against `desired` nodes (0 unless RollingUpdate sets it). */
export function unavailableCount(ds: DaemonSet, desired: number): number {
  return ds.spec.updateStrategy?.type === 'RollingUpdate' ? scaledValue(ds.spec.updateStrategy.rollingUpdate?.maxUnavailable, desired) : 0;
}
