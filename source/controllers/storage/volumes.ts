/**
 * Storage vocabulary shared by the PV controller, the simulated provisioner and the protection controllers:
 * well-known annotations, class look-ups (beta annotation first, as upstream), and FindMatchingVolume.
 */
import type { Node, ObjectReference, PersistentVolume, PersistentVolumeClaim, Pod } from '../../api/core.js';
import type { StorageClass } from '../../api/cluster-kinds.js';
import { isApiError } from '../../api/errors.js';
import { toUnits } from '../../api/quantity.js';
import { labelSelectorFromObject, matchesNodeSelectorTerms } from '../../api/selectors.js';
import type { ApiStore } from '../../store/store.js';

export const ANN_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
export const ANN_BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
export const ANN_PROVISIONED_BY = 'pv.kubernetes.io/provisioned-by';
export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';
export const ANN_STORAGE_PROVISIONER = 'volume.kubernetes.io/storage-provisioner';
export const ANN_BETA_STORAGE_PROVISIONER = 'volume.beta.kubernetes.io/storage-provisioner';
export const ANN_BETA_STORAGE_CLASS = 'volume.beta.kubernetes.io/storage-class';
export const ANN_DEFAULT_CLASS = 'storageclass.kubernetes.io/is-default-class';
const ANN_BETA_DEFAULT_CLASS = 'storageclass.beta.kubernetes.io/is-default-class';
export const NO_PROVISIONER = 'kubernetes.io/no-provisioner';
export const LABEL_ZONE = 'topology.kubernetes.io/zone';
export const PVC_PROTECTION_FINALIZER = 'kubernetes.io/pvc-protection';
export const PV_PROTECTION_FINALIZER = 'kubernetes.io/pv-protection';

/** GetPersistentVolumeClaimClass: the beta annotation wins over spec.storageClassName; "" means no class. */
export function claimClass(pvc: PersistentVolumeClaim): string {
  return pvc.metadata.annotations?.[ANN_BETA_STORAGE_CLASS] ?? pvc.spec.storageClassName ?? '';
}

/** PersistentVolumeClaimHasClass: the user asked for a class (possibly ""). */
export function claimHasClass(pvc: PersistentVolumeClaim): boolean {
  return pvc.metadata.annotations?.[ANN_BETA_STORAGE_CLASS] !== undefined || (pvc.spec.storageClassName !== undefined && pvc.spec.storageClassName !== null);
}

/** GetPersistentVolumeClass. */
export function volumeClass(pv: PersistentVolume): string {
  return pv.metadata.annotations?.[ANN_BETA_STORAGE_CLASS] ?? pv.spec.storageClassName ?? '';
}

/** The default StorageClass: the newest one annotated as default (ties by name), as upstream picks. */
export function defaultClass(store: ApiStore): StorageClass | undefined {
  let best: StorageClass | undefined;
  for (const sc of store.select<StorageClass>('StorageClass')) {
    const a = sc.metadata.annotations;
    if (a?.[ANN_DEFAULT_CLASS] !== 'true' && a?.[ANN_BETA_DEFAULT_CLASS] !== 'true') continue;
    if (!best) { best = sc; continue; }
    const t = sc.metadata.creationTimestamp ?? '', bt = best.metadata.creationTimestamp ?? '';
    if (t > bt || (t === bt && sc.metadata.name! < best.metadata.name!)) best = sc;
  }
  return best;
}

/** The claim's class object, when it names one that exists. */
export function classOf(store: ApiStore, pvc: PersistentVolumeClaim): StorageClass | undefined {
  const name = claimClass(pvc);
  return name ? store.tryGet<StorageClass>('StorageClass', undefined, name) : undefined;
}

/** IsDelayBindingMode: the claim's class binds WaitForFirstConsumer. */
export function isDelayBinding(store: ApiStore, pvc: PersistentVolumeClaim): boolean {
  return classOf(store, pvc)?.volumeBindingMode === 'WaitForFirstConsumer';
}

