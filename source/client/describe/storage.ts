/** describe for PersistentVolumeClaim and PersistentVolume (describe.go describePersistentVolume[Claim]). */
import type { Event } from '../../api/core.js';
import type { KubeObject } from '../../api/meta.js';
import { age } from '../../api/print/age.js';
import { NONE, accessModes, list, present, record, str } from '../../api/print/format.js';
import { describeEvents, goList, printAnnotationsMultiline, printLabelsMultiline, records, rfc1123z } from './common.js';
import { LEVEL_0, LEVEL_1, LEVEL_2, PrefixWriter } from './layout.js';
import { describeVolumeSource } from './volumes.js';

const BETA_CLASS = 'volume.beta.kubernetes.io/storage-class';

/** GetPersistentVolume[Claim]Class: the beta annotation wins over spec.storageClassName. */
function storageClass(obj: KubeObject): string {
  const annotations = record(record(obj?.metadata).annotations);
  if (typeof annotations[BETA_CLASS] === 'string') return annotations[BETA_CLASS];
  return str(record(obj?.spec).storageClassName);
}

function status(w: PrefixWriter, meta: Record<string, unknown>, phase: unknown, nowMs: number): void {
  if (meta.deletionTimestamp) w.write(LEVEL_0, `Status:\tTerminating (lasts ${age(str(meta.deletionTimestamp), nowMs)})\n`);
  else w.write(LEVEL_0, `Status:\t${str(phase)}\n`);
}

/** `kubectl describe pvc`; `pods` are candidates for Used By (those mounting the claim are listed). */
export function describePersistentVolumeClaim(pvc: KubeObject, pods: readonly KubeObject[] | undefined, events: readonly Event[], nowMs: number): string {
  const w = new PrefixWriter();
  const meta = record(pvc?.metadata);
  const spec = record(pvc?.spec);
  const st = record(pvc?.status);
  w.write(LEVEL_0, `Name:\t${str(meta.name)}\n`);
  w.write(LEVEL_0, `Namespace:\t${str(meta.namespace)}\n`);
  w.write(LEVEL_0, `StorageClass:\t${storageClass(pvc)}\n`);
  status(w, meta, st.phase, nowMs);
  w.write(LEVEL_0, `Volume:\t${str(spec.volumeName)}\n`);
  printLabelsMultiline(w, 'Labels', meta.labels);
  printAnnotationsMultiline(w, 'Annotations', meta.annotations);
  w.write(LEVEL_0, `Finalizers:\t${goList(meta.finalizers)}\n`);
  const bound = str(spec.volumeName) !== '';
  w.write(LEVEL_0, `Capacity:\t${bound ? str(record(st.capacity).storage) || '0' : ''}\n`);
  w.write(LEVEL_0, `Access Modes:\t${bound ? accessModes(st.accessModes) : ''}\n`);
  if (str(spec.volumeMode)) w.write(LEVEL_0, `VolumeMode:\t${str(spec.volumeMode)}\n`);
  const ds = present(spec.dataSource);
  if (ds) {
    w.write(LEVEL_0, 'DataSource:\n');
    if (typeof ds.apiGroup === 'string') w.write(LEVEL_1, `APIGroup:\t${ds.apiGroup}\n`);
    w.write(LEVEL_1, `Kind:\t${str(ds.kind)}\n`);
    w.write(LEVEL_1, `Name:\t${str(ds.name)}\n`);
  }
  const claim = str(meta.name);
  const uid = str(meta.uid);
  const users = (pods ?? []).filter((p) => {
    const mounts = list(record(record(p).spec).volumes).some((v) => str(record(record(v).persistentVolumeClaim).claimName) === claim);
    const owns = list(meta.ownerReferences).some((r) => record(r).kind === 'Pod' && str(record(r).uid) === str(record(p?.metadata).uid) && uid !== '');
    return mounts || owns;
  }).map((p) => str(record(p?.metadata).name)).sort();
  w.write(LEVEL_0, 'Used By:\t');
  if (users.length === 0) w.write(LEVEL_0, `${NONE}\n`);
  users.forEach((name, i) => w.write(LEVEL_0, `${i === 0 ? '' : '\t'}${name}\n`));
  const conditions = records(st.conditions);
  if (conditions.length > 0) {
    w.write(LEVEL_0, 'Conditions:\n');
    w.write(LEVEL_1, 'Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of conditions) {
      w.write(LEVEL_1, `${str(c.type)} \t${str(c.status)} \t${rfc1123z(c.lastProbeTime)} \t${rfc1123z(c.lastTransitionTime)} \t${str(c.reason)} \t${str(c.message)}\n`);
    }
  }
  describeEvents(w, events, nowMs);
  return w.toString();
}

