/**
 * The Deployment controller (`deployment-controller`): claims the ReplicaSets its selector matches, then per
 * sync either records the paused condition and scales, handles a scaling event, or rolls out (RollingUpdate or
 * Recreate), keeping status and conditions up to date. Work is fed by Deployment, ReplicaSet and Pod watches.
 */
import type { Pod } from '../../api/core.js';
import { isApiError } from '../../api/errors.js';
import type { LabelSelector, OwnerReference } from '../../api/meta.js';
import { NOTHING, type Selector, labelSelectorFromObject } from '../../api/selectors.js';
import type { Deployment, ReplicaSet } from '../../api/workloads.js';
import { Controller, splitKey } from '../../engine/controller.js';
import type { Engine } from '../../engine/engine.js';
import { deepClone, deepEqual } from '../../store/clone.js';
import type { WatchEvent } from '../../store/watch.js';
import { claimObjects, ownedAndMatching } from '../replica-sets/claim.js';
import { controllerRefOf } from '../replica-sets/pod-state.js';
import { DeadlineRequeue } from '../replica-sets/requeue.js';
import { type DeploymentEnv, type SyncState, recordEvent, writeStatus } from './context.js';
import { type PodMap, rolloutRecreate } from './recreate.js';
import { byCreation } from './replica-sets.js';
import { rolloutRolling } from './rolling.js';
import { checkPausedConditions, isScalingEvent, sync, syncStatusOnly } from './sync.js';

const compiled = new WeakMap<LabelSelector, Selector>();

/** The Deployment's compiled selector, cached per (immutable) selector object; throws ApiError when invalid. */
export function deploymentSelector(d: Deployment): Selector {
  const sel = d.spec.selector;
  if (!sel) return NOTHING;
  let s = compiled.get(sel);
  if (!s) compiled.set(sel, (s = labelSelectorFromObject(sel)));
  return s;
}

function safeSelector(d: Deployment): Selector | undefined {
  try {
    return deploymentSelector(d);
  } catch (err) {
    if (isApiError(err)) return undefined;
    throw err;
  }
}

/** `new DeploymentController(engine)`: registers as `deployment-controller`. */
export class DeploymentController extends Controller {
  private readonly env: DeploymentEnv;

  constructor(engine: Engine) {
    super('deployment-controller', engine);
    const requeue = new DeadlineRequeue(engine, this.queue, 'deployment-controller');
    this.env = { engine, requeueAfter: (key, ms) => requeue.at(key, engine.now() + ms) };
    // Every Deployment event, our own status writes included: upstream's follow-up sync after a status write is
    // where a finished rollout gets its old sets cleaned up and a stuck one its deadline requeue.
    this.watch({ kind: 'Deployment' });
    this.watch({ kind: 'ReplicaSet' }, (e) => this.replicaSetEventKeys(e));
    this.watch({ kind: 'Pod' }, (e) => this.podEventKey(e));
  }

  // ---- watch → keys ----

  private keyFor(namespace: string | undefined, ref: OwnerReference | undefined): string | undefined {
    return ref && ref.kind === 'Deployment' ? `${namespace}/${ref.name}` : undefined;
  }

  /** Upstream addReplicaSet / updateReplicaSet / deleteReplicaSet. */
  private replicaSetEventKeys(e: WatchEvent): string | string[] | undefined {
    const rs = e.object as ReplicaSet;
    const ns = rs.metadata.namespace;
    const ref = controllerRefOf(rs);
    if (e.type === 'DELETED') return this.keyFor(ns, ref);
    if (e.type === 'ADDED') {
      if (ref || rs.metadata.deletionTimestamp) return this.keyFor(ns, ref);
      return this.selectingKeys(rs);
    }
    const old = e.oldObject as ReplicaSet | undefined;
    if (!old) return this.keyFor(ns, ref);
    const keys: string[] = [];
    const add = (k: string | undefined) => { if (k !== undefined && !keys.includes(k)) keys.push(k); };
    const oldRef = controllerRefOf(old);
    const refChanged = old.metadata.ownerReferences !== rs.metadata.ownerReferences && !deepEqual(oldRef, ref);
    if (refChanged && oldRef) add(this.keyFor(ns, oldRef));
    if (ref) {
      add(this.keyFor(ns, ref));
      return keys;
    }
    const labelsChanged = old.metadata.labels !== rs.metadata.labels && !deepEqual(old.metadata.labels, rs.metadata.labels);
    if (labelsChanged || refChanged) for (const k of this.selectingKeys(rs)) add(k);
    return keys;
  }