export function bindCompleted(pvc: PersistentVolumeClaim): boolean {
  return pvc.metadata.annotations?.[ANN_BIND_COMPLETED] !== undefined;
}

/** IsVolumeBoundToClaim: the claimRef names the claim (and its uid, once the uid is set). */
export function isVolumeBoundToClaim(pv: PersistentVolume, pvc: PersistentVolumeClaim): boolean {
  const ref = pv.spec.claimRef;
  if (!ref || ref.name !== pvc.metadata.name || ref.namespace !== pvc.metadata.namespace) return false;
  return !ref.uid || ref.uid === pvc.metadata.uid;
}

/** A claimRef as reference.GetReference builds it. */
export function claimReference(pvc: PersistentVolumeClaim): ObjectReference {
  return {
    kind: 'PersistentVolumeClaim', namespace: pvc.metadata.namespace, name: pvc.metadata.name,
    uid: pvc.metadata.uid, apiVersion: 'v1', resourceVersion: pvc.metadata.resourceVersion,
  };
}

function storageOf(list: Record<string, string> | undefined): number {
  try {
    return toUnits(list?.storage ?? '0');
  } catch (err) {
    if (isApiError(err)) return NaN;
    throw err;
  }
}

/** Whether a PV's node affinity allows a node (CheckNodeAffinity). */
export function volumeAllowsNode(pv: PersistentVolume, node: Node): boolean {
  const terms = pv.spec.nodeAffinity?.required?.nodeSelectorTerms;
  return !terms || matchesNodeSelectorTerms(terms, node);
}

/**
 * FindMatchingVolume: a volume pre-bound to the claim wins; otherwise the smallest Available volume of the
 * claim's class whose capacity, access modes, volume mode and labels (the claim's selector) fit. Without a node,
 * a WaitForFirstConsumer claim only takes a pre-bound volume; with one, the volume must allow that node.
 */
export function findMatchingVolume(volumes: readonly PersistentVolume[], pvc: PersistentVolumeClaim, delayBinding: boolean, node?: Node): PersistentVolume | undefined {
  const requested = storageOf(pvc.spec.resources?.requests as Record<string, string> | undefined);
  const requestedClass = claimClass(pvc);
  const modes = pvc.spec.accessModes ?? [];
  let selector;
  try {
    selector = pvc.spec.selector ? labelSelectorFromObject(pvc.spec.selector) : undefined;
  } catch (err) {
    if (isApiError(err)) return undefined;
    throw err;
  }
  let best: PersistentVolume | undefined;
  let bestSize = Infinity;
  for (const pv of volumes) {
    if (pv.spec.claimRef && !isVolumeBoundToClaim(pv, pvc)) continue;
    const size = storageOf(pv.spec.capacity as Record<string, string> | undefined);
    if (!(size >= requested)) continue;
    if ((pv.spec.volumeMode ?? 'Filesystem') !== (pvc.spec.volumeMode ?? 'Filesystem')) continue;
    if (pv.metadata.deletionTimestamp) continue;
    const pvModes = pv.spec.accessModes ?? [];
    if (!modes.every((m) => pvModes.includes(m))) continue;
    const fitsNode = !node || volumeAllowsNode(pv, node);
    if (isVolumeBoundToClaim(pv, pvc)) return fitsNode ? pv : undefined;
    if (!node && delayBinding) continue;
    if (pv.status?.phase !== 'Available') continue;
    if (selector && !selector.matches(pv.metadata.labels)) continue;
    if (volumeClass(pv) !== requestedClass || !fitsNode) continue;
    if (size < bestSize) { best = pv; bestSize = size; }
  }
  return best;
}

/** The claims a pod's volumes name (persistentVolumeClaim, and generic ephemeral volumes `<pod>-<volume>`). */
export function podClaimNames(pod: Pod): string[] {
  const out: string[] = [];
  for (const v of pod.spec.volumes ?? []) {
    if (v.persistentVolumeClaim) out.push(v.persistentVolumeClaim.claimName);
    else if (v['ephemeral']) out.push(`${pod.metadata.name}-${v.name}`);
  }
  return out;
}
