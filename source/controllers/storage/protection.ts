/**
 * Storage object in-use protection: the pvc-protection and pv-protection controllers put the
 * `kubernetes.io/pvc-protection` / `kubernetes.io/pv-protection` finalizers on every claim and volume, and take
 * them off a deleted one only when nothing uses it any more — a claim no scheduled pod mounts, a volume that is
 * not Bound. Until then `kubectl get` shows the object Terminating.
 */
import type { PersistentVolume, PersistentVolumeClaim, Pod } from '../../api/core.js';
import { Controller, keyOf, splitKey } from '../../engine/controller.js';
import type { Engine } from '../../engine/engine.js';
import type { WatchEvent } from '../../store/watch.js';
import { PVC_PROTECTION_FINALIZER, PV_PROTECTION_FINALIZER, podClaimNames } from './volumes.js';

/** Add or remove one finalizer on a copy of the metadata. */
function withFinalizer<T extends PersistentVolumeClaim | PersistentVolume>(obj: T, finalizer: string, present: boolean): T | undefined {
  const list = obj.metadata.finalizers ?? [];
  if (list.includes(finalizer) === present) return undefined;
  const finalizers = present ? [...list, finalizer] : list.filter((f) => f !== finalizer);
  const metadata = { ...obj.metadata, finalizers: finalizers.length ? finalizers : undefined };
  return { ...obj, metadata };
}

/** Whether the pod is finished with its volumes: force-deleted, or deleted by its kubelet (grace 0). */
function podIsShutDown(pod: Pod): boolean {
  return !!pod.metadata.deletionTimestamp && pod.metadata.deletionGracePeriodSeconds === 0;
}

export class PvcProtectionController extends Controller {
  /** Claims being deleted that still carry the finalizer: the only ones a pod event can unblock. */
  private readonly terminating = new Set<string>();

  constructor(engine: Engine) {
    super('persistentvolumeclaim-protection-controller', engine);
    this.watch({ kind: 'PersistentVolumeClaim' }, (e) => this.onClaim(e as WatchEvent<PersistentVolumeClaim>));
    this.watch({ kind: 'Pod' }, (e) => this.onPod(e as WatchEvent<Pod>));
  }

  private onClaim(e: WatchEvent<PersistentVolumeClaim>): string | undefined {
    const key = keyOf(e.object);
    if (e.type === 'DELETED') {
      this.terminating.delete(key);
      return undefined;
    }
    return key;
  }

  private onPod(e: WatchEvent<Pod>): string[] | undefined {
    if (!this.terminating.size || !e.object.spec.volumes?.length) return undefined;
    const gone = e.type === 'DELETED' || (podIsShutDown(e.object) && !(e.oldObject && podIsShutDown(e.oldObject)));
    if (!gone) return undefined;
    const ns = e.object.metadata.namespace!;
    return podClaimNames(e.object).map((c) => `${ns}/${c}`).filter((k) => this.terminating.has(k));
  }

  protected reconcile(key: string): void {
    const [ns, name] = splitKey(key);
    const pvc = this.store.tryGet<PersistentVolumeClaim>('PersistentVolumeClaim', ns, name);
    if (!pvc) return;
    if (!pvc.metadata.deletionTimestamp) {
      const next = withFinalizer(pvc, PVC_PROTECTION_FINALIZER, true);
      if (next) this.store.update(next);
      return;
    }
    if (!pvc.metadata.finalizers?.includes(PVC_PROTECTION_FINALIZER)) {
      this.terminating.delete(key);
      return;
    }
    if (this.inUse(pvc)) {
      this.terminating.add(key);
      return;
    }
    this.terminating.delete(key);
    this.store.update(withFinalizer(pvc, PVC_PROTECTION_FINALIZER, false)!);
  }

  /** A scheduled pod that is not shut down and mounts the claim keeps it. */
  private inUse(pvc: PersistentVolumeClaim): boolean {
    const name = pvc.metadata.name!;
    for (const pod of this.store.select<Pod>('Pod', { namespace: pvc.metadata.namespace })) {
      if (!pod.spec.nodeName || podIsShutDown(pod) || !pod.spec.volumes?.length) continue;
      if (podClaimNames(pod).includes(name)) return true;
    }
    return false;
  }
}

export class PvProtectionController extends Controller {
  constructor(engine: Engine) {
    super('persistentvolume-protection-controller', engine);
    this.watch({ kind: 'PersistentVolume' }, (e) => (e.type === 'DELETED' ? undefined : keyOf(e.object)));
  }

  protected reconcile(name: string): void {
    const pv = this.store.tryGet<PersistentVolume>('PersistentVolume', undefined, name);
    if (!pv) return;
    if (!pv.metadata.deletionTimestamp) {
      const next = withFinalizer(pv, PV_PROTECTION_FINALIZER, true);
      if (next) this.store.update(next);
      return;
    }
    // A Bound volume is in use by its claim; the watch brings us back when its phase changes.
    if (pv.status?.phase === 'Bound') return;
    const next = withFinalizer(pv, PV_PROTECTION_FINALIZER, false);
    if (next) this.store.update(next);
  }
}
