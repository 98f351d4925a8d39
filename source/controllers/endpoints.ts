/**
 * The Endpoints controller (`endpoints-controller`): one Endpoints object per Service with a selector, named after
 * it, listing ready pods in `addresses` and the others in `notReadyAddresses`, with ports resolved from each
 * Service port's targetPort. Services without a selector are left to their user (their Endpoints are theirs).
 */
import type { EndpointAddress, Endpoints, Pod, Service } from '../api/core.js';
import { isApiError } from '../api/errors.js';
import { selectorFromSet } from '../api/selectors.js';
import { type Engine } from '../engine/engine.js';
import { Controller, keyOf, splitKey } from '../engine/controller.js';
import { deepEqual } from '../store/clone.js';
import {
  HEADLESS_LABEL, ServiceSelectorIndex, TRIGGER_TIME_ANNOTATION, findPort, isPodReady, isServiceIPSet, podIPv4,
  servicesForPodEvent, shouldPodBeInEndpoints, shouldSetHostname, triggerTime,
} from './endpoint-util.js';

/** Upstream's cap on addresses in one Endpoints object; beyond it the object is truncated and annotated. */
export const MAX_ENDPOINTS_CAPACITY = 1000;
/** Set to `truncated` on Endpoints cut at the capacity. */
export const OVER_CAPACITY_ANNOTATION = 'endpoints.kubernetes.io/over-capacity';

type EndpointPort = { name?: string; port: number; protocol?: string; appProtocol?: string };
type Subset = NonNullable<Endpoints['subsets']>[number];

export class EndpointsController extends Controller {
  private readonly index = new ServiceSelectorIndex();

  constructor(engine: Engine) {
    super('endpoints-controller', engine);
    this.watch({ kind: 'Service' }, (e) => {
      if (e.type === 'DELETED') this.index.remove(keyOf(e.object));
      else this.index.upsert(e.object as Service);
      return keyOf(e.object);
    });
    this.watch({ kind: 'Pod' }, (e) => servicesForPodEvent(this.index, e));
    // A managed Endpoints object deleted by hand is recreated, as upstream's onEndpointsDelete requeues the Service.
    this.watch({ kind: 'Endpoints' }, (e) => (e.type === 'DELETED' ? keyOf(e.object) : undefined));
  }

  protected reconcile(key: string): void {
    const [namespace, name] = splitKey(key);
    const svc = this.store.tryGet<Service>('Service', namespace, name);
    const current = this.store.tryGet<Endpoints>('Endpoints', namespace, name);
    if (!svc) {
      // The Service is gone: its Endpoints go with it (upstream deletes them whoever made them).
      if (current) this.deleteIgnoringNotFound(namespace!, name);
      return;
    }
    if (svc.spec.type === 'ExternalName') return;
    if (!svc.spec.selector || Object.keys(svc.spec.selector).length === 0) return;
    const pods = this.store.select<Pod>('Pod', { namespace, selector: this.index.selectorOf(key) ?? selectorFromSet(svc.spec.selector) });
    const tolerateUnready = svc.spec.publishNotReadyAddresses === true;
    const svcPorts = svc.spec.ports ?? [];
    const raw: RawAddress[] = [];
    const included: Pod[] = [];
    for (const pod of pods) {
      if (!shouldPodBeInEndpoints(pod, tolerateUnready)) continue;
      included.push(pod);
      const address = shouldSetHostname(pod, svc) ? { ...podAddress(pod), hostname: pod.spec.hostname } : podAddress(pod);
      const ready = tolerateUnready || isPodReady(pod);
      if (svcPorts.length === 0) {
        if (svc.spec.clusterIP === 'None') raw.push({ address, ready, ports: [] });
        continue;
      }
      const ports: EndpointPort[] = [];
      for (const sp of svcPorts) {
        const port = findPort(pod, sp);
        if (port === undefined) continue; // upstream logs "Failed to find port for service" and skips this port
        const ep: EndpointPort = sp.name ? { name: sp.name, port, protocol: sp.protocol ?? 'TCP' } : { port, protocol: sp.protocol ?? 'TCP' };
        if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
        ports.push(ep);
      }
      if (ports.length) raw.push({ address, ready, ports });
    }
    let subsets = repackSubsets(raw);
    const truncated = truncateEndpoints(subsets);
    if (truncated) subsets = subsets.filter((s) => s.addresses?.length || s.notReadyAddresses?.length);
    this.write(svc, current, subsets, truncated, included);
  }

  private write(svc: Service, current: Endpoints | undefined, subsets: Subset[], truncated: boolean, pods: Pod[]): void {
    const labels: Record<string, string> = { ...svc.metadata.labels };
    if (!isServiceIPSet(svc)) labels[HEADLESS_LABEL] = '';
    else delete labels[HEADLESS_LABEL];
    if (current) {
      const capacityRight = truncated ? current.metadata.annotations?.[OVER_CAPACITY_ANNOTATION] === 'truncated'
        : current.metadata.annotations?.[OVER_CAPACITY_ANNOTATION] === undefined;
      if (deepEqual(current.subsets ?? [], subsets) && deepEqual(current.metadata.labels ?? {}, labels) && capacityRight) return;
    }
    const annotations: Record<string, string> = { ...current?.metadata.annotations };
    const trigger = triggerTime(svc, pods);
    if (trigger) annotations[TRIGGER_TIME_ANNOTATION] = trigger;
    else delete annotations[TRIGGER_TIME_ANNOTATION];
    if (truncated) annotations[OVER_CAPACITY_ANNOTATION] = 'truncated';
    else delete annotations[OVER_CAPACITY_ANNOTATION];
    const next: Endpoints = {
      apiVersion: 'v1', kind: 'Endpoints',
      metadata: { ...current?.metadata, name: svc.metadata.name, namespace: svc.metadata.namespace, labels, annotations },
      ...(subsets.length ? { subsets } : {}),
    };
    if (Object.keys(annotations).length === 0) delete next.metadata.annotations;
    if (current) this.store.update(next);
    else {
      try {
        this.store.create(next);
      } catch (err) {
        // Someone created it between our read and write: the next sync updates it.
        if (isApiError(err, 'AlreadyExists')) this.queue.add(keyOf(svc));
        // A terminating namespace takes no new objects; it is about to take the Service too.
        else if (!isApiError(err, 'Forbidden')) throw err;
      }
    }
  }

