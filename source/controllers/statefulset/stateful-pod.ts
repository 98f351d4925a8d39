/**
 * A StatefulSet pod's identity and state, as upstream's stateful_set_utils: ordinal names, the identity labels,
 * hostname/subdomain, the claim volumes that follow the identity, and the Running/Ready/Available predicates.
 */
import type { PersistentVolumeClaim, Pod, PodTemplateSpec, Volume } from '../../api/core.js';
import type { StatefulSet } from '../../api/workloads.js';
import { CONTROLLER_REVISION_HASH_LABEL, newControllerRef } from '../controller-revision.js';

/** statefulset.kubernetes.io/pod-name: lets a Service select exactly one member. */
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
/** apps.kubernetes.io/pod-index (PodIndexLabel, on by default since 1.28). */
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

type ClaimTemplate = NonNullable<StatefulSet['spec']['volumeClaimTemplates']>[number];

// ---- names and ordinals ----

const STATEFUL_POD = /^(.*)-([0-9]+)$/;
const MAX_INT32 = 2147483647;

/** getParentNameAndOrdinal: `web-3` → ["web", 3]; a name without an ordinal → ["", -1]. */
export function parentAndOrdinal(podName: string): [string, number] {
  const m = STATEFUL_POD.exec(podName);
  if (!m) return ['', -1];
  const n = Number(m[2]);
  return [m[1]!, n <= MAX_INT32 ? n : -1];
}

/** The pod's ordinal, or -1. */
export function ordinalOf(pod: Pod): number {
  return parentAndOrdinal(pod.metadata.name ?? '')[1];
}

/** spec.ordinals.start (0 when unset). */
export function startOrdinal(set: StatefulSet): number {
  return set.spec.ordinals?.start ?? 0;
}

/** The last ordinal the set wants (inclusive). */
export function endOrdinal(set: StatefulSet): number {
  return startOrdinal(set) + (set.spec.replicas ?? 1) - 1;
}

/** Whether the pod's ordinal is one the set currently wants. */
export function inOrdinalRange(pod: Pod, set: StatefulSet): boolean {
  const o = ordinalOf(pod);
  return o >= startOrdinal(set) && o <= endOrdinal(set);
}

export const podNameFor = (set: StatefulSet, ordinal: number): string => `${set.metadata.name}-${ordinal}`;

/** getPersistentVolumeClaimName: `<template>-<set>-<ordinal>`. */
export const claimNameFor = (set: StatefulSet, template: ClaimTemplate, ordinal: number): string =>
  `${template.metadata.name}-${set.metadata.name}-${ordinal}`;

/** isMemberOf: the pod's name is `<set>-<ordinal>`. */
export function isMemberOf(set: StatefulSet, pod: Pod): boolean {
  return parentAndOrdinal(pod.metadata.name ?? '')[0] === set.metadata.name;
}

/** The revision label: for a StatefulSet it holds the ControllerRevision's name. */
export function podRevision(pod: Pod): string {
  return pod.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] ?? '';
}

// ---- identity and storage ----

/** identityMatches: right name, namespace and pod-name label. */
export function identityMatches(set: StatefulSet, pod: Pod): boolean {
  const [parent, ordinal] = parentAndOrdinal(pod.metadata.name ?? '');
  return ordinal >= 0 && parent === set.metadata.name && pod.metadata.name === podNameFor(set, ordinal)
    && pod.metadata.namespace === set.metadata.namespace && pod.metadata.labels?.[POD_NAME_LABEL] === pod.metadata.name;
}

/** storageMatches: every claim template has a volume of its name pointing at this ordinal's claim. */
export function storageMatches(set: StatefulSet, pod: Pod): boolean {
  const ordinal = ordinalOf(pod);
  if (ordinal < 0) return false;
  const volumes = pod.spec.volumes ?? [];
  for (const t of set.spec.volumeClaimTemplates ?? []) {
    const v = volumes.find((x) => x.name === t.metadata.name);
    if (v?.persistentVolumeClaim?.claimName !== claimNameFor(set, t, ordinal)) return false;
  }
  return true;
}

