/** Which validation each kind gets, on create and on update (the registry strategies' Validate/ValidateUpdate). */
import { formatFieldError, type FieldError } from '../errors.js';
import { kindInfo } from '../kinds.js';
import { validateControllerRevision, validateDaemonSet, validateStatefulSet, validateStatefulSetUpdate } from './apps-sets.js';
import { validateHpa } from './autoscaling.js';
import { validateCronJob, validateJob, validateJobUpdate } from './batch.js';
import { validateCluster } from './cluster.js';
import {
  validateConfigMap, validateEvent, validateLease, validateLimitRange, validateNamespace, validateNode, validateResourceQuota, validateSecret,
} from './core-misc.js';
import { type Errs, isObj, jsonEqual, lookup, type Obj } from './field.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta.js';
import type { NameRule } from './names.js';
import { validatePod, validatePodDeletionCost } from './pod.js';
import { validatePodSpecUpdate } from './pod-update.js';
import { validatePdb, validatePriorityClass } from './policy.js';
import { validateRole, validateRoleBinding } from './rbac.js';
import { validateEndpointSlice, validateEndpoints, validateService, validateServiceUpdate } from './service.js';
import { validatePv, validatePvc, validatePvcUpdate, validatePvUpdate, validateStorageClass } from './storage.js';
import { validateDeployment, validateReplicaSet, validateReplicationController, validateSelectorUpdate } from './workloads.js';
import { validateVpa } from './vpa.js';

/** A kind's checks: `old` is set on update. */
type KindValidator = (errs: Errs, obj: Obj, old: Obj | undefined) => void;

const spec = (o: Obj): Obj => (isObj(o.spec) ? o.spec : {});

const VALIDATORS: Record<string, KindValidator> = {
  Pod: (e, o, old) => {
    validatePod(e, o);
    if (old) validatePodSpecUpdate(e, spec(o), spec(old));
  },
  Deployment: (e, o, old) => { validateDeployment(e, o); if (old) validateSelectorUpdate(e, o, old); },
  ReplicaSet: (e, o, old) => { validateReplicaSet(e, o); if (old) validateSelectorUpdate(e, o, old); },
  DaemonSet: (e, o, old) => { validateDaemonSet(e, o); if (old) validateSelectorUpdate(e, o, old); },
  StatefulSet: (e, o, old) => { validateStatefulSet(e, o); if (old) validateStatefulSetUpdate(e, o, old); },
  ReplicationController: (e, o) => validateReplicationController(e, o),
  ControllerRevision: validateControllerRevision,
  Job: (e, o, old) => { validateJob(e, o); if (old) validateJobUpdate(e, o, old); },
  CronJob: validateCronJob,
  Service: (e, o, old) => { validateService(e, o); if (old) validateServiceUpdate(e, o, old); },
  Endpoints: (e, o) => validateEndpoints(e, o),
  EndpointSlice: validateEndpointSlice,
  PersistentVolumeClaim: (e, o, old) => { validatePvc(e, o); if (old) validatePvcUpdate(e, o, old); },
  PersistentVolume: (e, o, old) => { validatePv(e, o); if (old) validatePvUpdate(e, o, old); },
  StorageClass: validateStorageClass,
  HorizontalPodAutoscaler: validateHpa,
  VerticalPodAutoscaler: validateVpa,
  PodDisruptionBudget: (e, o) => validatePdb(e, o),
  PriorityClass: validatePriorityClass,
  Namespace: (e, o) => validateNamespace(e, o),
  Node: validateNode,
  Secret: validateSecret,
  ConfigMap: validateConfigMap,
  LimitRange: (e, o) => validateLimitRange(e, o),
  ResourceQuota: validateResourceQuota,
  Event: (e, o) => validateEvent(e, o),
  Lease: (e, o) => validateLease(e, o),
  Role: (e, o) => validateRole(e, o, true),
  ClusterRole: (e, o) => validateRole(e, o, false),
  RoleBinding: (e, o, old) => validateRoleBinding(e, o, true, old),
  ClusterRoleBinding: (e, o, old) => validateRoleBinding(e, o, false, old),
  Cluster: (e, o) => validateCluster(e, o),
};

/** metadata.name rules per kind (ValidateNameFunc); the rest use DNS-1123 subdomains. */
const NAME_RULES: Record<string, NameRule> = {
  Service: 'dns1035', Namespace: 'label', StatefulSet: 'label',
  Role: 'pathSegment', ClusterRole: 'pathSegment', RoleBinding: 'pathSegment', ClusterRoleBinding: 'pathSegment',
};

const NOT_BODY = new Set(['apiVersion', 'kind', 'metadata', 'status']);

/** Whether everything but metadata and status is unchanged: then the body was already valid when stored. */
function bodyUnchanged(obj: Obj, old: Obj): boolean {
  for (const k of Object.keys(obj)) if (!NOT_BODY.has(k) && !jsonEqual(obj[k], old[k])) return false;
  for (const k of Object.keys(old)) if (!NOT_BODY.has(k) && obj[k] === undefined && old[k] !== undefined) return false;
  return true;
}

/** Upstream's ToAggregate drops identical messages; so do we. */
function dedupe(errs: FieldError[]): FieldError[] {
  if (errs.length < 2) return errs;
  const seen = new Set<string>();
  return errs.filter((e) => {
    const text = formatFieldError(e);
    if (seen.has(text)) return false;
    seen.add(text);
    return true;
  });
}

/** Validation without the safety net: throws only on a bug (the property tests call this to find them). */
export function validateUnchecked(obj: unknown, old?: unknown): FieldError[] {
  const errs: Errs = [];
  if (!isObj(obj)) {
    errs.push({ type: 'FieldValueTypeInvalid', field: '', valueText: obj === null ? 'null' : typeof obj, detail: 'must be of type object' });
    return errs;
  }
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  const info = kindInfo(kind);
  const oldObj = isObj(old) ? old : undefined;
  const meta = validateObjectMeta(errs, obj, lookup(NAME_RULES, kind) ?? 'subdomain', info?.namespaced ?? true);
  if (oldObj) validateObjectMetaUpdate(errs, meta, oldObj.metadata);
  // Pod annotations are checked even when the spec is untouched (deletion cost is set on live pods).
  if (kind === 'Pod' && meta) validatePodDeletionCost(errs, meta, 'metadata.annotations');
  const validate = lookup(VALIDATORS, kind);
  // A body that did not change was valid when stored; skipping it keeps status and label writes cheap at scale.
  if (validate && !(oldObj && bodyUnchanged(obj, oldObj))) validate(errs, obj, oldObj);
  return dedupe(errs);
}
