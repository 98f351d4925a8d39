/** HorizontalPodAutoscaler (autoscaling/v2 validation: replicas bounds, target reference, metrics, behavior). */
import { formatQuantity } from '../quantity.js';
import {
  child, type Errs, forbidden, index, invalid, isObj, notSupported, type Obj, objItems, readArr, readInt, readObj, readStr, required,
} from './field.js';
import { dns1123LabelErrors, pathSegmentErrors } from './names.js';
import { quantityAt } from './resources.js';
import { specOf } from './workloads.js';

const MAX_PERIOD_SECONDS = 1800;
const MAX_STABILIZATION_WINDOW_SECONDS = 3600;
const METRIC_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
/** The source field each metric type populates, in the order upstream inspects them. */
const SOURCE_FIELDS: Array<[string, string]> = [['object', 'Object'], ['external', 'External'], ['pods', 'Pods'], ['resource', 'Resource'], ['containerResource', 'ContainerResource']];

/** ValidateCrossVersionObjectReference (scaleTargetRef, describedObject). */
function validateObjectReference(errs: Errs, parent: Obj, key: string, path: string): void {
  const ref = readObj(errs, parent, key, path) ?? {};
  const p = child(path, key);
  for (const f of ['kind', 'name']) {
    const v = readStr(errs, ref, f, p) ?? '';
    if (!v) required(errs, child(p, f));
    else for (const msg of pathSegmentErrors(v)) invalid(errs, child(p, f), v, msg);
  }
}

/** validateMetricTarget; returns which target values are set. */
function validateTarget(errs: Errs, source: Obj, path: string): { value: boolean; averageValue: boolean; averageUtilization: boolean } {
  const target = readObj(errs, source, 'target', path) ?? {};
  const p = child(path, 'target');
  const type = readStr(errs, target, 'type', p) ?? '';
  if (!type) required(errs, child(p, 'type'), 'must specify a metric target type');
  if (type !== 'Utilization' && type !== 'Value' && type !== 'AverageValue') invalid(errs, child(p, 'type'), type, 'must be either Utilization, Value, or AverageValue');
  const present = { value: false, averageValue: false, averageUtilization: false };
  for (const f of ['value', 'averageValue'] as const) {
    if (target[f] === undefined || target[f] === null) continue;
    present[f] = true;
    const q = quantityAt(errs, target[f], child(p, f));
    if (q && q.nano <= 0n) invalid(errs, child(p, f), formatQuantity(q), 'must be positive');
  }
  const utilization = readInt(errs, target, 'averageUtilization', p);
  if (utilization !== undefined) {
    present.averageUtilization = true;
    if (utilization < 1) invalid(errs, child(p, 'averageUtilization'), utilization, 'must be greater than 0');
  }
  return present;
}

function validateMetricName(errs: Errs, source: Obj, path: string): void {
  const metric = readObj(errs, source, 'metric', path) ?? {};
  const p = child(path, 'metric');
  const name = readStr(errs, metric, 'name', p) ?? '';
  if (!name) required(errs, child(p, 'name'), 'must specify a metric name');
  else for (const msg of pathSegmentErrors(name)) invalid(errs, child(p, 'name'), name, msg);
}

function validateSource(errs: Errs, field: string, source: Obj, path: string): void {
  const tp = child(path, 'target');
  if (field === 'resource' || field === 'containerResource') {
    if (!readStr(errs, source, 'name', path)) required(errs, child(path, 'name'), 'must specify a resource name');
    if (field === 'containerResource') {
      const container = readStr(errs, source, 'container', path);
      if (!container) required(errs, child(path, 'container'), 'must specify a container');
      else for (const msg of dns1123LabelErrors(container)) invalid(errs, child(path, 'container'), container, msg);
    }
    const t = validateTarget(errs, source, path);
    if (!t.averageUtilization && !t.averageValue) required(errs, child(tp, 'averageUtilization'), 'must set either a target raw value or a target utilization');
    if (t.averageUtilization && t.averageValue) forbidden(errs, child(tp, 'averageValue'), 'may not set both a target raw value and a target utilization');
    return;
  }
  if (field === 'object') validateObjectReference(errs, source, 'describedObject', path);
  validateMetricName(errs, source, path);
  const t = validateTarget(errs, source, path);
  if (field === 'pods') {
    if (!t.averageValue) required(errs, child(tp, 'averageValue'), 'must specify a positive target averageValue');
  } else if (field === 'object') {
    if (!t.value && !t.averageValue) required(errs, child(tp, 'averageValue'), 'must set either a target value or averageValue');
  } else {
    if (!t.value && !t.averageValue) required(errs, child(tp, 'averageValue'), 'must set either a target value for metric or a per-pod target');
    if (t.value && t.averageValue) forbidden(errs, child(tp, 'value'), 'may not set both a target value for metric and a per-pod target');
  }
}

