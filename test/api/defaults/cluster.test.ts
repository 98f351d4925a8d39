/** Defaulting of HPA (autoscaling/v2), StorageClass, PriorityClass, RBAC bindings and EndpointSlices. */
import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../../../source/api/defaults/index.js';
import { hpa, type Loose } from '../validation/fixtures.js';

function defaulted(obj: Loose): Loose {
  applyDefaults(obj);
  return obj;
}

describe('HorizontalPodAutoscaler', () => {
  it('defaults minReplicas 1 and a CPU utilization target of 80%', () => {
    const h = hpa();
    delete h.spec.minReplicas;
    expect(defaulted(h).spec).toMatchObject({
      minReplicas: 1, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
    });
    expect(h.spec.behavior).toBeUndefined();
  });

  it('fills behavior only when present: scaleUp 0s/Max/[4 pods, 100%] per 15s, scaleDown Max/[100%] with no window', () => {
    const h = hpa();
    h.spec.behavior = {};
    expect(defaulted(h).spec.behavior).toEqual({
      scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] },
      scaleDown: { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
    });
  });

  it('keeps the user fields of a partial rule and fills the rest', () => {
    const h = hpa();
    h.spec.behavior = { scaleDown: { stabilizationWindowSeconds: 30, policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } };
    expect(defaulted(h).spec.behavior.scaleDown).toEqual({ stabilizationWindowSeconds: 30, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] });
  });
});

describe('cluster-scoped and RBAC kinds', () => {
  it('defaults StorageClass reclaimPolicy Delete and Immediate binding', () => {
    expect(defaulted({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast' }, provisioner: 'p' }))
      .toMatchObject({ reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' });
  });

  it('defaults PriorityClass preemptionPolicy', () => {
    expect(defaulted({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 10 }).preemptionPolicy).toBe('PreemptLowerPriority');
  });

  it('defaults the RBAC group on roleRef and on User/Group subjects only', () => {
    const rb = defaulted({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'rb' }, roleRef: { kind: 'Role', name: 'r' },
      subjects: [{ kind: 'User', name: 'alice' }, { kind: 'Group', name: 'devs' }, { kind: 'ServiceAccount', name: 'sa' }] });
    expect(rb.roleRef.apiGroup).toBe('rbac.authorization.k8s.io');
    expect(rb.subjects.map((s: Loose) => s.apiGroup)).toEqual(['rbac.authorization.k8s.io', 'rbac.authorization.k8s.io', undefined]);
  });

  it('defaults EndpointSlice port name and protocol', () => {
    const slice = defaulted({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 's' }, addressType: 'IPv4', endpoints: [], ports: [{ port: 80 }] });
    expect(slice.ports).toEqual([{ port: 80, name: '', protocol: 'TCP' }]);
  });
});

describe('robustness', () => {
  it('leaves malformed shapes alone for validation to report', () => {
    const d: Loose = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { strategy: 'fast', template: [] } };
    applyDefaults(d);
    expect(d.spec).toEqual({ replicas: 1, strategy: 'fast', template: [], revisionHistoryLimit: 10, progressDeadlineSeconds: 600 });
    for (const weird of [null, undefined, 'text', 42, [], { kind: 'Pod', spec: 'x' }]) expect(() => applyDefaults(weird as never)).not.toThrow();
  });
});
