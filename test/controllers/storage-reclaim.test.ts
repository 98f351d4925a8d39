import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '../../source/api/core.js';
import { createAll } from '../sim-helpers.js';
import { claim, eventsOf, podWithClaim, pvOf, pvcOf, storageClass, storageSim, volume } from './storage-helpers.js';

describe('reclaiming, protection and bad input', () => {
  it('Retain leaves the volume Released with its claimRef; Delete removes it', () => {
    const sim = storageSim();
    createAll(sim, [
      storageClass('keep', { volumeBindingMode: 'Immediate', reclaimPolicy: 'Retain' }),
      storageClass('drop', { volumeBindingMode: 'Immediate', reclaimPolicy: 'Delete' }),
      claim('kept', { storageClassName: 'keep' }), claim('dropped', { storageClassName: 'drop' }),
    ]);
    sim.advance(10_000);
    const keptPv = pvcOf(sim, 'kept').spec.volumeName!;
    const droppedPv = pvcOf(sim, 'dropped').spec.volumeName!;
    expect(pvOf(sim, keptPv).spec.persistentVolumeReclaimPolicy).toBe('Retain');
    const keptUid = pvcOf(sim, 'kept').metadata.uid;
    sim.store.delete('PersistentVolumeClaim', 'default', 'kept');
    sim.store.delete('PersistentVolumeClaim', 'default', 'dropped');
    sim.advance(10_000);
    expect(sim.store.tryGet('PersistentVolumeClaim', 'default', 'kept')).toBeUndefined();
    const released = pvOf(sim, keptPv);
    expect(released.status?.phase).toBe('Released');
    expect(released.spec.claimRef?.uid).toBe(keptUid);
    expect(sim.store.tryGet('PersistentVolume', undefined, droppedPv)).toBeUndefined();

    // A new claim of the same name does not get the Released volume back: it gets a new one.
    createAll(sim, [claim('kept', { storageClassName: 'keep' })]);
    sim.advance(10_000);
    expect(pvcOf(sim, 'kept').spec.volumeName).not.toBe(keptPv);
    expect(pvOf(sim, keptPv).status?.phase).toBe('Released');
  });

  it('a static volume with Delete and no deleter fails; Recycle fails without a recycler', () => {
    const sim = storageSim();
    createAll(sim, [
      volume('del', '1Gi', { persistentVolumeReclaimPolicy: 'Delete' }), claim('a', { storageClassName: 'manual', volumeName: 'del' }),
      volume('rec', '1Gi', { persistentVolumeReclaimPolicy: 'Recycle' }), claim('b', { storageClassName: 'manual', volumeName: 'rec' }),
    ]);
    sim.advance(1_000);
    expect(pvcOf(sim, 'a').status?.phase).toBe('Bound');
    sim.store.delete('PersistentVolumeClaim', 'default', 'a');
    sim.store.delete('PersistentVolumeClaim', 'default', 'b');
    sim.advance(1_000);
    expect(pvOf(sim, 'del').status).toEqual({ phase: 'Failed', message: 'error getting deleter volume plugin for volume "del": no deletable volume plugin matched' });
    expect(eventsOf(sim, 'rec')).toContainEqual(['Warning', 'VolumeFailedRecycle', 'No recycler plugin found for the volume!', 'persistentvolume-controller']);
    expect(pvOf(sim, 'rec').status?.phase).toBe('Failed');
  });

  it('a claim in use stays Terminating until its pod is gone; a Bound volume survives its own deletion', () => {
    const sim = storageSim();
    createAll(sim, [storageClass('fast', { volumeBindingMode: 'Immediate', reclaimPolicy: 'Retain' }), claim('used', { storageClassName: 'fast' }), podWithClaim('user', 'used')]);
    sim.advance(30_000);
    expect(sim.store.get<Pod>('Pod', 'default', 'user').status?.phase).toBe('Running');
    const pvName = pvcOf(sim, 'used').spec.volumeName!;
    sim.store.delete('PersistentVolume', undefined, pvName);
    sim.store.delete('PersistentVolumeClaim', 'default', 'used');
    sim.advance(30_000);
    expect(pvcOf(sim, 'used').metadata.deletionTimestamp).toBeDefined();
    expect(pvcOf(sim, 'used').metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);
    expect(pvOf(sim, pvName).metadata.deletionTimestamp).toBeDefined();
    expect(pvOf(sim, pvName).status?.phase).toBe('Bound');
    sim.store.delete('Pod', 'default', 'user');
    sim.advance(40_000);
    // The pod goes, then the claim, then the (now Released) volume.
    expect(sim.store.tryGet('Pod', 'default', 'user')).toBeUndefined();
    expect(sim.store.tryGet('PersistentVolumeClaim', 'default', 'used')).toBeUndefined();
    expect(sim.store.tryGet('PersistentVolume', undefined, pvName)).toBeUndefined();
  });

  it('reports missing classes, no-provisioner classes, selectors and classless claims as upstream', () => {
    const sim = storageSim();
    createAll(sim, [
      storageClass('local', { provisioner: 'kubernetes.io/no-provisioner', volumeBindingMode: 'Immediate' }),
      claim('no-class-object', { storageClassName: 'nope' }),
      claim('local', { storageClassName: 'local' }),
      claim('empty-class', { storageClassName: '' }),
      storageClass('fast', { volumeBindingMode: 'Immediate' }),
      claim('selective', { storageClassName: 'fast', selector: { matchLabels: { disk: 'ssd' } } }),
    ]);
    sim.advance(10_000);
    for (const n of ['no-class-object', 'local', 'empty-class', 'selective']) expect(pvcOf(sim, n).status?.phase).toBe('Pending');
    expect(eventsOf(sim, 'no-class-object')).toContainEqual(['Warning', 'ProvisioningFailed', 'storageclass.storage.k8s.io "nope" not found', 'persistentvolume-controller']);
    expect(eventsOf(sim, 'local')).toContainEqual(['Warning', 'ProvisioningFailed', 'no volume plugin matched name: kubernetes.io/no-provisioner', 'persistentvolume-controller']);
    expect(eventsOf(sim, 'empty-class')).toContainEqual(['Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set', 'persistentvolume-controller']);
    expect(eventsOf(sim, 'selective')).toContainEqual(['Warning', 'ProvisioningFailed', 'claim Selector is not supported', 'example.com/disk']);
    expect(pvcOf(sim, 'empty-class').spec.storageClassName).toBe(''); // "" is a choice, not a request for the default
    expect(sim.store.count('PersistentVolume')).toBe(0);
  });

  it('a claim whose volume vanished is Lost', () => {
    const sim = storageSim();
    createAll(sim, [volume('v', '1Gi'), claim('c', { storageClassName: 'manual' })]);
    sim.advance(1_000);
    expect(pvcOf(sim, 'c').status?.phase).toBe('Bound');
    // Force the volume away (finalizer stripped, as an impatient administrator would).
    sim.store.update({ ...pvOf(sim, 'v'), metadata: { ...pvOf(sim, 'v').metadata, finalizers: undefined } });
    sim.store.delete('PersistentVolume', undefined, 'v');
    sim.advance(1_000);
    expect(pvcOf(sim, 'c').status?.phase).toBe('Lost');
    expect(eventsOf(sim, 'c')).toContainEqual(['Warning', 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!', 'persistentvolume-controller']);
  });

  it('pins a pod to its volume\'s zone: it cannot be scheduled elsewhere when that zone is unavailable', () => {
    const sim = storageSim();
    createAll(sim, [claim('data'), podWithClaim('db', 'data')]);
    sim.advance(30_000);
    const first = sim.store.get<Pod>('Pod', 'default', 'db').spec.nodeName!;
    const zone = sim.store.get<Node>('Node', undefined, first).metadata.labels!['topology.kubernetes.io/zone'];
    // Its zone becomes unusable (the node is cordoned), and the pod is re-created.
    sim.store.patch('Node', undefined, first, 'merge', { spec: { unschedulable: true } });
    sim.store.delete('Pod', 'default', 'db', { gracePeriodSeconds: 0 });
    createAll(sim, [podWithClaim('db', 'data')]);
    sim.advance(10_000);
    const pod = sim.store.get<Pod>('Pod', 'default', 'db');
    expect(pod.spec.nodeName).toBeUndefined();
    const message = pod.status?.conditions?.find((c) => c.type === 'PodScheduled')?.message ?? '';
    expect(message).toContain("2 node(s) didn't match PersistentVolume's node affinity");
    expect(zone).toMatch(/^eu-west-1[abc]$/);
  });
});
