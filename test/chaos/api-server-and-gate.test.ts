import { describe, expect, it } from 'vitest';
import type { Event } from '../../source/api/core.js';
import { ApiServerAvailability, apiServerOf } from '../../source/cluster/api-server.js';
import { componentGate, staticPod } from '../../source/chaos/component-gate.js';
import { chaosSim, deploy, web } from './helpers.js';

describe('ApiServerAvailability', () => {
  it('is down while any owner holds it down, and as slow as the slowest owner', () => {
    const api = new ApiServerAvailability();
    expect(api.status()).toEqual({ state: 'up', latencyMs: 0 });
    api.setLatency('a', 2000);
    api.setLatency('b', 500);
    expect(api.status()).toEqual({ state: 'slow', latencyMs: 2000 });
    api.setDown('c', true);
    api.setDown('d', true);
    expect(api.status()).toEqual({ state: 'down', latencyMs: 0, error: 'The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?' });
    api.setDown('c', false);
    expect(api.reachable).toBe(false);
    api.setDown('d', false);
    api.setLatency('a', undefined);
    expect(api.status()).toEqual({ state: 'slow', latencyMs: 500 });
    expect(new ApiServerAvailability('10.0.0.1:6443').connectionError()).toBeUndefined();
  });

  it('is one object per simulation', () => {
    const { sim } = chaosSim();
    expect(apiServerOf(sim)).toBe(apiServerOf(sim));
    expect(apiServerOf(chaosSim().sim)).not.toBe(apiServerOf(sim));
  });
});

describe('ComponentGate', () => {
  it('leaves a component stopped that was stopped before the first hold', () => {
    const { sim } = chaosSim();
    const gate = componentGate(sim);
    sim.setComponentRunning('vpa', false);
    expect(gate.hold('f1', ['vpa', 'scheduler', 'no-such-component', 'static:kube-proxy'])).toEqual(['vpa', 'scheduler']);
    gate.release('f1');
    expect(sim.engine.isRunning('vpa')).toBe(false);
    expect(sim.engine.isRunning('scheduler')).toBe(true);
  });

  it('holds a static pod unhealthy, and a slow hold lets work through only on a pulse', () => {
    const { sim } = chaosSim();
    const gate = componentGate(sim);
    gate.hold('f1', [staticPod('kube-controller-manager')]);
    expect(sim.kubelets.staticHealthy('kube-controller-manager')).toBe(false);
    gate.release('f1');
    expect(sim.kubelets.staticHealthy('kube-controller-manager')).toBe(true);
    gate.hold('f2', ['replicaset-controller', 'deployment-controller'], 'slow');
    sim.store.create(web('web', 2));
    sim.engine.settle();
    expect(sim.store.select('ReplicaSet', { namespace: 'default' })).toHaveLength(0);
    gate.pulse();
    expect(sim.store.select('Pod', { namespace: 'default' })).toHaveLength(2);
    expect(sim.engine.isRunning('replicaset-controller')).toBe(false);
    gate.hold('f3', ['replicaset-controller']); // a stop hold beats the slow one: no work on a pulse
    sim.store.patch('Deployment', 'default', 'web', 'merge', { spec: { replicas: 3 } });
    gate.pulse();
    expect(sim.store.select('Pod', { namespace: 'default' })).toHaveLength(2);
    gate.release('f3');
    gate.pulse();
    expect(sim.store.select('Pod', { namespace: 'default' })).toHaveLength(3);
  });
});

describe('determinism', () => {
  it('the same seed and the same fault requests give the same event log', () => {
    const runOnce = () => {
      const { sim, faults } = chaosSim({ seed: 11 });
      deploy(sim, [web('web', 6)], 'web', 6);
      faults.inject({ type: 'pod-kill', target: { kind: 'Pod', selector: { matchLabels: { app: 'web' } }, mode: 'random-max-percent', value: 60 } });
      faults.inject({ type: 'bad-rollout', target: { kind: 'Deployment', name: 'web' }, durationMs: 90_000 });
      sim.advance(180_000);
      return sim.store.select<Event>('Event').map((e) => `${e.lastTimestamp} ${e.involvedObject.kind}/${e.involvedObject.name} ${e.reason} ${e.count}: ${e.message}`);
    };
    const a = runOnce();
    expect(a.some((l) => l.includes('FaultReverted'))).toBe(true);
    expect(runOnce()).toEqual(a);
  });
});
