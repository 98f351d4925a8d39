/** Upstream API defaulting for every kind the simulator holds, applied on create and update before validation. */
import type { KubeObject } from '../meta.js';
import {
  defaultEndpointSlice, defaultHpa, defaultPriorityClass, defaultRoleBinding, defaultStorageClass,
} from './cluster.js';
import { defaultEndpoints, defaultLimitRange, defaultNamespace, defaultNode, defaultPv, defaultPvc, defaultSecret, defaultService } from './core.js';
import { defaultPod } from './pod.js';
import { isObj, objAt, type Obj } from './util.js';
import {
  defaultCronJob, defaultDaemonSet, defaultDeployment, defaultJob, defaultReplicaSet, defaultReplicationController, defaultStatefulSet,
} from './workloads.js';

export { convertHpaV1 } from './hpa-v1.js';
export { defaultPullPolicy } from './pod.js';

/** Kinds whose defaults work on `spec` (skipped when spec is absent or not an object: validation reports that). */
const SPEC_DEFAULTS: Record<string, (spec: Obj, obj: Obj) => void> = {
  Deployment: defaultDeployment,
  ReplicaSet: defaultReplicaSet,
  ReplicationController: (spec, obj) => defaultReplicationController(obj, spec),
  StatefulSet: defaultStatefulSet,
  DaemonSet: defaultDaemonSet,
  Job: (spec, obj) => defaultJob(obj, spec),
  CronJob: defaultCronJob,
  Service: defaultService,
};

/** Kinds whose defaults work on the whole object. */
const OBJECT_DEFAULTS: Record<string, (obj: Obj) => void> = {
  Pod: defaultPod,
  Endpoints: defaultEndpoints,
  Namespace: defaultNamespace,
  Secret: defaultSecret,
  PersistentVolume: defaultPv,
  PersistentVolumeClaim: defaultPvc,
  Node: defaultNode,
  LimitRange: defaultLimitRange,
  HorizontalPodAutoscaler: defaultHpa,
  StorageClass: defaultStorageClass,
  PriorityClass: defaultPriorityClass,
  RoleBinding: defaultRoleBinding,
  ClusterRoleBinding: defaultRoleBinding,
  EndpointSlice: defaultEndpointSlice,
};

/** Apply upstream API defaulting to a freshly created/updated object, in place (the caller passes its own copy). */
export function applyDefaults(obj: KubeObject): void {
  // Objects arrive straight from YAML: anything malformed is left alone for validation to report.
  if (!isObj(obj)) return;
  const o = obj as Obj;
  const kind = typeof o.kind === 'string' ? o.kind : '';
  // Own entries only: a `kind` of `valueOf` must not find Object.prototype's.
  const whole = Object.hasOwn(OBJECT_DEFAULTS, kind) ? OBJECT_DEFAULTS[kind] : undefined;
  if (whole) {
    whole(o);
    return;
  }
  const bySpec = Object.hasOwn(SPEC_DEFAULTS, kind) ? SPEC_DEFAULTS[kind] : undefined;
  const spec = objAt(o, 'spec');
  if (bySpec && spec) bySpec(spec, o);
}
