import { describe, expect, it } from 'vitest';
import type { Pod } from '../../source/api/core.js';
import { deployment } from '../controllers/deployment-helpers.js';
import { createAll, settleAddons, testSimulation } from '../sim-helpers.js';

function withMetrics() {
  const sim = testSimulation();
  settleAddons(sim);
  return { sim, metrics: sim.metrics };
}

describe('MetricsServer: workload series', () => {
  it('sums a Deployment\'s pods (found through ReplicaSet → Deployment) and counts its Ready replicas', () => {
    const { sim, metrics } = withMetrics();
    createAll(sim, [deployment('web', 3)]);
    sim.advance(90_000);
    const pods = sim.store.select<Pod>('Pod', { namespace: 'default' });
    expect(pods).toHaveLength(3);
    for (const p of pods) expect(metrics.workloadOf(p)).toMatchObject({ kind: 'Deployment', namespace: 'default', name: 'web' });

    const samples = pods.map((p) => metrics.podMetrics('default', p.metadata.name!)!);
    const cpu = samples.reduce((n, s) => n + s.containers[0]!.cpuMilli, 0);
    const memory = samples.reduce((n, s) => n + s.containers[0]!.memoryBytes, 0);
    expect(metrics.series('workload', 'default/Deployment/web', 'cpu')!.latest()!.v).toBeCloseTo(cpu, 3);
    expect(metrics.series('workload', 'default/Deployment/web', 'memory')!.latest()!.v).toBeCloseTo(memory, -3);
    expect(metrics.series('workload', 'default/Deployment/web', 'ready')!.latest()).toEqual({ t: metrics.lastScrapeAt, v: 3 });
    // kube-proxy runs on every node (4), CoreDNS is a Deployment in kube-system.
    expect(metrics.series('workload', 'kube-system/DaemonSet/kube-proxy', 'ready')!.latest()!.v).toBe(4);
    expect(metrics.seriesKeys('workload').sort()).toEqual(['default/Deployment/web', 'kube-system/DaemonSet/kube-proxy', 'kube-system/Deployment/coredns']);
  });

  it('records zero for a workload scaled to nothing, and forgets one that is deleted', () => {
    const { sim, metrics } = withMetrics();
    createAll(sim, [deployment('web', 2)]);
    sim.advance(60_000);
    sim.store.patch('Deployment', 'default', 'web', 'merge', { spec: { replicas: 0 } });
    sim.advance(60_000);
    expect(metrics.series('workload', 'default/Deployment/web', 'ready')!.latest()!.v).toBe(0);
    expect(metrics.series('workload', 'default/Deployment/web', 'cpu')!.latest()!.v).toBe(0);
    expect(metrics.series('workload', 'default/Deployment/web', 'cpu')!.max()).toBeGreaterThan(0);
    sim.store.delete('Deployment', 'default', 'web');
    sim.advance(60_000);
    expect(metrics.series('workload', 'default/Deployment/web', 'cpu')).toBeUndefined();
    expect(metrics.history.keys('pod').filter((k) => k.startsWith('default/'))).toEqual([]);
  });

  it('sums the cluster\'s node usage and counts running and pending pods', () => {
    const { sim, metrics } = withMetrics();
    createAll(sim, [deployment('web', 2), {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'huge', namespace: 'default' },
      spec: { containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '64' } } }] },
    } as Pod]);
    sim.advance(60_000);
    const nodes = metrics.nodeMetricsList();
    expect(nodes).toHaveLength(4);
    expect(metrics.series('cluster', '', 'cpu')!.latest()!.v).toBeCloseTo(nodes.reduce((n, s) => n + s.cpuMilli, 0), 6);
    const all = sim.store.select<Pod>('Pod');
    expect(metrics.series('cluster', '', 'podsRunning')!.latest()!.v).toBe(all.filter((p) => p.status?.phase === 'Running').length);
    expect(metrics.series('cluster', '', 'podsPending')!.latest()!.v).toBe(1);
  });
});
