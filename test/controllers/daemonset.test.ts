/** DaemonSet controller in a running cluster: placement, nodes coming and going, taints, rolling updates, adoption. */
import { describe, expect, it } from 'vitest';
import type { Node, Pod, Taint, Toleration } from '../../source/api/core.js';
import type { NodePool } from '../../source/api/kubedrill-kinds.js';
import type { ControllerRevision, DaemonSet } from '../../source/api/workloads.js';
import { nodeFor } from '../../source/cluster/nodes.js';
import type { Simulation } from '../../source/cluster/simulation.js';
import { DAEMONSET_COMPONENT } from '../../source/controllers/daemonset/index.js';
import { FailedPodBackoff } from '../../source/controllers/daemonset/sync.js';
import { eventsFor } from '../kubelet/helpers.js';
import { createAll, settleAddons, testSimulation } from '../sim-helpers.js';

interface DsOptions {
  tolerations?: Toleration[]; nodeSelector?: Record<string, string>; maxUnavailable?: number | string; maxSurge?: number | string;
  strategy?: 'RollingUpdate' | 'OnDelete'; historyLimit?: number; annotations?: Record<string, string>;
}

function ds(name: string, o: DsOptions = {}): DaemonSet {
  return {
    apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name, namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: name } },
      ...(o.historyLimit !== undefined ? { revisionHistoryLimit: o.historyLimit } : {}),
      updateStrategy: o.strategy === 'OnDelete' ? { type: 'OnDelete' }
        : { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: o.maxUnavailable ?? 1, maxSurge: o.maxSurge ?? 0 } },
      template: {
        metadata: { labels: { app: name }, annotations: o.annotations },
        spec: {
          containers: [{ name: 'agent', image: 'nginx:1.27' }], terminationGracePeriodSeconds: 5,
          ...(o.tolerations ? { tolerations: o.tolerations } : {}), ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
        },
      },
    },
  };
}

/** A test cluster; its controller manager runs the DaemonSet controller. */
function start(workers = 3): Simulation {
  const sim = testSimulation({ workers });
  expect(sim.engine.componentNames()).toContain(DAEMONSET_COMPONENT);
  return sim;
}

const podsOf = (sim: Simulation, app = 'agent'): Pod[] => sim.store.select<Pod>('Pod', { namespace: 'default' })
  .filter((p) => p.metadata.labels?.app === app);
const live = (sim: Simulation, app = 'agent'): Pod[] => podsOf(sim, app).filter((p) => !p.metadata.deletionTimestamp);
const nodesOf = (pods: Pod[]): string[] => pods.map((p) => p.spec.nodeName ?? '?').sort();
const ready = (p: Pod | undefined): boolean => !!p?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
const status = (sim: Simulation, name = 'agent') => sim.store.get<DaemonSet>('DaemonSet', 'default', name).status;
const revisions = (sim: Simulation): ControllerRevision[] => sim.store.select<ControllerRevision>('ControllerRevision', { namespace: 'default' })
  .sort((a, b) => a.revision - b.revision);
const hashOf = (p: Pod): string | undefined => p.metadata.labels?.['controller-revision-hash'];

function patchNode(sim: Simulation, name: string, patch: unknown): void {
  sim.store.patch('Node', undefined, name, 'merge', patch);
  sim.engine.settle();
}

function setTaints(sim: Simulation, name: string, taints: Taint[]): void {
  const node = sim.store.get<Node>('Node', undefined, name);
  sim.store.update<Node>({ ...node, spec: { ...node.spec, taints } });
  sim.engine.settle();
}

/** The most nodes (of `nodes`) at any event without a Ready, non-terminating daemon pod, after `from`. */
function watchGaps(sim: Simulation, nodes: string[]): () => number {
  let worst = 0;
  sim.store.watch({ kind: 'Pod' }, () => {
    const covered = new Set(live(sim).filter(ready).map((p) => p.spec.nodeName));
    worst = Math.max(worst, nodes.filter((n) => !covered.has(n)).length);
  }, { sendInitialEvents: false });
  return () => worst;
}

