import { describe, expect, it } from 'vitest';
import type { Container } from '../../../source/api/core.js';
import {
  leastRequestedScore, mostRequestedScore, nodeResourcesFitFilter, nodeResourcesFitScore,
} from '../../../source/scheduler/plugins/node-resources-fit.js';
import { filterAll, makeNode, makePod, reasons, scoreAll, snapshotOf } from '../helpers.js';

const req = (cpu: string, memory: string): Container => ({ name: `c${cpu}${memory}`, resources: { requests: { cpu, memory } } });

describe('NodeResourcesFit filter', () => {
  it('reports every shortage in order: pods, cpu, memory, ephemeral-storage, extended', () => {
    const snap = snapshotOf([makeNode('n', { cpu: '10', memory: '20', pods: '1', extra: { 'ephemeral-storage': '5', 'example.com/gpu': '1' } })], [
      makePod('e', { nodeName: 'n', containers: [{ name: 'c', resources: { requests: { cpu: '9', memory: '19', 'ephemeral-storage': '4', 'example.com/gpu': '1' } } }] }),
    ]);
    const pod = makePod('p', { containers: [{ name: 'c', resources: { requests: { cpu: '2', memory: '2', 'ephemeral-storage': '2', 'example.com/gpu': '1' } } }] });
    const r = filterAll(nodeResourcesFitFilter, pod, snap).n;
    expect(reasons(r)).toEqual(['Too many pods', 'Insufficient cpu', 'Insufficient memory', 'Insufficient ephemeral-storage', 'Insufficient example.com/gpu']);
    expect((r as { code: string }).code).toBe('Unschedulable');
  });

  it('fits exactly at the limit and fails one milli-CPU over', () => {
    const snap = snapshotOf([makeNode('n', { cpu: '1' })], [makePod('e', { nodeName: 'n', cpu: '600m' })]);
    expect(filterAll(nodeResourcesFitFilter, makePod('p', { cpu: '400m' }), snap).n).toBeUndefined();
    expect(reasons(filterAll(nodeResourcesFitFilter, makePod('q', { cpu: '401m' }), snap).n)).toEqual(['Insufficient cpu']);
  });

  it('a pod without requests only checks the pod count', () => {
    const snap = snapshotOf([makeNode('full', { cpu: '1', pods: '1' }), makeNode('busy', { cpu: '1' })], [
      makePod('e1', { nodeName: 'full' }), makePod('e2', { nodeName: 'busy', cpu: '1' }),
    ]);
    const r = filterAll(nodeResourcesFitFilter, makePod('p'), snap);
    expect(reasons(r.full)).toEqual(['Too many pods']);
    expect(r.busy).toBeUndefined();
  });

  it('counts init containers and overhead', () => {
    const snap = snapshotOf([makeNode('n', { cpu: '2' })]);
    const pod = makePod('p', { cpu: '1', spec: { initContainers: [{ name: 'i', resources: { requests: { cpu: '3' } } }] } });
    expect(reasons(filterAll(nodeResourcesFitFilter, pod, snap).n)).toEqual(['Insufficient cpu']);
  });
});

describe('NodeResourcesFit score', () => {
  const nodes = () => snapshotOf([makeNode('node1', { cpu: '4000m', memory: '10000' }), makeNode('node2', { cpu: '6000m', memory: '10000' })]);
  const pod = makePod('p', { containers: [req('1000m', '2000'), req('2000m', '3000')] });

  it('LeastAllocated (default): upstream example 37 / 50', () => {
    // node1: cpu (4000−3000)×100/4000 = 25, memory (10000−5000)×100/10000 = 50 → 37; node2: 50, 50 → 50.
    expect(scoreAll(nodeResourcesFitScore, pod, nodes()).raw).toEqual({ node1: 37, node2: 50 });
  });

  it('MostAllocated: upstream example 62 / 50', () => {
    expect(scoreAll(nodeResourcesFitScore, pod, nodes(), { scoringStrategy: 'MostAllocated' }).raw).toEqual({ node1: 62, node2: 50 });
  });

  it('uses 100m / 200Mi for containers without requests', () => {
    const snap = snapshotOf([makeNode('n', { cpu: '1', memory: '1000Mi' })]);
    // cpu (1000−100)×100/1000 = 90, memory (1000−200)×100/1000 = 80 → 85.
    expect(scoreAll(nodeResourcesFitScore, makePod('p'), snap).raw).toEqual({ n: 85 });
  });

  it('per-resource formulas clamp and guard zero capacity', () => {
    expect(leastRequestedScore(5, 4)).toBe(0);
    expect(leastRequestedScore(1, 0)).toBe(0);
    expect(leastRequestedScore(1, 3)).toBe(66);
    expect(mostRequestedScore(5, 4)).toBe(100);
    expect(mostRequestedScore(1, 0)).toBe(0);
  });
});
