/**
 * A simulated CSI external-provisioner serving every StorageClass provisioner (except
 * `kubernetes.io/no-provisioner`): it creates the volume `pvc-<claim uid>` a few seconds after the PV controller
 * hands it a claim — for WaitForFirstConsumer, only once a node is selected, and pinned to that node's zone — and
 * deletes Released volumes whose reclaim policy is Delete. Volumes are zonal: the PV's node affinity names one
 * `topology.kubernetes.io/zone`, chosen from the class's allowedTopologies or the cluster's zones when binding
 * is Immediate.
 */
import type { Node, PersistentVolume, PersistentVolumeClaim } from '../../api/core.js';
import type { StorageClass } from '../../api/cluster-kinds.js';
import { isApiError } from '../../api/errors.js';
import { Controller, keyOf, splitKey } from '../../engine/controller.js';
import type { Engine } from '../../engine/engine.js';
import type { WatchEvent } from '../../store/watch.js';
import {
  ANN_BETA_STORAGE_PROVISIONER, ANN_PROVISIONED_BY, ANN_SELECTED_NODE, ANN_STORAGE_PROVISIONER, LABEL_ZONE, NO_PROVISIONER,
  PV_PROTECTION_FINALIZER, bindCompleted, claimReference, classOf,
} from './volumes.js';

export interface ProvisionerOptions {
  /** Simulated time to create a volume (default 3 s). */
  provisioningDelaySeconds?: number;
  /** Simulated time to delete a released volume (default 1 s). */
  deletionDelaySeconds?: number;
  /** Which provisioner names are served (default: all but kubernetes.io/no-provisioner). */
  serves?: (provisioner: string) => boolean;
}

const CLAIM = 'claim:';
const PROVISION = 'provision:';
const VOLUME = 'volume:';
const DELETE = 'delete:';

export class ExternalProvisionerController extends Controller {
  private readonly provisionMs: number;
  private readonly deleteMs: number;
  private readonly serves: (p: string) => boolean;
  /** Claims whose volume is being created: key → claim uid. */
  private readonly inFlight = new Map<string, string>();
  /** Volumes whose deletion is under way. */
  private readonly deleting = new Set<string>();

  constructor(engine: Engine, opts: ProvisionerOptions = {}) {
    super('external-provisioner', engine);
    this.provisionMs = (opts.provisioningDelaySeconds ?? 3) * 1000;
    this.deleteMs = (opts.deletionDelaySeconds ?? 1) * 1000;
    this.serves = opts.serves ?? ((p) => p !== NO_PROVISIONER);
    this.watch({ kind: 'PersistentVolumeClaim' }, (e) => this.onClaim(e as WatchEvent<PersistentVolumeClaim>));
    this.watch({ kind: 'PersistentVolume' }, (e) => (e.type === 'DELETED' ? undefined : VOLUME + e.object.metadata.name));
  }

  private onClaim(e: WatchEvent<PersistentVolumeClaim>): string | undefined {
    const pvc = e.object;
    if (e.type === 'DELETED') {
      this.inFlight.delete(keyOf(pvc));
      return undefined;
    }
    return provisionerOf(pvc) ? CLAIM + keyOf(pvc) : undefined;
  }

  protected reconcile(key: string): void {
    if (key.startsWith(CLAIM)) return this.syncClaim(key.slice(CLAIM.length), false);
    if (key.startsWith(PROVISION)) return this.syncClaim(key.slice(PROVISION.length), true);
    if (key.startsWith(VOLUME)) return this.syncVolume(key.slice(VOLUME.length));
    if (key.startsWith(DELETE)) return this.deleteVolume(key.slice(DELETE.length));
  }

  /** The claim and its class, when this provisioner should (still) create a volume for it. */
  private wanted(key: string): { pvc: PersistentVolumeClaim; cls: StorageClass; provisioner: string } | undefined {
    const [ns, name] = splitKey(key);
    const pvc = this.store.tryGet<PersistentVolumeClaim>('PersistentVolumeClaim', ns, name);
    if (!pvc || pvc.metadata.deletionTimestamp || pvc.spec.volumeName || bindCompleted(pvc)) return undefined;
    const provisioner = provisionerOf(pvc);
    if (!provisioner || !this.serves(provisioner)) return undefined;
    const cls = classOf(this.store, pvc);
    if (!cls || cls.provisioner !== provisioner) return undefined;
    if (cls.volumeBindingMode === 'WaitForFirstConsumer' && !pvc.metadata.annotations?.[ANN_SELECTED_NODE]) return undefined;
    if (this.store.tryGet('PersistentVolume', undefined, volumeName(pvc))) return undefined;
    return { pvc, cls, provisioner };
  }

