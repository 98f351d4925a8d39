/**
 * computeReplicasForMetric: one MetricSpec → a replica proposal, the autoscaling/v2 MetricStatus to report, and
 * the metric's name for events; or, when it cannot be computed, the ScalingActive=False condition and a Warning
 * event (`FailedGetResourceMetric`, `FailedGetPodsMetric`…) with upstream's wrapped error text.
 */
import type { Pod } from '../../api/core.js';
import type { MetricSpec, MetricTarget } from '../../api/cluster-kinds.js';
import { isApiError } from '../../api/errors.js';
import type { LabelSelector } from '../../api/meta.js';
import { formatQuantity, fromMilli, tryParseQuantity, milliValue } from '../../api/quantity.js';
import { labelSelectorFromObject } from '../../api/selectors.js';
import type { MetricsClient } from '../../metrics/types.js';
import { goSelectorString } from './go-selector.js';
import type { Tolerances } from './hpa-config.js';
import { MetricError, getExternalMetric, getObjectMetric, getRawMetric, getResourceMetric, wrapError } from './metrics-source.js';
import { perPodReplicas, totalOf, valueReplicas } from './object-replicas.js';
import { type ReadinessWindows, plainMetricReplicas, resourceReplicas } from './replica-calculator.js';

/** MetricValueStatus (keys in upstream's JSON order). */
export interface MetricValueStatus { value?: string; averageValue?: string; averageUtilization?: number }

/** autoscaling/v2 MetricStatus; a metric that failed is reported as `{ type: "" }`, as upstream's zero value. */
export interface MetricStatus {
  type: MetricSpec['type'] | '';
  object?: { metric: { name: string; selector?: LabelSelector }; current: MetricValueStatus; describedObject: { kind: string; name: string; apiVersion?: string } };
  pods?: { metric: { name: string; selector?: LabelSelector }; current: MetricValueStatus };
  resource?: { name: string; current: MetricValueStatus };
  containerResource?: { name: string; current: MetricValueStatus; container: string };
  external?: { metric: { name: string; selector?: LabelSelector }; current: MetricValueStatus };
}

/** Everything one HPA sync shares across its metrics. */
export interface MetricContext {
  namespace: string;
  client: MetricsClient;
  /** The pods the scale selector picks. */
  pods: readonly Pod[];
  specReplicas: number;
  statusReplicas: number;
  tolerances: Tolerances;
  windows: ReadinessWindows;
  nowMs: number;
  /** Record a Warning event on the HPA. */
  warn(reason: string, message: string): void;
}

/** A metric's outcome. */
export type MetricResult =
  | { ok: true; replicas: number; metricName: string; status: MetricStatus; timestamp: number }
  | { ok: false; error: string; condition: { reason: string; message: string } };

/** getUnableComputeReplicaCountCondition: a Warning event now, and the ScalingActive=False condition to set. */
function unable(ctx: MetricContext, reason: string, err: Error, returned: string): MetricResult {
  ctx.warn(reason, err.message);
  return { ok: false, error: returned, condition: { reason, message: `the HPA was unable to compute the replica count: ${err.message}` } };
}

/** Quantity.MilliValue of a target quantity (undefined when unset or unparsable). */
function milliTarget(v: unknown): number | undefined {
  const q = v === undefined || v === null ? undefined : tryParseQuantity(v);
  return q ? milliValue(q) : undefined;
}

/** resource.NewMilliQuantity(v, format).String(). */
const milliQuantity = (milli: number, binary = false): string => formatQuantity(fromMilli(milli, binary ? 'BinarySI' : 'DecimalSI'));

/** Run a calculation, turning MetricError and API errors into a rejected value. */
function attempt<T>(fn: () => T): T | Error {
  try {
    return fn();
  } catch (err) {
    if (err instanceof MetricError || isApiError(err)) return err;
    throw err;
  }
}

/** metav1.LabelSelectorAsSelector, for a metric's own selector. */
const checkSelector = (sel: LabelSelector | undefined): Error | undefined => {
  const r = attempt(() => labelSelectorFromObject(sel));
  return r instanceof Error ? r : undefined;
};

