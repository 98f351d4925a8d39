/** Operator actions as kubectl performs them: scale, delete, cordon/uncordon, patch, rollout restart/pause, cronjob trigger/suspend. */
import type { Node } from '../../api/core.js';
import { ApiError, badRequest } from '../../api/errors.js';
import type { KubeObject } from '../../api/meta.js';
import { triggerCronJob as createJobFromCronJob } from '../../controllers/cronjob/index.js';
import type { Simulation } from '../simulation.js';
import { kindOrError, quotedResource, resourceName } from './names.js';

const SCALABLE = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController']);

/** `kubectl scale --replicas=N` through the scale subresource (a merge patch of spec.replicas). */
export function scale(sim: Simulation, kind: string, namespace: string, name: string, replicas: number): string {
  kindOrError(kind);
  if (!SCALABLE.has(kind)) throw badRequest(`error: cannot scale ${kind}: only Deployments, ReplicaSets, StatefulSets and ReplicationControllers have a scale subresource`);
  if (!Number.isInteger(replicas)) throw badRequest(`error: invalid replicas "${replicas}": must be a whole number`);
  sim.store.patch(kind, namespace, name, 'merge', { spec: { replicas } });
  return `${resourceName(kind, name)} scaled`;
}

/** `kubectl delete` with --cascade and --grace-period / --force; kubectl v1.32's wording. */
export function deleteObject(sim: Simulation, kind: string, namespace: string | undefined, name: string,
  req: { propagationPolicy?: 'Background' | 'Foreground' | 'Orphan'; gracePeriodSeconds?: number; force?: boolean } = {}): string {
  kindOrError(kind);
  const grace = req.force ? 0 : req.gracePeriodSeconds;
  sim.store.delete(kind, namespace, name, { propagationPolicy: req.propagationPolicy ?? 'Background', gracePeriodSeconds: grace });
  const deleted = `${quotedResource(kind, name)} deleted`;
  return req.force
    ? `Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n${deleted}`
    : deleted;
}

/** `kubectl cordon` / `uncordon`: a patch of spec.unschedulable. */
export function cordon(sim: Simulation, node: string, unschedulable: boolean): string {
  const current = sim.store.get<Node>('Node', undefined, node);
  const verb = unschedulable ? 'cordoned' : 'uncordoned';
  if (!!current.spec?.unschedulable === unschedulable) return `node/${node} already ${verb}`;
  sim.store.patch('Node', undefined, node, 'strategic', { spec: { unschedulable: unschedulable ? true : null } });
  return `node/${node} ${verb}`;
}

/** `kubectl patch --type=merge`. */
export function patchObject(sim: Simulation, kind: string, namespace: string | undefined, name: string, patch: unknown): string {
  kindOrError(kind);
  const before = sim.store.get(kind, namespace, name);
  const after = sim.store.patch(kind, namespace, name, 'merge', patch);
  return `${resourceName(kind, name)} ${after === before ? 'patched (no change)' : 'patched'}`;
}

/** `kubectl rollout restart`: stamps the pod template so every pod is replaced by a rolling update. */
export function rolloutRestart(sim: Simulation, kind: string, namespace: string, name: string): string {
  if (!['Deployment', 'StatefulSet', 'DaemonSet'].includes(kind)) throw badRequest(`error: ${resourceName(kind, name)}: restarting is not supported`);
  const obj = sim.store.get<KubeObject & { spec: { paused?: boolean } }>(kind, namespace, name);
  if (kind === 'Deployment' && obj.spec.paused) throw badRequest(`error: ${resourceName(kind, name)}: can't restart paused deployment (run rollout resume first)`);
  const restartedAt = new Date(sim.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  sim.store.patch(kind, namespace, name, 'strategic', { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': restartedAt } } } } });
  return `${resourceName(kind, name)} restarted`;
}

/** `kubectl rollout pause` / `resume`. */
export function rolloutPause(sim: Simulation, namespace: string, name: string, paused: boolean): string {
  const d = sim.store.get<KubeObject & { spec: { paused?: boolean } }>('Deployment', namespace, name);
  const verb = paused ? 'paused' : 'resumed';
  if (!!d.spec.paused === paused) throw badRequest(`error: deployments.apps "${name}" is already ${paused ? 'paused' : 'resumed'}`);
  sim.store.patch('Deployment', namespace, name, 'merge', { spec: { paused: paused ? true : null } });
  return `${resourceName('Deployment', name)} ${verb}`;
}

/** `kubectl create job --from=cronjob/<name>`: the UI's trigger key (the CronJob controller's own helper). */
export function triggerCronJob(sim: Simulation, namespace: string, name: string): string {
  const job = createJobFromCronJob(sim.store, namespace, name, sim.now());
  return `job.batch/${job.metadata.name} created`;
}

/** Suspend or resume a CronJob (`kubectl patch cronjob x -p '{"spec":{"suspend":true}}'`). */
export function suspendCronJob(sim: Simulation, namespace: string, name: string, suspend: boolean): string {
  sim.store.patch('CronJob', namespace, name, 'merge', { spec: { suspend } });
  return `${resourceName('CronJob', name)} ${suspend ? 'suspended' : 'resumed'}`;
}

export { ApiError };
