/**
 * Pod equivalence groups (scale-up's groupPodsBySchedulingProperties): pods of one controller with the same
 * labels and spec schedule alike, so one exemplar answers for the group and the estimator can stop at the first
 * pod of a group that does not fit.
 */
import type { Pod, PodSpec } from '../../api/core.js';

/** Pods that schedule identically. */
export interface PodEquivalenceGroup {
  readonly key: string;
  readonly exemplar: Pod;
  readonly pods: Pod[];
}

// Pods keep their spec object across status-only writes (structural sharing), so this cache hits every scan.
const specKeys = new WeakMap<PodSpec, string>();

function specKey(spec: PodSpec): string {
  let k = specKeys.get(spec);
  if (k === undefined) {
    const { nodeName: _n, ...rest } = spec;
    specKeys.set(spec, (k = JSON.stringify(rest)));
  }
  return k;
}

const labelKeys = new WeakMap<Record<string, string>, string>();

function labelsKey(labels: Record<string, string> | undefined): string {
  if (!labels) return '';
  let k = labelKeys.get(labels);
  if (k === undefined) labelKeys.set(labels, (k = Object.keys(labels).sort().map((l) => `${l}=${labels[l]}`).join(',')));
  return k;
}

const podKeys = new WeakMap<Pod, string>();

/** The key pods of one equivalence group share: controller, namespace, labels and spec (nodeName aside). */
export function equivalenceKey(pod: Pod): string {
  let key = podKeys.get(pod);
  if (key === undefined) podKeys.set(pod, (key = computeKey(pod)));
  return key;
}

function computeKey(pod: Pod): string {
  const controller = pod.metadata.ownerReferences?.find((r) => r.controller);
  return controller
    ? `${controller.uid}\u0000${pod.metadata.namespace ?? 'default'}\u0000${labelsKey(pod.metadata.labels)}\u0000${specKey(pod.spec)}`
    : `pod\u0000${pod.metadata.uid ?? `${pod.metadata.namespace}/${pod.metadata.name}`}`;
}

/** Group pods in first-seen order; pods without a controller are each their own group. */
export function groupPods(pods: readonly Pod[]): PodEquivalenceGroup[] {
  const groups = new Map<string, PodEquivalenceGroup>();
  for (const pod of pods) {
    const key = equivalenceKey(pod);
    const g = groups.get(key);
    if (g) g.pods.push(pod);
    else groups.set(key, { key, exemplar: pod, pods: [pod] });
  }
  return [...groups.values()];
}
