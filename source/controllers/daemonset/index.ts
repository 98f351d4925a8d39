/**
 * The DaemonSet controller (`daemonset-controller`): one pod per eligible node, placed by the default scheduler
 * through a `metadata.name` node affinity. Fed by watches on DaemonSets, their pods and revisions (through the
 * controller reference), and on Nodes — but only when a node's labels or taints change whether a set wants it,
 * so heartbeats cost nothing.
 */
import type { Node, Pod } from '../../api/core.js';
import { ApiError, isApiError } from '../../api/errors.js';
import type { KubeObject, OwnerReference } from '../../api/meta.js';
import { type Selector, labelSelectorFromObject, matchesLabelSelector } from '../../api/selectors.js';
import type { DaemonSet } from '../../api/workloads.js';
import { Controller, keyOf, splitKey } from '../../engine/controller.js';
import type { Engine } from '../../engine/engine.js';
import { deepEqual } from '../../store/clone.js';
import type { WatchEvent } from '../../store/watch.js';
import { claimObjects, controllerRefOf } from '../controller-revision.js';
import { cleanupHistory, constructHistory, emptyStatus } from './history.js';
import { nodeShouldRunDaemonPod } from './placement.js';
import { isPodReady } from './pod-state.js';
import { rollingUpdate } from './rolling-update.js';
import { type DaemonSetContext, FailedPodBackoff, manage } from './sync.js';
import { buildView, daemonSetStatus } from './view.js';

export const DAEMONSET_COMPONENT = 'daemonset-controller';

/** A sync costs 10 µs per node and per pod of virtual worker time (1,000 nodes and pods: 20 ms). */
const ITEMS_PER_BUSY_MS = 100;

/** Whether a pod update touches what a sync reads: labels, deletion, node, phase, readiness. */
function syncRelevantChange(old: Pod, pod: Pod): boolean {
  return old.metadata.labels !== pod.metadata.labels || old.metadata.deletionTimestamp !== pod.metadata.deletionTimestamp
    || old.spec.nodeName !== pod.spec.nodeName || old.status?.phase !== pod.status?.phase || isPodReady(old) !== isPodReady(pod);
}

export class DaemonSetController extends Controller {
  private readonly backoff = new FailedPodBackoff();
  /** Sets that must look for orphan pods matching their selector on their next sync. */
  private readonly orphanScan = new Set<string>();
  /** Until when (virtual ms) each set's last sync keeps the worker busy, and the sets with a deferred sync. */
  private readonly busyUntil = new Map<string, number>();
  private readonly deferred = new Set<string>();

  constructor(engine: Engine) {
    super(DAEMONSET_COMPONENT, engine);
    this.watch({ kind: 'DaemonSet' }, (e) => {
      const key = keyOf(e.object);
      if (e.type === 'DELETED') this.orphanScan.delete(key);
      // A new set, or a new spec (its own status writes keep the spec object), looks for orphans once.
      else if (e.type === 'ADDED' || e.oldObject?.spec !== e.object.spec) this.orphanScan.add(key);
      return key;
    });
    this.watch({ kind: 'Pod' }, (e) => this.paced(this.setsForPodEvent(e as WatchEvent<Pod>)));
    this.watch({ kind: 'ControllerRevision' }, (e) => {
      const ref = controllerRefOf(e.object);
      const ds = this.resolve(e.object.metadata.namespace, ref);
      if (ds) return keyOf(ds);
      return ref || e.type === 'DELETED' ? undefined : this.setsSelecting(e.object);
    });
    this.watch({ kind: 'Node' }, (e) => this.setsForNodeEvent(e as WatchEvent<Node>));
  }

  /** resolveControllerRef. */
  private resolve(namespace: string | undefined, ref: OwnerReference | undefined): DaemonSet | undefined {
    if (!ref || ref.kind !== 'DaemonSet') return undefined;
    const ds = this.store.tryGet<DaemonSet>('DaemonSet', namespace, ref.name);
    return ds && ds.metadata.uid === ref.uid ? ds : undefined;
  }

