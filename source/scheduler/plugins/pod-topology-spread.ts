/**
 * PodTopologySpread filter (whenUnsatisfiable: DoNotSchedule). PreFilter counts matching pods per domain once per
 * cycle through the snapshot's label index; Filter checks `count(domain) + self − globalMin ≤ maxSkew`.
 */
import type { Pod } from '../../api/core.js';
import type { CycleContext, FilterPlugin, PreFilterResult } from '../framework.js';
import type { NodeInfo } from '../node-info.js';
import { requiredNodeAffinity } from '../required-node-affinity.js';
import { NO_LABELS, podNamespace, rejection } from '../types.js';
import {
  CriticalPaths, type SpreadConstraint, matchNodeInclusionPolicies, nodeHasAllTopologyKeys, podCounts, podSpreadConstraints,
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
}

/** calPreFilterState. */
function preFilter(ctx: CycleContext): PreFilterResult<SpreadState> {
  const pod = ctx.pod;
  const constraints = podSpreadConstraints(pod, 'DoNotSchedule');
  if (constraints.length === 0) return SKIP;
  const nodes = ctx.snapshot.nodeInfoList();
  const affinity = requiredNodeAffinity(pod);
  const eligible = constraints.map(() => new Uint8Array(nodes.length));
  const counts = constraints.map(() => new Map<string, number>());
  // Every eligible node's domain exists with count 0, so empty domains pull the global minimum down.
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
  return { state: { constraints, counts, paths, selfMatch: constraints.map((c) => (c.selector.matches(podLabels) ? 1 : 0)) } };
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
  }
}

/** The PodTopologySpread filter. */
export const podTopologySpreadFilter: FilterPlugin<SpreadState> = {
  name: 'PodTopologySpread',
  preFilter,
  filter(_ctx, s, info) {
    const labels = info.labels;
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i]!;
      const v = labels[c.topologyKey];
      if (v === undefined) return MISSING_LABEL;
      const counts = s.counts[i]!;
      // Fewer domains than minDomains: the global minimum is taken as 0.
      const min = counts.size < c.minDomains ? 0 : s.paths[i]!.min;
      const skew = (counts.get(v) ?? 0) + s.selfMatch[i]! - min;
      if (skew > c.maxSkew) return REJECTED;
    }
    return undefined;
  },
  addPod(ctx, s, p, info) { update(ctx, s, p, info, 1); },
  removePod(ctx, s, p, info) { update(ctx, s, p, info, -1); },
  cloneState(s) {
    return { constraints: s.constraints, counts: s.counts.map((m) => new Map(m)), paths: s.paths.map((p) => p.clone()), selfMatch: s.selfMatch };
  },
};
