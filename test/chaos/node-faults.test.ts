import { describe, expect, it } from 'vitest';
import type { Lease } from '../../source/api/cluster-kinds.js';
import type { Event, Node, Pod } from '../../source/api/core.js';
import type { Simulation } from '../../source/cluster/simulation.js';
import { kubeletFaults } from '../../source/kubelet/fault-hooks.js';
import { chaosSim, deploy, events, podsOf, readyPods, web } from './helpers.js';

const node = (sim: Simulation, name: string) => sim.store.get<Node>('Node', undefined, name);
const ready = (sim: Simulation, name: string) => node(sim, name).status?.conditions?.find((c) => c.type === 'Ready');
const taintKeys = (sim: Simulation, name: string) => (node(sim, name).spec?.taints ?? []).map((t) => `${t.key}:${t.effect}`);
const onNode = (sim: Simulation, app: string, n: string) => podsOf(sim, app).filter((p) => p.spec.nodeName === n);
const allOnNode = (sim: Simulation, n: string) => sim.store.select<Pod>('Pod', { namespace: 'default' }).filter((p) => p.spec.nodeName === n);
const nodeEvents = (sim: Simulation, n: string, reason: string) => sim.store.select<Event>('Event')
  .filter((e) => e.involvedObject.kind === 'Node' && e.involvedObject.name === n && e.reason === reason).map((e) => e.message);
const ref = (p: Pod) => ({ namespace: 'default', name: p.metadata.name!, uid: p.metadata.uid! });

/** A cluster with web pods on every worker; returns the pods on workers-0. */
function spread(sim: Simulation, replicas = 6): Pod[] {
  deploy(sim, [web('web', replicas)], 'web', replicas);
  const victims = onNode(sim, 'web', 'workers-0');
  expect(victims.length).toBeGreaterThan(0);
  return victims;
}

