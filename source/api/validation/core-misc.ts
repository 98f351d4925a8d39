/** The smaller core/v1 kinds: Namespace, Node, Secret, ConfigMap, LimitRange, ResourceQuota, Event; and Lease. */
import { compareQuantities, formatQuantity, type Quantity } from '../quantity.js';
import {
  child, type Errs, forbidden, invalid, invalidText, isObj, jsonEqual, nonNegative, type Obj, objItems, readArr, readBool,
  readInt, readObj, readStr, readStrArr, readStrMap, required, tooLong,
} from './field.js';
import { goStringSlice } from './go-format.js';
import { IMMUTABLE } from './meta.js';
import { cidrErrors, configMapKeyErrors, qualifiedNameErrors } from './names.js';
import { validateResourceList } from './resources.js';
import { validateTaints } from './scheduling.js';

const MAX_SECRET_SIZE = 1024 * 1024;

/** ValidateNamespace: spec.finalizers names (reported on the list, as upstream does). */
export function validateNamespace(errs: Errs, obj: Obj): void {
  const spec = readObj(errs, obj, 'spec', '');
  if (!spec) return;
  const finalizers = readStrArr(errs, spec, 'finalizers', 'spec') ?? [];
  for (const f of finalizers) {
    for (const msg of qualifiedNameErrors(f)) invalid(errs, 'spec.finalizers', f, msg);
    if (!f.includes('/') && !['kubernetes', 'orphan', 'foregroundDeletion'].includes(f)) {
      invalid(errs, 'spec.finalizers', f, 'name is neither a standard finalizer name nor is it fully qualified');
    }
  }
}

