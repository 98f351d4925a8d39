import { describe, expect, it } from 'vitest';
import type { NodeSelectorTerm } from '../../../source/api/core.js';
import { newCycleContext } from '../../../source/scheduler/framework.js';
import { nodeAffinityFilter, nodeAffinityScore } from '../../../source/scheduler/plugins/node-affinity.js';
import { newCycleStats } from '../../../source/scheduler/types.js';
import { filterAll, makeNode, makePod, options, reasons, scoreAll, snapshotOf } from '../helpers.js';

const REASON = "node(s) didn't match Pod's node affinity/selector";
const required = (terms: NodeSelectorTerm[]) => ({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } } });

describe('NodeAffinity filter', () => {
  const snap = snapshotOf([
    makeNode('ssd-a', { labels: { disk: 'ssd', zone: 'a', gen: '5' } }),
    makeNode('hdd-b', { labels: { disk: 'hdd', zone: 'b', gen: '3' } }),
  ]);

  it('is skipped without nodeSelector or required affinity', () => {
    expect(filterAll(nodeAffinityFilter, makePod('p'), snap)['ssd-a']).toBe('skip');
  });

  it('nodeSelector: every label must be equal', () => {
    const r = filterAll(nodeAffinityFilter, makePod('p', { spec: { nodeSelector: { disk: 'ssd', zone: 'a' } } }), snap);
    expect(r['ssd-a']).toBeUndefined();
    expect(reasons(r['hdd-b'])).toEqual([REASON]);
  });

  it('required terms are ORed, expressions inside a term ANDed, Gt compares integers', () => {
    const pod = makePod('p', { spec: required([
      { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }, { key: 'zone', operator: 'NotIn', values: ['a'] }] },
      { matchExpressions: [{ key: 'gen', operator: 'Gt', values: ['4'] }] },
    ]) });
    const r = filterAll(nodeAffinityFilter, pod, snap);
    expect(r['ssd-a']).toBeUndefined(); // second term
    expect(reasons(r['hdd-b'])).toEqual([REASON]);
  });

  it('nodeSelector AND affinity', () => {
    const pod = makePod('p', { spec: { nodeSelector: { disk: 'hdd' }, ...required([{ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }]) } });
    const r = filterAll(nodeAffinityFilter, pod, snap);
    expect(reasons(r['ssd-a'])).toEqual([REASON]);
    expect(r['hdd-b']).toBeUndefined();
  });

  it('PreFilter narrows to nodes named by matchFields metadata.name, and rejects conflicting names', () => {
    const ctx = (pod: ReturnType<typeof makePod>) => newCycleContext(pod, snap, options(), newCycleStats());
    const ds = makePod('ds', { spec: required([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['hdd-b'] }] }]) });
    expect([...nodeAffinityFilter.preFilter!(ctx(ds)).nodeNames!]).toEqual(['hdd-b']);
    const mixed = makePod('m', { spec: required([
      { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['hdd-b'] }] },
      { matchExpressions: [{ key: 'disk', operator: 'Exists' }] },
    ]) });
    expect(nodeAffinityFilter.preFilter!(ctx(mixed)).nodeNames).toBeUndefined();
    const conflict = makePod('c', { spec: required([{ matchFields: [
      { key: 'metadata.name', operator: 'In', values: ['a'] }, { key: 'metadata.name', operator: 'In', values: ['b'] },
    ] }]) });
    expect(nodeAffinityFilter.preFilter!(ctx(conflict)).reject?.reasons).toEqual(['pod affinity terms conflict']);
  });
});

describe('NodeAffinity score', () => {
  it('sums matching preferred weights and scales to the best node (upstream: 18, 100, 36)', () => {
    const snap = snapshotOf([
      makeNode('machine1', { labels: { foo: 'bar' } }),
      makeNode('machine5', { labels: { foo: 'bar', key: 'value', az: 'az1' } }),
      makeNode('machine2', { labels: { key: 'value' } }),
    ]);
    const pod = makePod('p', { spec: { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [
      { weight: 2, preference: { matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar'] }] } },
      { weight: 4, preference: { matchExpressions: [{ key: 'key', operator: 'In', values: ['value'] }] } },
      { weight: 5, preference: { matchExpressions: [
        { key: 'foo', operator: 'In', values: ['bar'] }, { key: 'key', operator: 'In', values: ['value'] }, { key: 'az', operator: 'In', values: ['az1'] },
      ] } },
    ] } } } });
    const r = scoreAll(nodeAffinityScore, pod, snap);
    expect(r.raw).toEqual({ machine1: 2, machine5: 11, machine2: 4 });
    expect(r.normalized).toEqual({ machine1: 18, machine5: 100, machine2: 36 });
  });

  it('is skipped without preferred terms', () => {
    expect(scoreAll(nodeAffinityScore, makePod('p'), snapshotOf([makeNode('n')])).skipped).toBe(true);
  });
});
