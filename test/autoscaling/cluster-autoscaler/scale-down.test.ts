import { describe, expect, test } from 'vitest';
import type { Event, Node, Pod } from '../../../source/api/core.js';
import type { PodDisruptionBudget } from '../../../source/api/cluster-kinds.js';
import { goFloat } from '../../../source/autoscaling/cluster-autoscaler/scale-down-planner.js';
import { appPods, autoscaledPool, caSimulation, create, deployment, events, poolNodes, running, scaleDeployment, timeWhen } from './helpers.js';

const MIN = 60_000;
const taintsOf = (sim: ReturnType<typeof caSimulation>['sim'], name: string) => sim.store.tryGet<Node>('Node', undefined, name)?.spec.taints?.map((t) => `${t.key}:${t.effect}`) ?? [];

function pdb(name: string, app: string, minAvailable: number): PodDisruptionBudget {
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace: 'default' }, spec: { minAvailable, selector: { matchLabels: { app } } } };
}

/** Two pool-a nodes, one 500m `web` pod on each (both nodes at 26% requested). */
function twoNodesOnePodEach(annotations?: Record<string, string>) {
  const s = caSimulation([autoscaledPool({ count: 2 })]);
  create(s.sim, deployment('web', 2, '500m', 'pool-a', { annotations }));
  s.sim.advance(5_000);
  expect(new Set(appPods(s.sim, 'web').map((p) => p.spec.nodeName))).toEqual(new Set(['pool-a-0', 'pool-a-1']));
  return s;
}