/** Resource and ContainerResource metrics (computeStatusForResourceMetricGeneric). */
function resourceMetric(ctx: MetricContext, name: string, target: MetricTarget, container: string): MetricResult {
  const isContainer = container !== '';
  const reason = isContainer ? 'FailedGetContainerResourceMetric' : 'FailedGetResourceMetric';
  const outer = isContainer ? `failed to get ${container} container metric value` : `failed to get ${name} resource metric value`;
  const fail = (err: Error) => unable(ctx, reason, err, `${outer}: ${err.message}`);
  const samples = () => {
    const fetched = attempt(() => getResourceMetric(ctx.client, name, ctx.namespace, ctx.pods, container));
    if (fetched instanceof Error) throw wrapError(`unable to get metrics for resource ${name}`, fetched);
    return fetched;
  };
  const memory = name === 'memory';
  const wrap = (status: MetricValueStatus): MetricStatus => (isContainer
    ? { type: 'ContainerResource', containerResource: { name, current: status, container } }
    : { type: 'Resource', resource: { name, current: status } });
  const averageValue = milliTarget(target?.averageValue);
  if (averageValue !== undefined) {
    const r = attempt(() => {
      const { metrics, timestamp } = samples();
      const p = plainMetricReplicas(ctx.specReplicas, averageValue, name, { pods: ctx.pods, metrics, nowMs: ctx.nowMs }, ctx.tolerances, ctx.windows);
      return { ...p, timestamp };
    });
    if (r instanceof Error) return fail(wrapError(`failed to get ${name} usage`, r));
    return { ok: true, replicas: r.replicas, metricName: `${name} resource`, timestamp: r.timestamp, status: wrap({ averageValue: milliQuantity(r.usage, memory) }) };
  }
  const utilizationTarget = target?.averageUtilization;
  if (typeof utilizationTarget !== 'number') {
    return fail(new MetricError('invalid resource metric source: neither an average utilization target nor an average value (usage) target was set'));
  }
  const r = attempt(() => {
    const { metrics, timestamp } = samples();
    const p = resourceReplicas(ctx.specReplicas, utilizationTarget, name, container, { pods: ctx.pods, metrics, nowMs: ctx.nowMs }, ctx.tolerances, ctx.windows);
    return { ...p, timestamp };
  });
  if (r instanceof Error) return fail(wrapError(`failed to get ${name} utilization`, r));
  const metricName = isContainer ? `${name} container resource utilization (percentage of request)` : `${name} resource utilization (percentage of request)`;
  return {
    ok: true, replicas: r.replicas, metricName, timestamp: r.timestamp,
    status: wrap({ averageValue: milliQuantity(r.rawUtilization, memory), averageUtilization: r.utilization }),
  };
}

/** Pods metrics: a per-pod custom metric against a target average. */
function podsMetric(ctx: MetricContext, spec: NonNullable<MetricSpec['pods']>): MetricResult {
  const name = spec.metric?.name ?? '';
  const fail = (err: Error) => unable(ctx, 'FailedGetPodsMetric', err, `failed to get pods metric value: ${err.message}`);
  const selectorErr = checkSelector(spec.metric?.selector);
  if (selectorErr) return fail(selectorErr);
  const target = milliTarget(spec.target?.averageValue);
  if (target === undefined) return fail(new MetricError('invalid pods metric source: no average value target was set'));
  const r = attempt(() => {
    const fetched = attempt(() => getRawMetric(ctx.client, name, ctx.namespace, ctx.pods));
    if (fetched instanceof Error) throw wrapError(`unable to get metric ${name}`, fetched);
    const p = plainMetricReplicas(ctx.specReplicas, target, '', { pods: ctx.pods, metrics: fetched.metrics, nowMs: ctx.nowMs }, ctx.tolerances, ctx.windows);
    return { ...p, timestamp: fetched.timestamp };
  });
  if (r instanceof Error) return fail(r);
  return {
    ok: true, replicas: r.replicas, metricName: `pods metric ${name}`, timestamp: r.timestamp,
    status: { type: 'Pods', pods: { metric: identifier(spec.metric), current: { averageValue: milliQuantity(r.usage) } } },
  };
}

/** MetricIdentifier as the status repeats it: the name, and the selector when set. */
function identifier(metric: { name: string; selector?: LabelSelector } | undefined): { name: string; selector?: LabelSelector } {
  return metric?.selector ? { name: metric.name, selector: metric.selector } : { name: metric?.name ?? '' };
}

