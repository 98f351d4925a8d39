import { describe, expect, it } from 'vitest';
import { fitErrorMessage, preemptedMessage, reasonHistogram, scheduledMessage } from '../../source/scheduler/message.js';
import { schedulePod } from '../../source/scheduler/schedule-pod.js';
import { rejection } from '../../source/scheduler/types.js';
import { makeNode, makePod, options, snapshotOf } from './helpers.js';

const tainted = (name: string) => makeNode(name, { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] });

describe('FailedScheduling message', () => {
  it('v1.35 form without the DRA part: taint + cpu, preemption histogram', () => {
    const snap = snapshotOf([tainted('n0'), makeNode('n1', { cpu: '1' }), makeNode('n2', { cpu: '1' }), makeNode('n3', { cpu: '1' })]);
    const r = schedulePod(makePod('big', { cpu: '2' }), snap, options());
    expect(r.kind).toBe('unschedulable');
    expect(r.kind === 'unschedulable' && r.message).toBe(
      '0/4 nodes are available: 1 node(s) had untolerated taint(s), 3 Insufficient cpu. '
      + 'preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.');
  });

  it('sorts "count reason" as whole strings, so "10 …" precedes "2 …"', () => {
    const nodes = [tainted('t0'), tainted('t1')];
    for (let i = 0; i < 10; i++) nodes.push(makeNode(`n${i}`, { cpu: '1' }));
    const r = schedulePod(makePod('big', { cpu: '2', spec: { preemptionPolicy: 'Never' } }), snapshotOf(nodes), options());
    expect(r.kind === 'unschedulable' && r.message).toBe(
      '0/12 nodes are available: 10 Insufficient cpu, 2 node(s) had untolerated taint(s). preemption: not eligible due to preemptionPolicy=Never.');
  });

  it('one node can add several reasons, so totals may exceed N', () => {
    const st = rejection('NodeResourcesFit', 'Unschedulable', 'Insufficient cpu', 'Insufficient memory');
    expect(reasonHistogram([st, st])).toEqual(['2 Insufficient cpu', '2 Insufficient memory']);
    expect(fitErrorMessage({ numAllNodes: 2, statuses: [st, st] })).toBe('0/2 nodes are available: 2 Insufficient cpu, 2 Insufficient memory.');
  });

  it('a PreFilter rejection replaces the histogram', () => {
    const snap = snapshotOf([makeNode('a'), makeNode('b'), makeNode('c')]);
    const pod = makePod('p', { spec: { volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'd' } }] } });
    const volumes = {
      getPVC: () => ({ apiVersion: 'v1' as const, kind: 'PersistentVolumeClaim' as const, metadata: { name: 'd' }, spec: { storageClassName: 'std' } }),
      getPV: () => undefined,
      getStorageClass: () => ({ apiVersion: 'storage.k8s.io/v1' as const, kind: 'StorageClass' as const, metadata: { name: 'std' }, provisioner: 'x' }),
    };
    const r = schedulePod(pod, snap, options({ volumes }));
    expect(r.kind === 'unschedulable' && r.message).toBe(
      '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.');
  });

  it('nodes outside a PreFilter node set are "didn\'t satisfy plugin(s) [NodeAffinity]" (DaemonSet pods)', () => {
    const snap = snapshotOf([makeNode('n0', { cpu: '1' }), makeNode('n1'), makeNode('n2'), makeNode('n3')]);
    const pod = makePod('ds', { cpu: '2', spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [
      { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n0'] }] }] } } } } });
    const r = schedulePod(pod, snap, options());
    expect(r.kind === 'unschedulable' && r.message).toBe(
      "0/4 nodes are available: 1 Insufficient cpu, 3 node(s) didn't satisfy plugin(s) [NodeAffinity]. "
      + 'preemption: 0/4 nodes are available: 1 No preemption victims found for incoming pod, 3 Preemption is not helpful for scheduling.');
    expect(r.diagnosis.stats.nodesEvaluated).toBe(1);
  });
});

describe('event messages', () => {
  it('Scheduled and Preempted', () => {
    expect(scheduledMessage('default', 'web-1', 'node-a')).toBe('Successfully assigned default/web-1 to node-a');
    expect(preemptedMessage('1234-abcd', 'node-a')).toBe('Preempted by pod 1234-abcd on node node-a');
  });
});
