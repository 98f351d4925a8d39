/**
 * `kubectl rollout` for Deployments as library calls, with kubectl's messages: undo (copy a revision's template
 * back), restart (template annotation), pause / resume, and status. They only read and patch the Deployment;
 * the controller does the rest, as with the real kubectl.
 */
import { isApiError } from '../../api/errors.js';
import type { Deployment, ReplicaSet } from '../../api/workloads.js';
import { deepClone } from '../../store/clone.js';
import type { ApiStore } from '../../store/store.js';
import { controllerRefOf } from '../replica-sets/pod-state.js';
import { ANNOTATIONS_TO_SKIP, POD_TEMPLATE_HASH_LABEL, revisionOf } from './annotations.js';
import { PROGRESSING, TIMED_OUT_REASON, getCondition } from './conditions.js';
import { equalIgnoreHash } from './replica-sets.js';

/** A refusal kubectl reports as `error: <message>` (the message here has no prefix). */
export class RolloutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RolloutError';
  }
}

/** The annotation `kubectl rollout restart` sets on the pod template. */
export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

/** The Deployment's own ReplicaSets (controller reference), as kubectl's GetAllReplicaSets lists them. */
function replicaSetsOf(store: ApiStore, d: Deployment): ReplicaSet[] {
  return store.select<ReplicaSet>('ReplicaSet', { ownerUid: d.metadata.uid }).filter((rs) => controllerRefOf(rs)?.uid === d.metadata.uid);
}

/** kubectl's deploymentRevision: the set with `toRevision`, or for 0 the one with the second-highest revision. */
function replicaSetForRevision(d: Deployment, rsList: readonly ReplicaSet[], toRevision: number): ReplicaSet {
  let latest: ReplicaSet | undefined, latestRev = -1, previous: ReplicaSet | undefined, previousRev = -1;
  for (const rs of rsList) {
    const v = revisionOf(rs);
    if (v === undefined) continue;
    if (toRevision === 0) {
      if (latestRev < v) {
        previousRev = latestRev; previous = latest;
        latestRev = v; latest = rs;
      } else if (previousRev < v) {
        previousRev = v; previous = rs;
      }
    } else if (v === toRevision) return rs;
  }
  if (toRevision > 0) throw new RolloutError(`unable to find specified revision ${toRevision} in history`);
  if (!previous) throw new RolloutError(`no rollout history found for deployment "${d.metadata.name}"`);
  return previous;
}

/**
 * `kubectl rollout undo deployment/<name> [--to-revision=N]`: copy the revision's template (minus
 * pod-template-hash) and its annotations back into the Deployment with a JSON patch. Returns kubectl's line,
 * e.g. `deployment.apps/web rolled back`; throws RolloutError for kubectl's refusals, ApiError when not found.
 */
export function rollbackDeployment(store: ApiStore, namespace: string, name: string, toRevision = 0): string {
  if (toRevision < 0) throw new RolloutError(`unable to find specified revision ${toRevision} in history`);
  const d = store.get<Deployment>('Deployment', namespace, name);
  const rs = replicaSetForRevision(d, replicaSetsOf(store, d), toRevision);
  if (d.spec.paused) throw new RolloutError("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
  if (equalIgnoreHash(rs.spec.template, d.spec.template)) {
    return `deployment.apps/${name} skipped rollback (current template already matches revision ${toRevision})`;
  }
  const template = deepClone(rs.spec.template!);
  if (template.metadata?.labels) delete template.metadata.labels[POD_TEMPLATE_HASH_LABEL];
  const annotations: Record<string, string> = {};
  for (const k of ANNOTATIONS_TO_SKIP) {
    const v = d.metadata.annotations?.[k];
    if (v !== undefined) annotations[k] = v;
  }
  for (const [k, v] of Object.entries(rs.metadata.annotations ?? {})) if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  try {
    store.patch('Deployment', namespace, name, 'json', [
      { op: 'replace', path: '/spec/template', value: template },
      { op: 'replace', path: '/metadata/annotations', value: annotations },
    ]);
  } catch (err) {
    if (isApiError(err)) throw new RolloutError(`failed restoring revision ${toRevision}: ${err.message}`);
    throw err;
  }
  return `deployment.apps/${name} rolled back`;
}

/** `kubectl rollout restart deployment/<name>`: stamp the template with `kubectl.kubernetes.io/restartedAt`. */
export function restartDeployment(store: ApiStore, namespace: string, name: string, nowTimestamp: string): string {
  const d = store.get<Deployment>('Deployment', namespace, name);
  if (d.spec.paused) throw new RolloutError("can't restart paused deployment (run rollout resume first)");
  store.patch('Deployment', namespace, name, 'strategic', { spec: { template: { metadata: { annotations: { [RESTARTED_AT_ANNOTATION]: nowTimestamp } } } } });
  return `deployment.apps/${name} restarted`;
}

/** `kubectl rollout pause deployment/<name>`. */
export function pauseDeployment(store: ApiStore, namespace: string, name: string): string {
  const d = store.get<Deployment>('Deployment', namespace, name);
  if (d.spec.paused) throw new RolloutError(`deployments.apps "${name}" is already paused`);
  store.patch('Deployment', namespace, name, 'strategic', { spec: { paused: true } });
  return `deployment.apps/${name} paused`;
}

/** `kubectl rollout resume deployment/<name>`. */
export function resumeDeployment(store: ApiStore, namespace: string, name: string): string {
  const d = store.get<Deployment>('Deployment', namespace, name);
  if (!d.spec.paused) throw new RolloutError(`deployments.apps "${name}" is not paused`);
  store.patch('Deployment', namespace, name, 'strategic', { spec: { paused: false } });
  return `deployment.apps/${name} resumed`;
}

/** One `kubectl rollout status` reading: done when rolled out; `failed` when the progress deadline was exceeded. */
export interface RolloutStatus {
  done: boolean;
  message: string;
  failed?: boolean;
}

/** kubectl's DeploymentStatusViewer, one poll (messages without the trailing newline). */
export function rolloutStatus(store: ApiStore, namespace: string, name: string): RolloutStatus {
  const d = store.get<Deployment>('Deployment', namespace, name);
  const st = d.status ?? {};
  if ((d.metadata.generation ?? 0) > (st.observedGeneration ?? 0)) return { done: false, message: 'Waiting for deployment spec update to be observed...' };
  if (getCondition(st, PROGRESSING)?.reason === TIMED_OUT_REASON) {
    return { done: false, failed: true, message: `error: deployment "${name}" exceeded its progress deadline` };
  }
  const want = d.spec.replicas;
  const updated = st.updatedReplicas ?? 0, replicas = st.replicas ?? 0, available = st.availableReplicas ?? 0;
  if (want !== undefined && updated < want) {
    return { done: false, message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${want} new replicas have been updated...` };
  }
  if (replicas > updated) {
    return { done: false, message: `Waiting for deployment "${name}" rollout to finish: ${replicas - updated} old replicas are pending termination...` };
  }
  if (available < updated) {
    return { done: false, message: `Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available...` };
  }
  return { done: true, message: `deployment "${name}" successfully rolled out` };
}
