import { describe, expect, test } from 'vitest';
import type { Node, Pod } from '../../../source/api/core.js';
import { groupPods } from '../../../source/autoscaling/cluster-autoscaler/equivalence.js';
import { estimate, orderGroups } from '../../../source/autoscaling/cluster-autoscaler/estimator.js';
import { NodeGroup, NodeGroupSet } from '../../../source/autoscaling/cluster-autoscaler/node-groups.js';
import { resolveOptions } from '../../../source/autoscaling/cluster-autoscaler/options.js';
import { SchedulingSimulation } from '../../../source/autoscaling/cluster-autoscaler/simulator.js';
import { NodeInfo } from '../../../source/scheduler/node-info.js';
import type { ScheduleOptions, VolumeLister } from '../../../source/scheduler/types.js';
import { testCluster, testSimulation } from '../../sim-helpers.js';
import { autoscaledPool } from './helpers.js';

const noVolumes: VolumeLister = { getPVC: () => undefined, getPV: () => undefined, getStorageClass: () => undefined };
const options: ScheduleOptions = { rand: () => 0, nextStartNodeIndex: 0, volumes: noVolumes, priorityOf: () => 0, pdbs: [] };

function template(name: string, cpu = '1900m'): NodeInfo {
  const node: Node = { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name } }, spec: {},
    status: { capacity: { cpu, memory: '8Gi', pods: '110' }, allocatable: { cpu, memory: '8Gi', pods: '110' } } };
  return new NodeInfo(name, node);
}

let uid = 0;
function pods(n: number, cpu: string, owner: string, labels: Record<string, string> = { app: owner }): Pod[] {
  return Array.from({ length: n }, (_, i) => ({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: `${owner}-${i}`, namespace: 'default', uid: `u${uid++}`, labels, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner, uid: `rs-${owner}`, controller: true }] },
    spec: { containers: [{ name: 'c', image: 'x', resources: { requests: { cpu, memory: '64Mi' } } }] },
  }) as Pod);
}

function run(groups: Pod[][], limit = 100) {
  const sim = new SchedulingSimulation(testSimulation().scheduler.snapshot, options);
  const eq = groupPods(groups.flat());
  return estimate(sim, eq, template('t'), (k) => template(`t-${k}`), limit);
}

describe('binpacking estimator', () => {
  test('first-fit decreasing: the 1000m group opens the nodes, the 600m pods fill the gaps', () => {
    const r = run([pods(3, '600m', 'small'), pods(5, '1000m', 'big')]);
    expect(r.nodeCount).toBe(5);
    expect(r.pods.map((p) => p.metadata.name)).toEqual(['big-0', 'big-1', 'big-2', 'big-3', 'big-4', 'small-0', 'small-1', 'small-2']);
  });

  test('several pods per node', () => {
    expect(run([pods(7, '600m', 'web')]).nodeCount).toBe(3); // 3 + 3 + 1
    expect(run([pods(6, '600m', 'web')]).nodeCount).toBe(2);
  });

  test('the limiter caps new nodes; pods that did not get one are left out', () => {
    const r = run([pods(3, '600m', 'small'), pods(5, '1000m', 'big')], 2);
    expect(r.nodeCount).toBe(2);
    expect(r.pods.map((p) => p.metadata.name)).toEqual(['big-0', 'big-1', 'small-0', 'small-1']);
  });

  test('a pod bigger than an empty template node needs no node (and stops its group)', () => {
    const r = run([pods(2, '3', 'huge'), pods(1, '500m', 'web')]);
    expect(r.nodeCount).toBe(1);
    expect(r.pods.map((p) => p.metadata.name)).toEqual(['web-0']);
    expect(run([]).nodeCount).toBe(0);
  });

  test('the simulation it runs on is left untouched', () => {
    const sim = new SchedulingSimulation(testSimulation().scheduler.snapshot, options);
    const before = sim.version;
    estimate(sim, groupPods(pods(4, '1', 'web')), template('t'), (k) => template(`t-${k}`), 10);
    expect(sim.version).toBe(before);
    expect([...sim.nodes()].some((n) => n.name.startsWith('t-'))).toBe(false);
  });

  test('groups are ordered by their share of the template (cpu + memory)', () => {
    const eq = groupPods([...pods(1, '100m', 'a'), ...pods(1, '1', 'b'), ...pods(1, '500m', 'c')]);
    expect(orderGroups(eq, template('t')).map((g) => g.exemplar.metadata.name)).toEqual(['b-0', 'c-0', 'a-0']);
  });
});

describe('scheduling simulation', () => {
  test('attempt keeps changes on success and undoes everything on failure; forks are independent', () => {
    const sim = new SchedulingSimulation(testSimulation().scheduler.snapshot, options);
    const t = template('t');
    sim.addNode(t);
    const [a, b] = pods(2, '1', 'web');
    const req = () => sim.node('t')!.requestedMilliCPU;
    expect(sim.attempt(() => { sim.place(a!, sim.node('t')!); sim.exclude('workers-0'); return false; })).toBe(false);
    expect([req(), sim.isExcluded('workers-0'), sim.node('t')!.pods.length]).toEqual([0, false, 0]);
    expect(sim.attempt(() => { sim.place(a!, sim.node('t')!); return true; })).toBe(true);
    expect(req()).toBe(1000);
    // A nested failure inside a success only undoes its own part.
    sim.attempt(() => { sim.attempt(() => { sim.place(b!, sim.node('t')!); return false; }); sim.exclude('workers-1'); return true; });
    expect([req(), sim.isExcluded('workers-1')]).toEqual([1000, true]);
    const fork = sim.fork();
    fork.place(b!, fork.node('t')!);
    expect([fork.node('t')!.requestedMilliCPU, req()]).toEqual([2000, 1000]);
    // The prepared pod sees the simulation: t has 900m left, so a second 1-cpu pod no longer fits there.
    const p = sim.prepare(b!);
    expect(sim.check(p, sim.node('t')!)?.reasons).toEqual(['Insufficient cpu']);
    expect(sim.findNode(p)?.name).toMatch(/^workers-[02]$/);
  });
});

