import { describe, expect, it } from 'vitest';
import type { LimitRange, LimitRangeItem, PersistentVolumeClaim, Pod } from '../../source/api/core.js';
import { LIMIT_RANGER_ANNOTATION } from '../../source/store/limitrange-admission.js';
import { createAll } from '../sim-helpers.js';
import { errorOf, networkSim, pod } from './network-helpers.js';

const limitRange = (name: string, ...limits: LimitRangeItem[]): LimitRange => ({
  apiVersion: 'v1', kind: 'LimitRange', metadata: { name, namespace: 'default' }, spec: { limits },
});
const withResources = (name: string, resources: { requests?: Record<string, string>; limits?: Record<string, string> }) => pod(name, {}, { resources });

describe('LimitRanger', () => {
  it('fills in default limits and requests and says so in an annotation', () => {
    const n = networkSim();
    createAll(n.sim, [limitRange('defaults', { type: 'Container', default: { cpu: '500m', memory: '256Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' } })]);
    const p = n.sim.store.create(pod('bare', {}));
    expect(p.spec.containers[0]!.resources).toEqual({ limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } });
    expect(p.metadata.annotations?.[LIMIT_RANGER_ANNOTATION]).toBe('LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app');
  });

  it('defaults the request to the limit when there is no defaultRequest, and keeps what the pod states', () => {
    const n = networkSim();
    createAll(n.sim, [limitRange('limits-only', { type: 'Container', default: { cpu: '1', memory: '512Mi' } })]);
    const bare = n.sim.store.create(pod('bare', {}));
    expect(bare.spec.containers[0]!.resources?.requests).toEqual({ cpu: '1', memory: '512Mi' });
    // A stated cpu limit is the request too (pod defaulting); only memory comes from the LimitRange.
    const p = n.sim.store.create(withResources('cpu-only', { limits: { cpu: '250m' } }));
    expect(p.spec.containers[0]!.resources).toEqual({ limits: { cpu: '250m', memory: '512Mi' }, requests: { cpu: '250m', memory: '512Mi' } });
    expect(p.metadata.annotations?.[LIMIT_RANGER_ANNOTATION]).toBe('LimitRanger plugin set: memory request for container app; memory limit for container app');
  });

  it('names init containers in the annotation', () => {
    const n = networkSim();
    createAll(n.sim, [limitRange('d', { type: 'Container', default: { cpu: '200m' } })]);
    const p = pod('init', {}, { resources: { limits: { cpu: '300m' } } });
    p.spec.initContainers = [{ name: 'setup', image: 'busybox' }];
    const created = n.sim.store.create(p);
    expect(created.metadata.annotations?.[LIMIT_RANGER_ANNOTATION]).toBe('LimitRanger plugin set: cpu request for init container setup; cpu limit for init container setup');
  });

  it('refuses a container above max or below min with upstream\'s 403', () => {
    const n = networkSim();
    createAll(n.sim, [limitRange('bounds', { type: 'Container', max: { cpu: '1', memory: '1Gi' }, min: { memory: '100Mi' } })]);
    const one = errorOf(() => n.sim.store.create(withResources('big', { requests: { cpu: '500m', memory: '200Mi' }, limits: { cpu: '2', memory: '200Mi' } })));
    expect(one.reason).toBe('Forbidden');
    expect(one.message).toBe('pods "big" is forbidden: maximum cpu usage per Container is 1, but limit is 2');
    const two = errorOf(() => n.sim.store.create(withResources('bigger', { limits: { cpu: '2', memory: '2Gi' } })));
    expect(two.message).toBe('pods "bigger" is forbidden: [maximum cpu usage per Container is 1, but limit is 2, maximum memory usage per Container is 1Gi, but limit is 2Gi]');
    const small = errorOf(() => n.sim.store.create(withResources('small', { requests: { cpu: '100m', memory: '50Mi' }, limits: { cpu: '1', memory: '1Gi' } })));
    expect(small.message).toBe('pods "small" is forbidden: minimum memory usage per Container is 100Mi, but request is 50Mi');
    // max also defaults the limit (LimitRange defaulting: default ← max), so a bare pod fits.
    expect(n.sim.store.create(pod('bare', {})).spec.containers[0]!.resources?.limits).toEqual({ cpu: '1', memory: '1Gi' });
  });

  it('enforces maxLimitRequestRatio and Pod-level totals', () => {
    const n = networkSim();
    createAll(n.sim, [limitRange('ratio', { type: 'Container', maxLimitRequestRatio: { cpu: '2' } }, { type: 'Pod', max: { cpu: '2' } })]);
    const ratio = errorOf(() => n.sim.store.create(withResources('burst', { requests: { cpu: '250m' }, limits: { cpu: '1' } })));
    expect(ratio.message).toBe('pods "burst" is forbidden: cpu max limit to request ratio per Container is 2, but provided ratio is 4.000000');
    const twoContainers: Pod = withResources('pair', { requests: { cpu: '1' }, limits: { cpu: '1500m' } });
    twoContainers.spec.containers.push({ name: 'side', image: 'nginx', resources: { requests: { cpu: '1' }, limits: { cpu: '1500m' } } });
    expect(errorOf(() => n.sim.store.create(twoContainers)).message).toBe('pods "pair" is forbidden: maximum cpu usage per Pod is 2, but limit is 3');
    expect(() => n.sim.store.create(withResources('fine', { requests: { cpu: '500m' }, limits: { cpu: '1' } }))).not.toThrow();
  });

  it('bounds PersistentVolumeClaim storage requests', () => {
    const n = networkSim();
    createAll(n.sim, [limitRange('storage', { type: 'PersistentVolumeClaim', max: { storage: '10Gi' }, min: { storage: '1Gi' } })]);
    const pvc = (name: string, storage: string): PersistentVolumeClaim => ({
      apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: 'default' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } } },
    });
    expect(errorOf(() => n.sim.store.create(pvc('huge', '20Gi'))).message)
      .toBe('persistentvolumeclaims "huge" is forbidden: maximum storage usage per PersistentVolumeClaim is 10Gi, but request is 20Gi');
    expect(errorOf(() => n.sim.store.create(pvc('tiny', '500Mi'))).message)
      .toBe('persistentvolumeclaims "tiny" is forbidden: minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi');
    expect(() => n.sim.store.create(pvc('ok', '5Gi'))).not.toThrow();
  });

  it('supplies the limits a quota demands (the classic LimitRange + ResourceQuota pairing)', () => {
    const n = networkSim();
    createAll(n.sim, [
      limitRange('defaults', { type: 'Container', default: { cpu: '500m', memory: '256Mi' } }),
      { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'compute', namespace: 'default' }, spec: { hard: { 'limits.cpu': '1', 'limits.memory': '1Gi' } } },
    ]);
    createAll(n.sim, [pod('a', {}), pod('b', {})]);
    expect(errorOf(() => n.sim.store.create(pod('c', {}))).message)
      .toBe('pods "c" is forbidden: exceeded quota: compute, requested: limits.cpu=500m, used: limits.cpu=1, limited: limits.cpu=1');
  });

  it('ignores namespaces without LimitRanges and survives malformed pods', () => {
    const n = networkSim();
    expect(n.sim.store.create(pod('plain', {})).metadata.annotations).toBeUndefined();
    createAll(n.sim, [limitRange('d', { type: 'Container', default: { cpu: '1' } })]);
    const bad = { ...pod('bad', {}), spec: { containers: 'not a list' } } as unknown as Pod;
    expect(errorOf(() => n.sim.store.create(bad)).reason).toBe('Invalid');
  });
});
