/**
 * The replication loop ReplicaSet and ReplicationController share (upstream runs one ReplicaSetController type
 * for both): keep `spec.replicas` active pods matching the selector, adopting orphans and releasing pods that
 * stopped matching; create in slow-start batches, at most `burstReplicas` per sync; delete in
 * ActivePodsWithRanks order; and write status.
 */
import type { Pod, PodTemplateSpec } from '../../api/core.js';
import { type ApiError, isApiError } from '../../api/errors.js';
import type { KubeObject, OwnerReference } from '../../api/meta.js';
import { NOTHING, type Selector } from '../../api/selectors.js';
import { Controller, splitKey } from '../../engine/controller.js';
import type { Engine } from '../../engine/engine.js';
import { deepEqual } from '../../store/clone.js';
import type { WatchEvent } from '../../store/watch.js';
import { claimObjects } from './claim.js';
import { PodControl, SLOW_START_INITIAL_BATCH_SIZE, slowStartBatch } from './pod-control.js';
import { controllerRefOf, isPodActive, podReadySince, readyCondition } from './pod-state.js';
import { podsToDelete } from './ranking.js';
import { DeadlineRequeue } from './requeue.js';
import { type ReplicaStatus, calculateReplicaStatus } from './status.js';

/** What the loop reads from a ReplicaSet or a ReplicationController. */
export interface ReplicatedObject extends KubeObject {
  spec: { replicas?: number; minReadySeconds?: number; template?: PodTemplateSpec };
  status?: ReplicaStatus;
}

/** The kind-specific parts: which kind, how its selector compiles. */
export interface ReplicaKind<T extends ReplicatedObject> {
  kind: string;
  /** The compiled pod selector; throws an ApiError when it is invalid. */
  selector(obj: T): Selector;
}

/** Options of the ReplicaSet and ReplicationController controllers. */
export interface ReplicaManagerOptions {
  /** Most pod creates or deletes per sync (upstream `--concurrent-...` burstReplicas, 500). */
  burstReplicas?: number;
}

/** Upstream's BurstReplicas. */
export const BURST_REPLICAS = 500;

/** Whether what a sync counts (active phase, Ready and since when) differs between two versions of a pod. */
function countedStateChanged(a: Pod, b: Pod): boolean {
  if (a.status?.phase !== b.status?.phase) return true;
  const ra = readyCondition(a), rb = readyCondition(b);
  return ra?.status !== rb?.status || ra?.lastTransitionTime !== rb?.lastTransitionTime;
}

/** The shared sync loop; subclasses only name their kind, selector and event source. */
export abstract class ReplicaManager<T extends ReplicatedObject> extends Controller {
  readonly burstReplicas: number;
  private readonly podControl: PodControl;
  private readonly requeue: DeadlineRequeue;
  /**
   * Keys that must look for orphans matching their selector on the next sync: new or changed controllers, and
   * those an orphan pod event named. Other syncs read only the pods they own (the owner index), which keeps a
   * steady sync from listing pods by label.
   */
  private readonly orphanScan = new Set<string>();

  constructor(name: string, engine: Engine, private readonly desc: ReplicaKind<T>, eventComponent: string, opts: ReplicaManagerOptions = {}) {
    super(name, engine);
    this.burstReplicas = opts.burstReplicas ?? BURST_REPLICAS;
    this.podControl = new PodControl(engine, eventComponent);
    this.requeue = new DeadlineRequeue(engine, this.queue, name);
    this.watch({ kind: desc.kind }, (e) => this.ownEventKey(e));
    this.watch({ kind: 'Pod' }, (e) => this.podEventKeys(e));
  }

  // ---- watch → keys ----

  private ownEventKey(e: WatchEvent): string | undefined {
    const old = e.oldObject;
    // Our own status writes leave spec untouched (same object): nothing to reconcile for them.
    if (e.type === 'MODIFIED' && old && old.spec === e.object.spec && old.metadata.deletionTimestamp === e.object.metadata.deletionTimestamp) return undefined;
    const m = e.object.metadata;
    const key = `${m.namespace}/${m.name}`;
    if (e.type === 'DELETED') this.orphanScan.delete(key);
    else this.orphanScan.add(key);
    return key;
  }