describe('DaemonSet controller: placement', () => {
  it('runs one pod per worker, none on the tainted control plane, created unbound and placed by the scheduler', () => {
    const sim = start();
    const created: Pod[] = [];
    sim.store.watch({ kind: 'Pod' }, (e) => { if (e.type === 'ADDED') created.push(e.object as Pod); }, { sendInitialEvents: false });
    createAll(sim, [ds('agent')]);
    sim.advance(30_000);
    const pods = podsOf(sim);
    expect(nodesOf(pods)).toEqual(['workers-0', 'workers-1', 'workers-2']);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^agent-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(ready(p)).toBe(true);
      expect(eventsFor(sim.engine, p.metadata.name!)).toContain(`Scheduled: Successfully assigned default/${p.metadata.name} to ${p.spec.nodeName}`);
    }
    expect(created.map((p) => p.spec.nodeName)).toEqual([undefined, undefined, undefined]);
    expect(created.map((p) => p.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms)).toEqual(
      ['workers-0', 'workers-1', 'workers-2'].map((n) => [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [n] }] }]));
    expect(pods[0]!.spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    const [rev] = revisions(sim);
    const hash = rev!.metadata.labels!['controller-revision-hash']!;
    expect(rev!.metadata.name).toBe(`agent-${hash}`);
    expect(rev!.revision).toBe(1);
    expect(pods.map(hashOf)).toEqual([hash, hash, hash]);
    expect(status(sim)).toEqual({
      desiredNumberScheduled: 3, currentNumberScheduled: 3, numberMisscheduled: 0, numberReady: 3, updatedNumberScheduled: 3,
      numberAvailable: 3, numberUnavailable: 0, observedGeneration: 1,
    });
    expect(eventsFor(sim.engine, 'agent', 'DaemonSet')).toEqual(created.map((p) => `SuccessfulCreate: Created pod: ${p.metadata.name}`));
  });

  it('runs on the control plane too when the template tolerates its taint; hostNetwork adds network-unavailable', () => {
    const sim = start();
    const set = ds('agent', { tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] });
    set.spec.template.spec.hostNetwork = true;
    createAll(sim, [set]);
    sim.advance(30_000);
    expect(nodesOf(podsOf(sim))).toEqual(['control-plane-0', 'workers-0', 'workers-1', 'workers-2']);
    expect(podsOf(sim)[0]!.spec.tolerations!.map((t) => t.key)).toEqual([
      'node-role.kubernetes.io/control-plane', 'node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable', 'node.kubernetes.io/disk-pressure',
      'node.kubernetes.io/memory-pressure', 'node.kubernetes.io/pid-pressure', 'node.kubernetes.io/unschedulable', 'node.kubernetes.io/network-unavailable',
    ]);
    expect(status(sim)).toMatchObject({ desiredNumberScheduled: 4, numberReady: 4 });
  });

  it('follows node labels: a nodeSelector match gets a pod, losing the label removes it', () => {
    const sim = start();
    createAll(sim, [ds('agent', { nodeSelector: { disk: 'ssd' } })]);
    sim.advance(10_000);
    expect(podsOf(sim)).toEqual([]);
    expect(status(sim)).toMatchObject({ desiredNumberScheduled: 0, currentNumberScheduled: 0 });
    patchNode(sim, 'workers-1', { metadata: { labels: { disk: 'ssd' } } });
    sim.advance(30_000);
    expect(nodesOf(live(sim))).toEqual(['workers-1']);
    expect(status(sim)).toMatchObject({ desiredNumberScheduled: 1, numberReady: 1 });
    patchNode(sim, 'workers-1', { metadata: { labels: { disk: null } } });
    sim.advance(30_000);
    expect(podsOf(sim)).toEqual([]);
    expect(status(sim)).toMatchObject({ desiredNumberScheduled: 0, numberMisscheduled: 0 });
    expect(eventsFor(sim.engine, 'agent', 'DaemonSet').filter((e) => e.startsWith('SuccessfulDelete'))).toHaveLength(1);
  });

  it('follows a node joining and leaving the cluster', () => {
    const sim = start();
    createAll(sim, [ds('agent')]);
    sim.advance(30_000);
    const pool: NodePool = { name: 'workers', count: 4, capacity: { cpu: '4', memory: '16Gi', pods: '110' }, zones: ['eu-west-1a'] };
    const cidrBase = ((10 << 24) >>> 0) + (244 << 16);
    sim.kubelets.addNode(nodeFor('test', pool, 3, 4, 'eu-west-1a', 'eu-west-1', 'v1.32.4', cidrBase));
    sim.advance(60_000);
    expect(nodesOf(live(sim))).toEqual(['workers-0', 'workers-1', 'workers-2', 'workers-3']);
    expect(status(sim)).toMatchObject({ desiredNumberScheduled: 4, currentNumberScheduled: 4, numberReady: 4 });
    sim.kubelets.removeNode('workers-3');
    sim.advance(10_000);
    expect(status(sim)).toMatchObject({ desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 3, numberUnavailable: 0 });
    expect(live(sim).filter((p) => p.spec.nodeName !== 'workers-3')).toHaveLength(3);
  });

  it('keeps daemons on a cordoned node, and places new ones there', () => {
    const sim = start();
    createAll(sim, [ds('agent')]);
    sim.advance(30_000);
    const before = podsOf(sim).find((p) => p.spec.nodeName === 'workers-0')!;
    patchNode(sim, 'workers-0', { spec: { unschedulable: true } });
    setTaints(sim, 'workers-0', [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]);
    createAll(sim, [ds('logs')]);
    sim.advance(30_000);
    expect(podsOf(sim).find((p) => p.spec.nodeName === 'workers-0')?.metadata.uid).toBe(before.metadata.uid);
    expect(nodesOf(live(sim, 'logs'))).toEqual(['workers-0', 'workers-1', 'workers-2']);
    expect(status(sim, 'logs')).toMatchObject({ desiredNumberScheduled: 3, numberReady: 3 });
  });

  it('a NoSchedule taint leaves the running pod (misscheduled), a NoExecute taint removes it', () => {
    const sim = start();
    createAll(sim, [ds('agent')]);
    sim.advance(30_000);
    setTaints(sim, 'workers-2', [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }]);
    sim.advance(10_000);
    expect(nodesOf(live(sim))).toEqual(['workers-0', 'workers-1', 'workers-2']);
    expect(status(sim)).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2, numberMisscheduled: 1 });
    setTaints(sim, 'workers-2', [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }]);
    sim.advance(30_000);
    expect(nodesOf(podsOf(sim))).toEqual(['workers-0', 'workers-1']);
    expect(status(sim)).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2, numberMisscheduled: 0 });
  });
});

