/**
 * From a metric proposal to the replica count the HPA applies: the legacy path (no spec.behavior: 5-minute
 * downscale stabilisation, at most max(2 × current, 4)) and the behavior path (stabilisation windows per
 * direction, then Pods/Percent rate policies over their periods, chosen by selectPolicy). Each HPA keeps its
 * recent recommendations and scale events in memory, as the upstream controller does.
 */
import type { HPAScalingRules } from '../../api/cluster-kinds.js';

/** A recommendation as recorded at a sync. */
interface Recommendation { replicas: number; at: number }
/** A rescale: the absolute change, when, and whether its slot may be reused. */
interface ScaleEvent { change: number; at: number; outdated: boolean }

/** The per-HPA memory of recent recommendations and rescales. */
export class ScalingHistory {
  readonly recommendations: Recommendation[] = [];
  readonly scaleUpEvents: ScaleEvent[] = [];
  readonly scaleDownEvents: ScaleEvent[] = [];
}

/** A condition the normalisation asks the controller to set. */
export interface ConditionUpdate { status: 'True' | 'False'; reason: string; message: string }

/** The normalised count and the AbleToScale / ScalingLimited conditions that explain it. */
export interface Normalized { replicas: number; ableToScale: ConditionUpdate; scalingLimited: ConditionUpdate }

