import { expect, test } from 'vitest';
import type { Deployment } from '../../../source/api/workloads.js';
import { DEMO_CLUSTER, loadSimulation } from '../../../source/cluster/load.js';
import { appPods, create, events, pending, poolNodes, running, scaleDeployment, timeWhen } from './helpers.js';

const MIN = 60_000;

test('the demo cluster: a burst grows the workers group 3 → 5 after 90 s, and it shrinks back to its min of 3', () => {
  const { sim } = loadSimulation({ clusterFile: DEMO_CLUSTER, manifests: [], freeze: true });
  const s = sim!;
  const { cost, autoscaler: ca } = s;
  expect(ca.nodeGroups()).toMatchObject([{ name: 'workers', minSize: 3, maxSize: 6, current: 3, upcoming: 0, costPerHour: 0.214, provisioningDelaySeconds: 90 }]);
  const burst: Deployment = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'burst', namespace: 'default' },
    spec: { replicas: 15, selector: { matchLabels: { app: 'burst' } }, template: { metadata: { labels: { app: 'burst' } },
      spec: { containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '1', memory: '256Mi' } } }] } } },
  };
  create(s, burst);
  s.advance(10_000);
  // 3900m allocatable per worker: three 1-cpu pods each (CoreDNS takes 100m on two of them); 6 pending → 2 nodes.
  expect(pending(appPods(s, 'burst'))).toHaveLength(6);
  expect(new Set(events(s, 'TriggeredScaleUp'))).toEqual(new Set(['pod triggered scale-up: [{workers 3->5 (max: 6)}]']));
  expect(ca.nodeGroups()[0]).toMatchObject({ current: 3, upcoming: 2, target: 5 });
  expect(cost.ratePerHour()).toBeCloseTo(6 * 0.214, 12);
  s.advance(90_000);
  expect(poolNodes(s, 'workers')).toEqual(['workers-0', 'workers-1', 'workers-2', 'workers-3', 'workers-4']);
  s.advance(MIN);
  expect(running(appPods(s, 'burst'))).toHaveLength(15);
  scaleDeployment(s, 'burst', 0);
  timeWhen(s, () => poolNodes(s, 'workers').length === 3, 20 * MIN);
  s.advance(2 * MIN);
  expect(poolNodes(s, 'workers')).toHaveLength(3);
  // Back at its min size the group offers no more scale-down candidates (PreFilteringScaleDownNodeProcessor).
  const reasons = ca.unremovableNodes().map((u) => u.blockingPod?.reason ?? u.reason);
  expect(new Set(reasons)).toEqual(new Set(['NodeGroupMinSizeReached']));
  expect(cost.ratePerHour()).toBeCloseTo(4 * 0.214, 12);
});
