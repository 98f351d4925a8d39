import { describe, expect, test } from 'vitest';
import type { Pod } from '../../../source/api/core.js';
import { REASON_UNTOLERATED_TAINT } from '../../../source/scheduler/plugins/taint-toleration.js';
import { appPods, autoscaledPool, caSimulation, create, deployment, events, pending, poolNodes, running } from './helpers.js';

describe('cluster autoscaler scale-up', () => {
  test('pending pods trigger a scale-up of the group whose template fits them, with upstream messages', () => {
    const { sim, ca } = caSimulation([autoscaledPool(), autoscaledPool({ name: 'pool-b', capacity: { cpu: '8', memory: '32Gi', pods: '110' } })]);
    create(sim, deployment('web', 4, '1500m', 'pool-b'));
    sim.advance(10_000);
    // pool-b-0 (7900m) holds 5 of these; 4 fit: nothing to do yet.
    expect(events(sim, 'TriggeredScaleUp')).toEqual([]);
    create(sim, deployment('api', 6, '1500m', 'pool-b'));
    sim.advance(10_000);
    const triggered = events(sim, 'TriggeredScaleUp');
    // 4 + 6 pods of 1500m: one more pool-b node (5 per node); pool-a's template does not match the selector.
    expect(triggered).toHaveLength(5);
    expect(new Set(triggered)).toEqual(new Set(['pod triggered scale-up: [{pool-b 1->2 (max: 4)}]']));
    expect(events(sim, 'ScaledUpGroup')).toEqual([
      'Scale-up: setting group pool-b size to 2 instead of 1 (max: 4)',
      'Scale-up: group pool-b size set to 2 instead of 1 (max: 4)',
    ]);
    expect(ca.nodeGroups().map((g) => [g.name, g.current, g.upcoming])).toEqual([['pool-a', 1, 0], ['pool-b', 1, 1]]);
  });

  test('new nodes join after the provisioning delay, not before, and the pods then schedule', () => {
    const { sim, ca } = caSimulation();
    create(sim, deployment('web', 6, '500m'));
    sim.advance(10_000); // first scan: 3 pods fit pool-a-0, 3 are pending
    const requestedAt = sim.now();
    expect(ca.nodeGroups()[0]).toMatchObject({ current: 1, upcoming: 1, target: 2 });
    sim.advance(59_000);
    expect(poolNodes(sim)).toEqual(['pool-a-0']);
    sim.advance(1_000);
    expect(sim.now() - requestedAt).toBe(60_000);
    expect(poolNodes(sim)).toEqual(['pool-a-0', 'pool-a-1']);
    expect(ca.nodeGroups()[0]).toMatchObject({ current: 2, upcoming: 0 });
    sim.advance(60_000);
    const pods = appPods(sim, 'web');
    expect(running(pods)).toHaveLength(6);
    expect(pods.filter((p) => p.spec.nodeName === 'pool-a-1')).toHaveLength(3);
    // The upcoming node was counted while it provisioned: one scale-up, not one per scan.
    expect(events(sim, 'ScaledUpGroup')).toHaveLength(2);
  });

  test('binpacking: the estimate is the number of template nodes first-fit needs', () => {
    const { sim } = caSimulation();
    create(sim, deployment('web', 9, '600m')); // 3 per 1900m node: 3 on pool-a-0, 6 pending → 2 nodes
    sim.advance(10_000);
    expect(new Set(events(sim, 'TriggeredScaleUp'))).toEqual(new Set(['pod triggered scale-up: [{pool-a 1->3 (max: 4)}]']));
    expect(events(sim, 'TriggeredScaleUp')).toHaveLength(6);
  });

  test('pods that fit no template get NotTriggerScaleUp with the filter reasons', () => {
    const { sim } = caSimulation([autoscaledPool(), autoscaledPool({ name: 'pool-b' })]);
    const big = deployment('big', 1, '3', 'pool-a', { memory: '20Gi' });
    create(sim, big);
    sim.advance(10_000);
    const pod = pending(appPods(sim, 'big'))[0]!;
    // pool-a's template lacks cpu and memory; pool-b's template does not match the node selector.
    expect(events(sim, 'NotTriggerScaleUp', pod.metadata.name)).toEqual([
      "pod didn't trigger scale-up: 1 Insufficient cpu, 1 Insufficient memory, 1 node(s) didn't match Pod's node affinity/selector",
    ]);
    expect(events(sim, 'TriggeredScaleUp')).toEqual([]);
    expect(poolNodes(sim)).toEqual(['pool-a-0']);
  });

  test('max size is respected and the pods left over are told so', () => {
    const { sim, ca } = caSimulation();
    create(sim, deployment('web', 20, '500m'));
    sim.advance(10_000);
    expect(new Set(events(sim, 'TriggeredScaleUp'))).toEqual(new Set(['pod triggered scale-up: [{pool-a 1->4 (max: 4)}]']));
    expect(events(sim, 'TriggeredScaleUp')).toHaveLength(9); // three new nodes × 3 pods
    sim.advance(10_000);
    // 17 pending: 9 will fit the upcoming nodes (filtered out), the other 8 are told the group is at max.
    const told = pending(appPods(sim, 'web')).flatMap((p) => events(sim, 'NotTriggerScaleUp', p.metadata.name));
    expect(told).toEqual(Array(8).fill("pod didn't trigger scale-up: 1 max node group size reached"));
    sim.advance(120_000);
    expect(poolNodes(sim)).toHaveLength(4);
    expect(ca.nodeGroups()[0]).toMatchObject({ current: 4, upcoming: 0, maxSize: 4 });
  });

  test('expendable pods (priority below -10) never trigger a scale-up', () => {
    const { sim } = caSimulation();
    create(sim, deployment('filler', 6, '500m', 'pool-a', { priority: -11 }));
    sim.advance(30_000);
    expect(pending(appPods(sim, 'filler'))).toHaveLength(3);
    expect(events(sim, 'TriggeredScaleUp')).toEqual([]);
    expect(events(sim, 'NotTriggerScaleUp')).toEqual([]);
  });

  test('pods that fit an existing node are filtered out (no scale-up for capacity that is there)', () => {
    const { sim, ca } = caSimulation();
    create(sim, deployment('web', 2, '500m'));
    sim.advance(30_000);
    expect(running(appPods(sim, 'web'))).toHaveLength(2);
    expect(ca.scans).toBe(3);
    expect(events(sim, 'TriggeredScaleUp')).toEqual([]);
    expect(events(sim, 'NotTriggerScaleUp')).toEqual([]);
  });

  test('instances that never register fail after max-node-provision-time: timeout, backoff, removal', () => {
    const { sim, ca, cost } = caSimulation();
    ca.setProvisioningFailure('pool-a', true);
    create(sim, deployment('web', 6, '500m'));
    sim.advance(10_000);
    expect(ca.nodeGroups()[0]).toMatchObject({ upcoming: 1 });
    sim.advance(15 * 60_000);
    expect(events(sim, 'ScaleUpTimedOut')).toEqual([]);
    sim.advance(10_000);
    // Timed out at the first scan past 15 min after the request.
    expect(events(sim, 'ScaleUpTimedOut')).toEqual(['Nodes added to group pool-a failed to register within 15m10s']);
    expect(events(sim, 'DeleteUnregistered')).toEqual(['Removed unregistered node pool-a-1']);
    expect(ca.nodeGroups()[0]).toMatchObject({ current: 1, upcoming: 0, scaleUp: 'Backoff' });
    expect(cost.byGroup().find((g) => g.group === 'pool-a')!.nodes).toBe(1);
    sim.advance(10_000);
    const left = pending(appPods(sim, 'web'));
    expect(new Set(left.flatMap((p) => events(sim, 'NotTriggerScaleUp', p.metadata.name)))).toEqual(new Set(["pod didn't trigger scale-up: 1 in backoff after failed scale-up"]));
    // The backoff is 5 minutes; after it the group is tried again (and, the fault gone, the node arrives).
    ca.setProvisioningFailure('pool-a', false);
    sim.advance(5 * 60_000);
    expect(events(sim, 'ScaledUpGroup')).toHaveLength(4);
    sim.advance(70_000);
    expect(poolNodes(sim)).toEqual(['pool-a-0', 'pool-a-2']);
  });

  test('a pool whose taint the pods do not tolerate is not scaled for them', () => {
    const { sim } = caSimulation();
    create(sim, deployment('web', 1, '500m', 'pool-a', { tolerate: false }));
    sim.advance(10_000);
    const pod: Pod = appPods(sim, 'web')[0]!;
    expect(events(sim, 'NotTriggerScaleUp', pod.metadata.name)).toEqual([
      `pod didn't trigger scale-up: 1 ${REASON_UNTOLERATED_TAINT}`,
    ]);
  });

  test('templates carry the DaemonSet pods a new node would run: from the pool definition when scaling from zero', () => {
    const { sim } = caSimulation([autoscaledPool({ count: 0 }, { min: 0 })]);
    // A DaemonSet taking 500m of every pool node: 1400m left, so two 600m pods per node instead of three.
    create(sim, {
      apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'default' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: { metadata: { labels: { app: 'agent' } }, spec: {
          nodeSelector: { 'kubedrill.io/node-pool': 'pool-a' }, tolerations: [{ operator: 'Exists' }],
          containers: [{ name: 'a', image: 'busybox', resources: { requests: { cpu: '500m' } } }] } },
      },
    } as import('../../../source/api/workloads.js').DaemonSet);
    create(sim, deployment('web', 4, '600m'));
    sim.advance(10_000);
    expect(new Set(events(sim, 'TriggeredScaleUp'))).toEqual(new Set(['pod triggered scale-up: [{pool-a 0->2 (max: 4)}]']));
    sim.advance(2 * 60_000);
    expect(running(appPods(sim, 'web'))).toHaveLength(4);
    // From an existing node: it has the agent pod, so the next scale-up counts it too.
    create(sim, deployment('api', 2, '600m'));
    sim.advance(10_000);
    expect(events(sim, 'ScaledUpGroup').at(-1)).toBe('Scale-up: group pool-a size set to 3 instead of 2 (max: 4)');
  });
});
