/**
 * VerticalPodAutoscaler (autoscaling.k8s.io/v1): the CRD's structural checks (required fields, enums) plus the VPA
 * admission controller's validateVPA (update mode, minReplicas, container policies, min ≤ max, resolutions).
 */
import { formatQuantity, type Quantity } from '../quantity.js';
import {
  child, type Errs, forbidden, index, invalid, invalidText, notSupported, type Obj, objItems, readArr, readInt, readObj,
  readStr, readStrArr, required,
} from './field.js';
import { quantityAt } from './resources.js';
import { specOf } from './workloads.js';

/** GetUpdateModesList: the modes the webhook names when refusing one (sorted, the deprecated `Auto` left out). */
export const VPA_UPDATE_MODES_LISTED = ['Initial', 'InPlaceOrRecreate', 'Off', 'Recreate'] as const;
const UPDATE_MODES = new Set<string>([...VPA_UPDATE_MODES_LISTED, 'Auto']);
const SCALING_MODES = ['Auto', 'Off'];
const CONTROLLED_VALUES = ['RequestsAndLimits', 'RequestsOnly'];
const CHANGE_REQUIREMENTS = ['TargetHigherThanRequests', 'TargetLowerThanRequests'];
const NANO_PER_MILLI = 1_000_000n;
const NANO_PER_UNIT = 1_000_000_000n;

function validateTargetRef(errs: Errs, spec: Obj, creating: boolean): void {
  const ref = readObj(errs, spec, 'targetRef', 'spec');
  if (!ref) {
    if (spec.targetRef === undefined || spec.targetRef === null) {
      // The webhook refuses a create first, with its hint; on update only the CRD's `required` speaks.
      required(errs, 'spec.targetRef', creating ? "If you're using v1beta1 version of the API, please migrate to v1" : '');
    }
    return;
  }
  for (const f of ['kind', 'name']) if (!readStr(errs, ref, f, 'spec.targetRef')) required(errs, `spec.targetRef.${f}`);
  readStr(errs, ref, 'apiVersion', 'spec.targetRef');
}

function validateUpdatePolicy(errs: Errs, spec: Obj): void {
  const policy = readObj(errs, spec, 'updatePolicy', 'spec');
  if (!policy) return;
  const path = 'spec.updatePolicy';
  const mode = readStr(errs, policy, 'updateMode', path);
  if (mode === undefined) {
    if (policy.updateMode === undefined || policy.updateMode === null) required(errs, `${path}.updateMode`, 'updateMode is required if UpdatePolicy is used');
  } else if (!UPDATE_MODES.has(mode)) {
    notSupported(errs, `${path}.updateMode`, mode, VPA_UPDATE_MODES_LISTED);
  }
  const minReplicas = readInt(errs, policy, 'minReplicas', path);
  if (minReplicas !== undefined && minReplicas <= 0) invalid(errs, `${path}.minReplicas`, minReplicas, 'minReplicas has to be positive');
  const requirements = readArr(errs, policy, 'evictionRequirements', path) ?? [];
  for (const [req, i] of objItems(errs, requirements, `${path}.evictionRequirements`)) {
    const p = index(`${path}.evictionRequirements`, i);
    const change = readStr(errs, req, 'changeRequirement', p);
    if (!change) required(errs, child(p, 'changeRequirement'));
    else if (!CHANGE_REQUIREMENTS.includes(change)) notSupported(errs, child(p, 'changeRequirement'), change, CHANGE_REQUIREMENTS);
    if (req.resources === undefined || req.resources === null) required(errs, child(p, 'resources'));
    else readStrArr(errs, req, 'resources', p);
  }
}

/** validateResourceResolution: CPU in whole millicores, memory in whole bytes. */
function resolutionError(errs: Errs, field: string, resource: string, q: Quantity): void {
  if (resource === 'cpu' && q.nano % NANO_PER_MILLI !== 0n) invalid(errs, field, formatQuantity(q), 'must be a whole number of milli CPUs');
  if (resource === 'memory' && q.nano % NANO_PER_UNIT !== 0n) invalid(errs, field, formatQuantity(q), 'must be a whole number of bytes');
}

/** A ResourceList of a container policy, parsed; bad quantities are reported at `<path>[<resource>]`. */
function resourceList(errs: Errs, policy: Obj, key: string, path: string): Map<string, Quantity> {
  const out = new Map<string, Quantity>();
  const list = readObj(errs, policy, key, path);
  if (!list) return out;
  for (const name of Object.keys(list)) {
    const q = quantityAt(errs, list[name], index(child(path, key), name));
    if (q) out.set(name, q);
  }
  return out;
}

function validateContainerPolicy(errs: Errs, policy: Obj, path: string): void {
  if (!readStr(errs, policy, 'containerName', path)) required(errs, child(path, 'containerName'));
  const mode = readStr(errs, policy, 'mode', path);
  if (mode !== undefined && !SCALING_MODES.includes(mode)) notSupported(errs, child(path, 'mode'), mode, SCALING_MODES);
  const min = resourceList(errs, policy, 'minAllowed', path);
  const max = resourceList(errs, policy, 'maxAllowed', path);
  for (const [name, q] of min) {
    resolutionError(errs, index(child(path, 'minAllowed'), name), name, q);
    const upper = max.get(name);
    if (upper && upper.nano < q.nano) {
      invalid(errs, index(child(path, 'maxAllowed'), name), formatQuantity(upper),
        `max resource for ${name} is lower than min of "${formatQuantity(q)}"`);
    }
  }
  for (const [name, q] of max) resolutionError(errs, index(child(path, 'maxAllowed'), name), name, q);
  readStrArr(errs, policy, 'controlledResources', path);
  const values = readStr(errs, policy, 'controlledValues', path);
  if (values !== undefined && !CONTROLLED_VALUES.includes(values)) notSupported(errs, child(path, 'controlledValues'), values, CONTROLLED_VALUES);
  if (mode === 'Off' && values === 'RequestsAndLimits') {
    forbidden(errs, child(path, 'controlledValues'), "controlledValues shouldn't be specified if container scaling mode is off");
  }
}

/** The VPA webhook's validateVPA plus the CRD schema's required fields and enums; `old` is set on update. */
export function validateVpa(errs: Errs, obj: Obj, old?: Obj): void {
  const spec = specOf(errs, obj);
  if (!spec) return;
  validateTargetRef(errs, spec, old === undefined);
  validateUpdatePolicy(errs, spec);
  const resourcePolicy = readObj(errs, spec, 'resourcePolicy', 'spec');
  if (resourcePolicy) {
    const policies = readArr(errs, resourcePolicy, 'containerPolicies', 'spec.resourcePolicy') ?? [];
    for (const [policy, i] of objItems(errs, policies, 'spec.resourcePolicy.containerPolicies')) {
      validateContainerPolicy(errs, policy, `spec.resourcePolicy.containerPolicies[${i}]`);
    }
  }
  const recommenders = readArr(errs, spec, 'recommenders', 'spec') ?? [];
  for (const [r, i] of objItems(errs, recommenders, 'spec.recommenders')) {
    if (!readStr(errs, r, 'name', `spec.recommenders[${i}]`)) required(errs, `spec.recommenders[${i}].name`);
  }
  // field.TooMany; the shared FieldError has no TooMany type, so it reads as an Invalid value with upstream's detail.
  if (recommenders.length > 1) invalidText(errs, 'spec.recommenders', String(recommenders.length), 'must have at most 1 items');
}
