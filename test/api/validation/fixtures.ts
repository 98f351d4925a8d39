/** Builders of valid objects and helpers that run admission's defaulting + validation the way the store does. */
import { applyDefaults } from '../../../source/api/defaults/index.js';
import { formatFieldError, invalid } from '../../../source/api/errors.js';
import { mustKindInfo } from '../../../source/api/kinds.js';
import { validateObject } from '../../../source/api/validation/index.js';

// any: test builders hand out loosely typed objects so that tests can break any field on purpose.
export type Loose = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** JSON deep copy. */
export function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** Default then validate (as admission does); the field errors as upstream prints them. */
export function errorsOf(obj: Loose, old?: Loose): string[] {
  const copy = clone(obj);
  applyDefaults(copy);
  return validateObject(copy, old).map(formatFieldError);
}

/** The full Invalid message (`Deployment.apps "web" is invalid: ...`), or 'valid'. */
export function messageOf(obj: Loose, old?: Loose): string {
  const copy = clone(obj);
  applyDefaults(copy);
  const errs = validateObject(copy, old);
  return errs.length === 0 ? 'valid' : invalid(mustKindInfo(copy.kind), copy.metadata?.name ?? '', errs).message;
}

/** A stored version of `obj` (defaulted, with identity fields), to use as `old` in update tests. */
export function stored(obj: Loose): Loose {
  const copy = clone(obj);
  copy.metadata = { uid: 'uid-1', creationTimestamp: '2025-01-01T00:00:00Z', resourceVersion: '1', ...copy.metadata };
  applyDefaults(copy);
  return copy;
}

const template = (labels: Record<string, string> = { app: 'web' }): Loose => ({
  metadata: { labels },
  spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
});

export function pod(): Loose {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-0', namespace: 'default', uid: 'pod-uid' },
    spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80, name: 'http' }] }] },
  };
}

export function deployment(): Loose {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', uid: 'dep-uid' },
    spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: template() },
  };
}

export function replicaSet(): Loose {
  return { ...deployment(), kind: 'ReplicaSet', metadata: { name: 'web-5d4f8', namespace: 'default', uid: 'rs-uid' } };
}

export function statefulSet(): Loose {
  return {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'default', uid: 'sts-uid' },
    spec: {
      serviceName: 'db', replicas: 3, selector: { matchLabels: { app: 'db' } }, template: template({ app: 'db' }),
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    },
  };
}

export function daemonSet(): Loose {
  return {
    apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'kube-system', uid: 'ds-uid' },
    spec: { selector: { matchLabels: { app: 'agent' } }, template: template({ app: 'agent' }) },
  };
}

export function job(): Loose {
  return {
    apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi', namespace: 'default', uid: 'job-uid' },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl:5.34' }] } } },
  };
}

export function cronJob(): Loose {
  return {
    apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'hello', namespace: 'default', uid: 'cj-uid' },
    spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'hello', image: 'busybox:1.36' }] } } } } },
  };
}

export function service(): Loose {
  return {
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', uid: 'svc-uid' },
    spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] },
  };
}

export function hpa(): Loose {
  return {
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'default', uid: 'hpa-uid' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 10 },
  };
}

export function pvc(): Loose {
  return {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'default', uid: 'pvc-uid' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  };
}

export function pv(): Loose {
  return {
    apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv-1', uid: 'pv-uid' },
    spec: { capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data/pv-1' } },
  };
}

export function pdb(): Loose {
  return {
    apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: 'default', uid: 'pdb-uid' },
    spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } },
  };
}

export function node(): Loose {
  return {
    apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1', uid: 'node-uid', labels: { 'kubernetes.io/hostname': 'node-1' } },
    spec: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] },
    status: { capacity: { cpu: '4', memory: '16Gi', pods: '110' } },
  };
}

export function cluster(): Loose {
  return {
    apiVersion: 'kubedrill.io/v1', kind: 'Cluster', metadata: { name: 'demo' },
    spec: {
      nodePools: [
        { name: 'system', count: 1, capacity: { cpu: '2', memory: '8Gi' }, controlPlane: true, taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] },
        { name: 'workers', count: 3, capacity: { cpu: '4', memory: '16Gi', pods: '110' }, zones: ['zone-a', 'zone-b'], autoscaling: { enabled: true, min: 1, max: 10 } },
      ],
    },
  };
}

/** One valid object of every kind the registry holds, for robustness tests. */
export function everyKind(): Loose[] {
  return [
    pod(), deployment(), replicaSet(), statefulSet(), daemonSet(), job(), cronJob(), service(), hpa(), pvc(), pv(), pdb(), node(), cluster(),
    { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'rc', namespace: 'default' }, spec: { replicas: 2, template: template({ app: 'rc' }) } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, data: { 'app.conf': 'x=1' } },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, stringData: { password: 'hunter2' } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa', namespace: 'default' } },
    { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web', namespace: 'default' }, subsets: [{ addresses: [{ ip: '10.244.0.5' }], ports: [{ port: 8080 }] }] },
    { apiVersion: 'v1', kind: 'Event', metadata: { name: 'web.1', namespace: 'default' }, involvedObject: { kind: 'Pod', name: 'web' }, reason: 'Scheduled', count: 1 },
    { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'lr', namespace: 'default' }, spec: { limits: [{ type: 'Container', max: { cpu: '2' }, min: { cpu: '100m' } }] } },
    { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q', namespace: 'default' }, spec: { hard: { pods: '10', 'requests.cpu': '4' } } },
    { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'db-1', namespace: 'default' }, data: { spec: {} }, revision: 1 },
    { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast' }, provisioner: 'kubernetes.io/no-provisioner' },
    { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'node-1', namespace: 'kube-node-lease' }, spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40 } },
    { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'web-abcde', namespace: 'default' }, addressType: 'IPv4', endpoints: [{ addresses: ['10.244.0.5'] }], ports: [{ port: 8080 }] },
    { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 },
    { apiVersion: 'autoscaling.k8s.io/v1', kind: 'VerticalPodAutoscaler', metadata: { name: 'web', namespace: 'default' }, spec: { targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, updatePolicy: { updateMode: 'Off' } } },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'reader', namespace: 'default' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'cluster-reader' }, rules: [{ nonResourceURLs: ['/healthz'], verbs: ['get'] }] },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'rb', namespace: 'default' }, roleRef: { kind: 'Role', name: 'reader' }, subjects: [{ kind: 'User', name: 'alice' }] },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'crb' }, roleRef: { kind: 'ClusterRole', name: 'cluster-reader' }, subjects: [{ kind: 'ServiceAccount', name: 'sa', namespace: 'default' }] },
  ];
}
