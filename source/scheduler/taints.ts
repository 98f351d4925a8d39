/** Toleration matching (core/v1 helper ToleratesTaint / FindMatchingUntoleratedTaint). */
import type { Taint, Toleration } from '../api/core.js';

/**
 * Toleration.ToleratesTaint: effect and key must match when set (an empty key with Exists tolerates every key),
 * and the operator is Exists, or Equal (also the empty operator) with the same value.
 */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? '') {
    case '':
    case 'Equal': return (t.value ?? '') === (taint.value ?? '');
    case 'Exists': return true;
    default: return false;
  }
}

/** Whether any toleration in the list tolerates the taint. */
export function tolerationsTolerateTaint(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  if (!tolerations) return false;
  for (let i = 0; i < tolerations.length; i++) if (toleratesTaint(tolerations[i]!, taint)) return true;
  return false;
}

/** The effects a pod must tolerate to be scheduled (DoNotScheduleTaintsFilterFunc). */
export function isDoNotScheduleTaint(taint: Taint): boolean {
  return taint.effect === 'NoSchedule' || taint.effect === 'NoExecute';
}

/** The first NoSchedule/NoExecute taint none of the tolerations tolerate, or undefined. */
export function findUntoleratedTaint(taints: readonly Taint[] | undefined,
  tolerations: readonly Toleration[] | undefined): Taint | undefined {
  if (!taints) return undefined;
  for (let i = 0; i < taints.length; i++) {
    const taint = taints[i]!;
    if (isDoNotScheduleTaint(taint) && !tolerationsTolerateTaint(tolerations, taint)) return taint;
  }
  return undefined;
}