  private keyFor(namespace: string | undefined, ref: OwnerReference | undefined): string | undefined {
    return ref && ref.kind === this.desc.kind ? `${namespace}/${ref.name}` : undefined;
  }

  /** Upstream addPod / updatePod / deletePod: the owning controller, or for orphans every controller that selects them. */
  private podEventKeys(e: WatchEvent): string | string[] | undefined {
    const pod = e.object as Pod;
    const ns = pod.metadata.namespace;
    const ref = controllerRefOf(pod);
    if (e.type === 'DELETED') return this.keyFor(ns, ref);
    if (e.type === 'ADDED') {
      if (ref || pod.metadata.deletionTimestamp) return this.keyFor(ns, ref);
      return this.selectingKeys(pod);
    }
    const old = e.oldObject as Pod | undefined;
    if (!old) return this.keyFor(ns, ref);
    const om = old.metadata, m = pod.metadata;
    if (om.labels === m.labels && om.ownerReferences === m.ownerReferences && om.deletionTimestamp === m.deletionTimestamp) {
      // Only spec or status moved. A sync reads just phase and readiness from a pod, so other changes (container
      // states, IPs, restart counts) can't change anything it would compute.
      return ref && countedStateChanged(old, pod) ? this.keyFor(ns, ref) : undefined;
    }
    const labelsChanged = old.metadata.labels !== pod.metadata.labels && !deepEqual(old.metadata.labels, pod.metadata.labels);
    const keys: string[] = [];
    const add = (k: string | undefined) => { if (k !== undefined && !keys.includes(k)) keys.push(k); };
    if (pod.metadata.deletionTimestamp) {
      // A graceful delete: resync now rather than when the kubelet finally removes the pod.
      add(this.keyFor(ns, ref));
      if (labelsChanged) add(this.keyFor(ns, controllerRefOf(old)));
      return keys;
    }
    const oldRef = controllerRefOf(old);
    const refChanged = old.metadata.ownerReferences !== pod.metadata.ownerReferences && !deepEqual(oldRef, ref);
    if (refChanged && oldRef) add(this.keyFor(ns, oldRef));
    if (ref) {
      add(this.keyFor(ns, ref));
      return keys;
    }
    if (labelsChanged || refChanged) for (const k of this.selectingKeys(pod)) add(k);
    return keys;
  }

  /** Every controller of our kind in the pod's namespace whose selector matches it (orphans only; rare). */
  private selectingKeys(pod: Pod): string[] {
    const keys: string[] = [];
    for (const obj of this.store.select<T>(this.desc.kind, { namespace: pod.metadata.namespace })) {
      const sel = this.safeSelector(obj);
      if (!sel || sel.empty || !sel.matches(pod.metadata.labels)) continue;
      const key = `${obj.metadata.namespace}/${obj.metadata.name}`;
      this.orphanScan.add(key);
      keys.push(key);
    }
    return keys;
  }

  private safeSelector(obj: T): Selector | undefined {
    try {
      return this.desc.selector(obj);
    } catch (err) {
      if (isApiError(err)) return undefined;
      throw err;
    }
  }

  // ---- reconcile ----

  protected reconcile(key: string): void {
    const [ns, name] = splitKey(key);
    const rs = this.store.tryGet<T>(this.desc.kind, ns, name);
    if (!rs) return;
    // An invalid selector matches nothing; upstream logs it and waits for the object to change.
    const selector = this.safeSelector(rs);
    if (!selector) return;
    const scan = this.orphanScan.has(key);
    const pods = this.claimPods(rs, selector, scan);
    if (scan) this.orphanScan.delete(key);
    let manageError: ApiError | undefined;
    if (!rs.metadata.deletionTimestamp) manageError = this.manageReplicas(pods, rs);
    const now = this.engine.now();
    const status = calculateReplicaStatus(rs.status, {
      replicas: rs.spec.replicas, minReadySeconds: rs.spec.minReadySeconds, templateLabels: rs.spec.template?.metadata?.labels,
    }, pods, manageError, now, rs.metadata.generation);
    this.writeStatus(rs, status);
    const minReady = rs.spec.minReadySeconds ?? 0;
    if (!manageError && minReady > 0) this.requeueForAvailability(key, pods, minReady, now);
    if (manageError) throw manageError;
  }

