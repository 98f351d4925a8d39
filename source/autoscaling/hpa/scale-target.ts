/**
 * The `/scale` subresource as the HPA controller reads and writes it: the target's spec.replicas, status.replicas
 * and label selector, for the kinds that have one. Failures carry the messages a real API server and client-go
 * produce (`deployments/scale.apps "web" not found`, `no matches for kind "Foo" in group "apps"`).
 */
import type { HorizontalPodAutoscaler } from '../../api/cluster-kinds.js';
import { isApiError } from '../../api/errors.js';
import { type KindInfo, kindInfo } from '../../api/kinds.js';
import type { KubeObject, LabelSelector } from '../../api/meta.js';
import { EVERYTHING, NOTHING, type Selector, labelSelectorFromObject, selectorFromSet } from '../../api/selectors.js';
import type { ApiStore } from '../../store/store.js';

/** The kinds whose API resource has a scale subresource. */
const SCALABLE = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController']);

/** autoscaling/v1 Scale, reduced to what the HPA uses. */
export interface Scale {
  kind: string;
  namespace: string;
  name: string;
  /** scale.spec.replicas: the target's desired count. */
  specReplicas: number;
  /** scale.status.replicas: the pods the target's controller last counted. */
  statusReplicas: number;
  /** scale.status.selector: the selector's canonical string, "" for an empty selector. */
  selector: string;
  /** The same selector, compiled. */
  podSelector: Selector;
}

/** A failure reading or writing the scale subresource; the message is the API error's text. */
export class ScaleError extends Error {}

/** schema.ParseGroupVersion's group: "" and "v1" are the core group; more than one slash is an error. */
function groupOf(apiVersion: string | undefined): string {
  const gv = apiVersion ?? '';
  if (gv === '' || gv === '/') return '';
  const parts = gv.split('/');
  if (parts.length === 1) return '';
  if (parts.length === 2) return parts[0]!;
  throw new ScaleError(`unexpected GroupVersion string: ${gv}`);
}

/** The RESTMapper look-up of the target's group and kind. */
function mappingFor(ref: HorizontalPodAutoscaler['spec']['scaleTargetRef']): KindInfo {
  const group = groupOf(ref?.apiVersion);
  const kind = typeof ref?.kind === 'string' ? ref.kind : '';
  const info = kindInfo(kind);
  if (!info || info.group !== group) throw new ScaleError(`no matches for kind ${JSON.stringify(kind)} in group ${JSON.stringify(group)}`);
  return info;
}

/** `deployments/scale.apps`, `replicationcontrollers/scale`: the resource the scale REST storage reports. */
function scaleResource(info: KindInfo): string {
  return info.group ? `${info.plural}/scale.${info.group}` : `${info.plural}/scale`;
}

interface ScalableObject extends KubeObject {
  spec?: { replicas?: number; selector?: LabelSelector | Record<string, string> };
  status?: { replicas?: number };
}

/** Compiled selectors per stored selector object: stored objects are replaced on change, never mutated. */
const compiled = new WeakMap<object, Selector>();

/** The selector the scale subresource reports: a LabelSelector for apps kinds, a label map for RCs. */
function selectorOf(obj: ScalableObject): Selector {
  const sel = obj.spec?.selector;
  if (!sel) return obj.kind === 'ReplicationController' ? EVERYTHING : NOTHING;
  let selector = compiled.get(sel);
  if (selector) return selector;
  if (obj.kind === 'ReplicationController') {
    // labels.SelectorFromSet: an empty map selects everything and prints as "".
    const set = sel as Record<string, string>;
    selector = Object.keys(set).length > 0 ? selectorFromSet(set) : EVERYTHING;
  } else {
    selector = labelSelectorFromObject(sel as LabelSelector);
  }
  compiled.set(sel, selector);
  return selector;
}

/** GET <resource>/<name>/scale for the HPA's scaleTargetRef. Throws ScaleError with upstream's message. */
export function getScale(store: ApiStore, hpa: HorizontalPodAutoscaler): Scale {
  const ref = hpa.spec.scaleTargetRef;
  const info = mappingFor(ref);
  const namespace = hpa.metadata.namespace ?? 'default';
  // A served kind without a /scale subresource answers 404 from the API server's not-found handler.
  if (!SCALABLE.has(info.kind)) throw new ScaleError('the server could not find the requested resource');
  const obj = store.tryGet<ScalableObject>(info.kind, namespace, ref.name);
  if (!obj) throw new ScaleError(`${scaleResource(info)} ${JSON.stringify(ref.name)} not found`);
  let podSelector: Selector;
  try {
    podSelector = selectorOf(obj);
  } catch (err) {
    if (!isApiError(err)) throw err;
    throw new ScaleError(err.message);
  }
  return {
    kind: info.kind, namespace, name: ref.name,
    specReplicas: obj.spec?.replicas ?? 1,
    statusReplicas: obj.status?.replicas ?? 0,
    selector: podSelector.toString(),
    podSelector,
  };
}

/** PUT <resource>/<name>/scale with a new spec.replicas. Throws ScaleError with the API error's text. */
export function updateScale(store: ApiStore, scale: Scale, replicas: number): void {
  try {
    store.patch(scale.kind, scale.namespace, scale.name, 'merge', { spec: { replicas } });
  } catch (err) {
    if (!isApiError(err)) throw err;
    throw new ScaleError(err.message);
  }
}
