/**
 * PodTopologySpread score (weight 2) for ScheduleAnyway constraints, or the system defaults (hostname maxSkew 3,
 * zone maxSkew 5) for pods without constraints that a Service or controller selects. Fewer matching pods in a
 * node's domains score higher: raw = round(Σ cnt × ln(domains + 2) + maxSkew − 1), then reversed min/max scaling.
 */
import type { Pod } from '../../api/core.js';
import type { CycleContext, ScorePlugin } from '../framework.js';
import type { NodeInfo } from '../node-info.js';
import { requiredNodeAffinity } from '../required-node-affinity.js';
import { MAX_NODE_SCORE, NO_LABELS, podNamespace } from '../types.js';
import {
  type SpreadConstraint, fallbackDefaultSelector, matchNodeInclusionPolicies, nodeHasAllTopologyKeys, podCounts,
  podSpreadConstraints, systemDefaultConstraints,
} from './topology-spread-constraints.js';

interface SpreadScoreState {
  readonly constraints: readonly SpreadConstraint[];
  /** Feasible nodes left out because they miss a topology key (explicit constraints only): score 0. */
  readonly ignored: ReadonlySet<string>;
  /** Per non-hostname constraint: matching pods per domain of the feasible nodes. */
  readonly domainCounts: readonly (Map<string, number> | undefined)[];
  /** Per hostname constraint: matching pods per node. */
  readonly nodeCounts: readonly (Map<NodeInfo, number> | undefined)[];
  /** topologyNormalizingWeight: ln(number of domains + 2). */
  readonly weights: readonly number[];
}

/** The constraints scoring uses, and whether nodes must carry all their keys (not so for system defaults). */
function scoringConstraints(ctx: CycleContext): { constraints: readonly SpreadConstraint[]; requireAll: boolean } {
  const pod = ctx.pod;
  if (pod.spec?.topologySpreadConstraints?.length) return { constraints: podSpreadConstraints(pod, 'ScheduleAnyway'), requireAll: true };
  const selector = ctx.options.defaultSpreadSelector ? ctx.options.defaultSpreadSelector(pod) : fallbackDefaultSelector(pod);
  return { constraints: systemDefaultConstraints(selector), requireAll: false };
}

function counted(ctx: CycleContext, c: SpreadConstraint, ns: string, fn: (p: Pod, info: NodeInfo) => void): void {
  if (c.selector.empty) return;
  ctx.stats.podsVisited += ctx.snapshot.forEachMatchingPod(ns, c.selector, (p, info) => {
    if (podCounts(p, ns)) fn(p, info);
  });
}

/** The PodTopologySpread score. */
export const podTopologySpreadScore: ScorePlugin<SpreadScoreState> = {
  name: 'PodTopologySpread',
  weight: 2,
  preScore(ctx, feasible) {
    const { constraints, requireAll } = scoringConstraints(ctx);
    if (constraints.length === 0) return { skip: true };
    const ignored = new Set<string>();
    const domainCounts = constraints.map((c) => (c.isHostname ? undefined : new Map<string, number>()));
    for (const info of feasible) {
      const labels = info.labels;
      if (requireAll && !nodeHasAllTopologyKeys(labels, constraints)) { ignored.add(info.name); continue; }
      for (let i = 0; i < constraints.length; i++) {
        // Upstream keys the pair by the label value even when absent (""): that domain counts towards the size.
        const m = domainCounts[i];
        if (m && !m.has(labels[constraints[i]!.topologyKey] ?? '')) m.set(labels[constraints[i]!.topologyKey] ?? '', 0);
      }
    }
    const weights = constraints.map((c, i) =>
      Math.log((c.isHostname ? feasible.length - ignored.size : domainCounts[i]!.size) + 2));
    const pod = ctx.pod;
    const affinity = requiredNodeAffinity(pod);
    const ns = podNamespace(pod);
    const nodeCounts = constraints.map((c) => (c.isHostname ? new Map<NodeInfo, number>() : undefined));
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i]!;
      const hostCounts = nodeCounts[i];
      if (hostCounts) {
        counted(ctx, c, ns, (_p, info) => hostCounts.set(info, (hostCounts.get(info) ?? 0) + 1));
        continue;
      }
      const m = domainCounts[i]!;
      counted(ctx, c, ns, (_p, info) => {
        const node = info.node!;
        const labels = node.metadata.labels ?? NO_LABELS;
        if (requireAll && !nodeHasAllTopologyKeys(labels, constraints)) return;
        if (!matchNodeInclusionPolicies(c, pod, node, affinity)) return;
        const v = labels[c.topologyKey] ?? '';
        const n = m.get(v);
        if (n !== undefined) m.set(v, n + 1); // only domains that hold a feasible node matter
      });
    }
    return { state: { constraints, ignored, domainCounts, nodeCounts, weights } };
  },
  score(_ctx, s, info) {
    if (s.ignored.has(info.name)) return 0;
    const labels = info.labels;
    let score = 0;
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i]!;
      const v = labels[c.topologyKey];
      if (v === undefined) continue;
      const cnt = c.isHostname ? s.nodeCounts[i]!.get(info) ?? 0 : s.domainCounts[i]!.get(v) ?? 0;
      score += cnt * s.weights[i]! + (c.maxSkew - 1);
    }
    return Math.round(score);
  },
  normalize(_ctx, s, scores, nodes) {
    let min = Number.MAX_SAFE_INTEGER, max = 0;
    for (let i = 0; i < scores.length; i++) {
      if (s.ignored.has(nodes[i]!.name)) continue;
      if (scores[i]! < min) min = scores[i]!;
      if (scores[i]! > max) max = scores[i]!;
    }
    for (let i = 0; i < scores.length; i++) {
      if (s.ignored.has(nodes[i]!.name)) { scores[i] = 0; continue; }
      scores[i] = max === 0 ? MAX_NODE_SCORE : Math.trunc((MAX_NODE_SCORE * (max + min - scores[i]!)) / max);
    }
  },
};
