import { describe, expect, it } from 'vitest';
import type { Node } from '../../source/api/core.js';
import { evictionMessage, rankForMemory } from '../../source/kubelet/eviction.js';
import { boundPod, eventObjects, eventsFor, getPod, node, sim, statusOf } from './helpers.js';

const Mi = 1024 * 1024;

describe('memory eviction ranking', () => {
  const c = (item: string, priority: number, usage: number, request: number) => ({ item, priority, usage, request, containers: [] });

  it('puts pods over their request first, then lower priority, then the largest excess', () => {
    const ranked = rankForMemory([
      c('guaranteed-under', 0, 100, 200),
      c('burstable-over-high-prio', 1000, 300, 100),
      c('besteffort-small', 0, 50, 0),
      c('besteffort-big', 0, 400, 0),
      c('burstable-over', 0, 250, 100),
    ]).map((x) => x.item);
    expect(ranked).toEqual(['besteffort-big', 'burstable-over', 'besteffort-small', 'burstable-over-high-prio', 'guaranteed-under']);
  });

  it('builds the upstream message from fragments', () => {
    expect(evictionMessage(51200 * 1024, [
      { name: 'app', usage: 300 * Mi, request: 128 * Mi, requestText: '128Mi' },
      { name: 'sidecar', usage: 10 * Mi, request: 64 * Mi, requestText: '64Mi' },
      { name: 'greedy', usage: 12 * Mi, request: 0, requestText: '0' },
    ])).toBe('The node was low on resource: memory. Threshold quantity: 100Mi, available: 50Mi. '
      + 'Container app was using 300Mi, request is 128Mi, has larger consumption of memory. '
      + 'Container greedy was using 12Mi, request is 0, has larger consumption of memory. ');
  });
});

describe('node memory pressure', () => {
  it('evicts the pod over its request when memory.available drops below 100Mi, and reports MemoryPressure', () => {
    // 2Gi allocatable; a BestEffort pod leaking 100Mi/min from 500Mi and a Burstable pod within its request.
    const { engine } = sim({ nodes: [node('node-1', { memory: '3Gi', allocMemory: '2Gi' })] });
    engine.store.create(boundPod('leaky', 'node-1', [{}], { annotations: { 'sim.kubedrill.io/memory': '500Mi', 'sim.kubedrill.io/memory-leak': '100Mi/min' } }));
    engine.store.create(boundPod('steady', 'node-1', [{ resources: { requests: { memory: '600Mi' } } }], { annotations: { 'sim.kubedrill.io/memory': '500Mi' } }));
    engine.advance(5 * 60_000);
    expect(statusOf(engine, 'leaky')).toBe('Running');
    // usage: 1000Mi + 100Mi/min → available < 100Mi once usage passes 1948Mi: ~9.5 min after start.
    engine.advance(6 * 60_000);
    const evicted = getPod(engine, 'leaky')!;
    expect(statusOf(engine, 'leaky')).toBe('Evicted');
    expect(evicted.status!.phase).toBe('Failed');
    expect(evicted.status!.reason).toBe('Evicted');
    expect(evicted.status!.message).toMatch(/^The node was low on resource: memory\. Threshold quantity: 100Mi, available: \d+(Ki|Mi)\. Container app was using \d+(Ki|Mi), request is 0, has larger consumption of memory\. $/);
    const dt = evicted.status!.conditions!.find((x) => x.type === 'DisruptionTarget')!;
    expect(dt).toMatchObject({ status: 'True', reason: 'TerminationByKubelet', message: evicted.status!.message });
    expect(evicted.status!.conditions!.at(-1)!.type).toBe('DisruptionTarget');
    const ev = eventObjects(engine, 'leaky').find((e) => e.reason === 'Evicted')!;
    expect(ev).toMatchObject({ type: 'Warning', message: evicted.status!.message });
    expect(statusOf(engine, 'steady')).toBe('Running');
    const n = engine.store.get<Node>('Node', undefined, 'node-1');
    expect(n.status!.conditions![0]).toMatchObject({ type: 'MemoryPressure', status: 'True', reason: 'KubeletHasInsufficientMemory', message: 'kubelet has insufficient memory available' });
    expect(eventsFor(engine, 'node-1', 'Node')).toContain('NodeHasInsufficientMemory: Node node-1 status is now: NodeHasInsufficientMemory');
    expect(eventsFor(engine, 'node-1', 'Node')).toContain('EvictionThresholdMet: Attempting to reclaim memory');
    // Under pressure a BestEffort pod is refused.
    engine.store.create(boundPod('late', 'node-1'));
    engine.advance(1_000);
    expect(getPod(engine, 'late')!.status).toMatchObject({ phase: 'Failed', reason: 'Evicted', message: 'Pod was rejected: The node had condition: [MemoryPressure]. ' });
    // The condition clears 5 minutes after the last observation.
    engine.advance(6 * 60_000);
    expect(engine.store.get<Node>('Node', undefined, 'node-1').status!.conditions![0]!.status).toBe('False');
  });
});
