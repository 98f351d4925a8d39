/**
 * The EndpointSlice controller (`endpointslice-controller`): for each Service with a selector, slices named
 * `<svc>-<5 chars>` holding at most 100 endpoints each (ready/serving/terminating conditions, node, zone, pod),
 * labelled with the Service name and `endpointslice.kubernetes.io/managed-by`, owned by the Service so they go
 * when it goes. A pod event re-syncs only the Services that select the pod.
 */
import type { EndpointSlice } from '../api/cluster-kinds.js';
import type { Node, Pod, Service } from '../api/core.js';
import { isApiError } from '../api/errors.js';
import { selectorFromSet } from '../api/selectors.js';
import { type Engine } from '../engine/engine.js';
import { Controller, keyOf, splitKey } from '../engine/controller.js';
import { deepEqual } from '../store/clone.js';
import type { WatchEvent } from '../store/watch.js';
import {
  HEADLESS_LABEL, ServiceSelectorIndex, TRIGGER_TIME_ANNOTATION, findPort, isPodReady, isServiceIPSet, podIPv4,
  servicesForPodEvent, shouldPodBeInEndpoints, shouldSetHostname, triggerTime,
} from './endpoint-util.js';
import { type EndpointGroup, type SliceEndpoint, type SlicePort, endpointKey, planSlices, portSetKey } from './endpointslice-plan.js';

/** discovery.LabelServiceName: the Service a slice belongs to. */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
/** discovery.LabelManagedBy: which controller owns a slice. */
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
/** The managed-by value of this controller's slices. */
export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
const ZONE_LABEL = 'topology.kubernetes.io/zone';

export interface EndpointSliceControllerOptions {
  /** --max-endpoints-per-slice (default 100). */
  maxEndpointsPerSlice?: number;
}

export class EndpointSliceController extends Controller {
  private readonly index = new ServiceSelectorIndex();
  private readonly max: number;
  /** resourceVersions this controller wrote, so its own slice events do not requeue the Service. */
  private readonly written = new Map<string, string>();

  constructor(engine: Engine, opts: EndpointSliceControllerOptions = {}) {
    super('endpointslice-controller', engine);
    this.max = opts.maxEndpointsPerSlice ?? 100;
    this.watch({ kind: 'Service' }, (e) => {
      if (e.type === 'DELETED') this.index.remove(keyOf(e.object));
      else this.index.upsert(e.object as Service);
      return keyOf(e.object);
    });
    this.watch({ kind: 'Pod' }, (e) => servicesForPodEvent(this.index, e));
    this.watch({ kind: 'EndpointSlice' }, (e) => this.onSliceEvent(e));
  }

  /** A managed slice changed by someone else (edited, deleted): resync its Service, as upstream's slice tracker does. */
  private onSliceEvent(e: WatchEvent): string | undefined {
    const slice = e.object as EndpointSlice;
    const labels = slice.metadata.labels;
    if (labels?.[MANAGED_BY_LABEL] !== CONTROLLER_NAME || !labels[SERVICE_NAME_LABEL]) return undefined;
    const key = keyOf(slice);
    if (e.type === 'DELETED') {
      const ours = this.written.get(key) === 'deleted';
      this.written.delete(key);
      if (ours) return undefined;
    } else if (this.written.get(key) === slice.metadata.resourceVersion) return undefined;
    return `${slice.metadata.namespace}/${labels[SERVICE_NAME_LABEL]}`;
  }

  protected reconcile(key: string): void {
    const [namespace, name] = splitKey(key);
    const svc = this.store.tryGet<Service>('Service', namespace, name);
    // A deleted Service's slices are its dependents: the garbage collector removes them.
    if (!svc || svc.metadata.deletionTimestamp) return;
    if (svc.spec.type === 'ExternalName' || !svc.spec.selector || Object.keys(svc.spec.selector).length === 0) return;
    const pods = this.store.select<Pod>('Pod', { namespace, selector: this.index.selectorOf(key) ?? selectorFromSet(svc.spec.selector) });
    const desired = new Map<string, EndpointGroup>();
    const included: Pod[] = [];
    let missingNode = false;
    for (const pod of pods) {
      if (!shouldPodBeInEndpoints(pod, true)) continue;
      const node = pod.spec.nodeName ? this.store.tryGet<Node>('Node', undefined, pod.spec.nodeName) : undefined;
      if (pod.spec.nodeName && !node) { missingNode = true; continue; } // upstream skips the pod and retries later
      included.push(pod);
      const ports = endpointPorts(svc, pod);
      const pk = portSetKey(ports);
      let g = desired.get(pk);
      if (!g) desired.set(pk, (g = { ports, endpoints: new Map() }));
      const ep = podToEndpoint(pod, node, svc);
      g.endpoints.set(endpointKey(ep), ep);
    }
    const existing = this.store.select<EndpointSlice>('EndpointSlice', { namespace, selector: selectorFromSet({ [SERVICE_NAME_LABEL]: name }) })
      .filter((s) => s.metadata.labels?.[MANAGED_BY_LABEL] === CONTROLLER_NAME)
      .sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
    const plan = planSlices(existing, desired, this.max);
    const labels = sliceLabels(svc);
    const trigger = triggerTime(svc, included);
    for (const c of plan.create) this.createSlice(svc, labels, trigger, c.ports, c.endpoints);
    for (const u of plan.update) this.writeSlice(u.slice, labels, trigger, u.ports, u.endpoints);
    for (const s of plan.unchanged) if (!deepEqual(s.metadata.labels, labels)) this.writeSlice(s, labels, undefined, s.ports, s.endpoints);
    for (const s of plan.delete) this.deleteSlice(s);
    if (missingNode) this.queue.addAfter(key, 5_000);
  }

