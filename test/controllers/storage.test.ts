import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '../../source/api/core.js';
import { podStatusReason } from '../../source/api/print/index.js';
import { externalProvisioningMessage } from '../../source/controllers/storage/index.js';
import { createAll } from '../sim-helpers.js';
import { claim, eventsOf, podWithClaim, pvOf, pvcOf, storageClass, storageSim, volume } from './storage-helpers.js';

const zoneOf = (n: Node) => n.metadata.labels!['topology.kubernetes.io/zone'];

describe('PersistentVolume binder and provisioner', () => {
  it('keeps a claim of the default WaitForFirstConsumer class Pending until a pod is scheduled, then provisions in its zone', () => {
    const sim = storageSim();
    createAll(sim, [claim('data')]);
    sim.advance(20_000);
    let pvc = pvcOf(sim, 'data');
    expect(pvc.spec.storageClassName).toBe('standard'); // the default class
    expect(pvc.status?.phase).toBe('Pending');
    expect(pvc.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);
    expect(eventsOf(sim, 'data')).toContainEqual(['Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding', 'persistentvolume-controller']);
    expect(sim.store.count('PersistentVolume')).toBe(0);

    createAll(sim, [podWithClaim('db', 'data')]);
    const nodeName = sim.store.get<Pod>('Pod', 'default', 'db').spec.nodeName!;
    expect(nodeName).toMatch(/^workers-/);
    expect(pvcOf(sim, 'data').metadata.annotations).toMatchObject({
      'volume.kubernetes.io/selected-node': nodeName, 'volume.kubernetes.io/storage-provisioner': 'kubedrill.io/zonal-disk',
    });
    // Provisioning takes a few seconds; the pod waits for its volume meanwhile.
    sim.advance(1_000);
    expect(pvcOf(sim, 'data').status?.phase).toBe('Pending');
    expect(podStatusReason(sim.store.get<Pod>('Pod', 'default', 'db'))).toBe('ContainerCreating');
    sim.advance(29_000);

    pvc = pvcOf(sim, 'data');
    const pvName = `pvc-${pvc.metadata.uid}`;
    expect(pvc.spec.volumeName).toBe(pvName);
    expect(pvc.status).toMatchObject({ phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } });
    expect(pvc.metadata.annotations).toMatchObject({ 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes' });
    const pv = pvOf(sim, pvName);
    const zone = zoneOf(sim.store.get<Node>('Node', undefined, nodeName));
    expect(pv.spec.nodeAffinity?.required?.nodeSelectorTerms).toEqual([{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: [zone] }] }]);
    expect(pv.spec).toMatchObject({ persistentVolumeReclaimPolicy: 'Delete', storageClassName: 'standard', claimRef: { name: 'data', namespace: 'default', uid: pvc.metadata.uid } });
    expect(pv.status?.phase).toBe('Bound');
    expect(pv.metadata.finalizers).toEqual(['kubernetes.io/pv-protection']);
    expect(pv.metadata.annotations?.['pv.kubernetes.io/provisioned-by']).toBe('kubedrill.io/zonal-disk');
    const events = eventsOf(sim, 'data');
    expect(events).toContainEqual(['Normal', 'ExternalProvisioning', externalProvisioningMessage('kubedrill.io/zonal-disk'), 'persistentvolume-controller']);
    expect(events).toContainEqual(['Normal', 'Provisioning', 'External provisioner is provisioning volume for claim "default/data"', 'kubedrill.io/zonal-disk']);
    expect(events).toContainEqual(['Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${pvName}`, 'kubedrill.io/zonal-disk']);
    expect(podStatusReason(sim.store.get<Pod>('Pod', 'default', 'db'))).toBe('Running');
  });

  it('binds an Immediate claim at once, without a consumer, to a volume in one of the cluster zones', () => {
    const sim = storageSim();
    createAll(sim, [storageClass('fast', { volumeBindingMode: 'Immediate' }), claim('now', { storageClassName: 'fast' })]);
    expect(sim.engine.advanceUntil(() => pvcOf(sim, 'now').status?.phase === 'Bound', 10_000)).toBe(true);
    const pv = pvOf(sim, pvcOf(sim, 'now').spec.volumeName!);
    const zones = pv.spec.nodeAffinity!.required!.nodeSelectorTerms[0]!.matchExpressions![0]!.values!;
    expect(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']).toContain(zones[0]);
    expect(pv.spec.persistentVolumeReclaimPolicy).toBe('Delete');
    expect(eventsOf(sim, 'now').map((e) => e[1])).not.toContain('WaitForFirstConsumer');
  });

  it('an Immediate class with allowedTopologies provisions in an allowed zone', () => {
    const sim = storageSim();
    createAll(sim, [
      storageClass('zonal', { volumeBindingMode: 'Immediate', allowedTopologies: [{ matchLabelExpressions: [{ key: 'topology.kubernetes.io/zone', values: ['eu-west-1c'] }] }] }),
      claim('c', { storageClassName: 'zonal' }),
    ]);
    sim.advance(10_000);
    const pv = pvOf(sim, pvcOf(sim, 'c').spec.volumeName!);
    expect(pv.spec.nodeAffinity!.required!.nodeSelectorTerms[0]!.matchExpressions![0]!.values).toEqual(['eu-west-1c']);
  });

  it('binds a claim to the smallest Available volume that fits (class, size, access modes, selector)', () => {
    const sim = storageSim();
    createAll(sim, [
      volume('big', '10Gi'), volume('medium', '5Gi'), volume('small', '1Gi'), volume('ro', '2Gi', { accessModes: ['ReadOnlyMany'] }),
      volume('other-class', '3Gi', { storageClassName: 'slow' }), volume('right', '3Gi'),
      claim('want', { storageClassName: 'manual', resources: { requests: { storage: '2Gi' } } }),
    ]);
    sim.advance(1_000);
    expect(pvcOf(sim, 'want').spec.volumeName).toBe('right');
    expect(pvcOf(sim, 'want').status).toMatchObject({ phase: 'Bound', capacity: { storage: '3Gi' } });
    const right = pvOf(sim, 'right');
    expect(right.status?.phase).toBe('Bound');
    expect(right.metadata.annotations?.['pv.kubernetes.io/bound-by-controller']).toBe('yes');
    for (const name of ['big', 'medium', 'small', 'ro', 'other-class']) expect(pvOf(sim, name).status?.phase).toBe('Available');

    // A selector narrows the choice to labelled volumes.
    createAll(sim, [
      volume('fast-5', '5Gi', {}, { tier: 'fast' }),
      claim('picky', { storageClassName: 'manual', selector: { matchLabels: { tier: 'fast' } } }),
    ]);
    sim.advance(1_000);
    expect(pvcOf(sim, 'picky').spec.volumeName).toBe('fast-5');
  });

  it('a claim that fits no volume waits, and binds when a fitting volume appears', () => {
    const sim = storageSim();
    createAll(sim, [claim('later', { storageClassName: 'manual', resources: { requests: { storage: '4Gi' } } }), volume('tiny', '1Gi')]);
    sim.advance(5_000);
    expect(pvcOf(sim, 'later').status?.phase).toBe('Pending');
    expect(eventsOf(sim, 'later').map((e) => e[1])).toContain('ProvisioningFailed'); // class "manual" does not exist
    createAll(sim, [volume('enough', '4Gi')]);
    sim.advance(1_000);
    expect(pvcOf(sim, 'later').spec.volumeName).toBe('enough');
  });

  it('binds a claim that names its volume, and a volume pre-bound to a claim', () => {
    const sim = storageSim();
    createAll(sim, [
      volume('named', '5Gi'), claim('by-name', { storageClassName: 'manual', volumeName: 'named' }),
      volume('reserved', '8Gi', { claimRef: { namespace: 'default', name: 'owner' } }), volume('cheaper', '1Gi'),
      claim('owner', { storageClassName: 'manual' }),
    ]);
    sim.advance(1_000);
    expect(pvcOf(sim, 'by-name').status?.phase).toBe('Bound');
    expect(pvOf(sim, 'named').spec.claimRef?.uid).toBe(pvcOf(sim, 'by-name').metadata.uid);
    // The pre-bound volume wins over the smaller free one.
    expect(pvcOf(sim, 'owner').spec.volumeName).toBe('reserved');
    expect(pvOf(sim, 'cheaper').status?.phase).toBe('Available');
  });

  it('pre-binds a static volume in the scheduled node\'s zone for a WaitForFirstConsumer class', () => {
    const sim = storageSim({ workers: 1, zones: ['eu-west-1b'] });
    const affinity = (zone: string) => ({ required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In' as const, values: [zone] }] }] } });
    createAll(sim, [
      // (A kubernetes.io/no-provisioner class would need the scheduler to see the static volumes; it lists none yet.)
      storageClass('local', { volumeBindingMode: 'WaitForFirstConsumer' }),
      volume('in-a', '1Gi', { storageClassName: 'local', nodeAffinity: affinity('eu-west-1a') }),
      volume('in-b', '2Gi', { storageClassName: 'local', nodeAffinity: affinity('eu-west-1b') }),
      claim('local-data', { storageClassName: 'local' }),
    ]);
    sim.advance(2_000);
    expect(pvcOf(sim, 'local-data').status?.phase).toBe('Pending'); // static volumes wait for the consumer too
    createAll(sim, [podWithClaim('user', 'local-data')]);
    sim.advance(2_000);
    expect(pvcOf(sim, 'local-data').spec.volumeName).toBe('in-b');
    expect(pvcOf(sim, 'local-data').status?.phase).toBe('Bound');
    expect(pvOf(sim, 'in-a').status?.phase).toBe('Available');
    expect(sim.store.count('PersistentVolume')).toBe(2); // nothing provisioned
    expect(pvcOf(sim, 'local-data').metadata.annotations?.['volume.kubernetes.io/selected-node']).toBeUndefined();
  });
});
