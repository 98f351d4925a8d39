import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '../../source/api/core.js';
import { createAll } from '../sim-helpers.js';
import { condOf, eventsFor, lifecycleSim, noExecuteAt, nodeOf, pinned, podOf, taintKeys, terminating } from './node-lifecycle-helpers.js';

const dedicated = { key: 'dedicated', value: 'db', effect: 'NoExecute' as const };

describe('TaintEvictionController', () => {
  it('a bare pod on a lost node is deleted tolerationSeconds after the unreachable taint', () => {
    const { sim, te } = lifecycleSim();
    createAll(sim, [
      pinned('quick', 'workers-0', { tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }] }),
      pinned('default', 'workers-0'),
      pinned('stays', 'workers-0', { tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' }] }),
    ]);
    sim.advance(20_000);
    // DefaultTolerationSeconds gave `default` 300 s; `stays` tolerates forever, so admission added only not-ready.
    expect(podOf(sim, 'default')!.spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    sim.kubelets.stopKubelet('workers-0');
    expect(sim.engine.advanceUntil(() => !!noExecuteAt(nodeOf(sim, 'workers-0')), 120_000)).toBe(true);
    const taintedAt = sim.now();
    expect(te.scheduledEviction('default', 'quick')).toBe(taintedAt + 30_000);
    expect(te.scheduledEviction('default', 'default')).toBe(taintedAt + 300_000);
    expect(te.scheduledEviction('default', 'stays')).toBeUndefined();
    sim.advance(29_000);
    expect(terminating(sim, 'quick')).toBe(false);
    sim.advance(1_000);
    expect(terminating(sim, 'quick')).toBe(true);
    expect(eventsFor(sim, 'quick', 'TaintManagerEviction').map((e) => e.message)).toEqual(['Marking for deletion Pod default/quick']);
    sim.advance(269_000);
    expect(terminating(sim, 'default')).toBe(false);
    sim.advance(1_000);
    expect(terminating(sim, 'default')).toBe(true);
    sim.advance(3_600_000);
    expect(terminating(sim, 'stays')).toBe(false);
    expect(podOf(sim, 'stays')!.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('False');
  });

  it('a NoExecute taint added by hand: untolerating pods go at once, tolerating ones after their seconds, removal cancels', () => {
    const { sim } = lifecycleSim();
    createAll(sim, [
      pinned('plain', 'workers-0'),
      pinned('twenty', 'workers-0', { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoExecute', tolerationSeconds: 20 }] }),
      pinned('sixty', 'workers-0', { tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 }] }),
      pinned('forever', 'workers-0', { tolerations: [{ key: 'dedicated', operator: 'Exists' }] }),
    ]);
    sim.advance(20_000);
    const node = nodeOf(sim, 'workers-0');
    sim.store.update<Node>({ ...node, spec: { ...node.spec, taints: [dedicated] } });
    sim.engine.settle();
    const plain = podOf(sim, 'plain')!;
    expect(plain.metadata.deletionTimestamp).toBeDefined();
    expect(plain.status?.conditions?.find((c) => c.type === 'DisruptionTarget')).toMatchObject({
      status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint',
    });
    expect(eventsFor(sim, 'plain', 'TaintManagerEviction')[0]).toMatchObject({ type: 'Normal', message: 'Marking for deletion Pod default/plain', source: { component: 'taint-eviction-controller' } });
    sim.advance(20_000);
    expect(terminating(sim, 'twenty') || !podOf(sim, 'twenty')).toBe(true);
    // The taint goes before `sixty` runs out: its deletion is cancelled.
    sim.advance(10_000);
    const tainted = nodeOf(sim, 'workers-0');
    sim.store.update<Node>({ ...tainted, spec: { ...tainted.spec, taints: undefined } });
    sim.advance(60_000);
    expect(podOf(sim, 'sixty')!.metadata.deletionTimestamp).toBeUndefined();
    expect(eventsFor(sim, 'sixty', 'TaintManagerEviction').map((e) => e.message)).toEqual(['Cancelling deletion of Pod default/sixty']);
    expect(podOf(sim, 'forever')!.metadata.deletionTimestamp).toBeUndefined();
    // The kubelet finished the evicted pods.
    expect(podOf(sim, 'plain')).toBeUndefined();
  });

  it('a pod bound to an already tainted node (tolerating the NoSchedule part only) is evicted at once', () => {
    const { sim } = lifecycleSim();
    sim.advance(1_000);
    const node = nodeOf(sim, 'workers-1');
    sim.store.update<Node>({ ...node, spec: { ...node.spec, taints: [dedicated] } });
    createAll(sim, [pinned('late', 'workers-1', { tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }] })]);
    expect(terminating(sim, 'late') || !podOf(sim, 'late')).toBe(true);
  });
});