describe('cluster autoscaler scale-down', () => {
  test('after the load goes, an empty node is removed once unneeded for 10 min (and not within 10 min of the scale-up)', () => {
    const { sim, ca, cost } = caSimulation();
    create(sim, deployment('web', 6, '500m'));
    sim.advance(10_000);
    const scaleUpAt = sim.now();
    sim.advance(2 * MIN);
    expect(poolNodes(sim)).toEqual(['pool-a-0', 'pool-a-1']);
    scaleDeployment(sim, 'web', 0);
    const since = timeWhen(sim, () => ca.nodeGroups()[0]!.unneeded.length === 2, 2 * MIN);
    expect(ca.nodeGroups()[0]!.unneeded.map((u) => u.since)).toEqual([since, since]);
    // Still in the 10-minute delay after the scale-up: unneeded, but neither tainted nor removed.
    sim.advance(scaleUpAt + 10 * MIN - sim.now() - 1);
    expect(poolNodes(sim)).toEqual(['pool-a-0', 'pool-a-1']);
    expect(taintsOf(sim, 'pool-a-1')).toEqual(['autoscaled:NoSchedule']);
    // Out of the cooldown but not unneeded for 10 min yet: the soft taint, valued with the unix time.
    sim.advance(10_000);
    const soft = sim.store.get<Node>('Node', undefined, 'pool-a-1').spec.taints!.find((t) => t.key === 'DeletionCandidateOfClusterAutoscaler')!;
    expect(soft).toEqual({ key: 'DeletionCandidateOfClusterAutoscaler', value: String((scaleUpAt + 10 * MIN) / 1000), effect: 'PreferNoSchedule' });
    expect(taintsOf(sim, 'pool-a-0')).toContain('DeletionCandidateOfClusterAutoscaler:PreferNoSchedule');
    const gone = timeWhen(sim, () => poolNodes(sim).length === 1, 20 * MIN);
    expect(gone - since).toBeGreaterThanOrEqual(10 * MIN);
    expect(gone - since).toBeLessThanOrEqual(10 * MIN + 10_000 + 5_000); // next scan + node-delete-delay-after-taint
    // Min size 1: one of the two empty nodes goes.
    const removed = ['pool-a-0', 'pool-a-1'].find((n) => !poolNodes(sim).includes(n))!;
    expect(events(sim, 'ScaleDownEmpty')).toEqual([`Scale-down: removing empty node "${removed}"`, `Scale-down: empty node ${removed} removed`]);
    expect(events(sim, 'ScaleDown', removed)).toEqual(['marked the node as toBeDeleted/unschedulable', 'nodes removed by cluster autoscaler']);
    expect(cost.byGroup().find((g) => g.group === 'pool-a')!.nodes).toBe(1);
    sim.advance(20 * MIN);
    expect(ca.unremovableNodes().map((u) => u.reason)).toEqual(['NodeGroupMinSizeReached']);
  });

  test('an underutilized node is drained through evictions and removed; its pod is rescheduled elsewhere', () => {
    const { sim, ca } = twoNodesOnePodEach();
    sim.advance(30_000);
    expect(ca.nodeGroups()[0]!.unneeded).toHaveLength(1);
    const victim = ca.nodeGroups()[0]!.unneeded[0]!.node;
    const pod = appPods(sim, 'web').find((p) => p.spec.nodeName === victim)!;
    // The soft taint goes on once scale-down is out of its start-up cooldown.
    timeWhen(sim, () => taintsOf(sim, victim).includes('DeletionCandidateOfClusterAutoscaler:PreferNoSchedule') || taintsOf(sim, victim).includes('ToBeDeletedByClusterAutoscaler:NoSchedule'), 11 * MIN);
    timeWhen(sim, () => taintsOf(sim, victim).includes('ToBeDeletedByClusterAutoscaler:NoSchedule'), MIN);
    timeWhen(sim, () => !poolNodes(sim).includes(victim), 3 * MIN);
    sim.advance(MIN);
    const cpu = 500 / 1900, mem = (64 * 2 ** 20) / (8 * 2 ** 30 - 356 * 2 ** 20);
    expect(events(sim, 'ScaleDown', 'cluster-autoscaler-status')).toEqual([
      `Scale-down: removing node ${victim}, utilization: {${goFloat(cpu)} ${goFloat(mem)} 0 0 cpu ${goFloat(cpu)}}, pods to reschedule: ${pod.metadata.name}`,
      `Scale-down: node ${victim} removed with drain`,
    ]);
    expect(events(sim, 'ScaleDown', pod.metadata.name)).toEqual(['deleting pod for node scale down']);
    expect(events(sim, 'ScaleDown', victim)).toEqual(['marked the node as toBeDeleted/unschedulable', 'nodes removed by cluster autoscaler']);
    const pods = appPods(sim, 'web');
    expect(running(pods)).toHaveLength(2);
    expect(pods.every((p) => p.spec.nodeName !== victim)).toBe(true);
  });

  test('a PodDisruptionBudget with no disruption left blocks the scale-down', () => {
    const { sim, ca } = twoNodesOnePodEach();
    create(sim, pdb('web', 'web', 2));
    sim.advance(25 * MIN);
    expect(poolNodes(sim)).toEqual(['pool-a-0', 'pool-a-1']);
    const reasons = ca.unremovableNodes().map((u) => [u.reason, u.blockingPod?.reason]);
    expect(reasons).toEqual([['BlockedByPod', 'NotEnoughPdb'], ['BlockedByPod', 'NotEnoughPdb']]);
    expect(ca.unremovableNodes()[0]!.blockingPod!.message).toMatch(/^not enough pod disruption budget to move default\/web-/);
    expect(events(sim, 'ScaleDown')).toEqual([]);
  });

  test('safe-to-evict: "false" blocks the scale-down', () => {
    const { sim, ca } = twoNodesOnePodEach({ 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false' });
    sim.advance(25 * MIN);
    expect(poolNodes(sim)).toEqual(['pool-a-0', 'pool-a-1']);
    const u = ca.unremovableNodes();
    expect(u.map((n) => n.blockingPod?.reason)).toEqual(['NotSafeToEvictAnnotation', 'NotSafeToEvictAnnotation']);
    expect(u[0]!.blockingPod!.message).toBe(`pod annotated as not safe to evict present: ${u[0]!.blockingPod!.pod.metadata.name}`);
  });

  test('a pod without a controller blocks its node (NotReplicated) unless annotated safe-to-evict: "true"', () => {
    // min 0, so only the blocking pod can keep pool-a-1 (a group at its min offers no candidates at all).
    const { sim, ca } = caSimulation([autoscaledPool({ count: 3 }, { min: 0 })]);
    const t = deployment('bare', 1, '100m').spec.template;
    const bare = (name: string, node: string, annotations?: Record<string, string>): Pod =>
      ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels: t.metadata!.labels, annotations }, spec: { ...t.spec, nodeName: node } });
    create(sim, bare('bare', 'pool-a-1'), bare('movable', 'pool-a-2', { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true' }));
    sim.advance(25 * MIN);
    expect(poolNodes(sim)).toEqual(['pool-a-1']);
    expect(events(sim, 'ScaleDown', 'movable')).toEqual(['deleting pod for node scale down']);
    expect(ca.unremovableNodes()).toMatchObject([{ node: 'pool-a-1', reason: 'BlockedByPod', blockingPod: { reason: 'NotReplicated', message: 'default/bare is not replicated' } }]);
  });

  test('the scale-down-disabled annotation keeps a node; min size keeps the last one', () => {
    const { sim, ca } = caSimulation([autoscaledPool({ count: 3 }, { min: 2 })]);
    const n = sim.store.get<Node>('Node', undefined, 'pool-a-2');
    sim.store.update<Node>({ ...n, metadata: { ...n.metadata, annotations: { ...n.metadata.annotations, 'cluster-autoscaler.kubernetes.io/scale-down-disabled': 'true' } } });
    sim.advance(25 * MIN);
    expect(poolNodes(sim)).toHaveLength(2);
    expect(poolNodes(sim)).toContain('pool-a-2');
    // Back at min size the group offers no scale-down candidates (PreFilteringScaleDownNodeProcessor).
    expect(ca.unremovableNodes().map((u) => [u.node, u.reason]).sort()).toEqual([[poolNodes(sim).find((x) => x !== 'pool-a-2'), 'NodeGroupMinSizeReached'], ['pool-a-2', 'NodeGroupMinSizeReached']].sort());
  });

  test('a drain that finds a blocking pod when it starts is aborted: taint cleaned, ScaleDownFailed, failure time recorded', () => {
    const { sim, ca } = twoNodesOnePodEach();
    const victimAt = timeWhen(sim, () => poolNodes(sim).some((n) => taintsOf(sim, n).includes('ToBeDeletedByClusterAutoscaler:NoSchedule')), 15 * MIN);
    const victim = poolNodes(sim).find((n) => taintsOf(sim, n).includes('ToBeDeletedByClusterAutoscaler:NoSchedule'))!;
    const pod = appPods(sim, 'web').find((p) => p.spec.nodeName === victim)!;
    create(sim, pdb('web', 'web', 2)); // within the 5 s between the taint and the drain
    sim.advance(5_000);
    expect(sim.now() - victimAt).toBe(5_000);
    expect(events(sim, 'ScaleDownFailed', victim)).toEqual([
      `failed to drain and delete node: GetPodsToMove for "${victim}" returned error: not enough pod disruption budget to move default/${pod.metadata.name}`,
    ]);
    expect(taintsOf(sim, victim)).not.toContain('ToBeDeletedByClusterAutoscaler:NoSchedule');
    expect(ca.lastScaleDownFailTime).toBe(sim.now());
    expect(poolNodes(sim)).toEqual(['pool-a-0', 'pool-a-1']);
  });

  test('empty nodes go in bulk, in one scan', () => {
    const { sim } = caSimulation([autoscaledPool({ count: 4 })]);
    timeWhen(sim, () => poolNodes(sim).length === 1, 15 * MIN);
    const removals = sim.store.select<Event>('Event').filter((e) => e.reason === 'ScaleDownEmpty' && e.message!.startsWith('Scale-down: empty node'));
    expect(removals).toHaveLength(3);
    expect(new Set(removals.map((e) => e.firstTimestamp)).size).toBe(1);
  });

  test('non-empty nodes are drained one at a time (max-drain-parallelism 1), with the hard taint valued with the unix time', () => {
    const { sim } = caSimulation([autoscaledPool({ count: 3 })]);
    create(sim, deployment('web', 3, '500m'));
    sim.advance(5_000);
    expect(new Set(appPods(sim, 'web').map((p) => p.spec.nodeName)).size).toBe(3);
    const first = timeWhen(sim, () => poolNodes(sim).some((n) => taintsOf(sim, n).includes('ToBeDeletedByClusterAutoscaler:NoSchedule')), 15 * MIN);
    const tainted = poolNodes(sim).filter((n) => taintsOf(sim, n).includes('ToBeDeletedByClusterAutoscaler:NoSchedule'));
    expect(tainted).toHaveLength(1);
    expect(sim.store.get<Node>('Node', undefined, tainted[0]!).spec.taints!.find((t) => t.key === 'ToBeDeletedByClusterAutoscaler')!.value).toBe(String(first / 1000));
    sim.advance(10 * MIN);
    // The third node's pods have nowhere to go once the other two are gone.
    expect(poolNodes(sim)).toHaveLength(1);
    const drains = events(sim, 'ScaleDown', 'cluster-autoscaler-status').filter((m) => m.includes('removed with drain'));
    expect(drains).toHaveLength(2);
    const starts = sim.store.select<Event>('Event').filter((e) => e.reason === 'ScaleDown' && e.message!.startsWith('Scale-down: removing node'));
    expect(starts[1]!.firstTimestamp! > starts[0]!.firstTimestamp!).toBe(true);
    expect(running(appPods(sim, 'web'))).toHaveLength(3);
  });
});
