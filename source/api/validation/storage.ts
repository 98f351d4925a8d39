/** PersistentVolumeClaim, PersistentVolume and StorageClass (core and storage.k8s.io validation). */
import { compareQuantities, formatQuantity } from '../quantity.js';
import {
  child, type Errs, forbidden, invalid, invalidText, isObj, jsonEqual, notSupported, type Obj, oneOf, readBool, readObj, readStr,
  readStrArr, readStrMap, required,
} from './field.js';
import { diffSummary } from './go-format.js';
import { IMMUTABLE, validateLabelSelector } from './meta.js';
import { dns1123SubdomainErrors, qualifiedNameErrors } from './names.js';
import { quantityAt, validateResourceList } from './resources.js';
import { validateNodeSelector } from './scheduling.js';
import { specOf } from './workloads.js';

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const VOLUME_MODES = ['Block', 'Filesystem'];
const PV_SOURCES = [
  'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'glusterfs', 'flocker', 'nfs', 'rbd', 'quobyte', 'cephfs', 'iscsi',
  'cinder', 'fc', 'flexVolume', 'azureFile', 'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'scaleIO',
  'local', 'storageos', 'csi',
];

function validateAccessModes(errs: Errs, spec: Obj, path: string, requiredDetail: string): void {
  const modes = readStrArr(errs, spec, 'accessModes', path) ?? [];
  const field = child(path, 'accessModes');
  if (modes.length === 0) required(errs, field, requiredDetail);
  let rwop = false, other = false;
  for (const m of modes) {
    if (!ACCESS_MODES.includes(m)) notSupported(errs, field, m, ACCESS_MODES);
    if (m === 'ReadWriteOncePod') rwop = true;
    else if (ACCESS_MODES.includes(m)) other = true;
  }
  if (rwop && other) forbidden(errs, field, 'may not use ReadWriteOncePod with other access modes');
}

function className(errs: Errs, spec: Obj, path: string): void {
  const name = readStr(errs, spec, 'storageClassName', path);
  if (name) for (const msg of dns1123SubdomainErrors(name)) invalid(errs, child(path, 'storageClassName'), name, msg);
}

/** ValidatePersistentVolumeClaimSpec (also used for StatefulSet volumeClaimTemplates by the controller). */
export function validatePvcSpec(errs: Errs, spec: Obj, path: string): void {
  validateAccessModes(errs, spec, path, 'at least 1 access mode is required');
  validateLabelSelector(errs, spec, 'selector', path);
  const resources = readObj(errs, spec, 'resources', path) ?? {};
  const rp = child(path, 'resources');
  validateResourceList(errs, resources, 'limits', rp, 'none');
  const requests = validateResourceList(errs, resources, 'requests', rp, 'none');
  const storage = requests.get('storage');
  // Upstream keys this error on `resources`, not `resources.requests`.
  const storageField = `${rp}[storage]`;
  if (!storage) {
    const raw = isObj(resources.requests) ? resources.requests.storage : undefined;
    if (raw === undefined || raw === null) required(errs, storageField);
  } else if (storage.nano <= 0n) invalid(errs, storageField, formatQuantity(storage), 'must be greater than zero');
  className(errs, spec, path);
  const mode = readStr(errs, spec, 'volumeMode', path);
  if (mode !== undefined && !VOLUME_MODES.includes(mode)) notSupported(errs, child(path, 'volumeMode'), mode, VOLUME_MODES);
  readStr(errs, spec, 'volumeName', path);
}

/** ValidatePersistentVolumeClaim. */
export function validatePvc(errs: Errs, obj: Obj): void {
  const spec = specOf(errs, obj);
  if (spec) validatePvcSpec(errs, spec, 'spec');
}

function storageOf(spec: Obj): unknown {
  return isObj(spec.resources) && isObj(spec.resources.requests) ? spec.resources.requests.storage : undefined;
}

/** ValidatePersistentVolumeClaimUpdate: only volumeName (once), a first storageClassName and, when bound, requests may change. */
export function validatePvcUpdate(errs: Errs, obj: Obj, old: Obj): void {
  const spec = isObj(obj.spec) ? obj.spec : {};
  const before = isObj(old.spec) ? old.spec : {};
  const now: Obj = { ...spec };
  const was: Obj = { ...before };
  if (!was.volumeName) was.volumeName = now.volumeName;
  if ((was.storageClassName === undefined || was.storageClassName === null) && now.storageClassName !== undefined) was.storageClassName = now.storageClassName;
  const bound = isObj(obj.status) && obj.status.phase === 'Bound';
  if (bound && isObj(now.resources) && isObj(was.resources)) {
    now.resources = { ...now.resources, requests: { ...(isObj(now.resources.requests) ? now.resources.requests : {}), storage: storageOf(was) } };
  }
  if (!jsonEqual(now, was)) {
    forbidden(errs, 'spec', `spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n${diffSummary(was, now, 'spec')}`);
  }
  const scratch: Errs = [];
  const newSize = quantityAt(scratch, storageOf(spec), 'x');
  const oldSize = quantityAt(scratch, storageOf(before), 'x');
  const capacity = isObj(old.status) && isObj(old.status.capacity) ? quantityAt(scratch, old.status.capacity.storage, 'x') : undefined;
  if (newSize && oldSize && compareQuantities(newSize, oldSize) < 0 && (!capacity || compareQuantities(newSize, capacity) <= 0)) {
    forbidden(errs, 'spec.resources.requests.storage', 'field can not be less than status.capacity');
  }
  if (spec.volumeMode !== before.volumeMode) invalid(errs, 'volumeMode', spec.volumeMode ?? null, IMMUTABLE);
}

