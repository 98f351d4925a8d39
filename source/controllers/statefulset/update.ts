/**
 * One StatefulSet sync (updateStatefulSet): sort pods into wanted replicas and condemned ones, create what is
 * missing, delete what is beyond the ordinal range, then roll pods to the update revision. OrderedReady is
 * "monotonic": one step at a time, in ordinal order, stopping at any pod that is not Running and Ready;
 * Parallel does every step at once in slow-start batches.
 */
import type { Pod, PodTemplateSpec } from '../../api/core.js';
import type { StatefulSet } from '../../api/workloads.js';
import { templateOfRevision } from '../controller-revision.js';
import { claimsMatchRetentionPolicy, createMissingClaims, podClaimIsStale, updateClaimsForRetentionPolicy } from './claims.js';
import { type StatefulSetContext, aggregate } from './context.js';
import { createStatefulPod, deleteStatefulPod, updateStatefulPod } from './pod-control.js';
import type { SetRevisions } from './revisions.js';
import {
  identityMatches, inOrdinalRange, isCreated, isFailed, isPending, isPodAvailable, isRunningAndReady, isSucceeded, isTerminating,
  isUnavailable, newStatefulSetPod, ordinalOf, podRevision, startOrdinal, storageMatches,
} from './stateful-pod.js';

/** The status fields the controller owns. */
export interface StatefulSetStatus {
  observedGeneration?: number; replicas: number; readyReplicas: number; currentReplicas: number; updatedReplicas: number;
  availableReplicas: number; currentRevision?: string; updateRevision?: string; collisionCount?: number;
}

/** Upstream's MaxBatchSize for Parallel pod management. */
const MAX_BATCH = 500;

/** [stop processing further pods, error text]. */
type Step = [boolean, string | undefined];

const withTemplate = (set: StatefulSet, template: PodTemplateSpec): StatefulSet =>
  template === set.spec.template ? set : { ...set, spec: { ...set.spec, template } };

/** updateStatus: count created, ready, available, current and updated pods. */
function countReplicas(status: StatefulSetStatus, set: StatefulSet, revs: SetRevisions, now: number, ...lists: readonly Pod[][]): void {
  status.replicas = status.readyReplicas = status.availableReplicas = status.currentReplicas = status.updatedReplicas = 0;
  const minReady = set.spec.minReadySeconds ?? 0;
  for (const list of lists) {
    for (const pod of list) {
      if (!isCreated(pod)) continue;
      status.replicas++;
      if (isRunningAndReady(pod)) {
        status.readyReplicas++;
        if (isPodAvailable(pod, minReady, now)) status.availableReplicas++;
      }
      if (isTerminating(pod)) continue;
      const rev = podRevision(pod);
      if (rev === revs.current.metadata.name) status.currentReplicas++;
      if (rev === revs.update.metadata.name) status.updatedReplicas++;
    }
  }
}

/** runForAll: monotonic stops at the first blocked pod; burst runs slow-start batches (1, 2, 4, …) until an error. */
function runForAll(count: number, fn: (i: number) => Step, monotonic: boolean): Step {
  if (monotonic) {
    for (let i = 0; i < count; i++) {
      const [stop, err] = fn(i);
      if (stop || err) return [true, err];
    }
    return [false, undefined];
  }
  let next = 0;
  for (let batch = Math.min(1, count); batch > 0; batch = Math.min(2 * batch, count - next, MAX_BATCH)) {
    const errors: string[] = [];
    for (let k = 0; k < batch; k++) {
      const [, err] = fn(next++);
      if (err) errors.push(err);
    }
    if (errors.length) return [true, aggregate(errors)];
  }
  return [false, undefined];
}

