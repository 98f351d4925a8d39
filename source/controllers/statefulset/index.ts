/**
 * The StatefulSet controller (`statefulset-controller`): stable, ordinal pod identities with their own claims.
 * Fed by watches on StatefulSets, their pods (resolved through the controller reference, so the cluster's other
 * pods cost one field check each) and deleted claims. A set whose serviceName Service does not exist still runs,
 * as upstream: its pods simply get no DNS records.
 */
import type { Pod } from '../../api/core.js';
import { ApiError, isApiError } from '../../api/errors.js';
import type { KubeObject, OwnerReference } from '../../api/meta.js';
import { type Selector, labelSelectorFromObject, matchesLabelSelector } from '../../api/selectors.js';
import type { StatefulSet } from '../../api/workloads.js';
import { Controller, keyOf, splitKey } from '../../engine/controller.js';
import type { Engine } from '../../engine/engine.js';
import type { WatchEvent } from '../../store/watch.js';
import { deepEqual } from '../../store/clone.js';
import { claimObjects, controllerRefOf, listControllerRevisions } from '../controller-revision.js';
import type { StatefulSetContext } from './context.js';
import { statefulSetRevisions, truncateHistory } from './revisions.js';
import { isMemberOf, isPodReady } from './stateful-pod.js';
import { completeRollingUpdate, statusChanged, updateStatefulSet } from './update.js';

export const STATEFULSET_COMPONENT = 'statefulset-controller';

export class StatefulSetController extends Controller {
  constructor(engine: Engine) {
    super(STATEFULSET_COMPONENT, engine);
    this.watch({ kind: 'StatefulSet' });
    this.watch({ kind: 'Pod' }, (e) => this.setsForPodEvent(e as WatchEvent<Pod>));
    // A claim being deleted can block a pod (whenScaled: Delete, or `pvc … is being deleted`): retry when it goes.
    this.watch({ kind: 'PersistentVolumeClaim' }, (e) => (e.type === 'DELETED' ? this.setsSelecting(e.object) : undefined));
  }

  private readonly context = (): StatefulSetContext => ({
    store: this.store,
    now: this.engine.now(),
    record: (obj, type, reason, message) => { this.engine.events.record(obj, type, reason, message, { component: STATEFULSET_COMPONENT }); },
  });

  /** resolveControllerRef: the set a controller reference names, if it still exists with that uid. */
  private resolve(namespace: string | undefined, ref: OwnerReference | undefined): StatefulSet | undefined {
    if (!ref || ref.kind !== 'StatefulSet') return undefined;
    const set = this.store.tryGet<StatefulSet>('StatefulSet', namespace, ref.name);
    return set && set.metadata.uid === ref.uid ? set : undefined;
  }

  /** getPodStatefulSets: sets in the pod's namespace whose selector matches it (orphans looking for an owner). */
  private setsSelecting(obj: KubeObject): string[] {
    const keys: string[] = [];
    for (const set of this.store.select<StatefulSet>('StatefulSet', { namespace: obj.metadata.namespace })) {
      if (matchesLabelSelector(set.spec.selector, obj.metadata.labels)) keys.push(keyOf(set));
    }
    return keys;
  }

  /** addPod / updatePod / deletePod: which sets a pod event concerns. */
  private setsForPodEvent(e: WatchEvent<Pod>): string[] {
    const pod = e.object, old = e.oldObject;
    const ns = pod.metadata.namespace;
    const ref = controllerRefOf(pod);
    if (e.type !== 'MODIFIED' || !old) {
      if (ref) {
        const set = this.resolve(ns, ref);
        return set ? [keyOf(set)] : [];
      }
      // Nobody cares about orphans being deleted; a new orphan may be adopted.
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
      const set = this.resolve(ns, ref);
      if (!set) return keys;
      keys.push(keyOf(set));
      const minReady = set.spec.minReadySeconds ?? 0;
      // Available comes minReadySeconds after Ready, with no event of its own: look again then.
      if (minReady > 0 && !isPodReady(old) && isPodReady(pod)) this.queue.addAfter(keyOf(set), minReady * 1000 + 1000);
      return keys;
    }
    if (refChanged || !deepEqual(old.metadata.labels, pod.metadata.labels)) keys.push(...this.setsSelecting(pod));
    return keys;
  }

  protected reconcile(key: string): void {
    const [namespace, name] = splitKey(key);
    const set = this.store.tryGet<StatefulSet>('StatefulSet', namespace, name);
    if (!set) return;
    let selector: Selector;
    try {
      selector = labelSelectorFromObject(set.spec.selector);
    } catch (err) {
      if (isApiError(err)) return; // validation keeps such selectors out; nothing sensible to do with one
      throw err;
    }
    const ctx = this.context();
    const revisions = listControllerRevisions(this.store, set, selector);
    const pods = claimObjects<Pod>(this.store, 'Pod', set, selector, (p) => isMemberOf(set, p));
    const revs = statefulSetRevisions(ctx, set, revisions);
    const { status, error } = updateStatefulSet(ctx, set, revs, pods);
    completeRollingUpdate(set, status);
    if (statusChanged(set, status)) {
      const latest = this.store.tryGet<StatefulSet>('StatefulSet', namespace, name);
      if (latest && latest.metadata.uid === set.metadata.uid) {
        this.store.updateStatus<StatefulSet>({ ...latest, status: { ...latest.status, ...status } });
      }
    }
    truncateHistory(ctx, set, pods, revisions, revs);
    const replicas = set.spec.replicas ?? 1;
    if ((set.spec.minReadySeconds ?? 0) > 0 && status.availableReplicas !== replicas) this.queue.addAfter(key, set.spec.minReadySeconds! * 1000);
    // Errors retry with the per-key back-off, as upstream's rate-limited requeue.
    if (error) throw new ApiError('InternalError', error);
  }
}
