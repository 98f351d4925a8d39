/** Reading a Deployment's ReplicaSets (upstream deployment/util and controller_utils): order, new vs old, counts. */
import type { PodTemplateSpec } from '../../api/core.js';
import type { Deployment, ReplicaSet } from '../../api/workloads.js';
import { deepEqual } from '../../store/clone.js';
import { DESIRED_REPLICAS_ANNOTATION, POD_TEMPLATE_HASH_LABEL, intAnnotation, revisionOf } from './annotations.js';

/** spec.replicas (defaulted at admission; 0 when somehow unset). */
export const specReplicas = (rs: { spec: { replicas?: number } }): number => rs.spec.replicas ?? 0;

/** ReplicaSetsByCreationTimestamp: older first, then by name. RFC 3339 UTC timestamps order as strings. */
export function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  const ta = a.metadata.creationTimestamp ?? '', tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  const na = a.metadata.name!, nb = b.metadata.name!;
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/** ReplicaSetsBySizeNewer: larger first; equal sizes newer first. */
export const bySizeNewer = (a: ReplicaSet, b: ReplicaSet): number => specReplicas(b) - specReplicas(a) || byCreation(b, a);
/** ReplicaSetsBySizeOlder: larger first; equal sizes older first. */
export const bySizeOlder = (a: ReplicaSet, b: ReplicaSet): number => specReplicas(b) - specReplicas(a) || byCreation(a, b);

/** ReplicaSetsByRevision: lower revision first; equal or unparsable revisions by creation. */
export function byRevision(a: ReplicaSet, b: ReplicaSet): number {
  const ra = revisionOf(a), rb = revisionOf(b);
  return ra === undefined || rb === undefined || ra === rb ? byCreation(a, b) : ra - rb;
}

const HASH_ONLY = new Set([POD_TEMPLATE_HASH_LABEL]);

/** Label maps equal once `pod-template-hash` is ignored. */
function labelsEqualIgnoringHash(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  if (a === b) return true;
  let n = 0;
  for (const k in a) {
    if (HASH_ONLY.has(k)) continue;
    if (b?.[k] !== a[k] || !Object.hasOwn(b, k)) return false;
    n++;
  }
  for (const k in b) if (!HASH_ONLY.has(k)) n--;
  return n === 0;
}

function computeEqualIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || !deepEqual(a.spec, b.spec)) return false;
  const ma = a.metadata ?? {}, mb = b.metadata ?? {};
  if (!labelsEqualIgnoringHash(ma.labels, mb.labels)) return false;
  for (const k of new Set([...Object.keys(ma), ...Object.keys(mb)])) {
    if (k !== 'labels' && !deepEqual(ma[k as keyof typeof ma], mb[k as keyof typeof mb])) return false;
  }
  return true;
}

// Stored templates are immutable and keep their identity across status writes, so answers can be remembered.
const equalMemo = new WeakMap<object, WeakMap<object, boolean>>();

/**
 * EqualIgnoreHash: the templates are equal once the pod-template-hash label is ignored. Answers are memoised
 * per pair of template objects, so pass stored (never mutated) templates only.
 */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  if (!a || !b) return computeEqualIgnoreHash(a, b);
  let inner = equalMemo.get(a);
  if (!inner) equalMemo.set(a, (inner = new WeakMap()));
  let v = inner.get(b);
  if (v === undefined) inner.set(b, (v = computeEqualIgnoreHash(a, b)));
  return v;
}

/** FindNewReplicaSet: the oldest set whose template equals the Deployment's (rsList sorted by creation). */
export function findNewReplicaSet(d: Deployment, rsList: readonly ReplicaSet[]): ReplicaSet | undefined {
  for (const rs of rsList) if (equalIgnoreHash(rs.spec.template, d.spec.template)) return rs;
  return undefined;
}

/** FindOldReplicaSets' second result: every set but the new one. */
export function findOldReplicaSets(rsList: readonly ReplicaSet[], newRS: ReplicaSet | undefined): ReplicaSet[] {
  return newRS ? rsList.filter((rs) => rs.metadata.uid !== newRS.metadata.uid) : rsList.slice();
}

/** FilterActiveReplicaSets: sets that have (or ought to have) pods. */
export function filterActive(rsList: readonly (ReplicaSet | undefined)[]): ReplicaSet[] {
  return rsList.filter((rs): rs is ReplicaSet => rs !== undefined && specReplicas(rs) > 0);
}

/** GetReplicaCountForReplicaSets: Σ spec.replicas. */
export const sumSpecReplicas = (l: readonly (ReplicaSet | undefined)[]): number => l.reduce((n, rs) => n + (rs ? specReplicas(rs) : 0), 0);
/** GetActualReplicaCountForReplicaSets: Σ status.replicas. */
export const sumStatusReplicas = (l: readonly (ReplicaSet | undefined)[]): number => l.reduce((n, rs) => n + (rs?.status?.replicas ?? 0), 0);
/** GetReadyReplicaCountForReplicaSets: Σ status.readyReplicas. */
export const sumReadyReplicas = (l: readonly (ReplicaSet | undefined)[]): number => l.reduce((n, rs) => n + (rs?.status?.readyReplicas ?? 0), 0);
/** GetAvailableReplicaCountForReplicaSets: Σ status.availableReplicas. */
export const sumAvailableReplicas = (l: readonly (ReplicaSet | undefined)[]): number => l.reduce((n, rs) => n + (rs?.status?.availableReplicas ?? 0), 0);

/** FindActiveOrLatest: the only active set; with none active, the new one (or the newest old one); else undefined. */
export function findActiveOrLatest(newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): ReplicaSet | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const newestFirst = [...oldRSs].sort((a, b) => byCreation(b, a));
  const active = filterActive([...newestFirst, newRS]);
  if (active.length === 0) return newRS ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

/** IsSaturated: the new set is at full size, annotated so, and fully available. */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false;
  const desired = intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
  if (desired === undefined) return false;
  const want = d.spec.replicas ?? 0;
  return specReplicas(rs) === want && desired === want && (rs.status?.availableReplicas ?? 0) === want;
}
