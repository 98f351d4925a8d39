/** Hand-built pods and samples for the replica calculator's unit tests (no simulation). */
import type { Pod } from '../../../source/api/core.js';
import type { PodMetricsInfo } from '../../../source/autoscaling/hpa/metrics-source.js';
import { timestamp } from '../../../source/store/store.js';

export const NOW = Date.UTC(2026, 0, 1, 1, 0, 0);
export const WINDOWS = { cpuInitializationPeriodMs: 5 * 60_000, initialReadinessDelayMs: 30_000 };
export const TOLERANCE = { scaleUp: 0.1, scaleDown: 0.1 };

export interface PodOptions {
  phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  /** Ready condition status; undefined: no Ready condition. */
  ready?: 'True' | 'False' | undefined;
  startedAgoMs?: number;
  /** When the Ready condition last changed. */
  transitionAgoMs?: number;
  requests?: Record<string, string> | undefined;
  deleting?: boolean;
  containers?: string[];
}

/** A pod as the kubelet reports it; by default Running, Ready for 10 minutes, requesting 1 CPU. */
export function pod(name: string, o: PodOptions = {}): Pod {
  const started = NOW - (o.startedAgoMs ?? 15 * 60_000);
  const transition = NOW - (o.transitionAgoMs ?? 10 * 60_000);
  const ready = 'ready' in o ? o.ready : 'True';
  const requests = 'requests' in o ? o.requests : { cpu: '1', memory: '1Gi' };
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: 'default', ...(o.deleting ? { deletionTimestamp: timestamp(NOW) } : {}) },
    spec: { containers: (o.containers ?? ['app']).map((c) => ({ name: c, image: 'nginx', resources: requests ? { requests } : {} })) },
    status: {
      phase: o.phase ?? 'Running',
      startTime: timestamp(started),
      conditions: ready ? [{ type: 'Ready', status: ready, lastTransitionTime: timestamp(transition) }] : [],
    },
  };
}

/** Samples by pod name: milli-values taken at `sampledAgoMs` over a 15 s window. */
export function samples(values: Record<string, number>, sampledAgoMs = 0): PodMetricsInfo {
  return new Map(Object.entries(values).map(([name, value]) => [name, { value, timestamp: NOW - sampledAgoMs, windowMs: 15_000 }]));
}
