/** What an API server and kubeadm put into a new cluster before anyone applies anything. */
import type { KubeObject } from '../api/meta.js';

/** Namespaces every cluster has. */
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** Objects created at start-up, in order: namespaces, the built-in priority classes, the kubernetes Service, a default StorageClass. */
export function bootstrapObjects(): KubeObject[] {
  return [
    ...SYSTEM_NAMESPACES.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })),
    {
      apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'system-node-critical' },
      value: 2_000_001_000, description: 'Used for system critical pods that must not be moved from their current node.',
    },
    {
      apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'system-cluster-critical' },
      value: 2_000_000_000, description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
    },
    {
      apiVersion: 'v1', kind: 'Service',
      metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
      spec: { type: 'ClusterIP', clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] },
    },
    {
      apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass',
      metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: 'kubedrill.io/zonal-disk', reclaimPolicy: 'Delete', volumeBindingMode: 'WaitForFirstConsumer', allowVolumeExpansion: true,
    },
  ];
}

/** Apply order for a set of manifests, as Helm orders kinds: what others depend on goes first. File order is kept within a kind. */
const KIND_ORDER = [
  'Namespace', 'PriorityClass', 'StorageClass', 'ResourceQuota', 'LimitRange', 'ServiceAccount', 'Secret', 'ConfigMap',
  'PersistentVolume', 'PersistentVolumeClaim', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'Service',
  'DaemonSet', 'Pod', 'ReplicationController', 'ReplicaSet', 'Deployment', 'HorizontalPodAutoscaler', 'StatefulSet',
  'Job', 'CronJob', 'PodDisruptionBudget',
];

export function applyOrder(kind: string): number {
  const i = KIND_ORDER.indexOf(kind);
  return i < 0 ? KIND_ORDER.length : i;
}