describe('node-crash', () => {
  it('goes NotReady (Unknown) after the grace period, pods are replaced after eviction, revert brings it back', () => {
    const { sim, faults } = chaosSim();
    const victims = spread(sim);
    const lastRenewal = Date.parse(sim.store.get<Lease>('Lease', 'kube-node-lease', 'workers-0').spec!.renewTime!);
    faults.inject({ type: 'node-crash', target: { kind: 'Node', name: 'workers-0' } });
    expect(sim.kubelets.isRunning('workers-0')).toBe(false);
    // The containers died with the machine, though the API still shows the pods Running until the controller notices.
    expect(victims.every((p) => !kubeletFaults(sim.kubelets).containerRunning(ref(p)))).toBe(true);
    expect(sim.kubelets.nodeUsage('workers-0')).toBeUndefined();
    sim.advance(40_000);
    expect(ready(sim, 'workers-0')?.status).toBe('True');
    sim.engine.advanceUntil(() => ready(sim, 'workers-0')?.status === 'Unknown', 30_000);
    // --node-monitor-grace-period 50 s after the last heartbeat, noticed at the next 5 s monitor pass.
    const silentFor = sim.now() - lastRenewal;
    expect(silentFor).toBeGreaterThan(50_000);
    expect(silentFor).toBeLessThanOrEqual(55_000);
    expect(ready(sim, 'workers-0')).toMatchObject({ reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    sim.advance(5_000);
    expect(taintKeys(sim, 'workers-0')).toEqual(expect.arrayContaining(['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']));
    // tolerationSeconds 300: the pods stay until then, then the taint manager evicts them and they are replaced elsewhere.
    sim.advance(240_000);
    expect(sim.store.get<Pod>('Pod', 'default', victims[0]!.metadata.name!).metadata.deletionTimestamp).toBeUndefined();
    sim.advance(90_000);
    const evicted = sim.store.get<Pod>('Pod', 'default', victims[0]!.metadata.name!);
    expect(evicted.metadata.deletionTimestamp).toBeDefined();
    expect(events(sim, 'TaintManagerEviction')).toContain(`Pod/${victims[0]!.metadata.name}: Marking for deletion Pod default/${victims[0]!.metadata.name}`);
    sim.advance(30_000);
    expect(readyPods(sim, 'web')).toHaveLength(6);
    expect(readyPods(sim, 'web').filter((p) => p.spec.nodeName === 'workers-0')).toEqual([]);

    faults.revert('fault-1');
    expect(sim.kubelets.isRunning('workers-0')).toBe(true);
    expect(ready(sim, 'workers-0')?.status).toBe('True');
    expect(nodeEvents(sim, 'workers-0', 'Rebooted')).toEqual([`Node workers-0 has been rebooted, boot id: ${node(sim, 'workers-0').status!.nodeInfo!.bootID}`]);
    sim.advance(10_000);
    // The evicted pods, stuck Terminating while the node was away, are cleaned up by the kubelet when it is back.
    for (const v of victims) expect(sim.store.tryGet('Pod', 'default', v.metadata.name!)).toBeUndefined();
    expect(taintKeys(sim, 'workers-0')).toEqual([]);
  });

  it('pods still bound when the machine boots restart with restart count +1 and last state Unknown', () => {
    const { sim, faults } = chaosSim();
    const victims = spread(sim);
    const bootBefore = node(sim, 'workers-0').status!.nodeInfo!.bootID;
    faults.inject({ type: 'node-crash', target: { kind: 'Node', name: 'workers-0' }, durationMs: 90_000 });
    sim.advance(90_000);
    expect(faults.active()).toEqual([]);
    expect(node(sim, 'workers-0').status!.nodeInfo!.bootID).not.toBe(bootBefore);
    sim.advance(20_000);
    for (const v of victims) {
      const p = sim.store.get<Pod>('Pod', 'default', v.metadata.name!);
      expect(p.metadata.uid).toBe(v.metadata.uid);
      const cs = p.status!.containerStatuses![0]!;
      expect(cs.restartCount).toBe(1);
      expect(cs.state?.running).toBeDefined();
      expect(cs.lastState?.terminated).toMatchObject({ exitCode: 255, reason: 'Unknown' });
      expect(p.status!.conditions!.find((c) => c.type === 'Ready')!.status).toBe('True');
    }
    expect(readyPods(sim, 'web')).toHaveLength(6);
  });
});

describe('zone and node-pool outages', () => {
  it('zone-outage takes every node of the zone at once; the others keep running', () => {
    const { sim, faults } = chaosSim();
    deploy(sim, [web('web', 3)], 'web', 3);
    const fault = faults.inject({ type: 'zone-outage', target: { kind: 'Zone', name: 'eu-west-1a' } });
    expect(fault.targets).toEqual(['Zone/eu-west-1a']);
    expect(sim.kubelets.isRunning('control-plane-0')).toBe(false);
    expect(sim.kubelets.isRunning('workers-0')).toBe(false);
    expect(sim.kubelets.isRunning('workers-1')).toBe(true);
    expect(events(sim, 'FaultInjected')).toEqual([
      'Node/control-plane-0: Injected fault zone-outage (fault-1)', 'Node/workers-0: Injected fault zone-outage (fault-1)',
    ]);
    sim.advance(70_000);
    expect(['control-plane-0', 'workers-0', 'workers-1', 'workers-2'].map((n) => ready(sim, n)?.status)).toEqual(['Unknown', 'Unknown', 'True', 'True']);
    faults.stopAll();
    sim.advance(10_000);
    expect(['control-plane-0', 'workers-0'].map((n) => ready(sim, n)?.status)).toEqual(['True', 'True']);
    // The control-plane node's static pods and the DaemonSet pods are back (their mirror pods re-reported).
    sim.advance(60_000);
    const systemPods = sim.store.select<Pod>('Pod', { namespace: 'kube-system' });
    expect(systemPods.filter((p) => p.spec.nodeName === 'control-plane-0').length).toBeGreaterThan(0);
    expect(systemPods.filter((p) => !p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).map((p) => p.metadata.name)).toEqual([]);
    expect(faults.validate({ type: 'zone-outage', target: { kind: 'Node', name: 'workers-0' } })).toEqual(['target.kind: zone-outage applies to Zone, not "Node"']);
  });

  it('node-pool-outage crashes the pool; two faults on one node keep it down until both end', () => {
    const { sim, faults } = chaosSim();
    faults.inject({ type: 'node-pool-outage', target: { kind: 'NodePool', name: 'workers' } });
    expect(['workers-0', 'workers-1', 'workers-2'].map((n) => sim.kubelets.isRunning(n))).toEqual([false, false, false]);
    faults.inject({ type: 'node-crash', target: { kind: 'Node', name: 'workers-1' } });
    faults.revert('fault-1');
    expect(['workers-0', 'workers-1', 'workers-2'].map((n) => sim.kubelets.isRunning(n))).toEqual([true, false, true]);
    faults.revert('fault-2');
    expect(sim.kubelets.isRunning('workers-1')).toBe(true);
  });
});

describe('network-partition', () => {
  it("keeps the node's pods running while the API sees it NotReady and replaces them; heal re-posts and finishes the evictions", () => {
    const { sim, faults } = chaosSim();
    const victims = spread(sim);
    const hooks = kubeletFaults(sim.kubelets);
    faults.inject({ type: 'network-partition', target: { kind: 'Node', name: 'workers-0' } });
    expect(sim.kubelets.isRunning('workers-0')).toBe(true);
    sim.advance(70_000);
    expect(ready(sim, 'workers-0')?.status).toBe('Unknown');
    expect(sim.kubelets.podUsage('default', victims[0]!.metadata.name!)).toBeUndefined(); // metrics-server cannot reach it
    sim.advance(300_000);
    // Evicted in the API (Terminating), replaced elsewhere, yet still running on the cut-off node.
    for (const v of victims) {
      expect(sim.store.get<Pod>('Pod', 'default', v.metadata.name!).metadata.deletionTimestamp).toBeDefined();
      expect(hooks.containerRunning(ref(v))).toBe(true);
    }
    expect(readyPods(sim, 'web').filter((p) => p.spec.nodeName !== 'workers-0')).toHaveLength(6);
    faults.revert('fault-1');
    expect(ready(sim, 'workers-0')).toMatchObject({ status: 'True', reason: 'KubeletReady' });
    // The kubelet now sees the deletions and stops the containers gracefully; the objects go.
    expect(events(sim, 'Killing')).toContain(`Pod/${victims[0]!.metadata.name}: Stopping container app`);
    sim.advance(35_000);
    for (const v of victims) expect(sim.store.tryGet('Pod', 'default', v.metadata.name!)).toBeUndefined();
    expect(readyPods(sim, 'web')).toHaveLength(6);
  });

  it('nothing the kubelet does during the partition reaches the API until it heals', () => {
    const { sim, faults } = chaosSim();
    const [victim] = spread(sim);
    faults.inject({ type: 'network-partition', target: { kind: 'Node', name: 'workers-0' } });
    faults.inject({ type: 'container-kill', target: { kind: 'Pod', name: victim!.metadata.name } });
    sim.advance(5_000);
    const cs = () => sim.store.get<Pod>('Pod', 'default', victim!.metadata.name!).status!.containerStatuses![0]!;
    expect(cs().restartCount).toBe(0);
    expect(events(sim, 'Started').filter((e) => e.startsWith(`Pod/${victim!.metadata.name}`))).toHaveLength(1);
    faults.revert('fault-1');
    expect(cs().restartCount).toBe(1);
  });
});

describe('kubelet-stop', () => {
  it('stops heartbeats and pod management; containers keep running; revert catches up', () => {
    const { sim, faults } = chaosSim();
    const [victim] = spread(sim);
    faults.inject({ type: 'kubelet-stop', target: { kind: 'Node', name: 'workers-0' } });
    expect(sim.kubelets.isRunning('workers-0')).toBe(false);
    expect(kubeletFaults(sim.kubelets).containerRunning(ref(victim!))).toBe(true);
    // A deletion is not acted on while nobody manages the pod.
    sim.store.delete('Pod', 'default', victim!.metadata.name!);
    sim.advance(70_000);
    expect(ready(sim, 'workers-0')?.status).toBe('Unknown');
    expect(sim.store.get<Pod>('Pod', 'default', victim!.metadata.name!).metadata.deletionTimestamp).toBeDefined();
    expect(kubeletFaults(sim.kubelets).containerRunning(ref(victim!))).toBe(true);
    faults.revert('fault-1');
    const starting = sim.store.select<Event>('Event').filter((e) => e.involvedObject.name === 'workers-0' && e.reason === 'Starting');
    expect(starting.map((e) => [e.message, e.count])).toEqual([['Starting kubelet.', 2]]);
    sim.advance(5_000);
    expect(sim.store.tryGet('Pod', 'default', victim!.metadata.name!)).toBeUndefined();
    expect(ready(sim, 'workers-0')?.status).toBe('True');
  });
});

describe('node-shutdown', () => {
  it('terminates pods gracefully (Failed, Terminated) and reports NotReady; the machine powers off; revert boots it', () => {
    const { sim, faults } = chaosSim();
    const victims = spread(sim);
    faults.inject({ type: 'node-shutdown', target: { kind: 'Node', name: 'workers-0' }, params: { grace: '20s', criticalGrace: '5s' } });
    expect(ready(sim, 'workers-0')).toMatchObject({ status: 'False', reason: 'KubeletNotReady', message: 'node is shutting down' });
    expect(nodeEvents(sim, 'workers-0', 'Shutdown')).toEqual(['Shutdown manager detected shutdown event']);
    expect(nodeEvents(sim, 'workers-0', 'NodeNotReady')).toContain('Node workers-0 status is now: NodeNotReady');
    sim.advance(20_000);
    expect(sim.kubelets.isRunning('workers-0')).toBe(false);
    for (const v of victims) {
      const p = sim.store.get<Pod>('Pod', 'default', v.metadata.name!);
      expect(p.status).toMatchObject({ phase: 'Failed', reason: 'Terminated', message: 'Pod was terminated in response to imminent node shutdown.' });
      expect(p.status!.conditions!.find((c) => c.type === 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'TerminationByKubelet' });
      expect(p.metadata.deletionTimestamp).toBeUndefined();
    }
    expect(events(sim, 'Killing')).toContain(`Pod/${victims[0]!.metadata.name}: Stopping container app`);
    sim.advance(20_000);
    expect(readyPods(sim, 'web')).toHaveLength(6);
    sim.advance(40_000);
    expect(ready(sim, 'workers-0')?.status).toBe('Unknown');
    faults.revert('fault-1');
    expect(ready(sim, 'workers-0')).toMatchObject({ status: 'True', message: 'kubelet is posting ready status' });
    // Terminated pods stay Failed (as upstream, until deleted or garbage-collected).
    expect(sim.store.get<Pod>('Pod', 'default', victims[0]!.metadata.name!).status?.phase).toBe('Failed');
  });

  it('reverting before the power-off cancels it; bad parameters are refused', () => {
    const { sim, faults } = chaosSim();
    faults.inject({ type: 'node-shutdown', target: { kind: 'Node', name: 'workers-1' }, params: { grace: '60s' } });
    sim.advance(10_000);
    faults.revert('fault-1');
    expect(nodeEvents(sim, 'workers-1', 'Shutdown')).toEqual(['Shutdown manager detected shutdown event', 'Shutdown manager detected shutdown cancellation']);
    expect(ready(sim, 'workers-1')?.status).toBe('True');
    sim.advance(120_000);
    expect(sim.kubelets.isRunning('workers-1')).toBe(true);
    expect(faults.validate({ type: 'node-shutdown', target: { kind: 'Node', name: 'workers-1' }, params: { grace: '10s', criticalGrace: '20s' } }))
      .toEqual(['params.criticalGrace: must not be longer than grace (10s)']);
    expect(faults.validate({ type: 'node-shutdown', target: { kind: 'Node', name: 'workers-1' }, params: { grace: '1500ms' } }))
      .toEqual(['params.grace: must be whole seconds, more than 0, got 1500ms']);
  });
});

describe('node-restart', () => {
  it('crashes, boots after the delay and ends itself; pods restart', () => {
    const { sim, faults } = chaosSim();
    const victims = spread(sim);
    faults.inject({ type: 'node-restart', target: { kind: 'Node', name: 'workers-0' }, params: { delay: '45s' } });
    expect(sim.kubelets.isRunning('workers-0')).toBe(false);
    sim.advance(44_000);
    expect(sim.kubelets.isRunning('workers-0')).toBe(false);
    sim.advance(1_000);
    expect(sim.kubelets.isRunning('workers-0')).toBe(true);
    expect(faults.active()).toEqual([]);
    expect(events(sim, 'FaultReverted')).toEqual(['Node/workers-0: Reverted fault node-restart (fault-1): reverted on request; the node booted after the restart delay of 45s']);
    sim.advance(20_000);
    for (const v of victims) expect(sim.store.get<Pod>('Pod', 'default', v.metadata.name!).status!.containerStatuses![0]!.restartCount).toBe(1);
    expect(readyPods(sim, 'web')).toHaveLength(6);
    expect(faults.validate({ type: 'node-restart', target: { kind: 'Node', name: 'workers-0' }, params: { delay: '0s' } })).toEqual(['params.delay: must be longer than 0s']);
  });
});

describe('node-pressure', () => {
  it('disk: DiskPressure and its NoSchedule taint; the condition clears 5 minutes after revert', () => {
    const { sim, faults } = chaosSim();
    faults.inject({ type: 'node-pressure', target: { kind: 'Node', name: 'workers-2' }, params: { resource: 'disk' } });
    sim.advance(10_000);
    expect(node(sim, 'workers-2').status!.conditions!.find((c) => c.type === 'DiskPressure')).toMatchObject({ status: 'True', reason: 'KubeletHasDiskPressure' });
    expect(taintKeys(sim, 'workers-2')).toEqual(['node.kubernetes.io/disk-pressure:NoSchedule']);
    expect(nodeEvents(sim, 'workers-2', 'NodeHasDiskPressure')).toEqual(['Node workers-2 status is now: NodeHasDiskPressure']);
    expect(faults.validate({ type: 'node-pressure', target: { kind: 'Node', name: 'workers-1' }, params: { resource: 'cpu' } }))
      .toEqual(['params.resource: must be one of memory, disk, pid, got "cpu"']);
    faults.revert('fault-1');
    sim.advance(290_000);
    expect(taintKeys(sim, 'workers-2')).toEqual(['node.kubernetes.io/disk-pressure:NoSchedule']);
    sim.advance(20_000);
    expect(taintKeys(sim, 'workers-2')).toEqual([]);
  });

  it('memory: the kubelet reports MemoryPressure and evicts a pod to get back over its threshold', () => {
    const { sim, faults } = chaosSim();
    spread(sim);
    faults.inject({ type: 'node-pressure', target: { kind: 'Node', name: 'workers-0' } });
    sim.advance(10_000);
    expect(node(sim, 'workers-0').status!.conditions!.find((c) => c.type === 'MemoryPressure')?.status).toBe('True');
    expect(nodeEvents(sim, 'workers-0', 'EvictionThresholdMet')).toEqual(['Attempting to reclaim memory']);
    const evicted = allOnNode(sim, 'workers-0').filter((p) => p.status?.reason === 'Evicted');
    expect(evicted).toHaveLength(1);
    expect(evicted[0]!.status?.message).toMatch(/^The node was low on resource: memory\. Threshold quantity: 100Mi, available: \d+[KM]i\. /);
    sim.advance(60_000);
    expect(allOnNode(sim, 'workers-0').filter((p) => p.status?.reason === 'Evicted')).toHaveLength(1);
    expect(taintKeys(sim, 'workers-0')).toContain('node.kubernetes.io/memory-pressure:NoSchedule');
  });
});

describe('catalogue and bad input', () => {
  it('lists the node and pod faults with their targets, and names the field of each problem', () => {
    const { sim, faults } = chaosSim();
    const applies = Object.fromEntries(faults.catalog().map((t) => [t.type, t.appliesTo.join(',')]));
    for (const t of ['node-crash', 'node-shutdown', 'node-restart', 'network-partition', 'kubelet-stop', 'node-pressure']) expect(applies[t]).toBe('Node,Zone,NodePool');
    expect([applies['zone-outage'], applies['node-pool-outage']]).toEqual(['Zone', 'NodePool']);
    for (const t of ['container-kill', 'pod-failure', 'cpu-hog', 'memory-hog', 'memory-leak', 'readiness-failure', 'slow-start']) expect(applies[t]).toBe('Pod,Deployment,StatefulSet,DaemonSet,Service');
    expect(applies['image-pull-failure']).toBe('Deployment,StatefulSet,DaemonSet');
    expect(faults.validate({ type: 'node-crash', target: { kind: 'Zone', name: 'mars-1a' } })).toEqual(['target.name: no node is in zone "mars-1a" (known: eu-west-1a, eu-west-1b, eu-west-1c)']);
    expect(faults.validate({ type: 'node-crash', target: { kind: 'Node', name: 'workers-0' }, params: { hard: true } })).toEqual(['params.hard: unknown parameter for node-crash (it takes none)']);
    sim.store.create<Node>({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'by-hand' }, spec: {} });
    expect(faults.validate({ type: 'kubelet-stop', target: { kind: 'Node', name: 'by-hand' } })).toEqual(['target: node "by-hand" has no simulated kubelet (nothing runs there to stop)']);
    faults.inject({ type: 'node-crash', target: { kind: 'Node', name: 'workers-0' } });
    expect(faults.validate({ type: 'node-crash', target: { kind: 'Node', name: 'workers-0' } })).toEqual(['target: node-crash is already active on Node/workers-0 (fault-1)']);
  });
});

describe('determinism', () => {
  it('the same seed and node faults give the same event log', () => {
    const run = () => {
      const { sim, faults } = chaosSim({ seed: 5 });
      deploy(sim, [web('web', 4)], 'web', 4);
      faults.inject({ type: 'node-crash', target: { kind: 'Node', mode: 'one', selector: { matchLabels: { 'kubedrill.io/node-pool': 'workers' } } } });
      sim.advance(400_000);
      faults.stopAll();
      sim.advance(30_000);
      return sim.store.select<Event>('Event').map((e) => `${e.lastTimestamp} ${e.involvedObject.name} ${e.reason} ${e.message}`);
    };
    expect(run()).toEqual(run());
  });
});