  private deleteIgnoringNotFound(namespace: string, name: string): void {
    try {
      this.store.delete('Endpoints', namespace, name);
    } catch (err) {
      if (!isApiError(err, 'NotFound')) throw err;
    }
  }
}

/** One pod's entry before packing: its address, readiness and the ports it serves. */
export interface RawAddress { address: EndpointAddress; ready: boolean; ports: EndpointPort[] }

/** A pod's address as endpoints list it, built once per stored pod object (stored objects never change). */
const addressCache = new WeakMap<Pod, EndpointAddress>();
function podAddress(pod: Pod): EndpointAddress {
  let a = addressCache.get(pod);
  if (!a) {
    a = { ip: podIPv4(pod)!, nodeName: pod.spec.nodeName, targetRef: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name!, uid: pod.metadata.uid } };
    addressCache.set(pod, a);
  }
  return a;
}

/**
 * endpoints.RepackSubsets: group addresses by the exact set of ports they offer, each address ready or not,
 * then sort (addresses by IP then pod uid, ports by name and number, subsets by their first address).
 */
export function repackSubsets(raw: readonly RawAddress[]): Subset[] {
  const groups = new Map<string, { ports: EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }>();
  for (const r of raw) {
    const ports = r.ports.length > 1 ? [...r.ports].sort(comparePorts) : r.ports;
    const key = ports.length === 1 ? portKey(ports[0]!) : ports.map(portKey).join('|');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports, ready: [], notReady: [] }));
    (r.ready ? g.ready : g.notReady).push(r.address);
  }
  const subsets: Subset[] = [];
  for (const g of groups.values()) {
    g.ready.sort(compareAddresses);
    g.notReady.sort(compareAddresses);
    const s: Subset = {};
    if (g.ready.length) s.addresses = g.ready;
    if (g.notReady.length) s.notReadyAddresses = g.notReady;
    if (g.ports.length) s.ports = g.ports;
    subsets.push(s);
  }
  const first = (s: Subset) => (s.addresses?.[0] ?? s.notReadyAddresses?.[0])!;
  return subsets.length > 1 ? subsets.sort((a, b) => compareAddresses(first(a), first(b))) : subsets;
}

/**
 * truncateEndpoints: past 1000 addresses, keep a share of each subset proportional to its size, ready
 * addresses first (not-ready ones are dropped entirely when the ready ones alone exceed the cap).
 */
export function truncateEndpoints(subsets: Subset[]): boolean {
  let totalReady = 0, totalNotReady = 0;
  for (const s of subsets) {
    totalReady += s.addresses?.length ?? 0;
    totalNotReady += s.notReadyAddresses?.length ?? 0;
  }
  if (totalReady + totalNotReady <= MAX_ENDPOINTS_CAPACITY) return false;
  const truncateReady = totalReady > MAX_ENDPOINTS_CAPACITY;
  const max = truncateReady ? MAX_ENDPOINTS_CAPACITY : MAX_ENDPOINTS_CAPACITY - totalReady;
  const numTotal = truncateReady ? totalReady : totalNotReady;
  let canBeAdded = max;
  for (const s of subsets) {
    const inSubset = truncateReady ? s.addresses?.length ?? 0 : s.notReadyAddresses?.length ?? 0;
    const toBeAdded = Math.min(Math.ceil((inSubset / numTotal) * max), canBeAdded);
    canBeAdded -= toBeAdded;
    if (truncateReady) {
      if (s.addresses) s.addresses = s.addresses.slice(0, toBeAdded);
      delete s.notReadyAddresses;
    } else if (s.notReadyAddresses) {
      s.notReadyAddresses = s.notReadyAddresses.slice(0, toBeAdded);
      if (s.notReadyAddresses.length === 0) delete s.notReadyAddresses;
    }
  }
  return true;
}

const portKey = (p: EndpointPort) => `${p.name ?? ''}/${p.port}/${p.protocol ?? ''}/${p.appProtocol ?? ''}`;

function comparePorts(a: EndpointPort, b: EndpointPort): number {
  const an = a.name ?? '', bn = b.name ?? '';
  if (an !== bn) return an < bn ? -1 : 1;
  return a.port - b.port || ((a.protocol ?? '') < (b.protocol ?? '') ? -1 : (a.protocol ?? '') > (b.protocol ?? '') ? 1 : 0);
}

/** LessEndpointAddress: by IP text, then by the pod's uid. */
function compareAddresses(a: EndpointAddress, b: EndpointAddress): number {
  if (a.ip !== b.ip) return a.ip < b.ip ? -1 : 1;
  const au = a.targetRef?.uid ?? '', bu = b.targetRef?.uid ?? '';
  return au < bu ? -1 : au > bu ? 1 : 0;
}
