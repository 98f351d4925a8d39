import { describe, expect, it } from 'vitest';
import { tableFor } from '../../../source/api/print/columns.js';
import { hpaTargets } from '../../../source/api/print/hpa-targets.js';
import type { HorizontalPodAutoscaler } from '../../../source/api/cluster-kinds.js';
import { D, M, NOW, ago, obj } from './helpers.js';

const names = (kind: string, wide = false) => tableFor(kind, [], { nowMs: NOW, wide }).columns.map((c) => c.name);
const cells = (kind: string, o: ReturnType<typeof obj>, wide = false) => tableFor(kind, [o], { nowMs: NOW, wide }).rows[0]!.cells;

describe('hpa', () => {
  const cpu = (target: Record<string, unknown>) => ({ type: 'Resource', resource: { name: 'cpu', target } });
  const hpa = (spec: Record<string, unknown>, status?: Record<string, unknown>) => obj('autoscaling/v2', 'HorizontalPodAutoscaler', 'web', {
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 10, ...spec },
    status,
  }) as HorizontalPodAutoscaler;

  it('columns and cells', () => {
    expect(names('hpa', true)).toEqual(['NAME', 'REFERENCE', 'TARGETS', 'MINPODS', 'MAXPODS', 'REPLICAS', 'AGE']);
    const h = hpa({ metrics: [cpu({ type: 'Utilization', averageUtilization: 50 })] }, {
      currentReplicas: 3, desiredReplicas: 3,
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 40, averageValue: '200m' } } }],
    });
    expect(cells('HorizontalPodAutoscaler', h)).toEqual(['web', 'Deployment/web', 'cpu: 40%/50%', '2', '10', '3', '5m']);
    expect(cells('HorizontalPodAutoscaler', hpa({ minReplicas: undefined, metrics: [] }))).toEqual(['web', 'Deployment/web', '<none>', '<unset>', '10', '0', '5m']);
  });

  it('TARGETS: <unknown> before metrics, <auto> without a target, AverageValue, pods, object and external metrics', () => {
    expect(hpaTargets(hpa({ metrics: [cpu({ type: 'Utilization', averageUtilization: 80 })] }))).toBe('cpu: <unknown>/80%');
    expect(hpaTargets(hpa({ metrics: [cpu({ type: 'Utilization' })] }))).toBe('cpu: <unknown>/<auto>');
    expect(hpaTargets(hpa({ metrics: [cpu({ type: 'AverageValue', averageValue: '500m' })] }, {
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageValue: '250m' } } }],
    }))).toBe('cpu: 250m/500m');
    const metrics = [
      { type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '100' } } },
      { type: 'External', external: { metric: { name: 'queue' }, target: { type: 'AverageValue', averageValue: '30' } } },
    ];
    expect(hpaTargets(hpa({ metrics }, {
      currentMetrics: [{ type: 'Pods', pods: { metric: { name: 'rps' }, current: { averageValue: '87' } } }],
    }))).toBe('87/100, <unknown>/30 (avg)');
    const object = { type: 'Object', object: { describedObject: { kind: 'Ingress', name: 'main' }, metric: { name: 'hits' }, target: { type: 'Value', value: '2k' } } };
    expect(hpaTargets(hpa({ metrics: [object] }, { currentMetrics: [{ type: 'Object', object: { current: { value: '1500' } } }] }))).toBe('1500/2k');
    const container = { type: 'ContainerResource', containerResource: { name: 'memory', container: 'web', target: { type: 'Utilization', averageUtilization: 70 } } };
    expect(hpaTargets(hpa({ metrics: [container] }))).toBe('memory: <unknown>/70%');
    expect(hpaTargets(hpa({ metrics: [{ type: 'Bogus' }] }))).toBe('<unknown type>');
  });

  it('at most two metrics, then + N more...', () => {
    const m = (n: number) => cpu({ type: 'Utilization', averageUtilization: n });
    expect(hpaTargets(hpa({ metrics: [m(50), m(60), m(70), m(80)] }))).toBe('cpu: <unknown>/50%, cpu: <unknown>/60% + 2 more...');
  });

  it('reads an autoscaling/v1-shaped object as its cpu metric', () => {
    const v1 = obj('autoscaling/v1', 'HorizontalPodAutoscaler', 'old', {
      spec: { scaleTargetRef: { kind: 'Deployment', name: 'old' }, maxReplicas: 4, targetCPUUtilizationPercentage: 60 },
      status: { currentReplicas: 1, currentCPUUtilizationPercentage: 12 },
    });
    expect(cells('HorizontalPodAutoscaler', v1)).toEqual(['old', 'Deployment/old', 'cpu: 12%/60%', '<unset>', '4', '1', '5m']);
  });
});