  private createSlice(svc: Service, labels: Record<string, string>, trigger: string | undefined, ports: SlicePort[] | undefined, endpoints: SliceEndpoint[]): void {
    const slice: EndpointSlice = {
      apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
      metadata: {
        generateName: `${svc.metadata.name}-`, namespace: svc.metadata.namespace, labels,
        ...(trigger ? { annotations: { [TRIGGER_TIME_ANNOTATION]: trigger } } : {}),
        ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: svc.metadata.name!, uid: svc.metadata.uid!, controller: true, blockOwnerDeletion: true }],
      },
      addressType: 'IPv4', endpoints,
      ...(ports ? { ports } : {}),
    };
    try {
      const created = this.store.create(slice);
      this.written.set(keyOf(created), created.metadata.resourceVersion!);
    } catch (err) {
      // A terminating namespace takes no new objects; it is about to take the Service too.
      if (!isApiError(err, 'Forbidden')) throw err;
    }
  }

  private writeSlice(slice: EndpointSlice, labels: Record<string, string>, trigger: string | undefined, ports: SlicePort[] | undefined, endpoints: SliceEndpoint[]): void {
    const annotations = { ...slice.metadata.annotations };
    if (trigger) annotations[TRIGGER_TIME_ANNOTATION] = trigger;
    const next: EndpointSlice = { ...slice, metadata: { ...slice.metadata, labels, annotations }, endpoints };
    if (Object.keys(annotations).length === 0) delete next.metadata.annotations;
    if (ports) next.ports = ports;
    else delete next.ports;
    const written = this.store.update(next);
    this.written.set(keyOf(written), written.metadata.resourceVersion!);
  }

  private deleteSlice(slice: EndpointSlice): void {
    try {
      this.written.set(keyOf(slice), 'deleted');
      this.store.delete('EndpointSlice', slice.metadata.namespace, slice.metadata.name!);
    } catch (err) {
      if (!isApiError(err, 'NotFound')) throw err;
    }
  }

  override stop(): void {
    super.stop();
    this.written.clear();
  }
}

/** setEndpointSliceLabels: the Service's labels (minus reserved ones), the headless marker, name and manager. */
function sliceLabels(svc: Service): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(svc.metadata.labels ?? {})) {
    if (k !== SERVICE_NAME_LABEL && k !== MANAGED_BY_LABEL) labels[k] = v;
  }
  if (!isServiceIPSet(svc)) labels[HEADLESS_LABEL] = '';
  else delete labels[HEADLESS_LABEL];
  labels[SERVICE_NAME_LABEL] = svc.metadata.name!;
  labels[MANAGED_BY_LABEL] = CONTROLLER_NAME;
  return labels;
}

/** getEndpointPorts: each Service port whose targetPort resolves on this pod (a headless Service may have none). */
function endpointPorts(svc: Service, pod: Pod): SlicePort[] {
  const out: SlicePort[] = [];
  for (const sp of svc.spec.ports ?? []) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    const p: SlicePort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
    if (sp.appProtocol) p.appProtocol = sp.appProtocol;
    out.push(p);
  }
  return out;
}

/** Endpoints built per stored pod object (immutable), reused while the node's zone and the Service's flag agree. */
const endpointCache = new WeakMap<Pod, { ep: SliceEndpoint; zone: string | undefined; publish: boolean }>();

/** podToEndpoint: ready only when serving and not terminating (or publishNotReadyAddresses), serving = pod Ready. */
function podToEndpoint(pod: Pod, node: Node | undefined, svc: Service): SliceEndpoint {
  if (shouldSetHostname(pod, svc)) return buildEndpoint(pod, node, svc);
  const zone = node?.metadata.labels?.[ZONE_LABEL];
  const publish = svc.spec.publishNotReadyAddresses === true;
  const hit = endpointCache.get(pod);
  if (hit && hit.zone === zone && hit.publish === publish) return hit.ep;
  const ep = buildEndpoint(pod, node, svc);
  endpointCache.set(pod, { ep, zone, publish });
  return ep;
}

function buildEndpoint(pod: Pod, node: Node | undefined, svc: Service): SliceEndpoint {
  const serving = isPodReady(pod);
  const terminating = !!pod.metadata.deletionTimestamp;
  const ready = svc.spec.publishNotReadyAddresses === true || (serving && !terminating);
  const ep: SliceEndpoint = {
    addresses: [podIPv4(pod)!],
    conditions: { ready, serving, terminating },
    targetRef: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid },
  };
  if (shouldSetHostname(pod, svc)) ep.hostname = pod.spec.hostname;
  if (pod.spec.nodeName) ep.nodeName = pod.spec.nodeName;
  const zone = node?.metadata.labels?.[ZONE_LABEL];
  if (zone) ep.zone = zone;
  return ep;
}
