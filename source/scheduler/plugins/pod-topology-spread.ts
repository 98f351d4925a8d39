/**
 * PodTopologySpread filter (whenUnsatisfiable: DoNotSchedule). PreFilter counts matching pods per domain once per
 * cycle through the snapshot's label index; Filter checks `count(domain) + self − globalMin ≤ maxSkew`.
 */
import type { Pod } from '../../api/core.js';
import type { CycleContext, FilterPlugin, PreFilterResult } from '../framework.js';
import type { NodeInfo } from '../node-info.js';
import { type RequiredNodeAffinity, requiredNodeAffinity } from '../required-node-affinity.js';
import type { TopologyDomains } from '../topology-domains.js';
import { NO_LABELS, podNamespace, rejection } from '../types.js';
import {
  CriticalPaths, type SpreadConstraint, matchNodeInclusionPolicies, nodeHasAllTopologyKeys, podCounts, podSpreadConstraints,
  topologyKeys,
} from './topology-spread-constraints.js';

/** ErrReasonConstraintsNotMatch. */
export const REASON_SPREAD = "node(s) didn't match pod topology spread constraints";
/** ErrReasonNodeLabelNotMatch. */
export const REASON_SPREAD_MISSING_LABEL = `${REASON_SPREAD} (missing required label)`;

const REJECTED = rejection('PodTopologySpread', 'Unschedulable', REASON_SPREAD);
const MISSING_LABEL = rejection('PodTopologySpread', 'UnschedulableAndUnresolvable', REASON_SPREAD_MISSING_LABEL);
const SKIP: PreFilterResult<SpreadState> = Object.freeze({ skip: true });

/** Per-cycle state: matching pods per domain and the running minimum, per constraint. */
export interface SpreadState {
  readonly constraints: readonly SpreadConstraint[];
  readonly counts: Map<string, number>[];
  readonly paths: CriticalPaths[];
  /** Whether the incoming pod matches each constraint's selector (selfMatchNum). */
  readonly selfMatch: readonly number[];
  /** `counts` by the snapshot's cached value ids, so Filter on a listed node needs neither its labels nor a hash. */
  readonly byId?: CountsById;
}

/** A mirror of SpreadState.counts indexed by the snapshot's topology value ids (kept in step by AddPod/RemovePod). */
export interface CountsById {
  /** The snapshot's node list the ids belong to: a NodeInfo at its own index is listed. */
  readonly listed: readonly NodeInfo[];
  /** Per constraint: ids[i][info.index] is the node's value id for the key, -1 when the node is not eligible. */
  readonly ids: readonly Int32Array[];
  readonly indexOf: readonly ReadonlyMap<string, number>[];
  /** Per constraint: matching pods per value id. */
  readonly counts: readonly Float64Array[];
}

/** calPreFilterState. */
function preFilter(ctx: CycleContext): PreFilterResult<SpreadState> {
  const pod = ctx.pod;
  const constraints = podSpreadConstraints(pod, 'DoNotSchedule');
  if (constraints.length === 0) return SKIP;
  const affinity = requiredNodeAffinity(pod);
  const { eligible, counts, domains } = policiesAdmitEveryNode(constraints, affinity)
    ? fromCachedDomains(ctx, constraints)
    : scanNodes(ctx, constraints, affinity);
  const ns = podNamespace(pod);
  for (let i = 0; i < constraints.length; i++) {
    const c = constraints[i]!;
    if (c.selector.empty) continue; // countPodsMatchSelector: an empty selector counts nothing
    const elig = eligible[i]!, m = counts[i]!;
    ctx.stats.podsVisited += ctx.snapshot.forEachMatchingPod(ns, c.selector, (p, info) => {
      if (info.index < 0 || !elig[info.index] || !podCounts(p, ns)) return;
      const v = info.labels[c.topologyKey]!;
      m.set(v, m.get(v)! + 1);
    });
  }
  const paths = counts.map((m) => {
    const cp = new CriticalPaths();
    for (const [v, n] of m) cp.update(v, n);
    return cp;
  });
  const podLabels = pod.metadata.labels ?? NO_LABELS;
  const selfMatch = constraints.map((c) => (c.selector.matches(podLabels) ? 1 : 0));
  let byId: CountsById | undefined;
  if (domains) {
    byId = {
      listed: ctx.snapshot.nodeInfoList(), ids: domains.ids, indexOf: domains.indexOf,
      counts: domains.values.map((values, i) => Float64Array.from(values, (v) => counts[i]!.get(v)!)),
    };
  }
  return { state: { constraints, counts, paths, selfMatch, byId } };
}

