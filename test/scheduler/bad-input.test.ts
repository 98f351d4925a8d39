/** Malformed objects (which validation should have stopped) must not crash a cycle. */
import { describe, expect, it } from 'vitest';
import type { LabelSelector } from '../../source/api/meta.js';
import { schedulePod } from '../../source/scheduler/schedule-pod.js';
import { makeNode, makePod, options, snapshotOf } from './helpers.js';

describe('bad input', () => {
  it('an invalid label selector selects nothing instead of throwing', () => {
    const bad = { matchExpressions: [{ key: 'app', operator: 'Near', values: ['x'] }] } as unknown as LabelSelector;
    const snap = snapshotOf([makeNode('a'), makeNode('b')], [makePod('x', { nodeName: 'a', labels: { app: 'x' } })]);
    const pod = makePod('p', { labels: { app: 'x' }, spec: {
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: bad }],
      affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: bad, topologyKey: 'kubernetes.io/hostname' }] } },
    } });
    const r = schedulePod(pod, snap, options());
    expect(r.kind).toBe('scheduled');
  });

  it('garbage allocatable counts as zero capacity', () => {
    const snap = snapshotOf([makeNode('n', { cpu: 'lots' })]);
    const r = schedulePod(makePod('p', { cpu: '1' }), snap, options());
    expect(r.kind === 'unschedulable' && r.message).toMatch(/^0\/1 nodes are available: 1 Insufficient cpu\./);
  });

  it('a pod without containers or spec fields still gets a decision', () => {
    const pod = makePod('p', { containers: [] });
    expect(schedulePod(pod, snapshotOf([makeNode('n')]), options()).kind).toBe('scheduled');
  });

  it('a nominated node that no longer exists is ignored', () => {
    const r = schedulePod(makePod('p', { nominatedNodeName: 'gone' }), snapshotOf([makeNode('n')]), options());
    expect(r.kind === 'scheduled' && r.node).toBe('n');
  });
});
