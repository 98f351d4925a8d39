import { describe, expect, it } from 'vitest';
import type { Pod } from '../../source/api/core.js';
import { podDeletionCost, podsToDelete, rankPodsForDeletion } from '../../source/controllers/replica-sets/ranking.js';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const ts = (secondsAgo: number) => new Date(NOW - secondsAgo * 1000).toISOString().replace('.000Z', 'Z');

interface P {
  node?: string; phase?: 'Pending' | 'Running' | 'Unknown'; readyAgo?: number; cost?: string; restarts?: number;
  createdAgo?: number; uid?: string;
}

function pod(name: string, o: P = {}): Pod {
  const ready = o.readyAgo !== undefined;
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name, namespace: 'default', uid: o.uid ?? `uid-${name}`, creationTimestamp: ts(o.createdAgo ?? 600),
      annotations: o.cost !== undefined ? { 'controller.kubernetes.io/pod-deletion-cost': o.cost } : undefined,
    },
    spec: { containers: [{ name: 'app', image: 'nginx' }], nodeName: o.node ?? 'n1' },
    status: {
      phase: o.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: ready ? ts(o.readyAgo!) : ts(600) }],
      containerStatuses: [{ name: 'app', ready, restartCount: o.restarts ?? 0, image: 'nginx', imageID: '' }],
    },
  };
}

const order = (pods: Pod[], related: Pod[] = pods) => rankPodsForDeletion(pods, related, NOW).map((p) => p.metadata.name);

describe('ActivePodsWithRanks order (first is deleted first)', () => {
  it('1. unscheduled before scheduled', () => {
    expect(order([pod('on-node', { readyAgo: 10 }), pod('unscheduled', { node: '', phase: 'Pending' })])).toEqual(['unscheduled', 'on-node']);
  });

  it('2. Pending < Unknown < Running', () => {
    expect(order([pod('running'), pod('unknown', { phase: 'Unknown' }), pod('pending', { phase: 'Pending' })])).toEqual(['pending', 'unknown', 'running']);
  });

  it('3. not ready before ready', () => {
    expect(order([pod('ready', { readyAgo: 5 }), pod('not-ready')])).toEqual(['not-ready', 'ready']);
  });

  it('4. lower pod-deletion-cost first, before any node or age criterion', () => {
    const pods = [pod('default', { readyAgo: 5, createdAgo: 5 }), pod('expensive', { readyAgo: 5, cost: '100' }), pod('cheap', { readyAgo: 1000, cost: '-5' })];
    expect(order(pods)).toEqual(['cheap', 'default', 'expensive']);
  });

  it('reads pod-deletion-cost as int32, anything malformed as 0', () => {
    const cost = (v: string) => podDeletionCost(pod('x', { cost: v }));
    expect([cost('-5'), cost('0'), cost('2147483647'), cost('-2147483648')]).toEqual([-5, 0, 2147483647, -2147483648]);
    expect([cost('+5'), cost('007'), cost('2147483648'), cost('1.5'), cost(''), cost('abc')]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('5. pods on nodes with more active related pods first', () => {
    const a = pod('alone', { node: 'n1', readyAgo: 100 });
    const b = pod('crowded', { node: 'n2', readyAgo: 100 });
    const others = [pod('sib-1', { node: 'n2' }), pod('sib-2', { node: 'n2' })];
    const terminating = (name: string): Pod => ({ ...pod(name, { node: 'n1' }), metadata: { ...pod(name).metadata, deletionTimestamp: ts(0) } });
    // n2 holds 3 active related pods, n1 one: the two terminating pods on n1 don't count (else a tie, and uid order).
    expect(order([a, b], [a, b, ...others, terminating('gone-1'), terminating('gone-2')])).toEqual(['crowded', 'alone']);
    expect(order([a, b], [a, b])).toEqual(['alone', 'crowded']);
  });

  it('6. ready for less time first, in log2 buckets with the uid breaking ties', () => {
    // 60 s and 100 s ago fall in different buckets (log2 of 6e10 ns = 35.8, of 1e11 ns = 36.5): newer first.
    expect(order([pod('old', { readyAgo: 100 }), pod('new', { readyAgo: 60 })])).toEqual(['new', 'old']);
    // 40 s and 60 s ago share bucket 35: the smaller uid goes first even though it became ready earlier.
    expect(order([pod('newer', { readyAgo: 40, uid: 'b' }), pod('older', { readyAgo: 60, uid: 'a' })])).toEqual(['older', 'newer']);
    expect(order([pod('newer', { readyAgo: 40, uid: 'a' }), pod('older', { readyAgo: 60, uid: 'b' })])).toEqual(['newer', 'older']);
  });

  it('7. higher restart count first', () => {
    expect(order([pod('calm', { readyAgo: 50 }), pod('flappy', { readyAgo: 50, restarts: 3 })])).toEqual(['flappy', 'calm']);
  });

  it('8. newer first, in log2 buckets with the uid breaking ties', () => {
    expect(order([pod('old', { createdAgo: 1000 }), pod('young', { createdAgo: 100 })])).toEqual(['young', 'old']);
    // 40 s and 60 s: same bucket, uid decides.
    expect(order([pod('young', { createdAgo: 40, uid: 'z' }), pod('old', { createdAgo: 60, uid: 'c' })])).toEqual(['old', 'young']);
  });

  it('criteria apply in order: unscheduled beats cost, phase beats readiness', () => {
    const pods = [
      pod('running-ready-cheap', { readyAgo: 5, cost: '-1000' }),
      pod('pending-expensive', { phase: 'Pending', cost: '1000' }),
      pod('unscheduled-expensive', { node: '', phase: 'Pending', cost: '1000' }),
    ];
    expect(order(pods)).toEqual(['unscheduled-expensive', 'pending-expensive', 'running-ready-cheap']);
  });

  it('podsToDelete takes the first diff pods, and everything without sorting when all must go', () => {
    const pods = [pod('ready', { readyAgo: 5 }), pod('pending', { phase: 'Pending' }), pod('not-ready')];
    expect(podsToDelete(pods, pods, 2, NOW).map((p) => p.metadata.name)).toEqual(['pending', 'not-ready']);
    expect(podsToDelete(pods, pods, 3, NOW).map((p) => p.metadata.name)).toEqual(['ready', 'pending', 'not-ready']);
  });
});
