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
import { type DaemonSetContext, FailedPodBackoff, buildView, daemonSetStatus, manage, rollingUpdate } from './sync.js';

export const DAEMONSET_COMPONENT = 'daemonset-controller';

/** Whether a pod update touches what a sync reads: labels, deletion, node, phase, readiness. */
function syncRelevantChange(old: Pod, pod: Pod): boolean {
  return old.metadata.labels !== pod.metadata.labels || old.metadata.deletionTimestamp !== pod.metadata.deletionTimestamp
    || old.spec.nodeName !== pod.spec.nodeName || old.status?.phase !== pod.status?.phase || isPodReady(old) !== isPodReady(pod);
}

export class DaemonSetController extends Controller {
  private readonly backoff = new FailedPodBackoff();
  /** Sets that must look for orphan pods matching their selector on their next sync. */
  private readonly orphanScan = new Set<string>();

  constructor(engine: Engine) {
    super(DAEMONSET_COMPONENT, engine);
    this.watch({ kind: 'DaemonSet' }, (e) => {
      const key = keyOf(e.object);
      if (e.type === 'DELETED') this.orphanScan.delete(key);
      // A new set, or a new spec (its own status writes keep the spec object), looks for orphans once.
      else if (e.type === 'ADDED' || e.oldObject?.spec !== e.object.spec) this.orphanScan.add(key);
      return key;
    });
    this.watch({ kind: 'Pod' }, (e) => this.setsForPodEvent(e as WatchEvent<Pod>));
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
    const rv = this.store.resourceVersion;
    const { acted, error: manageError } = manage(ctx, ds, buildView(ds, nodes, pods), history.hash);
    let error = manageError;
    if (!error && !acted && ds.spec.updateStrategy?.type === 'RollingUpdate') {
      if (this.store.resourceVersion !== rv) pods = claim();
      error = rollingUpdate(ctx, ds, buildView(ds, nodes, pods), history.hash);
    }
    if (this.store.resourceVersion !== rv) pods = claim();
    if (!error) cleanupHistory(this.store, ds, history.old, pods);
    this.writeStatus(ds, daemonSetStatus(ds, buildView(ds, nodes, pods), history.hash, ctx.now));
    if (error) throw new ApiError('InternalError', error);
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