/** Object metrics: one object's metric against a target value, or against a per-pod average. */
function objectMetric(ctx: MetricContext, spec: NonNullable<MetricSpec['object']>): MetricResult {
  const name = spec.metric?.name ?? '';
  const ref = spec.describedObject ?? { kind: '', name: '' };
  const outer = (e: string) => `failed to get object metric value: ${e}`;
  const selectorErr = checkSelector(spec.metric?.selector);
  if (selectorErr) return unable(ctx, 'FailedGetObjectMetric', selectorErr, outer(selectorErr.message));
  const fetch = () => {
    const fetched = attempt(() => getObjectMetric(ctx.client, name, ctx.namespace, ref));
    if (fetched instanceof Error) throw wrapError(`unable to get metric ${name} on ${ref.kind} ${ctx.namespace}/${ref.name}`, fetched);
    return fetched;
  };
  const status = (current: MetricValueStatus): MetricStatus => ({ type: 'Object', object: { metric: identifier(spec.metric), current, describedObject: ref } });
  const value = milliTarget(spec.target?.value);
  if (spec.target?.type === 'Value' && value !== undefined) {
    const r = attempt(() => {
      const { value: usage, timestamp } = fetch();
      return { usage, timestamp, replicas: valueReplicas(ctx.specReplicas, usage, value, ctx.tolerances, ctx.pods) };
    });
    if (r instanceof Error) return unable(ctx, 'FailedGetObjectMetric', r, outer(r.message));
    return { ok: true, replicas: r.replicas, metricName: `${ref.kind} metric ${name}`, timestamp: r.timestamp, status: status({ value: milliQuantity(r.usage) }) };
  }
  const average = milliTarget(spec.target?.averageValue);
  if (spec.target?.type === 'AverageValue' && average !== undefined) {
    const r = attempt(() => fetch());
    if (r instanceof Error) return unable(ctx, 'FailedGetObjectMetric', r, outer(`failed to get ${name} object metric: ${r.message}`));
    const p = perPodReplicas(ctx.statusReplicas, r.value, average, ctx.tolerances);
    // Upstream names this proposal like an external metric.
    const metricName = `external metric ${name}(${goSelectorString(spec.metric?.selector)})`;
    return { ok: true, replicas: p.replicas, metricName, timestamp: r.timestamp, status: status({ averageValue: milliQuantity(p.perPod) }) };
  }
  const err = new MetricError('invalid object metric source: neither a value target nor an average value target was set');
  return unable(ctx, 'FailedGetObjectMetric', err, outer(err.message));
}

/** External metrics: the summed series against a target value, or against a per-pod average. */
function externalMetric(ctx: MetricContext, spec: NonNullable<MetricSpec['external']>): MetricResult {
  const name = spec.metric?.name ?? '';
  const selector = spec.metric?.selector;
  const outer = (e: string) => `failed to get ${name} external metric value: ${e}`;
  const metricName = `external metric ${name}(${goSelectorString(selector)})`;
  const fetch = () => {
    const selectorErr = checkSelector(selector);
    if (selectorErr) throw selectorErr;
    const fetched = attempt(() => getExternalMetric(ctx.client, name, ctx.namespace, selector));
    if (fetched instanceof Error) throw new MetricError(`unable to get external metric ${ctx.namespace}/${name}/${goSelectorString(selector)}: ${fetched.message}`);
    return { total: totalOf(fetched.values), timestamp: fetched.timestamp };
  };
  const status = (current: MetricValueStatus): MetricStatus => ({ type: 'External', external: { metric: identifier(spec.metric), current } });
  const average = milliTarget(spec.target?.averageValue);
  if (average !== undefined) {
    const r = attempt(fetch);
    if (r instanceof Error) return unable(ctx, 'FailedGetExternalMetric', r, outer(`failed to get ${name} external metric: ${r.message}`));
    const p = perPodReplicas(ctx.statusReplicas, r.total, average, ctx.tolerances);
    return { ok: true, replicas: p.replicas, metricName, timestamp: r.timestamp, status: status({ averageValue: milliQuantity(p.perPod) }) };
  }
  const value = milliTarget(spec.target?.value);
  if (value !== undefined) {
    const r = attempt(() => {
      const { total, timestamp } = fetch();
      return { total, timestamp, replicas: valueReplicas(ctx.specReplicas, total, value, ctx.tolerances, ctx.pods) };
    });
    if (r instanceof Error) return unable(ctx, 'FailedGetExternalMetric', r, outer(`failed to get external metric ${name}: ${r.message}`));
    return { ok: true, replicas: r.replicas, metricName, timestamp: r.timestamp, status: status({ value: milliQuantity(r.total) }) };
  }
  const err = new MetricError('invalid external metric source: neither a value target nor an average value target was set');
  return unable(ctx, 'FailedGetExternalMetric', err, outer(err.message));
}

/** computeReplicasForMetric: dispatch on the metric's type. */
export function computeReplicasForMetric(ctx: MetricContext, spec: MetricSpec): MetricResult {
  switch (spec?.type) {
    case 'Resource':
      if (spec.resource) return resourceMetric(ctx, spec.resource.name, spec.resource.target, '');
      break;
    case 'ContainerResource':
      if (spec.containerResource) return resourceMetric(ctx, spec.containerResource.name, spec.containerResource.target, spec.containerResource.container ?? '');
      break;
    case 'Pods':
      if (spec.pods) return podsMetric(ctx, spec.pods);
      break;
    case 'Object':
      if (spec.object) return objectMetric(ctx, spec.object);
      break;
    case 'External':
      if (spec.external) return externalMetric(ctx, spec.external);
      break;
  }
  // Validation refuses both an unknown type and a type without its block; a stray one must not crash the sync.
  const err = new MetricError(`unknown metric source type ${JSON.stringify(String(spec?.type ?? ''))}`);
  return unable(ctx, 'InvalidMetricSourceType', err, err.message);
}
