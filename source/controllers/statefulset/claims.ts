/**
 * A StatefulSet's PersistentVolumeClaims: created from volumeClaimTemplates before the pod, never updated, and
 * owned according to persistentVolumeClaimRetentionPolicy (whenDeleted / whenScaled, GA 1.32):
 *   Retain/Retain  no owner reference (the default: claims outlive everything)
 *   whenDeleted Delete  the set controls the claim (the garbage collector deletes it with the set)
 *   whenScaled Delete   a scaled-down pod controls its claim (deleted with the pod)
 */
import type { PersistentVolumeClaim, Pod } from '../../api/core.js';
import { isApiError } from '../../api/errors.js';
import type { KubeObject, OwnerReference } from '../../api/meta.js';
import type { StatefulSet } from '../../api/workloads.js';
import { newControllerRef } from '../controller-revision.js';
import { claimNameFor, claimsFor, inOrdinalRange, ordinalOf } from './stateful-pod.js';
import type { StatefulSetContext } from './context.js';

/** getPersistentVolumeClaimRetentionPolicy: Retain/Retain unless the set says otherwise. */
export function retentionPolicy(set: StatefulSet): { whenDeleted: 'Retain' | 'Delete'; whenScaled: 'Retain' | 'Delete' } {
  const p = set.spec.persistentVolumeClaimRetentionPolicy;
  return { whenDeleted: p?.whenDeleted ?? 'Retain', whenScaled: p?.whenScaled ?? 'Retain' };
}

const POD_REF = { apiVersion: 'v1', kind: 'Pod' };
const SET_REF = { apiVersion: 'apps/v1', kind: 'StatefulSet' };

const refMatches = (ref: OwnerReference, gvk: { apiVersion: string; kind: string }, name: string | undefined): boolean =>
  ref.apiVersion === gvk.apiVersion && ref.kind === gvk.kind && ref.name === name;
const hasOwnerRef = (claim: KubeObject, owner: KubeObject): boolean =>
  !!owner.metadata.uid && (claim.metadata.ownerReferences ?? []).some((r) => r.uid === owner.metadata.uid);

/** hasStaleOwnerRef: a reference to this name and kind with another uid (a previous incarnation). */
function hasStaleOwnerRef(claim: KubeObject, owner: KubeObject, gvk: { apiVersion: string; kind: string }): boolean {
  for (const r of claim.metadata.ownerReferences ?? []) {
    if (refMatches(r, gvk, owner.metadata.name)) return r.uid !== owner.metadata.uid;
  }
  return false;
}

/** hasUnexpectedController: with a Delete policy, another controller (or a stale set/pod ref) owns the claim. */
function hasUnexpectedController(claim: KubeObject, set: StatefulSet, pod: Pod): boolean {
  const policy = retentionPolicy(set);
  if (policy.whenScaled === 'Retain' && policy.whenDeleted === 'Retain') return false;
  for (const r of claim.metadata.ownerReferences ?? []) {
    if (refMatches(r, SET_REF, set.metadata.name)) { if (r.uid !== set.metadata.uid) return true; continue; }
    if (refMatches(r, POD_REF, pod.metadata.name)) { if (r.uid !== pod.metadata.uid) return true; continue; }
    if (r.controller) return true;
  }
  return false;
}

/** claimOwnerMatchesSetAndPod (isClaimOwnerUpToDate): whether the claim's references follow the policy. */
export function claimOwnerMatches(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): boolean {
  if (hasStaleOwnerRef(claim, set, SET_REF) || hasStaleOwnerRef(claim, pod, POD_REF)) return true;
  if (hasUnexpectedController(claim, set, pod)) return !(hasOwnerRef(claim, set) || hasOwnerRef(claim, pod));
  for (const r of claim.metadata.ownerReferences ?? []) {
    if ((r.uid === set.metadata.uid || (pod.metadata.uid && r.uid === pod.metadata.uid)) && !r.controller) return false;
  }
  const { whenDeleted, whenScaled } = retentionPolicy(set);
  const scaledDown = !inOrdinalRange(pod, set);
  const wantSet = whenDeleted === 'Delete' && !(whenScaled === 'Delete' && scaledDown);
  const wantPod = whenScaled === 'Delete' && scaledDown;
  return hasOwnerRef(claim, set) === wantSet && hasOwnerRef(claim, pod) === wantPod;
}

