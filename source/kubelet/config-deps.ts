/**
 * What a pod needs from the API before its containers can start: volumes (ConfigMap, Secret, projected,
 * PersistentVolumeClaim) before the sandbox, and env/envFrom references before each container is created.
 * Each unmet need names the object it waits for (`ConfigMap/default/app-config`), so the kubelet can re-check
 * exactly the pods waiting for an object when it appears.
 */
import type { ConfigMap, Container, PersistentVolumeClaim, Pod, Secret, Volume } from '../api/core.js';
import type { ApiStore } from '../store/store.js';
import * as msg from './messages.js';

/** A volume that cannot be mounted yet. */
export interface UnmountedVolume {
  volume: string;
  /** `MountVolume.SetUp failed` detail (ConfigMap/Secret), if the volume reached SetUp. */
  setUpError?: string;
  /** The desired-state populator's error (PVC), making the volume "failed to process". */
  processError?: string;
  /** Object waited for, as `Kind/namespace/name`. */
  waitsFor: string;
}

/** A missing env source: the CreateContainerConfigError message and the object waited for. */
export interface ConfigProblem {
  message: string;
  waitsFor: string;
}

/** The index key of an object a pod may wait for. */
export const depKey = (kind: string, namespace: string, name: string): string => `${kind}/${namespace}/${name}`;

function dataKeys(obj: ConfigMap | Secret): Set<string> {
  return new Set([...Object.keys(obj.data ?? {}), ...Object.keys((obj as ConfigMap).binaryData ?? {}), ...Object.keys((obj as Secret).stringData ?? {})]);
}

function itemKeys(items: unknown[] | undefined): string[] {
  return (items ?? []).map((i) => (i as { key?: string }).key).filter((k): k is string => typeof k === 'string');
}

function checkConfigMapVolume(store: ApiStore, ns: string, name: string, optional: boolean | undefined, items: unknown[] | undefined): string | undefined {
  const cm = store.tryGet<ConfigMap>('ConfigMap', ns, name);
  if (!cm) return optional ? undefined : msg.configMapNotFound(name);
  const keys = dataKeys(cm);
  const missing = itemKeys(items).find((k) => !keys.has(k));
  if (missing !== undefined && !optional) return `configmap references non-existent config key: ${missing}`;
  return undefined;
}

function checkSecretVolume(store: ApiStore, ns: string, name: string, optional: boolean | undefined, items: unknown[] | undefined): string | undefined {
  const secret = store.tryGet<Secret>('Secret', ns, name);
  if (!secret) return optional ? undefined : msg.secretNotFound(name);
  const keys = dataKeys(secret);
  const missing = itemKeys(items).find((k) => !keys.has(k));
  if (missing !== undefined && !optional) return `references non-existent secret key: ${missing}`;
  return undefined;
}

interface ProjectedSource {
  configMap?: { name: string; optional?: boolean; items?: unknown[] };
  secret?: { name: string; optional?: boolean; items?: unknown[] };
}

/** Volumes the kubelet cannot mount yet, in spec order. */
export function unmountedVolumes(store: ApiStore, pod: Pod): UnmountedVolume[] {
  const ns = pod.metadata.namespace ?? 'default';
  const out: UnmountedVolume[] = [];
  for (const v of (pod.spec.volumes ?? []) as Volume[]) {
    if (v.configMap?.name) {
      const err = checkConfigMapVolume(store, ns, v.configMap.name, v.configMap.optional, v.configMap.items);
      if (err) out.push({ volume: v.name, setUpError: err, waitsFor: depKey('ConfigMap', ns, v.configMap.name) });
    } else if (v.secret?.secretName) {
      const err = checkSecretVolume(store, ns, v.secret.secretName, v.secret.optional, v.secret.items);
      if (err) out.push({ volume: v.name, setUpError: err, waitsFor: depKey('Secret', ns, v.secret.secretName) });
    } else if (v.persistentVolumeClaim?.claimName) {
      const claim = v.persistentVolumeClaim.claimName;
      const pvc = store.tryGet<PersistentVolumeClaim>('PersistentVolumeClaim', ns, claim);
      const err = !pvc ? msg.pvcNotFound(ns, claim) : pvc.status?.phase !== 'Bound' ? msg.pvcNotBound(ns, claim) : undefined;
      if (err) out.push({ volume: v.name, processError: err, waitsFor: depKey('PersistentVolumeClaim', ns, claim) });
    } else if (v.projected && typeof v.projected === 'object') {
      for (const s of ((v.projected as { sources?: ProjectedSource[] }).sources ?? [])) {
        if (s.configMap?.name) {
          const err = checkConfigMapVolume(store, ns, s.configMap.name, s.configMap.optional, s.configMap.items);
          if (err) { out.push({ volume: v.name, setUpError: err, waitsFor: depKey('ConfigMap', ns, s.configMap.name) }); break; }
        } else if (s.secret?.name) {
          const err = checkSecretVolume(store, ns, s.secret.name, s.secret.optional, s.secret.items);
          if (err) { out.push({ volume: v.name, setUpError: err, waitsFor: depKey('Secret', ns, s.secret.name) }); break; }
        }
      }
    }
  }
  return out;
}

/** The first env/envFrom reference of a container that cannot be resolved (envFrom first, as the kubelet does). */
export function envProblem(store: ApiStore, pod: Pod, c: Container): ConfigProblem | undefined {
  const ns = pod.metadata.namespace ?? 'default';
  for (const from of c.envFrom ?? []) {
    if (from.configMapRef?.name && !from.configMapRef.optional && !store.tryGet('ConfigMap', ns, from.configMapRef.name)) {
      return { message: msg.configMapNotFound(from.configMapRef.name), waitsFor: depKey('ConfigMap', ns, from.configMapRef.name) };
    }
    if (from.secretRef?.name && !from.secretRef.optional && !store.tryGet('Secret', ns, from.secretRef.name)) {
      return { message: msg.secretNotFound(from.secretRef.name), waitsFor: depKey('Secret', ns, from.secretRef.name) };
    }
  }
  for (const e of c.env ?? []) {
    const cmRef = e.valueFrom?.configMapKeyRef;
    if (cmRef?.name && !cmRef.optional) {
      const cm = store.tryGet<ConfigMap>('ConfigMap', ns, cmRef.name);
      const waitsFor = depKey('ConfigMap', ns, cmRef.name);
      if (!cm) return { message: msg.configMapNotFound(cmRef.name), waitsFor };
      if (!dataKeys(cm).has(cmRef.key)) return { message: msg.keyNotFound(cmRef.key, 'ConfigMap', ns, cmRef.name), waitsFor };
    }
    const secretRef = e.valueFrom?.secretKeyRef;
    if (secretRef?.name && !secretRef.optional) {
      const secret = store.tryGet<Secret>('Secret', ns, secretRef.name);
      const waitsFor = depKey('Secret', ns, secretRef.name);
      if (!secret) return { message: msg.secretNotFound(secretRef.name), waitsFor };
      if (!dataKeys(secret).has(secretRef.key)) return { message: msg.keyNotFound(secretRef.key, 'Secret', ns, secretRef.name), waitsFor };
    }
  }
  return undefined;
}
