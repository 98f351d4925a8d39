/**
 * Quota evaluation shared by ResourceQuota admission and the quota controller (upstream's quota evaluators):
 * what an object consumes (pods, services, PVCs, object counts), which quotas it falls under (scopes), and the
 * resource-list arithmetic with upstream's formatting (`requests.cpu=500m`).
 */
import type { Container, PersistentVolumeClaim, Pod, ResourceList, ResourceQuota, Service } from '../api/core.js';
import { type KindInfo, kindInfo, resolveResource } from '../api/kinds.js';
import type { KubeObject } from '../api/meta.js';
import { podQosClass } from '../api/print/qos.js';
import { type Quantity, addQuantities, compareQuantities, formatQuantity, fromUnits, tryParseQuantity } from '../api/quantity.js';

/** A resource list as exact quantities. */
export type Usage = Map<string, Quantity>;

const ONE = fromUnits(1);
const ZERO: Quantity = { nano: 0n, format: 'DecimalSI' };

/** Names the pod evaluator tracks; hugepages and `requests.<extended>` are matched by prefix. */
const POD_RESOURCES = new Set([
  'count/pods', 'pods', 'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage',
  'limits.cpu', 'limits.memory', 'limits.ephemeral-storage',
]);
const SERVICE_RESOURCES = new Set(['count/services', 'services', 'services.loadbalancers', 'services.nodeports']);
const PVC_RESOURCES = new Set(['count/persistentvolumeclaims', 'persistentvolumeclaims', 'requests.storage']);
const STORAGE_CLASS_SUFFIX = '.storageclass.storage.k8s.io/';
/** Object-count names older than `count/…` (the legacy aliases). */
const LEGACY_COUNT: Record<string, string> = {
  configmaps: 'ConfigMap', secrets: 'Secret', replicationcontrollers: 'ReplicationController', resourcequotas: 'ResourceQuota',
};
/** Resources whose quota forces every container to declare them (the pod evaluator's validationSet). */
const MUST_SPECIFY = ['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory'];

/** An extended resource name (domain-prefixed, outside kubernetes.io), as helper.IsExtendedResourceName. */
function isExtendedResource(name: string): boolean {
  return name.includes('/') && !name.startsWith('kubernetes.io/') && !name.startsWith('requests.');
}

/** The kind whose objects a quota resource name counts, or undefined for a name no evaluator knows. */
export function kindForResource(name: string): string | undefined {
  if (POD_RESOURCES.has(name) || name.startsWith('hugepages-') || name.startsWith('requests.hugepages-')) return 'Pod';
  if (name.startsWith('requests.') && isExtendedResource(name.slice('requests.'.length))) return 'Pod';
  if (SERVICE_RESOURCES.has(name)) return 'Service';
  if (PVC_RESOURCES.has(name) || name.includes(STORAGE_CLASS_SUFFIX)) return 'PersistentVolumeClaim';
  if (LEGACY_COUNT[name]) return LEGACY_COUNT[name];
  if (name.startsWith('count/')) {
    const info = resolveResource(name.slice('count/'.length));
    return info?.namespaced && name === countName(info) ? info.kind : undefined;
  }
  return undefined;
}

/** `count/pods`, `count/deployments.apps`: the object-count resource name of a kind. */
export function countName(info: KindInfo): string {
  return info.group ? `count/${info.plural}.${info.group}` : `count/${info.plural}`;
}

/** One scope requirement (spec.scopes entries become `Exists`). */
export interface ScopeRequirement { scopeName: string; operator: string; values: string[] }

/** getScopeSelectorsFromQuota: spec.scopes plus spec.scopeSelector.matchExpressions. */
export function quotaScopes(q: ResourceQuota): ScopeRequirement[] {
  const out: ScopeRequirement[] = (q.spec?.scopes ?? []).map((s) => ({ scopeName: s, operator: 'Exists', values: [] }));
  const sel = q.spec?.scopeSelector as { matchExpressions?: { scopeName: string; operator: string; values?: string[] }[] } | undefined;
  for (const e of sel?.matchExpressions ?? []) out.push({ scopeName: e.scopeName, operator: e.operator, values: e.values ?? [] });
  return out;
}

function podMatchesScope(pod: Pod, s: ScopeRequirement): boolean {
  const terminating = typeof pod.spec.activeDeadlineSeconds === 'number' && pod.spec.activeDeadlineSeconds >= 0;
  switch (s.scopeName) {
    case 'Terminating': return terminating;
    case 'NotTerminating': return !terminating;
    case 'BestEffort': return podQosClass(pod) === 'BestEffort';
    case 'NotBestEffort': return podQosClass(pod) !== 'BestEffort';
    case 'PriorityClass': {
      // Matched as a label selector over {PriorityClass: <class or "">}: the key always exists.
      const cls = pod.spec.priorityClassName ?? '';
      if (s.operator === 'Exists') return cls !== '';
      if (s.operator === 'In') return s.values.includes(cls);
      if (s.operator === 'NotIn') return !s.values.includes(cls);
      return false;
    }
    default: return false;
  }
}

