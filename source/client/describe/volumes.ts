/** The Volumes block of a pod or pod template, and PV sources (describe.go describeVolumes / print*VolumeSource). */
import { tryParseQuantity } from '../../api/quantity.js';
import { NONE, int, list, present, record, str } from '../../api/print/format.js';
import { goBool, goList, printLabelsMultiline, records } from './common.js';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, type PrefixWriter } from './layout.js';

/** Writes the `Type:` line and its fields at LEVEL_2, as the print*VolumeSource helpers do. */
function fields(w: PrefixWriter, type: string, rows: [string, string][]): void {
  let s = `Type:\t${type}\n`;
  for (const [k, v] of rows) s += `    ${k}:\t${v}\n`;
  w.write(LEVEL_2, s);
}

/** One volume source (pod volume or PV spec); returns false when the source is none the describer knows. */
export function describeVolumeSource(w: PrefixWriter, source: Record<string, unknown>): boolean {
  const hostPath = present(source.hostPath);
  if (hostPath) {
    fields(w, 'HostPath (bare host directory volume)', [['Path', str(hostPath.path)], ['HostPathType', str(hostPath.type) || NONE]]);
    return true;
  }
  const emptyDir = present(source.emptyDir);
  if (emptyDir) {
    const size = tryParseQuantity(emptyDir.sizeLimit);
    const sizeLimit = size && size.nano > 0n ? str(emptyDir.sizeLimit) : '<unset>';
    fields(w, "EmptyDir (a temporary directory that shares a pod's lifetime)", [['Medium', str(emptyDir.medium)], ['SizeLimit', sizeLimit]]);
    return true;
  }
  const secret = present(source.secret);
  if (secret) {
    fields(w, 'Secret (a volume populated by a Secret)', [['SecretName', str(secret.secretName)], ['Optional', goBool(secret.optional)]]);
    return true;
  }
  const configMap = present(source.configMap);
  if (configMap) {
    fields(w, 'ConfigMap (a volume populated by a ConfigMap)', [['Name', str(configMap.name)], ['Optional', goBool(configMap.optional)]]);
    return true;
  }
  const nfs = present(source.nfs);
  if (nfs) {
    fields(w, 'NFS (an NFS mount that lasts the lifetime of a pod)', [['Server', str(nfs.server)], ['Path', str(nfs.path)], ['ReadOnly', goBool(nfs.readOnly)]]);
    return true;
  }
  const pvc = present(source.persistentVolumeClaim);
  if (pvc) {
    fields(w, 'PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)',
      [['ClaimName', str(pvc.claimName)], ['ReadOnly', goBool(pvc.readOnly)]]);
    return true;
  }
  const ephemeral = present(source.ephemeral);
  if (ephemeral) {
    w.write(LEVEL_2, 'Type:\tEphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)\n');
    return true;
  }
  const downward = present(source.downwardAPI);
  if (downward) {
    w.write(LEVEL_2, 'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n');
    for (const raw of list(downward.items)) {
      const item = record(raw);
      const fieldRef = present(item.fieldRef);
      const resourceRef = present(item.resourceFieldRef);
      if (fieldRef) w.write(LEVEL_3, `${str(fieldRef.fieldPath)} -> ${str(item.path)}\n`);
      if (resourceRef) w.write(LEVEL_3, `${str(resourceRef.resource)} -> ${str(item.path)}\n`);
    }
    return true;
  }
  const projected = present(source.projected);
  if (projected) {
    w.write(LEVEL_2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
    for (const raw of list(projected.sources)) {
      const s = record(raw);
      const sec = present(s.secret);
      const cm = present(s.configMap);
      const token = present(s.serviceAccountToken);
      if (sec) w.write(LEVEL_2, `SecretName:\t${str(sec.name)}\n    Optional:\t${goBool(sec.optional)}\n`);
      else if (present(s.downwardAPI)) w.write(LEVEL_2, 'DownwardAPI:\ttrue\n');
      else if (cm) w.write(LEVEL_2, `ConfigMapName:\t${str(cm.name)}\n    Optional:\t${goBool(cm.optional)}\n`);
      else if (token) w.write(LEVEL_2, `TokenExpirationSeconds:\t${int(token.expirationSeconds)}\n`);
    }
    return true;
  }
  const local = present(source.local);
  if (local) {
    fields(w, 'LocalVolume (a persistent volume backed by local storage on a node)', [['Path', str(local.path)]]);
    return true;
  }
  const csi = present(source.csi);
  if (csi) {
    // A PV's CSI source carries a volumeHandle; a pod's inline CSI volume does not.
    const rows: [string, string][] = [['Driver', str(csi.driver)], ['FSType', str(csi.fsType)]];
    if (csi.volumeHandle !== undefined) rows.push(['VolumeHandle', str(csi.volumeHandle)]);
    rows.push(['ReadOnly', goBool(csi.readOnly)]);
    fields(w, 'CSI (a Container Storage Interface (CSI) volume source)', rows);
    printAttributes(w, 'VolumeAttributes', csi.volumeAttributes);
    return true;
  }
  const image = present(source.image);
  if (image) {
    fields(w, 'Image (a container image or OCI artifact)', [['Reference', str(image.reference)], ['PullPolicy', str(image.pullPolicy)]]);
    return true;
  }
  return false;
}

/** printCSIPersistentVolumeAttributesMultilineIndent, including its doubled LEVEL_2 prefix on continuation lines. */
function printAttributes(w: PrefixWriter, title: string, attrs: unknown): void {
  w.write(LEVEL_2, `${title}:\t`);
  const m = record(attrs);
  const keys = Object.keys(m).sort();
  if (keys.length === 0) {
    w.write(LEVEL_0, `${NONE}\n`);
    return;
  }
  keys.forEach((k, i) => {
    if (i !== 0) {
      w.write(LEVEL_2, '');
      w.write(LEVEL_2, '\t');
    }
    const line = `${k}=${str(m[k])}`;
    w.write(LEVEL_2, line.length > 140 ? `${line.slice(0, 140)}...\n` : `${line}\n`);
  });
}

/** describeVolumes: `Volumes: <none>` or one block per volume; `space` is "  " inside a Pod Template. */
export function describeVolumes(w: PrefixWriter, volumes: unknown, space: string): void {
  const vs = records(volumes);
  if (vs.length === 0) {
    w.write(LEVEL_0, `${space}Volumes:\t${NONE}\n`);
    return;
  }
  w.write(LEVEL_0, `${space}Volumes:\n`);
  for (const v of vs) {
    w.write(LEVEL_1, `${space ? ' ' : ''}${str(v.name)}:\n`);
    if (!describeVolumeSource(w, v)) w.write(LEVEL_1, '<unknown>\n');
  }
}

/** describeVolumeClaimTemplates (StatefulSet): one Name/StorageClass/Labels/Annotations/Capacity/Access Modes block per template. */
export function describeVolumeClaimTemplates(w: PrefixWriter, templates: unknown): void {
  const ts = records(templates);
  if (ts.length === 0) {
    w.write(LEVEL_0, `Volume Claims:\t${NONE}\n`);
    return;
  }
  w.write(LEVEL_0, 'Volume Claims:\n');
  for (const t of ts) {
    const meta = record(t.metadata);
    const spec = record(t.spec);
    w.write(LEVEL_1, `Name:\t${str(meta.name)}\n`);
    w.write(LEVEL_1, `StorageClass:\t${str(spec.storageClassName)}\n`);
    printLabelsMultiline(w, 'Labels', meta.labels, '  ');
    printLabelsMultiline(w, 'Annotations', meta.annotations, '  ');
    const capacity = record(record(spec.resources).requests).storage;
    w.write(LEVEL_1, `Capacity:\t${capacity === undefined ? '<default>' : str(capacity)}\n`);
    w.write(LEVEL_1, `Access Modes:\t${goList(spec.accessModes)}\n`);
  }
}
