/** Deployment ↔ ReplicaSet annotations (upstream deployment/util): revision, revision history, desired and max replicas. */
import type { KubeObject } from '../../api/meta.js';
import type { Deployment, ReplicaSet } from '../../api/workloads.js';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
export const DEPRECATED_ROLLBACK_TO_ANNOTATION = 'deprecated.deployment.rollback.to';
/** The label (and RS selector term) holding the template hash. */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';
/** Upstream caps the revision-history annotation at 2000 characters. */
export const MAX_REV_HISTORY_LENGTH_IN_CHARS = 2000;

/** Annotations a Deployment never copies onto its ReplicaSets (and kubectl never copies back on undo). */
export const ANNOTATIONS_TO_SKIP: ReadonlySet<string> = new Set([
  LAST_APPLIED_ANNOTATION, REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION, DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION, DEPRECATED_ROLLBACK_TO_ANNOTATION,
]);

/** strconv.ParseInt(s, 10, 64) for the sizes revisions reach; undefined when not an integer. */
function parseIntStrict(s: string | undefined): number | undefined {
  if (s === undefined || !/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** deploymentutil.Revision: the object's revision annotation; a missing one is 0, a malformed one undefined (an error). */
export function revisionOf(obj: KubeObject): number | undefined {
  const v = obj.metadata.annotations?.[REVISION_ANNOTATION];
  return v === undefined ? 0 : parseIntStrict(v);
}

/** MaxRevision over replica sets (unparsable revisions are skipped). */
export function maxRevision(rsList: readonly ReplicaSet[]): number {
  let max = 0;
  for (const rs of rsList) {
    const v = revisionOf(rs);
    if (v !== undefined && v > max) max = v;
  }
  return max;
}

/** An int annotation (desired/max replicas), or undefined when missing or malformed. */
export function intAnnotation(obj: KubeObject, key: string): number | undefined {
  const v = parseIntStrict(obj.metadata.annotations?.[key]);
  return v !== undefined && v >= -2147483648 && v <= 2147483647 ? v : undefined;
}

/** SetReplicasAnnotations on a mutable annotation map; returns whether anything changed. */
export function setReplicasAnnotations(annotations: Record<string, string>, desired: number, max: number): boolean {
  let updated = false;
  if (annotations[DESIRED_REPLICAS_ANNOTATION] !== String(desired)) { annotations[DESIRED_REPLICAS_ANNOTATION] = String(desired); updated = true; }
  if (annotations[MAX_REPLICAS_ANNOTATION] !== String(max)) { annotations[MAX_REPLICAS_ANNOTATION] = String(max); updated = true; }
  return updated;
}

/** ReplicasAnnotationsNeedUpdate. */
export function replicasAnnotationsNeedUpdate(rs: ReplicaSet, desired: number, max: number): boolean {
  const a = rs.metadata.annotations;
  return !a || a[DESIRED_REPLICAS_ANNOTATION] !== String(desired) || a[MAX_REPLICAS_ANNOTATION] !== String(max);
}

/** copyDeploymentAnnotationsToReplicaSet: every Deployment annotation but the skipped ones; returns whether any changed. */
function copyDeploymentAnnotations(d: Deployment, annotations: Record<string, string>): boolean {
  let changed = false;
  const src = d.metadata.annotations ?? {};
  for (const k of Object.keys(src)) {
    if (ANNOTATIONS_TO_SKIP.has(k) || annotations[k] === src[k]) continue;
    annotations[k] = src[k]!;
    changed = true;
  }
  return changed;
}

/**
 * SetNewReplicaSetAnnotations on a mutable annotation map: copy the Deployment's annotations, raise the revision
 * to `newRevision` when it is higher (remembering the old one in revision-history when this is a rollback to
 * an existing set), and on a set about to be created, the replica annotations. Returns whether anything changed.
 */
export function setNewReplicaSetAnnotations(d: Deployment, annotations: Record<string, string>, newRevision: number, exists: boolean, maxSurge: number): boolean {
  let changed = copyDeploymentAnnotations(d, annotations);
  const had = Object.hasOwn(annotations, REVISION_ANNOTATION);
  const oldText = annotations[REVISION_ANNOTATION] ?? '';
  let oldRevision = parseIntStrict(oldText);
  if (oldRevision === undefined) {
    if (oldText !== '') return false; // upstream gives up on a malformed revision
    oldRevision = 0;
  }
  if (oldRevision < newRevision) {
    annotations[REVISION_ANNOTATION] = String(newRevision);
    changed = true;
  }
  if (had && oldRevision < newRevision) {
    const history = annotations[REVISION_HISTORY_ANNOTATION] ?? '';
    const old = history.split(',');
    if (old[0]!.length === 0) annotations[REVISION_HISTORY_ANNOTATION] = oldText;
    else {
      let total = history.length + oldText.length + 1;
      let start = 0;
      while (total > MAX_REV_HISTORY_LENGTH_IN_CHARS && start < old.length) total -= old[start++]!.length + 1;
      if (total <= MAX_REV_HISTORY_LENGTH_IN_CHARS) annotations[REVISION_HISTORY_ANNOTATION] = [...old.slice(start), oldText].join(',');
    }
  }
  const replicas = d.spec.replicas ?? 0;
  if (!exists && setReplicasAnnotations(annotations, replicas, replicas + maxSurge)) changed = true;
  return changed;
}

/** SetDeploymentRevision on the working copy; returns whether it changed. */
export function setDeploymentRevision(d: Deployment, revision: string): boolean {
  const a = (d.metadata.annotations ??= {});
  if (a[REVISION_ANNOTATION] === revision) return false;
  a[REVISION_ANNOTATION] = revision;
  return true;
}
