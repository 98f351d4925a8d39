import { describe, expect, it } from 'vitest';
import type { Event, Node, Service } from '../../source/api/core.js';
import type { Deployment } from '../../source/api/workloads.js';
import { faultCatalog } from '../../source/chaos/catalog/index.js';
import type { Problem } from '../../source/chaos/params.js';
import { findTargets, nodesOf, pickTargets } from '../../source/chaos/targets.js';
import { FaultError, type FaultSpec } from '../../source/chaos/types.js';
import { SeededRandom } from '../../source/engine/random.js';
import { chaosSim, deploy, events, podsOf, service, web } from './helpers.js';

const pods = (mode: FaultSpec['target']['mode'], value?: number): FaultSpec =>
  ({ type: 'pod-kill', target: { kind: 'Pod', selector: { matchLabels: { app: 'web' } }, mode, ...(value !== undefined ? { value } : {}) }, params: { force: true } });

describe('pickTargets (Chaos Mesh modes)', () => {
  const ten = Array.from({ length: 10 }, (_, i) => i);
  it('selects the right counts, rounding percentages up', () => {
    const r = new SeededRandom(7);
    expect(pickTargets(ten, 'one', undefined, r)).toHaveLength(1);
    expect(pickTargets(ten, 'all', undefined, r)).toEqual(ten);
    expect(pickTargets(ten, 'fixed', 3, r)).toHaveLength(3);
    expect(pickTargets(ten, 'fixed', 30, r)).toEqual(ten);
    expect(pickTargets(ten, 'fixed-percent', 25, r)).toHaveLength(3); // ceil(2.5)
    expect(pickTargets(ten, 'fixed-percent', 1, r)).toHaveLength(1); // at least one
    expect(pickTargets(ten, 'fixed-percent', 100, r)).toEqual(ten);
    for (let i = 0; i < 50; i++) expect(pickTargets(ten, 'random-max-percent', 30, r).length).toBeLessThanOrEqual(3);
    const sizes = new Set(Array.from({ length: 200 }, () => pickTargets(ten, 'random-max-percent', 30, r).length));
    expect([...sizes].sort()).toEqual([0, 1, 2, 3]);
  });

  it('chooses distinct targets, in candidate order, the same for the same seed', () => {
    const a = pickTargets(ten, 'fixed', 4, new SeededRandom(42));
    expect(new Set(a).size).toBe(4);
    expect([...a].sort((x, y) => x - y)).toEqual(a);
    expect(pickTargets(ten, 'fixed', 4, new SeededRandom(42))).toEqual(a);
    const others = [1, 2, 3, 4, 5].map((s) => pickTargets(ten, 'fixed', 4, new SeededRandom(s)).join());
    expect(new Set(others).size).toBeGreaterThan(1);
  });
});

