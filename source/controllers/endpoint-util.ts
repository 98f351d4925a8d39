/**
 * What the Endpoints and EndpointSlice controllers share (upstream's endpointutil): which Services select a pod,
 * which pods belong in endpoints, how a Service port's targetPort resolves on a pod, and the trigger time.
 */
import type { Pod, Service, ServicePort } from '../api/core.js';
import type { KubeObject } from '../api/meta.js';
import { type Selector, selectorFromSet } from '../api/selectors.js';
import type { WatchEvent } from '../store/watch.js';

/** Annotation holding the time of the last pod or Service change the endpoints reflect. */
export const TRIGGER_TIME_ANNOTATION = 'endpoints.kubernetes.io/last-change-trigger-time';
/** Label put on the endpoints of a headless Service (v1.IsHeadlessService). */
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';

/**
 * Services by the pods they select: each Service with a selector is filed under one `key=value` pair of its
 * selector, so a pod's candidate Services come from its own labels (one look-up per label), then the full selector
 * is checked. A pod event therefore costs O(its labels), not O(Services in the namespace).
 */
export class ServiceSelectorIndex {
  private readonly byPair = new Map<string, Set<string>>();
  private readonly services = new Map<string, { pair: string; selector: Selector }>();

  /** File (or re-file) a Service; one without a selector is dropped. */
  upsert(svc: Service): void {
    const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
    const sel = svc.spec?.selector;
    const keys = sel ? Object.keys(sel).sort() : [];
    if (keys.length === 0 || svc.spec.type === 'ExternalName') {
      this.remove(key);
      return;
    }
    const pair = `${svc.metadata.namespace}\u0000${keys[0]}=${sel![keys[0]!]}`;
    const prior = this.services.get(key);
    if (prior && prior.pair !== pair) this.unfile(key, prior.pair);
    this.services.set(key, { pair, selector: selectorFromSet(sel) });
    let set = this.byPair.get(pair);
    if (!set) this.byPair.set(pair, (set = new Set()));
    set.add(key);
  }

  remove(key: string): void {
    const prior = this.services.get(key);
    if (!prior) return;
    this.unfile(key, prior.pair);
    this.services.delete(key);
  }

  private unfile(key: string, pair: string): void {
    const set = this.byPair.get(pair);
    set?.delete(key);
    if (set && set.size === 0) this.byPair.delete(pair);
  }

  /** The compiled selector of a filed Service (saves re-parsing it on every sync). */
  selectorOf(key: string): Selector | undefined {
    return this.services.get(key)?.selector;
  }

  /** Keys (`ns/name`) of the Services whose selector matches these labels in this namespace. */
  servicesFor(namespace: string | undefined, labels: Record<string, string> | undefined, into: Set<string>): void {
    if (!labels || namespace === undefined) return;
    for (const k in labels) {
      const set = this.byPair.get(`${namespace}\u0000${k}=${labels[k]}`);
      if (!set) continue;
      for (const key of set) if (this.services.get(key)!.selector.matches(labels)) into.add(key);
    }
  }
}

/** podutil.IsPodReady: the Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  const conditions = pod.status?.conditions;
  if (!conditions) return false;
  for (const c of conditions) if (c.type === 'Ready') return c.status === 'True';
  return false;
}

/** Succeeded or Failed: a pod that will never run again. */
export function isPodTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** The pod's IPv4 address, if it has one (IPv4 single-stack clusters). */
export function podIPv4(pod: Pod): string | undefined {
  return pod.status?.podIP || pod.status?.podIPs?.[0]?.ip || undefined;
}

/** ShouldPodBeInEndpoints: not terminal, has an IP, and terminating only when those are wanted. */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  if (isPodTerminal(pod)) return false;
  if (!podIPv4(pod)) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false;
  return true;
}

/**
 * podutil.FindPort: a numeric targetPort is used as is; a named one is looked up among the containers' (and
 * sidecars') ports with the Service port's protocol. undefined when the pod has no such port.
 */
