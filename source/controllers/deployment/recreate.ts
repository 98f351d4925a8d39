/**
 * Recreate (upstream recreate.go): scale every old set to zero, wait until no old pod is left (terminating ones
 * included), and only then create or scale up the new set.
 */
import type { Pod } from '../../api/core.js';
import type { ReplicaSet } from '../../api/workloads.js';
import { deploymentComplete } from './conditions.js';
import { type SyncState, scaleReplicaSetAndRecordEvent } from './context.js';
import { getAllReplicaSetsAndSyncRevision } from './new-replica-set.js';
import { syncRolloutStatus } from './progress.js';
import { filterActive, specReplicas, sumStatusReplicas } from './replica-sets.js';
import { cleanupDeployment } from './sync.js';

/** Pods of the Deployment grouped by the uid of the set that controls them (upstream getPodMapForDeployment). */
export type PodMap = Map<string, Pod[]>;

/** oldPodsRunning: an old set still reports pods, or any pod of an old set is not yet terminal (or gone). */
function oldPodsRunning(newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[], podMap: PodMap): boolean {
  if (sumStatusReplicas(oldRSs) > 0) return true;
  for (const [uid, pods] of podMap) {
    if (newRS && newRS.metadata.uid === uid) continue;
    for (const pod of pods) {
      const phase = pod.status?.phase;
      if (phase !== 'Failed' && phase !== 'Succeeded') return true;
    }
  }
  return false;
}

/** rolloutRecreate. */
export function rolloutRecreate(s: SyncState, rsList: readonly ReplicaSet[], podMap: PodMap): void {
  // Don't create the new set yet: nothing may scale up before the old pods are gone.
  let { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(s, rsList, false);
  let allRSs: (ReplicaSet | undefined)[] = [...oldRSs, newRS];
  let scaledDown = false;
  for (const rs of filterActive(oldRSs)) {
    if (specReplicas(rs) === 0) continue;
    if (scaleReplicaSetAndRecordEvent(s, rs, 0).scaled) scaledDown = true;
  }
  if (scaledDown) return syncRolloutStatus(s, allRSs, newRS);
  if (oldPodsRunning(newRS, oldRSs, podMap)) return syncRolloutStatus(s, allRSs, newRS);
  if (!newRS) {
    ({ newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(s, rsList, true));
    allRSs = [...oldRSs, newRS];
  }
  if (newRS) scaleReplicaSetAndRecordEvent(s, newRS, s.d.spec.replicas ?? 0);
  if (deploymentComplete(s.d, s.d.status ?? {})) cleanupDeployment(s, oldRSs);
  syncRolloutStatus(s, allRSs, newRS);
}