describe('targets in a simulation', () => {
  it('resolve by selector and mode; the same seed picks the same pods', () => {
    const pick = (seed: number) => {
      const { sim, faults } = chaosSim({ seed });
      deploy(sim, [web('web', 5)], 'web', 5);
      return { names: podsOf(sim, 'web').map((p) => p.metadata.name), fault: faults.inject(pods('fixed', 2)) };
    };
    const a = pick(3), b = pick(3);
    expect(a.fault.targets).toHaveLength(2);
    expect(a.fault.targets).toEqual(b.fault.targets);
    expect(a.names).toEqual(b.names);
    expect(a.fault.targets.every((t) => a.names.some((n) => t === `Pod/default/${n}`))).toBe(true);
  });

  it('counts for every mode on five pods', () => {
    const { sim, faults } = chaosSim();
    deploy(sim, [web('web', 5)], 'web', 5);
    expect(faults.inject(pods('one')).targets).toHaveLength(1);
    sim.advance(1);
    expect(faults.inject(pods('fixed-percent', 50)).targets).toHaveLength(3);
    sim.advance(30_000);
    expect(faults.inject(pods('all')).targets).toHaveLength(5);
  });

  it('finds zones, node pools and control-plane components by name', () => {
    const { sim } = chaosSim();
    const problems: Problem[] = [];
    const [zone] = findTargets(sim, { kind: 'Zone', name: 'eu-west-1a' }, problems);
    expect(zone).toEqual({ kind: 'Zone', name: 'eu-west-1a', ref: 'Zone/eu-west-1a' });
    expect(nodesOf(sim, zone!).map((n) => n.metadata.name)).toEqual(['control-plane-0', 'workers-0']);
    const [pool] = findTargets(sim, { kind: 'NodePool', name: 'workers' }, problems);
    expect(nodesOf(sim, pool!).map((n) => n.metadata.name)).toEqual(['workers-0', 'workers-1', 'workers-2']);
    expect(findTargets(sim, { kind: 'ControlPlane' }, problems, 'kube-scheduler')).toEqual([{ kind: 'ControlPlane', name: 'kube-scheduler', ref: 'ControlPlane/kube-scheduler' }]);
    expect(findTargets(sim, { kind: 'ControlPlane', name: 'api-server' }, problems)[0]!.ref).toBe('ControlPlane/kube-apiserver');
    expect(problems).toEqual([]);
    expect(findTargets(sim, { kind: 'Zone', name: 'eu-west-1z' }, problems)).toEqual([]);
    expect(findTargets(sim, { kind: 'NodePool', name: 'gpu' }, problems)).toEqual([]);
    expect(problems).toEqual([
      { field: 'target.name', message: 'no node is in zone "eu-west-1z" (known: eu-west-1a, eu-west-1b, eu-west-1c)' },
      { field: 'target.name', message: 'no node is in node pool "gpu" (known: control-plane, workers)' },
    ]);
  });

  it('resolves control-plane components and records node events', () => {
    const { sim, faults } = chaosSim();
    const zone = faults.inject({ type: 'node-taint', target: { kind: 'Node', selector: { matchLabels: { 'topology.kubernetes.io/zone': 'eu-west-1b' } }, mode: 'all' } });
    expect(zone.targets).toEqual(['Node/workers-1']);
    expect(faults.validate({ type: 'scheduler-down', target: { kind: 'ControlPlane', name: 'kube-scheduler' } })).toEqual([]);
    expect(faults.validate({ type: 'scheduler-down', target: { kind: 'ControlPlane', name: 'etcd' } })).toEqual(['target.name: this fault acts on kube-scheduler, not etcd']);
    expect(faults.validate({ type: 'scheduler-down', target: { kind: 'ControlPlane', name: 'dns' } }))
      .toEqual(['target.name: unknown control-plane component "dns" (known: etcd, kube-apiserver, kube-controller-manager, kube-scheduler)']);
    expect(events(sim, 'FaultInjected')).toEqual(['Node/workers-1: Injected fault node-taint (fault-1) with key=kubedrill.io/fault, value=, effect=NoSchedule']);
    expect(sim.store.select<Event>('Event').find((e) => e.reason === 'FaultInjected')).toMatchObject({ type: 'Warning', source: { component: 'kubedrill-chaos' } });
  });
});

