/**
 * Rolling-update arithmetic (upstream deployment/util): maxSurge rounds up, maxUnavailable rounds down, both 0
 * means 1 unavailable; the new set's next size; and the proportional share of a scale change per set.
 */
import type { IntOrString } from '../../api/meta.js';
import type { Deployment, ReplicaSet } from '../../api/workloads.js';
import { MAX_REPLICAS_ANNOTATION, intAnnotation } from './annotations.js';
import { specReplicas, sumSpecReplicas } from './replica-sets.js';

/** intstr.GetScaledValueFromIntOrPercent: an int as is, `N%` of total rounded up or down; undefined when malformed. */
export function scaledValue(v: IntOrString | undefined, total: number, roundUp: boolean): number | undefined {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return Number.isInteger(v) ? v : undefined;
  // Upstream: a string must be a percentage ("invalid type: string is not a percentage").
  const m = /^([+-]?[0-9]+)%$/.exec(v);
  if (!m) return undefined;
  const pct = Number(m[1]);
  const raw = (pct * total) / 100;
  return roundUp ? Math.ceil(raw) : Math.floor(raw);
}

/** The strategy is RollingUpdate (the default). */
export const isRollingUpdate = (d: Deployment): boolean => (d.spec.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';

/** ResolveFenceposts: [surge, unavailable] for `desired` replicas. */
export function resolveFenceposts(maxSurge: IntOrString | undefined, maxUnavailable: IntOrString | undefined, desired: number): [number, number] {
  const surge = scaledValue(maxSurge, desired, true) ?? 0;
  let unavailable = scaledValue(maxUnavailable, desired, false) ?? 0;
  // Rounding down can make both zero; then one pod may be unavailable (surge might be blocked by quota).
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return [surge, unavailable];
}

/** MaxSurge: 0 unless RollingUpdate. */
export function maxSurge(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = d.spec.strategy?.rollingUpdate;
  return resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, d.spec.replicas ?? 0)[0];
}

/** MaxUnavailable: 0 unless RollingUpdate with replicas > 0; never more than replicas. */
export function maxUnavailable(d: Deployment): number {
  const replicas = d.spec.replicas ?? 0;
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const ru = d.spec.strategy?.rollingUpdate;
  return Math.min(resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicas)[1], replicas);
}

/** NewRSNewReplicas: RollingUpdate grows the new set up to replicas + maxSurge pods in all; Recreate goes straight to replicas. */
export function newRSNewReplicas(d: Deployment, allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet): number {
  const replicas = d.spec.replicas ?? 0;
  if (!isRollingUpdate(d)) return replicas;
  const ru = d.spec.strategy?.rollingUpdate;
  const surge = scaledValue(ru?.maxSurge, replicas, true) ?? 0;
  const current = sumSpecReplicas(allRSs);
  const maxTotal = replicas + surge;
  if (current >= maxTotal) return specReplicas(newRS);
  const up = Math.min(maxTotal - current, replicas - specReplicas(newRS));
  return specReplicas(newRS) + up;
}

/** Go's math.Round (half away from zero), as integer.RoundToInt32. */
const roundHalfAway = (x: number): number => (x < 0 ? -Math.round(-x) : Math.round(x));

/** getReplicaSetFraction: this set's share of a resize, from the max-replicas annotation it was last scaled under. */
function replicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  const replicas = d.spec.replicas ?? 0;
  if (replicas === 0) return -specReplicas(rs);
  const maxNow = replicas + maxSurge(d);
  let before = intAnnotation(rs, MAX_REPLICAS_ANNOTATION);
  if (before === undefined || before === 0) {
    before = d.status?.replicas ?? 0;
    if (before === 0) return 0;
  }
  return roundHalfAway((specReplicas(rs) * maxNow) / before) - specReplicas(rs);
}

/** GetReplicaSetProportion: the share, capped by what is left to add (or remove). */
export function replicaSetProportion(rs: ReplicaSet, d: Deployment, toAdd: number, added: number): number {
  if (specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}
