import { describe, expect, it } from 'vitest';
import type { Node, Pod, Service } from '../../source/api/core.js';
import type { Simulation } from '../../source/cluster/simulation.js';
import type { TrafficController } from '../../source/traffic/traffic-controller.js';
import { chaosSim, deploy, events, podsOf, readyPods, service, web } from './helpers.js';

const taints = (sim: Simulation, node: string) => sim.store.get<Node>('Node', undefined, node).spec?.taints ?? [];

/** The simulation's traffic controller. */
const trafficFor = (sim: Simulation): TrafficController => sim.traffic;

describe('pod-kill', () => {
  it('deletes gracefully by default; the ReplicaSet replaces the pod; nothing stays active', () => {
    const { sim, faults } = chaosSim();
    const [victim] = deploy(sim, [web('web', 1)], 'web', 1);
    const fault = faults.inject({ type: 'pod-kill', target: { kind: 'Pod', name: victim!.metadata.name } });
    expect(fault.targets).toEqual([`Pod/default/${victim!.metadata.name}`]);
    const dying = sim.store.get<Pod>('Pod', 'default', victim!.metadata.name!);
    expect(dying.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(faults.active()).toEqual([]);
    expect(faults.history()).toEqual([{ fault, endedAt: fault.startedAt }]);
    expect(events(sim, 'FaultInjected')).toEqual([`Pod/${victim!.metadata.name}: Injected fault pod-kill (fault-1) with force=false`]);
    expect(events(sim, 'Killing')).toEqual([`Pod/${victim!.metadata.name}: Stopping container app`]);
    expect(events(sim, 'FaultReverted')).toEqual([]);
    sim.advance(30_000);
    expect(readyPods(sim, 'web').map((p) => p.metadata.name)).not.toContain(victim!.metadata.name);
    expect(readyPods(sim, 'web')).toHaveLength(1);
  });

  it('force removes the pod from the API at once; grace sets the grace period', () => {
    const { sim, faults } = chaosSim();
    const [a, b] = deploy(sim, [web('web', 2)], 'web', 2);
    faults.inject({ type: 'pod-kill', target: { kind: 'Pod', name: a!.metadata.name }, params: { force: true } });
    expect(sim.store.tryGet('Pod', 'default', a!.metadata.name!)).toBeUndefined();
    faults.inject({ type: 'pod-kill', target: { kind: 'Pod', name: b!.metadata.name }, params: { grace: '5s' } });
    expect(sim.store.get<Pod>('Pod', 'default', b!.metadata.name!).metadata.deletionGracePeriodSeconds).toBe(5);
    expect(faults.validate({ type: 'pod-kill', target: { kind: 'Pod', name: b!.metadata.name }, params: { force: true, grace: '5s' } }))
      .toEqual(['params.grace: force deletes with grace period 0; drop grace or force']);
    expect(faults.validate({ type: 'pod-kill', target: { kind: 'Pod', selector: { matchLabels: { app: 'web' } } }, params: { grace: '1500ms' } }))
      .toEqual(['params.grace: must be whole seconds (gracePeriodSeconds), got 1500ms']);
  });
});

describe('node-taint', () => {
  it('NoSchedule keeps new pods off the node; revert removes only its own taint', () => {
    const { sim, faults } = chaosSim();
    faults.inject({ type: 'node-taint', target: { kind: 'Node', name: 'workers-0' }, params: { key: 'dedicated', value: 'infra' } });
    expect(taints(sim, 'workers-0')).toEqual([{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }]);
    deploy(sim, [web('web', 6)], 'web', 6);
    expect(podsOf(sim, 'web').map((p) => p.spec.nodeName)).not.toContain('workers-0');
    sim.store.patch('Node', undefined, 'workers-0', 'merge', { spec: { taints: [...taints(sim, 'workers-0'), { key: 'other', effect: 'NoSchedule' }] } });
    faults.revert('fault-1');
    expect(taints(sim, 'workers-0')).toEqual([{ key: 'other', effect: 'NoSchedule' }]);
  });

  it('NoExecute evicts the pods that do not tolerate it; an existing taint is refused', () => {
    const { sim, faults } = chaosSim();
    deploy(sim, [web('web', 3)], 'web', 3);
    const onNode = podsOf(sim, 'web').filter((p) => p.spec.nodeName === 'workers-1').map((p) => p.metadata.name);
    expect(onNode.length).toBeGreaterThan(0);
    faults.inject({ type: 'node-taint', target: { kind: 'Node', name: 'workers-1' }, params: { effect: 'NoExecute' }, durationMs: 120_000 });
    expect(taints(sim, 'workers-1')).toEqual([{ key: 'kubedrill.io/fault', effect: 'NoExecute', timeAdded: expect.any(String) }]);
    expect(faults.validate({ type: 'node-taint', target: { kind: 'Node', name: 'workers-1' }, params: { effect: 'NoExecute' } }))
      .toEqual(['target: node-taint is already active on Node/workers-1 (fault-1)']);
    sim.advance(60_000);
    expect(podsOf(sim, 'web').filter((p) => p.spec.nodeName === 'workers-1')).toEqual([]);
    expect(readyPods(sim, 'web')).toHaveLength(3);
    sim.advance(60_000);
    expect(taints(sim, 'workers-1')).toEqual([]);
  });
});

describe('traffic faults', () => {
  it('traffic-spike multiplies the current rate from now; revert restores the annotation model', () => {
    const { sim, faults } = chaosSim();
    const traffic = trafficFor(sim);
    deploy(sim, [web('web', 2), service('web', 'web', { 'sim.kubedrill.io/traffic': '100' })], 'web', 2);
    sim.advance(10_000);
    expect(traffic.serviceRequestRate('default', 'web')).toBe(100);
    faults.inject({ type: 'traffic-spike', target: { kind: 'Service', name: 'web' }, params: { for: '4m' } });
    expect(traffic.model('default', 'web')).toMatchObject({ source: 'live', originMs: sim.now() });
    sim.advance(60_000);
    expect(traffic.serviceRequestRate('default', 'web')).toBe(1000);
    faults.revert('fault-1');
    expect(traffic.model('default', 'web')?.source).toBe('annotation');
    sim.advance(10_000);
    expect(traffic.serviceRequestRate('default', 'web')).toBe(100);
  });

  it('traffic-ramp climbs linearly; revert puts back the live model it replaced', () => {
    const { sim, faults } = chaosSim();
    const traffic = trafficFor(sim);
    deploy(sim, [web('web', 2), service('web')], 'web', 2);
    traffic.setModel('default', 'web', '50', { startMs: sim.now() });
    const before = traffic.model('default', 'web');
    faults.inject({ type: 'traffic-ramp', target: { kind: 'Service', name: 'web' }, params: { from: 100, to: 500, for: '4m' } });
    sim.advance(2 * 60_000);
    // Halfway: 300 req/s, as measured at the last 5 s tick (at most 5 s of the 400-per-4m climb behind).
    const rate = traffic.serviceRequestRate('default', 'web')!;
    expect(rate).toBeLessThanOrEqual(300);
    expect(rate).toBeGreaterThanOrEqual(300 - (400 * 5) / 240);
    sim.advance(3 * 60_000);
    expect(traffic.serviceRequestRate('default', 'web')).toBe(500);
    faults.revert('fault-1');
    expect(traffic.model('default', 'web')).toEqual(before);
  });

  it('spike on a Service with no traffic needs a peak', () => {
    const { sim, faults } = chaosSim();
    createOnly(sim);
    expect(faults.validate({ type: 'traffic-spike', target: { kind: 'Service', name: 'web' } }))
      .toEqual(['params: Service/default/web: the Service gets no traffic now, so a multiple of it is 0: give peak (or base)']);
    expect(faults.validate({ type: 'traffic-spike', target: { kind: 'Service', name: 'web' }, params: { peak: 500 } })).toEqual([]);
    expect(faults.validate({ type: 'traffic-spike', target: { kind: 'Service', name: 'web' }, params: { peak: 500, for: '1m', rise: '40s' } }))
      .toEqual(['params: Service/default/web: traffic model "spike": rise (40s) must be at most half of for (1m): the spike rises and falls within for']);
  });

  it('dependency-slowdown adds latency to what callers measure; revert restores the annotation', () => {
    const { sim, faults } = chaosSim();
    const traffic = trafficFor(sim);
    deploy(sim, [web('web', 2), service('web', 'web', { 'sim.kubedrill.io/traffic': '10' })], 'web', 2);
    sim.advance(10_000);
    const base = traffic.sli('default', 'web')!.latencyMs!;
    faults.inject({ type: 'dependency-slowdown', target: { kind: 'Service', name: 'web' }, params: { latency: '450ms' } });
    expect(sim.store.get<Service>('Service', 'default', 'web').metadata.annotations?.['sim.kubedrill.io/latency']).toBe('500ms');
    sim.advance(10_000);
    expect(traffic.sli('default', 'web')!.latencyMs).toBeCloseTo(base * 10, 6);
    faults.revert('fault-1');
    expect(sim.store.get<Service>('Service', 'default', 'web').metadata.annotations).toEqual({ 'sim.kubedrill.io/traffic': '10' });
    sim.advance(10_000);
    expect(traffic.sli('default', 'web')!.latencyMs).toBeCloseTo(base, 6);
  });
});

function createOnly(sim: Simulation): void {
  sim.store.create(service('web'));
  sim.engine.settle();
}
