import { describe, expect, it } from 'vitest';
import type { Lease } from '../../source/api/cluster-kinds.js';
import type { Node } from '../../source/api/core.js';
import { boundPod, eventObjects, eventsFor, getPod, node, sim, statusOf } from './helpers.js';

const getNode = (engine: ReturnType<typeof sim>['engine'], name = 'node-1') => engine.store.tryGet<Node>('Node', undefined, name);
const getLease = (engine: ReturnType<typeof sim>['engine'], name = 'node-1') => engine.store.tryGet<Lease>('Lease', 'kube-node-lease', name);

describe('node registration', () => {
  it('registers the Node with conditions, nodeInfo and daemon endpoints, and records the start-up events in order', () => {
    const { engine } = sim();
    const n = getNode(engine)!;
    expect(n.status!.capacity).toEqual({ cpu: '4', memory: '16Gi', pods: '110' });
    expect(n.status!.conditions!.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
      ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
      ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
      ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
    ]);
    expect(n.status!.conditions![3]).toMatchObject({ lastHeartbeatTime: '2026-01-01T00:00:00Z', lastTransitionTime: '2026-01-01T00:00:00Z' });
    expect(n.status!.nodeInfo).toMatchObject({ kubeletVersion: 'v1.32.2', containerRuntimeVersion: 'containerd://1.7.24', architecture: 'amd64', operatingSystem: 'linux' });
    expect(n.status!.nodeInfo!.machineID).toMatch(/^[0-9a-f]{32}$/);
    expect(n.status!.daemonEndpoints).toEqual({ kubeletEndpoint: { Port: 10250 } });
    expect(eventsFor(engine, 'node-1', 'Node')).toEqual([
      'Starting: Starting kubelet.',
      'NodeHasSufficientMemory: Node node-1 status is now: NodeHasSufficientMemory',
      'NodeHasNoDiskPressure: Node node-1 status is now: NodeHasNoDiskPressure',
      'NodeHasSufficientPID: Node node-1 status is now: NodeHasSufficientPID',
      'NodeAllocatableEnforced: Updated Node Allocatable limit across pods',
      'NodeReady: Node node-1 status is now: NodeReady',
    ]);
    expect(eventObjects(engine, 'node-1', 'Node')[0]!.involvedObject).toMatchObject({ kind: 'Node', name: 'node-1', uid: 'node-1' });
  });

  it('refuses a second kubelet for the same node, and an unnamed node', () => {
    const { pool } = sim();
    expect(() => pool.addNode(node('node-1'))).toThrow('addNode: node "node-1" already has a kubelet');
    expect(() => pool.addNode({ apiVersion: 'v1', kind: 'Node', metadata: {}, spec: {} })).toThrow('metadata.name');
    expect(() => pool.stopKubelet('ghost')).toThrow('no kubelet for node "ghost"');
  });
});