const READY_FOR_NEW_SCALE: ConditionUpdate = { status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size' };
const SCALE_DOWN_STABILIZED: ConditionUpdate = { status: 'True', reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' };
const SCALE_UP_STABILIZED: ConditionUpdate = { status: 'True', reason: 'ScaleUpStabilized', message: 'recent recommendations were lower than current one, applying the lowest recent recommendation' };
const WITHIN_RANGE = { reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' };
const SCALE_UP_LIMIT = { reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' };
const SCALE_DOWN_LIMIT = { reason: 'ScaleDownLimit', message: 'the desired replica count is decreasing faster than the maximum scale rate' };
const TOO_MANY = { reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' };
const TOO_FEW = { reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' };

/** recordInitialRecommendation: the current count seeds an HPA's first window. */
export function recordInitialRecommendation(h: ScalingHistory, currentReplicas: number, nowMs: number): void {
  if (h.recommendations.length === 0) h.recommendations.push({ replicas: currentReplicas, at: nowMs });
}

/** Replace the one stale slot found (the last one), else append: the list stays as long as the window needs. */
function recordRecommendation(h: ScalingHistory, replicas: number, nowMs: number, staleIndex: number): void {
  if (staleIndex >= 0) h.recommendations[staleIndex] = { replicas, at: nowMs };
  else h.recommendations.push({ replicas, at: nowMs });
}

/** stabilizeRecommendation: the highest recommendation within the downscale window (this one included). */
function stabilizeRecommendation(h: ScalingHistory, desired: number, nowMs: number, windowMs: number): number {
  let max = desired;
  let stale = -1;
  const cutoff = nowMs - windowMs;
  const recs = h.recommendations;
  for (let i = 0; i < recs.length; i++) {
    const rec = recs[i]!;
    if (rec.at < cutoff) stale = i;
    else if (rec.replicas > max) max = rec.replicas;
  }
  recordRecommendation(h, desired, nowMs, stale);
  return max;
}

/** calculateScaleUpLimit: the legacy cap of max(2 × current, 4). */
export function scaleUpLimit(currentReplicas: number): number {
  return Math.trunc(Math.max(2.0 * currentReplicas, 4.0));
}

const limited = (desired: number, stabilized: number, reason: { reason: string; message: string }): ConditionUpdate =>
  ({ status: desired === stabilized ? 'False' : 'True', ...reason });

/** normalizeDesiredReplicas: the legacy path used when spec.behavior is unset. */
export function normalizeLegacy(h: ScalingHistory, nowMs: number, downscaleWindowMs: number, current: number, desired: number, min: number, max: number): Normalized {
  const stabilized = stabilizeRecommendation(h, desired, nowMs, downscaleWindowMs);
  const ableToScale = stabilized !== desired ? SCALE_DOWN_STABILIZED : READY_FOR_NEW_SCALE;
  let maxAllowed: number;
  let reason: { reason: string; message: string };
  const limit = scaleUpLimit(current);
  if (max > limit) { maxAllowed = limit; reason = SCALE_UP_LIMIT; } else { maxAllowed = max; reason = TOO_MANY; }
  let replicas = stabilized;
  if (stabilized < min) { replicas = min; reason = TOO_FEW; } else if (stabilized > maxAllowed) replicas = maxAllowed;
  else reason = WITHIN_RANGE;
  return { replicas, ableToScale, scalingLimited: limited(replicas, stabilized, reason) };
}

/** The behavior of an HPA after the controller's defaults (scale-down window from the flag, Max selection). */
export interface Behavior { scaleUp: HPAScalingRules; scaleDown: HPAScalingRules }

/** stabilizeRecommendationWithBehaviors: clamp the current count between the window minimum (up) and maximum (down). */
function stabilizeWithBehaviors(h: ScalingHistory, b: Behavior, nowMs: number, current: number, desired: number): { replicas: number; condition: ConditionUpdate } {
  let up = desired, down = desired, stale = -1;
  const upCutoff = nowMs - (b.scaleUp.stabilizationWindowSeconds ?? 0) * 1000;
  const downCutoff = nowMs - (b.scaleDown.stabilizationWindowSeconds ?? 0) * 1000;
  const recs = h.recommendations;
  for (let i = 0; i < recs.length; i++) {
    const rec = recs[i]!;
    if (rec.at > upCutoff) up = Math.min(rec.replicas, up);
    if (rec.at > downCutoff) down = Math.max(rec.replicas, down);
    if (rec.at < upCutoff && rec.at < downCutoff) stale = i;
  }
  let replicas = current;
  if (replicas < up) replicas = up;
  if (replicas > down) replicas = down;
  recordRecommendation(h, desired, nowMs, stale);
  return { replicas, condition: desired >= current ? SCALE_UP_STABILIZED : SCALE_DOWN_STABILIZED };
}

/** getReplicasChangePerPeriod: the replicas changed by events strictly inside the last `periodSeconds`. */
function changeInPeriod(events: readonly ScaleEvent[], periodSeconds: number, nowMs: number): number {
  const cutoff = nowMs - periodSeconds * 1000;
  let sum = 0;
  for (const e of events) if (e.at > cutoff) sum += e.change;
  return sum;
}

/** The count at the start of a policy's period: current − added + removed within it. */
function periodStart(h: ScalingHistory, periodSeconds: number, nowMs: number, current: number): number {
  return current - changeInPeriod(h.scaleUpEvents, periodSeconds, nowMs) + changeInPeriod(h.scaleDownEvents, periodSeconds, nowMs);
}

/** calculateScaleUpLimitWithScalingRules: the highest count the policies allow now (Max: most permissive). */
export function scaleUpLimitWithRules(h: ScalingHistory, rules: HPAScalingRules, nowMs: number, current: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const pickMin = rules.selectPolicy === 'Min';
  let result = pickMin ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  for (const p of rules.policies ?? []) {
    const start = periodStart(h, p.periodSeconds, nowMs, current);
    // Rounded up, or a small percentage could never add a pod.
    const proposed = p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
    result = pickMin ? Math.min(result, proposed) : Math.max(result, proposed);
  }
  return result;
}

/** calculateScaleDownLimitWithBehaviors: the lowest count the policies allow now (Max: largest change). */
export function scaleDownLimitWithRules(h: ScalingHistory, rules: HPAScalingRules, nowMs: number, current: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const pickMin = rules.selectPolicy === 'Min';
  let result = pickMin ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  for (const p of rules.policies ?? []) {
    const start = periodStart(h, p.periodSeconds, nowMs, current);
    const proposed = p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100));
    result = pickMin ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}

/** convertDesiredReplicasWithBehaviorRate: apply the rate policies and the min/max bounds. */
function applyRate(h: ScalingHistory, b: Behavior, nowMs: number, current: number, desired: number, min: number, max: number): { replicas: number; reason: { reason: string; message: string } } {
  if (desired > current) {
    // No policy, or a limit below current while old events age out: no scale-up for now.
    const limit = Math.max(scaleUpLimitWithRules(h, b.scaleUp, nowMs, current), current);
    const [maxAllowed, reason] = max > limit ? [limit, SCALE_UP_LIMIT] : [max, TOO_MANY];
    if (desired > maxAllowed) return { replicas: maxAllowed, reason };
  } else if (desired < current) {
    const limit = Math.min(scaleDownLimitWithRules(h, b.scaleDown, nowMs, current), current);
    const [minAllowed, reason] = min < limit ? [limit, SCALE_DOWN_LIMIT] : [min, TOO_FEW];
    if (desired < minAllowed) return { replicas: minAllowed, reason };
  }
  return { replicas: desired, reason: WITHIN_RANGE };
}

/** normalizeDesiredReplicasWithBehaviors: stabilise, then rate-limit. */
export function normalizeWithBehavior(h: ScalingHistory, b: Behavior, nowMs: number, current: number, desired: number, min: number, max: number): Normalized {
  const stabilized = stabilizeWithBehaviors(h, b, nowMs, current, desired);
  const ableToScale = stabilized.replicas !== desired ? stabilized.condition : READY_FOR_NEW_SCALE;
  const rated = applyRate(h, b, nowMs, current, stabilized.replicas, min, max);
  return { replicas: rated.replicas, ableToScale, scalingLimited: limited(rated.replicas, stabilized.replicas, rated.reason) };
}

/** getLongestPolicyPeriod. */
function longestPeriod(rules: HPAScalingRules): number {
  let longest = 0;
  for (const p of rules.policies ?? []) if (p.periodSeconds > longest) longest = p.periodSeconds;
  return longest;
}

/** storeScaleEvent: remember a rescale (behavior only), reusing a slot older than the longest policy period. */
export function recordScaleEvent(h: ScalingHistory, b: Behavior | undefined, nowMs: number, previous: number, next: number): void {
  if (!b) return;
  const up = next > previous;
  const events = up ? h.scaleUpEvents : h.scaleDownEvents;
  const cutoff = nowMs - longestPeriod(up ? b.scaleUp : b.scaleDown) * 1000;
  let stale = -1;
  events.forEach((e, i) => {
    if (e.at < cutoff) e.outdated = true;
    if (e.outdated) stale = i;
  });
  const event: ScaleEvent = { change: Math.abs(next - previous), at: nowMs, outdated: false };
  if (stale >= 0) events[stale] = event;
  else events.push(event);
}