/** ValidateNode (+ update: podCIDRs and providerID only go from unset to set). Taints are reported under `metadata.taints`, as upstream does. */
export function validateNode(errs: Errs, obj: Obj, old?: Obj): void {
  const spec = readObj(errs, obj, 'spec', '') ?? {};
  validateTaints(errs, spec, 'taints', 'metadata');
  readBool(errs, spec, 'unschedulable', 'spec');
  const cidrs = readStrArr(errs, spec, 'podCIDRs', 'spec') ?? [];
  cidrs.forEach((c, i) => {
    for (const msg of cidrErrors(c)) invalid(errs, `spec.podCIDRs[${i}]`, c, msg);
  });
  const status = readObj(errs, obj, 'status', '');
  if (status) {
    for (const key of ['capacity', 'allocatable']) {
      // Upstream names these `status.capacity.cpu` (a child, not a key).
      const scratch: Errs = [];
      validateResourceList(scratch, status, key, 'status', 'none');
      for (const e of scratch) errs.push({ ...e, field: e.field.replace(/\[([^\]]*)\]$/, '.$1') });
    }
  }
  if (!old) return;
  const before = isObj(old.spec) ? old.spec : {};
  if (Array.isArray(before.podCIDRs) && before.podCIDRs.length > 0 && !jsonEqual(before.podCIDRs, spec.podCIDRs)) {
    forbidden(errs, 'spec.podCIDRs', 'node updates may not change podCIDR except from "" to valid');
  }
  if (typeof before.providerID === 'string' && before.providerID && before.providerID !== spec.providerID) {
    forbidden(errs, 'spec.providerID', 'node updates may not change providerID except from "" to valid');
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Data keys and base64 values; returns the decoded size. */
function validateData(errs: Errs, obj: Obj, key: string, base64: boolean): number {
  const data = readStrMap(errs, obj, key, '');
  if (!data) return 0;
  let size = 0;
  for (const k of Object.keys(data)) {
    for (const msg of configMapKeyErrors(k)) invalid(errs, `${key}[${k}]`, k, msg);
    const v = data[k]!;
    if (!base64) {
      size += Buffer.byteLength(v);
      continue;
    }
    const clean = v.replace(/[\r\n]/g, '');
    if (clean.length % 4 !== 0 || !BASE64.test(clean)) {
      const bad = [...clean].findIndex((c) => !/[A-Za-z0-9+/=]/.test(c));
      invalid(errs, `${key}[${k}]`, '<secret contents redacted>', `illegal base64 data at input byte ${bad >= 0 ? bad : clean.length}`);
      continue;
    }
    size += Buffer.from(clean, 'base64').length;
  }
  return size;
}

function hasData(obj: Obj, key: string): boolean {
  return isObj(obj.data) && obj.data[key] !== undefined;
}

/** ValidateSecret (+ update: type fixed; data fixed once `immutable`). */
export function validateSecret(errs: Errs, obj: Obj, old?: Obj): void {
  if (validateData(errs, obj, 'data', true) > MAX_SECRET_SIZE) tooLong(errs, 'data', MAX_SECRET_SIZE);
  const type = readStr(errs, obj, 'type', '') ?? '';
  const annotations = isObj(obj.metadata) && isObj(obj.metadata.annotations) ? obj.metadata.annotations : {};
  const need = (key: string): void => { if (!hasData(obj, key)) required(errs, `data[${key}]`); };
  switch (type) {
    case 'kubernetes.io/service-account-token':
      if (!annotations['kubernetes.io/service-account.name']) required(errs, 'metadata.annotations[kubernetes.io/service-account.name]');
      break;
    case 'kubernetes.io/dockercfg': need('.dockercfg'); break;
    case 'kubernetes.io/dockerconfigjson': need('.dockerconfigjson'); break;
    case 'kubernetes.io/basic-auth':
      if (!hasData(obj, 'username') && !hasData(obj, 'password')) { need('username'); need('password'); }
      break;
    case 'kubernetes.io/ssh-auth': need('ssh-privatekey'); break;
    case 'kubernetes.io/tls': need('tls.crt'); need('tls.key'); break;
  }
  readBool(errs, obj, 'immutable', '');
  if (!old) return;
  if (obj.type !== old.type) invalid(errs, 'type', obj.type ?? '', IMMUTABLE);
  immutableData(errs, obj, old, ['data']);
}

function immutableData(errs: Errs, obj: Obj, old: Obj, keys: string[]): void {
  if (old.immutable !== true) return;
  if (obj.immutable !== true) forbidden(errs, 'immutable', 'field is immutable when `immutable` is set');
  for (const k of keys) if (!jsonEqual(obj[k], old[k])) forbidden(errs, k, 'field is immutable when `immutable` is set');
}

/** ValidateConfigMap (+ update: fixed once `immutable`). */
export function validateConfigMap(errs: Errs, obj: Obj, old?: Obj): void {
  let size = validateData(errs, obj, 'data', false);
  size += validateData(errs, obj, 'binaryData', true);
  if (isObj(obj.data) && isObj(obj.binaryData)) {
    for (const k of Object.keys(obj.data)) if (Object.hasOwn(obj.binaryData, k)) invalid(errs, `data[${k}]`, k, 'duplicate of key present in binaryData');
  }
  // Upstream refers the size error to the whole object, with an empty field path.
  if (size > MAX_SECRET_SIZE) tooLong(errs, '', MAX_SECRET_SIZE);
  readBool(errs, obj, 'immutable', '');
  if (old) immutableData(errs, obj, old, ['data', 'binaryData']);
}

const LIMIT_TYPES = ['Pod', 'Container', 'PersistentVolumeClaim'];

/** ValidateLimitRange: known types once each, valid resources, and min ≤ defaultRequest ≤ default ≤ max. */
export function validateLimitRange(errs: Errs, obj: Obj): void {
  const spec = readObj(errs, obj, 'spec', '') ?? {};
  const limits = readArr(errs, spec, 'limits', 'spec') ?? [];
  const seen = new Set<string>();
  for (const [item, i] of objItems(errs, limits, 'spec.limits')) {
    const p = `spec.limits[${i}]`;
    const type = readStr(errs, item, 'type', p) ?? '';
    for (const msg of qualifiedNameErrors(type)) invalid(errs, child(p, 'type'), type, msg);
    if (type && !type.includes('/') && !LIMIT_TYPES.includes(type)) invalid(errs, child(p, 'type'), type, 'must be a standard limit type or fully qualified');
    if (seen.has(type)) errs.push({ type: 'FieldValueDuplicate', field: child(p, 'type'), value: type });
    seen.add(type);
    const rule = type === 'Pod' || type === 'Container' ? 'container' : 'any';
    const lists: Record<string, Map<string, Quantity>> = {};
    for (const key of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio']) {
      if (type === 'Pod' && (key === 'default' || key === 'defaultRequest')) {
        if (isObj(item[key]) && Object.keys(item[key] as Obj).length > 0) forbidden(errs, child(p, key), "may not be specified when `type` is 'Pod'");
        lists[key] = new Map();
        continue;
      }
      lists[key] = validateResourceList(errs, item, key, p, rule);
    }
    if (type === 'PersistentVolumeClaim' && !lists.min!.has('storage') && !lists.max!.has('storage')) {
      required(errs, child(p, 'limits'), 'either minimum or maximum storage value is required, but neither was provided');
    }
    checkLimitOrder(errs, lists, p);
  }
}

function checkLimitOrder(errs: Errs, l: Record<string, Map<string, Quantity>>, p: string): void {
  const names = new Set(Object.values(l).flatMap((m) => [...m.keys()]));
  const f = formatQuantity;
  for (const k of names) {
    const min = l.min!.get(k), max = l.max!.get(k), def = l.default!.get(k), req = l.defaultRequest!.get(k), ratio = l.maxLimitRequestRatio!.get(k);
    const gt = (a?: Quantity, b?: Quantity): boolean => a !== undefined && b !== undefined && compareQuantities(a, b) > 0;
    if (gt(min, max)) invalidText(errs, `${p}.min[${k}]`, f(min!), `min value ${f(min!)} is greater than max value ${f(max!)}`);
    if (gt(min, req)) invalidText(errs, `${p}.defaultRequest[${k}]`, f(req!), `min value ${f(min!)} is greater than default request value ${f(req!)}`);
    if (gt(req, max)) invalidText(errs, `${p}.defaultRequest[${k}]`, f(req!), `default request value ${f(req!)} is greater than max value ${f(max!)}`);
    if (gt(req, def)) invalidText(errs, `${p}.defaultRequest[${k}]`, f(req!), `default request value ${f(req!)} is greater than default limit value ${f(def!)}`);
    if (gt(min, def)) invalidText(errs, `${p}.default[${k}]`, f(min!), `min value ${f(min!)} is greater than default value ${f(def!)}`);
    if (gt(def, max)) invalidText(errs, `${p}.default[${k}]`, f(max!), `default value ${f(def!)} is greater than max value ${f(max!)}`);
    if (ratio && ratio.nano < 1_000_000_000n) invalidText(errs, `${p}.maxLimitRequestRatio[${k}]`, f(ratio), `ratio ${f(ratio)} is less than 1`);
  }
}

const QUOTA_SCOPES = ['Terminating', 'NotTerminating', 'BestEffort', 'NotBestEffort', 'PriorityClass', 'CrossNamespacePodAffinity', 'VolumeAttributesClass'];

/** ValidateResourceQuota (+ update: scopes are fixed). */
export function validateResourceQuota(errs: Errs, obj: Obj, old?: Obj): void {
  const spec = readObj(errs, obj, 'spec', '') ?? {};
  validateResourceList(errs, spec, 'hard', 'spec', 'quota');
  const scopes = readStrArr(errs, spec, 'scopes', 'spec') ?? [];
  if (scopes.some((s) => !QUOTA_SCOPES.includes(s))) invalidText(errs, 'spec.scopes', goStringSlice(scopes), 'unsupported scope');
  const has = (s: string): boolean => scopes.includes(s);
  if ((has('BestEffort') && has('NotBestEffort')) || (has('Terminating') && has('NotTerminating'))) {
    invalidText(errs, 'spec.scopes', goStringSlice(scopes), 'conflicting scopes');
  }
  if (!old) return;
  const before = isObj(old.spec) && Array.isArray(old.spec.scopes) ? old.spec.scopes : [];
  if (!jsonEqual([...new Set(before)].sort(), [...new Set(scopes)].sort())) invalidText(errs, 'spec.scopes', goStringSlice(scopes), IMMUTABLE);
}

/** Events are written by the simulator's own recorder; only their shape is checked. */
export function validateEvent(errs: Errs, obj: Obj): void {
  readObj(errs, obj, 'involvedObject', '');
  for (const f of ['reason', 'message', 'type']) readStr(errs, obj, f, '');
  nonNegative(errs, 'count', readInt(errs, obj, 'count', ''));
}

/** ValidateLeaseSpec. */
export function validateLease(errs: Errs, obj: Obj): void {
  const spec = readObj(errs, obj, 'spec', '');
  if (!spec) return;
  const duration = readInt(errs, spec, 'leaseDurationSeconds', 'spec');
  if (duration !== undefined && duration <= 0) invalid(errs, 'spec.leaseDurationSeconds', duration, 'must be greater than 0');
  const transitions = readInt(errs, spec, 'leaseTransitions', 'spec');
  if (transitions !== undefined && transitions < 0) invalid(errs, 'spec.leaseTransitions', transitions, 'must be greater than or equal to 0');
  readStr(errs, spec, 'holderIdentity', 'spec');
}

