import { describe, expect, it } from 'vitest';
import type { Event, Pod } from '../../source/api/core.js';
import { podReady } from '../../source/api/print/pod-status.js';
import { boundPod, eventsFor, getPod, node, sim, statusOf } from './helpers.js';

describe('sidecars', () => {
  it('starts a restartable init container, then the app, and counts it in READY', () => {
    const { engine } = sim();
    engine.store.create(boundPod('web', 'node-1', [{}], { initContainers: [{ name: 'proxy', image: 'envoyproxy/envoy:v1.31', restartPolicy: 'Always' }] }));
    engine.advance(2_000);
    expect(statusOf(engine, 'web')).toBe('Init:0/1');
    engine.advance(20_000);
    const pod = getPod(engine, 'web')!;
    expect(statusOf(engine, 'web')).toBe('Running');
    expect(podReady(pod)).toBe('2/2');
    expect(pod.status!.initContainerStatuses![0]).toMatchObject({ name: 'proxy', started: true, ready: true, state: { running: {} } });
  });
});

describe('pod IP exhaustion', () => {
  it('waits with FailedCreatePodSandBox until an address frees up', () => {
    const { engine } = sim({ nodes: [node('tiny', { podCIDR: '10.9.9.0/30' })] });
    engine.store.create(boundPod('first', 'tiny'));
    engine.store.create(boundPod('second', 'tiny'));
    engine.advance(10_000);
    expect(getPod(engine, 'first')!.status!.podIP).toBe('10.9.9.2');
    expect(statusOf(engine, 'second')).toBe('ContainerCreating');
    expect(eventsFor(engine, 'second')[0]).toMatch(/^FailedCreatePodSandBox: Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "[0-9a-f]{64}": plugin type="bridge" failed \(add\): failed to allocate for range 0: no IP addresses available in range set: 10\.9\.9\.1-10\.9\.9\.2$/);
    engine.store.delete('Pod', 'default', 'first', { gracePeriodSeconds: 0 });
    engine.advance(5_000);
    expect(getPod(engine, 'second')!.status!.podIP).toBe('10.9.9.2');
    expect(statusOf(engine, 'second')).toBe('Running');
  });
});

describe('determinism', () => {
  it('the same seed and inputs give the same objects and events, byte for byte', () => {
    const run = () => {
      const { engine, pool } = sim({ seed: 42, nodes: [node('node-1'), node('cp', { index: 2, labels: { 'node-role.kubernetes.io/control-plane': '' } })] });
      engine.store.create(boundPod('web', 'node-1', [{ readinessProbe: { httpGet: { path: '/', port: 80 } } }], { annotations: { 'sim.kubedrill.io/ready-after': '15s' } }));
      engine.store.create(boundPod('crash', 'node-1', [{ image: 'python:3.12' }], { annotations: { 'sim.kubedrill.io/crash-after': '20s' } }));
      engine.store.create(boundPod('typo', 'node-1', [{ image: 'redis:typo' }]));
      engine.advance(120_000);
      pool.setStaticPodHealth('etcd', false);
      engine.advance(120_000);
      const pods = engine.store.select<Pod>('Pod').map((p) => JSON.stringify(p));
      const events = engine.store.select<Event>('Event').map((e) => JSON.stringify(e));
      return JSON.stringify([pods, events]);
    };
    const a = run();
    expect(a.length).toBeGreaterThan(10_000);
    expect(run()).toBe(a);
  });
});