describe('validation', () => {
  const check = (spec: unknown) => chaosSim().faults.validate(spec as FaultSpec);

  it('names the field of every problem', () => {
    const { sim, faults } = chaosSim();
    deploy(sim, [web('web', 2), service('web')], 'web', 2);
    const v = (spec: unknown) => faults.validate(spec as FaultSpec);
    expect(v({ type: 'pod-nuke', target: { kind: 'Pod' } })[0]).toMatch(/^type: unknown fault type "pod-nuke" \(known: pod-kill, .*scheduler-down, .*traffic-spike/);
    expect(v({ target: { kind: 'Pod' } })[0]).toMatch(/^type: required \(known: pod-kill/);
    expect(v({ type: 'pod-kill', target: { kind: 'Service', name: 'web' } })).toEqual(['target.kind: pod-kill applies to Pod, not "Service"']);
    expect(v({ type: 'pod-kill' })).toEqual(['target: required: what the fault is aimed at (kind plus name or selector)']);
    expect(v({ type: 'bad-rollout', target: { kind: 'Deployment', name: 'nope' } })).toEqual(['target.name: Deployment "nope" not found in namespace "default"']);
    expect(v({ type: 'bad-rollout', target: { kind: 'Deployment', namespace: 'shop', name: 'web' } })).toEqual(['target.name: Deployment "web" not found in namespace "shop"']);
    expect(v({ type: 'pod-kill', target: { kind: 'Pod', selector: { matchLabels: { app: 'nope' } } } })).toEqual(['target.selector: no Pod in namespace "default" matches app=nope']);
    expect(v({ type: 'pod-kill', target: { kind: 'Pod', selector: { matchLabels: { 'bad key!': 'x' } } } })[0]).toMatch(/^target\.selector: key: Invalid value: "bad key!"/);
    expect(v({ type: 'pod-kill', target: { kind: 'Pod', name: 'a', selector: {} } })).toEqual(['target.selector: give either a name or a selector, not both']);
    expect(v({ type: 'node-taint', target: { kind: 'Node', namespace: 'default', name: 'workers-0' } })).toEqual(['target.namespace: a Node target has no namespace']);
    expect(v(pods('sometimes' as never))).toEqual(['target.mode: unknown mode "sometimes" (expected one of one, all, fixed, fixed-percent, random-max-percent)']);
    expect(v(pods('fixed'))).toEqual(['target.value: required with mode fixed: how many targets']);
    expect(v(pods('fixed', 0))).toEqual(['target.value: must be at least 1, got 0']);
    expect(v(pods('fixed-percent', 101))).toEqual(['target.value: must be a percentage from 1 to 100, got 101']);
    expect(v(pods('random-max-percent', 2.5))).toEqual(['target.value: must be a whole number, got 2.5']);
    expect(v(pods('all', 3))).toEqual(['target.value: only used with mode fixed, fixed-percent or random-max-percent (mode is all)']);
  });

  it('checks params and durations', () => {
    expect(check({ type: 'node-taint', target: { kind: 'Zone', name: 'eu-west-1z' } })).toEqual(['target.kind: node-taint applies to Node, not "Zone"']);
    expect(check({ type: 'api-server-slow', target: { kind: 'ControlPlane' }, params: { latency: 'soon' } }))
      .toEqual(['params.latency: invalid duration "soon": expected a number with a unit (ms, s, m, h, d), e.g. 30s, 5m, 1h30m']);
    expect(check({ type: 'api-server-slow', target: { kind: 'ControlPlane' }, params: { latency: '1h' } })).toEqual(['params.latency: must be from 1ms to 10m, got 3600000ms']);
    expect(check({ type: 'scheduler-down', target: { kind: 'ControlPlane' }, params: { force: true } }))
      .toEqual(['params.force: unknown parameter for scheduler-down (it takes none)']);
    expect(check({ type: 'node-taint', target: { kind: 'Node', name: 'workers-0' }, params: { effect: 'NoEntry', colour: 'red' } })).toEqual([
      'params.colour: unknown parameter for node-taint (known: key, value, effect)',
    ]);
    expect(check({ type: 'node-taint', target: { kind: 'Node', name: 'workers-0' }, params: { effect: 'NoEntry' } }))
      .toEqual(['params.effect: must be one of NoSchedule, PreferNoSchedule, NoExecute, got "NoEntry"']);
    expect(check({ type: 'blocking-quota', target: { kind: 'Deployment', name: 'x' }, params: { headroom: 'lots' } }))
      .toEqual(['params.headroom: expected a number, got "lots"', 'target.name: Deployment "x" not found in namespace "default"']);
    expect(check({ type: 'pod-kill', target: { kind: 'Pod', name: 'x' }, params: { force: 'yes' } })[0]).toBe('params.force: expected true or false, got "yes"');
    expect(check({ type: 'scheduler-down', target: { kind: 'ControlPlane' }, durationMs: -5 })).toEqual(['durationMs: must be a positive number of milliseconds, got -5']);
    expect(check({ type: 'pod-kill', target: { kind: 'Pod', name: 'x' }, durationMs: 1000 })[0]).toBe('durationMs: pod-kill acts once and has nothing to revert; it takes no duration');
  });

  it('inject throws a FaultError naming the first field, with every problem', () => {
    const { faults } = chaosSim();
    let err: unknown;
    try {
      faults.inject({ type: 'node-taint', target: { kind: 'Node', name: 'ghost' }, params: { effect: 'NoEntry' } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FaultError);
    expect((err as FaultError).field).toBe('params.effect');
    expect((err as FaultError).message).toBe('params.effect: must be one of NoSchedule, PreferNoSchedule, NoExecute, got "NoEntry"; target.name: Node "ghost" not found');
    expect(faults.active()).toEqual([]);
  });
});

describe('stop all faults', () => {
  it('reverts everything at once, newest first, and restores each change', () => {
    const { sim, faults } = chaosSim();
    deploy(sim, [web('web', 2), service('web')], 'web', 2);
    const template = sim.store.get<Deployment>('Deployment', 'default', 'web').spec.template;
    faults.inject({ type: 'scheduler-down', target: { kind: 'ControlPlane' } });
    faults.inject({ type: 'api-server-down', target: { kind: 'ControlPlane' } });
    faults.inject({ type: 'controller-manager-down', target: { kind: 'ControlPlane' } });
    faults.inject({ type: 'service-selector-typo', target: { kind: 'Service', name: 'web' } });
    faults.inject({ type: 'node-taint', target: { kind: 'Node', name: 'workers-2' } });
    faults.inject({ type: 'bad-rollout', target: { kind: 'Deployment', name: 'web' } });
    faults.inject({ type: 'blocking-quota', target: { kind: 'Deployment', name: 'web' }, durationMs: 60_000 });
    expect(faults.active().map((f) => f.id)).toEqual(['fault-1', 'fault-2', 'fault-3', 'fault-4', 'fault-5', 'fault-6', 'fault-7']);
    sim.advance(30_000);
    const stopped = faults.stopAll();
    expect(stopped.map((f) => f.id)).toEqual(['fault-7', 'fault-6', 'fault-5', 'fault-4', 'fault-3', 'fault-2', 'fault-1']);
    expect(faults.active()).toEqual([]);
    expect(faults.history().every((h) => h.endedAt === sim.now())).toBe(true);
    for (const n of sim.engine.componentNames()) expect(sim.engine.isRunning(n)).toBe(true);
    expect(sim.store.get<Service>('Service', 'default', 'web').spec.selector).toEqual({ app: 'web' });
    expect(sim.store.get<Node>('Node', undefined, 'workers-2').spec?.taints).toBeUndefined();
    expect(sim.store.get<Deployment>('Deployment', 'default', 'web').spec.template).toEqual(template);
    expect(sim.store.tryGet('ResourceQuota', 'default', 'compute-quota')).toBeUndefined();
    expect(events(sim, 'FaultReverted').filter((e) => e.endsWith(': all faults stopped'))).toHaveLength(events(sim, 'FaultReverted').length);
    // The quota's own timer was cancelled: nothing more happens at its old deadline.
    sim.advance(60_000);
    expect(events(sim, 'FaultReverted').filter((e) => e.includes('fault-7'))).toHaveLength(1);
    expect(faults.stopAll()).toEqual([]);
  });

  it('a component two faults stop runs again only when both are reverted', () => {
    const { sim, faults } = chaosSim();
    faults.inject({ type: 'scheduler-down', target: { kind: 'ControlPlane' } });
    faults.inject({ type: 'api-server-down', target: { kind: 'ControlPlane' } });
    faults.revert('fault-1');
    expect(sim.engine.isRunning('scheduler')).toBe(false);
    expect(faults.revert('fault-1')).toBeUndefined();
    faults.revert('fault-2');
    expect(sim.engine.isRunning('scheduler')).toBe(true);
  });
});

describe('the catalogue', () => {
  it('lists each type once with its parameters, and the manager offers it without the implementations', () => {
    const types = faultCatalog().map((t) => t.type);
    expect(new Set(types).size).toBe(types.length);
    for (const t of ['pod-kill', 'node-taint', 'scheduler-down', 'controller-manager-down', 'api-server-down', 'api-server-slow',
      'bad-rollout', 'service-selector-typo', 'blocking-quota', 'traffic-spike', 'traffic-ramp', 'dependency-slowdown']) expect(types).toContain(t);
    expect(types).not.toContain('etcd-data-loss');
    const { faults } = chaosSim();
    const info = faults.catalog().find((t) => t.type === 'api-server-slow')!;
    expect(info).toEqual({
      type: 'api-server-slow', description: expect.any(String), appliesTo: ['ControlPlane'], controlPlaneComponent: 'kube-apiserver',
      params: [{ name: 'latency', type: 'duration', description: 'added to every request (one round trip)', default: '2s' }],
    });
    expect('inject' in info).toBe(false);
  });
});
