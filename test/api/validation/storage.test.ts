/** PersistentVolumeClaim, PersistentVolume and StorageClass validation. */
import { describe, expect, it } from 'vitest';
import { clone, errorsOf, messageOf, pv, pvc, stored } from './fixtures.js';

describe('PersistentVolumeClaim', () => {
  it('requires access modes and a storage request', () => {
    const c = pvc();
    c.spec = {};
    expect(messageOf(c)).toBe('PersistentVolumeClaim "data" is invalid: [spec.accessModes: Required value: at least 1 access mode is required, spec.resources[storage]: Required value]');
  });

  it('checks access mode values and a positive request', () => {
    const c = pvc();
    c.spec.accessModes = ['ReadWriteOncePod', 'ReadWriteAlways', 'ReadOnlyMany'];
    c.spec.resources.requests.storage = '0';
    expect(errorsOf(c)).toEqual([
      'spec.accessModes: Unsupported value: "ReadWriteAlways": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"',
      'spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes',
      'spec.resources[storage]: Invalid value: "0": must be greater than zero',
    ]);
  });

  it('checks volumeMode and storageClassName', () => {
    const c = pvc();
    Object.assign(c.spec, { volumeMode: 'Raw', storageClassName: 'Fast SSD' });
    const errs = errorsOf(c);
    expect(errs[0]).toMatch(/^spec\.storageClassName: Invalid value: "Fast SSD": a lowercase RFC 1123 subdomain/);
    expect(errs[1]).toBe('spec.volumeMode: Unsupported value: "Raw": supported values: "Block", "Filesystem"');
  });

  it('is immutable after creation except volumeName (once) and, when bound, requests', () => {
    const old = stored(pvc());
    const next = clone(old);
    next.spec.volumeName = 'pv-1';
    expect(errorsOf(next, old)).toEqual([]);
    next.spec.accessModes = ['ReadWriteMany'];
    expect(errorsOf(next, old)[0]).toMatch(/^spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n/);
    const bound = clone(old);
    bound.status = { phase: 'Bound', capacity: { storage: '1Gi' } };
    const grown = clone(bound);
    grown.spec.resources.requests.storage = '5Gi';
    expect(errorsOf(grown, bound)).toEqual([]);
    grown.spec.resources.requests.storage = '512Mi';
    expect(errorsOf(grown, bound)).toEqual(['spec.resources.requests.storage: Forbidden: field can not be less than status.capacity']);
  });
});

describe('PersistentVolume', () => {
  it('requires capacity (storage only), access modes and one source', () => {
    expect(errorsOf({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'p' }, spec: { capacity: { cpu: '1' } } })).toEqual([
      'spec.accessModes: Required value',
      'spec.capacity: Unsupported value: {"cpu":"1"}: supported values: "storage"',
      'spec: Required value: must specify a volume type',
    ]);
  });

  it('checks the reclaim policy and refuses two sources', () => {
    const v = pv();
    v.spec.persistentVolumeReclaimPolicy = 'Keep';
    v.spec.nfs = { server: 'nfs', path: '/x' };
    expect(errorsOf(v)).toEqual([
      'spec.persistentVolumeReclaimPolicy: Unsupported value: "Keep": supported values: "Delete", "Recycle", "Retain"',
      'spec.nfs: Forbidden: may not specify more than 1 volume type',
    ]);
  });

  it('keeps the source immutable but lets the binder set claimRef', () => {
    const old = stored(pv());
    const next = clone(old);
    next.spec.claimRef = { kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data' };
    expect(errorsOf(next, old)).toEqual([]);
    next.spec.hostPath.path = '/elsewhere';
    expect(errorsOf(next, old)[0]).toMatch(/^spec\.persistentvolumesource: Forbidden: spec\.persistentvolumesource is immutable after creation/);
  });
});

describe('StorageClass', () => {
  const sc = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast' }, provisioner: 'k8s.io/minikube-hostpath' };

  it('requires a provisioner and checks policy values', () => {
    expect(errorsOf({ ...sc, provisioner: '', reclaimPolicy: 'Recycle', volumeBindingMode: 'Lazy' })).toEqual([
      'provisioner: Required value',
      'reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"',
      'volumeBindingMode: Unsupported value: "Lazy": supported values: "Immediate", "WaitForFirstConsumer"',
    ]);
  });

  it('forbids changing parameters, provisioner and reclaimPolicy', () => {
    const old = stored(sc);
    expect(errorsOf({ ...old, parameters: { type: 'ssd' }, reclaimPolicy: 'Retain' }, old)).toEqual([
      'parameters: Forbidden: updates to parameters are forbidden.',
      'reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden.',
    ]);
  });
});
