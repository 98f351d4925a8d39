/** Table printers for autoscaling, policy, storage, coordination, discovery, scheduling and rbac kinds. */
import type {
  EndpointSlice, HorizontalPodAutoscaler, Lease, PodDisruptionBudget, PriorityClass, RoleBinding, StorageClass,
} from '../cluster-kinds.js';
import type { PersistentVolume, PersistentVolumeClaim } from '../core.js';
import type { KubeObject } from '../meta.js';
import { age } from './age.js';
import { accessModes, int, intOrString, list, quantity, record, str, withMore } from './format.js';
import { hpaTargets } from './hpa-targets.js';
import { AGE_COLUMN, type KindPrinter, NAME_COLUMN, col } from './printer.js';

const nameOf = (o: KubeObject): string => str(o?.metadata?.name);
const ageOf = (o: KubeObject, nowMs: number): string => age(o?.metadata?.creationTimestamp, nowMs);
const UNSET = '<unset>';

/** hpa: NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE. */
export const hpaPrinter: KindPrinter = {
  columns: [NAME_COLUMN, col('REFERENCE'), col('TARGETS'), col('MINPODS'), col('MAXPODS'), col('REPLICAS'), AGE_COLUMN],
  cells(o, nowMs) {
    const hpa = o as HorizontalPodAutoscaler;
    const ref = record(hpa.spec?.scaleTargetRef);
    const min = hpa.spec?.minReplicas;
    return [
      nameOf(hpa), `${str(ref.kind)}/${str(ref.name)}`, hpaTargets(hpa), typeof min === 'number' ? String(int(min)) : UNSET,
      String(int(hpa.spec?.maxReplicas)), String(int(hpa.status?.currentReplicas)), ageOf(hpa, nowMs),
    ];
  },
};

/** pdb: NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE (`N/A` for the unset bound). */
export const pdbPrinter: KindPrinter = {
  columns: [NAME_COLUMN, col('MIN AVAILABLE'), col('MAX UNAVAILABLE'), col('ALLOWED DISRUPTIONS', 'integer'), AGE_COLUMN],
  cells(o, nowMs) {
    const pdb = o as PodDisruptionBudget;
    const bound = (v: unknown): string => (v === undefined || v === null ? 'N/A' : intOrString(v));
    return [
      nameOf(pdb), bound(pdb.spec?.minAvailable), bound(pdb.spec?.maxUnavailable),
      String(int(pdb.status?.disruptionsAllowed)), ageOf(pdb, nowMs),
    ];
  },
};

const BETA_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

/** The storage class of a PV or PVC: the beta annotation wins over spec.storageClassName. */
function storageClassOf(o: KubeObject, specClass: unknown): string {
  const annotations = record(o?.metadata?.annotations);
  return BETA_CLASS_ANNOTATION in annotations ? str(annotations[BETA_CLASS_ANNOTATION]) : str(specClass);
}

const phaseOf = (o: KubeObject, phase: unknown): string => (o?.metadata?.deletionTimestamp ? 'Terminating' : str(phase));
const orUnset = (v: unknown): string => (typeof v === 'string' ? v : UNSET);

/** pv: NAME CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM STORAGECLASS VOLUMEATTRIBUTESCLASS REASON AGE | VOLUMEMODE. */
export const pvPrinter: KindPrinter = {
  columns: [
    NAME_COLUMN, col('CAPACITY'), col('ACCESS MODES'), col('RECLAIM POLICY'), col('STATUS'), col('CLAIM'), col('STORAGECLASS'),
    col('VOLUMEATTRIBUTESCLASS'), col('REASON'), AGE_COLUMN, col('VOLUMEMODE', 'string', 1),
  ],
  cells(o, nowMs) {
    const pv = o as PersistentVolume;
    const spec = record(pv.spec);
    const claim = spec.claimRef ? `${str(record(spec.claimRef).namespace)}/${str(record(spec.claimRef).name)}` : '';
    return [
      nameOf(pv), quantity(record(spec.capacity).storage), accessModes(spec.accessModes), str(spec.persistentVolumeReclaimPolicy),
      phaseOf(pv, pv.status?.phase), claim, storageClassOf(pv, spec.storageClassName), orUnset(spec.volumeAttributesClassName),
      str(pv.status?.reason), ageOf(pv, nowMs), orUnset(spec.volumeMode),
    ];
  },
};