  /** Deployments in the set's namespace whose selector matches an orphan set. */
  private selectingKeys(rs: ReplicaSet): string[] {
    const keys: string[] = [];
    for (const d of this.store.select<Deployment>('Deployment', { namespace: rs.metadata.namespace })) {
      const sel = safeSelector(d);
      if (sel && !sel.empty && sel.matches(rs.metadata.labels)) keys.push(`${d.metadata.namespace}/${d.metadata.name}`);
    }
    return keys;
  }

  /** A Recreate rollout waits for old pods to be gone: a pod's removal may let it proceed. */
  private podEventKey(e: WatchEvent): string | undefined {
    if (e.type !== 'DELETED') return undefined;
    const pod = e.object as Pod;
    const rsRef = controllerRefOf(pod);
    if (!rsRef || rsRef.kind !== 'ReplicaSet') return undefined;
    const rs = this.store.tryGet<ReplicaSet>('ReplicaSet', pod.metadata.namespace, rsRef.name);
    if (!rs || rs.metadata.uid !== rsRef.uid) return undefined;
    const key = this.keyFor(pod.metadata.namespace, controllerRefOf(rs));
    if (!key) return undefined;
    const d = this.store.tryGet<Deployment>('Deployment', pod.metadata.namespace, controllerRefOf(rs)!.name);
    return d?.spec.strategy?.type === 'Recreate' ? key : undefined;
  }

  // ---- reconcile ----

  protected reconcile(key: string): void {
    const [ns, name] = splitKey(key);
    const stored = this.store.tryGet<Deployment>('Deployment', ns, name);
    if (!stored) return;
    // The working copy shares the stored spec (the controller never writes spec), so template identities stay
    // stable across syncs; metadata and status are copied because the sync edits them.
    const s: SyncState = { env: this.env, key, d: { ...stored, metadata: deepClone(stored.metadata), status: deepClone(stored.status) } };
    const d = s.d;
    const selector = safeSelector(stored);
    // An invalid selector (validation rejects them) can claim nothing; upstream errors out of the sync.
    if (!selector) return;
    if (selector.empty) {
      recordEvent(s, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
      if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
        (d.status ??= {}).observedGeneration = d.metadata.generation;
        writeStatus(s);
      }
      return;
    }
    const rsList = this.claimReplicaSets(stored, selector);
    if (d.metadata.deletionTimestamp) return syncStatusOnly(s, rsList);
    checkPausedConditions(s);
    if (d.spec.paused) return sync(s, rsList);
    if (isScalingEvent(s, rsList)) return sync(s, rsList);
    if (d.spec.strategy?.type === 'Recreate') return rolloutRecreate(s, rsList, this.podMap(stored, selector, rsList));
    return rolloutRolling(s, rsList);
  }

  /** getReplicaSetsForDeployment: owned sets plus orphans the selector matches, adopted or released; sorted by creation. */
  private claimReplicaSets(d: Deployment, selector: Selector): ReplicaSet[] {
    const owned = this.store.select<ReplicaSet>('ReplicaSet', { ownerUid: d.metadata.uid });
    const matching = selector !== NOTHING ? this.store.select<ReplicaSet>('ReplicaSet', { namespace: d.metadata.namespace, selector }) : [];
    const match = (rs: ReplicaSet) => selector.matches(rs.metadata.labels);
    return claimObjects(this.store, d, ownedAndMatching(owned, matching), match).sort(byCreation);
  }

  /** getPodMapForDeployment: pods matching the Deployment's selector, by the uid of their (listed) controlling set. */
  private podMap(d: Deployment, selector: Selector, rsList: readonly ReplicaSet[]): PodMap {
    const map: PodMap = new Map();
    for (const rs of rsList) {
      const uid = rs.metadata.uid!;
      const pods = this.store.select<Pod>('Pod', { ownerUid: uid })
        .filter((p) => controllerRefOf(p)?.uid === uid && p.metadata.namespace === d.metadata.namespace && selector.matches(p.metadata.labels));
      map.set(uid, pods);
    }
    return map;
  }
}
