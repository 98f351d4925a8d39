/**
 * Pod predicates the replication controllers share (upstream podutil and controller_utils): active, ready,
 * available after minReadySeconds, and the controller reference of any object.
 */
import type { Pod } from '../../api/core.js';
import type { Condition, KubeObject, OwnerReference } from '../../api/meta.js';

/** The owner reference with `controller: true`, if any (metav1.GetControllerOf). */
export function controllerRefOf(obj: KubeObject): OwnerReference | undefined {
  const refs = obj.metadata.ownerReferences;
  if (!refs) return undefined;
  for (const r of refs) if (r.controller) return r;
  return undefined;
}

/** A controller reference to `owner`, as metav1.NewControllerRef builds it. */
export function newControllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name!, uid: owner.metadata.uid!,
    controller: true, blockOwnerDeletion: true,
  };
}

/** controller.IsPodActive: not Succeeded, not Failed, not terminating. */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

/** The pod's Ready condition, if it has one. */
export function readyCondition(pod: Pod): Condition | undefined {
  const conditions = pod.status?.conditions;
  if (!conditions) return undefined;
  for (const c of conditions) if (c.type === 'Ready') return c;
  return undefined;
}

/** podutil.IsPodReady: condition Ready is True. */
export function isPodReady(pod: Pod): boolean {
  return readyCondition(pod)?.status === 'True';
}

/** When the pod last became Ready (epoch ms), or undefined when it is not Ready or the time is unset. */
export function podReadySince(pod: Pod): number | undefined {
  const c = readyCondition(pod);
  if (c?.status !== 'True' || !c.lastTransitionTime) return undefined;
  const ms = Date.parse(c.lastTransitionTime);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * podutil.IsPodAvailable: Ready, and with minReadySeconds > 0 Ready since strictly more than that long ago
 * (`lastTransitionTime + minReadySeconds` before now).
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, nowMs: number): boolean {
  const c = readyCondition(pod);
  if (c?.status !== 'True') return false;
  if (minReadySeconds <= 0) return true;
  const since = c.lastTransitionTime ? Date.parse(c.lastTransitionTime) : NaN;
  return !Number.isNaN(since) && since + minReadySeconds * 1000 < nowMs;
}