  /** GetPodDaemonSets: sets in the object's namespace whose selector matches its labels (they may adopt it). */
  private setsSelecting(obj: KubeObject): string[] {
    const keys: string[] = [];
    for (const ds of this.store.select<DaemonSet>('DaemonSet', { namespace: obj.metadata.namespace })) {
      if (!matchesLabelSelector(ds.spec.selector, obj.metadata.labels)) continue;
      const key = keyOf(ds);
      this.orphanScan.add(key);
      keys.push(key);
    }
    return keys;
  }

  /** addPod / updatePod / deletePod. */
  private setsForPodEvent(e: WatchEvent<Pod>): string[] {
    const pod = e.object, old = e.oldObject;
    const ns = pod.metadata.namespace;
    const ref = controllerRefOf(pod);
    if (e.type !== 'MODIFIED' || !old) {
      if (ref) {
        const ds = this.resolve(ns, ref);
        return ds ? [keyOf(ds)] : [];
      }
      return e.type === 'ADDED' ? this.setsSelecting(pod) : [];
    }
    const oldRef = controllerRefOf(old);
    const refChanged = ref?.uid !== oldRef?.uid;
    const keys: string[] = [];
    if (refChanged && oldRef) {
      const prior = this.resolve(ns, oldRef);
      if (prior) keys.push(keyOf(prior));
    }
    if (ref) {
      // Most pod updates (container statuses, other conditions) change nothing a sync looks at.
      if (!refChanged && !syncRelevantChange(old, pod)) return keys;
      const ds = this.resolve(ns, ref);
      if (!ds) return keys;
      keys.push(keyOf(ds));
      const minReady = ds.spec.minReadySeconds ?? 0;
      if (minReady > 0 && !isPodReady(old) && isPodReady(pod)) this.queue.addAfter(keyOf(ds), minReady * 1000 + 1000);
      return keys;
    }
    if (refChanged || !deepEqual(old.metadata.labels, pod.metadata.labels)) keys.push(...this.setsSelecting(pod));
    return keys;
  }

  /**
   * addNode / updateNode: sets that want the new node; on a change of labels or taints, sets whose verdict
   * changed. A deleted node re-syncs the sets that had it (upstream waits for the pod GC to delete its pods).
   */
  private setsForNodeEvent(e: WatchEvent<Node>): string[] {
    const node = e.object, old = e.oldObject;
    if (e.type === 'MODIFIED' && old && deepEqual(old.metadata.labels, node.metadata.labels) && deepEqual(old.spec?.taints, node.spec?.taints)) return [];
    const keys: string[] = [];
    for (const ds of this.store.select<DaemonSet>('DaemonSet')) {
      const [run, keep] = nodeShouldRunDaemonPod(node, ds.spec.template);
      if (e.type === 'ADDED') { if (run) keys.push(keyOf(ds)); continue; }
      if (e.type === 'DELETED') { if (run || keep) keys.push(keyOf(ds)); continue; }
      const [oldRun, oldKeep] = nodeShouldRunDaemonPod(old!, ds.spec.template);
      if (run !== oldRun || keep !== oldKeep) keys.push(keyOf(ds));
    }
    return keys;
  }