describe('pdb', () => {
  it('N/A for the unset bound; percentages as strings', () => {
    expect(names('pdb')).toEqual(['NAME', 'MIN AVAILABLE', 'MAX UNAVAILABLE', 'ALLOWED DISRUPTIONS', 'AGE']);
    const pdb = (spec: Record<string, unknown>, status?: unknown) => obj('policy/v1', 'PodDisruptionBudget', 'web', { spec, status });
    expect(cells('PodDisruptionBudget', pdb({ minAvailable: 2 }, { disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3 })))
      .toEqual(['web', '2', 'N/A', '1', '5m']);
    expect(cells('PodDisruptionBudget', pdb({ maxUnavailable: '25%' }))).toEqual(['web', 'N/A', '25%', '0', '5m']);
  });
});

describe('persistentvolumes and claims', () => {
  it('pv', () => {
    expect(names('pv', true)).toEqual([
      'NAME', 'CAPACITY', 'ACCESS MODES', 'RECLAIM POLICY', 'STATUS', 'CLAIM', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'REASON', 'AGE', 'VOLUMEMODE',
    ]);
    const pv = obj('v1', 'PersistentVolume', 'pvc-1b2c', {
      spec: {
        capacity: { storage: '10Gi' }, accessModes: ['ReadWriteMany', 'ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Delete', storageClassName: 'standard',
        volumeMode: 'Filesystem', claimRef: { kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data-db-0' },
      },
      status: { phase: 'Bound' },
    }, { namespace: undefined });
    expect(cells('PersistentVolume', pv, true)).toEqual(['pvc-1b2c', '10Gi', 'RWO,RWX', 'Delete', 'Bound', 'default/data-db-0', 'standard', '<unset>', '', '5m', 'Filesystem']);
    const released = obj('v1', 'PersistentVolume', 'old', { spec: {}, status: { phase: 'Released', reason: 'Reclaiming' } }, {
      namespace: undefined, deletionTimestamp: ago(M), annotations: { 'volume.beta.kubernetes.io/storage-class': 'legacy' },
    });
    expect(cells('PersistentVolume', released, true)).toEqual(['old', '0', '', '', 'Terminating', '', 'legacy', '<unset>', 'Reclaiming', '5m', '<unset>']);
  });

  it('pvc: capacity and access modes only once bound to a volume', () => {
    expect(names('pvc', true)).toEqual(['NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'AGE', 'VOLUMEMODE']);
    const pending = obj('v1', 'PersistentVolumeClaim', 'data-db-0', {
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } }, storageClassName: 'standard', volumeMode: 'Filesystem' },
      status: { phase: 'Pending' },
    });
    expect(cells('PersistentVolumeClaim', pending, true)).toEqual(['data-db-0', 'Pending', '', '', '', 'standard', '<unset>', '5m', 'Filesystem']);
    const bound = obj('v1', 'PersistentVolumeClaim', 'data-db-0', {
      spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'standard', volumeName: 'pvc-1b2c', volumeAttributesClassName: 'gold' },
      status: { phase: 'Bound', accessModes: ['ReadWriteOnce', 'ReadWriteOncePod'], capacity: { storage: '10Gi' } },
    });
    expect(cells('PersistentVolumeClaim', bound)).toEqual(['data-db-0', 'Bound', 'pvc-1b2c', '10Gi', 'RWO,RWOP', 'standard', 'gold', '5m']);
  });
});