/** pvc: NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS VOLUMEATTRIBUTESCLASS AGE | VOLUMEMODE. */
export const pvcPrinter: KindPrinter = {
  columns: [
    NAME_COLUMN, col('STATUS'), col('VOLUME'), col('CAPACITY'), col('ACCESS MODES'), col('STORAGECLASS'),
    col('VOLUMEATTRIBUTESCLASS'), AGE_COLUMN, col('VOLUMEMODE', 'string', 1),
  ],
  cells(o, nowMs) {
    const pvc = o as PersistentVolumeClaim;
    const spec = record(pvc.spec);
    const volume = str(spec.volumeName);
    // Capacity and access modes are the bound volume's, so they stay blank until the claim names a volume.
    const capacity = volume ? quantity(record(pvc.status?.capacity).storage) : '';
    const modes = volume ? accessModes(pvc.status?.accessModes) : '';
    return [
      nameOf(pvc), phaseOf(pvc, pvc.status?.phase), volume, capacity, modes, storageClassOf(pvc, spec.storageClassName),
      orUnset(spec.volumeAttributesClassName), ageOf(pvc, nowMs), orUnset(spec.volumeMode),
    ];
  },
};

const DEFAULT_CLASS_ANNOTATIONS = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];

/** storageclasses: NAME PROVISIONER RECLAIMPOLICY VOLUMEBINDINGMODE ALLOWVOLUMEEXPANSION AGE; the default is `name (default)`. */
export const storageClassPrinter: KindPrinter = {
  columns: [
    NAME_COLUMN, col('PROVISIONER'), col('RECLAIMPOLICY'), col('VOLUMEBINDINGMODE'), col('ALLOWVOLUMEEXPANSION'), AGE_COLUMN,
  ],
  cells(o, nowMs) {
    const sc = o as StorageClass;
    const annotations = record(sc.metadata?.annotations);
    const isDefault = DEFAULT_CLASS_ANNOTATIONS.some((a) => annotations[a] === 'true');
    return [
      nameOf(sc) + (isDefault ? ' (default)' : ''), str(sc.provisioner), str(sc.reclaimPolicy) || 'Delete',
      str(sc.volumeBindingMode) || 'Immediate', String(sc.allowVolumeExpansion === true), ageOf(sc, nowMs),
    ];
  },
};

/** leases: NAME HOLDER AGE. */
export const leasePrinter: KindPrinter = {
  columns: [NAME_COLUMN, col('HOLDER'), AGE_COLUMN],
  cells: (o, nowMs) => [nameOf(o), str((o as Lease).spec?.holderIdentity), ageOf(o, nowMs)],
};

/** endpointslices: NAME ADDRESSTYPE PORTS ENDPOINTS AGE (first 3 ports / addresses, `<unset>` when none). */
export const endpointSlicePrinter: KindPrinter = {
  columns: [NAME_COLUMN, col('ADDRESSTYPE'), col('PORTS'), col('ENDPOINTS'), AGE_COLUMN],
  cells(o, nowMs) {
    const slice = o as EndpointSlice;
    const ports = list(slice.ports).map(record);
    const portText = ports.slice(0, 3).map((p) => (typeof p.port === 'number' ? String(int(p.port)) : typeof p.name === 'string' ? p.name : '*'));
    const addresses: string[] = [];
    let count = 0;
    for (const ep of list(slice.endpoints)) {
      for (const a of list(record(ep).addresses)) {
        if (addresses.length < 3) addresses.push(str(a));
        count++;
      }
    }
    return [
      nameOf(slice), str(slice.addressType), withMore(portText, ports.length, 3, UNSET), withMore(addresses, count, 3, UNSET),
      ageOf(slice, nowMs),
    ];
  },
};

/** priorityclasses: NAME VALUE GLOBAL-DEFAULT AGE PREEMPTIONPOLICY (upstream gives PREEMPTIONPOLICY priority 0). */
export const priorityClassPrinter: KindPrinter = {
  columns: [NAME_COLUMN, col('VALUE', 'integer'), col('GLOBAL-DEFAULT', 'boolean'), AGE_COLUMN, col('PREEMPTIONPOLICY')],
  cells(o, nowMs) {
    const pc = o as PriorityClass;
    return [nameOf(pc), String(int(pc.value)), String(pc.globalDefault === true), ageOf(pc, nowMs), str(pc.preemptionPolicy)];
  },
};

/** rolebindings / clusterrolebindings: NAME ROLE AGE | USERS GROUPS SERVICEACCOUNTS. */
export const roleBindingPrinter: KindPrinter = {
  columns: [
    NAME_COLUMN, col('ROLE'), AGE_COLUMN, col('USERS', 'string', 1), col('GROUPS', 'string', 1), col('SERVICEACCOUNTS', 'string', 1),
  ],
  cells(o, nowMs) {
    const rb = o as RoleBinding;
    const users: string[] = [];
    const groups: string[] = [];
    const sas: string[] = [];
    for (const raw of list(rb.subjects)) {
      const s = record(raw);
      if (s.kind === 'ServiceAccount') sas.push(`${str(s.namespace)}/${str(s.name)}`);
      else if (s.kind === 'User') users.push(str(s.name));
      else if (s.kind === 'Group') groups.push(str(s.name));
    }
    const ref = record(rb.roleRef);
    return [
      nameOf(rb), `${str(ref.kind)}/${str(ref.name)}`, ageOf(rb, nowMs), users.join(', '), groups.join(', '), sas.join(', '),
    ];
  },
};
