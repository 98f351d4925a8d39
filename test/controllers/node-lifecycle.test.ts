import { describe, expect, it } from 'vitest';
import type { Pod } from '../../source/api/core.js';
import { podStatusReason } from '../../source/api/print/index.js';
import { NodeLifecycleController } from '../../source/controllers/node-lifecycle/index.js';
import { TaintEvictionController } from '../../source/controllers/taint-eviction.js';
import type { Simulation } from '../../source/cluster/simulation.js';
import { ReplicaSetController } from '../../source/controllers/replicaset.js';
import type { KubeObject } from '../../source/api/meta.js';
import { createAll, testSimulation } from '../sim-helpers.js';
import { condOf as cond, eventsFor, lifecycleSim, nodeOf as node, pinned, taintKeys } from './node-lifecycle-helpers.js';

const events = (sim: Simulation, reason: string, name: string) => eventsFor(sim, name, reason);

const elapsed = (sim: Simulation, t0: number) => (sim.now() - t0) / 1000;

describe('NodeLifecycleController', () => {
  it('marks a silent node NotReady after the 50 s grace and its pods are evicted ~300 s later', () => {
    const { sim } = lifecycleSim();
    createAll(sim, [pinned('a', 'workers-0'), pinned('b', 'workers-0'), pinned('c', 'workers-1')]);
    sim.advance(20_000);
    expect(podStatusReason(sim.store.get<Pod>('Pod', 'default', 'a'))).toBe('Running');
    const t0 = sim.now();
    sim.kubelets.stopKubelet('workers-0');

    // Still Ready inside the grace period.
    sim.advance(49_000);
    expect(cond(node(sim, 'workers-0'), 'Ready')?.status).toBe('True');
    expect(sim.engine.advanceUntil(() => cond(node(sim, 'workers-0'), 'Ready')?.status === 'Unknown', 30_000)).toBe(true);
    const notReadyAt = elapsed(sim, t0);
    expect(notReadyAt).toBeGreaterThan(50);
    expect(notReadyAt).toBeLessThanOrEqual(60);
    const n = node(sim, 'workers-0');
    for (const type of ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure']) {
      expect(cond(n, type)).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    }
    expect(taintKeys(n)).toContain('node.kubernetes.io/unreachable:NoSchedule');
    expect(events(sim, 'NodeNotReady', 'workers-0').map((e) => [e.message, e.source?.component]))
      .toContainEqual(['Node workers-0 status is now: NodeNotReady', 'node-controller']);
    const a = sim.store.get<Pod>('Pod', 'default', 'a');
    expect(a.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('False');
    expect(events(sim, 'NodeNotReady', 'a')[0]).toMatchObject({ type: 'Warning', message: 'Node is not ready', source: { component: 'node-controller' } });
    // The pod on the healthy node is untouched.
    expect(sim.store.get<Pod>('Pod', 'default', 'c').status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');

    // The NoExecute taint follows within a monitor period.
    sim.advance(6_000);
    expect(taintKeys(node(sim, 'workers-0'))).toContain('node.kubernetes.io/unreachable:NoExecute');
    const taintedAt = Date.parse(node(sim, 'workers-0').spec.taints!.find((t) => t.effect === 'NoExecute')!.timeAdded!);

    // Pods tolerate unreachable for 300 s (DefaultTolerationSeconds), then they are deleted.
    sim.engine.advanceUntil(() => false, taintedAt + 299_000 - sim.now());
    expect(sim.store.get<Pod>('Pod', 'default', 'a').metadata.deletionTimestamp).toBeUndefined();
    sim.advance(2_000);
    const evicted = sim.store.get<Pod>('Pod', 'default', 'a');
    expect(evicted.metadata.deletionTimestamp).toBeDefined();
    expect(podStatusReason(evicted)).toBe('Terminating');
    expect(evicted.status?.conditions?.find((c) => c.type === 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'DeletionByTaintManager' });
    expect(events(sim, 'TaintManagerEviction', 'a')[0]).toMatchObject({ message: 'Marking for deletion Pod default/a', source: { component: 'taint-eviction-controller' } });
    const evictedAt = elapsed(sim, t0);
    expect(evictedAt).toBeGreaterThan(350);
    expect(evictedAt).toBeLessThan(365);

    // Terminating for as long as the node is gone.
    sim.advance(600_000);
    expect(podStatusReason(sim.store.get<Pod>('Pod', 'default', 'a'))).toBe('Terminating');

    // The kubelet comes back: the pods finish terminating, the node heals and loses its taints.
    sim.kubelets.startKubelet('workers-0');
    sim.advance(60_000);
    expect(sim.store.tryGet('Pod', 'default', 'a')).toBeUndefined();
    expect(cond(node(sim, 'workers-0'), 'Ready')?.status).toBe('True');
    expect(taintKeys(node(sim, 'workers-0'))).toEqual([]);
  });

  it('a ReplicaSet\'s pods on a stopped node are replaced on other nodes ~50 s + 300 s after the failure', () => {
    const sim = testSimulation({
      components: (engine) => [new ReplicaSetController(engine), new NodeLifecycleController(engine), new TaintEvictionController(engine)],
    });
    const labels = { app: 'web' };
    sim.store.create<KubeObject>({
      apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web', namespace: 'default' },
      spec: { replicas: 6, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } } },
    });
    sim.advance(30_000);
    const pods = () => sim.store.select<Pod>('Pod', { namespace: 'default' });
    const lost = pods().filter((p) => p.spec.nodeName === 'workers-0').map((p) => p.metadata.name!);
    expect(lost.length).toBe(2);
    const t0 = sim.now();
    sim.kubelets.stopKubelet('workers-0');
    sim.advance(340_000);
    expect(pods().filter((p) => !p.metadata.deletionTimestamp).length).toBe(6);
    expect(pods().every((p) => !p.metadata.deletionTimestamp)).toBe(true);
    expect(sim.engine.advanceUntil(() => pods().some((p) => p.metadata.deletionTimestamp), 60_000)).toBe(true);
    const evictedAt = elapsed(sim, t0);
    expect(evictedAt).toBeGreaterThan(350);
    expect(evictedAt).toBeLessThan(370);
    sim.advance(60_000);
    const live = pods().filter((p) => !p.metadata.deletionTimestamp);
    expect(live.length).toBe(6);
    expect(live.every((p) => p.spec.nodeName !== 'workers-0' && podStatusReason(p) === 'Running')).toBe(true);
    // The lost pods stay Terminating on the dead node.
    expect(lost.map((n) => podStatusReason(sim.store.get<Pod>('Pod', 'default', n)))).toEqual(['Terminating', 'Terminating']);
  });
});
