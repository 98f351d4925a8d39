/** Defaulting of HPA (autoscaling/v2), StorageClass, PriorityClass, RBAC bindings and EndpointSlices. */
import { convertHpaV1InPlace } from './hpa-v1.js';
import { isUnset, type Obj, objAt, objItems, setDefault, setDefaultString } from './util.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** GenerateHPAScaleUpRules' defaults: no window, Max of 4 pods or 100% per 15s. */
function scaleUpDefaults(): Obj {
  return { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] };
}

/** GenerateHPAScaleDownRules' defaults: the window stays unset (the controller's 300s flag applies), Max of 100% per 15s. */
function scaleDownDefaults(): Obj {
  return { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] };
}

/** copyHPAScalingRules: the user's non-nil fields over the defaults. */
function mergeRules(given: unknown, defaults: Obj): Obj {
  if (typeof given !== 'object' || given === null || Array.isArray(given)) return isUnset(given) ? defaults : (given as Obj);
  const from = given as Obj;
  const out: Obj = { ...defaults };
  for (const key of ['selectPolicy', 'stabilizationWindowSeconds', 'policies', 'tolerance']) if (!isUnset(from[key])) out[key] = from[key];
  for (const key of Object.keys(from)) if (!Object.hasOwn(out, key)) out[key] = from[key];
  return out;
}

/** SetDefaults_HorizontalPodAutoscaler: minReplicas 1, CPU at 80% when no metrics, behavior filled only when present. */
export function defaultHpa(hpa: Obj): void {
  convertHpaV1InPlace(hpa);
  const spec = objAt(hpa, 'spec');
  if (!spec) return;
  setDefault(spec, 'minReplicas', 1);
  if (isUnset(spec.metrics) || (Array.isArray(spec.metrics) && spec.metrics.length === 0)) {
    spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  }
  const behavior = objAt(spec, 'behavior');
  if (behavior) {
    behavior.scaleUp = mergeRules(behavior.scaleUp, scaleUpDefaults());
    behavior.scaleDown = mergeRules(behavior.scaleDown, scaleDownDefaults());
  }
}

/** StorageClass: reclaimPolicy Delete, volumeBindingMode Immediate. */
export function defaultStorageClass(sc: Obj): void {
  setDefaultString(sc, 'reclaimPolicy', 'Delete');
  setDefaultString(sc, 'volumeBindingMode', 'Immediate');
}

/** PriorityClass: preemptionPolicy PreemptLowerPriority. */
export function defaultPriorityClass(pc: Obj): void {
  setDefaultString(pc, 'preemptionPolicy', 'PreemptLowerPriority');
}

/** SetDefaults_(Cluster)RoleBinding and _Subject: the RBAC group on roleRef, Users and Groups. */
export function defaultRoleBinding(rb: Obj): void {
  const ref = objAt(rb, 'roleRef');
  if (ref) setDefaultString(ref, 'apiGroup', RBAC_GROUP);
  for (const subject of objItems(rb, 'subjects')) {
    // ServiceAccounts default to the core group "", which the wire format omits.
    if (subject.kind === 'User' || subject.kind === 'Group') setDefaultString(subject, 'apiGroup', RBAC_GROUP);
  }
}

/** SetDefaults_EndpointPort: name "" and protocol TCP. */
export function defaultEndpointSlice(slice: Obj): void {
  for (const port of objItems(slice, 'ports')) {
    setDefault(port, 'name', '');
    setDefaultString(port, 'protocol', 'TCP');
  }
}
