import { describe, expect, it } from 'vitest';
import type { Pod } from '../../source/api/core.js';
import { numCandidates, pickOneNodeForPreemption, splitByPdbViolation } from '../../source/scheduler/preemption.js';
import { schedulePod } from '../../source/scheduler/schedule-pod.js';
import { makeNode, makePod, options, snapshotOf } from './helpers.js';

const names = (pods: readonly Pod[] | undefined) => (pods ?? []).map((p) => p.metadata.name);
const preemptionOf = (pod: Pod, snap: ReturnType<typeof snapshotOf>, o: Parameters<typeof options>[0] = {}) => {
  const r = schedulePod(pod, snap, options(o));
  if (r.kind !== 'unschedulable') throw new Error(`expected unschedulable, got ${r.kind}`);
  return r;
};

describe('DefaultPreemption', () => {
  it('picks the node whose victims have lower priority (upstream: pod can be made schedulable on one node)', () => {
    const snap = snapshotOf([makeNode('node1', { cpu: '1' }), makeNode('node2', { cpu: '1' })], [
      makePod('p1', { nodeName: 'node1', cpu: '1', priority: 1000 }),
      makePod('p2', { nodeName: 'node2', cpu: '1', priority: 1 }),
    ]);
    const r = preemptionOf(makePod('p', { cpu: '1', priority: 100 }), snap);
    expect(r.preemption?.nominatedNode).toBe('node2');
    expect(names(r.preemption?.victims)).toEqual(['p2']);
    expect(r.nominatedNodeName).toBe('node2');
    // Success: the FailedScheduling message carries no preemption part.
    expect(r.message).toBe('0/2 nodes are available: 2 Insufficient cpu.');
  });

  it('reprieves the most important pods first and evicts only what is needed', () => {
    const t = (s: number) => `2025-01-01T00:00:0${s}Z`;
    const snap = snapshotOf([makeNode('n', { cpu: '4' })], [
      makePod('a', { nodeName: 'n', cpu: '1', priority: 5, startTime: t(1) }),
      makePod('b', { nodeName: 'n', cpu: '1', priority: 3, startTime: t(1) }),
      makePod('c', { nodeName: 'n', cpu: '1', priority: 1, startTime: t(1) }),
      makePod('d', { nodeName: 'n', cpu: '1', priority: 1, startTime: t(2) }),
    ]);
    const r = preemptionOf(makePod('p', { cpu: '2', priority: 10 }), snap);
    expect(names(r.preemption?.victims)).toEqual(['c', 'd']);
  });

  it('reprieves PDB-violating pods before others', () => {
    const snap = snapshotOf([makeNode('n', { cpu: '2' })], [
      makePod('guarded', { nodeName: 'n', cpu: '1', priority: 1, labels: { app: 'db' } }),
      makePod('free', { nodeName: 'n', cpu: '1', priority: 2, labels: { app: 'web' } }),
    ]);
    const pdbs = [{ namespace: 'default', selector: { matchLabels: { app: 'db' } }, disruptionsAllowed: 0 }];
    const r = preemptionOf(makePod('p', { cpu: '1', priority: 10 }), snap, { pdbs });
    // Without PDBs the lower-priority "guarded" would go; the PDB makes it reprieved first.
    expect(names(r.preemption?.victims)).toEqual(['free']);
    expect(names(preemptionOf(makePod('q', { cpu: '1', priority: 10 }), snap).preemption?.victims)).toEqual(['guarded']);
  });

  it('prefers a node without PDB violations over one with lower victims', () => {
    const snap = snapshotOf([makeNode('pdb', { cpu: '1' }), makeNode('plain', { cpu: '1' })], [
      makePod('low', { nodeName: 'pdb', cpu: '1', priority: 1, labels: { app: 'db' } }),
      makePod('mid', { nodeName: 'plain', cpu: '1', priority: 5 }),
    ]);
    const pdbs = [{ namespace: 'default', selector: { matchLabels: { app: 'db' } }, disruptionsAllowed: 0 }];
    expect(preemptionOf(makePod('p', { cpu: '1', priority: 10 }), snap, { pdbs }).preemption?.nominatedNode).toBe('plain');
    expect(preemptionOf(makePod('q', { cpu: '1', priority: 10 }), snap).preemption?.nominatedNode).toBe('pdb');
  });

  it('reports the filter reason when even evicting every lower-priority pod would not help', () => {
    const snap = snapshotOf([makeNode('small', { cpu: '1' }), makeNode('high', { cpu: '1' }), makeNode('taint', {
      cpu: '8', taints: [{ key: 'k', effect: 'NoSchedule' }] })], [
      makePod('l', { nodeName: 'small', cpu: '500m' }),
      makePod('h', { nodeName: 'high', cpu: '1', priority: 100 }),
    ]);
    const r = preemptionOf(makePod('p', { cpu: '2', priority: 10 }), snap);
    expect(r.message).toBe('0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient cpu. '
      + 'preemption: 0/3 nodes are available: 1 Insufficient cpu, 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.');
    expect(r.nominatedNodeName).toBe('');
  });

  it('evicts a lower-priority pod that blocks required anti-affinity', () => {
    const snap = snapshotOf([makeNode('n1'), makeNode('n2')], [
      makePod('x1', { nodeName: 'n1', labels: { app: 'x' }, priority: 1 }),
      makePod('x2', { nodeName: 'n2', labels: { app: 'x' }, priority: 50 }),
    ]);
    const pod = makePod('p', { priority: 10, spec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [
      { labelSelector: { matchLabels: { app: 'x' } }, topologyKey: 'kubernetes.io/hostname' }] } } } });
    const r = preemptionOf(pod, snap);
    expect(r.preemption?.nominatedNode).toBe('n1');
    expect(names(r.preemption?.victims)).toEqual(['x1']);
  });

  it('is not eligible with preemptionPolicy Never or while its earlier victims terminate', () => {
    const snap = snapshotOf([makeNode('n', { cpu: '1' })], [makePod('low', { nodeName: 'n', cpu: '1' })]);
    const never = preemptionOf(makePod('p', { cpu: '1', priority: 10, spec: { preemptionPolicy: 'Never' } }), snap);
    expect(never.message).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.');
    expect(never.nominatedNodeName).toBeUndefined();
    const victim = snap.get('n')!.pods[0]!;
    victim.metadata.deletionTimestamp = '2025-01-01T00:00:00Z';
    victim.status = { ...victim.status, conditions: [{ type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler' }] };
    const waiting = preemptionOf(makePod('q', { cpu: '1', priority: 10, nominatedNodeName: 'n' }), snap);
    expect(waiting.message).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to a terminating pod on the nominated node.');
  });

  it('lists lower-priority pods nominated to the chosen node', () => {
    const snap = snapshotOf([makeNode('n', { cpu: '1' })], [makePod('low', { nodeName: 'n', cpu: '1' })]);
    const waiting = makePod('waiting', { cpu: '1', priority: 5 });
    snap.nominate(waiting, 'n');
    const r = preemptionOf(makePod('p', { cpu: '1', priority: 10 }), snap);
    expect(names(r.preemption?.lowerPriorityNominatedPods)).toEqual(['waiting']);
  });
});

describe('pickOneNodeForPreemption', () => {
  const prio = (p: Pod) => p.spec.priority ?? 0;
  const v = (name: string, priority: number, start?: string) => makePod(name, { priority, startTime: start });
  const cand = (name: string, victims: Pod[], numPDBViolations = 0) => ({ name, victims, numPDBViolations });

  it('applies the criteria in order', () => {
    expect(pickOneNodeForPreemption([cand('a', [v('x', 1)], 1), cand('b', [v('y', 9)])], prio)?.name).toBe('b');
    expect(pickOneNodeForPreemption([cand('a', [v('x', 5)]), cand('b', [v('y', 3), v('z', 3)])], prio)?.name).toBe('b');
    // Same highest priority: smaller sum of (priority + 2^31) — which also means fewer victims.
    expect(pickOneNodeForPreemption([cand('a', [v('x', 3), v('y', 1)]), cand('b', [v('z', 3)])], prio)?.name).toBe('b');
    // Tie on everything but start time: the node whose top victims started latest.
    expect(pickOneNodeForPreemption([
      cand('a', [v('x', 3, '2025-01-01T00:00:00Z')]), cand('b', [v('y', 3, '2025-01-02T00:00:00Z')]),
    ], prio)?.name).toBe('b');
    expect(pickOneNodeForPreemption([cand('a', [v('x', 3)]), cand('b', [v('y', 3)])], prio)?.name).toBe('a');
    expect(pickOneNodeForPreemption([], prio)).toBeUndefined();
  });

  it('numCandidates: max(10%, 100), at most all nodes', () => {
    expect(numCandidates(50)).toBe(50);
    expect(numCandidates(500)).toBe(100);
    expect(numCandidates(5000)).toBe(500);
  });

  it('splitByPdbViolation decrements budgets in order; disrupted pods and empty selectors do not count', () => {
    const pods = [makePod('a', { labels: { app: 'db' } }), makePod('b', { labels: { app: 'db' } }), makePod('c', { labels: { app: 'db' } })];
    const [violating, ok] = splitByPdbViolation(pods, [{ namespace: 'default', selector: { matchLabels: { app: 'db' } }, disruptionsAllowed: 1, disruptedPods: { c: 'now' } }]);
    expect(names(ok)).toEqual(['a', 'c']);
    expect(names(violating)).toEqual(['b']);
    const [none] = splitByPdbViolation(pods, [{ namespace: 'default', selector: {}, disruptionsAllowed: 0 }]);
    expect(none).toEqual([]);
  });
});