  /**
   * Active pods we own (owner index) plus active orphans the selector matches (label index), with adoption and
   * release applied. Pods controlled by anyone else are never candidates.
   */
  private claimPods(rs: T, selector: Selector, scanOrphans: boolean): Pod[] {
    const uid = rs.metadata.uid!;
    const candidates: Pod[] = [];
    for (const p of this.store.select<Pod>('Pod', { ownerUid: uid })) if (isPodActive(p)) candidates.push(p);
    if (scanOrphans && selector !== NOTHING) {
      for (const p of this.store.select<Pod>('Pod', { namespace: rs.metadata.namespace, selector })) {
        // Already listed (it names us), or controlled by someone else: not an orphan to consider.
        if (p.metadata.ownerReferences?.some((r) => r.uid === uid || r.controller) || !isPodActive(p)) continue;
        candidates.push(p);
      }
    }
    return claimObjects(this.store, rs, candidates, (p) => selector.matches(p.metadata.labels));
  }

  /** manageReplicas: create or delete the difference; returns the first API error (already reported as an event). */
  private manageReplicas(pods: Pod[], rs: T): ApiError | undefined {
    const want = rs.spec.replicas ?? 0;
    let diff = pods.length - want;
    if (diff < 0) {
      const template = rs.spec.template;
      if (!template) return undefined;
      const count = Math.min(-diff, this.burstReplicas);
      return slowStartBatch(count, SLOW_START_INITIAL_BATCH_SIZE, () => this.podControl.createPod(template, rs)).error;
    }
    if (diff > 0) {
      diff = Math.min(diff, this.burstReplicas);
      const victims = podsToDelete(pods, diff < pods.length ? this.relatedPods(rs) : [], diff, this.engine.now());
      let failure: ApiError | undefined;
      for (const pod of victims) {
        const err = this.podControl.deletePod(pod, rs);
        if (err && err.reason !== 'NotFound') failure ??= err;
      }
      return failure;
    }
    return undefined;
  }

  /** getIndirectlyRelatedPods: pods selected by every set under the same controller (a Deployment's old and new sets). */
  private relatedPods(rs: T): Pod[] {
    const ref = controllerRefOf(rs);
    if (!ref) return [];
    const seen = new Set<string>();
    const related: Pod[] = [];
    for (const sibling of this.store.select<T>(this.desc.kind, { ownerUid: ref.uid })) {
      if (controllerRefOf(sibling)?.uid !== ref.uid) continue;
      const sel = this.safeSelector(sibling);
      if (!sel) continue;
      for (const pod of this.store.select<Pod>('Pod', { namespace: sibling.metadata.namespace, selector: sel })) {
        if (seen.has(pod.metadata.uid!)) continue;
        seen.add(pod.metadata.uid!);
        related.push(pod);
      }
    }
    return related;
  }

  /** updateReplicaSetStatus: write only on change; on a conflict re-read once and retry, as upstream. */
  private writeStatus(rs: T, status: ReplicaStatus): void {
    if (deepEqual(rs.status, status)) return;
    try {
      this.store.updateStatus<T>({ ...rs, status });
    } catch (err) {
      if (!isApiError(err, 'Conflict')) throw err;
      const fresh = this.store.get<T>(this.desc.kind, rs.metadata.namespace, rs.metadata.name!);
      this.store.updateStatus<T>({ ...fresh, status: { ...status, observedGeneration: rs.metadata.generation } });
    }
  }

  /** Resync when the next Ready pod passes minReadySeconds, so availableReplicas is counted on time. */
  private requeueForAvailability(key: string, pods: readonly Pod[], minReady: number, now: number): void {
    let earliest = Infinity;
    for (const pod of pods) {
      const since = podReadySince(pod);
      if (since === undefined) continue;
      // isPodAvailable needs `since + minReady` strictly before now: one millisecond after it.
      const at = since + minReady * 1000 + 1;
      if (at > now && at < earliest) earliest = at;
    }
    if (earliest < Infinity) this.requeue.at(key, earliest);
  }
}
