/** The ReplicaSet controller (`replicaset-controller`): the shared replication loop over an apps/v1 label selector. */
import type { LabelSelector } from '../api/meta.js';
import { type Selector, labelSelectorFromObject } from '../api/selectors.js';
import type { ReplicaSet } from '../api/workloads.js';
import type { Engine } from '../engine/engine.js';
import { ReplicaManager, type ReplicaManagerOptions, type ReplicatedObject } from './replica-sets/replica-manager.js';

const compiled = new WeakMap<LabelSelector, Selector>();

/** The RS's compiled selector, cached per (immutable) selector object; throws ApiError BadRequest when invalid. */
export function replicaSetSelector(rs: ReplicaSet): Selector {
  const sel = rs.spec.selector;
  if (!sel) return labelSelectorFromObject(sel);
  let s = compiled.get(sel);
  if (!s) compiled.set(sel, (s = labelSelectorFromObject(sel)));
  return s;
}

/** `new ReplicaSetController(engine, { burstReplicas? })`: registers as `replicaset-controller`. */
export class ReplicaSetController extends ReplicaManager<ReplicaSet & ReplicatedObject> {
  constructor(engine: Engine, opts: ReplicaManagerOptions = {}) {
    super('replicaset-controller', engine, { kind: 'ReplicaSet', selector: replicaSetSelector }, 'replicaset-controller', opts);
  }
}
