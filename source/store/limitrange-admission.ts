/**
 * LimitRanger admission: a new pod's containers get the namespace's LimitRange defaults (limit ← `default`,
 * request ← `defaultRequest`), recorded in the `kubernetes.io/limit-ranger` annotation; then pods and claims are
 * checked against min / max / maxLimitRequestRatio and refused with upstream's 403 (`maximum cpu usage per
 * Container is 1, but limit is 2`, several joined in brackets).
 */
import type { Container, LimitRange, LimitRangeItem, PersistentVolumeClaim, Pod, ResourceList, ResourceRequirements } from '../api/core.js';
import { type FieldError, forbidden } from '../api/errors.js';
import { kindInfo, qualifiedResource } from '../api/kinds.js';
import type { KubeObject } from '../api/meta.js';
import { type Quantity, canonicalQuantity, milliValue, tryParseQuantity, value } from '../api/quantity.js';
import type { AdmissionPlugin, AdmissionReader, Operation } from './admission.js';
import { admissionName, podResources, toResourceList } from './quota-usage.js';

/** The annotation listing what LimitRanger defaulted. */
export const LIMIT_RANGER_ANNOTATION = 'kubernetes.io/limit-ranger';

/** Upstream's MaxMilliValue: beyond it values are compared in whole units. */
const MAX_MILLI_VALUE = Number.MAX_SAFE_INTEGER / 1000;

