import { describe, expect, it } from 'vitest';
import type { Pod } from '../../source/api/core.js';
import { podReady } from '../../source/api/print/pod-status.js';
import { getPod, node, sim, statusOf } from './helpers.js';

const cp = () => node('cp-0', { index: 0, labels: { 'node-role.kubernetes.io/control-plane': '' } });

describe('static control-plane pods', () => {
  it('runs etcd, kube-apiserver, kube-controller-manager and kube-scheduler as mirror pods in kube-system', () => {
    const { engine } = sim({ nodes: [cp(), node('node-1')] });
    const names = engine.store.select<Pod>('Pod', { namespace: 'kube-system' }).map((p) => p.metadata.name).sort();
    expect(names).toEqual(['etcd-cp-0', 'kube-apiserver-cp-0', 'kube-controller-manager-cp-0', 'kube-scheduler-cp-0']);
    const api = getPod(engine, 'kube-apiserver-cp-0', 'kube-system')!;
    expect(api.metadata.labels).toEqual({ component: 'kube-apiserver', tier: 'control-plane' });
    expect(api.metadata.annotations!['kubernetes.io/config.source']).toBe('file');
    expect(api.metadata.annotations!['kubernetes.io/config.mirror']).toBe(api.metadata.annotations!['kubernetes.io/config.hash']);
    expect(api.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Node', name: 'cp-0', uid: engine.store.get('Node', undefined, 'cp-0').metadata.uid, controller: true }]);
    expect(api.spec).toMatchObject({ nodeName: 'cp-0', hostNetwork: true, priorityClassName: 'system-node-critical', priority: 2000001000 });
    expect(api.spec.containers[0]!.image).toBe('registry.k8s.io/kube-apiserver:v1.32.2');
    expect(getPod(engine, 'etcd-cp-0', 'kube-system')!.spec.containers[0]!.image).toBe('registry.k8s.io/etcd:3.5.16-0');
    expect(engine.store.select<Pod>('Pod', { nodeName: 'node-1' })).toHaveLength(0);
    engine.advance(60_000);
    for (const n of names) {
      expect(statusOf(engine, n!, 'kube-system')).toBe('Running');
      expect(podReady(getPod(engine, n!, 'kube-system')!)).toBe('1/1');
    }
    // hostNetwork: the pod IP is the node's.
    expect(getPod(engine, 'etcd-cp-0', 'kube-system')!.status!.podIP).toBe('172.16.0.10');
  });

  it('reflects component health: down crash-loops and is not ready, up heals', () => {
    const { engine, pool } = sim({ nodes: [cp()] });
    engine.advance(60_000);
    pool.setStaticPodHealth('kube-scheduler', false);
    engine.advance(1_000);
    const down = getPod(engine, 'kube-scheduler-cp-0', 'kube-system')!;
    expect(podReady(down)).toBe('0/1');
    expect(down.status!.containerStatuses![0]!.restartCount).toBeGreaterThanOrEqual(1);
    engine.advance(60_000);
    expect(statusOf(engine, 'kube-scheduler-cp-0', 'kube-system')).toBe('CrashLoopBackOff');
    expect(statusOf(engine, 'etcd-cp-0', 'kube-system')).toBe('Running');
    pool.setStaticPodHealth('kube-scheduler', true);
    engine.advance(400_000);
    const up = getPod(engine, 'kube-scheduler-cp-0', 'kube-system')!;
    expect(statusOf(engine, 'kube-scheduler-cp-0', 'kube-system')).toBe('Running');
    expect(podReady(up)).toBe('1/1');
    expect(() => pool.setStaticPodHealth('kube-proxy' as never, false)).toThrow('unknown static pod component "kube-proxy"');
  });

  it('re-creates a deleted mirror pod; the static pod keeps running', () => {
    const { engine } = sim({ nodes: [cp()] });
    engine.advance(60_000);
    const before = getPod(engine, 'etcd-cp-0', 'kube-system')!;
    engine.store.delete('Pod', 'kube-system', 'etcd-cp-0');
    engine.advance(1_000);
    const after = getPod(engine, 'etcd-cp-0', 'kube-system')!;
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
    expect(statusOf(engine, 'etcd-cp-0', 'kube-system')).toBe('Running');
    expect(after.status!.containerStatuses![0]!.restartCount).toBe(0);
  });
});
