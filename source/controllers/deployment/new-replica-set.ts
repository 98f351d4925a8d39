/**
 * getNewReplicaSet / getAllReplicaSetsAndSyncRevision: find the ReplicaSet whose template is the Deployment's
 * (bringing its revision and annotations up to date) or create `<deploy>-<pod-template-hash>`, handling hash
 * collisions through status.collisionCount as upstream.
 */
import { isApiError } from '../../api/errors.js';
import type { LabelSelector } from '../../api/meta.js';
import type { ReplicaSet } from '../../api/workloads.js';
import { deepClone } from '../../store/clone.js';
import { controllerRefOf, newControllerRef } from '../replica-sets/pod-state.js';
import { POD_TEMPLATE_HASH_LABEL, REVISION_ANNOTATION, maxRevision, setDeploymentRevision, setNewReplicaSetAnnotations } from './annotations.js';
import {
  FAILED_RS_CREATE_REASON, FOUND_NEW_RS_REASON, NEW_RS_REASON, PROGRESSING, getCondition, hasProgressDeadline, newCondition, setCondition,
} from './conditions.js';
import { type SyncState, nowOf, recordEvent, writeDeployment, writeStatus } from './context.js';
import { maxSurge, newRSNewReplicas } from './fenceposts.js';
import { computeHash } from './hash.js';
import { equalIgnoreHash, findNewReplicaSet, findOldReplicaSets } from './replica-sets.js';

/** The new set (undefined when it doesn't exist and `create` is false) and every other set. */
export interface ReplicaSetsOfDeployment {
  newRS: ReplicaSet | undefined;
  oldRSs: ReplicaSet[];
}

/** getAllReplicaSetsAndSyncRevision. `rsList` is sorted by creation. */
export function getAllReplicaSetsAndSyncRevision(s: SyncState, rsList: readonly ReplicaSet[], create: boolean): ReplicaSetsOfDeployment {
  const oldRSs = findOldReplicaSets(rsList, findNewReplicaSet(s.d, rsList));
  const newRS = getNewReplicaSet(s, rsList, oldRSs, create);
  return { newRS, oldRSs };
}

/** CloneSelectorAndAddLabel. */
function selectorWithHash(sel: LabelSelector, hash: string): LabelSelector {
  const out: LabelSelector = { matchLabels: { ...sel.matchLabels, [POD_TEMPLATE_HASH_LABEL]: hash } };
  if (sel.matchExpressions) out.matchExpressions = deepClone(sel.matchExpressions);
  return out;
}

function getNewReplicaSet(s: SyncState, rsList: readonly ReplicaSet[], oldRSs: readonly ReplicaSet[], create: boolean): ReplicaSet | undefined {
  const d = s.d;
  const store = s.env.engine.store;
  const existing = findNewReplicaSet(d, rsList);
  const newRevision = maxRevision(oldRSs) + 1;

  if (existing) {
    const annotations = { ...existing.metadata.annotations };
    const annotationsUpdated = setNewReplicaSetAnnotations(d, annotations, newRevision, true, maxSurge(d));
    if (annotationsUpdated || (existing.spec.minReadySeconds ?? 0) !== (d.spec.minReadySeconds ?? 0)) {
      return store.update<ReplicaSet>({
        ...existing, metadata: { ...existing.metadata, annotations }, spec: { ...existing.spec, minReadySeconds: d.spec.minReadySeconds },
      });
    }
    // The existing set's revision is authoritative for the Deployment's.
    const revisionChanged = setDeploymentRevision(d, annotations[REVISION_ANNOTATION] ?? '');
    let needsUpdate = revisionChanged;
    if (hasProgressDeadline(d) && !getCondition(d.status, PROGRESSING)) {
      setCondition((d.status ??= {}), newCondition(PROGRESSING, 'True', FOUND_NEW_RS_REASON, `Found new replica set "${existing.metadata.name}"`, nowOf(s)));
      needsUpdate = true;
    }
    if (needsUpdate) writeDeployment(s, revisionChanged);
    return existing;
  }

  if (!create) return undefined;

  const template = deepClone(d.spec.template);
  const hash = computeHash(d.spec.template, d.status?.collisionCount);
  const labels = { ...template.metadata?.labels, [POD_TEMPLATE_HASH_LABEL]: hash };
  template.metadata = { ...template.metadata, labels };
  const newRS: ReplicaSet = {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: { name: `${d.metadata.name}-${hash}`, namespace: d.metadata.namespace, ownerReferences: [newControllerRef(d)], labels },
    spec: { replicas: 0, minReadySeconds: d.spec.minReadySeconds, selector: selectorWithHash(d.spec.selector, hash), template },
  };
  const newReplicasCount = newRSNewReplicas(d, [...oldRSs, newRS], newRS);
  newRS.spec.replicas = newReplicasCount;
  const annotations: Record<string, string> = {};
  setNewReplicaSetAnnotations(d, annotations, newRevision, false, maxSurge(d));
  newRS.metadata.annotations = annotations;

  let created: ReplicaSet;
  let alreadyExists = false;
  try {
    created = store.create(newRS);
  } catch (err) {
    if (!isApiError(err)) throw err;
    if (err.reason === 'AlreadyExists') {
      const rs = store.tryGet<ReplicaSet>('ReplicaSet', d.metadata.namespace, newRS.metadata.name!);
      if (!rs) throw err;
      if (controllerRefOf(rs)?.uid === d.metadata.uid && equalIgnoreHash(d.spec.template, rs.spec.template)) {
        created = rs;
        alreadyExists = true;
      } else {
        // A hash collision: bump collisionCount so the next sync computes a different name.
        (d.status ??= {}).collisionCount = (d.status.collisionCount ?? 0) + 1;
        writeStatus(s);
        throw err;
      }
    } else if (err.reason === 'Forbidden' && err.message.includes('because it is being terminated')) {
      throw err;
    } else {
      const msg = `Failed to create new replica set "${newRS.metadata.name}": ${err.message}`;
      if (hasProgressDeadline(d)) {
        setCondition((d.status ??= {}), newCondition(PROGRESSING, 'False', FAILED_RS_CREATE_REASON, msg, nowOf(s)));
        try { writeStatus(s); } catch (e) { if (!isApiError(e)) throw e; }
      }
      recordEvent(s, 'Warning', FAILED_RS_CREATE_REASON, msg);
      throw err;
    }
  }
  if (!alreadyExists && newReplicasCount > 0) {
    recordEvent(s, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} from 0 to ${newReplicasCount}`);
  }
  const revisionChanged = setDeploymentRevision(d, String(newRevision));
  let needsUpdate = revisionChanged;
  if (!alreadyExists && hasProgressDeadline(d)) {
    setCondition((d.status ??= {}), newCondition(PROGRESSING, 'True', NEW_RS_REASON, `Created new replica set "${created.metadata.name}"`, nowOf(s)));
    needsUpdate = true;
  }
  if (needsUpdate) writeDeployment(s, revisionChanged);
  return created;
}
