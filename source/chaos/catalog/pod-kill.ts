/**
 * pod-kill (Chaos Mesh's PodChaos pod-kill, Litmus pod-delete): delete the chosen pods through the API, with
 * their own grace period, a given one, or forced (grace 0: gone from the API at once, as `kubectl delete
 * --force --grace-period=0`). Their controllers replace them; there is nothing to revert.
 */
import { isApiError } from '../../api/errors.js';
import { FaultError, type FaultType } from '../types.js';

export const podKill: FaultType = {
  type: 'pod-kill',
  description: 'Delete pods (graceful by default, or forced with grace 0); their controller replaces them.',
  appliesTo: ['Pod'],
  instant: true,
  params: [
    { name: 'grace', type: 'duration', description: "grace period for the pod's containers (default: the pod's terminationGracePeriodSeconds)" },
    { name: 'force', type: 'boolean', description: 'delete at once with grace period 0 (kubectl delete --force --grace-period=0)', default: false },
  ],
  validateParams(params) {
    const grace = params.grace as number | undefined;
    const problems: string[] = [];
    if (grace !== undefined && grace % 1000 !== 0) problems.push(`params.grace: must be whole seconds (gracePeriodSeconds), got ${grace}ms`);
    if (params.force === true && grace !== undefined && grace > 0) problems.push(`params.grace: force deletes with grace period 0; drop grace or force`);
    return problems;
  },
  inject({ sim }, targets, params) {
    const grace = params.force === true ? 0 : params.grace === undefined ? undefined : (params.grace as number) / 1000;
    for (const t of targets) {
      try {
        sim.store.delete('Pod', t.namespace, t.name, {
          ...(grace !== undefined ? { gracePeriodSeconds: grace } : {}),
          preconditions: t.object?.metadata.uid ? { uid: t.object.metadata.uid } : undefined,
        });
      } catch (err) {
        // Gone meanwhile (or replaced by a namesake): nothing to kill. Anything else is a real refusal.
        if (isApiError(err, 'NotFound') || isApiError(err, 'Conflict')) continue;
        throw isApiError(err) ? new FaultError('target', err.message) : err;
      }
    }
    return () => undefined;
  },
};
