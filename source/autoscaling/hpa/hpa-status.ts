/**
 * The HPA's status as the controller rebuilds it each sync: conditions set in place (the transition time moves
 * only when the status flips), then currentReplicas / desiredReplicas / currentMetrics / lastScaleTime in
 * autoscaling/v2's JSON shape (currentReplicas omitted at 0, currentMetrics null when never computed).
 */
import type { HorizontalPodAutoscaler } from '../../api/cluster-kinds.js';
import type { Condition } from '../../api/meta.js';
import type { MetricStatus } from './metric-replicas.js';

/** The HPA condition types. */
export type HpaConditionType = 'AbleToScale' | 'ScalingActive' | 'ScalingLimited' | 'ScaledToZero';

/** HorizontalPodAutoscalerStatus, written whole. */
export interface HpaStatus {
  observedGeneration?: number;
  lastScaleTime?: string;
  currentReplicas?: number;
  desiredReplicas: number;
  currentMetrics: MetricStatus[] | null;
  conditions?: Condition[];
}

/** A working copy of an HPA's status for one sync. */
export class StatusDraft {
  conditions: Condition[];
  lastScaleTime: string | undefined;
  currentReplicas: number;
  desiredReplicas: number;
  currentMetrics: MetricStatus[] | null;

  constructor(hpa: HorizontalPodAutoscaler, private readonly nowTimestamp: string) {
    const s = hpa.status;
    this.conditions = (s?.conditions ?? []).map((c) => ({ ...c }));
    this.lastScaleTime = s?.lastScaleTime;
    this.currentReplicas = s?.currentReplicas ?? 0;
    this.desiredReplicas = s?.desiredReplicas ?? 0;
    this.currentMetrics = (s?.currentMetrics as MetricStatus[] | undefined) ?? null;
  }

  /** setCondition: update or append; the transition time moves only when the status changes. */
  setCondition(type: HpaConditionType, status: 'True' | 'False', reason: string, message: string): void {
    let c = this.conditions.find((x) => x.type === type);
    if (!c) {
      c = { type, status } as Condition;
      this.conditions.push(c);
      c.lastTransitionTime = this.nowTimestamp;
    } else if (c.status !== status) {
      c.lastTransitionTime = this.nowTimestamp;
    }
    c.status = status;
    c.reason = reason;
    c.message = message;
  }

  removeCondition(type: HpaConditionType): void {
    this.conditions = this.conditions.filter((c) => c.type !== type);
  }

  /** setStatus: current and desired counts and the metrics; a rescale stamps lastScaleTime. */
  set(currentReplicas: number, desiredReplicas: number, metrics: MetricStatus[] | null, rescaled: boolean): void {
    this.currentReplicas = currentReplicas;
    this.desiredReplicas = desiredReplicas;
    this.currentMetrics = metrics;
    if (rescaled) this.lastScaleTime = this.nowTimestamp;
  }

  /** The status object in upstream's key order, with its omitempty rules. */
  build(): HpaStatus {
    const status = {} as HpaStatus;
    if (this.lastScaleTime) status.lastScaleTime = this.lastScaleTime;
    if (this.currentReplicas !== 0) status.currentReplicas = this.currentReplicas;
    status.desiredReplicas = this.desiredReplicas;
    status.currentMetrics = this.currentMetrics;
    if (this.conditions.length > 0) {
      status.conditions = this.conditions.map((c) => ({
        type: c.type, status: c.status, lastTransitionTime: c.lastTransitionTime, reason: c.reason, message: c.message,
      }));
    }
    return status;
  }
}
