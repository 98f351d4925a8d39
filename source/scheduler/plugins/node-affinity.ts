/**
 * NodeAffinity: Filter = spec.nodeSelector AND required node affinity; its PreFilter narrows the search to the
 * nodes named by `matchFields metadata.name In` (DaemonSet pods). Score = Σ weights of matching preferred terms.
 */
import type { NodeSelectorTerm } from '../../api/core.js';
import { matchesNodeSelectorTerm } from '../../api/selectors.js';
import type { FilterPlugin, PreFilterResult, ScorePlugin } from '../framework.js';
import type { NodeInfo } from '../node-info.js';
import { type RequiredNodeAffinity, requiredNodeAffinity } from '../required-node-affinity.js';
import { rejection } from '../types.js';
import { defaultNormalizeScore } from './normalize.js';

/** ErrReasonPod. */
export const REASON_NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector";
/** errReasonConflict: every required term names node(s), but the named sets exclude each other. */
export const REASON_AFFINITY_CONFLICT = 'pod affinity terms conflict';

const REJECTED = rejection('NodeAffinity', 'UnschedulableAndUnresolvable', REASON_NODE_AFFINITY);
const CONFLICT = rejection('NodeAffinity', 'UnschedulableAndUnresolvable', REASON_AFFINITY_CONFLICT);
const SKIP: PreFilterResult<RequiredNodeAffinity> = Object.freeze({ skip: true });

/** The node names the required terms restrict the pod to, or undefined when any term allows every node. */
function preFilterNodeNames(terms: readonly NodeSelectorTerm[]): Set<string> | undefined {
  let names: Set<string> | undefined;
  for (const t of terms) {
    let termNames: Set<string> | undefined;
    for (const r of t.matchFields ?? []) {
      if (r.key !== 'metadata.name' || r.operator !== 'In') continue;
      const s = new Set(r.values ?? []);
      // Field requirements inside one term are ANDed: intersect.
      termNames = termNames ? new Set([...termNames].filter((n) => s.has(n))) : s;
    }
    // Terms are ORed, so one term without a name restriction leaves every node possible.
    if (!termNames) return undefined;
    names = names ? new Set([...names, ...termNames]) : termNames;
  }
  return names;
}

/** The NodeAffinity filter. */
export const nodeAffinityFilter: FilterPlugin<RequiredNodeAffinity> = {
  name: 'NodeAffinity',
  preFilter(ctx) {
    const required = requiredNodeAffinity(ctx.pod);
    if (required.matchesAll) return SKIP;
    const terms = ctx.pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
    if (!terms?.length) return { state: required };
    const nodeNames = preFilterNodeNames(terms);
    if (nodeNames && nodeNames.size === 0) return { reject: CONFLICT };
    return { state: required, nodeNames };
  },
  filter(_ctx, required, info) {
    return info.node && required.match(info.node) ? undefined : REJECTED;
  },
};

interface Preferred { readonly weight: number; readonly term: NodeSelectorTerm }

/** Σ weights of the preferred terms the node matches. */
function preferredWeight(preferred: readonly Preferred[], info: NodeInfo): number {
  const node = info.node;
  if (!node) return 0;
  let sum = 0;
  for (const p of preferred) if (matchesNodeSelectorTerm(p.term, node)) sum += p.weight;
  return sum;
}

/** The NodeAffinity score (weight 2); skipped when the pod has no preferred terms. */
export const nodeAffinityScore: ScorePlugin<readonly Preferred[]> = {
  name: 'NodeAffinity',
  weight: 2,
  preScore(ctx) {
    const preferred = ctx.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
    if (!preferred?.length) return { skip: true };
    // Zero-weight terms can never add anything.
    return { state: preferred.filter((p) => p.weight !== 0).map((p) => ({ weight: p.weight, term: p.preference })) };
  },
  score(_ctx, preferred, info) {
    return preferredWeight(preferred, info);
  },
  scoreAll(_ctx, preferred, nodes, out) {
    for (let i = 0; i < nodes.length; i++) out[i] = preferredWeight(preferred, nodes[i]!);
  },
  normalize(_ctx, _state, scores) {
    defaultNormalizeScore(scores, false);
  },
};
