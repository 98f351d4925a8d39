/** The registry of kinds the simulator holds: group, version, resource names, scope. One source of truth for store, loader and API. */

export interface KindInfo {
  kind: string;
  group: string; // '' for the core group
  version: string;
  /** Preferred apiVersion, e.g. "apps/v1" or "v1". */
  apiVersion: string;
  /** Other apiVersions accepted on input and converted (e.g. autoscaling/v1 HPA). */
  alsoAccepts?: string[];
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Whether the kind has a status subresource (spec and status written separately). */
  hasStatus: boolean;
}

const k = (kind: string, apiVersion: string, plural: string, namespaced: boolean, hasStatus: boolean,
  shortNames: string[] = [], all = false, alsoAccepts?: string[]): KindInfo => {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') as [string, string] : ['', apiVersion];
  return {
    kind, group, version, apiVersion, plural, singular: kind.toLowerCase(), namespaced, hasStatus,
    shortNames, categories: all ? ['all'] : [], alsoAccepts,
  };
};

export const KINDS: readonly KindInfo[] = [
  k('Pod', 'v1', 'pods', true, true, ['po'], true),
  k('Node', 'v1', 'nodes', false, true, ['no']),
  k('Service', 'v1', 'services', true, true, ['svc'], true),
  k('Endpoints', 'v1', 'endpoints', true, false, ['ep']),
  k('Namespace', 'v1', 'namespaces', false, true, ['ns']),
  k('Event', 'v1', 'events', true, false, ['ev'], false, ['events.k8s.io/v1']),
  k('PersistentVolume', 'v1', 'persistentvolumes', false, true, ['pv']),
  k('PersistentVolumeClaim', 'v1', 'persistentvolumeclaims', true, true, ['pvc']),
  k('ConfigMap', 'v1', 'configmaps', true, false, ['cm']),
  k('Secret', 'v1', 'secrets', true, false, ['sec']),
  k('ServiceAccount', 'v1', 'serviceaccounts', true, false, ['sa']),
  k('ReplicationController', 'v1', 'replicationcontrollers', true, true, ['rc'], true),
  k('LimitRange', 'v1', 'limitranges', true, false, ['limits']),
  k('ResourceQuota', 'v1', 'resourcequotas', true, true, ['quota']),
  k('Deployment', 'apps/v1', 'deployments', true, true, ['deploy', 'dp'], true),
  k('ReplicaSet', 'apps/v1', 'replicasets', true, true, ['rs'], true),
  k('StatefulSet', 'apps/v1', 'statefulsets', true, true, ['sts'], true),
  k('DaemonSet', 'apps/v1', 'daemonsets', true, true, ['ds'], true),
  k('ControllerRevision', 'apps/v1', 'controllerrevisions', true, false),
  k('Job', 'batch/v1', 'jobs', true, true, ['jo'], true),
  k('CronJob', 'batch/v1', 'cronjobs', true, true, ['cj'], true),
  k('HorizontalPodAutoscaler', 'autoscaling/v2', 'horizontalpodautoscalers', true, true, ['hpa'], true, ['autoscaling/v1']),
  k('PodDisruptionBudget', 'policy/v1', 'poddisruptionbudgets', true, true, ['pdb']),
  k('VerticalPodAutoscaler', 'autoscaling.k8s.io/v1', 'verticalpodautoscalers', true, true, ['vpa']),
  k('StorageClass', 'storage.k8s.io/v1', 'storageclasses', false, false, ['sc']),
  k('Lease', 'coordination.k8s.io/v1', 'leases', true, false),
  k('EndpointSlice', 'discovery.k8s.io/v1', 'endpointslices', true, false),
  k('PriorityClass', 'scheduling.k8s.io/v1', 'priorityclasses', false, false, ['pc']),
  k('Role', 'rbac.authorization.k8s.io/v1', 'roles', true, false, ['ro']),
  k('ClusterRole', 'rbac.authorization.k8s.io/v1', 'clusterroles', false, false),
  k('RoleBinding', 'rbac.authorization.k8s.io/v1', 'rolebindings', true, false, ['rb']),
  k('ClusterRoleBinding', 'rbac.authorization.k8s.io/v1', 'clusterrolebindings', false, false),
  k('Cluster', 'kubedrill.io/v1', 'clusters', false, false),
  k('ImageCatalog', 'kubedrill.io/v1', 'imagecatalogs', false, false),
];

const byKind = new Map(KINDS.map((info) => [info.kind, info]));
const byName = new Map<string, KindInfo>();
for (const info of KINDS) {
  for (const name of [info.plural, info.singular, info.kind.toLowerCase(), ...(info.shortNames ?? [])]) byName.set(name, info);
  byName.set(`${info.plural}.${info.group}`, info);
}

/** Kind info by Kind name (`Deployment`), or undefined for a kind the simulator cannot hold. */
export function kindInfo(kind: string): KindInfo | undefined {
  return byKind.get(kind);
}

/** Kind info by kind; throws for an unknown kind (a programming error inside the simulator). */
export function mustKindInfo(kind: string): KindInfo {
  const info = byKind.get(kind);
  if (!info) throw new Error(`no kind "${kind}" is registered`);
  return info;
}

/** Resolve a resource name as kubectl accepts it: plural, singular, short name or `plural.group`. */
export function resolveResource(name: string): KindInfo | undefined {
  return byName.get(name.toLowerCase());
}

/** Whether `apiVersion` is a version this kind is served or accepted at. */
export function acceptsApiVersion(info: KindInfo, apiVersion: string): boolean {
  return info.apiVersion === apiVersion || (info.alsoAccepts ?? []).includes(apiVersion);
}

/** The resource name used in API error messages: `pods`, `deployments.apps`. */
export function qualifiedResource(info: KindInfo): string {
  return info.group ? `${info.plural}.${info.group}` : info.plural;
}

/** The kind name used in Invalid messages: `Pod`, `Deployment.apps`. */
export function qualifiedKind(info: KindInfo): string {
  return info.group ? `${info.kind}.${info.group}` : info.kind;
}
