/**
 * The ReplicationController controller (`replicationcontroller-controller`, events from `replication-controller`):
 * the ReplicaSet loop over the legacy equality (map) selector, as upstream converts RCs to ReplicaSets internally.
 */
import type { ReplicationController } from '../api/core.js';
import { type Selector, selectorFromSet } from '../api/selectors.js';
import type { Engine } from '../engine/engine.js';
import { ReplicaManager, type ReplicaManagerOptions, type ReplicatedObject } from './replica-sets/replica-manager.js';

const compiled = new WeakMap<Record<string, string>, Selector>();

/** The RC's selector as an equality selector, cached per (immutable) map; an empty or missing map selects nothing. */
export function replicationControllerSelector(rc: ReplicationController): Selector {
  const set = rc.spec.selector;
  if (!set) return selectorFromSet(set);
  let s = compiled.get(set);
  if (!s) compiled.set(set, (s = selectorFromSet(set)));
  return s;
}

/** `new ReplicationControllerController(engine, { burstReplicas? })`: registers as `replicationcontroller-controller`. */
export class ReplicationControllerController extends ReplicaManager<ReplicationController & ReplicatedObject> {
  constructor(engine: Engine, opts: ReplicaManagerOptions = {}) {
    super('replicationcontroller-controller', engine, { kind: 'ReplicationController', selector: replicationControllerSelector }, 'replication-controller', opts);
  }
}
