/**
 * Operator actions a drill can script (`responses:`, timeline `action:` steps) and the UI records for a trainee:
 * each is one kubectl-like operation on the ClusterClient (source/client) or the fault injector. Written in a
 * drill as a map with `action` plus the fields below (namespace defaults to the drill's `spec.namespace`, kind to
 * Deployment):
 *
 *   scale            name, replicas, kind                   kubectl scale
 *   cordon/uncordon  node                                   kubectl cordon / uncordon
 *   drain            node, ignoreDaemonSets, deleteEmptyDirData, force, disableEviction, gracePeriod, timeout
 *   rollout-undo     name, kind, toRevision                 kubectl rollout undo
 *   rollout-restart  name, kind                             kubectl rollout restart
 *   rollout-pause / rollout-resume   name                   kubectl rollout pause / resume
 *   patch            kind, name, patch (a merge patch)      kubectl patch --type=merge
 *   delete           kind, name, force, gracePeriod         kubectl delete
 *   set-resources    name, kind, container, limits, requests   kubectl set resources
 *   set-image        name, kind, container, image           kubectl set image
 *   apply            path (relative to the drill file)      kubectl apply -f
 *   stop-faults                                             the global "stop all faults"
 *   revert-fault     id, or step (the faults a timeline step injected)   revert faults (restart the component…)
 *   hint             index                                  reveal a hint (costs points)
 */

/** Action names, in the order documented above. */
export const ACTION_NAMES = [
  'scale', 'cordon', 'uncordon', 'drain', 'rollout-undo', 'rollout-restart', 'rollout-pause', 'rollout-resume', 'patch',
  'delete', 'set-resources', 'set-image', 'apply', 'stop-faults', 'revert-fault', 'hint',
] as const;
export type ActionName = (typeof ACTION_NAMES)[number];

/** One action, normalised (defaults filled in). Plain JSON: it goes into the action log as is. */
export type DrillAction =
  | { action: 'scale'; kind: string; namespace: string; name: string; replicas: number }
  | { action: 'cordon' | 'uncordon'; node: string }
  | {
    action: 'drain'; node: string; ignoreDaemonSets?: boolean; deleteEmptyDirData?: boolean; force?: boolean;
    disableEviction?: boolean; gracePeriodSeconds?: number; timeoutMs?: number;
  }
  | { action: 'rollout-undo'; kind: string; namespace: string; name: string; toRevision?: number }
  | { action: 'rollout-restart'; kind: string; namespace: string; name: string }
  | { action: 'rollout-pause' | 'rollout-resume'; namespace: string; name: string }
  | { action: 'patch'; kind: string; namespace?: string; name: string; patch: Record<string, unknown> }
  | { action: 'delete'; kind: string; namespace?: string; name: string; force?: boolean; gracePeriodSeconds?: number }
  | {
    action: 'set-resources'; kind: string; namespace: string; name: string; container?: string;
    limits?: Record<string, string>; requests?: Record<string, string>;
  }
  | { action: 'set-image'; kind: string; namespace: string; name: string; container?: string; image: string }
  | { action: 'apply'; path: string }
  | { action: 'stop-faults' }
  | { action: 'revert-fault'; id?: string; step?: string }
  | { action: 'hint'; index: number };

/** Who took an action: the trainee (UI), the drill's scripted response, or the scenario itself (timeline). */
export type Actor = 'trainee' | 'response' | 'scenario';

/** One line of the action log: what was done, when (drill clock, ms), by whom, and what came of it. */
export interface ActionRecord {
  atMs: number;
  actor: Actor;
  action: DrillAction;
  ok: boolean;
  message: string;
}

/** A one-line description (`cordon workers-1`, `scale deployment/web --replicas=5`). */
export function describeAction(a: DrillAction): string {
  switch (a.action) {
    case 'scale': return `scale ${a.kind.toLowerCase()}/${a.name} -n ${a.namespace} --replicas=${a.replicas}`;
    case 'cordon': case 'uncordon': return `${a.action} ${a.node}`;
    case 'drain': return `drain ${a.node}${a.ignoreDaemonSets ? ' --ignore-daemonsets' : ''}${a.deleteEmptyDirData ? ' --delete-emptydir-data' : ''}${a.force ? ' --force' : ''}${a.disableEviction ? ' --disable-eviction' : ''}`;
    case 'rollout-undo': return `rollout undo ${a.kind.toLowerCase()}/${a.name} -n ${a.namespace}${a.toRevision ? ` --to-revision=${a.toRevision}` : ''}`;
    case 'rollout-restart': return `rollout restart ${a.kind.toLowerCase()}/${a.name} -n ${a.namespace}`;
    case 'rollout-pause': case 'rollout-resume': return `rollout ${a.action.slice(8)} deployment/${a.name} -n ${a.namespace}`;
    case 'patch': return `patch ${a.kind.toLowerCase()}/${a.name}${a.namespace ? ` -n ${a.namespace}` : ''} --type=merge -p '${JSON.stringify(a.patch)}'`;
    case 'delete': return `delete ${a.kind.toLowerCase()}/${a.name}${a.namespace ? ` -n ${a.namespace}` : ''}${a.force ? ' --force' : ''}`;
    case 'set-resources': return `set resources ${a.kind.toLowerCase()}/${a.name} -n ${a.namespace}${a.container ? ` -c ${a.container}` : ''}${resourceArgs('limits', a.limits)}${resourceArgs('requests', a.requests)}`;
    case 'set-image': return `set image ${a.kind.toLowerCase()}/${a.name} -n ${a.namespace} ${a.container ?? '*'}=${a.image}`;
    case 'apply': return `apply -f ${a.path}`;
    case 'stop-faults': return 'stop all faults';
    case 'revert-fault': return a.step !== undefined ? `revert the faults of step ${a.step}` : `revert fault ${a.id}`;
    case 'hint': return `reveal hint ${a.index + 1}`;
  }
}

function resourceArgs(flag: string, list: Record<string, string> | undefined): string {
  if (!list || !Object.keys(list).length) return '';
  return ` --${flag}=${Object.entries(list).map(([k, v]) => `${k}=${v}`).join(',')}`;
}
