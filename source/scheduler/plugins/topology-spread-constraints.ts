/**
 * PodTopologySpread shared parts: a pod's constraints compiled once (matchLabelKeys merged, defaults applied),
 * the system default constraints, node inclusion policies, and upstream's two-entry "critical paths" minimum.
 */
import type { LabelSelector } from '../../api/meta.js';
import type { Node, Pod, TopologySpreadConstraint } from '../../api/core.js';
import type { Selector } from '../../api/label-selector.js';
import { type RequiredNodeAffinity, requiredNodeAffinity } from '../required-node-affinity.js';
import { podDerived } from '../pod-cache.js';
import { compileSelector, withMatchLabels } from '../selector-cache.js';
import { findUntoleratedTaint } from '../taints.js';
import { LABEL_HOSTNAME, LABEL_ZONE, NO_LABELS } from '../types.js';

/** One compiled constraint (upstream's topologySpreadConstraint). */
export interface SpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly selector: Selector;
  /** minDomains, default 1. */
  readonly minDomains: number;
  readonly nodeAffinityPolicy: 'Honor' | 'Ignore';
  readonly nodeTaintsPolicy: 'Honor' | 'Ignore';
  /** The key is kubernetes.io/hostname: scoring counts per node instead of per domain. */
  readonly isHostname: boolean;
}

function compile(pod: Pod, c: TopologySpreadConstraint): SpreadConstraint {
  let sel: LabelSelector | undefined = c.labelSelector;
  if (c.matchLabelKeys?.length) {
    const labels = pod.metadata.labels ?? NO_LABELS;
    const extra: Record<string, string> = {};
    let any = false;
    for (const k of c.matchLabelKeys) if (k in labels) { extra[k] = labels[k]!; any = true; }
    if (any) sel = withMatchLabels(sel, extra);
  }
  return {
    maxSkew: c.maxSkew,
    topologyKey: c.topologyKey,
    selector: compileSelector(sel),
    minDomains: c.minDomains ?? 1,
    nodeAffinityPolicy: c.nodeAffinityPolicy ?? 'Honor',
    nodeTaintsPolicy: c.nodeTaintsPolicy ?? 'Ignore',
    isHostname: c.topologyKey === LABEL_HOSTNAME,
  };
}

/** The pod's own constraints for one whenUnsatisfiable action (cached per pod object). */
export function podSpreadConstraints(pod: Pod, action: 'DoNotSchedule' | 'ScheduleAnyway'): readonly SpreadConstraint[] {
  const derived = podDerived(pod);
  let c = derived.spread;
  if (!c) {
    const all = pod.spec?.topologySpreadConstraints ?? [];
    c = {
      hard: all.filter((x) => x.whenUnsatisfiable === 'DoNotSchedule').map((x) => compile(pod, x)),
      soft: all.filter((x) => x.whenUnsatisfiable === 'ScheduleAnyway').map((x) => compile(pod, x)),
    };
    derived.spread = c;
  }
  return action === 'DoNotSchedule' ? c.hard : c.soft;
}

/** Controllers whose pods get the system default constraints when nothing better is known. */
const SPREAD_OWNER_KINDS = new Set(['ReplicaSet', 'ReplicationController', 'StatefulSet']);
/** Labels unique to one pod of a set; a selector built from pod labels must leave them out. */
const PER_POD_LABELS = new Set(['statefulset.kubernetes.io/pod-name', 'apps.kubernetes.io/pod-index', 'controller-revision-hash']);

/**
 * Fallback for DefaultSelector when the caller cannot look up Services and controllers: a pod controlled by a
 * ReplicaSet, ReplicationController or StatefulSet selects its siblings by its own labels (minus per-pod ones).
 */
export function fallbackDefaultSelector(pod: Pod): LabelSelector | undefined {
  const owner = pod.metadata.ownerReferences?.find((r) => r.controller);
  if (!owner || !SPREAD_OWNER_KINDS.has(owner.kind)) return undefined;
  const matchLabels: Record<string, string> = {};
  let any = false;
  for (const [k, v] of Object.entries(pod.metadata.labels ?? {})) {
    if (!PER_POD_LABELS.has(k)) { matchLabels[k] = v; any = true; }
  }
  return any ? { matchLabels } : undefined;
}