export function findPort(pod: Pod, svcPort: ServicePort): number | undefined {
  const target = svcPort.targetPort ?? svcPort.port;
  if (typeof target === 'number') return target;
  const protocol = svcPort.protocol ?? 'TCP';
  for (const c of pod.spec.containers ?? []) {
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  }
  for (const c of pod.spec.initContainers ?? []) {
    if (c.restartPolicy !== 'Always') continue;
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  }
  return undefined;
}

/** Whether a Service gets a cluster IP (helper.IsServiceIPSet): neither empty nor `None`. */
export function isServiceIPSet(svc: Service): boolean {
  const ip = svc.spec?.clusterIP;
  return !!ip && ip !== 'None';
}

/** ShouldSetHostname: the pod names a hostname and this Service as its subdomain. */
export function shouldSetHostname(pod: Pod, svc: Service): boolean {
  return !!pod.spec.hostname && pod.spec.subdomain === svc.metadata.name && pod.metadata.namespace === svc.metadata.namespace;
}

function readyCondition(pod: Pod | undefined): string | undefined {
  for (const c of pod?.status?.conditions ?? []) if (c.type === 'Ready') return c.status;
  return undefined;
}

/**
 * podEndpointsChanged: whether a pod update can change any endpoint (IP, readiness, termination, phase, node,
 * hostname). Kubelet status churn that changes none of these is dropped before it costs a Service sync.
 */
export function podEndpointsChanged(old: Pod, pod: Pod): boolean {
  if (old.metadata.labels !== pod.metadata.labels) return true;
  if (podIPv4(old) !== podIPv4(pod)) return true;
  if (readyCondition(old) !== readyCondition(pod)) return true;
  if (!old.metadata.deletionTimestamp !== !pod.metadata.deletionTimestamp) return true;
  if (isPodTerminal(old) !== isPodTerminal(pod)) return true;
  if (old.spec.nodeName !== pod.spec.nodeName || old.spec.hostname !== pod.spec.hostname || old.spec.subdomain !== pod.spec.subdomain) return true;
  return false;
}

/** The Service keys a pod watch event concerns: the Services selecting it before and after the change. */
export function servicesForPodEvent(index: ServiceSelectorIndex, e: WatchEvent): Set<string> {
  const keys = new Set<string>();
  const pod = e.object as Pod;
  const old = e.oldObject as Pod | undefined;
  // A pod without an IP is in no endpoints: until it gets one (or after it lost it), nothing it does matters here.
  if (!podIPv4(pod) && !(old && podIPv4(old))) return keys;
  if (e.type === 'MODIFIED' && old && !podEndpointsChanged(old, pod)) return keys;
  index.servicesFor(pod.metadata.namespace, pod.metadata.labels, keys);
  if (old && old.metadata.labels !== pod.metadata.labels) index.servicesFor(old.metadata.namespace, old.metadata.labels, keys);
  return keys;
}

/** When a pod's endpoint state last changed: its Ready transition, else its creation (RFC 3339 text). */
function podTrigger(pod: Pod): string {
  for (const c of pod.status?.conditions ?? []) {
    if (c.type === 'Ready' && c.lastTransitionTime) return c.lastTransitionTime;
  }
  return pod.metadata.creationTimestamp ?? '';
}

/**
 * The last-change trigger time (TriggerTimeTracker, simplified): the latest change among the Service and its
 * pods. Stored timestamps are RFC 3339 UTC at second precision, so the latest is the greatest text — no parsing
 * on this per-pod path. Undefined when nothing carries a time.
 */
export function triggerTime(svc: KubeObject, pods: readonly Pod[]): string | undefined {
  let latest = svc.metadata.creationTimestamp ?? '';
  for (const p of pods) {
    const t = podTrigger(p);
    if (t > latest) latest = t;
  }
  return latest || undefined;
}