/** Whether the quota's scopes admit this object (only pods can match a scoped quota). */
export function matchesScopes(scopes: readonly ScopeRequirement[], kind: string, obj: KubeObject): boolean {
  if (scopes.length === 0) return true;
  if (kind !== 'Pod') return false;
  return scopes.every((s) => podMatchesScope(obj as Pod, s));
}

/** QuotaV1Pod: terminal pods, and pods stuck terminating past deletion + grace, consume no compute quota. */
export function podConsumesQuota(pod: Pod, nowMs: number): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  const del = pod.metadata.deletionTimestamp;
  const grace = pod.metadata.deletionGracePeriodSeconds;
  if (del && grace !== undefined && nowMs > Date.parse(del) + grace * 1000) return false;
  return true;
}

const parse = (q: string | undefined): Quantity => tryParseQuantity(q) ?? ZERO;

function addList(into: Usage, list: ResourceList | undefined): void {
  if (!list || typeof list !== 'object') return;
  for (const name in list) into.set(name, addQuantities(into.get(name) ?? ZERO, parse(list[name])));
}

function maxInto(into: Usage, other: Usage): void {
  for (const [name, q] of other) {
    const cur = into.get(name);
    if (!cur || compareQuantities(q, cur) > 0) into.set(name, q);
  }
}

const aggregated = new WeakMap<object, { requests: Usage; limits: Usage }>();

/**
 * resourcehelper.PodRequests / PodLimits: containers summed, restartable sidecars added, max'd with each init
 * container; overhead optional. Cached per spec object: a stored spec is replaced, never mutated, and quota only
 * asks once admission's mutations are done.
 */
export function podResources(pod: Pod, includeOverhead: boolean): { requests: Usage; limits: Usage } {
  const spec = pod.spec;
  const cached = includeOverhead ? aggregated.get(spec) : undefined;
  if (cached) return cached;
  const result = { requests: aggregate(spec.containers, spec.initContainers, 'requests'), limits: aggregate(spec.containers, spec.initContainers, 'limits') };
  if (includeOverhead && spec.overhead) {
    addList(result.requests, spec.overhead);
    for (const name in spec.overhead) {
      const cur = result.limits.get(name);
      if (cur) result.limits.set(name, addQuantities(cur, parse(spec.overhead[name])));
    }
  }
  if (includeOverhead) aggregated.set(spec, result);
  return result;
}

/** The containers of a list, tolerating malformed input (validation reports it; quota must not crash on it). */
function containersIn(list: unknown): Container[] {
  return Array.isArray(list) ? list.filter((c): c is Container => c !== null && typeof c === 'object') : [];
}

function aggregate(containers: Container[] | undefined, inits: Container[] | undefined, which: 'requests' | 'limits'): Usage {
  const total: Usage = new Map();
  for (const c of containersIn(containers)) addList(total, c.resources?.[which]);
  const sidecars: Usage = new Map();
  const initMax: Usage = new Map();
  for (const c of containersIn(inits)) {
    const own = c.resources?.[which];
    if (c.restartPolicy === 'Always') {
      addList(total, own);
      addList(sidecars, own);
      maxInto(initMax, sidecars);
    } else {
      const during: Usage = new Map(sidecars);
      addList(during, own);
      maxInto(initMax, during);
    }
  }
  maxInto(total, initMax);
  return total;
}

/** podComputeUsageHelper for one requests/limits pair. */
function computeUsage(requests: Usage, limits: Usage, into: Usage): void {
  into.set('pods', ONE);
  for (const [res, prefixed] of [['cpu', 'requests.cpu'], ['memory', 'requests.memory'], ['ephemeral-storage', 'requests.ephemeral-storage']] as const) {
    const r = requests.get(res);
    if (r) { into.set(res, r); into.set(prefixed, r); }
    const l = limits.get(res);
    if (l) into.set(`limits.${res}`, l);
  }
  for (const [name, q] of requests) {
    if (name.startsWith('hugepages-')) { into.set(name, q); into.set(`requests.${name}`, q); }
    if (isExtendedResource(name)) into.set(`requests.${name}`, q);
  }
}