/** The claims a member needs, in template order: labels from the template plus the selector's matchLabels. */
export function claimsFor(set: StatefulSet, ordinal: number): { template: string; claim: PersistentVolumeClaim }[] {
  const matchLabels = set.spec.selector.matchLabels;
  return (set.spec.volumeClaimTemplates ?? []).map((t) => {
    const { status: _status, ...rest } = t as ClaimTemplate & { status?: unknown };
    const labels = t.metadata.labels ? { ...t.metadata.labels, ...matchLabels } : matchLabels ? { ...matchLabels } : undefined;
    const metadata = { ...rest.metadata, name: claimNameFor(set, t, ordinal), namespace: set.metadata.namespace, labels };
    if (!labels) delete metadata.labels;
    return { template: t.metadata.name!, claim: { ...rest, apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata } as PersistentVolumeClaim };
  });
}

/** updateStorage: claim volumes first (replacing same-named template volumes), then the template's other volumes. */
export function volumesWithClaims(set: StatefulSet, ordinal: number, current: readonly Volume[] | undefined): Volume[] {
  const templates = set.spec.volumeClaimTemplates ?? [];
  const names = new Set(templates.map((t) => t.metadata.name));
  const out: Volume[] = templates.map((t) => ({ name: t.metadata.name!, persistentVolumeClaim: { claimName: claimNameFor(set, t, ordinal) } }));
  for (const v of current ?? []) if (!names.has(v.name)) out.push(v);
  return out;
}

/** updateIdentity's labels: pod-name and pod-index. */
export function identityLabels(set: StatefulSet, ordinal: number): Record<string, string> {
  return { [POD_NAME_LABEL]: podNameFor(set, ordinal), [POD_INDEX_LABEL]: String(ordinal) };
}

/**
 * newStatefulSetPod (GetPodFromTemplate + initIdentity + updateStorage + setPodRevision): the template's labels,
 * annotations and spec; name `<set>-<ordinal>`, hostname = pod name, subdomain = serviceName, claim volumes.
 */
export function newStatefulSetPod(set: StatefulSet, template: PodTemplateSpec, ordinal: number, revision: string): Pod {
  const name = podNameFor(set, ordinal);
  const meta = template.metadata ?? {};
  const labels = { ...meta.labels, ...identityLabels(set, ordinal), [CONTROLLER_REVISION_HASH_LABEL]: revision };
  const spec = { ...template.spec, hostname: name, volumes: volumesWithClaims(set, ordinal, template.spec.volumes) };
  if (set.spec.serviceName) spec.subdomain = set.spec.serviceName;
  else delete spec.subdomain;
  if (!spec.volumes.length) delete (spec as { volumes?: Volume[] }).volumes;
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name, generateName: `${set.metadata.name}-`, namespace: set.metadata.namespace, labels,
      ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
      ...(meta.finalizers ? { finalizers: [...meta.finalizers] } : {}),
      ownerReferences: [newControllerRef(set)],
    },
    spec,
  };
}

// ---- state ----

function readyCondition(pod: Pod) {
  const conditions = pod.status?.conditions;
  if (!conditions) return undefined;
  for (const c of conditions) if (c.type === 'Ready') return c;
  return undefined;
}

/** podutil.IsPodReady. */
export function isPodReady(pod: Pod): boolean {
  return readyCondition(pod)?.status === 'True';
}

/** podutil.IsPodAvailable: Ready, and for longer than minReadySeconds (strictly). */
export function isPodAvailable(pod: Pod, minReadySeconds: number, nowMs: number): boolean {
  const c = readyCondition(pod);
  if (c?.status !== 'True') return false;
  if (!minReadySeconds) return true;
  const since = c.lastTransitionTime ? Date.parse(c.lastTransitionTime) : NaN;
  return Number.isFinite(since) && since + minReadySeconds * 1000 < nowMs;
}

/** A pod object that came from the store (the API server sets its phase), not one we are about to create. */
export const isCreated = (pod: Pod): boolean => !!pod.status?.phase;
export const isPending = (pod: Pod): boolean => pod.status?.phase === 'Pending';
export const isFailed = (pod: Pod): boolean => pod.status?.phase === 'Failed';
export const isSucceeded = (pod: Pod): boolean => pod.status?.phase === 'Succeeded';
export const isTerminating = (pod: Pod): boolean => !!pod.metadata.deletionTimestamp;
export const isRunningAndReady = (pod: Pod): boolean => pod.status?.phase === 'Running' && isPodReady(pod);
export const isHealthy = (pod: Pod): boolean => isRunningAndReady(pod) && !isTerminating(pod);

/** isUnavailable: not healthy, or not yet Ready for minReadySeconds. */
export function isUnavailable(pod: Pod, minReadySeconds: number, nowMs: number): boolean {
  return !isHealthy(pod) || !isPodAvailable(pod, minReadySeconds, nowMs);
}
