/**
 * The PV controller (persistentvolume-binder-controller): binds claims to the smallest matching Available
 * volume, asks the class's provisioner for a volume when none fits, keeps both phases current, and releases
 * and reclaims (Retain / Delete / Recycle) a volume whose claim is gone.
 *
 * It also plays the scheduler's VolumeBinding PreBind step (a simplification: upstream does it inside the
 * scheduler): when a pod is bound to a node, each of its unbound WaitForFirstConsumer claims is either pre-bound
 * to a static volume that fits the node, or annotated `volume.kubernetes.io/selected-node=<node>` so that the
 * provisioner creates the volume in that node's zone. The kubelet waits (FailedMount) until the claims are Bound.
 */
import type { Node, PersistentVolume, PersistentVolumeClaim, Pod } from '../../api/core.js';
import type { StorageClass } from '../../api/cluster-kinds.js';
import { Controller, keyOf, splitKey } from '../../engine/controller.js';
import type { Engine } from '../../engine/engine.js';
import type { WatchEvent } from '../../store/watch.js';
import {
  ANN_BETA_STORAGE_PROVISIONER, ANN_BIND_COMPLETED, ANN_BOUND_BY_CONTROLLER, ANN_PROVISIONED_BY, ANN_SELECTED_NODE, ANN_STORAGE_PROVISIONER,
  NO_PROVISIONER, bindCompleted, claimClass, claimHasClass, claimReference, defaultClass, findMatchingVolume, isVolumeBoundToClaim, podClaimNames,
} from './volumes.js';

export interface PersistentVolumeBinderOptions {
  /** How often pending claims are synced again (upstream's resync, 15 s): repeats their waiting events. */
  resyncPeriodSeconds?: number;
}

const SOURCE = { component: 'persistentvolume-controller' };
const CLAIM = 'claim:';
const VOLUME = 'volume:';
const POD = 'pod:';

/** The ExternalProvisioning event text (with the provisioner's name). */
export const externalProvisioningMessage = (p: string) =>
  `Waiting for a volume to be created either by the external provisioner '${p}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`;

export class PersistentVolumeBinderController extends Controller {
  /** Claims not yet bound: re-synced periodically and when a volume becomes Available. */
  private readonly pending = new Set<string>();

  constructor(engine: Engine, opts: PersistentVolumeBinderOptions = {}) {
    super('persistentvolume-binder-controller', engine);
    this.watch({ kind: 'PersistentVolumeClaim' }, (e) => this.onClaim(e as WatchEvent<PersistentVolumeClaim>));
    this.watch({ kind: 'PersistentVolume' }, (e) => this.onVolume(e as WatchEvent<PersistentVolume>));
    this.watch({ kind: 'Pod' }, (e) => this.onPod(e as WatchEvent<Pod>));
    engine.every((opts.resyncPeriodSeconds ?? 15) * 1000, () => {
      for (const k of this.pending) this.queue.add(CLAIM + k);
    }, 'persistentvolume-binder:resync');
  }

  private onClaim(e: WatchEvent<PersistentVolumeClaim>): string[] {
    const pvc = e.object;
    const keys = [CLAIM + keyOf(pvc)];
    if (e.type === 'DELETED') {
      this.pending.delete(keyOf(pvc));
      if (pvc.spec.volumeName) keys.push(VOLUME + pvc.spec.volumeName);
      // Volumes pre-bound or provisioned for the claim but not bound yet are released too.
      for (const pv of this.store.select<PersistentVolume>('PersistentVolume')) {
        const ref = pv.spec.claimRef;
        if (ref?.uid === pvc.metadata.uid && pv.metadata.name !== pvc.spec.volumeName) keys.push(VOLUME + pv.metadata.name);
      }
    }
    return keys;
  }

  private onVolume(e: WatchEvent<PersistentVolume>): string[] {
    const pv = e.object;
    const keys = e.type === 'DELETED' ? [] : [VOLUME + pv.metadata.name];
    const ref = pv.spec.claimRef;
    if (ref?.name) keys.push(`${CLAIM}${ref.namespace ?? 'default'}/${ref.name}`);
    // A volume that became Available may fit a waiting claim.
    if (!ref && pv.status?.phase === 'Available' && e.oldObject?.status?.phase !== 'Available') {
      for (const k of this.pending) keys.push(CLAIM + k);
    }
    return keys;
  }