  protected reconcile(key: string): void {
    const [namespace, name] = splitKey(key);
    const ds = this.store.tryGet<DaemonSet>('DaemonSet', namespace, name);
    if (!ds) return;
    const sel = ds.spec.selector;
    if (sel && !sel.matchLabels && !sel.matchExpressions) {
      this.record(ds, 'Warning', 'SelectingAll', 'This daemon set is selecting all pods. A non-empty selector is required.');
      return;
    }
    let selector: Selector;
    try {
      selector = labelSelectorFromObject(sel);
    } catch (err) {
      if (isApiError(err)) return;
      throw err;
    }
    // Being deleted: its revisions may already be gone, so status can't be trusted; upstream does nothing.
    if (ds.metadata.deletionTimestamp) return;
    const nodes = this.store.select<Node>('Node');
    // Orphans are looked for only when a watch event said one may exist (or the set is new or changed).
    const findOrphans = this.orphanScan.delete(key);
    const claim = (orphans = false) => claimObjects<Pod>(this.store, 'Pod', ds, selector, undefined, orphans);
    const history = constructHistory(this.store, ds, selector, claim);
    const ctx = this.context(key);
    let pods = claim(findOrphans);
    let rv = this.store.resourceVersion;
    let view = buildView(ds, nodes, pods);
    // Re-read the pods only after this sync wrote something.
    const fresh = () => {
      if (this.store.resourceVersion === rv) return view;
      pods = claim();
      rv = this.store.resourceVersion;
      return (view = buildView(ds, nodes, pods));
    };
    const { acted, error: manageError } = manage(ctx, ds, view, history.hash);
    let error = manageError;
    if (!error && !acted && ds.spec.updateStrategy?.type === 'RollingUpdate') error = rollingUpdate(ctx, ds, fresh(), history.hash);
    fresh();
    if (!error) cleanupHistory(this.store, ds, history.old, pods);
    this.writeStatus(ds, daemonSetStatus(ds, view, history.hash, ctx.now));
    // The worker is busy for a while after a big sync: events meanwhile fold into the next one (see `paced`).
    const busyMs = Math.floor((nodes.length + pods.length) / ITEMS_PER_BUSY_MS);
    if (busyMs > 0) this.busyUntil.set(key, ctx.now + busyMs);
    else this.busyUntil.delete(key);
    if (error) throw new ApiError('InternalError', error);
  }

  /**
   * Keys to sync now; keys whose last sync is still "running" are deferred to its end, once. Upstream's work
   * queue folds the events that arrive while a key is being processed into one more sync; a 1,000-node set takes
   * real milliseconds to sync, and without this the simulation would sync it once per pod event instead.
   */
  private paced(keys: Iterable<string> | string | undefined): string[] | undefined {
    if (keys === undefined) return undefined;
    const now = this.engine.now();
    const out: string[] = [];
    for (const key of typeof keys === 'string' ? [keys] : keys) {
      const until = this.busyUntil.get(key);
      if (until === undefined || until <= now) { out.push(key); continue; }
      if (this.deferred.has(key)) continue;
      this.deferred.add(key);
      this.engine.after(until - now, () => { this.deferred.delete(key); this.queue.add(key); }, `${this.name}:${key}`);
    }
    return out;
  }

  private writeStatus(ds: DaemonSet, counts: ReturnType<typeof daemonSetStatus>): void {
    const latest = this.store.tryGet<DaemonSet>('DaemonSet', ds.metadata.namespace, ds.metadata.name!);
    if (!latest || latest.metadata.uid !== ds.metadata.uid) return;
    const s = latest.status;
    const generation = latest.metadata.generation ?? 0;
    const same = s && (Object.keys(counts) as (keyof typeof counts)[]).every((k) => (s[k] ?? 0) === counts[k]) && (s.observedGeneration ?? 0) >= generation;
    if (!same) this.store.updateStatus<DaemonSet>({ ...latest, status: { ...emptyStatus(), ...s, ...counts, observedGeneration: generation } });
    // Available comes minReadySeconds after Ready: look again then (a last line of defence, as upstream).
    const minReady = latest.spec.minReadySeconds ?? 0;
    if (minReady > 0 && counts.numberReady !== counts.numberAvailable) this.queue.addAfter(keyOf(latest), minReady * 1000);
  }

  private record(obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.engine.events.record(obj, type, reason, message, { component: DAEMONSET_COMPONENT });
  }

  private context(key: string): DaemonSetContext {
    return {
      store: this.store, now: this.engine.now(), backoff: this.backoff,
      record: (obj, type, reason, message) => this.record(obj, type, reason, message),
      requeueAfter: (ms) => this.queue.addAfter(key, ms),
    };
  }
}
