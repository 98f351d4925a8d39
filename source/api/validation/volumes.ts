/** Pod volumes (ValidateVolumes / validateVolumeSource): unique DNS-label names, exactly one source each. */
import { child, duplicate, type Errs, forbidden, index, invalid, type Obj, objItems, readArr, readInt, readObj, readStr, required } from './field.js';
import { dns1123LabelErrors } from './names.js';
import { quantityAt } from './resources.js';

/** Volume source fields in upstream's checking order (the first one present wins, later ones are "more than 1"). */
const SOURCES = [
  'emptyDir', 'hostPath', 'gitRepo', 'gcePersistentDisk', 'awsElasticBlockStore', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'flocker', 'persistentVolumeClaim', 'rbd', 'cinder', 'cephfs', 'quobyte', 'downwardAPI', 'fc', 'flexVolume', 'configMap',
  'azureFile', 'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'storageos', 'projected', 'scaleIO',
  'csi', 'ephemeral', 'image',
];
const FILE_MODE_MSG = 'must be a number between 0 and 0777 (octal), both inclusive';

function fileMode(errs: Errs, src: Obj, key: string, path: string): void {
  const mode = readInt(errs, src, key, path);
  if (mode !== undefined && (mode < 0 || mode > 0o777)) invalid(errs, child(path, key), mode, FILE_MODE_MSG);
}

function requiredString(errs: Errs, src: Obj, key: string, path: string): void {
  if (!readStr(errs, src, key, path) && (src[key] === undefined || src[key] === null || src[key] === '')) required(errs, child(path, key));
}

/** Checks for the sources the simulator can meet in real manifests; the rest only need to be objects. */
function validateSource(errs: Errs, type: string, src: Obj, path: string): void {
  switch (type) {
    case 'emptyDir': {
      const q = quantityAt(errs, src.sizeLimit, child(path, 'sizeLimit'));
      if (q && q.nano < 0n) forbidden(errs, child(path, 'sizeLimit'), 'SizeLimit field must be a valid resource quantity');
      readStr(errs, src, 'medium', path);
      break;
    }
    case 'hostPath':
      requiredString(errs, src, 'path', path);
      break;
    case 'secret':
      requiredString(errs, src, 'secretName', path);
      fileMode(errs, src, 'defaultMode', path);
      break;
    case 'configMap':
      requiredString(errs, src, 'name', path);
      fileMode(errs, src, 'defaultMode', path);
      break;
    case 'downwardAPI': case 'projected':
      fileMode(errs, src, 'defaultMode', path);
      break;
    case 'persistentVolumeClaim':
      requiredString(errs, src, 'claimName', path);
      break;
    case 'nfs': {
      requiredString(errs, src, 'server', path);
      requiredString(errs, src, 'path', path);
      const p = typeof src.path === 'string' ? src.path : '';
      if (!p.startsWith('/')) invalid(errs, child(path, 'path'), p, 'must be an absolute path');
      break;
    }
    case 'csi':
      requiredString(errs, src, 'driver', path);
      break;
  }
}

/** validateVolumeSource: exactly one source; returns whether the volume had no errors. */
function validateVolume(errs: Errs, vol: Obj, path: string): void {
  let count = 0;
  for (const type of SOURCES) {
    if (vol[type] === undefined || vol[type] === null) continue;
    if (count > 0) {
      forbidden(errs, child(path, type), 'may not specify more than 1 volume type');
      continue;
    }
    count++;
    const src = readObj(errs, vol, type, path);
    if (src) validateSource(errs, type, src, child(path, type));
  }
  if (count === 0) required(errs, path, 'must specify a volume type');
}

/**
 * ValidateVolumes. Returns the names of the volumes that passed, which is what volumeMounts may refer to
 * (as upstream, a broken volume is not mountable, so its mounts also report Not found).
 */
export function validateVolumes(errs: Errs, spec: Obj, path: string): Set<string> {
  const names = new Set<string>();
  const list = readArr(errs, spec, 'volumes', path);
  if (!list) return names;
  const base = child(path, 'volumes');
  for (const [vol, i] of objItems(errs, list, base)) {
    const p = index(base, i);
    const before = errs.length;
    validateVolume(errs, vol, p);
    const name = readStr(errs, vol, 'name', p) ?? '';
    if (!name) required(errs, child(p, 'name'));
    else for (const msg of dns1123LabelErrors(name)) invalid(errs, child(p, 'name'), name, msg);
    if (names.has(name)) duplicate(errs, child(p, 'name'), name);
    if (errs.length === before) names.add(name);
  }
  return names;
}
