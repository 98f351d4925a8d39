/**
 * `kubectl describe` as pure functions: one describer per kind family, the generic describer for the rest.
 * The caller gathers what kubectl would fetch beside the object (events, owned pods, endpoints…) into a DescribeContext.
 */
import type { Event, Pod } from '../../api/core.js';
import type { KubeObject } from '../../api/meta.js';
import type { SchedulingRecord } from '../../scheduler/scheduler.js';
import { describeDaemonSet, describeDeployment, describeReplicaSet, describeStatefulSet } from './apps.js';
import { describeCronJob, describeJob } from './batch.js';
import { describeConfigMap, describeNamespace, describeSecret, describeServiceAccount } from './config.js';
import { present } from '../../api/print/format.js';
import { describeGeneric } from './generic.js';
import { describeNode } from './node.js';
import { describePod } from './pod.js';
import { describeHPA, describePDB } from './policy.js';
import { describeEndpoints, describeService } from './service.js';
import { describePersistentVolume, describePersistentVolumeClaim } from './storage.js';

/** What `describe` shows beside the object itself. */
export interface DescribeContext {
  /** Virtual now, for ages. */
  nowMs: number;
  /** Events about this object, oldest first. */
  events: Event[];
  /** Objects kubectl looks up for some kinds: owned pods and replica sets, a service's endpoints, a node's pods, PVC users. */
  related?: {
    pods?: Pod[]; replicaSets?: KubeObject[]; endpoints?: KubeObject; nodePods?: Pod[]; pvcs?: KubeObject[];
    /** A namespace's ResourceQuotas and LimitRanges (describe namespace); omitted → "No resource quota." */
    resourceQuotas?: KubeObject[]; limitRanges?: KubeObject[];
    /** A node's Lease from kube-node-lease (describe node's Lease block); omitted → no Lease block. */
    lease?: KubeObject;
  };
  /** The pod's last scheduling attempt (kubedrill's "why Pending" section). */
  scheduling?: SchedulingRecord;
}

/** A describer for one kind. */
export type Describer = (obj: KubeObject, ctx: DescribeContext) => string;

const DESCRIBERS: Record<string, Describer> = {
  Pod: (obj, ctx) => describePod(obj as Pod, ctx.events, ctx.nowMs, ctx.scheduling),
  Node: (obj, ctx) => describeNode(obj, ctx.related?.nodePods, ctx.events, ctx.nowMs, ctx.related?.lease),
  Deployment: (obj, ctx) => describeDeployment(obj, ctx.related?.replicaSets, ctx.events, ctx.nowMs),
  ReplicaSet: (obj, ctx) => describeReplicaSet(obj, ctx.related?.pods, ctx.events, ctx.nowMs),
  ReplicationController: (obj, ctx) => describeReplicaSet(obj, ctx.related?.pods, ctx.events, ctx.nowMs),
  StatefulSet: (obj, ctx) => describeStatefulSet(obj, ctx.related?.pods, ctx.events, ctx.nowMs),
  DaemonSet: (obj, ctx) => describeDaemonSet(obj, ctx.related?.pods, ctx.events, ctx.nowMs),
  Job: (obj, ctx) => describeJob(obj, ctx.events, ctx.nowMs),
  CronJob: (obj, ctx) => describeCronJob(obj, ctx.events, ctx.nowMs),
  Service: (obj, ctx) => describeService(obj, ctx.related?.endpoints, ctx.events, ctx.nowMs),
  Endpoints: (obj, ctx) => describeEndpoints(obj, ctx.events, ctx.nowMs),
  HorizontalPodAutoscaler: (obj, ctx) => describeHPA(obj, ctx.events, ctx.nowMs),
  PodDisruptionBudget: (obj, ctx) => describePDB(obj, ctx.events, ctx.nowMs),
  PersistentVolumeClaim: (obj, ctx) => describePersistentVolumeClaim(obj, ctx.related?.pods, ctx.events, ctx.nowMs),
  PersistentVolume: (obj, ctx) => describePersistentVolume(obj, ctx.events, ctx.nowMs),
  ConfigMap: (obj, ctx) => describeConfigMap(obj, ctx.events, ctx.nowMs),
  Secret: (obj) => describeSecret(obj),
  Namespace: (obj, ctx) => describeNamespace(obj, ctx.related?.resourceQuotas, ctx.related?.limitRanges),
  ServiceAccount: (obj, ctx) => describeServiceAccount(obj, ctx.events, ctx.nowMs),
};

/** Kinds with a dedicated describer; every other kind gets the generic one. */
export const DESCRIBED_KINDS: readonly string[] = Object.keys(DESCRIBERS);

/** Related objects with every list an array of objects, so describers can iterate without checks. */
function sanitizeRelated(related: unknown): DescribeContext['related'] {
  const r = present(related);
  if (!r) return undefined;
  const objects = <T>(v: unknown): T[] | undefined => (Array.isArray(v) ? (v.filter((x) => present(x)) as T[]) : undefined);
  return {
    pods: objects<Pod>(r.pods), replicaSets: objects(r.replicaSets), nodePods: objects<Pod>(r.nodePods), pvcs: objects(r.pvcs),
    resourceQuotas: objects(r.resourceQuotas), limitRanges: objects(r.limitRanges), endpoints: present(r.endpoints) as KubeObject | undefined,
    lease: present(r.lease) as KubeObject | undefined,
  };
}

/** Like describeObject but without the generic fallback on an internal error, so tests see describer bugs. */
export function describeStrict(obj: KubeObject, ctx: DescribeContext): string {
  const kind = typeof obj?.kind === 'string' ? obj.kind : '';
  const events = Array.isArray(ctx?.events) ? ctx.events : [];
  const safe: DescribeContext = { ...ctx, nowMs: Number.isFinite(ctx?.nowMs) ? ctx.nowMs : 0, events, related: sanitizeRelated(ctx?.related) };
  const describer = Object.prototype.hasOwnProperty.call(DESCRIBERS, kind) ? DESCRIBERS[kind]! : undefined;
  return describer ? describer(obj, safe) : describeGeneric(obj, events, safe.nowMs);
}

/** The full text of `kubectl describe <kind> <name>`; never throws, whatever shape the object has. */
export function describeObject(obj: KubeObject, ctx: DescribeContext): string {
  try {
    return describeStrict(obj, ctx);
  } catch {
    // A describer met a shape it did not expect (the fuzz tests say it should not): show the generic view rather than fail.
    try {
      return describeGeneric(obj, Array.isArray(ctx?.events) ? ctx.events : [], Number.isFinite(ctx?.nowMs) ? ctx.nowMs : 0);
    } catch {
      return `Name:  ${String((obj as { metadata?: { name?: unknown } } | undefined)?.metadata?.name ?? '')}\n`;
    }
  }
}