/** updateStatefulSet: one pass of creations, deletions and updates; returns the status to record and any error. */
export function updateStatefulSet(ctx: StatefulSetContext, set: StatefulSet, revs: SetRevisions, pods: readonly Pod[]): { status: StatefulSetStatus; error?: string } {
  const currentSet = withTemplate(set, templateOfRevision(revs.current) ?? set.spec.template);
  const updateSet = withTemplate(set, templateOfRevision(revs.update) ?? set.spec.template);
  const minReady = set.spec.minReadySeconds ?? 0;
  const now = ctx.now;
  const status: StatefulSetStatus = {
    observedGeneration: set.metadata.generation, replicas: 0, readyReplicas: 0, currentReplicas: 0, updatedReplicas: 0,
    availableReplicas: 0, currentRevision: revs.current.metadata.name, updateRevision: revs.update.metadata.name,
    collisionCount: revs.collisionCount,
  };
  countReplicas(status, set, revs, now, pods as Pod[]);

  const start = startOrdinal(set);
  const replicaCount = set.spec.replicas ?? 1;
  const replicas: Pod[] = new Array(replicaCount);
  const condemned: Pod[] = [];
  for (const pod of pods) {
    if (inOrdinalRange(pod, set)) replicas[ordinalOf(pod) - start] = pod;
    else if (ordinalOf(pod) >= 0) condemned.push(pod);
  }
  const rolling = set.spec.updateStrategy?.rollingUpdate;
  const currentCount = set.status?.currentReplicas ?? 0;
  for (let i = 0; i < replicaCount; i++) {
    if (replicas[i]) continue;
    const ordinal = start + i;
    // newVersionedStatefulSetPod: ordinals below the partition stay at the current revision.
    const atCurrent = (currentSet.spec.updateStrategy?.type === 'RollingUpdate' && !rolling && ordinal < start + currentCount)
      || (!!rolling && ordinal < start + (rolling.partition ?? 0));
    replicas[i] = atCurrent
      ? newStatefulSetPod(currentSet, currentSet.spec.template, ordinal, revs.current.metadata.name!)
      : newStatefulSetPod(updateSet, updateSet.spec.template, ordinal, revs.update.metadata.name!);
  }
  condemned.sort((a, b) => ordinalOf(b) - ordinalOf(a));

  let firstUnavailable: Pod | undefined;
  for (const p of replicas) if (!firstUnavailable && isUnavailable(p, minReady, now)) firstUnavailable = p;
  for (let i = condemned.length - 1; i >= 0 && !firstUnavailable; i--) {
    if (isUnavailable(condemned[i]!, minReady, now)) firstUnavailable = condemned[i];
  }
  if (set.metadata.deletionTimestamp) return { status };

  const monotonic = set.spec.podManagementPolicy !== 'Parallel';
  const finish = (error?: string) => {
    countReplicas(status, set, revs, now, replicas, condemned);
    return { status, error };
  };

  const processReplica = (i: number): Step => {
    const pod = replicas[i]!;
    // Failed or Succeeded (e.g. evicted, or stopped by a node reboot): delete; the next sync recreates it once gone.
    if (isFailed(pod) || isSucceeded(pod)) {
      return [true, isTerminating(pod) ? undefined : deleteStatefulPod(ctx, set, pod)];
    }
    if (!isCreated(pod)) {
      if (podClaimIsStale(ctx, set, pod)) return [true, undefined];
      const err = createStatefulPod(ctx, set, pod);
      if (err) return [true, err];
      if (monotonic) return [true, undefined];
    }
    if (isPending(pod)) {
      const errs = createMissingClaims(ctx, set, pod);
      if (errs.length) return [true, aggregate(errs)];
      updateClaimsForRetentionPolicy(ctx, set, pod);
    }
    if (monotonic && (isTerminating(pod) || !isRunningAndReady(pod) || !isPodAvailable(pod, minReady, now))) return [true, undefined];
    if (identityMatches(set, pod) && storageMatches(set, pod) && claimsMatchRetentionPolicy(ctx, updateSet, pod)) return [false, undefined];
    return [false, updateStatefulPod(ctx, updateSet, pod)];
  };
  let [stop, err] = runForAll(replicaCount, processReplica, monotonic);
  if (stop || err) return finish(err);

  // Claims of pods beyond the range follow whenScaled before the pods go.
  const fixClaims = (i: number): Step => {
    const pod = condemned[i]!;
    if (!claimsMatchRetentionPolicy(ctx, updateSet, pod)) updateClaimsForRetentionPolicy(ctx, updateSet, pod);
    return [false, undefined];
  };
  [stop, err] = runForAll(condemned.length, fixClaims, monotonic);
  if (stop || err) return finish(err);

  // Scale down, highest ordinal first; in monotonic mode only while every other pod is healthy.
  const processCondemned = (i: number): Step => {
    const pod = condemned[i]!;
    if (isTerminating(pod)) return [monotonic, undefined];
    if (monotonic && pod !== firstUnavailable && (!isRunningAndReady(pod) || !isPodAvailable(pod, minReady, now))) return [true, undefined];
    return [true, deleteStatefulPod(ctx, set, pod)];
  };
  [stop, err] = runForAll(condemned.length, processCondemned, monotonic);
  if (stop || err) return finish(err);

  countReplicas(status, set, revs, now, replicas, condemned);
  if (set.spec.updateStrategy?.type === 'OnDelete') return { status };

  // RollingUpdate: replace the highest-ordinal pod not at the update revision, one at a time, down to the partition.
  const updateMin = rolling?.partition ?? 0;
  for (let target = replicas.length - 1; target >= updateMin; target--) {
    const pod = replicas[target]!;
    if (podRevision(pod) !== revs.update.metadata.name && !isTerminating(pod)) {
      const error = deleteStatefulPod(ctx, set, pod);
      status.currentReplicas--;
      return { status, error };
    }
    if (isUnavailable(pod, minReady, now)) return { status };
  }
  return { status };
}

/** completeRollingUpdate: once every wanted pod is updated and ready, the update revision becomes current. */
export function completeRollingUpdate(set: StatefulSet, status: StatefulSetStatus): void {
  const replicas = set.spec.replicas ?? 1;
  if (set.spec.updateStrategy?.type !== 'OnDelete' && status.updatedReplicas === replicas
    && status.readyReplicas === replicas && status.replicas === replicas) {
    status.currentReplicas = status.updatedReplicas;
    status.currentRevision = status.updateRevision;
  }
}

/** inconsistentStatus: whether the computed status differs from the recorded one. */
export function statusChanged(set: StatefulSet, status: StatefulSetStatus): boolean {
  const s = set.status;
  return !s || (status.observedGeneration ?? 0) > (s.observedGeneration ?? 0) || status.replicas !== s.replicas
    || status.currentReplicas !== (s.currentReplicas ?? 0) || status.readyReplicas !== (s.readyReplicas ?? 0)
    || status.updatedReplicas !== (s.updatedReplicas ?? 0) || status.currentRevision !== s.currentRevision
    || status.availableReplicas !== (s.availableReplicas ?? 0) || status.updateRevision !== s.updateRevision
    || status.collisionCount !== s.collisionCount;
}
