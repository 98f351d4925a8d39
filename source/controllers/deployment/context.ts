/**
 * What one Deployment sync works on: the Deployment's working copy (upstream's DeepCopy, mutated as the sync
 * goes and written back) and the writes every step shares — status and annotation updates, and scaling a
 * ReplicaSet with its ScalingReplicaSet event.
 */
import type { Deployment, ReplicaSet } from '../../api/workloads.js';
import type { Engine } from '../../engine/engine.js';
import { replicasAnnotationsNeedUpdate, setReplicasAnnotations } from './annotations.js';
import { maxSurge } from './fenceposts.js';
import { specReplicas } from './replica-sets.js';

/** Event source component of the Deployment controller. */
export const DEPLOYMENT_COMPONENT = 'deployment-controller';

/** What a sync needs from its controller. */
export interface DeploymentEnv {
  readonly engine: Engine;
  /** Queue the Deployment's key again after `ms` of virtual time. */
  requeueAfter(key: string, ms: number): void;
}

/** One sync of one Deployment. */
export interface SyncState {
  readonly env: DeploymentEnv;
  readonly key: string;
  /** The working copy; its resourceVersion follows our own writes so consecutive writes don't conflict with each other. */
  d: Deployment;
}

/** Virtual now for this sync. */
export const nowOf = (s: SyncState): number => s.env.engine.now();

/** Record an event on the Deployment. */
export function recordEvent(s: SyncState, type: 'Normal' | 'Warning', reason: string, message: string): void {
  s.env.engine.events.record(s.d, type, reason, message, { component: DEPLOYMENT_COMPONENT });
}

/** UpdateStatus(d). */
export function writeStatus(s: SyncState): void {
  const written = s.env.engine.store.updateStatus(s.d);
  s.d.metadata.resourceVersion = written.metadata.resourceVersion;
}

/**
 * Upstream writes the revision annotation through UpdateStatus, which keeps metadata changes for Deployments;
 * this store's status path keeps only status, so changed annotations take a main-path write first.
 */
export function writeDeployment(s: SyncState, annotationsChanged: boolean): void {
  if (annotationsChanged) {
    const written = s.env.engine.store.update(s.d);
    s.d.metadata.resourceVersion = written.metadata.resourceVersion;
  }
  writeStatus(s);
}

/** scaleReplicaSet: set the size and replica annotations; ScalingReplicaSet event when the size changed. */
export function scaleReplicaSet(s: SyncState, rs: ReplicaSet, newScale: number, operation: 'up' | 'down' | ''): { scaled: boolean; rs: ReplicaSet } {
  const d = s.d;
  const desired = d.spec.replicas ?? 0;
  const max = desired + maxSurge(d);
  const sizeNeedsUpdate = specReplicas(rs) !== newScale;
  if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs, desired, max)) return { scaled: false, rs };
  const oldScale = specReplicas(rs);
  const annotations = { ...rs.metadata.annotations };
  setReplicasAnnotations(annotations, desired, max);
  const updated = s.env.engine.store.update<ReplicaSet>({ ...rs, metadata: { ...rs.metadata, annotations }, spec: { ...rs.spec, replicas: newScale } });
  if (!sizeNeedsUpdate) return { scaled: false, rs: updated };
  const verb = operation === 'up' ? 'up' : 'down';
  recordEvent(s, 'Normal', 'ScalingReplicaSet', `Scaled ${verb} replica set ${updated.metadata.name} from ${oldScale} to ${newScale}`);
  return { scaled: true, rs: updated };
}

/** scaleReplicaSetAndRecordEvent: scale when the size differs, naming the direction. */
export function scaleReplicaSetAndRecordEvent(s: SyncState, rs: ReplicaSet, newScale: number): { scaled: boolean; rs: ReplicaSet } {
  if (specReplicas(rs) === newScale) return { scaled: false, rs };
  return scaleReplicaSet(s, rs, newScale, specReplicas(rs) < newScale ? 'up' : 'down');
}
