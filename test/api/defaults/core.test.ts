/** Defaulting of Service, Endpoints, Namespace, Secret, PV, PVC, Node and LimitRange. */
import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../../../source/api/defaults/index.js';
import { node, pv, pvc, service, type Loose } from '../validation/fixtures.js';

function defaulted(obj: Loose): Loose {
  applyDefaults(obj);
  return obj;
}

describe('Service', () => {
  it('defaults type, affinity, protocol, targetPort, traffic policy and single-stack IPv4', () => {
    const s = service();
    delete s.spec.ports[0].targetPort;
    expect(defaulted(s).spec).toEqual({
      selector: { app: 'web' }, ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }], type: 'ClusterIP', sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster', ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'],
    });
  });

  it('adds externalTrafficPolicy and allocateLoadBalancerNodePorts where they apply', () => {
    const lb = service();
    lb.spec.type = 'LoadBalancer';
    expect(defaulted(lb).spec).toMatchObject({ externalTrafficPolicy: 'Cluster', allocateLoadBalancerNodePorts: true });
    const withExternalIPs = service();
    withExternalIPs.spec.externalIPs = ['203.0.113.10'];
    expect(defaulted(withExternalIPs).spec.externalTrafficPolicy).toBe('Cluster');
    expect(defaulted(service()).spec.externalTrafficPolicy).toBeUndefined();
  });

  it('keeps clusterIP and clusterIPs in step; a headless service without selector asks for RequireDualStack', () => {
    const headless = service();
    headless.spec.clusterIP = 'None';
    expect(defaulted(headless).spec).toMatchObject({ clusterIPs: ['None'], ipFamilyPolicy: 'SingleStack' });
    const bare = service();
    bare.spec.clusterIP = 'None';
    delete bare.spec.selector;
    expect(defaulted(bare).spec.ipFamilyPolicy).toBe('RequireDualStack');
  });

  it('defaults ClientIP affinity timeout to 10800s and leaves ExternalName without families', () => {
    const s = service();
    s.spec.sessionAffinity = 'ClientIP';
    expect(defaulted(s).spec.sessionAffinityConfig).toEqual({ clientIP: { timeoutSeconds: 10800 } });
    const ext = defaulted({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'db' }, spec: { type: 'ExternalName', externalName: 'db.example.com' } });
    expect(ext.spec.ipFamilies).toBeUndefined();
    expect(ext.spec.internalTrafficPolicy).toBeUndefined();
  });
});

describe('other core kinds', () => {
  it('labels a Namespace with its name and marks it Active', () => {
    const ns = defaulted({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', labels: { 'kubernetes.io/metadata.name': 'wrong' } } });
    expect(ns.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'team-a' });
    expect(ns.status).toEqual({ phase: 'Active' });
  });

  it('types a Secret Opaque and folds stringData into base64 data', () => {
    const s = defaulted({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: 'eA==' }, stringData: { password: 'hunter2' } });
    expect(s).toMatchObject({ type: 'Opaque', data: { a: 'eA==', password: 'aHVudGVyMg==' } });
    expect(s.stringData).toBeUndefined();
  });

  it('defaults PVC volumeMode and phase, PV reclaim policy, volumeMode and phase', () => {
    expect(defaulted(pvc())).toMatchObject({ spec: { volumeMode: 'Filesystem' }, status: { phase: 'Pending' } });
    expect(defaulted(pv())).toMatchObject({ spec: { persistentVolumeReclaimPolicy: 'Retain', volumeMode: 'Filesystem', hostPath: { type: '' } }, status: { phase: 'Pending' } });
  });

  it('copies Node capacity to allocatable when missing', () => {
    expect(defaulted(node()).status.allocatable).toEqual({ cpu: '4', memory: '16Gi', pods: '110' });
  });

  it('defaults a Container LimitRange: default from max, defaultRequest from default, then from min', () => {
    const lr = defaulted({ apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'l' }, spec: { limits: [
      { type: 'Container', max: { cpu: '2', memory: '1Gi' }, min: { cpu: '100m', 'ephemeral-storage': '1Gi' } },
      { type: 'Pod', max: { cpu: '4' } },
    ] } });
    expect(lr.spec.limits[0].default).toEqual({ cpu: '2', memory: '1Gi' });
    expect(lr.spec.limits[0].defaultRequest).toEqual({ cpu: '2', memory: '1Gi', 'ephemeral-storage': '1Gi' });
    expect(lr.spec.limits[1].default).toBeUndefined();
  });

  it('defaults Endpoints port protocol', () => {
    const ep = defaulted({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'e' }, subsets: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }] });
    expect(ep.subsets[0].ports[0].protocol).toBe('TCP');
  });
});
