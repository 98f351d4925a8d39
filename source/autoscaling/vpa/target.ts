/**
 * Which pods a VPA controls (pkg/target and pkg/utils/vpa): the target's label selector (the selector fetcher), the
 * top-most well-known controller above a pod (the controller fetcher), and the "strongest" VPA for a pod when
 * several point at its controller (the oldest wins, then the name).
 */
import type { Pod } from '../../api/core.js';
import { isApiError } from '../../api/errors.js';
import type { KubeObject, LabelSelector, OwnerReference } from '../../api/meta.js';
import { labelSelectorFromObject, NOTHING, type Selector, selectorFromSet } from '../../api/selectors.js';
import type { VerticalPodAutoscaler } from '../../api/vpa-kinds.js';
import type { AdmissionReader } from '../../store/admission.js';

/** The controllers the VPA knows without a scale subresource look-up (wellKnownController). */
export const WELL_KNOWN_CONTROLLERS: ReadonlySet<string> = new Set([
  'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicationController',
]);

/** A resolved targetRef: the target object and its pod selector. */
export interface ResolvedTarget { object: KubeObject; selector: Selector }

function specOf(o: KubeObject): Record<string, unknown> {
  return typeof o.spec === 'object' && o.spec !== null ? (o.spec as Record<string, unknown>) : {};
}

/** The pod selector of a well-known controller (CronJob: its job template's pod labels). */
function selectorOf(o: KubeObject): Selector {
  const spec = specOf(o);
  switch (o.kind) {
    case 'ReplicationController': return selectorFromSet(spec.selector as Record<string, string> | undefined);
    case 'CronJob': {
      const template = (spec.jobTemplate as { spec?: { template?: { metadata?: { labels?: Record<string, string> } } } } | undefined);
      return selectorFromSet(template?.spec?.template?.metadata?.labels);
    }
    default: return labelSelectorFromObject(spec.selector as LabelSelector | undefined);
  }
}

/** The selector fetcher's answer for a VPA, or its error text (shown in the ConfigUnsupported condition). */
export function resolveTarget(store: AdmissionReader, vpa: VerticalPodAutoscaler): ResolvedTarget | { error: string } {
  const ref = vpa.spec?.targetRef;
  if (!ref || typeof ref.kind !== 'string' || typeof ref.name !== 'string') {
    return { error: 'targetRef not defined. If this is a v1beta1 object switch to v1beta2.' };
  }
  const ns = vpa.metadata.namespace;
  if (!WELL_KNOWN_CONTROLLERS.has(ref.kind)) {
    const group = (ref.apiVersion ?? '').includes('/') ? ref.apiVersion!.split('/')[0] : '';
    return { error: `Unhandled targetRef ${ref.apiVersion ?? ''} / ${ref.kind} / ${ref.name}, last error no matches for kind "${ref.kind}" in group "${group}"` };
  }
  const object = store.tryGet<KubeObject>(ref.kind, ns, ref.name);
  if (!object) return { error: `${ref.kind} ${ns}/${ref.name} does not exist` };
  try {
    return { object, selector: selectorOf(object) };
  } catch (err) {
    if (!isApiError(err)) throw err;
    return { error: err.message };
  }
}

/** The controlling owner reference of an object, if any. */
export function controllerRef(o: KubeObject): OwnerReference | undefined {
  const refs = o.metadata.ownerReferences;
  if (!Array.isArray(refs)) return undefined;
  for (const r of refs) if (r?.controller === true) return r;
  return undefined;
}

/** The object's controlling owner when it is a well-known controller that exists (getParentOfController). */
export function parentController(store: AdmissionReader, o: KubeObject): KubeObject | undefined {
  const ref = controllerRef(o);
  if (!ref || !WELL_KNOWN_CONTROLLERS.has(ref.kind)) return undefined;
  const parent = store.tryGet<KubeObject>(ref.kind, o.metadata.namespace, ref.name);
  return parent && (!ref.uid || parent.metadata.uid === ref.uid) ? parent : undefined;
}

/** FindTopMostWellKnownOrScalable from the pod's controller: pod → ReplicaSet → Deployment gives the Deployment. */
export function topMostController(store: AdmissionReader, pod: Pod): { kind: string; name: string } | undefined {
  const ref = controllerRef(pod);
  if (!ref) return undefined;
  let current = WELL_KNOWN_CONTROLLERS.has(ref.kind) ? store.tryGet<KubeObject>(ref.kind, pod.metadata.namespace, ref.name) : undefined;
  if (!current) return { kind: ref.kind, name: ref.name };
  for (let depth = 0; depth < 8; depth++) { // ownership chains are short; a cycle must not hang the simulation
    const parent = parentController(store, current);
    if (!parent) break;
    current = parent;
  }
  return { kind: current.kind, name: current.metadata.name! };
}

/** stronger(a, b): the older VPA controls the pod; equal times fall back to the name. */
function stronger(a: VerticalPodAutoscaler, b: VerticalPodAutoscaler | undefined): boolean {
  if (!b) return true;
  const at = Date.parse(a.metadata.creationTimestamp ?? ''), bt = Date.parse(b.metadata.creationTimestamp ?? '');
  if (at !== bt && !Number.isNaN(at) && !Number.isNaN(bt)) return at < bt;
  return (a.metadata.name ?? '') < (b.metadata.name ?? '');
}

/**
 * GetControllingVPAForPod among `vpas` (same namespace): its targetRef names the pod's top-most controller and its
 * target's selector matches the pod. `selectors` caches resolved selectors per VPA uid for one pass.
 */
export function controllingVpa(store: AdmissionReader, pod: Pod, vpas: readonly VerticalPodAutoscaler[],
  selectors = new Map<string, Selector>()): VerticalPodAutoscaler | undefined {
  if (vpas.length === 0) return undefined;
  const top = topMostController(store, pod);
  if (!top) return undefined;
  let best: VerticalPodAutoscaler | undefined;
  for (const vpa of vpas) {
    const ref = vpa.spec?.targetRef;
    if (!ref || ref.kind !== top.kind || ref.name !== top.name || vpa.metadata.namespace !== pod.metadata.namespace) continue;
    const uid = vpa.metadata.uid ?? '';
    let selector = selectors.get(uid);
    if (!selector) {
      const resolved = resolveTarget(store, vpa);
      selector = 'error' in resolved ? NOTHING : resolved.selector;
      selectors.set(uid, selector);
    }
    if (selector.matches(pod.metadata.labels) && stronger(vpa, best)) best = vpa;
  }
  return best;
}