describe('pod equivalence groups', () => {
  test('same controller, labels and spec group together; different labels or no controller do not', () => {
    const same = pods(3, '100m', 'web');
    const other = pods(1, '100m', 'web', { app: 'web', canary: 'true' });
    const bare: Pod = { ...pods(1, '100m', 'x')[0]!, metadata: { name: 'bare', namespace: 'default', uid: 'bare' } };
    const groups = groupPods([...same, other[0]!, bare, { ...bare, metadata: { ...bare.metadata, name: 'bare2', uid: 'bare2' } }]);
    expect(groups.map((g) => g.pods.length)).toEqual([3, 1, 1, 1]);
  });
});

describe('node groups', () => {
  test('only pools with autoscaling enabled are node groups; bad sizes are refused', () => {
    const cluster = testCluster({ pools: [autoscaledPool(), autoscaledPool({ name: 'off' }, { enabled: false })] });
    const set = new NodeGroupSet(cluster, resolveOptions());
    expect(set.list.map((g) => g.id)).toEqual(['pool-a']);
    expect(set.list[0]!.provisioningDelayMs).toBe(60_000);
    expect(new NodeGroup({ ...autoscaledPool(), autoscaling: { min: 0, max: 2 } }, 90).provisioningDelayMs).toBe(90_000);
    expect(() => new NodeGroup(autoscaledPool({}, { min: 3, max: 2 }), 90)).toThrow('node pool "pool-a": autoscaling needs integers 0 <= min <= max, got min 3, max 2');
    expect(() => new NodeGroup(autoscaledPool({}, { min: -1 }), 90)).toThrow(/0 <= min <= max/);
  });

  test('new instances take fresh names, the lowest free cluster index, zones round-robin', () => {
    const sim = testSimulation({ pools: [autoscaledPool({ count: 2 })] });
    const set = new NodeGroupSet(sim.cluster, resolveOptions());
    for (const n of sim.store.select<Node>('Node')) set.upsertNode(n);
    const g = set.get('pool-a')!;
    const a = set.newInstance(g, 0)!;
    expect([a.name, a.index, a.node.metadata.labels!['topology.kubernetes.io/zone'], a.node.spec.podCIDR]).toEqual(['pool-a-2', 6, 'eu-west-1a', '10.244.6.0/24']);
    g.provisioning.set(a.name, a);
    const b = set.newInstance(g, 0)!;
    expect([b.name, b.index, b.node.metadata.labels!['topology.kubernetes.io/zone']]).toEqual(['pool-a-3', 7, 'eu-west-1b']);
    g.provisioning.set(b.name, b);
    // A deleted node's name is not reused; its pod CIDR index is.
    set.removeNode(sim.store.get<Node>('Node', undefined, 'pool-a-0'));
    const c = set.newInstance(g, 0)!;
    expect([c.name, c.index]).toEqual(['pool-a-4', 4]);
  });

  test('backoff doubles up to 30 min and is forgotten 3 h after the last failure', () => {
    const o = resolveOptions();
    const g = new NodeGroup(autoscaledPool(), 90);
    g.registerFailure(0, 'timeout', 'x', o);
    expect(g.backoff!.until).toBe(5 * 60_000);
    g.registerFailure(60_000, 'timeout', 'x', o); // inside the backoff: the duration does not grow
    expect([g.backoff!.durationMs, g.backoff!.until]).toEqual([5 * 60_000, 6 * 60_000]);
    expect(g.isBackedOff(6 * 60_000 - 1)).toBe(true);
    expect(g.isBackedOff(6 * 60_000)).toBe(false);
    const durations: number[] = [];
    let t = 10 * 60_000;
    for (let i = 0; i < 5; i++) { g.registerFailure(t, 'timeout', 'x', o); durations.push(g.backoff!.durationMs / 60_000); t = g.backoff!.until + 1; }
    expect(durations).toEqual([10, 20, 30, 30, 30]);
    g.expireBackoff(t + 3 * 3_600_000, o);
    expect(g.backoff).toBeUndefined();
  });

  test('options: upstream defaults, bad values refused', () => {
    expect(resolveOptions()).toMatchObject({ scanIntervalMs: 10_000, expander: 'least-waste', scaleDownUtilizationThreshold: 0.5, scaleDownUnneededTimeMs: 600_000, maxNodeProvisionTimeMs: 900_000, expendablePodsPriorityCutoff: -10 });
    expect(() => resolveOptions({ scanIntervalMs: 0 })).toThrow('cluster-autoscaler: scanIntervalMs must be a positive number, got 0');
    expect(() => resolveOptions({ scaleDownUtilizationThreshold: 1.5 })).toThrow('cluster-autoscaler: scaleDownUtilizationThreshold must be between 0 and 1, got 1.5');
    expect(() => resolveOptions({ maxDrainParallelism: Number.NaN })).toThrow(/maxDrainParallelism must be a positive number/);
  });
});
