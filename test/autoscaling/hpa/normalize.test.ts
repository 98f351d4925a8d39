import { describe, expect, it } from 'vitest';
import type { HPAScalingRules } from '../../../source/api/cluster-kinds.js';
import {
  type Behavior, ScalingHistory, normalizeLegacy, normalizeWithBehavior, recordScaleEvent, scaleDownLimitWithRules, scaleUpLimit, scaleUpLimitWithRules,
} from '../../../source/autoscaling/hpa/normalize.js';

const T = 1_000_000_000;
const WINDOW = 300_000;
const s = (n: number) => n * 1000;

function history(recs: [agoSeconds: number, replicas: number][]): ScalingHistory {
  const h = new ScalingHistory();
  for (const [ago, replicas] of recs) h.recommendations.push({ replicas, at: T - s(ago) });
  return h;
}

const UP_DEFAULT: HPAScalingRules = { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] };
const DOWN_DEFAULT: HPAScalingRules = { stabilizationWindowSeconds: 300, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] };
const behavior = (up: Partial<HPAScalingRules> = {}, down: Partial<HPAScalingRules> = {}): Behavior => ({ scaleUp: { ...UP_DEFAULT, ...up }, scaleDown: { ...DOWN_DEFAULT, ...down } });

describe('legacy normalisation (no spec.behavior)', () => {
  it('holds the highest recommendation of the last 5 minutes on a scale-down', () => {
    const h = history([[200, 5], [100, 4]]);
    const n = normalizeLegacy(h, T, WINDOW, 5, 2, 1, 10);
    expect(n.replicas).toBe(5);
    expect(n.ableToScale).toEqual({ status: 'True', reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' });
    expect(n.scalingLimited).toEqual({ status: 'False', reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' });
    expect(h.recommendations.map((r) => r.replicas)).toEqual([5, 4, 2]);
  });

  it('forgets recommendations older than the window (a recommendation exactly 300 s old still counts), reusing the slot', () => {
    expect(normalizeLegacy(history([[300, 6]]), T, WINDOW, 6, 2, 1, 10).replicas).toBe(6);
    const h = history([[301, 6], [100, 3]]);
    const n = normalizeLegacy(h, T, WINDOW, 6, 2, 1, 10);
    expect(n.replicas).toBe(3);
    expect(h.recommendations.map((r) => r.replicas)).toEqual([2, 3]);
    expect(normalizeLegacy(history([[301, 6]]), T, WINDOW, 6, 2, 1, 10).ableToScale.reason).toBe('ReadyForNewScale');
  });

  it('caps a scale-up at max(2 × current, 4): ScaleUpLimit', () => {
    expect(scaleUpLimit(1)).toBe(4);
    expect(scaleUpLimit(3)).toBe(6);
    const n = normalizeLegacy(history([]), T, WINDOW, 3, 20, 1, 10);
    expect(n.replicas).toBe(6);
    expect(n.scalingLimited).toEqual({ status: 'True', reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' });
    expect(normalizeLegacy(history([]), T, WINDOW, 1, 20, 1, 10).replicas).toBe(4);
  });

  it('clamps to maxReplicas (TooManyReplicas) and minReplicas (TooFewReplicas)', () => {
    const high = normalizeLegacy(history([]), T, WINDOW, 8, 20, 1, 10);
    expect(high.replicas).toBe(10);
    expect(high.scalingLimited).toEqual({ status: 'True', reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' });
    const low = normalizeLegacy(history([]), T, WINDOW, 3, 1, 2, 10);
    expect(low.replicas).toBe(2);
    expect(low.scalingLimited).toEqual({ status: 'True', reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' });
  });
});

describe('behavior: rate policies', () => {
  it('the default scale-up allows the larger of +4 pods and +100% per 15 s', () => {
    const n = normalizeWithBehavior(new ScalingHistory(), behavior(), T, 1, 10, 1, 20);
    expect(n.replicas).toBe(5);
    expect(n.scalingLimited).toEqual({ status: 'True', reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' });
    expect(normalizeWithBehavior(new ScalingHistory(), behavior(), T, 5, 30, 1, 30).replicas).toBe(10);
  });

  it('counts replicas added within the period: no more until the event leaves the window', () => {
    const h = new ScalingHistory();
    recordScaleEvent(h, behavior(), T, 5, 10);
    // 10 s later the period started at 5: max(5 + 4, 2 × 5) = 10 = current.
    expect(scaleUpLimitWithRules(h, UP_DEFAULT, T + s(10), 10)).toBe(10);
    expect(normalizeWithBehavior(h, behavior(), T + s(10), 10, 30, 1, 50).replicas).toBe(10);
    // At exactly 15 s the event is no longer inside the period.
    expect(scaleUpLimitWithRules(h, UP_DEFAULT, T + s(15), 10)).toBe(20);
  });

  it('selectPolicy Min takes the most restrictive policy, Disabled forbids the direction', () => {
    expect(scaleUpLimitWithRules(new ScalingHistory(), { ...UP_DEFAULT, selectPolicy: 'Min' }, T, 1)).toBe(2);
    const off = normalizeWithBehavior(new ScalingHistory(), behavior({ selectPolicy: 'Disabled' }), T, 3, 9, 1, 10);
    expect(off.replicas).toBe(3);
    expect(off.scalingLimited.reason).toBe('ScaleUpLimit');
    const noDown = normalizeWithBehavior(new ScalingHistory(), behavior({}, { selectPolicy: 'Disabled', stabilizationWindowSeconds: 0 }), T, 6, 2, 1, 10);
    expect(noDown.replicas).toBe(6);
    expect(noDown.scalingLimited).toEqual({ status: 'True', reason: 'ScaleDownLimit', message: 'the desired replica count is decreasing faster than the maximum scale rate' });
  });

  it('scale-down policies: Pods 2 per 60 s; Percent rounds down; Max picks the biggest drop, Min the smallest', () => {
    const pods2: HPAScalingRules = { selectPolicy: 'Max', policies: [{ type: 'Pods', value: 2, periodSeconds: 60 }] };
    expect(scaleDownLimitWithRules(new ScalingHistory(), pods2, T, 10)).toBe(8);
    const mixed: HPAScalingRules = { selectPolicy: 'Max', policies: [{ type: 'Pods', value: 2, periodSeconds: 60 }, { type: 'Percent', value: 50, periodSeconds: 60 }] };
    expect(scaleDownLimitWithRules(new ScalingHistory(), mixed, T, 9)).toBe(4); // min(7, floor(4.5))
    expect(scaleDownLimitWithRules(new ScalingHistory(), { ...mixed, selectPolicy: 'Min' }, T, 9)).toBe(7);
    const n = normalizeWithBehavior(new ScalingHistory(), behavior({}, { ...pods2, stabilizationWindowSeconds: 0 }), T, 10, 1, 1, 10);
    expect(n.replicas).toBe(8);
    expect(n.scalingLimited.reason).toBe('ScaleDownLimit');
  });

  it('the minimum bound wins over a permissive policy: TooFewReplicas', () => {
    const n = normalizeWithBehavior(new ScalingHistory(), behavior({}, { stabilizationWindowSeconds: 0 }), T, 10, 0, 2, 10);
    expect(n.replicas).toBe(2);
    expect(n.scalingLimited).toEqual({ status: 'True', reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' });
  });
});

describe('behavior: stabilization windows', () => {
  it('scale-down window: applies the highest recommendation within it', () => {
    const h = history([[200, 8]]);
    const n = normalizeWithBehavior(h, behavior(), T, 8, 3, 1, 10);
    expect(n.replicas).toBe(8);
    expect(n.ableToScale).toEqual({ status: 'True', reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' });
  });

  it('scale-up window: applies the lowest recommendation within it', () => {
    const h = history([[30, 3]]);
    const n = normalizeWithBehavior(h, behavior({ stabilizationWindowSeconds: 60 }), T, 3, 8, 1, 10);
    expect(n.replicas).toBe(3);
    expect(n.ableToScale).toEqual({ status: 'True', reason: 'ScaleUpStabilized', message: 'recent recommendations were lower than current one, applying the lowest recent recommendation' });
    // Once the low recommendation is older than the window, the scale-up goes through.
    expect(normalizeWithBehavior(history([[61, 3]]), behavior({ stabilizationWindowSeconds: 60 }), T, 3, 8, 1, 10).replicas).toBe(7);
  });
});

describe('scale events', () => {
  it('are kept only with a behavior and reuse a slot once older than the longest policy period', () => {
    const h = new ScalingHistory();
    recordScaleEvent(h, undefined, T, 1, 5);
    expect(h.scaleUpEvents).toEqual([]);
    recordScaleEvent(h, behavior(), T, 1, 5);
    recordScaleEvent(h, behavior(), T + s(10), 5, 9);
    expect(h.scaleUpEvents.map((e) => e.change)).toEqual([4, 4]);
    recordScaleEvent(h, behavior(), T + s(20), 9, 12);
    expect(h.scaleUpEvents.map((e) => e.change)).toEqual([3, 4]);
    recordScaleEvent(h, behavior(), T + s(30), 12, 7);
    expect(h.scaleDownEvents.map((e) => e.change)).toEqual([5]);
    // Removed replicas raise the period's starting point for a scale-up: 7 + 5 = 12 → +4 = 16 or 2 × 12 = 24.
    expect(scaleUpLimitWithRules(h, UP_DEFAULT, T + s(35), 7)).toBe(24);
  });
});