/** validateMetricSpec: a known type whose source (and only that source) is populated. */
function validateMetric(errs: Errs, metric: Obj, path: string): void {
  const type = readStr(errs, metric, 'type', path) ?? '';
  if (!type) required(errs, child(path, 'type'), 'must specify a metric source type');
  if (!METRIC_TYPES.includes(type)) notSupported(errs, child(path, 'type'), type, METRIC_TYPES);
  const present: string[] = [];
  for (const [field] of SOURCE_FIELDS) {
    if (metric[field] === undefined || metric[field] === null) continue;
    present.push(field);
    const source = readObj(errs, metric, field, path);
    if (present.length === 1 && source) validateSource(errs, field, source, child(path, field));
  }
  const expected = SOURCE_FIELDS.find(([, t]) => t === type)?.[0];
  if (expected && !present.includes(expected)) required(errs, child(path, expected), 'must populate information for the given metric source');
  if (present.length !== 1) {
    for (const f of present) if (f !== expected) forbidden(errs, child(path, f), 'must populate the given metric source only');
  }
}

function validateScalingRules(errs: Errs, behavior: Obj, key: string, path: string): void {
  const rules = readObj(errs, behavior, key, path);
  if (!rules) return;
  const p = child(path, key);
  const window = readInt(errs, rules, 'stabilizationWindowSeconds', p);
  if (window !== undefined && window < 0) invalid(errs, child(p, 'stabilizationWindowSeconds'), window, 'must be greater than or equal to zero');
  if (window !== undefined && window > MAX_STABILIZATION_WINDOW_SECONDS) {
    invalid(errs, child(p, 'stabilizationWindowSeconds'), window, `must be less than or equal to ${MAX_STABILIZATION_WINDOW_SECONDS}`);
  }
  const select = readStr(errs, rules, 'selectPolicy', p);
  if (select !== undefined && !['Disabled', 'Max', 'Min'].includes(select)) notSupported(errs, child(p, 'selectPolicy'), select, ['Disabled', 'Max', 'Min']);
  const policies = readArr(errs, rules, 'policies', p) ?? [];
  const pp = child(p, 'policies');
  if (policies.length === 0) required(errs, pp, 'must specify at least one Policy');
  for (const [policy, i] of objItems(errs, policies, pp)) {
    const ip = index(pp, i);
    const type = readStr(errs, policy, 'type', ip) ?? '';
    if (type !== 'Pods' && type !== 'Percent') notSupported(errs, child(ip, 'type'), type, ['Percent', 'Pods']);
    const value = readInt(errs, policy, 'value', ip) ?? 0;
    if (value <= 0) invalid(errs, child(ip, 'value'), value, 'must be greater than zero');
    const period = readInt(errs, policy, 'periodSeconds', ip) ?? 0;
    if (period <= 0) invalid(errs, child(ip, 'periodSeconds'), period, 'must be greater than zero');
    if (period > MAX_PERIOD_SECONDS) invalid(errs, child(ip, 'periodSeconds'), period, `must be less than or equal to ${MAX_PERIOD_SECONDS}`);
  }
}

/**
 * ValidateHorizontalPodAutoscaler(Update). minReplicas may be 0 only with the HPAScaleToZero gate (off by default),
 * or when the stored object already had 0.
 */
export function validateHpa(errs: Errs, obj: Obj, old?: Obj): void {
  const spec = specOf(errs, obj);
  if (!spec) return;
  const oldMin = old && isObj(old.spec) ? old.spec.minReplicas : undefined;
  const lowerBound = oldMin === 0 ? 0 : 1;
  const min = readInt(errs, spec, 'minReplicas', 'spec');
  if (min !== undefined && min < lowerBound) invalid(errs, 'spec.minReplicas', min, `must be greater than or equal to ${lowerBound}`);
  const max = readInt(errs, spec, 'maxReplicas', 'spec');
  const maxValue = max ?? 0;
  if (max !== undefined || spec.maxReplicas === undefined || spec.maxReplicas === null) {
    if (maxValue < 1) invalid(errs, 'spec.maxReplicas', maxValue, 'must be greater than 0');
    if (min !== undefined && maxValue < min) invalid(errs, 'spec.maxReplicas', maxValue, 'must be greater than or equal to `minReplicas`');
  }
  validateObjectReference(errs, spec, 'scaleTargetRef', 'spec');
  const metrics = readArr(errs, spec, 'metrics', 'spec') ?? [];
  let objectOrExternal = false;
  for (const [metric, i] of objItems(errs, metrics, 'spec.metrics')) {
    validateMetric(errs, metric, `spec.metrics[${i}]`);
    if (metric.type === 'Object' || metric.type === 'External') objectOrExternal = true;
  }
  if (min === 0 && !objectOrExternal) forbidden(errs, 'spec.metrics', 'must specify at least one Object or External metric to support scaling to zero replicas');
  const behavior = readObj(errs, spec, 'behavior', 'spec');
  if (behavior) {
    validateScalingRules(errs, behavior, 'scaleUp', 'spec.behavior');
    validateScalingRules(errs, behavior, 'scaleDown', 'spec.behavior');
  }
}
