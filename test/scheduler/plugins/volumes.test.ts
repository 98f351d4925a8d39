import { describe, expect, it } from 'vitest';
import type { PersistentVolume, PersistentVolumeClaim } from '../../../source/api/core.js';
import type { StorageClass } from '../../../source/api/cluster-kinds.js';
import { volumeBinding } from '../../../source/scheduler/plugins/volume-binding.js';
import { volumeZone } from '../../../source/scheduler/plugins/volume-zone.js';
import type { VolumeLister } from '../../../source/scheduler/types.js';
import { filterAll, makeNode, makePod, reasons, snapshotOf } from '../helpers.js';

const pvc = (name: string, spec: PersistentVolumeClaim['spec'], deleting = false): PersistentVolumeClaim =>
  ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: 'default', deletionTimestamp: deleting ? 'now' : undefined }, spec });
const pv = (name: string, spec: Partial<PersistentVolume['spec']>, labels?: Record<string, string>, phase?: 'Available'): PersistentVolume =>
  ({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name, labels }, spec, status: phase ? { phase } : undefined });
const sc = (name: string, o: Partial<StorageClass>): StorageClass =>
  ({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name }, provisioner: 'ebs.csi.aws.com', ...o });

function lister(pvcs: PersistentVolumeClaim[], pvs: PersistentVolume[] = [], classes: StorageClass[] = []): VolumeLister & { listPersistentVolumes(): PersistentVolume[] } {
  return {
    getPVC: (_ns, n) => pvcs.find((x) => x.metadata.name === n),
    getPV: (n) => pvs.find((x) => x.metadata.name === n),
    getStorageClass: (n) => classes.find((x) => x.metadata.name === n),
    listPersistentVolumes: () => pvs,
  };
}
const zone = (name: string, z: string) => makeNode(name, { labels: { 'topology.kubernetes.io/zone': z } });
const claimPod = (...claims: string[]) => makePod('p', { spec: { volumes: claims.map((c) => ({ name: c, persistentVolumeClaim: { claimName: c } })) } });
const nodeAffinity = (z: string) => ({ required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In' as const, values: [z] }] }] } });

describe('VolumeBinding', () => {
  const snap = snapshotOf([zone('a1', 'a'), zone('b1', 'b')]);

  it('is skipped for pods without claims', () => {
    expect(filterAll(volumeBinding, makePod('p'), snap).a1).toBe('skip');
  });

  it('PreFilter: missing, deleting and unbound Immediate claims', () => {
    const volumes = lister([pvc('gone', {}, true), pvc('immediate', { storageClassName: 'std' })], [], [sc('std', {})]);
    expect(filterAll(volumeBinding, claimPod('data'), snap, { volumes }).$reject?.reasons).toEqual(['persistentvolumeclaim "data" not found']);
    expect(filterAll(volumeBinding, claimPod('gone'), snap, { volumes }).$reject?.reasons).toEqual(['persistentvolumeclaim "gone" is being deleted']);
    const r = filterAll(volumeBinding, claimPod('immediate'), snap, { volumes });
    expect(r.$reject?.reasons).toEqual(['pod has unbound immediate PersistentVolumeClaims']);
    expect(r.$reject?.code).toBe('UnschedulableAndUnresolvable');
  });

  it('a bound PV\'s node affinity must match', () => {
    const volumes = lister([pvc('data', { volumeName: 'pv-a' })], [pv('pv-a', { nodeAffinity: nodeAffinity('a') })]);
    const r = filterAll(volumeBinding, claimPod('data'), snap, { volumes });
    expect(r.a1).toBeUndefined();
    expect(reasons(r.b1)).toEqual(["node(s) didn't match PersistentVolume's node affinity"]);
    const missing = lister([pvc('data', { volumeName: 'nope' })]);
    expect(reasons(filterAll(volumeBinding, claimPod('data'), snap, { volumes: missing }).a1))
      .toEqual(['node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)']);
  });

  it('WaitForFirstConsumer: the class\'s allowedTopologies decide', () => {
    const volumes = lister([pvc('data', { storageClassName: 'wffc' })], [], [sc('wffc', {
      volumeBindingMode: 'WaitForFirstConsumer', allowedTopologies: [{ matchLabelExpressions: [{ key: 'topology.kubernetes.io/zone', values: ['a'] }] }],
    })]);
    const r = filterAll(volumeBinding, claimPod('data'), snap, { volumes });
    expect(r.a1).toBeUndefined();
    expect(reasons(r.b1)).toEqual(["node(s) didn't find available persistent volumes to bind"]);
  });

  it('WaitForFirstConsumer without a provisioner needs an Available local PV on the node', () => {
    const claim = pvc('data', { storageClassName: 'local', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } });
    const local = pv('local-a', { storageClassName: 'local', accessModes: ['ReadWriteOnce'], capacity: { storage: '10Gi' }, nodeAffinity: nodeAffinity('a') }, undefined, 'Available');
    const volumes = lister([claim], [local], [sc('local', { provisioner: 'kubernetes.io/no-provisioner', volumeBindingMode: 'WaitForFirstConsumer' })]);
    const r = filterAll(volumeBinding, claimPod('data'), snap, { volumes });
    expect(r.a1).toBeUndefined();
    expect(reasons(r.b1)).toEqual(["node(s) didn't find available persistent volumes to bind"]);
  });
});

describe('VolumeZone', () => {
  it('nodes outside the PV\'s zones are rejected; unlabeled nodes are not constrained', () => {
    const snap = snapshotOf([zone('a1', 'a'), zone('c1', 'c'), makeNode('plain'),
      makeNode('beta', { labels: { 'failure-domain.beta.kubernetes.io/zone': 'b' } })]);
    const volumes = lister([pvc('data', { volumeName: 'pv1' })], [pv('pv1', {}, { 'topology.kubernetes.io/zone': 'a__b' })]);
    const r = filterAll(volumeZone, claimPod('data'), snap, { volumes });
    expect(r.a1).toBeUndefined();
    expect(reasons(r.c1)).toEqual(['node(s) had no available volume zone']);
    expect(r.plain).toBeUndefined();
    expect(reasons(r.beta)).toEqual(['node(s) had no available volume zone']); // a GA label on the PV needs a GA label on the node
  });

  it('is skipped when no bound PV carries topology labels', () => {
    const volumes = lister([pvc('data', { volumeName: 'pv1' })], [pv('pv1', {})]);
    expect(filterAll(volumeZone, claimPod('data'), snapshotOf([makeNode('n')]), { volumes }).n).toBe('skip');
  });
});