/** The LimitRanger admission plugin: defaults in mutate (pods on create), limits in validate (pods, claims). */
export function limitRangerAdmission(): AdmissionPlugin {
  return {
    name: 'LimitRanger',
    mutate(obj, op, _old, store) {
      if (obj.kind !== 'Pod' || op !== 'CREATE' || !obj.spec) return;
      for (const lr of rangesFor(obj, store)) applyDefaults(obj as Pod, lr);
    },
    validate(obj, op, old, store) {
      // Pod containers cannot change after creation, so only creates are checked; claims also on resize.
      if (!(obj.kind === 'Pod' && op === 'CREATE') && obj.kind !== 'PersistentVolumeClaim') return [] as FieldError[];
      if (old?.metadata.deletionTimestamp) return [];
      for (const lr of rangesFor(obj, store)) {
        const errs = obj.kind === 'Pod' ? validatePod(obj as Pod, lr) : validateClaim(obj as PersistentVolumeClaim, lr);
        if (errs.length === 0) continue;
        const info = kindInfo(obj.kind)!;
        const name = admissionName(obj);
        // utilerrors.NewAggregate prints one error bare and several as [a, b].
        const text = errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`;
        throw forbidden(`${qualifiedResource(info)} "${name}" is forbidden: ${text}`, { name, group: info.group, kind: info.plural });
      }
      return [];
    },
  };
}

/** Containers and init containers, tolerating malformed input (validation reports it; this must not crash). */
function containersOf(pod: Pod, key: 'containers' | 'initContainers'): Container[] {
  const list = (pod.spec as unknown as Record<string, unknown>)[key];
  return Array.isArray(list) ? list.filter((c): c is Container => c !== null && typeof c === 'object') : [];
}

/** A resource list, or {} for anything that is not one. */
function resourceList(v: unknown): ResourceList {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v as ResourceList : {};
}

function rangesFor(obj: KubeObject, store: AdmissionReader): LimitRange[] {
  const ns = obj.metadata.namespace;
  return ns ? store.select<LimitRange>('LimitRange', { namespace: ns }) : [];
}

/** defaultContainerResourceRequirements + mergePodResourceRequirements. */
function applyDefaults(pod: Pod, lr: LimitRange): void {
  const limits: ResourceList = {}, requests: ResourceList = {};
  for (const item of lr.spec?.limits ?? []) {
    if (item.type !== 'Container') continue;
    Object.assign(requests, item.defaultRequest);
    Object.assign(limits, item.default);
  }
  if (Object.keys(limits).length + Object.keys(requests).length === 0) return;
  const notes: string[] = [];
  const merge = (c: Container, prefix: string) => {
    const resources: ResourceRequirements = (c.resources = { ...(resourceList(c.resources) as ResourceRequirements) });
    const setLimits: string[] = [], setRequests: string[] = [];
    const lim: ResourceList = { ...resourceList(resources.limits) }, req: ResourceList = { ...resourceList(resources.requests) };
    for (const k of Object.keys(limits)) if (!(k in lim)) { lim[k] = limits[k]!; setLimits.push(k); }
    for (const k of Object.keys(requests)) if (!(k in req)) { req[k] = requests[k]!; setRequests.push(k); }
    if (Object.keys(lim).length) resources.limits = lim;
    if (Object.keys(req).length) resources.requests = req;
    if (setRequests.length) notes.push(`${setRequests.sort().join(', ')} request for ${prefix} ${c.name}`);
    if (setLimits.length) notes.push(`${setLimits.sort().join(', ')} limit for ${prefix} ${c.name}`);
  };
  for (const c of containersOf(pod, 'containers')) merge(c, 'container');
  for (const c of containersOf(pod, 'initContainers')) merge(c, 'init container');
  if (notes.length) {
    pod.metadata.annotations = { ...pod.metadata.annotations, [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${notes.join('; ')}` };
  }
}

/** requestLimitEnforcedValues: compare in milli-units unless a value is too large for them. */
function comparable(q: Quantity | undefined, ...others: (Quantity | undefined)[]): (x: Quantity | undefined) => number {
  const all = [q, ...others].filter((x): x is Quantity => x !== undefined);
  const milli = all.every((x) => value(x) <= MAX_MILLI_VALUE);
  return (x) => (x === undefined ? 0 : milli ? milliValue(x) : value(x));
}

const show = (text: string | undefined) => {
  try { return canonicalQuantity(text ?? '0'); } catch { return String(text); }
};

function checkItem(item: LimitRangeItem, type: string, requests: ResourceList, limits: ResourceList, errs: string[], claim = false): void {
  for (const [name, text] of Object.entries(item.min ?? {})) {
    const enforced = tryParseQuantity(text), req = tryParseQuantity(requests[name]), lim = tryParseQuantity(limits[name]);
    const v = comparable(enforced, req, lim);
    if (!(name in requests)) errs.push(`minimum ${name} usage per ${type} is ${show(text)}.  No request is specified`);
    else if (v(req) < v(enforced)) errs.push(`minimum ${name} usage per ${type} is ${show(text)}, but request is ${show(requests[name])}`);
    else if (name in limits && v(lim) < v(enforced)) errs.push(`minimum ${name} usage per ${type} is ${show(text)}, but limit is ${show(limits[name])}`);
  }
  for (const [name, text] of Object.entries(item.max ?? {})) {
    const enforced = tryParseQuantity(text), req = tryParseQuantity(requests[name]), lim = tryParseQuantity(limits[name]);
    const v = comparable(enforced, req, lim);
    if (claim) {
      // maxRequestConstraint: claims state only requests.
      if (!(name in requests)) errs.push(`maximum ${name} usage per ${type} is ${show(text)}.  No request is specified`);
      else if (v(req) > v(enforced)) errs.push(`maximum ${name} usage per ${type} is ${show(text)}, but request is ${show(requests[name])}`);
      continue;
    }
    if (!(name in limits)) errs.push(`maximum ${name} usage per ${type} is ${show(text)}.  No limit is specified`);
    else if (v(lim) > v(enforced)) errs.push(`maximum ${name} usage per ${type} is ${show(text)}, but limit is ${show(limits[name])}`);
    else if (name in requests && v(req) > v(enforced)) errs.push(`maximum ${name} usage per ${type} is ${show(text)}, but request is ${show(requests[name])}`);
  }
  for (const [name, text] of Object.entries(item.maxLimitRequestRatio ?? {})) {
    const enforced = tryParseQuantity(text), req = tryParseQuantity(requests[name]), lim = tryParseQuantity(limits[name]);
    const v = comparable(enforced, req, lim);
    if (!(name in requests) || v(req) === 0) {
      errs.push(`${name} max limit to request ratio per ${type} is ${show(text)}, but no request is specified or request is 0`);
      continue;
    }
    if (!(name in limits) || v(lim) === 0) {
      errs.push(`${name} max limit to request ratio per ${type} is ${show(text)}, but no limit is specified or limit is 0`);
      continue;
    }
    const ratio = v(lim) / v(req);
    const bound = enforced ? (value(enforced) <= MAX_MILLI_VALUE ? milliValue(enforced) / 1000 : value(enforced)) : 0;
    if (ratio > bound) errs.push(`${name} max limit to request ratio per ${type} is ${show(text)}, but provided ratio is ${ratio.toFixed(6)}`);
  }
}

/** PodValidateLimitFunc: Container items per container (init containers too), Pod items on the pod's totals. */
function validatePod(pod: Pod, lr: LimitRange): string[] {
  const errs: string[] = [];
  for (const item of lr.spec?.limits ?? []) {
    if (item.type === 'Container') {
      for (const c of [...containersOf(pod, 'containers'), ...containersOf(pod, 'initContainers')]) {
        const r = resourceList(c.resources) as ResourceRequirements;
        checkItem(item, 'Container', resourceList(r.requests), resourceList(r.limits), errs);
      }
    } else if (item.type === 'Pod') {
      const { requests, limits } = podResources(pod, false);
      checkItem(item, 'Pod', toResourceList(requests), toResourceList(limits), errs);
    }
  }
  return errs;
}

/** PersistentVolumeClaimValidateLimitFunc: min and max against the claim's requested storage. */
function validateClaim(pvc: PersistentVolumeClaim, lr: LimitRange): string[] {
  const errs: string[] = [];
  for (const item of lr.spec?.limits ?? []) {
    if (item.type === 'PersistentVolumeClaim') checkItem({ ...item, maxLimitRequestRatio: undefined }, 'PersistentVolumeClaim', resourceList(pvc.spec?.resources?.requests), {}, errs, true);
  }
  return errs;
}
