import { describe, expect, it } from 'vitest';
import type { PersistentVolume, PersistentVolumeClaim, Pod } from '../../source/api/core.js';
import type { KubeObject } from '../../source/api/meta.js';
import { podStatusReason } from '../../source/api/print/index.js';
import { NodeLifecycleController, PodGCController } from '../../source/controllers/node-lifecycle/index.js';
import { StatefulSetController } from '../../source/controllers/statefulset/index.js';
import { storageControllers } from '../../source/controllers/storage/index.js';
import { TaintEvictionController } from '../../source/controllers/taint-eviction.js';
import { testSimulation } from '../sim-helpers.js';

const statefulSet: KubeObject = {
  apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'default' },
  spec: {
    replicas: 3, serviceName: 'db', podManagementPolicy: 'Parallel', selector: { matchLabels: { app: 'db' } },
    template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'nginx:1.27' }] } },
    volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
  },
};

describe('the zonal-volume drill', () => {
  it('a StatefulSet pod whose volume lives in a dead zone cannot move: Terminating, then Pending on PV node affinity, until the zone returns', () => {
    const sim = testSimulation({
      workers: 3,
      components: (e) => [new StatefulSetController(e), new NodeLifecycleController(e), new TaintEvictionController(e), new PodGCController(e), ...storageControllers(e)],
    });
    sim.store.create(statefulSet);
    sim.advance(60_000);
    const pod = () => sim.store.get<Pod>('Pod', 'default', 'db-1');
    expect(podStatusReason(pod())).toBe('Running');
    const node = pod().spec.nodeName!;
    const zone = sim.store.get('Node', undefined, node).metadata.labels!['topology.kubernetes.io/zone'];
    const pv = sim.store.get<PersistentVolume>('PersistentVolume', undefined, sim.store.get<PersistentVolumeClaim>('PersistentVolumeClaim', 'default', 'data-db-1').spec.volumeName!);
    expect(pv.spec.nodeAffinity?.required?.nodeSelectorTerms[0]?.matchExpressions?.[0]?.values).toEqual([zone]);

    // The node (its whole zone: one worker per zone) goes dark.
    sim.kubelets.stopKubelet(node);
    sim.advance(400_000);
    expect(podStatusReason(pod())).toBe('Terminating');
    // The operator force-deletes it; the StatefulSet re-creates db-1, which has nowhere to go.
    sim.store.delete('Pod', 'default', 'db-1', { gracePeriodSeconds: 0 });
    sim.advance(60_000);
    expect(pod().spec.nodeName).toBeUndefined();
    expect(pod().status?.conditions?.find((c) => c.type === 'PodScheduled')?.message)
      .toBe("0/4 nodes are available: 2 node(s) didn't match PersistentVolume's node affinity, 2 node(s) had untolerated taint(s). preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.");
    // The zone comes back: db-1 returns to it, with its data.
    sim.kubelets.startKubelet(node);
    sim.advance(120_000);
    expect(pod().spec.nodeName).toBe(node);
    expect(podStatusReason(pod())).toBe('Running');
    expect(sim.store.get<PersistentVolumeClaim>('PersistentVolumeClaim', 'default', 'data-db-1').spec.volumeName).toBe(pv.metadata.name);
  });
});
