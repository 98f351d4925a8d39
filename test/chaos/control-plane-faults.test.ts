import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '../../source/api/core.js';
import { InProcessClient } from '../../source/client/in-process.js';
import { chaosSim, deploy, events, podsOf, service, web } from './helpers.js';

const REFUSED = 'The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?';
const CP = (name?: string) => ({ kind: 'ControlPlane' as const, ...(name ? { name } : {}) });

/** A pod no node can hold (100 CPUs): the scheduler reports FailedScheduling as soon as it tries. */
const hungry: Pod = {
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'hungry', namespace: 'default' },
  spec: { containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '100' } } }] },
};

const scale = (sim: ReturnType<typeof chaosSim>['sim'], name: string, replicas: number) => sim.store.patch('Deployment', 'default', name, 'merge', { spec: { replicas } });
const running = (pods: Pod[]) => pods.filter((p) => p.status?.phase === 'Running' && p.spec.nodeName);
const nodeReady = (n: Node) => n.status?.conditions?.find((c) => c.type === 'Ready')?.status;

describe('scheduler-down', () => {
  it('leaves new pods Pending with no FailedScheduling events; on revert they are scheduled', () => {
    const { sim, faults } = chaosSim();
    deploy(sim, [web('web', 2)], 'web', 2);
    const fault = faults.inject({ type: 'scheduler-down', target: CP('scheduler') });
    expect(fault).toMatchObject({ id: 'fault-1', targets: ['ControlPlane/kube-scheduler'], startedAt: sim.now() });
    expect(sim.engine.isRunning('scheduler')).toBe(false);
    scale(sim, 'web', 4);
    sim.store.create(hungry);
    sim.advance(120_000);
    const pods = podsOf(sim, 'web');
    expect(pods).toHaveLength(4);
    expect(pods.filter((p) => !p.spec.nodeName)).toHaveLength(2);
    expect(pods.filter((p) => !p.spec.nodeName).every((p) => p.status?.phase === 'Pending')).toBe(true);
    expect(running(pods)).toHaveLength(2); // the running ones keep running
    expect(events(sim, 'FailedScheduling')).toEqual([]);
    // The kube-scheduler static pod shows the outage.
    const mirror = sim.store.select<Pod>('Pod', { namespace: 'kube-system' }).find((p) => p.metadata.labels?.component === 'kube-scheduler')!;
    expect(mirror.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('False');
    expect(events(sim, 'FaultInjected')).toEqual([`Pod/${mirror.metadata.name}: Injected fault scheduler-down (fault-1)`]);

    expect(faults.revert('fault-1')).toBe(fault);
    expect(sim.engine.isRunning('scheduler')).toBe(true);
    sim.advance(30_000);
    expect(running(podsOf(sim, 'web'))).toHaveLength(4);
    expect(events(sim, 'FailedScheduling')).toEqual([expect.stringMatching(/^Pod\/hungry: 0\/4 nodes are available: .*Insufficient cpu/)]);
    expect(events(sim, 'FaultReverted')).toEqual([`Pod/${mirror.metadata.name}: Reverted fault scheduler-down (fault-1): reverted on request`]);
    expect(faults.active()).toEqual([]);
    expect(faults.history()).toEqual([{ fault, endedAt: sim.now() - 30_000 }]);
  });

  it('reverts itself after its duration', () => {
    const { sim, faults } = chaosSim();
    const fault = faults.inject({ type: 'scheduler-down', target: CP(), durationMs: 300_000 });
    expect(fault.endsAt).toBe(fault.startedAt + 300_000);
    sim.advance(299_999);
    expect(sim.engine.isRunning('scheduler')).toBe(false);
    sim.advance(1);
    expect(sim.engine.isRunning('scheduler')).toBe(true);
    expect(faults.active()).toEqual([]);
    expect(faults.history()[0]!.endedAt).toBe(fault.startedAt + 300_000);
    expect(events(sim, 'FaultReverted')[0]).toMatch(/: Reverted fault scheduler-down \(fault-1\): its duration of 5m0s elapsed$/);
  });
});

describe('controller-manager-down', () => {
  it('does not replace a deleted pod until it is reverted; running pods keep running', () => {
    const { sim, faults } = chaosSim();
    const [victim] = deploy(sim, [web('web', 3)], 'web', 3);
    faults.inject({ type: 'controller-manager-down', target: CP('kube-controller-manager') });
    for (const n of ['replicaset-controller', 'deployment-controller', 'endpointslice-controller', 'garbage-collector', 'horizontal-pod-autoscaler']) {
      expect(sim.engine.isRunning(n)).toBe(false);
    }
    expect(sim.engine.isRunning('scheduler')).toBe(true);
    sim.store.delete('Pod', 'default', victim!.metadata.name!, { gracePeriodSeconds: 0 });
    sim.advance(120_000);
    expect(running(podsOf(sim, 'web'))).toHaveLength(2);
    expect(podsOf(sim, 'web')).toHaveLength(2);
    faults.revert('fault-1');
    sim.advance(30_000);
    expect(running(podsOf(sim, 'web'))).toHaveLength(3);
  });
});

describe('api-server-down', () => {
  it("refuses clients with kubectl's error while pods keep running and traffic keeps being served; then catches up", () => {
    const { sim, faults } = chaosSim();
    const traffic = sim.traffic;
    deploy(sim, [web('web', 2), service('web', 'web', { 'sim.kubedrill.io/traffic': '100' })], 'web', 2);
    sim.advance(30_000);
    const client = new InProcessClient(sim);
    expect(client.apiServerStatus()).toEqual({ state: 'up', latencyMs: 0 });
    faults.inject({ type: 'api-server-down', target: CP('api-server') });
    expect(client.apiServerStatus()).toEqual({ state: 'down', latencyMs: 0, error: REFUSED });
    expect(client.scale('Deployment', 'default', 'web', 4)).toEqual({ ok: false, message: REFUSED });
    expect(client.delete('Pod', 'default', podsOf(sim, 'web')[0]!.metadata.name!)).toEqual({ ok: false, message: REFUSED });
    expect(client.cordon('workers-0')).toEqual({ ok: false, message: REFUSED });
    expect(client.drain('workers-0')).toMatchObject({ state: 'failed', lines: [REFUSED] });
    expect(() => client.describe('Deployment', 'default', 'web')).toThrow(REFUSED);
    expect(() => client.logs('default', podsOf(sim, 'web')[0]!.metadata.name!)).toThrow(REFUSED);
    // A change that reached the store before the outage is not acted on: nothing reconciles it.
    scale(sim, 'web', 4);
    sim.advance(5 * 60_000);
    expect(podsOf(sim, 'web')).toHaveLength(2);
    expect(running(podsOf(sim, 'web'))).toHaveLength(2);
    expect(traffic.sli('default', 'web')).toMatchObject({ rate: 100, servedRate: 100, endpoints: 2 });
    expect(sim.store.select<Node>('Node').map(nodeReady)).toEqual(['True', 'True', 'True', 'True']);

    faults.revert('fault-1');
    expect(client.apiServerStatus().state).toBe('up');
    sim.advance(60_000);
    expect(running(podsOf(sim, 'web'))).toHaveLength(4);
    expect(traffic.sli('default', 'web')).toMatchObject({ rate: 100, servedRate: 100, endpoints: 4 });
    // Nodes were silent to nobody: the node controller sees fresh leases and marks none NotReady.
    expect(sim.store.select<Node>('Node').map(nodeReady)).toEqual(['True', 'True', 'True', 'True']);
    expect(sim.store.select<Node>('Node').flatMap((n) => n.spec?.taints ?? []).filter((t) => t.key.startsWith('node.kubernetes.io/'))).toEqual([]);
    expect(client.scale('Deployment', 'default', 'web', 3)).toEqual({ ok: true, message: 'deployment.apps/web scaled' });
  });
});

describe('api-server-slow', () => {
  it('reports the latency on every action, and the control plane reacts once per round trip', () => {
    const { sim, faults } = chaosSim();
    deploy(sim, [web('web', 2)], 'web', 2);
    const client = new InProcessClient(sim);
    faults.inject({ type: 'api-server-slow', target: CP(), params: { latency: '10s' } });
    expect(client.apiServerStatus()).toEqual({ state: 'slow', latencyMs: 10_000 });
    expect(client.scale('Deployment', 'default', 'web', 4)).toEqual({ ok: true, message: 'deployment.apps/web scaled', latencyMs: 10_000 });
    sim.advance(9_000);
    expect(podsOf(sim, 'web')).toHaveLength(2);
    sim.advance(1_000);
    expect(podsOf(sim, 'web')).toHaveLength(4);
    faults.revert('fault-1');
    expect(client.apiServerStatus()).toEqual({ state: 'up', latencyMs: 0 });
    expect(client.scale('Deployment', 'default', 'web', 5)).toEqual({ ok: true, message: 'deployment.apps/web scaled' });
    expect(podsOf(sim, 'web')).toHaveLength(5);
  });
});
