/**
 * Everything the scheduler derives from one pod object, in one record per pod (upstream's framework.PodInfo).
 * One WeakMap instead of one per derived value: with 150,000 pods, every separate WeakMap is another 150,000-entry
 * ephemeron table for the garbage collector to trace and to rehash as it grows or after pods die (a rehash of a
 * table that size stalls for a quarter of a second). Pod objects are never mutated, so entries never go stale.
 */
import type { Pod, Toleration } from '../api/core.js';
import type { HostPort } from './host-ports.js';
import type { PodAffinityInfo } from './pod-affinity-terms.js';
import type { PodResourceRequests } from './pod-resources.js';
import type { RequiredNodeAffinity } from './required-node-affinity.js';
import type { SpreadConstraint } from './plugins/topology-spread-constraints.js';

/** The derived values of one pod; each is filled in by its owner on first use. */
export class PodDerived {
  requests: PodResourceRequests | undefined = undefined;
  hostPorts: readonly HostPort[] | undefined = undefined;
  affinity: PodAffinityInfo | undefined = undefined;
  nodeAffinity: RequiredNodeAffinity | undefined = undefined;
  /** The pod's own topology spread constraints, by whenUnsatisfiable. */
  spread: { readonly hard: readonly SpreadConstraint[]; readonly soft: readonly SpreadConstraint[] } | undefined = undefined;
  /** System default spreading built from the pod's own labels (no caller-supplied DefaultSelector). */
  defaultSpread: readonly SpreadConstraint[] | undefined = undefined;
  /** Normalised image names of init and app containers (ImageLocality). */
  images: readonly string[] | undefined = undefined;
  /** Tolerations with effect PreferNoSchedule or none (TaintToleration scoring). */
  preferNoScheduleTolerations: readonly Toleration[] | undefined = undefined;
}

const derived = new WeakMap<Pod, PodDerived>();

/** The pod's record of derived values (created empty on first use). */
export function podDerived(pod: Pod): PodDerived {
  let d = derived.get(pod);
  if (!d) derived.set(pod, (d = new PodDerived()));
  return d;
}
