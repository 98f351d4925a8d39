/** PodDisruptionBudget and PriorityClass validation. */
import { describe, expect, it } from 'vitest';
import { errorsOf, messageOf, pdb, stored } from './fixtures.js';

describe('PodDisruptionBudget', () => {
  it('refuses minAvailable and maxUnavailable together', () => {
    const p = pdb();
    p.spec.maxUnavailable = '50%';
    expect(messageOf(p)).toBe('PodDisruptionBudget.policy "web" is invalid: spec: Invalid value: policy.PodDisruptionBudgetSpec{MinAvailable:1, MaxUnavailable:50%}: minAvailable and maxUnavailable cannot be both set');
  });

  it('accepts neither (as upstream) and checks values', () => {
    const p = pdb();
    delete p.spec.minAvailable;
    expect(errorsOf(p)).toEqual([]);
    p.spec.maxUnavailable = '120%';
    expect(errorsOf(p)).toEqual(['spec.maxUnavailable: Invalid value: 120%: must not be greater than 100%']);
    p.spec.maxUnavailable = -1;
    expect(errorsOf(p)).toEqual(['spec.maxUnavailable: Invalid value: -1: must be greater than or equal to 0']);
    p.spec.maxUnavailable = 1;
    p.spec.unhealthyPodEvictionPolicy = 'Never';
    expect(errorsOf(p)).toEqual(['spec.unhealthyPodEvictionPolicy: Unsupported value: "Never": supported values: "AlwaysAllow", "IfHealthyBudget"']);
  });
});

describe('PriorityClass', () => {
  const pc = { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 };

  it('caps user-defined values at one billion and reserves system- names', () => {
    expect(errorsOf({ ...pc, value: 1_000_000_001 })).toEqual(['value: Forbidden: maximum allowed value of a user defined priority is 1000000000']);
    expect(errorsOf({ ...pc, metadata: { name: 'system-critical' } }))
      .toEqual(["metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-critical is not a known system priority class"]);
    expect(errorsOf({ ...pc, metadata: { name: 'system-node-critical' }, value: 2_000_001_000 })).toEqual([]);
  });

  it('keeps value and preemptionPolicy on update', () => {
    const old = stored(pc);
    expect(errorsOf({ ...old, value: 2000, preemptionPolicy: 'Never' }, old)).toEqual([
      'value: Forbidden: may not be changed in an update.',
      'preemptionPolicy: Invalid value: "Never": field is immutable',
    ]);
  });
});
