import { describe, expect, test } from 'vitest';
import type { Node } from '../../source/api/core.js';
import { CostMeter, UNPOOLED } from '../../source/autoscaling/cost.js';
import { testSimulation } from '../sim-helpers.js';
import { autoscaledPool, caSimulation, create, deployment, poolNodes, scaleDeployment, timeWhen } from './cluster-autoscaler/helpers.js';

const HOUR = 3_600_000;
const MIN = 60_000;

describe('cost accounting', () => {
  test('node-hours × price, exactly, across a scale-up and a scale-down (provisioning time is billed)', () => {
    // Prices that are exact binary fractions, so the expected figure is exact too.
    const { sim, cost } = caSimulation([autoscaledPool({ costPerHour: 0.25 }), { name: 'gpu', count: 1, capacity: { cpu: '8', memory: '32Gi' }, costPerHour: 2.5 }]);
    const t0 = sim.now();
    expect(cost.ratePerHour()).toBe(2.75);
    create(sim, deployment('web', 6, '500m'));
    sim.advance(10_000); // the scale-up requests pool-a-1 now
    const requested = sim.now();
    expect(cost.ratePerHour()).toBe(3);
    sim.advance(30 * 60_000 - 10_000);
    // Half an hour: pool-a-0 0.5 h, pool-a-1 0.5 h − 10 s (billed while provisioning), gpu-0 0.5 h.
    expect(cost.total()).toBe(((HOUR / 2 + HOUR / 2 - 10_000) * 0.25) / HOUR + 0.5 * 2.5);
    scaleDeployment(sim, 'web', 0);
    const removed = timeWhen(sim, () => poolNodes(sim).length === 1, 20 * MIN);
    const end = removed + 2 * HOUR;
    sim.advance(end - sim.now());
    const poolMs = (end - t0) + (removed - requested);
    const pool = cost.byGroup().find((g) => g.group === 'pool-a')!;
    expect(pool).toEqual({ group: 'pool-a', costPerHour: 0.25, nodes: 1, nodeHours: poolMs / HOUR, cost: (poolMs * 0.25) / HOUR });
    expect(cost.total()).toBe((poolMs * 0.25) / HOUR + ((end - t0) * 2.5) / HOUR);
    expect(cost.ratePerHour()).toBe(2.75);
    // Pools without a price cost nothing but their node-hours are still counted.
    const workers = cost.byGroup().find((g) => g.group === 'workers')!;
    expect(workers).toEqual({ group: 'workers', costPerHour: 0, nodes: 3, nodeHours: (3 * (end - t0)) / HOUR, cost: 0 });
    expect(cost.byGroup().map((g) => g.group)).toEqual(['control-plane', 'workers', 'pool-a', 'gpu']);
  });

  test('an instance that never registers is billed from its request until CA deletes it', () => {
    const { sim, ca, cost } = caSimulation([autoscaledPool({ costPerHour: 0.5 })]);
    ca.setProvisioningFailure('pool-a', true);
    create(sim, deployment('web', 6, '500m'));
    sim.advance(15 * MIN + 20_000);
    // Requested at 10 s, deleted at the 15m20s scan: 15m10s of a VM that never ran a pod, plus pool-a-0.
    expect(cost.byGroup().find((g) => g.group === 'pool-a')).toMatchObject({ nodes: 1, nodeHours: (2 * 15 * MIN + 30_000) / HOUR });
    expect(cost.total()).toBe(((2 * 15 * MIN + 30_000) * 0.5) / HOUR);
  });

  test('a meter created late bills existing nodes and instances from their start', () => {
    const sim = testSimulation({ pools: [autoscaledPool({ costPerHour: 1 })] });
    create(sim, deployment('web', 6, '500m'));
    sim.advance(30_000); // instance requested at 10 s, still provisioning
    const cost = new CostMeter(sim.engine, sim.cluster);
    expect(cost.total()).toBe((30_000 + 20_000) / HOUR);
    sim.advance(HOUR - 30_000);
    expect(cost.total()).toBe((HOUR + HOUR - 10_000) / HOUR);
  });

  test('nodes outside every pool are billed under (unpooled) at their annotated price, or 0 when it is unusable', () => {
    const sim = testSimulation();
    const cost = new CostMeter(sim.engine, sim.cluster);
    const node = (name: string, price: string): Node => ({
      apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name }, annotations: { 'kubedrill.io/cost-per-hour': price } },
      spec: {}, status: { capacity: { cpu: '1', memory: '1Gi', pods: '10' }, allocatable: { cpu: '1', memory: '1Gi', pods: '10' } },
    });
    sim.kubelets.addNode(node('byo-1', '0.5'));
    sim.kubelets.addNode(node('byo-2', 'not-a-number'));
    sim.kubelets.addNode(node('byo-3', '-4'));
    sim.engine.settle();
    sim.advance(HOUR);
    expect(cost.byGroup().find((g) => g.group === UNPOOLED)).toEqual({ group: UNPOOLED, costPerHour: 0.5, nodes: 3, nodeHours: 3, cost: 0.5 });
    sim.kubelets.removeNode('byo-1');
    sim.engine.settle();
    sim.advance(HOUR);
    expect(cost.total()).toBe(0.5);
    expect(cost.ratePerHour()).toBe(0);
  });
});