describe('DaemonSet controller: updates', () => {
  const changeTemplate = (sim: Simulation, version: string, name = 'agent') => {
    sim.store.patch('DaemonSet', 'default', name, 'merge', { spec: { template: { metadata: { labels: { app: name, version } } } } });
    sim.engine.settle();
  };

  it('rolls one node at a time (maxUnavailable 1): delete, wait for it to go, create, wait for Ready', () => {
    const sim = start();
    const set = ds('agent', { annotations: { 'sim.kubedrill.io/ready-after': '5s' } });
    set.spec.template.spec.containers[0]!.readinessProbe = { httpGet: { path: '/', port: 80 }, periodSeconds: 1 };
    createAll(sim, [set]);
    sim.advance(30_000);
    const gaps = watchGaps(sim, ['workers-0', 'workers-1', 'workers-2']);
    const deleted: number[] = [];
    sim.store.watch({ kind: 'Pod' }, (e) => { if (e.type === 'DELETED') deleted.push(sim.now()); }, { sendInitialEvents: false });
    changeTemplate(sim, 'v2');
    expect(podsOf(sim).filter((p) => p.metadata.deletionTimestamp)).toHaveLength(1);
    sim.advance(120_000);
    const [v1, v2] = revisions(sim);
    expect(revisions(sim).map((r) => r.revision)).toEqual([1, 2]);
    const hash = v2!.metadata.labels!['controller-revision-hash'];
    expect(hashOf(live(sim)[0]!)).toBe(hash);
    expect(live(sim).map(hashOf)).toEqual([hash, hash, hash]);
    expect(v1!.metadata.labels!['controller-revision-hash']).not.toBe(hash);
    expect(gaps()).toBe(1);
    expect(deleted).toHaveLength(3);
    // Each replacement needs ~5 s to become Ready before the next node's pod goes.
    expect(deleted[1]! - deleted[0]!).toBeGreaterThanOrEqual(5_000);
    expect(deleted[2]! - deleted[1]!).toBeGreaterThanOrEqual(5_000);
    expect(status(sim)).toMatchObject({ updatedNumberScheduled: 3, numberAvailable: 3, observedGeneration: 2 });
  });

  it('maxUnavailable 2 replaces two nodes at once', () => {
    const sim = start();
    createAll(sim, [ds('agent', { maxUnavailable: 2 })]);
    sim.advance(30_000);
    changeTemplate(sim, 'v2');
    expect(podsOf(sim).filter((p) => p.metadata.deletionTimestamp)).toHaveLength(2);
    sim.advance(60_000);
    expect(status(sim)).toMatchObject({ updatedNumberScheduled: 3, numberAvailable: 3 });
  });

  it('maxSurge 1 starts the new pod beside the old one and removes the old one once the new is available', () => {
    const sim = start();
    createAll(sim, [ds('agent', { maxUnavailable: 0, maxSurge: 1 })]);
    sim.advance(30_000);
    const gaps = watchGaps(sim, ['workers-0', 'workers-1', 'workers-2']);
    changeTemplate(sim, 'v2');
    expect(podsOf(sim)).toHaveLength(4);
    expect(podsOf(sim).filter((p) => p.metadata.deletionTimestamp)).toHaveLength(0);
    sim.advance(120_000);
    const hash = revisions(sim)[1]!.metadata.labels!['controller-revision-hash'];
    expect(podsOf(sim).map(hashOf)).toEqual([hash, hash, hash]);
    expect(gaps()).toBe(0);
  });

  it('OnDelete: pods change only when deleted by hand', () => {
    const sim = start();
    createAll(sim, [ds('agent', { strategy: 'OnDelete' })]);
    sim.advance(30_000);
    const old = live(sim).map((p) => p.metadata.uid);
    changeTemplate(sim, 'v2');
    sim.advance(60_000);
    expect(live(sim).map((p) => p.metadata.uid)).toEqual(old);
    expect(status(sim)).toMatchObject({ updatedNumberScheduled: 0, desiredNumberScheduled: 3 });
    const victim = live(sim).find((p) => p.spec.nodeName === 'workers-1')!;
    sim.store.delete('Pod', 'default', victim.metadata.name!);
    sim.advance(30_000);
    const replacement = live(sim).find((p) => p.spec.nodeName === 'workers-1')!;
    expect(hashOf(replacement)).toBe(revisions(sim)[1]!.metadata.labels!['controller-revision-hash']);
    expect(status(sim)).toMatchObject({ updatedNumberScheduled: 1 });
  });

  it('prunes old revisions beyond revisionHistoryLimit', () => {
    const sim = start();
    createAll(sim, [ds('agent', { historyLimit: 1 })]);
    sim.advance(20_000);
    for (const v of ['v2', 'v3', 'v4']) {
      changeTemplate(sim, v);
      sim.advance(60_000);
    }
    expect(revisions(sim).map((r) => [r.revision, r.metadata.labels!.version])).toEqual([[3, 'v3'], [4, 'v4']]);
  });
});

