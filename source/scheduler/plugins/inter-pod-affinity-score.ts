/**
 * InterPodAffinity score (weight 2): per topology domain, + the weight of the pod's preferred affinity terms and
 * − that of its preferred anti-affinity terms for each matching existing pod; symmetrically existing pods' preferred
 * terms matching the pod, and their required affinity terms at hardPodAffinityWeight. Min/max normalised.
 */
import type { Pod } from '../../api/core.js';
import type { CycleContext, ScorePlugin } from '../framework.js';
import type { NodeInfo } from '../node-info.js';
import { type AffinityTerm, podAffinityInfo, termMatches } from '../pod-affinity-terms.js';
import { MAX_NODE_SCORE } from '../types.js';
import { TopologyCounts } from './topology-counts.js';
import { forEachTermPod } from './term-pods.js';

/** Existing pod `p`'s terms that match the incoming pod add `sign × weight` to p's node's domains. */
function processExistingTerms(ctx: CycleContext, terms: readonly AffinityTerm[], weightOverride: number | undefined,
  sign: 1 | -1, info: NodeInfo, out: TopologyCounts): void {
  for (const t of terms) {
    if (termMatches(t, ctx.pod, ctx.snapshot.namespaceLabels)) {
      out.addForNode(info.labels, t.topologyKey, sign * (weightOverride ?? t.weight));
    }
  }
}

/** The InterPodAffinity score. */
export const interPodAffinityScore: ScorePlugin<TopologyCounts> = {
  name: 'InterPodAffinity',
  weight: 2,
  preScore(ctx, feasible) {
    if (feasible.length === 0) return { skip: true };
    const own = podAffinityInfo(ctx.pod);
    const scores = new TopologyCounts();
    // The incoming pod's preferred terms against the pods they select.
    const addOwn = (terms: readonly AffinityTerm[], sign: 1 | -1): void => {
      for (const t of terms) forEachTermPod(ctx, t, (_p: Pod, info) => scores.addForNode(info.labels, t.topologyKey, sign * t.weight));
    };
    addOwn(own.preferredAffinity, 1);
    addOwn(own.preferredAntiAffinity, -1);
    // Existing pods' terms against the incoming pod: only pods that have affinity stanzas can contribute.
    const hard = ctx.options.hardPodAffinityWeight ?? 1;
    for (const { info, terms: other, scored } of ctx.snapshot.podsWithAffinityTerms()) {
      ctx.stats.podsVisited++;
      if (!scored || !info.node) continue;
      if (hard > 0 && other.requiredAffinity.length) processExistingTerms(ctx, other.requiredAffinity, hard, 1, info, scores);
      if (other.preferredAffinity.length) processExistingTerms(ctx, other.preferredAffinity, undefined, 1, info, scores);
      if (other.preferredAntiAffinity.length) processExistingTerms(ctx, other.preferredAntiAffinity, undefined, -1, info, scores);
    }
    if (scores.size === 0) return { skip: true };
    return { state: scores };
  },
  score(_ctx, scores, info) {
    return scores.sumFor(info.labels);
  },
  scoreAll(_ctx, scores, nodes, out) {
    for (let i = 0; i < nodes.length; i++) out[i] = scores.sumFor(nodes[i]!.labels);
  },
  normalize(_ctx, _state, scores) {
    let min = Infinity, max = -Infinity;
    for (let i = 0; i < scores.length; i++) {
      if (scores[i]! > max) max = scores[i]!;
      if (scores[i]! < min) min = scores[i]!;
    }
    const diff = max - min;
    for (let i = 0; i < scores.length; i++) {
      scores[i] = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((scores[i]! - min) / diff)) : 0;
    }
  },
};