  /** Only a pod that has just been bound to a node and uses claims needs the PreBind step. */
  private onPod(e: WatchEvent<Pod>): string | undefined {
    if (e.type === 'DELETED') return undefined;
    const pod = e.object, old = e.oldObject;
    if (!pod.spec.nodeName || (old && old.spec.nodeName) || !pod.spec.volumes?.length) return undefined;
    return podClaimNames(pod).length ? POD + keyOf(pod) : undefined;
  }

  protected reconcile(key: string): void {
    if (key.startsWith(CLAIM)) return this.syncClaim(key.slice(CLAIM.length));
    if (key.startsWith(VOLUME)) return this.syncVolume(key.slice(VOLUME.length));
    if (key.startsWith(POD)) return this.preBind(key.slice(POD.length));
  }

  // ---- claims ----

  private syncClaim(key: string): void {
    const [ns, name] = splitKey(key);
    const pvc = this.store.tryGet<PersistentVolumeClaim>('PersistentVolumeClaim', ns, name);
    if (!pvc) {
      this.pending.delete(key);
      return;
    }
    if (bindCompleted(pvc)) {
      this.pending.delete(key);
      this.syncBoundClaim(pvc);
    } else {
      this.pending.add(key);
      this.syncUnboundClaim(pvc);
    }
  }