describe('storageclasses, leases, endpointslices, priorityclasses', () => {
  it('storageclasses mark the default and print defaulted policies', () => {
    expect(names('sc')).toEqual(['NAME', 'PROVISIONER', 'RECLAIMPOLICY', 'VOLUMEBINDINGMODE', 'ALLOWVOLUMEEXPANSION', 'AGE']);
    const sc = obj('storage.k8s.io/v1', 'StorageClass', 'standard', { provisioner: 'rancher.io/local-path', volumeBindingMode: 'WaitForFirstConsumer' }, {
      namespace: undefined, annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' }, creationTimestamp: ago(40 * D),
    });
    expect(cells('StorageClass', sc)).toEqual(['standard (default)', 'rancher.io/local-path', 'Delete', 'WaitForFirstConsumer', 'false', '40d']);
    const fast = obj('storage.k8s.io/v1', 'StorageClass', 'fast', { provisioner: 'ebs.csi.aws.com', reclaimPolicy: 'Retain', allowVolumeExpansion: true }, {
      namespace: undefined, annotations: { 'storageclass.beta.kubernetes.io/is-default-class': 'false' },
    });
    expect(cells('StorageClass', fast)).toEqual(['fast', 'ebs.csi.aws.com', 'Retain', 'Immediate', 'true', '5m']);
  });

  it('leases', () => {
    expect(names('leases')).toEqual(['NAME', 'HOLDER', 'AGE']);
    expect(cells('Lease', obj('coordination.k8s.io/v1', 'Lease', 'node-1', { spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40 } }))).toEqual(['node-1', 'node-1', '5m']);
    expect(cells('Lease', obj('coordination.k8s.io/v1', 'Lease', 'free', {}))).toEqual(['free', '', '5m']);
  });

  it('endpointslices', () => {
    expect(names('endpointslices')).toEqual(['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE']);
    const slice = obj('discovery.k8s.io/v1', 'EndpointSlice', 'web-abc12', {
      addressType: 'IPv4',
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }, { name: 'grpc' }, {}, { port: 9090 }],
      endpoints: [{ addresses: ['10.244.1.5'] }, { addresses: ['10.244.2.8', '10.244.2.9'] }, { addresses: ['10.244.3.1'] }, { addresses: ['10.244.3.2'] }],
    });
    expect(cells('EndpointSlice', slice)).toEqual(['web-abc12', 'IPv4', '8080,grpc,* + 1 more...', '10.244.1.5,10.244.2.8,10.244.2.9 + 2 more...', '5m']);
    expect(cells('EndpointSlice', obj('discovery.k8s.io/v1', 'EndpointSlice', 'empty', { addressType: 'IPv4', endpoints: [] })))
      .toEqual(['empty', 'IPv4', '<unset>', '<unset>', '5m']);
  });

  it('priorityclasses show PREEMPTIONPOLICY by default', () => {
    expect(names('pc')).toEqual(['NAME', 'VALUE', 'GLOBAL-DEFAULT', 'AGE', 'PREEMPTIONPOLICY']);
    const pc = obj('scheduling.k8s.io/v1', 'PriorityClass', 'system-cluster-critical', { value: 2000000000, preemptionPolicy: 'PreemptLowerPriority' }, {
      namespace: undefined, creationTimestamp: ago(12 * D),
    });
    expect(cells('PriorityClass', pc)).toEqual(['system-cluster-critical', '2000000000', 'false', '12d', 'PreemptLowerPriority']);
  });
});

describe('rbac', () => {
  it('roles and clusterroles use NAME CREATED AT', () => {
    expect(names('roles')).toEqual(['NAME', 'CREATED AT']);
    expect(cells('ClusterRole', obj('rbac.authorization.k8s.io/v1', 'ClusterRole', 'view', {}, { namespace: undefined, creationTimestamp: '2026-01-01T00:00:00Z' })))
      .toEqual(['view', '2026-01-01T00:00:00Z']);
  });

  it('rolebindings and clusterrolebindings', () => {
    expect(names('rolebindings', true)).toEqual(['NAME', 'ROLE', 'AGE', 'USERS', 'GROUPS', 'SERVICEACCOUNTS']);
    expect(names('clusterrolebindings')).toEqual(['NAME', 'ROLE', 'AGE']);
    const rb = obj('rbac.authorization.k8s.io/v1', 'RoleBinding', 'ops', {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
      subjects: [
        { kind: 'User', name: 'alice' }, { kind: 'User', name: 'bob' }, { kind: 'Group', name: 'sre' },
        { kind: 'ServiceAccount', name: 'ci', namespace: 'tools' },
      ],
    });
    expect(cells('RoleBinding', rb, true)).toEqual(['ops', 'ClusterRole/edit', '5m', 'alice, bob', 'sre', 'tools/ci']);
  });
});

describe('generic fallback', () => {
  it('unknown and kubedrill.io kinds print NAME AGE', () => {
    const t = tableFor('Cluster', [obj('kubedrill.io/v1', 'Cluster', 'demo', {}, { namespace: undefined })], { nowMs: NOW, allNamespaces: true });
    expect(t.columns.map((c) => [c.name, c.type])).toEqual([['NAME', 'string'], ['AGE', 'date']]);
    expect(t.rows[0]!.cells).toEqual(['demo', '5m']);
    const w = tableFor('widgets.example.com', [obj('example.com/v1', 'Widget', 'w1', {}, { namespace: 'shop' })], { nowMs: NOW, allNamespaces: true });
    expect(w.columns.map((c) => c.name)).toEqual(['NAMESPACE', 'NAME', 'AGE']);
    expect(w.rows[0]!.cells).toEqual(['shop', 'w1', '5m']);
  });

  it('NAMESPACE comes first with allNamespaces, only for namespaced kinds', () => {
    const deploy = obj('apps/v1', 'Deployment', 'web', { spec: { replicas: 1 } }, { namespace: 'shop', creationTimestamp: ago(D) });
    const t = tableFor('deployments', [deploy], { nowMs: NOW, allNamespaces: true, wide: true });
    expect(t.columns[0]).toEqual({ name: 'NAMESPACE', priority: 0, type: 'string' });
    expect(t.rows[0]!.cells.slice(0, 3)).toEqual(['shop', 'web', '0/1']);
    const nodes = tableFor('nodes', [obj('v1', 'Node', 'n1', {}, { namespace: undefined })], { nowMs: NOW, allNamespaces: true });
    expect(nodes.columns[0]!.name).toBe('NAME');
  });
});
