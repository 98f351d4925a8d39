import { describe, expect, it } from 'vitest';
import type { HorizontalPodAutoscaler } from '../../../source/api/cluster-kinds.js';
import { goSelectorString } from '../../../source/autoscaling/hpa/go-selector.js';
import { isWithinTolerance, tolerancesFor } from '../../../source/autoscaling/hpa/hpa-config.js';
import { perPodReplicas, readyPodsCount, valueReplicas } from '../../../source/autoscaling/hpa/object-replicas.js';
import { TOLERANCE, pod } from './calc-helpers.js';

describe('Object and External metrics', () => {
  it('a Value target scales the ready pods by the ratio: ceil(ratio × ready)', () => {
    const ready = [pod('a'), pod('b'), pod('c')];
    expect(valueReplicas(3, 1500, 1000, TOLERANCE, ready)).toBe(5);
    // Only Running pods with Ready=True count: 1.5 × 2 = 3.
    expect(valueReplicas(3, 1500, 1000, TOLERANCE, [pod('a'), pod('b'), pod('c', { phase: 'Pending' })])).toBe(3);
    expect(readyPodsCount([pod('a'), pod('b', { ready: 'False' }), pod('c', { phase: 'Pending' })])).toBe(1);
  });

  it('keeps the count within tolerance, and scales from zero by ceil(ratio) alone', () => {
    expect(valueReplicas(3, 1050, 1000, TOLERANCE, [pod('a')])).toBe(3);
    expect(valueReplicas(0, 2500, 1000, TOLERANCE, [])).toBe(3);
  });

  it('fails without pods to count', () => {
    expect(() => valueReplicas(3, 1500, 1000, TOLERANCE, [])).toThrow('unable to calculate ready pods: no pods returned by selector while calculating replica count');
  });

  it('an AverageValue target proposes ceil(total / target) outside tolerance and reports the per-pod share', () => {
    // 1000 against 3 × 100: ratio 3.33 → ceil(1000/100) = 10; per pod ceil(1000/3) = 334.
    expect(perPodReplicas(3, 1000, 100, TOLERANCE)).toEqual({ replicas: 10, perPod: 334 });
    expect(perPodReplicas(4, 410, 100, TOLERANCE)).toEqual({ replicas: 4, perPod: 103 });
    expect(perPodReplicas(0, 500, 100, TOLERANCE)).toEqual({ replicas: 5, perPod: 0 });
  });
});

describe('tolerances', () => {
  const hpa = (behavior?: HorizontalPodAutoscaler['spec']['behavior']): HorizontalPodAutoscaler => ({
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' },
    spec: { scaleTargetRef: { kind: 'Deployment', name: 'd' }, maxReplicas: 3, behavior },
  });

  it('the flag applies unless behavior sets a tolerance per direction (a quantity)', () => {
    expect(tolerancesFor(hpa(), 0.1)).toEqual({ scaleUp: 0.1, scaleDown: 0.1 });
    expect(tolerancesFor(hpa({ scaleUp: { tolerance: '50m' }, scaleDown: { tolerance: '0.2' } }), 0.1)).toEqual({ scaleUp: 0.05, scaleDown: 0.2 });
    expect(tolerancesFor(hpa({ scaleUp: { tolerance: 'bogus' } }), 0.1)).toEqual({ scaleUp: 0.1, scaleDown: 0.1 });
  });

  it('the band is inclusive: [1 − down, 1 + up]', () => {
    const t = { scaleUp: 0.05, scaleDown: 0.2 };
    expect([0.79, 0.8, 1.05, 1.06].map((r) => isWithinTolerance(t, r))).toEqual([false, true, true, false]);
  });
});

describe('metric selectors in messages', () => {
  it('prints a *LabelSelector as Go\'s %+v does', () => {
    expect(goSelectorString(undefined)).toBe('nil');
    expect(goSelectorString({ matchLabels: { queue: 'worker', app: 'shop' } }))
      .toBe('&LabelSelector{MatchLabels:map[string]string{app: shop,queue: worker,},MatchExpressions:[]LabelSelectorRequirement{},}');
    expect(goSelectorString({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] }))
      .toBe('&LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:tier,Operator:In,Values:[a b],},},}');
  });
});