/** What an object consumes, unmasked (PodUsageFunc, the service and PVC evaluators, object counts). */
export function objectUsage(kind: string, obj: KubeObject, nowMs: number): Usage {
  const usage: Usage = new Map();
  const info = kindInfo(kind);
  if (info) usage.set(countName(info), ONE);
  for (const [legacy, k] of Object.entries(LEGACY_COUNT)) if (k === kind) usage.set(legacy, ONE);
  if (kind === 'Pod') {
    const pod = obj as Pod;
    if (!podConsumesQuota(pod, nowMs)) return usage;
    const { requests, limits } = podResources(pod, true);
    computeUsage(requests, limits, usage);
  } else if (kind === 'Service') {
    const svc = obj as Service;
    const ports = svc.spec?.ports ?? [];
    usage.set('services', ONE);
    let nodePorts = 0, lbs = 0;
    if (svc.spec?.type === 'NodePort') nodePorts = ports.length;
    if (svc.spec?.type === 'LoadBalancer') {
      lbs = 1;
      const allocate = (svc.spec as { allocateLoadBalancerNodePorts?: boolean }).allocateLoadBalancerNodePorts;
      nodePorts = allocate === false ? ports.filter((p) => p.nodePort).length : ports.length;
    }
    usage.set('services.nodeports', fromUnits(nodePorts));
    usage.set('services.loadbalancers', fromUnits(lbs));
  } else if (kind === 'PersistentVolumeClaim') {
    const pvc = obj as PersistentVolumeClaim;
    usage.set('persistentvolumeclaims', ONE);
    const cls = pvc.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? pvc.spec?.storageClassName ?? '';
    if (cls) usage.set(`${cls}${STORAGE_CLASS_SUFFIX}persistentvolumeclaims`, ONE);
    const storage = pvc.spec?.resources?.requests?.storage;
    if (storage !== undefined) {
      const q = parse(storage);
      usage.set('requests.storage', q);
      if (cls) usage.set(`${cls}${STORAGE_CLASS_SUFFIX}requests.storage`, q);
    }
  }
  return usage;
}

/**
 * The pod evaluator's Constraints: with cpu/memory under quota, every container must state them.
 * Returns upstream's `must specify limits.cpu for: app; limits.memory for: app`, or undefined.
 */
export function podConstraintViolation(restricted: readonly string[], pod: Pod): string | undefined {
  const required = MUST_SPECIFY.filter((r) => restricted.includes(r));
  if (required.length === 0) return undefined;
  const missing = new Map<string, Set<string>>();
  for (const c of [...containersIn(pod.spec.containers), ...containersIn(pod.spec.initContainers)]) {
    const have: Usage = new Map();
    computeUsage(toUsage(c.resources?.requests), toUsage(c.resources?.limits), have);
    for (const r of required) {
      if (have.has(r)) continue;
      let set = missing.get(r);
      if (!set) missing.set(r, (set = new Set()));
      set.add(c.name);
    }
  }
  if (missing.size === 0) return undefined;
  const parts = [...missing.keys()].sort().map((r) => `${r} for: ${[...missing.get(r)!].sort().join(',')}`);
  return `must specify ${parts.join('; ')}`;
}

function toUsage(list: ResourceList | undefined): Usage {
  const u: Usage = new Map();
  addList(u, list);
  return u;
}

/** quota.Add: every key of either list; a's format wins unless a is zero. */
export function addUsage(a: Usage, b: Usage): Usage {
  const out: Usage = new Map(a);
  for (const [name, q] of b) out.set(name, addQuantities(out.get(name) ?? ZERO, q));
  return out;
}

/** quota.SubtractWithNonNegativeResult. */
export function subtractNonNegative(a: Usage, b: Usage): Usage {
  const out: Usage = new Map();
  for (const [name, q] of a) {
    const nano = q.nano - (b.get(name)?.nano ?? 0n);
    out.set(name, nano > 0n ? { nano, format: q.format } : { nano: 0n, format: q.format });
  }
  return out;
}

/** quota.Mask: only the named resources. */
export function maskUsage(u: Usage, names: Iterable<string>): Usage {
  const out: Usage = new Map();
  for (const n of names) {
    const q = u.get(n);
    if (q) out.set(n, q);
  }
  return out;
}

/** quota.RemoveZeros. */
export function removeZeros(u: Usage): Usage {
  const out: Usage = new Map();
  for (const [n, q] of u) if (q.nano !== 0n) out.set(n, q);
  return out;
}

/** A resource list (status.hard / status.used) as quantities. */
export function usageOf(list: ResourceList | undefined): Usage {
  return toUsage(list);
}

/** Quantities back to a resource list in canonical form. */
export function toResourceList(u: Usage): ResourceList {
  const out: ResourceList = {};
  for (const [n, q] of u) out[n] = formatQuantity(q);
  return out;
}

/** prettyPrint: `requests.cpu=500m,requests.memory=1Gi`, sorted by name. */
export function prettyPrint(u: Usage): string {
  return [...u.keys()].sort().map((n) => `${n}=${formatQuantity(u.get(n)!)}`).join(',');
}

/**
 * The name admission errors carry: the object's name, or its generateName when the store generated the name
 * (upstream rejects before a name is generated, so a ReplicaSet's refusal reads `pods "web-7d8f6c9b54-"`).
 */
export function admissionName(obj: KubeObject): string {
  const { name = '', generateName } = obj.metadata;
  if (generateName && name.startsWith(generateName) && name.length === generateName.length + 5) return generateName;
  return name;
}