describe('heartbeats', () => {
  it('renews the Lease every 10 s', () => {
    const { engine } = sim();
    const lease = getLease(engine)!;
    expect(lease.spec).toEqual({ holderIdentity: 'node-1', leaseDurationSeconds: 40, renewTime: '2026-01-01T00:00:00.000000Z' });
    expect(lease.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Node', name: 'node-1', uid: getNode(engine)!.metadata.uid }]);
    engine.advance(9_999);
    expect(getLease(engine)!.spec.renewTime).toBe('2026-01-01T00:00:00.000000Z');
    engine.advance(1);
    expect(getLease(engine)!.spec.renewTime).toBe('2026-01-01T00:00:10.000000Z');
    engine.advance(30_000);
    expect(getLease(engine)!.spec.renewTime).toBe('2026-01-01T00:00:40.000000Z');
  });

  it('writes node status only on change or every 5 minutes', () => {
    const { engine } = sim();
    const rv0 = getNode(engine)!.metadata.resourceVersion;
    engine.advance(299_999);
    expect(getNode(engine)!.metadata.resourceVersion).toBe(rv0);
    engine.advance(1);
    const n = getNode(engine)!;
    expect(n.metadata.resourceVersion).not.toBe(rv0);
    expect(n.status!.conditions![3]).toMatchObject({ lastHeartbeatTime: '2026-01-01T00:05:00Z', lastTransitionTime: '2026-01-01T00:00:00Z' });
    // A newly pulled image is a change: written at the next 10 s tick.
    const rv1 = n.metadata.resourceVersion;
    engine.store.create(boundPod('web', 'node-1'));
    engine.advance(9_999);
    expect(getNode(engine)!.metadata.resourceVersion).toBe(rv1);
    engine.advance(1);
    expect(getNode(engine)!.status!.images!.some((i) => i.names.includes('nginx:1.27'))).toBe(true);
  });

  it('a stopped kubelet stops renewing and changes nothing; started again it resumes', () => {
    const { engine, pool } = sim();
    engine.store.create(boundPod('web', 'node-1', [{}], { annotations: { 'sim.kubedrill.io/crash-after': '20s' } }));
    engine.advance(10_000);
    pool.stopKubelet('node-1');
    expect(pool.isRunning('node-1')).toBe(false);
    const rv = engine.store.resourceVersion;
    engine.store.create(boundPod('late', 'node-1'));
    engine.store.delete('Pod', 'default', 'web');
    const afterWrites = engine.store.resourceVersion;
    engine.advance(300_000);
    expect(engine.store.resourceVersion).toBe(afterWrites); // nothing written by the kubelet: no lease, status or events
    expect(afterWrites - rv).toBe(2);
    expect(getLease(engine)!.spec.renewTime).toBe('2026-01-01T00:00:10.000000Z');
    expect(statusOf(engine, 'web')).toBe('Terminating');
    expect(getPod(engine, 'late')!.status?.containerStatuses).toBeUndefined();
    pool.startKubelet('node-1');
    engine.advance(0);
    expect(pool.isRunning('node-1')).toBe(true);
    expect(getLease(engine)!.spec.renewTime).toBe('2026-01-01T00:05:10.000000Z');
    expect(eventsFor(engine, 'node-1', 'Node').filter((e) => e.startsWith('Starting'))).toHaveLength(1); // aggregated: count 2
    expect(eventObjects(engine, 'node-1', 'Node').find((e) => e.reason === 'Starting')!.count).toBe(2);
    engine.advance(2_000);
    expect(getPod(engine, 'web')).toBeUndefined(); // stopped (1 s) and deleted once the kubelet is back
    expect(statusOf(engine, 'late')).toBe('Running');
  });

  it('removeNode deletes the Node (and its Lease through the owner reference)', () => {
    const { engine, pool } = sim();
    engine.store.create(boundPod('web', 'node-1'));
    engine.advance(10_000);
    pool.removeNode('node-1');
    engine.advance(1_000);
    expect(getNode(engine)).toBeUndefined();
    expect(getLease(engine)).toBeUndefined();
    expect(pool.isRunning('node-1')).toBe(false);
    expect(pool.nodeUsage('node-1')).toBeUndefined();
    expect(getPod(engine, 'web')!.status!.phase).toBe('Running'); // left for the control plane to clean up
    pool.removeNode('node-1'); // again: no-op
  });
});

describe('usage', () => {
  it('reports per-container usage from the profile and node totals with the system reserve', () => {
    const { engine, pool } = sim();
    engine.store.create(boundPod('py', 'node-1', [{ image: 'python:3.12-slim' }, { image: 'redis:7' }]));
    engine.advance(30_000);
    expect(pool.podUsage('default', 'py')).toEqual({ containers: [
      { name: 'app', cpuMilli: 10, memoryBytes: 40 * 1024 * 1024 },
      { name: 'c1', cpuMilli: 3, memoryBytes: 8 * 1024 * 1024 },
    ] });
    expect(pool.nodeUsage('node-1')).toEqual({ cpuMilli: 13, memoryBytes: 48 * 1024 * 1024 + 1024 ** 3 });
    expect(pool.podUsage('default', 'nope')).toBeUndefined();
    pool.stopKubelet('node-1');
    expect(pool.nodeUsage('node-1')).toBeUndefined(); // metrics cannot be scraped from a stopped kubelet
  });
});