describe('DaemonSet controller: ownership and bad input', () => {
  it('adopts a matching orphan on a node instead of adding a second pod, then brings it up to date', () => {
    const sim = start();
    settleAddons(sim); // else the orphan's image pull queues behind kube-proxy's and CoreDNS's on workers-0
    createAll(sim, [{
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'hand-made', namespace: 'default', labels: { app: 'agent' } },
      spec: { nodeName: 'workers-0', containers: [{ name: 'agent', image: 'nginx:1.27' }] },
    }]);
    sim.advance(10_000);
    // Available: a rolling update would replace an unavailable old pod at once rather than keep it.
    expect(ready(sim.store.get<Pod>('Pod', 'default', 'hand-made'))).toBe(true);
    createAll(sim, [ds('agent')]);
    expect(sim.store.get<Pod>('Pod', 'default', 'hand-made').metadata.ownerReferences?.[0]).toMatchObject({ kind: 'DaemonSet', name: 'agent' });
    expect(nodesOf(live(sim))).toEqual(['workers-0', 'workers-1', 'workers-2']);
    sim.advance(60_000);
    expect(sim.store.tryGet('Pod', 'default', 'hand-made')).toBeUndefined();
    expect(status(sim)).toMatchObject({ desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberReady: 3 });
  });

  it('a second DaemonSet whose selector matches the first one\'s pods leaves them alone', () => {
    const sim = start();
    createAll(sim, [ds('agent')]);
    sim.advance(30_000);
    const copy = ds('copy');
    copy.spec.selector = { matchLabels: { app: 'agent' } };
    copy.spec.template.metadata!.labels = { app: 'agent', copy: 'yes' };
    createAll(sim, [copy]);
    sim.advance(30_000);
    const pods = podsOf(sim);
    expect(pods.filter((p) => p.metadata.ownerReferences?.[0]?.name === 'agent')).toHaveLength(3);
    expect(pods.filter((p) => p.metadata.ownerReferences?.[0]?.name === 'copy')).toHaveLength(3);
    expect(status(sim, 'copy')).toMatchObject({ desiredNumberScheduled: 3, numberReady: 3 });
  });

  it('a DaemonSet deleted while rolling out leaves its pods to the garbage collector', () => {
    const sim = start();
    createAll(sim, [ds('agent')]);
    sim.advance(2_000);
    sim.store.delete('DaemonSet', 'default', 'agent');
    sim.advance(60_000);
    expect(podsOf(sim)).toEqual([]);
    expect(revisions(sim)).toEqual([]);
  });
});

