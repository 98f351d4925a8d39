/** `kubectl rollout undo deployment/<name> [--to-revision=N]`: the Deployment controller package's kubectl logic. */
import { badRequest } from '../../api/errors.js';
import { rollbackDeployment } from '../../controllers/deployment/index.js';
import type { Simulation } from '../simulation.js';

export function rolloutUndo(sim: Simulation, kind: string, namespace: string, name: string, toRevision?: number): string {
  if (kind !== 'Deployment') throw badRequest(`error: rollback of ${kind} is not supported in kubedrill yet (Deployments only)`);
  return rollbackDeployment(sim.store, namespace, name, toRevision ?? 0);
}
