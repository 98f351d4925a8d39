/**
 * InterPodAffinity filter: the pod's required affinity (some matching pod in the node's domain), its required
 * anti-affinity (no matching pod there), and existing pods' required anti-affinity against it. PreFilter counts
 * per topology pair once per cycle, visiting only pods the terms select and pods that carry anti-affinity.
 */
import type { Pod } from '../../api/core.js';
import type { CycleContext, FilterPlugin, PreFilterResult } from '../framework.js';
import type { NodeInfo } from '../node-info.js';
import { type PodAffinityInfo, matchesAllTerms, podAffinityInfo, termMatches } from '../pod-affinity-terms.js';
import { NO_LABELS, rejection } from '../types.js';
import { TopologyCounts } from './topology-counts.js';
import { forEachTermPod } from './term-pods.js';

/** ErrReasonAffinityRulesNotMatch. */
export const REASON_AFFINITY = "node(s) didn't match pod affinity rules";
/** ErrReasonAntiAffinityRulesNotMatch. */
export const REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
/** ErrReasonExistingAntiAffinityRulesNotMatch. */
export const REASON_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";

const AFFINITY = rejection('InterPodAffinity', 'UnschedulableAndUnresolvable', REASON_AFFINITY);
const ANTI = rejection('InterPodAffinity', 'Unschedulable', REASON_ANTI_AFFINITY);
const EXISTING_ANTI = rejection('InterPodAffinity', 'Unschedulable', REASON_EXISTING_ANTI_AFFINITY);
const SKIP: PreFilterResult<AffinityState> = Object.freeze({ skip: true });

/** Per-cycle counts. */
export interface AffinityState {
  readonly info: PodAffinityInfo;
  /** Existing pods' required anti-affinity terms that match the incoming pod. */
  readonly existingAnti: TopologyCounts;
  /** Pods matching all of the incoming pod's required affinity terms. */
  readonly affinity: TopologyCounts;
  /** Pods matching each of the incoming pod's required anti-affinity terms. */
  readonly anti: TopologyCounts;
}

/** updateWithPod: account for `p` on `info` with multiplier +1 / −1. */
function update(ctx: CycleContext, s: AffinityState, p: Pod, info: NodeInfo, delta: 1 | -1): void {
  const labels = info.labels;
  const nsLabels = ctx.snapshot.namespaceLabels;
  for (const t of podAffinityInfo(p).requiredAntiAffinity) {
    if (termMatches(t, ctx.pod, nsLabels)) s.existingAnti.addForNode(labels, t.topologyKey, delta);
  }
  if (matchesAllTerms(s.info.requiredAffinity, p, nsLabels)) {
    for (const t of s.info.requiredAffinity) s.affinity.addForNode(labels, t.topologyKey, delta);
  }
  for (const t of s.info.requiredAntiAffinity) {
    if (termMatches(t, p, nsLabels)) s.anti.addForNode(labels, t.topologyKey, delta);
  }
}

function preFilter(ctx: CycleContext): PreFilterResult<AffinityState> {
  const pod = ctx.pod;
  const info = podAffinityInfo(pod);
  const nsLabels = ctx.snapshot.namespaceLabels;
  const existingAnti = new TopologyCounts();
  // Only terms whose selector names one of the pod's labels can match it (plus terms the index cannot bucket).
  ctx.stats.podsVisited += ctx.snapshot.forEachAntiAffinityTermFor(pod.metadata.labels ?? NO_LABELS, ({ info: ni, term: t }) => {
    if (ni.node && termMatches(t, pod, nsLabels)) existingAnti.addForNode(ni.labels, t.topologyKey, 1);
  });
  const affinity = new TopologyCounts();
  const anti = new TopologyCounts();
  const req = info.requiredAffinity;
  if (req.length) {
    // A pod counts only if it matches every term; candidates come from the first term's selection.
    forEachTermPod(ctx, req[0]!, (p, ni) => {
      if (!matchesAllTerms(req, p, nsLabels)) return;
      for (const t of req) affinity.addForNode(ni.labels, t.topologyKey, 1);
    });
  }
  for (const t of info.requiredAntiAffinity) {
    forEachTermPod(ctx, t, (_p, ni) => anti.addForNode(ni.labels, t.topologyKey, 1));
  }
  if (existingAnti.size === 0 && req.length === 0 && info.requiredAntiAffinity.length === 0) return SKIP;
  return { state: { info, existingAnti, affinity, anti } };
}

/** satisfyPodAffinity, including the "first pod of a self-affine group" exception. */
function satisfiesAffinity(ctx: CycleContext, s: AffinityState, labels: Readonly<Record<string, string>>): boolean {
  const terms = s.info.requiredAffinity;
  if (terms.length === 0) return true;
  let podsExist = true;
  for (const t of terms) {
    const v = labels[t.topologyKey];
    if (v === undefined) return false; // every topology label must exist on the node
    if (s.affinity.get(t.topologyKey, v) <= 0) podsExist = false;
  }
  if (podsExist) return true;
  // No pod anywhere matches yet and the pod matches its own terms: let the first one in.
  return s.affinity.size === 0 && matchesAllTerms(terms, ctx.pod, ctx.snapshot.namespaceLabels);
}

/** The InterPodAffinity filter. */
export const interPodAffinityFilter: FilterPlugin<AffinityState> = {
  name: 'InterPodAffinity',
  preFilter,
  filter(ctx, s, info) {
    const labels = info.labels;
    if (!satisfiesAffinity(ctx, s, labels)) return AFFINITY;
    for (const t of s.info.requiredAntiAffinity) {
      const v = labels[t.topologyKey];
      if (v !== undefined && s.anti.get(t.topologyKey, v) > 0) return ANTI;
    }
    if (s.existingAnti.size && s.existingAnti.anyPositiveFor(labels)) return EXISTING_ANTI;
    return undefined;
  },
  addPod(ctx, s, p, info) { update(ctx, s, p, info, 1); },
  removePod(ctx, s, p, info) { update(ctx, s, p, info, -1); },
  cloneState(s) {
    return { info: s.info, existingAnti: s.existingAnti.clone(), affinity: s.affinity.clone(), anti: s.anti.clone() };
  },
};
