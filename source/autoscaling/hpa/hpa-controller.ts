/**
 * The Horizontal Pod Autoscaler controller (autoscaling/v2), as kube-controller-manager runs it: every HPA is
 * synced once per sync period (15 s) through a keyed queue with a fixed requeue delay — a new HPA first after one
 * period, as upstream's rate-limited enqueue does. A sync reads the target's scale, computes a proposal per metric
 * (the highest wins), stabilises and rate-limits it, writes spec.replicas through the scale subresource, and
 * records status, conditions and events with upstream's reasons and messages.
 */
import type { HorizontalPodAutoscaler, HPAScalingRules } from '../../api/cluster-kinds.js';
import { isApiError } from '../../api/errors.js';
import { Controller, keyOf, splitKey } from '../../engine/controller.js';
import type { Engine } from '../../engine/engine.js';
import type { MetricsClient } from '../../metrics/types.js';
import { deepEqual } from '../../store/clone.js';
import { timestamp } from '../../store/store.js';
import type { WatchEvent } from '../../store/watch.js';
import { computeReplicasForMetrics } from './compute-metrics.js';
import { DEFAULT_HPA_OPTIONS, type HpaControllerOptions, tolerancesFor } from './hpa-config.js';
import { StatusDraft } from './hpa-status.js';
import type { MetricStatus } from './metric-replicas.js';
import {
  type Behavior, type Normalized, ScalingHistory, normalizeLegacy, normalizeWithBehavior, recordInitialRecommendation, recordScaleEvent,
} from './normalize.js';
import { type Scale, ScaleError, getScale, updateScale } from './scale-target.js';
import { HpaSelectorTracker } from './selector-tracker.js';

const SOURCE = { component: 'horizontal-pod-autoscaler' };
const KIND = 'HorizontalPodAutoscaler';

/** GenerateHPAScaleUpRules / ScaleDownRules, for a behavior that reached the controller without API defaulting. */
const DEFAULT_SCALE_UP: HPAScalingRules = { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] };
const DEFAULT_SCALE_DOWN: HPAScalingRules = { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] };

export class HorizontalPodAutoscalerController extends Controller {
  readonly options: HpaControllerOptions;
  /** Recent recommendations and rescales per HPA key (upstream keeps them in memory too). */
  private readonly histories = new Map<string, ScalingHistory>();
  private readonly selectors = new HpaSelectorTracker();

  constructor(engine: Engine, private readonly metrics: MetricsClient, options: Partial<HpaControllerOptions> = {}) {
    super('horizontal-pod-autoscaler', engine);
    this.options = { ...DEFAULT_HPA_OPTIONS, ...options };
    this.watch({ kind: KIND }, (e) => this.onHpa(e as WatchEvent<HorizontalPodAutoscaler>));
  }

  /** enqueueHPA / deleteHPA: every add or update is a rate-limited add (one period out, deduplicated). */
  private onHpa(e: WatchEvent<HorizontalPodAutoscaler>): undefined {
    const key = keyOf(e.object);
    const namespace = e.object.metadata.namespace ?? 'default';
    if (e.type === 'DELETED') {
      this.selectors.remove(namespace, key);
      return undefined;
    }
    this.selectors.register(namespace, key);
    this.queue.addAfter(key, this.options.syncPeriodMs);
    return undefined;
  }

  protected reconcile(key: string): void {
    const [namespace, name] = splitKey(key);
    const hpa = this.store.tryGet<HorizontalPodAutoscaler>(KIND, namespace, name);
    if (!hpa) {
      this.histories.delete(key);
      return;
    }
    try {
      this.reconcileAutoscaler(hpa, key);
    } finally {
      // Whatever happened, the next sync is one period out.
      this.queue.addAfter(key, this.options.syncPeriodMs);
    }
  }

  private event(hpa: HorizontalPodAutoscaler, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.engine.events.record(hpa, type, reason, message, SOURCE);
  }

  private history(key: string): ScalingHistory {
    let h = this.histories.get(key);
    if (!h) this.histories.set(key, (h = new ScalingHistory()));
    return h;
  }

