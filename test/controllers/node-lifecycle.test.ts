import { describe, expect, it } from 'vitest';
import type { Event, Node, Pod, Taint } from '../../source/api/core.js';
import { podStatusReason } from '../../source/api/print/index.js';
import { NodeLifecycleController } from '../../source/controllers/node-lifecycle/index.js';
import { TaintEvictionController } from '../../source/controllers/taint-eviction.js';
import type { Simulation } from '../../source/cluster/simulation.js';
import { createAll, testSimulation } from '../sim-helpers.js';

const pinned = (name: string, node: string, extra: Partial<Pod['spec']> = {}): Pod => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' },
  spec: { nodeName: node, containers: [{ name: 'app', image: 'nginx:1.27' }], ...extra },
});

function lifecycleSim(opts: Parameters<typeof testSimulation>[0] = {}) {
  let nlc: NodeLifecycleController | undefined;
  const sim = testSimulation({
    ...opts,
    components: (engine) => [(nlc = new NodeLifecycleController(engine)), new TaintEvictionController(engine)],
  });
  return { sim, nlc: nlc! };
}

const node = (sim: Simulation, name: string) => sim.store.get<Node>('Node', undefined, name);
const cond = (n: Node, type: string) => n.status?.conditions?.find((c) => c.type === type);
const taintKeys = (n: Node) => (n.spec.taints ?? []).map((t: Taint) => `${t.key}:${t.effect}`);
const events = (sim: Simulation, reason: string, name?: string) => sim.store.select<Event>('Event')
  .filter((e) => e.reason === reason && (name === undefined || e.involvedObject.name === name));
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
});
