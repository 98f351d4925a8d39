import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '../../source/api/core.js';
import { podStatusReason } from '../../source/api/print/index.js';
import { filterVerdicts } from '../../source/scheduler/diagnosis.js';
import { createAll, testSimulation } from '../sim-helpers.js';

const podSpec = (name: string, extra: Partial<Pod['spec']> = {}, annotations?: Record<string, string>): Pod => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', annotations },
  spec: { containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '100m', memory: '64Mi' } } }], ...extra },
});

describe('Simulation', () => {
  it('brings up Ready nodes, leases and control-plane mirror pods', () => {
    const sim = testSimulation();
    sim.advance(30_000);
    const nodes = sim.store.select<Node>('Node');
    expect(nodes.map((n) => n.metadata.name)).toEqual(['control-plane-0', 'workers-0', 'workers-1', 'workers-2']);
    for (const n of nodes) expect(n.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    expect(sim.store.count('Lease', 'kube-node-lease')).toBe(4);
    const mirrors = sim.store.select<Pod>('Pod', { namespace: 'kube-system' })
      .filter((p) => p.metadata.annotations?.['kubernetes.io/config.mirror']).map((p) => p.metadata.name).sort();
    expect(mirrors).toEqual(['etcd-control-plane-0', 'kube-apiserver-control-plane-0', 'kube-controller-manager-control-plane-0', 'kube-scheduler-control-plane-0']);
  });

  it('schedules pods onto workers (not the tainted control plane) and runs them', () => {
    const sim = testSimulation();
    createAll(sim, Array.from({ length: 6 }, (_, i) => podSpec(`p${i}`)));
    sim.advance(60_000);
    const pods = sim.store.select<Pod>('Pod', { namespace: 'default' });
    for (const p of pods) {
      expect(podStatusReason(p)).toBe('Running');
      expect(p.spec.nodeName).toMatch(/^workers-/);
      expect(p.status?.podIP).toMatch(/^10\.244\./);
    }
    // LeastAllocated spreads them over all three workers (CoreDNS already takes a little room on two of them).
    expect(new Set(pods.map((p) => p.spec.nodeName)).size).toBe(3);
  });

  it('keeps a pod that fits nowhere Pending with per-node, per-plugin reasons', () => {
    const sim = testSimulation();
    createAll(sim, [podSpec('huge', { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '64' } } }] })]);
    sim.advance(10_000);
    const pod = sim.store.get<Pod>('Pod', 'default', 'huge');
    const cond = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    expect(cond).toMatchObject({ status: 'False', reason: 'Unschedulable' });
    expect(cond?.message).toBe('0/4 nodes are available: 1 node(s) had untolerated taint(s), 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.');
    const record = sim.schedulingRecord(pod)!;
    expect(record.result).toBe('unschedulable');
    const cp = filterVerdicts(record.diagnosis, 'control-plane-0');
    expect(cp.find((v) => v.plugin === 'TaintToleration')).toMatchObject({ verdict: 'reject' });
    const w = filterVerdicts(record.diagnosis, 'workers-0');
    expect(w.find((v) => v.plugin === 'NodeResourcesFit')).toMatchObject({ verdict: 'reject' });
  });

  it('a pending pod schedules once capacity appears (a smaller pod is deleted)', () => {
    const sim = testSimulation({ workers: 1, cpu: '2' });
    createAll(sim, [podSpec('big', { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '1500m' } } }] })]);
    sim.advance(20_000);
    createAll(sim, [podSpec('second', { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '1' } } }] })]);
    sim.advance(20_000);
    expect(sim.store.get<Pod>('Pod', 'default', 'second').spec.nodeName).toBeUndefined();
    sim.store.delete('Pod', 'default', 'big');
    sim.advance(60_000);
    expect(sim.store.get<Pod>('Pod', 'default', 'second').spec.nodeName).toBe('workers-0');
  });

  it('with the scheduler stopped, pods stay Pending; restarting it schedules them', () => {
    const sim = testSimulation();
    sim.setComponentRunning('scheduler', false);
    createAll(sim, [podSpec('waiting')]);
    sim.advance(30_000);
    expect(sim.store.get<Pod>('Pod', 'default', 'waiting').spec.nodeName).toBeUndefined();
    sim.setComponentRunning('scheduler', true);
    sim.advance(5_000);
    expect(sim.store.get<Pod>('Pod', 'default', 'waiting').spec.nodeName).toBeDefined();
    expect(() => sim.setComponentRunning('nonsense', false)).toThrow(/no simulated component named "nonsense"/);
  });

  it('preempts a lower-priority pod for a higher-priority one', () => {
    const sim = testSimulation({ workers: 1, cpu: '2' });
    createAll(sim, [
      { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 },
      podSpec('low', { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '1500m' } } }] }),
    ]);
    sim.advance(20_000);
    createAll(sim, [podSpec('vip', { priorityClassName: 'high', containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '1500m' } } }] })]);
    sim.advance(120_000);
    expect(sim.store.tryGet('Pod', 'default', 'low')).toBeUndefined();
    const vip = sim.store.get<Pod>('Pod', 'default', 'vip');
    expect(vip.spec.nodeName).toBe('workers-0');
    const preempted = sim.store.select('Event', { namespace: 'default' }).filter((e) => e.reason === 'Preempted');
    expect(preempted).toHaveLength(1);
    expect(preempted[0]!.message).toBe(`Preempted by pod ${vip.metadata.uid} on node workers-0`);
  });
});