  private syncUnboundClaim(pvc: PersistentVolumeClaim): void {
    if (pvc.spec.volumeName) return this.syncPreBoundClaim(pvc, pvc.spec.volumeName);
    if (!claimHasClass(pvc)) {
      // The DefaultStorageClass admission plugin (and retroactive assignment) give a class-less claim the default.
      const def = defaultClass(this.store);
      if (def) {
        this.store.update<PersistentVolumeClaim>({ ...pvc, spec: { ...pvc.spec, storageClassName: def.metadata.name } });
        return;
      }
    }
    const className = claimClass(pvc);
    const cls = className ? this.store.tryGet<StorageClass>('StorageClass', undefined, className) : undefined;
    const delay = cls?.volumeBindingMode === 'WaitForFirstConsumer';
    const volume = findMatchingVolume(this.store.select<PersistentVolume>('PersistentVolume'), pvc, delay);
    if (volume) return this.bind(volume, pvc);
    if (delay && !pvc.metadata.annotations?.[ANN_SELECTED_NODE]) {
      this.engine.events.record(pvc, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding', SOURCE);
    } else if (className) {
      this.provisionClaim(pvc, className, cls);
    } else {
      this.engine.events.record(pvc, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set', SOURCE);
    }
    this.setClaimPhase(pvc, 'Pending');
  }

  /** The user named the volume: bind when it is free (or already ours), else wait. */
  private syncPreBoundClaim(pvc: PersistentVolumeClaim, volumeName: string): void {
    const pv = this.store.tryGet<PersistentVolume>('PersistentVolume', undefined, volumeName);
    if (pv && (!pv.spec.claimRef || isVolumeBoundToClaim(pv, pvc))) {
      const fits = findMatchingVolume([pv], pvc, false);
      if (fits || isVolumeBoundToClaim(pv, pvc)) return this.bind(pv, pvc);
      this.engine.events.record(pvc, 'Warning', 'FailedBinding', `Cannot bind to requested volume "${volumeName}": requested PV is too small`, SOURCE);
    } else if (pv) {
      this.engine.events.record(pvc, 'Warning', 'FailedBinding', `volume "${volumeName}" already bound to a different claim.`, SOURCE);
    }
    this.setClaimPhase(pvc, 'Pending');
  }

  private syncBoundClaim(pvc: PersistentVolumeClaim): void {
    const name = pvc.spec.volumeName;
    if (!name) return this.lose(pvc, 'ClaimLost', 'Bound claim has lost reference to PersistentVolume. Data on the volume is lost!');
    const pv = this.store.tryGet<PersistentVolume>('PersistentVolume', undefined, name);
    if (!pv) return this.lose(pvc, 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!');
    if (!pv.spec.claimRef || pv.spec.claimRef.uid === pvc.metadata.uid) return this.bind(pv, pvc);
    this.lose(pvc, 'ClaimMisbound', 'Two claims are bound to the same volume, this one is bound incorrectly');
  }

  private lose(pvc: PersistentVolumeClaim, reason: string, message: string): void {
    if (pvc.status?.phase !== 'Lost') this.engine.events.record(pvc, 'Warning', reason, message, SOURCE);
    this.setClaimPhase(pvc, 'Lost');
  }

  /** Hand the claim to its class's provisioner (always external here: the simulated provisioner answers). */
  private provisionClaim(pvc: PersistentVolumeClaim, className: string, cls: StorageClass | undefined): void {
    if (pvc.metadata.deletionTimestamp) return;
    if (!cls) {
      this.engine.events.record(pvc, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${className}" not found`, SOURCE);
      return;
    }
    if (cls.provisioner === NO_PROVISIONER) {
      this.engine.events.record(pvc, 'Warning', 'ProvisioningFailed', `no volume plugin matched name: ${NO_PROVISIONER}`, SOURCE);
      return;
    }
    const ann = pvc.metadata.annotations ?? {};
    if (ann[ANN_STORAGE_PROVISIONER] !== cls.provisioner || ann[ANN_BETA_STORAGE_PROVISIONER] !== cls.provisioner) {
      pvc = this.store.update<PersistentVolumeClaim>({
        ...pvc, metadata: { ...pvc.metadata, annotations: { ...ann, [ANN_BETA_STORAGE_PROVISIONER]: cls.provisioner, [ANN_STORAGE_PROVISIONER]: cls.provisioner } },
      });
    }
    this.engine.events.record(pvc, 'Normal', 'ExternalProvisioning', externalProvisioningMessage(cls.provisioner), SOURCE);
  }

  /** Bind both sides: the volume's claimRef and phase, then the claim's volumeName, annotations and status. */
  private bind(pv: PersistentVolume, pvc: PersistentVolumeClaim): void {
    const ref = pv.spec.claimRef;
    if (!ref || ref.name !== pvc.metadata.name || ref.namespace !== pvc.metadata.namespace || ref.uid !== pvc.metadata.uid) {
      const annotations = { ...pv.metadata.annotations };
      if (!isVolumeBoundToClaim(pv, pvc)) annotations[ANN_BOUND_BY_CONTROLLER] = 'yes';
      pv = this.store.update<PersistentVolume>({ ...pv, metadata: { ...pv.metadata, annotations }, spec: { ...pv.spec, claimRef: claimReference(pvc) } });
    }
    this.setVolumePhase(pv, 'Bound');
    const ann = pvc.metadata.annotations ?? {};
    if (pvc.spec.volumeName !== pv.metadata.name || ann[ANN_BIND_COMPLETED] !== 'yes') {
      const annotations: Record<string, string> = { ...ann, [ANN_BIND_COMPLETED]: 'yes' };
      if (pvc.spec.volumeName !== pv.metadata.name) annotations[ANN_BOUND_BY_CONTROLLER] = 'yes';
      pvc = this.store.update<PersistentVolumeClaim>({ ...pvc, metadata: { ...pvc.metadata, annotations }, spec: { ...pvc.spec, volumeName: pv.metadata.name } });
    }
    this.pending.delete(keyOf(pvc));
    const status = { ...pvc.status, phase: 'Bound' as const, accessModes: pv.spec.accessModes, capacity: pv.spec.capacity };
    this.store.updateStatus<PersistentVolumeClaim>({ ...pvc, status });
  }

  private setClaimPhase(pvc: PersistentVolumeClaim, phase: 'Pending' | 'Lost'): void {
    if (pvc.status?.phase === phase) return;
    const status = { ...pvc.status, phase };
    if (phase === 'Lost') delete status.capacity;
    this.store.updateStatus<PersistentVolumeClaim>({ ...pvc, status });
  }

  // ---- volumes ----

  private syncVolume(name: string): void {
    const pv = this.store.tryGet<PersistentVolume>('PersistentVolume', undefined, name);
    if (!pv) return;
    const ref = pv.spec.claimRef;
    if (!ref || !ref.uid) {
      this.setVolumePhase(pv, 'Available');
      return;
    }
    let pvc = this.store.tryGet<PersistentVolumeClaim>('PersistentVolumeClaim', ref.namespace ?? 'default', ref.name ?? '');
    if (pvc && pvc.metadata.uid !== ref.uid) pvc = undefined;
    if (!pvc) return this.release(pv);
    if (!pvc.spec.volumeName) {
      // Binding (or provisioning) is half done: the claim's sync finishes it.
      this.queue.add(CLAIM + keyOf(pvc));
      return;
    }
    if (pvc.spec.volumeName === pv.metadata.name) {
      this.setVolumePhase(pv, 'Bound');
      return;
    }
    // The claim went to another volume. A volume we bound is freed; one provisioned for it is reclaimed.
    if (pv.metadata.annotations?.[ANN_BOUND_BY_CONTROLLER]) {
      if (pv.metadata.annotations[ANN_PROVISIONED_BY] && pv.spec.persistentVolumeReclaimPolicy === 'Delete') return this.release(pv);
      const annotations = { ...pv.metadata.annotations };
      delete annotations[ANN_BOUND_BY_CONTROLLER];
      const spec = { ...pv.spec };
      delete spec.claimRef;
      this.store.update<PersistentVolume>({ ...pv, metadata: { ...pv.metadata, annotations }, spec });
    }
  }

  /** The claim is gone: the volume is Released, then reclaimed by its policy. */
  private release(pv: PersistentVolume): void {
    const phase = pv.status?.phase;
    if (phase !== 'Released' && phase !== 'Failed') pv = this.setVolumePhase(pv, 'Released');
    if (pv.status?.phase === 'Failed') return;
    switch (pv.spec.persistentVolumeReclaimPolicy ?? 'Retain') {
      case 'Retain':
        return; // Released until an administrator deals with it
      case 'Recycle':
        this.failVolume(pv, 'VolumeFailedRecycle', 'No recycler plugin found for the volume!');
        return;
      case 'Delete':
        // A provisioned (CSI) volume is deleted by its provisioner; others have no deleter here.
        if (pv.metadata.annotations?.[ANN_PROVISIONED_BY] || pv.spec.csi) return;
        this.failVolume(pv, 'VolumeFailedDelete', `error getting deleter volume plugin for volume "${pv.metadata.name}": no deletable volume plugin matched`);
    }
  }

  private failVolume(pv: PersistentVolume, reason: string, message: string): void {
    this.engine.events.record(pv, 'Warning', reason, message, SOURCE);
    this.store.updateStatus<PersistentVolume>({ ...pv, status: { phase: 'Failed', message } });
  }

  private setVolumePhase(pv: PersistentVolume, phase: 'Available' | 'Bound' | 'Released'): PersistentVolume {
    if (pv.status?.phase === phase && !pv.status.message) return pv;
    return this.store.updateStatus<PersistentVolume>({ ...pv, status: { phase } });
  }

  // ---- PreBind (the scheduler's VolumeBinding step, see the file comment) ----

  private preBind(key: string): void {
    const [ns, name] = splitKey(key);
    const pod = this.store.tryGet<Pod>('Pod', ns, name);
    if (!pod?.spec.nodeName || pod.metadata.deletionTimestamp) return;
    const node = this.store.tryGet<Node>('Node', undefined, pod.spec.nodeName);
    if (!node) return;
    for (const claimName of podClaimNames(pod)) {
      const pvc = this.store.tryGet<PersistentVolumeClaim>('PersistentVolumeClaim', ns, claimName);
      if (!pvc || pvc.spec.volumeName || bindCompleted(pvc) || pvc.metadata.annotations?.[ANN_SELECTED_NODE]) continue;
      const className = claimClass(pvc);
      const cls = className ? this.store.tryGet<StorageClass>('StorageClass', undefined, className) : undefined;
      if (cls?.volumeBindingMode !== 'WaitForFirstConsumer') continue;
      const pv = findMatchingVolume(this.store.select<PersistentVolume>('PersistentVolume'), pvc, true, node);
      if (pv) {
        // Static binding: pre-bind the volume; the claim's sync completes it.
        const annotations = { ...pv.metadata.annotations, [ANN_BOUND_BY_CONTROLLER]: 'yes' };
        this.store.update<PersistentVolume>({ ...pv, metadata: { ...pv.metadata, annotations }, spec: { ...pv.spec, claimRef: claimReference(pvc) } });
        continue;
      }
      const annotations = { ...pvc.metadata.annotations, [ANN_SELECTED_NODE]: node.metadata.name! };
      this.store.update<PersistentVolumeClaim>({ ...pvc, metadata: { ...pvc.metadata, annotations } });
    }
  }
}