/** updateClaimOwnerRefForSetAndPod: our references scrubbed, then re-added as the policy says. */
export function claimOwnerRefs(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): OwnerReference[] {
  const unexpected = hasUnexpectedController(claim, set, pod);
  let refs = (claim.metadata.ownerReferences ?? []).filter((r) => !refMatches(r, SET_REF, set.metadata.name) && !refMatches(r, POD_REF, pod.metadata.name));
  if (unexpected) return refs;
  const { whenDeleted, whenScaled } = retentionPolicy(set);
  const scaledDown = !inOrdinalRange(pod, set);
  const add = (owner: KubeObject) => {
    if (owner.metadata.uid && !refs.some((r) => r.uid === owner.metadata.uid)) refs = [...refs, newControllerRef(owner)];
  };
  if (whenScaled === 'Delete' && scaledDown) add(pod);
  else if (whenDeleted === 'Delete') add(set);
  return refs;
}

const claimOf = (ctx: StatefulSetContext, set: StatefulSet, name: string) =>
  ctx.store.tryGet<PersistentVolumeClaim>('PersistentVolumeClaim', set.metadata.namespace, name);

/** ClaimsMatchRetentionPolicy over every claim of the pod (missing claims are picked up later). */
export function claimsMatchRetentionPolicy(ctx: StatefulSetContext, set: StatefulSet, pod: Pod): boolean {
  const ordinal = ordinalOf(pod);
  for (const t of set.spec.volumeClaimTemplates ?? []) {
    const claim = claimOf(ctx, set, claimNameFor(set, t, ordinal));
    if (claim && !claimOwnerMatches(claim, set, pod)) return false;
  }
  return true;
}

/** UpdatePodClaimForRetentionPolicy: rewrite the references of claims that don't follow the policy. */
export function updateClaimsForRetentionPolicy(ctx: StatefulSetContext, set: StatefulSet, pod: Pod): void {
  const ordinal = ordinalOf(pod);
  for (const t of set.spec.volumeClaimTemplates ?? []) {
    const claim = claimOf(ctx, set, claimNameFor(set, t, ordinal));
    if (!claim || claimOwnerMatches(claim, set, pod)) continue;
    const refs = claimOwnerRefs(claim, set, pod);
    ctx.store.update<PersistentVolumeClaim>({ ...claim, metadata: { ...claim.metadata, ownerReferences: refs.length ? refs : undefined } });
  }
}

/** PodClaimIsStale: with whenScaled Delete, a claim still owned by a previous pod of this name blocks creation. */
export function podClaimIsStale(ctx: StatefulSetContext, set: StatefulSet, pod: Pod): boolean {
  if (retentionPolicy(set).whenScaled === 'Retain') return false;
  for (const { claim } of claimsFor(set, ordinalOf(pod))) {
    const existing = claimOf(ctx, set, claim.metadata.name!);
    if (existing && hasStaleOwnerRef(existing, pod, POD_REF)) return true;
  }
  return false;
}

/**
 * createPersistentVolumeClaims: create each missing claim (event per claim), report claims being deleted.
 * Returns the error texts (empty when every claim exists). A claim created while the set wants Delete on
 * deletion gets the set's reference right away, the state upstream reaches one write later.
 */
export function createMissingClaims(ctx: StatefulSetContext, set: StatefulSet, pod: Pod): string[] {
  const errors: string[] = [];
  const { whenDeleted } = retentionPolicy(set);
  for (const { claim } of claimsFor(set, ordinalOf(pod))) {
    const name = claim.metadata.name!;
    const existing = claimOf(ctx, set, name);
    if (existing) {
      if (existing.metadata.deletionTimestamp) errors.push(`pvc ${name} is being deleted`);
      continue;
    }
    const toCreate = whenDeleted === 'Delete' && inOrdinalRange(pod, set)
      ? { ...claim, metadata: { ...claim.metadata, ownerReferences: [...(claim.metadata.ownerReferences ?? []), newControllerRef(set)] } }
      : claim;
    try {
      ctx.store.create(toCreate);
      ctx.record(set, 'Normal', 'SuccessfulCreate', `create Claim ${name} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} success`);
    } catch (err) {
      if (!isApiError(err)) throw err;
      const message = err.message;
      errors.push(`failed to create PVC ${name}: ${message}`);
      if (err.reason !== 'AlreadyExists') {
        ctx.record(set, 'Warning', 'FailedCreate', `create Claim ${name} for Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${message}`);
      }
    }
  }
  return errors;
}