describe('DaemonSet controller: scale', () => {
  it('covers 120 nodes and rolls them 10% at a time with syncs that fold pod events together', () => {
    const sim = start(120);
    let statusWrites = 0;
    sim.store.watch({ kind: 'DaemonSet' }, (e) => { if (e.type === 'MODIFIED') statusWrites++; }, { sendInitialEvents: false });
    createAll(sim, [ds('agent', { maxUnavailable: '10%' })]);
    sim.advance(60_000);
    // 120 pods go through creation, binding and readiness; syncs (and so status writes) are far fewer than pod events.
    expect(statusWrites).toBeLessThan(30);
    expect(status(sim)).toMatchObject({ desiredNumberScheduled: 120, currentNumberScheduled: 120, numberReady: 120 });
    expect(new Set(live(sim).map((p) => p.spec.nodeName)).size).toBe(120);
    const gaps = watchGaps(sim, live(sim).map((p) => p.spec.nodeName!));
    sim.store.patch('DaemonSet', 'default', 'agent', 'merge', { spec: { template: { metadata: { labels: { app: 'agent', version: 'v2' } } } } });
    sim.engine.settle();
    expect(podsOf(sim).filter((p) => p.metadata.deletionTimestamp)).toHaveLength(12);
    sim.advance(300_000);
    expect(status(sim)).toMatchObject({ desiredNumberScheduled: 120, updatedNumberScheduled: 120, numberAvailable: 120 });
    expect(gaps()).toBeLessThanOrEqual(12);
  });
});

describe('DaemonSet controller: failed daemon pods', () => {
  it('deletes a Failed daemon pod (FailedDaemonPod) and replaces it', () => {
    const sim = start();
    createAll(sim, [ds('agent')]);
    sim.advance(30_000);
    const fail = () => {
      const p = live(sim).find((x) => x.spec.nodeName === 'workers-1')!;
      sim.store.updateStatus<Pod>({ ...p, status: { ...p.status, phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory. ' } });
      sim.engine.settle();
      return p.metadata.name!;
    };
    const first = fail();
    expect(eventsFor(sim.engine, 'agent', 'DaemonSet')).toContain(`FailedDaemonPod: Found failed daemon pod default/${first} on node workers-1, will try to kill it`);
    sim.advance(30_000);
    const second = fail();
    expect(second).not.toBe(first);
    expect(sim.store.tryGet('Pod', 'default', second)).toBeUndefined();
    sim.advance(30_000);
    expect(live(sim).find((x) => x.spec.nodeName === 'workers-1')?.status?.phase).toBe('Running');
    expect(status(sim)).toMatchObject({ desiredNumberScheduled: 3, numberReady: 3 });
  });

  it('backs off deleting failed pods on a node: 1 s doubling to 15 min, forgotten after 30 min idle', () => {
    const b = new FailedPodBackoff();
    expect(b.inBackoff('k', 0)).toBe(false);
    b.next('k', 0);
    expect([b.inBackoff('k', 999), b.inBackoff('k', 1000), b.delay('k', 500)]).toEqual([true, false, 1000]);
    b.next('k', 1000);
    expect([b.inBackoff('k', 2999), b.delay('k', 2999)]).toEqual([true, 2000]);
    let t = 1000;
    for (let i = 0; i < 20; i++) b.next('k', (t += 1000));
    expect(b.delay('k', t)).toBe(15 * 60_000);
    expect(b.delay('k', t + 30 * 60_000 + 1)).toBe(0);
  });
});
