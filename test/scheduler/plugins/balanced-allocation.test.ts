import { describe, expect, it } from 'vitest';
import type { Container } from '../../../source/api/core.js';
import { balancedAllocationScore, balancedScore } from '../../../source/scheduler/plugins/balanced-allocation.js';
import { makeNode, makePod, scoreAll, snapshotOf } from '../helpers.js';

const req = (cpu: string, memory: string): Container => ({ name: `c${cpu}`, resources: { requests: { cpu, memory } } });

describe('NodeResourcesBalancedAllocation', () => {
  it('upstream example: differently sized nodes score 87 / 100', () => {
    const snap = snapshotOf([makeNode('node1', { cpu: '4000m', memory: '10000' }), makeNode('node2', { cpu: '6000m', memory: '10000' })]);
    const pod = makePod('p', { containers: [req('1000m', '2000'), req('2000m', '3000')] });
    // node1: cpu 0.75, memory 0.5 → std 0.125 → 87; node2: 0.5, 0.5 → 100.
    expect(scoreAll(balancedAllocationScore, pod, snap).raw).toEqual({ node1: 87, node2: 100 });
  });

  it('uses actual requests of existing pods and caps fractions at 1', () => {
    const snap = snapshotOf([makeNode('n', { cpu: '1', memory: '1000' })], [makePod('e', { nodeName: 'n', cpu: '2', memory: '100' })]);
    // cpu min(1, (2000+500)/1000) = 1, memory (100+400)/1000 = 0.5 → std 0.25 → 75.
    expect(scoreAll(balancedAllocationScore, makePod('p', { cpu: '500m', memory: '400' }), snap).raw).toEqual({ n: 75 });
  });

  it('skips BestEffort pods (v1.33+)', () => {
    expect(scoreAll(balancedAllocationScore, makePod('p'), snapshotOf([makeNode('n')])).skipped).toBe(true);
  });

  it('uses the population standard deviation beyond two resources', () => {
    // fractions 0.5, 0.25, 0.5: mean 0.41667, std 0.11785 → 88.
    expect(balancedScore([1, 1, 2], [2, 4, 4])).toBe(88);
    expect(balancedScore([1, 5], [2, 0])).toBe(100); // one resource left: std 0
  });
});
