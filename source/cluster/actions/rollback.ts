/** `kubectl rollout undo deployment/<name> [--to-revision=N]`: kubectl copies the chosen ReplicaSet's template back. */
import { badRequest } from '../../api/errors.js';
import type { KubeObject } from '../../api/meta.js';
import type { Deployment, ReplicaSet } from '../../api/workloads.js';
import { deepEqual } from '../../store/clone.js';
import type { Simulation } from '../simulation.js';
import { resourceName } from './names.js';

const REVISION = 'deployment.kubernetes.io/revision';

function withoutHash(template: ReplicaSet['spec']['template']): ReplicaSet['spec']['template'] {
  if (!template) return template;
  const labels = { ...template.metadata?.labels };
  delete labels['pod-template-hash'];
  return { ...template, metadata: { ...template.metadata, labels } };
}

export function rolloutUndo(sim: Simulation, kind: string, namespace: string, name: string, toRevision?: number): string {
  if (kind !== 'Deployment') throw badRequest(`error: rollback of ${kind} is not supported in kubedrill yet (Deployments only)`);
  const d = sim.store.get<Deployment>('Deployment', namespace, name);
  if (d.spec.paused) throw badRequest(`error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/${name}' and try again`);
  const history = sim.store.select<ReplicaSet>('ReplicaSet', { ownerUid: d.metadata.uid })
    .map((rs) => ({ rs, revision: Number(rs.metadata.annotations?.[REVISION] ?? NaN) }))
    .filter((h) => Number.isInteger(h.revision))
    .sort((a, b) => b.revision - a.revision);
  if (history.length === 0) throw badRequest(`error: no rollout history found for deployment "${name}"`);
  let target;
  if (toRevision !== undefined && toRevision !== 0) {
    target = history.find((h) => h.revision === toRevision);
    if (!target) throw badRequest(`error: unable to find specified revision ${toRevision} in history`);
  } else {
    target = history[1];
    if (!target) throw badRequest('error: no revision found for deployment "' + name + '"');
  }
  const template = withoutHash(target.rs.spec.template)!;
  const current = withoutHash(d.spec.template as ReplicaSet['spec']['template'])!;
  if (deepEqual(template, current)) return `${resourceName('Deployment', name)} skipped rollback (current template already matches revision ${target.revision})`;
  // kubectl carries the RS's change-cause annotation over with the template.
  const annotations: KubeObject['metadata']['annotations'] = { ...d.metadata.annotations };
  const cause = target.rs.metadata.annotations?.['kubernetes.io/change-cause'];
  if (cause) annotations['kubernetes.io/change-cause'] = cause;
  else delete annotations['kubernetes.io/change-cause'];
  sim.store.update<Deployment>({ ...d, metadata: { ...d.metadata, annotations }, spec: { ...d.spec, template } });
  return `${resourceName('Deployment', name)} rolled back`;
}