  /** reconcileAutoscaler: one sync of one HPA. */
  private reconcileAutoscaler(hpa: HorizontalPodAutoscaler, key: string): void {
    const now = this.engine.now();
    const draft = new StatusDraft(hpa, timestamp(now));
    let scale: Scale;
    try {
      scale = getScale(this.store, hpa);
    } catch (err) {
      if (!(err instanceof ScaleError)) throw err;
      this.event(hpa, 'Warning', 'FailedGetScale', err.message);
      draft.setCondition('AbleToScale', 'False', 'FailedGetScale', `the HPA controller was unable to get the target's current scale: ${err.message}`);
      this.writeStatus(hpa, draft);
      return;
    }
    draft.setCondition('AbleToScale', 'True', 'SucceededGetScale', "the HPA controller was able to get the target's current scale");
    const current = scale.specReplicas;
    const history = this.history(key);
    recordInitialRecommendation(history, current, now);
    const min = hpa.spec.minReplicas ?? 1;
    const max = hpa.spec.maxReplicas ?? 0;
    const behavior = this.behaviorOf(hpa);
    let desired = 0;
    let reason = '';
    let rescale = true;
    let metricStatuses: MetricStatus[] | null = null;

    if (current === 0) {
      // HPAScaleToZero is off: a target scaled to zero by hand stays there.
      desired = 0;
      rescale = false;
      draft.setCondition('ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero');
      draft.removeCondition('ScaledToZero');
    } else if (current > max) {
      reason = 'Current number of replicas above Spec.MaxReplicas';
      desired = max;
    } else if (current < min) {
      reason = 'Current number of replicas below Spec.MinReplicas';
      desired = min;
    } else {
      const computed = computeReplicasForMetrics({
        hpa, key, scale, store: this.store, client: this.metrics, selectors: this.selectors,
        tolerances: tolerancesFor(hpa, this.options.tolerance), windows: this.options, nowMs: now, draft,
        warn: (r, m) => this.event(hpa, 'Warning', r, m),
      });
      metricStatuses = computed.statuses;
      if (computed.replicas === -1) {
        draft.set(current, draft.desiredReplicas, metricStatuses, false);
        this.writeStatus(hpa, draft);
        this.event(hpa, 'Warning', 'FailedComputeMetricsReplicas', computed.error ?? '');
        return;
      }
      let rescaleMetric = '';
      if (computed.replicas > desired) {
        desired = computed.replicas;
        rescaleMetric = computed.metricName;
      }
      if (desired > current) reason = `${rescaleMetric} above target`;
      if (desired < current) reason = 'All metrics below target';
      const normalized: Normalized = behavior
        ? normalizeWithBehavior(history, behavior, now, current, desired, min, max)
        : normalizeLegacy(history, now, this.options.downscaleStabilizationMs, current, desired, min, max);
      draft.setCondition('AbleToScale', normalized.ableToScale.status, normalized.ableToScale.reason, normalized.ableToScale.message);
      draft.setCondition('ScalingLimited', normalized.scalingLimited.status, normalized.scalingLimited.reason, normalized.scalingLimited.message);
      desired = normalized.replicas;
      rescale = desired !== current;
    }

    if (rescale) {
      try {
        updateScale(this.store, scale, desired);
      } catch (err) {
        if (!(err instanceof ScaleError)) throw err;
        this.event(hpa, 'Warning', 'FailedRescale', `New size: ${desired}; reason: ${reason}; error: ${err.message}`);
        draft.setCondition('AbleToScale', 'False', 'FailedUpdateScale', `the HPA controller was unable to update the target scale: ${err.message}`);
        draft.set(current, draft.desiredReplicas, metricStatuses, false);
        this.writeStatus(hpa, draft);
        return;
      }
      draft.setCondition('AbleToScale', 'True', 'SucceededRescale', `the HPA controller was able to update the target scale to ${desired}`);
      this.event(hpa, 'Normal', 'SuccessfulRescale', `New size: ${desired}; reason: ${reason}`);
      recordScaleEvent(history, behavior, now, current, desired);
      draft.removeCondition('ScaledToZero');
    } else {
      desired = current;
    }
    draft.set(current, desired, metricStatuses, rescale);
    this.writeStatus(hpa, draft);
  }

  /** spec.behavior with the controller's defaults (maybeInitScaleDownStabilizationWindow), or undefined for the legacy path. */
  private behaviorOf(hpa: HorizontalPodAutoscaler): Behavior | undefined {
    const b = hpa.spec.behavior;
    if (!b) return undefined;
    const scaleDown = b.scaleDown ?? DEFAULT_SCALE_DOWN;
    return {
      scaleUp: b.scaleUp ?? DEFAULT_SCALE_UP,
      scaleDown: scaleDown.stabilizationWindowSeconds === undefined || scaleDown.stabilizationWindowSeconds === null
        ? { ...scaleDown, stabilizationWindowSeconds: Math.trunc(this.options.downscaleStabilizationMs / 1000) }
        : scaleDown,
    };
  }

  /** updateStatusIfNeeded: write only a changed status; a refused write is a FailedUpdateStatus event. */
  private writeStatus(hpa: HorizontalPodAutoscaler, draft: StatusDraft): void {
    const status = draft.build();
    if (deepEqual(status, hpa.status)) return;
    try {
      this.store.updateStatus<HorizontalPodAutoscaler>({ ...hpa, status: status as HorizontalPodAutoscaler['status'] });
    } catch (err) {
      if (!isApiError(err)) throw err;
      this.event(hpa, 'Warning', 'FailedUpdateStatus', err.message);
    }
  }
}