/** printVolumeNodeAffinity: `Node Affinity:` with one `Term N:` line per selector term. */
function nodeAffinity(w: PrefixWriter, affinity: unknown): void {
  w.write(LEVEL_0, 'Node Affinity:\t');
  const required = present(record(affinity).required);
  if (!required) {
    w.write(LEVEL_0, `${NONE}\n`);
    return;
  }
  w.write(LEVEL_0, '\n');
  w.write(LEVEL_1, 'Required Terms:\t');
  const terms = records(required.nodeSelectorTerms);
  if (terms.length === 0) {
    w.write(LEVEL_0, `${NONE}\n`);
    return;
  }
  w.write(LEVEL_0, '\n');
  terms.forEach((term, i) => {
    w.write(LEVEL_2, `Term ${i}:\t`);
    const reqs = records(term.matchExpressions);
    if (reqs.length === 0) w.write(LEVEL_0, `${NONE}\n`);
    reqs.forEach((req, j) => {
      if (j !== 0) w.write(LEVEL_2, '\t');
      const values = list(req.values).map(str);
      const expr = `${str(req.key)} ${str(req.operator).toLowerCase()}${values.length > 0 ? ` [${values.join(', ')}]` : ''}`;
      w.write(LEVEL_0, `${expr}\n`);
    });
  });
}

/** `kubectl describe pv`. */
export function describePersistentVolume(pv: KubeObject, events: readonly Event[], nowMs: number): string {
  const w = new PrefixWriter();
  const meta = record(pv?.metadata);
  const spec = record(pv?.spec);
  const st = record(pv?.status);
  w.write(LEVEL_0, `Name:\t${str(meta.name)}\n`);
  printLabelsMultiline(w, 'Labels', meta.labels);
  printAnnotationsMultiline(w, 'Annotations', meta.annotations);
  w.write(LEVEL_0, `Finalizers:\t${goList(meta.finalizers)}\n`);
  w.write(LEVEL_0, `StorageClass:\t${storageClass(pv)}\n`);
  status(w, meta, st.phase, nowMs);
  const claimRef = present(spec.claimRef);
  w.write(LEVEL_0, `Claim:\t${claimRef ? `${str(claimRef.namespace)}/${str(claimRef.name)}` : ''}\n`);
  w.write(LEVEL_0, `Reclaim Policy:\t${str(spec.persistentVolumeReclaimPolicy)}\n`);
  w.write(LEVEL_0, `Access Modes:\t${accessModes(spec.accessModes)}\n`);
  if (str(spec.volumeMode)) w.write(LEVEL_0, `VolumeMode:\t${str(spec.volumeMode)}\n`);
  w.write(LEVEL_0, `Capacity:\t${str(record(spec.capacity).storage) || '0'}\n`);
  nodeAffinity(w, spec.nodeAffinity);
  w.write(LEVEL_0, `Message:\t${str(st.message)}\n`);
  w.write(LEVEL_0, 'Source:\n');
  if (!describeVolumeSource(w, spec)) w.write(LEVEL_1, '<unknown>\n');
  describeEvents(w, events, nowMs);
  return w.toString();
}