/** No constraint filters nodes by the pod's node affinity or taints, so eligibility is only "has every key". */
function policiesAdmitEveryNode(constraints: readonly SpreadConstraint[], affinity: RequiredNodeAffinity): boolean {
  for (const c of constraints) {
    if (c.nodeTaintsPolicy === 'Honor') return false;
    if (c.nodeAffinityPolicy === 'Honor' && !affinity.matchesAll) return false;
  }
  return true;
}

interface Domains {
  readonly eligible: readonly Uint8Array[];
  readonly counts: Map<string, number>[];
  /** The cached domains the counts were seeded from (absent after a scan). */
  readonly domains?: TopologyDomains;
}

/** Every node with all topology keys is eligible: take the snapshot's cached domains (same order as a scan). */
function fromCachedDomains(ctx: CycleContext, constraints: readonly SpreadConstraint[]): Domains {
  const d = ctx.snapshot.topologyDomains(topologyKeys(constraints));
  const counts = d.values.map((values) => {
    const m = new Map<string, number>();
    for (const v of values) m.set(v, 0);
    return m;
  });
  return { eligible: constraints.map(() => d.eligible), counts, domains: d };
}

/** Every eligible node's domain exists with count 0, so empty domains pull the global minimum down. */
function scanNodes(ctx: CycleContext, constraints: readonly SpreadConstraint[], affinity: RequiredNodeAffinity): Domains {
  const pod = ctx.pod;
  const nodes = ctx.snapshot.nodeInfoList();
  const eligible = constraints.map(() => new Uint8Array(nodes.length));
  const counts = constraints.map(() => new Map<string, number>());
  for (const info of nodes) {
    const node = info.node!;
    const labels = node.metadata.labels ?? NO_LABELS;
    if (!nodeHasAllTopologyKeys(labels, constraints)) continue;
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i]!;
      if (!matchNodeInclusionPolicies(c, pod, node, affinity)) continue;
      eligible[i]![info.index] = 1;
      const v = labels[c.topologyKey]!;
      if (!counts[i]!.has(v)) counts[i]!.set(v, 0);
    }
  }
  return { eligible, counts };
}

/** updateWithPod: a pod of the same namespace was added to (+1) or removed from (−1) a node. */
function update(ctx: { pod: Pod }, s: SpreadState, p: Pod, info: NodeInfo, delta: 1 | -1): void {
  const node = info.node;
  if (!node || podNamespace(p) !== podNamespace(ctx.pod)) return;
  const labels = node.metadata.labels ?? NO_LABELS;
  if (!nodeHasAllTopologyKeys(labels, s.constraints)) return;
  const podLabels = p.metadata.labels ?? NO_LABELS;
  for (let i = 0; i < s.constraints.length; i++) {
    const c = s.constraints[i]!;
    if (!c.selector.matches(podLabels) || !matchNodeInclusionPolicies(c, ctx.pod, node)) continue;
    const v = labels[c.topologyKey]!;
    const n = (s.counts[i]!.get(v) ?? 0) + delta;
    s.counts[i]!.set(v, n);
    s.paths[i]!.update(v, n);
    // A value listed nodes never carry (a hypothetical node's) has no id: only labels-based look-ups reach it.
    const id = s.byId?.indexOf[i]!.get(v);
    if (id !== undefined) s.byId!.counts[i]![id] = n;
  }
}

/** The PodTopologySpread filter. */
export const podTopologySpreadFilter: FilterPlugin<SpreadState> = {
  name: 'PodTopologySpread',
  preFilter,
  filter(_ctx, s, info) {
    const byId = s.byId;
    const index = byId && info.index >= 0 && byId.listed[info.index] === info ? info.index : -1;
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i]!;
      const counts = s.counts[i]!;
      const id = index >= 0 ? byId!.ids[i]![index]! : -1;
      let matching: number;
      if (id >= 0) matching = byId!.counts[i]![id]!;
      else {
        const v = info.labels[c.topologyKey];
        if (v === undefined) return MISSING_LABEL;
        matching = counts.get(v) ?? 0;
      }
      // Fewer domains than minDomains: the global minimum is taken as 0.
      const min = counts.size < c.minDomains ? 0 : s.paths[i]!.min;
      const skew = matching + s.selfMatch[i]! - min;
      if (skew > c.maxSkew) return REJECTED;
    }
    return undefined;
  },
  addPod(ctx, s, p, info) { update(ctx, s, p, info, 1); },
  removePod(ctx, s, p, info) { update(ctx, s, p, info, -1); },
  cloneState(s) {
    const byId = s.byId && { ...s.byId, counts: s.byId.counts.map((a) => a.slice()) };
    return {
      constraints: s.constraints, counts: s.counts.map((m) => new Map(m)), paths: s.paths.map((p) => p.clone()), selfMatch: s.selfMatch,
      byId,
    };
  },
};
