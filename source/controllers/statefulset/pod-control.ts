/**
 * StatefulPodControl: creating (claims first), updating and deleting a set's pods, with upstream's events
 * (`SuccessfulCreate` `create Pod web-0 in StatefulSet web successful`, `FailedCreate` `... failed error: <err>`).
 * Each returns an error text, or undefined on success.
 */
import type { Pod } from '../../api/core.js';
import { isApiError } from '../../api/errors.js';
import type { StatefulSet } from '../../api/workloads.js';
import { claimsMatchRetentionPolicy, createMissingClaims, updateClaimsForRetentionPolicy } from './claims.js';
import { type StatefulSetContext, aggregate } from './context.js';
import { identityLabels, identityMatches, ordinalOf, storageMatches, volumesWithClaims } from './stateful-pod.js';

const title = (verb: string) => verb[0]!.toUpperCase() + verb.slice(1);

/** recordPodEvent. */
function recordPodEvent(ctx: StatefulSetContext, verb: 'create' | 'update' | 'delete', set: StatefulSet, pod: Pod, err?: string): void {
  if (err === undefined) {
    ctx.record(set, 'Normal', `Successful${title(verb)}`, `${verb} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`);
  } else {
    ctx.record(set, 'Warning', `Failed${title(verb)}`, `${verb} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${err}`);
  }
}

function apiMessage(err: unknown): string {
  if (isApiError(err)) return err.message;
  throw err;
}

/** CreateStatefulPod: the claims, then the pod, then claim references as the retention policy says. */
export function createStatefulPod(ctx: StatefulSetContext, set: StatefulSet, pod: Pod): string | undefined {
  const claimErrors = createMissingClaims(ctx, set, pod);
  if (claimErrors.length) {
    const err = aggregate(claimErrors);
    recordPodEvent(ctx, 'create', set, pod, err);
    return err;
  }
  let created: Pod;
  try {
    created = ctx.store.create(pod);
  } catch (err) {
    const message = apiMessage(err);
    // A pod of that name exists already: upstream sinks this without an event and retries.
    if (!isApiError(err, 'AlreadyExists')) recordPodEvent(ctx, 'create', set, pod, message);
    return message;
  }
  try {
    updateClaimsForRetentionPolicy(ctx, set, created);
  } catch (err) {
    const message = apiMessage(err);
    recordPodEvent(ctx, 'update', set, pod, message);
    return message;
  }
  recordPodEvent(ctx, 'create', set, pod);
  return undefined;
}

/** UpdateStatefulPod: restore identity labels, claim volumes and claim references when they drifted. */
export function updateStatefulPod(ctx: StatefulSetContext, set: StatefulSet, pod: Pod): string | undefined {
  let next = pod;
  let consistent = true;
  const ordinal = ordinalOf(pod);
  if (!identityMatches(set, pod)) {
    next = { ...next, metadata: { ...next.metadata, labels: { ...next.metadata.labels, ...identityLabels(set, ordinal) } } };
    consistent = false;
  }
  if (!storageMatches(set, pod)) {
    next = { ...next, spec: { ...next.spec, volumes: volumesWithClaims(set, ordinal, next.spec.volumes) } };
    consistent = false;
    const claimErrors = createMissingClaims(ctx, set, next);
    if (claimErrors.length) {
      const err = aggregate(claimErrors);
      recordPodEvent(ctx, 'update', set, pod, err);
      return err;
    }
  }
  try {
    if (!claimsMatchRetentionPolicy(ctx, set, pod)) {
      updateClaimsForRetentionPolicy(ctx, set, pod);
      consistent = false;
    }
    if (consistent) return undefined;
    // Volumes of an existing pod are immutable: the API server refuses that part, as upstream's does.
    ctx.store.update(next);
  } catch (err) {
    const message = apiMessage(err);
    recordPodEvent(ctx, 'update', set, pod, message);
    return message;
  }
  recordPodEvent(ctx, 'update', set, pod);
  return undefined;
}

/** DeleteStatefulPod: a normal, graceful delete. */
export function deleteStatefulPod(ctx: StatefulSetContext, set: StatefulSet, pod: Pod): string | undefined {
  try {
    ctx.store.delete('Pod', pod.metadata.namespace, pod.metadata.name!, { preconditions: { uid: pod.metadata.uid } });
  } catch (err) {
    const message = apiMessage(err);
    recordPodEvent(ctx, 'delete', set, pod, message);
    return isApiError(err, 'NotFound') ? undefined : message;
  }
  recordPodEvent(ctx, 'delete', set, pod);
  return undefined;
}
