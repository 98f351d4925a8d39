/**
 * autoscaling/v1 → autoscaling/v2 HorizontalPodAutoscaler conversion, as the API server stores v1 objects:
 * targetCPUUtilizationPercentage becomes a Resource metric, and the alpha annotations that carry v2-only fields
 * through v1 (metrics, behavior, current metrics, conditions) are folded back into the object.
 */
import type { KubeObject } from '../meta.js';
import { isObj, isUnset, type Obj, objAt } from './util.js';

const METRICS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/metrics';
const BEHAVIOR_ANNOTATION = 'autoscaling.alpha.kubernetes.io/behavior';
const CURRENT_METRICS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/current-metrics';
const CONDITIONS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/conditions';

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A v2 target from the v1 (v2beta1-style) fields. */
function target(utilization: unknown, averageValue: unknown, value?: unknown): Obj {
  if (!isUnset(utilization)) return { type: 'Utilization', averageUtilization: utilization };
  if (!isUnset(averageValue)) return { type: 'AverageValue', averageValue };
  return { type: 'Value', value };
}

/** One metric of the metrics annotation (autoscaling/v1 MetricSpec) in v2 form. */
function convertMetric(m: Obj): Obj {
  const type = m.type;
  const src = (key: string): Obj => (isObj(m[key]) ? (m[key] as Obj) : {});
  switch (type) {
    case 'Resource': {
      const r = src('resource');
      return { type, resource: { name: r.name, target: target(r.targetAverageUtilization, r.targetAverageValue) } };
    }
    case 'ContainerResource': {
      const r = src('containerResource');
      return { type, containerResource: { name: r.name, container: r.container, target: target(r.targetAverageUtilization, r.targetAverageValue) } };
    }
    case 'Pods': {
      const p = src('pods');
      return { type, pods: { metric: { name: p.metricName, selector: p.selector }, target: { type: 'AverageValue', averageValue: p.targetAverageValue } } };
    }
    case 'Object': {
      const o = src('object');
      return { type, object: { describedObject: o.target, metric: { name: o.metricName, selector: o.selector }, target: target(undefined, o.averageValue, o.targetValue) } };
    }
    case 'External': {
      const e = src('external');
      return { type, external: { metric: { name: e.metricName, selector: e.metricSelector }, target: target(undefined, e.targetAverageValue, e.targetValue) } };
    }
    default: return m;
  }
}

/** Whether an object is (still) in the autoscaling/v1 shape. */
function isV1(hpa: Obj): boolean {
  const spec = objAt(hpa, 'spec');
  return hpa.apiVersion === 'autoscaling/v1' || (spec !== undefined && 'targetCPUUtilizationPercentage' in spec)
    || (isObj(hpa.status) && 'currentCPUUtilizationPercentage' in hpa.status);
}

/** Convert a v1-shaped HPA in place (a no-op for a v2 object). */
export function convertHpaV1InPlace(hpa: Obj): void {
  if (!isV1(hpa)) return;
  hpa.apiVersion = 'autoscaling/v2';
  const meta = objAt(hpa, 'metadata');
  const annotations = meta ? objAt(meta, 'annotations') : undefined;
  const take = (key: string): unknown => {
    if (!annotations || !(key in annotations)) return undefined;
    const v = parseJson(annotations[key]);
    delete annotations[key];
    return v;
  };
  const spec = objAt(hpa, 'spec');
  if (spec) {
    const metrics: Obj[] = [];
    const extra = take(METRICS_ANNOTATION);
    if (Array.isArray(extra)) for (const m of extra) if (isObj(m)) metrics.push(convertMetric(m));
    const cpu = spec.targetCPUUtilizationPercentage;
    if (!isUnset(cpu)) metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: cpu } } });
    delete spec.targetCPUUtilizationPercentage;
    if (metrics.length > 0) spec.metrics = metrics;
    const behavior = take(BEHAVIOR_ANNOTATION);
    if (isObj(behavior)) spec.behavior = behavior;
  }
  const status = objAt(hpa, 'status');
  const currentMetrics = take(CURRENT_METRICS_ANNOTATION);
  const conditions = take(CONDITIONS_ANNOTATION);
  if (status) {
    const current: unknown[] = Array.isArray(currentMetrics) ? [...currentMetrics] : [];
    const cpu = status.currentCPUUtilizationPercentage;
    if (!isUnset(cpu)) current.push({ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: cpu } } });
    delete status.currentCPUUtilizationPercentage;
    if (current.length > 0) status.currentMetrics = current;
    if (Array.isArray(conditions)) status.conditions = conditions;
  }
  if (annotations && Object.keys(annotations).length === 0) delete meta!.annotations;
}

/** Convert an autoscaling/v1 HPA (targetCPUUtilizationPercentage) to autoscaling/v2; returns a new object. */
export function convertHpaV1(obj: KubeObject): KubeObject {
  const copy = JSON.parse(JSON.stringify(obj)) as KubeObject;
  if (isObj(copy)) {
    copy.apiVersion = 'autoscaling/v1';
    convertHpaV1InPlace(copy as Obj);
  }
  return copy;
}
