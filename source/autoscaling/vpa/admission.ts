/**
 * The VPA admission controller (pkg/admission-controller/resource/pod) as an admission plugin: on pod creation,
 * for the VPA controlling the pod (mode other than Off), set each recommended container's requests to the
 * processed target and — with controlledValues RequestsAndLimits, the default — its limits in the same proportion
 * to the request as before; annotate the pod with `vpaObservedContainers` and `vpaUpdates` as upstream's patches do.
 * Register it among the mutating plugins before ResourceQuota, so quota sees the new requests.
 */
import type { Container, Pod, ResourceList } from '../../api/core.js';
import { formatQuantity, type Quantity } from '../../api/quantity.js';
import type { VerticalPodAutoscaler } from '../../api/vpa-kinds.js';
import type { AdmissionPlugin, AdmissionReader } from '../../store/admission.js';
import { admissionApplies, containerPolicy, controlledValues, quantityOf, updateModeOf } from './policy.js';
import { OBSERVED_CONTAINERS_ANNOTATION } from './priority.js';
import { processRecommendation } from './processor.js';
import { controllingVpa } from './target.js';

/** The annotation listing what the admission controller changed. */
export const RESOURCE_UPDATES_ANNOTATION = 'vpaUpdates';

const NANO = 1_000_000_000n;
const NANO_PER_MILLI = 1_000_000n;

/** x / d rounded up, for positive bigints (Quantity.Value() and MilliValue() round up). */
const ceilDiv = (x: bigint, d: bigint): bigint => (x + d - 1n) / d;

/**
 * getProportionalResourceLimit: keep limit/request when both were set and differ (in the original limit's format); a
 * limit equal to the request, or a limit without a request, follows the new request; no original limit means none.
 */
export function proportionalLimit(resource: string, originalLimit: Quantity | undefined, originalRequest: Quantity | undefined,
  recommended: Quantity): Quantity | undefined {
  if (!originalLimit || originalLimit.nano <= 0n || recommended.nano <= 0n) return undefined;
  if (!originalRequest || originalRequest.nano <= 0n) return recommended;
  if (ceilDiv(originalRequest.nano, NANO_PER_MILLI) === ceilDiv(originalLimit.nano, NANO_PER_MILLI)) return recommended;
  if (resource === 'cpu') {
    const milli = ceilDiv(originalLimit.nano, NANO_PER_MILLI) * ceilDiv(recommended.nano, NANO_PER_MILLI) / ceilDiv(originalRequest.nano, NANO_PER_MILLI);
    return { nano: milli * NANO_PER_MILLI, format: originalLimit.format };
  }
  const bytes = ceilDiv(originalLimit.nano, NANO) * ceilDiv(recommended.nano, NANO) / ceilDiv(originalRequest.nano, NANO);
  return { nano: bytes * NANO, format: originalLimit.format };
}

/** Set requests (and proportional limits) on one container; returns the `vpaUpdates` entries for it. */
function patchContainer(container: Container, target: ResourceList, requestsAndLimits: boolean, notes: string[]): string[] {
  const requests = container.resources?.requests ?? {};
  const limits = container.resources?.limits ?? {};
  const newRequests: ResourceList = {};
  const newLimits: ResourceList = {};
  for (const name of Object.keys(target).sort()) {
    const recommended = quantityOf(target[name]);
    if (!recommended) continue;
    newRequests[name] = formatQuantity(recommended);
    if (!requestsAndLimits || (name !== 'cpu' && name !== 'memory')) continue;
    const limit = proportionalLimit(name, quantityOf(limits[name]), quantityOf(requests[name]), recommended);
    if (limit) newLimits[name] = formatQuantity(limit);
  }
  const requestNames = Object.keys(newRequests);
  const limitNames = Object.keys(newLimits);
  if (requestNames.length === 0 && limitNames.length === 0) return [];
  container.resources = {
    ...container.resources,
    ...(requestNames.length ? { requests: { ...requests, ...newRequests } } : {}),
    ...(limitNames.length ? { limits: { ...limits, ...newLimits } } : {}),
  };
  return [...notes, ...requestNames.map((n) => `${n} request`), ...limitNames.map((n) => `${n} limit`)];
}

/** Apply the controlling VPA's recommendation to a pod being created, in place. Returns the VPA used, if any. */
export function applyVpaToPod(pod: Pod, store: AdmissionReader): VerticalPodAutoscaler | undefined {
  const vpas = store.select<VerticalPodAutoscaler>('VerticalPodAutoscaler', { namespace: pod.metadata.namespace ?? 'default' })
    .filter((v) => admissionApplies(updateModeOf(v)));
  const vpa = controllingVpa(store, pod, vpas);
  if (!vpa) return undefined;
  const containers = pod.spec.containers;
  const updates: string[] = [];
  for (const { container, recommendation, annotations } of processRecommendation(vpa, pod)) {
    const i = containers.indexOf(container);
    const requestsAndLimits = controlledValues(containerPolicy(vpa, container.name)) === 'RequestsAndLimits';
    const entries = patchContainer(container, recommendation.target, requestsAndLimits, annotations);
    if (entries.length > 0) updates.push(`container ${i}: ${entries.join(', ')}`);
  }
  const annotations: Record<string, string> = { ...pod.metadata.annotations };
  if (updates.length > 0) annotations[RESOURCE_UPDATES_ANNOTATION] = `Pod resources updated by ${vpa.metadata.name}: ${updates.join('; ')}`;
  annotations[OBSERVED_CONTAINERS_ANNOTATION] = containers.map((c) => c.name).join(', ');
  pod.metadata.annotations = annotations;
  return vpa;
}

/** The admission plugin: pods only, on CREATE, with a spec to change (validation answers a malformed one). */
export function vpaAdmission(store: AdmissionReader): AdmissionPlugin {
  return {
    name: 'VerticalPodAutoscaler',
    mutate(obj, op) {
      if (obj.kind !== 'Pod' || op !== 'CREATE') return;
      const pod = obj as Pod;
      if (typeof pod.spec !== 'object' || pod.spec === null || !Array.isArray(pod.spec.containers)) return;
      if (typeof pod.metadata !== 'object' || pod.metadata === null) return;
      if (pod.spec.containers.some((c) => typeof c !== 'object' || c === null)) return;
      applyVpaToPod(pod, store);
    },
  };
}