describe('NodeLifecycleController taints and conditions', () => {
  it('cordoning adds node.kubernetes.io/unschedulable:NoSchedule; uncordoning removes it', () => {
    const { sim } = lifecycleSim();
    sim.store.patch('Node', undefined, 'workers-0', 'merge', { spec: { unschedulable: true } });
    sim.engine.settle();
    expect(taintKeys(nodeOf(sim, 'workers-0'))).toEqual(['node.kubernetes.io/unschedulable:NoSchedule']);
    sim.store.patch('Node', undefined, 'workers-0', 'merge', { spec: { unschedulable: false } });
    sim.engine.settle();
    expect(taintKeys(nodeOf(sim, 'workers-0'))).toEqual([]);
  });

  it('a node that never posted status starts not-ready:NoSchedule and gets NodeStatusNeverUpdated after the 60 s startup grace', () => {
    const { sim } = lifecycleSim();
    sim.store.create<Node>({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'silent', labels: { 'topology.kubernetes.io/zone': 'eu-west-1a', 'topology.kubernetes.io/region': 'eu-west-1' } }, spec: {} });
    sim.engine.settle();
    expect(taintKeys(nodeOf(sim, 'silent'))).toEqual(['node.kubernetes.io/not-ready:NoSchedule']);
    sim.advance(59_000);
    // Registered at the next monitor pass.
    expect(eventsFor(sim, 'silent', 'RegisteredNode')[0]?.message).toBe('Node silent event: Registered Node silent in Controller');
    expect(nodeOf(sim, 'silent').status?.conditions).toBeUndefined();
    sim.advance(10_000);
    const n = nodeOf(sim, 'silent');
    expect(n.status?.conditions?.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['Ready', 'Unknown', 'NodeStatusNeverUpdated', 'Kubelet never posted node status.'],
      ['MemoryPressure', 'Unknown', 'NodeStatusNeverUpdated', 'Kubelet never posted node status.'],
      ['DiskPressure', 'Unknown', 'NodeStatusNeverUpdated', 'Kubelet never posted node status.'],
      ['PIDPressure', 'Unknown', 'NodeStatusNeverUpdated', 'Kubelet never posted node status.'],
    ]);
    sim.advance(10_000);
    expect(taintKeys(nodeOf(sim, 'silent'))).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
  });

  it('a node reporting Ready=False gets not-ready taints, swapped for unreachable when it falls silent', () => {
    const { sim } = lifecycleSim();
    const ts = sim.engine.clock.timestamp();
    sim.store.create<Node>({
      apiVersion: 'v1', kind: 'Node', metadata: { name: 'sick' }, spec: {},
      status: { conditions: [{ type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: 'container runtime network not ready', lastHeartbeatTime: ts, lastTransitionTime: ts }] },
    });
    sim.advance(6_000);
    expect(taintKeys(nodeOf(sim, 'sick'))).toEqual(['node.kubernetes.io/not-ready:NoSchedule', 'node.kubernetes.io/not-ready:NoExecute']);
    sim.advance(60_000);
    expect(condOf(nodeOf(sim, 'sick'), 'Ready')).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown' });
    expect(taintKeys(nodeOf(sim, 'sick'))).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
  });
});

describe('PodGCController', () => {
  it('force-deletes the pods of a deleted node after the 40 s quarantine', () => {
    const { sim } = lifecycleSim();
    createAll(sim, [pinned('orphan', 'workers-2')]);
    sim.advance(20_000);
    sim.kubelets.removeNode('workers-2');
    sim.advance(39_000);
    expect(podOf(sim, 'orphan')).toBeDefined();
    sim.advance(6_000);
    expect(podOf(sim, 'orphan')).toBeUndefined();
    expect(eventsFor(sim, 'workers-2', 'RemovingNode')[0]?.message).toBe('Node workers-2 event: Removing Node workers-2 from Controller');
  });

  it('a pod bound to a node that never existed is collected too', () => {
    const { sim } = lifecycleSim();
    createAll(sim, [pinned('nowhere', 'ghost-node')]);
    sim.advance(41_000);
    expect(podOf(sim, 'nowhere')).toBeUndefined();
  });

  it('terminating pods on an out-of-service node are force-deleted', () => {
    const { sim } = lifecycleSim();
    createAll(sim, [pinned('stuck', 'workers-0')]);
    sim.advance(20_000);
    sim.kubelets.stopKubelet('workers-0');
    sim.advance(400_000);
    expect(terminating(sim, 'stuck')).toBe(true);
    sim.advance(600_000);
    expect(terminating(sim, 'stuck')).toBe(true);
    const node = nodeOf(sim, 'workers-0');
    sim.store.update<Node>({ ...node, spec: { ...node.spec, taints: [...(node.spec.taints ?? []), { key: 'node.kubernetes.io/out-of-service', value: 'nodeshutdown', effect: 'NoExecute' }] } });
    sim.engine.settle();
    expect(podOf(sim, 'stuck')).toBeUndefined();
  });
});
