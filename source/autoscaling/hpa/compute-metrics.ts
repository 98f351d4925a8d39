/**
 * computeReplicasForMetrics: check the target's selector (present, and no other HPA's pods), then take the
 * highest proposal over all metrics. Invalid metrics block a scale-down, and block everything when all are
 * invalid; ScalingActive reports the first invalid metric, else the metric that won.
 */
import type { Pod } from '../../api/core.js';
import type { HorizontalPodAutoscaler, MetricSpec } from '../../api/cluster-kinds.js';
import type { MetricsClient } from '../../metrics/types.js';
import type { ApiStore } from '../../store/store.js';
import type { Tolerances } from './hpa-config.js';
import type { StatusDraft } from './hpa-status.js';
import { type MetricContext, type MetricStatus, computeReplicasForMetric } from './metric-replicas.js';
import type { ReadinessWindows } from './replica-calculator.js';
import type { Scale } from './scale-target.js';
import type { HpaSelectorTracker } from './selector-tracker.js';

/** SetDefaults_HorizontalPodAutoscaler's metric, for an object that somehow has none. */
const DEFAULT_METRICS: MetricSpec[] = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];

/** What one sync needs to compute proposals. */
export interface ComputeInput {
  hpa: HorizontalPodAutoscaler;
  key: string;
  scale: Scale;
  store: ApiStore;
  client: MetricsClient;
  selectors: HpaSelectorTracker;
  tolerances: Tolerances;
  windows: ReadinessWindows;
  nowMs: number;
  draft: StatusDraft;
  warn(reason: string, message: string): void;
}

/** The outcome: `replicas` −1 means nothing can be done this sync (`error` says why). */
export interface ComputeResult {
  replicas: number;
  metricName: string;
  statuses: MetricStatus[] | null;
  /** The error to report; with replicas ≥ 0 some metrics failed but scaling proceeds. */
  error?: string;
}

/** validateAndParseSelector: the pods the HPA governs, or undefined after setting ScalingActive=False. */
function selectedPods(input: ComputeInput): { pods: Pod[] } | { error: string } {
  const { hpa, scale, draft, warn } = input;
  if (scale.selector === '') {
    warn('SelectorRequired', 'selector is required');
    draft.setCondition('ScalingActive', 'False', 'InvalidSelector', "the HPA target's scale is missing a selector");
    return { error: 'selector is required' };
  }
  const namespace = hpa.metadata.namespace!;
  input.selectors.update(namespace, input.key, scale.podSelector);
  const pods = input.store.select<Pod>('Pod', { namespace, selector: scale.podSelector });
  const selecting = input.selectors.selecting(namespace, pods);
  if (selecting.length > 1) {
    const message = `pods by selector ${scale.selector} are controlled by multiple HPAs: [${selecting.join(' ')}]`;
    warn('AmbiguousSelector', message);
    draft.setCondition('ScalingActive', 'False', 'AmbiguousSelector', message);
    return { error: message };
  }
  return { pods };
}

/** computeReplicasForMetrics: the maximum proposal over the HPA's metrics. */
export function computeReplicasForMetrics(input: ComputeInput): ComputeResult {
  const selected = selectedPods(input);
  if ('error' in selected) return { replicas: -1, metricName: '', statuses: null, error: selected.error };
  const { hpa, scale, draft } = input;
  const specs = hpa.spec.metrics?.length ? hpa.spec.metrics : DEFAULT_METRICS;
  const ctx: MetricContext = {
    namespace: hpa.metadata.namespace!, client: input.client, pods: selected.pods,
    specReplicas: scale.specReplicas, statusReplicas: scale.statusReplicas,
    tolerances: input.tolerances, windows: input.windows, nowMs: input.nowMs, warn: input.warn,
  };
  const statuses: MetricStatus[] = [];
  let replicas = 0;
  let metricName = '';
  let invalid = 0;
  let firstError = '';
  let firstCondition: { reason: string; message: string } | undefined;
  for (const spec of specs) {
    const r = computeReplicasForMetric(ctx, spec);
    if (!r.ok) {
      if (invalid === 0) { firstError = r.error; firstCondition = r.condition; }
      invalid++;
      statuses.push({ type: '' });
      continue;
    }
    statuses.push(r.status);
    if (replicas === 0 || r.replicas > replicas) { replicas = r.replicas; metricName = r.metricName; }
  }
  const error = invalid > 0 ? `invalid metrics (${invalid} invalid out of ${specs.length}), first error is: ${firstError}` : undefined;
  if (invalid >= specs.length || (invalid > 0 && replicas < scale.specReplicas)) {
    draft.setCondition('ScalingActive', 'False', firstCondition!.reason, firstCondition!.message);
    return { replicas: -1, metricName: '', statuses, error };
  }
  draft.setCondition('ScalingActive', 'True', 'ValidMetricFound', `the HPA was able to successfully calculate a replica count from ${metricName}`);
  return { replicas, metricName, statuses, error };
}