const NO_CONSTRAINTS: readonly SpreadConstraint[] = Object.freeze([]);
const defaultsBySelector = new WeakMap<LabelSelector, readonly SpreadConstraint[]>();

/** The system default constraints (hostname maxSkew 3, zone maxSkew 5, ScheduleAnyway) for a selector. */
export function systemDefaultConstraints(selector: LabelSelector | undefined): readonly SpreadConstraint[] {
  // An absent selector means nothing selects the pod: no default spreading.
  if (!selector) return NO_CONSTRAINTS;
  // Memoised per selector object: a caller that hands back the same object every cycle never re-parses it.
  let out = defaultsBySelector.get(selector);
  if (out) return out;
  const sel = compileSelector(selector);
  if (sel.requirements.length === 0) out = NO_CONSTRAINTS; // an empty selector: no default spreading either
  else {
    const base = { selector: sel, minDomains: 1, nodeAffinityPolicy: 'Honor', nodeTaintsPolicy: 'Ignore' } as const;
    out = Object.freeze([
      Object.freeze({ ...base, maxSkew: 3, topologyKey: LABEL_HOSTNAME, isHostname: true }),
      Object.freeze({ ...base, maxSkew: 5, topologyKey: LABEL_ZONE, isHostname: false }),
    ]);
  }
  defaultsBySelector.set(selector, out);
  return out;
}

const keyLists = new WeakMap<readonly SpreadConstraint[], readonly string[]>();

/** The constraints' topology keys, in order (constraint lists are cached per pod or selector, so this is too). */
export function topologyKeys(constraints: readonly SpreadConstraint[]): readonly string[] {
  let keys = keyLists.get(constraints);
  if (!keys) keyLists.set(constraints, (keys = Object.freeze(constraints.map((c) => c.topologyKey))));
  return keys;
}

/** nodeLabelsMatchSpreadConstraints: the node carries every constraint's topology key. */
export function nodeHasAllTopologyKeys(labels: Readonly<Record<string, string>>, constraints: readonly SpreadConstraint[]): boolean {
  for (const c of constraints) if (!(c.topologyKey in labels)) return false;
  return true;
}

/** matchNodeInclusionPolicies: with Honor, the node must pass the pod's node affinity / tolerate its taints. */
export function matchNodeInclusionPolicies(c: SpreadConstraint, pod: Pod, node: Node,
  affinity: RequiredNodeAffinity = requiredNodeAffinity(pod)): boolean {
  if (c.nodeAffinityPolicy === 'Honor' && !affinity.matchesAll && !affinity.match(node)) return false;
  if (c.nodeTaintsPolicy === 'Honor' && findUntoleratedTaint(node.spec?.taints, pod.spec?.tolerations)) return false;
  return true;
}

/** Whether an existing pod counts: same namespace, not terminating, and the selector is not empty. */
export function podCounts(p: Pod, namespace: string): boolean {
  return !p.metadata.deletionTimestamp && (p.metadata.namespace ?? 'default') === namespace;
}

const NONE = Number.MAX_SAFE_INTEGER;

/** criticalPaths: the two smallest (domain, count) pairs, updated incrementally exactly as upstream (approximate). */
export class CriticalPaths {
  v0 = ''; n0 = NONE; v1 = ''; n1 = NONE;

  /** The global minimum (MAX_SAFE_INTEGER when there are no domains). */
  get min(): number {
    return this.n0;
  }

  update(value: string, num: number): void {
    const i = value === this.v0 ? 0 : value === this.v1 ? 1 : -1;
    if (i >= 0) {
      if (i === 0) this.n0 = num; else this.n1 = num;
      if (this.n0 > this.n1) {
        [this.v0, this.n0, this.v1, this.n1] = [this.v1, this.n1, this.v0, this.n0];
      }
    } else if (num < this.n0) {
      this.v1 = this.v0; this.n1 = this.n0;
      this.v0 = value; this.n0 = num;
    } else if (num < this.n1) {
      this.v1 = value; this.n1 = num;
    }
  }

  clone(): CriticalPaths {
    const c = new CriticalPaths();
    c.v0 = this.v0; c.n0 = this.n0; c.v1 = this.v1; c.n1 = this.n1;
    return c;
  }
}
