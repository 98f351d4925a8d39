/**
 * A DaemonSet's ControllerRevisions (constructHistory / snapshot / cleanupHistory). Unlike a StatefulSet's, the
 * name and the pods' `controller-revision-hash` label come from the pod template's hash (controller.ComputeHash).
 */
import type { Pod } from '../../api/core.js';
import { ApiError } from '../../api/errors.js';
import type { Selector } from '../../api/selectors.js';
import type { ControllerRevision, DaemonSet } from '../../api/workloads.js';
import type { ApiStore } from '../../store/store.js';
import {
  CONTROLLER_REVISION_HASH_LABEL, deleteRevision, listControllerRevisions, newControllerRef, revisionDataJson, revisionPatch,
  setRevisionNumber, templateHash,
} from '../controller-revision.js';

/** The current revision (its hash labels new pods) and the older ones. */
export interface DaemonSetHistory {
  current: ControllerRevision;
  hash: string;
  old: ControllerRevision[];
}

const hashOf = (rev: ControllerRevision): string => rev.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] ?? rev.metadata.name!;

/** snapshot: create the revision of the current template, handling a hash collision as upstream (count + retry). */
function snapshot(store: ApiStore, ds: DaemonSet, revision: number): ControllerRevision {
  const patch = revisionPatch(ds.spec.template);
  const hash = templateHash(ds.spec.template, ds.status?.collisionCount);
  const name = `${ds.metadata.name}-${hash}`;
  const existing = store.tryGet<ControllerRevision>('ControllerRevision', ds.metadata.namespace, name);
  if (existing) {
    if (revisionDataJson(existing) === patch.json) return existing;
    // A different template hashed to the same name: bump collisionCount so the next attempt gets a new hash.
    store.updateStatus<DaemonSet>({ ...ds, status: { ...emptyStatus(), ...ds.status, collisionCount: (ds.status?.collisionCount ?? 0) + 1 } });
    throw new ApiError('AlreadyExists', `controllerrevisions.apps "${name}" already exists`);
  }
  return store.create<ControllerRevision>({
    apiVersion: 'apps/v1', kind: 'ControllerRevision',
    metadata: {
      name, namespace: ds.metadata.namespace,
      labels: { ...ds.spec.template.metadata?.labels, [CONTROLLER_REVISION_HASH_LABEL]: hash },
      ...(ds.metadata.annotations ? { annotations: { ...ds.metadata.annotations } } : {}),
      ownerReferences: [newControllerRef(ds)],
    },
    data: patch.data, revision,
  });
}

/** The status a DaemonSet starts from (all counters zero). */
export function emptyStatus(): NonNullable<DaemonSet['status']> {
  return { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 };
}

/**
 * constructHistory: revisions whose data equals the template's are "current" (duplicates are merged into the
 * newest, relabelling its pods), the rest are old; the current one is created or renumbered past the old ones.
 */
export function constructHistory(store: ApiStore, ds: DaemonSet, selector: Selector, pods: () => Pod[]): DaemonSetHistory {
  const patch = revisionPatch(ds.spec.template);
  const matching: ControllerRevision[] = [];
  const old: ControllerRevision[] = [];
  for (let rev of listControllerRevisions(store, ds, selector)) {
    if (!rev.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL]) {
      rev = store.update<ControllerRevision>({ ...rev, metadata: { ...rev.metadata, labels: { ...rev.metadata.labels, [CONTROLLER_REVISION_HASH_LABEL]: rev.metadata.name! } } });
    }
    (revisionDataJson(rev) === patch.json ? matching : old).push(rev);
  }
  const next = old.reduce((m, r) => Math.max(m, r.revision ?? 0), 0) + 1;
  let current: ControllerRevision;
  if (!matching.length) current = snapshot(store, ds, next);
  else {
    current = matching.reduce((keep, r) => ((r.revision ?? 0) >= (keep.revision ?? 0) ? r : keep), matching[0]!);
    if (matching.length > 1) dedup(store, current, matching, pods());
    if ((current.revision ?? 0) < next) current = setRevisionNumber(store, current, next);
  }
  return { current, hash: hashOf(current), old };
}

/** dedupCurHistories: pods of the duplicates take the kept revision's hash, then the duplicates go. */
function dedup(store: ApiStore, keep: ControllerRevision, all: readonly ControllerRevision[], pods: readonly Pod[]): void {
  const hash = hashOf(keep);
  for (const pod of pods) {
    if (pod.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === hash) continue;
    store.patch('Pod', pod.metadata.namespace, pod.metadata.name!, 'merge', { metadata: { labels: { [CONTROLLER_REVISION_HASH_LABEL]: hash } } });
  }
  for (const r of all) if (r !== keep) deleteRevision(store, r);
}

/** cleanupHistory: beyond revisionHistoryLimit, delete the oldest old revisions no pod still wears. */
export function cleanupHistory(store: ApiStore, ds: DaemonSet, old: readonly ControllerRevision[], pods: readonly Pod[]): void {
  let toKill = old.length - (ds.spec.revisionHistoryLimit ?? 10);
  if (toKill <= 0) return;
  const live = new Set<string>();
  for (const p of pods) {
    const h = p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL];
    if (h) live.add(h);
  }
  for (const r of [...old].sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0))) {
    if (toKill <= 0) break;
    if (live.has(hashOf(r))) continue;
    deleteRevision(store, r);
    toKill--;
  }
}