/** ValidatePersistentVolumeSpec. */
export function validatePv(errs: Errs, obj: Obj): void {
  const spec = specOf(errs, obj);
  if (!spec) return;
  validateAccessModes(errs, spec, 'spec', '');
  const capacity = validateResourceList(errs, spec, 'capacity', 'spec', 'none');
  const rawCapacity = isObj(spec.capacity) ? spec.capacity : {};
  if (Object.keys(rawCapacity).length === 0) required(errs, 'spec.capacity');
  if (!('storage' in rawCapacity) || Object.keys(rawCapacity).length > 1) {
    notSupported(errs, 'spec.capacity', rawCapacity, ['storage']);
  }
  for (const [name, q] of capacity) if (q.nano <= 0n) invalid(errs, `spec.capacity[${name}]`, formatQuantity(q), 'must be greater than zero');
  const policy = readStr(errs, spec, 'persistentVolumeReclaimPolicy', 'spec');
  if (policy) oneOf(errs, 'spec.persistentVolumeReclaimPolicy', policy, ['Delete', 'Recycle', 'Retain']);
  const affinity = readObj(errs, spec, 'nodeAffinity', 'spec');
  if (affinity) {
    const req = readObj(errs, affinity, 'required', 'spec.nodeAffinity');
    if (req) validateNodeSelector(errs, req, 'spec.nodeAffinity.required');
    else required(errs, 'spec.nodeAffinity.required', 'must specify required node constraints');
  }
  let sources = 0;
  for (const source of PV_SOURCES) {
    if (spec[source] === undefined || spec[source] === null) continue;
    if (sources++ > 0) {
      forbidden(errs, `spec.${source}`, 'may not specify more than 1 volume type');
      continue;
    }
    const src = readObj(errs, spec, source, 'spec');
    if (src && (source === 'hostPath' || source === 'local') && !src.path) required(errs, `spec.${source}.path`);
    if (source === 'local' && !affinity) required(errs, 'spec.nodeAffinity', 'Local volume requires node affinity');
  }
  if (sources === 0) required(errs, 'spec', 'must specify a volume type');
  className(errs, spec, 'spec');
  const mode = readStr(errs, spec, 'volumeMode', 'spec');
  if (mode !== undefined && !VOLUME_MODES.includes(mode)) notSupported(errs, 'spec.volumeMode', mode, VOLUME_MODES);
}

/** ValidatePersistentVolumeUpdate: the volume source, volumeMode and (once set) nodeAffinity are fixed. */
export function validatePvUpdate(errs: Errs, obj: Obj, old: Obj): void {
  const spec = isObj(obj.spec) ? obj.spec : {};
  const before = isObj(old.spec) ? old.spec : {};
  const pick = (s: Obj): Obj => Object.fromEntries(PV_SOURCES.filter((k) => s[k] !== undefined).map((k) => [k, s[k]]));
  if (!jsonEqual(pick(spec), pick(before))) {
    forbidden(errs, 'spec.persistentvolumesource', `spec.persistentvolumesource is immutable after creation\n${diffSummary(pick(before), pick(spec), 'spec')}`);
  }
  if (spec.volumeMode !== before.volumeMode) invalid(errs, 'volumeMode', spec.volumeMode ?? null, IMMUTABLE);
  if (before.nodeAffinity !== undefined && !jsonEqual(spec.nodeAffinity, before.nodeAffinity)) {
    invalidText(errs, 'nodeAffinity', '&core.VolumeNodeAffinity{...}', `${IMMUTABLE}, except for updating from beta label to GA`);
  }
}

/** ValidateStorageClass (+ the update rules: parameters, provisioner, reclaimPolicy and binding mode are fixed). */
export function validateStorageClass(errs: Errs, obj: Obj, old?: Obj): void {
  const provisioner = readStr(errs, obj, 'provisioner', '') ?? '';
  if (!provisioner) required(errs, 'provisioner');
  else for (const msg of qualifiedNameErrors(provisioner.toLowerCase())) invalid(errs, 'provisioner', provisioner, msg);
  const params = readStrMap(errs, obj, 'parameters', '');
  if (params) for (const k of Object.keys(params)) if (!k) invalid(errs, 'parameters', k, 'field can not be empty.');
  const reclaim = readStr(errs, obj, 'reclaimPolicy', '');
  if (reclaim) oneOf(errs, 'reclaimPolicy', reclaim, ['Delete', 'Retain']);
  oneOf(errs, 'volumeBindingMode', readStr(errs, obj, 'volumeBindingMode', ''), ['Immediate', 'WaitForFirstConsumer']);
  readBool(errs, obj, 'allowVolumeExpansion', '');
  if (!old) return;
  if (!jsonEqual(obj.parameters, old.parameters)) forbidden(errs, 'parameters', 'updates to parameters are forbidden.');
  if (obj.provisioner !== old.provisioner) forbidden(errs, 'provisioner', 'updates to provisioner are forbidden.');
  if (obj.reclaimPolicy !== old.reclaimPolicy) forbidden(errs, 'reclaimPolicy', 'updates to reclaimPolicy are forbidden.');
  if (obj.volumeBindingMode !== old.volumeBindingMode) invalid(errs, 'volumeBindingMode', obj.volumeBindingMode ?? null, IMMUTABLE);
}