  private syncClaim(key: string, due: boolean): void {
    const w = this.wanted(key);
    if (!w) {
      this.inFlight.delete(key);
      return;
    }
    // A claim re-created under the same name starts over.
    if (this.inFlight.has(key) && this.inFlight.get(key) !== w.pvc.metadata.uid) this.inFlight.delete(key);
    const { pvc, cls, provisioner } = w;
    const source = { component: provisioner };
    if (!due) {
      if (this.inFlight.has(key)) return;
      if (pvc.spec.selector) {
        this.engine.events.record(pvc, 'Warning', 'ProvisioningFailed', 'claim Selector is not supported', source);
        return;
      }
      this.inFlight.set(key, pvc.metadata.uid!);
      this.engine.events.record(pvc, 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim "${key}"`, source);
      this.queue.addAfter(PROVISION + key, this.provisionMs);
      return;
    }
    if (this.inFlight.get(key) !== pvc.metadata.uid) return;
    this.inFlight.delete(key);
    const zone = this.zoneFor(pvc, cls, source);
    if (zone === null) return;
    const pv = provisionedVolume(pvc, cls, provisioner, zone);
    try {
      this.store.create<PersistentVolume>(pv);
    } catch (err) {
      if (isApiError(err, 'AlreadyExists')) return;
      throw err;
    }
    this.engine.events.record(pvc, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${pv.metadata.name}`, source);
  }

  /**
   * The zone the volume lives in: the selected node's (WaitForFirstConsumer), else one of the class's allowed
   * zones or of the cluster's nodes, picked at random. undefined = no zone; null = failed (event recorded).
   */
  private zoneFor(pvc: PersistentVolumeClaim, cls: StorageClass, source: { component: string }): string | undefined | null {
    const selected = pvc.metadata.annotations?.[ANN_SELECTED_NODE];
    if (selected) {
      const node = this.store.tryGet<Node>('Node', undefined, selected);
      if (!node) {
        this.engine.events.record(pvc, 'Warning', 'ProvisioningFailed', `failed to get target node: node "${selected}" not found`, source);
        // Let the scheduler pick again (rescheduleProvisioning).
        const annotations = { ...pvc.metadata.annotations };
        delete annotations[ANN_SELECTED_NODE];
        this.store.update<PersistentVolumeClaim>({ ...pvc, metadata: { ...pvc.metadata, annotations } });
        return null;
      }
      return node.metadata.labels?.[LABEL_ZONE];
    }
    const allowed = new Set<string>();
    for (const term of cls.allowedTopologies ?? []) {
      for (const e of term.matchLabelExpressions ?? []) if (e.key === LABEL_ZONE) for (const v of e.values) allowed.add(v);
    }
    if (!allowed.size) {
      for (const node of this.store.select<Node>('Node')) {
        const z = node.metadata.labels?.[LABEL_ZONE];
        if (z) allowed.add(z);
      }
    }
    if (!allowed.size) return undefined;
    const zones = [...allowed].sort();
    return zones[this.engine.random.int(zones.length)];
  }

  // ---- reclaim: Delete ----

  private syncVolume(name: string): void {
    const pv = this.store.tryGet<PersistentVolume>('PersistentVolume', undefined, name);
    if (!pv || this.deleting.has(name) || !this.reclaimable(pv)) return;
    this.deleting.add(name);
    this.queue.addAfter(DELETE + name, this.deleteMs);
  }

  private reclaimable(pv: PersistentVolume): boolean {
    if (pv.status?.phase !== 'Released' || pv.spec.persistentVolumeReclaimPolicy !== 'Delete' || pv.metadata.deletionTimestamp) return false;
    const by = pv.metadata.annotations?.[ANN_PROVISIONED_BY] ?? pv.spec.csi?.driver;
    return by !== undefined && this.serves(by);
  }

  private deleteVolume(name: string): void {
    this.deleting.delete(name);
    const pv = this.store.tryGet<PersistentVolume>('PersistentVolume', undefined, name);
    if (!pv || !this.reclaimable(pv)) return;
    try {
      this.store.delete('PersistentVolume', undefined, name, { preconditions: { uid: pv.metadata.uid } });
    } catch (err) {
      if (!isApiError(err)) throw err;
    }
  }
}

/** The provisioner the PV controller assigned to the claim. */
function provisionerOf(pvc: PersistentVolumeClaim): string | undefined {
  const a = pvc.metadata.annotations;
  return a?.[ANN_STORAGE_PROVISIONER] ?? a?.[ANN_BETA_STORAGE_PROVISIONER];
}

function volumeName(pvc: PersistentVolumeClaim): string {
  return `pvc-${pvc.metadata.uid}`;
}

/** The PersistentVolume a CSI driver's provisioner creates for the claim. */
function provisionedVolume(pvc: PersistentVolumeClaim, cls: StorageClass, provisioner: string, zone: string | undefined): PersistentVolume {
  const name = volumeName(pvc);
  const pv: PersistentVolume = {
    apiVersion: 'v1', kind: 'PersistentVolume',
    metadata: { name, annotations: { [ANN_PROVISIONED_BY]: provisioner }, finalizers: [PV_PROTECTION_FINALIZER] },
    spec: {
      accessModes: pvc.spec.accessModes,
      capacity: { storage: pvc.spec.resources?.requests?.storage ?? '1Gi' },
      claimRef: claimReference(pvc),
      persistentVolumeReclaimPolicy: cls.reclaimPolicy ?? 'Delete',
      storageClassName: cls.metadata.name,
      volumeMode: pvc.spec.volumeMode ?? 'Filesystem',
      csi: { driver: provisioner, volumeHandle: `vol-${(pvc.metadata.uid ?? '').replace(/-/g, '').slice(0, 17)}`, fsType: 'ext4' } as PersistentVolume['spec']['csi'],
    },
  };
  if (zone) pv.spec.nodeAffinity = { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: LABEL_ZONE, operator: 'In', values: [zone] }] }] } };
  return pv;
}
