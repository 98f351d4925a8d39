/** PodDisruptionBudget (policy/v1) and PriorityClass (scheduling.k8s.io/v1). */
import { type Errs, forbidden, invalid, invalidText, isObj, lookup, type Obj, oneOf, readBool, readInt, readStr } from './field.js';
import { goIntOrString } from './go-format.js';
import { validateLabelSelector } from './meta.js';
import { validateIntOrPercent } from './workload-common.js';
import { specOf } from './workloads.js';

/** ValidatePodDisruptionBudgetSpec. Neither field set is legal upstream (the budget then allows no disruption). */
export function validatePdb(errs: Errs, obj: Obj): void {
  const spec = specOf(errs, obj);
  if (!spec) return;
  const hasMin = spec.minAvailable !== undefined && spec.minAvailable !== null;
  const hasMax = spec.maxUnavailable !== undefined && spec.maxUnavailable !== null;
  if (hasMin && hasMax) {
    invalidText(errs, 'spec', `policy.PodDisruptionBudgetSpec{MinAvailable:${goIntOrString(spec.minAvailable)}, MaxUnavailable:${goIntOrString(spec.maxUnavailable)}}`,
      'minAvailable and maxUnavailable cannot be both set');
  }
  if (hasMin) validateIntOrPercent(errs, spec, 'minAvailable', 'spec', true);
  if (hasMax) validateIntOrPercent(errs, spec, 'maxUnavailable', 'spec', true);
  validateLabelSelector(errs, spec, 'selector', 'spec');
  const policy = readStr(errs, spec, 'unhealthyPodEvictionPolicy', 'spec');
  if (policy !== undefined) oneOf(errs, 'spec.unhealthyPodEvictionPolicy', policy, ['AlwaysAllow', 'IfHealthyBudget']);
}

const SYSTEM_PRIORITY_CLASSES: Record<string, number> = { 'system-node-critical': 2_000_001_000, 'system-cluster-critical': 2_000_000_000 };
const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;

/** IsKnownSystemPriorityClass's complaint, or undefined when the class is one of the two built-ins as defined. */
function systemClassError(name: string, value: number, globalDefault: boolean): string | undefined {
  const expected = lookup(SYSTEM_PRIORITY_CLASSES, name);
  if (expected === undefined) return `${name} is not a known system priority class`;
  if (expected !== value) return `value of ${name} PriorityClass must be ${expected}`;
  if (globalDefault) return `globalDefault of ${name} PriorityClass must be false`;
  return undefined;
}

/** ValidatePriorityClass (+ ValidatePriorityClassUpdate: value and preemptionPolicy are fixed). */
export function validatePriorityClass(errs: Errs, obj: Obj, old?: Obj): void {
  const meta = isObj(obj.metadata) ? obj.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : '';
  const value = readInt(errs, obj, 'value', '') ?? 0;
  const globalDefault = readBool(errs, obj, 'globalDefault', '') ?? false;
  readStr(errs, obj, 'description', '');
  if (name.startsWith('system-')) {
    const problem = systemClassError(name, value, globalDefault);
    if (problem) forbidden(errs, 'metadata.name', `priority class names with 'system-' prefix are reserved for system use only. error: ${problem}`);
  } else if (value > HIGHEST_USER_DEFINABLE_PRIORITY) {
    forbidden(errs, 'value', `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`);
  }
  const preemption = readStr(errs, obj, 'preemptionPolicy', '');
  if (preemption !== undefined) oneOf(errs, 'preemptionPolicy', preemption, ['PreemptLowerPriority', 'Never']);
  if (!old) return;
  if (obj.value !== old.value) forbidden(errs, 'value', 'may not be changed in an update.');
  if (obj.preemptionPolicy !== old.preemptionPolicy) invalid(errs, 'preemptionPolicy', obj.preemptionPolicy ?? null, 'field is immutable');
}
