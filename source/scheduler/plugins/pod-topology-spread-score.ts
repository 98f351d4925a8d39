/**
 * PodTopologySpread score (weight 2) for ScheduleAnyway constraints, or the system defaults (hostname maxSkew 3,
 * zone maxSkew 5) for pods without constraints that a Service or controller selects. Fewer matching pods in a
 * node's domains score higher: raw = round(Σ cnt × ln(domains + 2) + maxSkew − 1), then reversed min/max scaling.
 */
import type { Pod } from '../../api/core.js';
import type { CycleContext, ScorePlugin } from '../framework.js';
import type { NodeInfo } from '../node-info.js';
import { podDerived } from '../pod-cache.js';
import { requiredNodeAffinity } from '../required-node-affinity.js';
import type { Snapshot } from '../snapshot.js';
import type { TopologyDomains } from '../topology-domains.js';
import { MAX_NODE_SCORE, podNamespace } from '../types.js';
import {
  type SpreadConstraint, fallbackDefaultSelector, matchNodeInclusionPolicies, nodeHasAllTopologyKeys, podCounts,
  podSpreadConstraints, systemDefaultConstraints, topologyKeys,
} from './topology-spread-constraints.js';

/** One non-hostname constraint's domains over the feasible nodes, by slot (a value's position in the cache). */
interface DomainSlots {
  readonly key: string;
  /** The snapshot's per-node value ids for this key (-1: the node lacks it). */
  readonly ids: Int32Array;
  readonly indexOf: ReadonlyMap<string, number>;
  /** Values of feasible nodes outside the snapshot's list that the snapshot has not seen. */
  readonly extra: Map<string, number>;
  /** Slot of nodes without the key: upstream keys them as "", so they share a real "" value's slot. */
  readonly missing: number;
  /** Slot holds a feasible node (only those domains count and get pods counted). */
  readonly present: Uint8Array;
  /** Matching pods per slot. */
  readonly counts: Float64Array;
}

interface SpreadScoreState {
  readonly constraints: readonly SpreadConstraint[];
  /** The snapshot's node list: a NodeInfo found at its own index is listed, so its cached ids apply. */
  readonly listed: readonly NodeInfo[];
  /** Explicit constraints: nodes must carry every key (others are ignored and score 0). */
  readonly all: TopologyDomains | undefined;
  /** Per non-hostname constraint: its domain slots. */
  readonly slots: readonly (DomainSlots | undefined)[];
  /** Per hostname constraint: matching pods per node. */
  readonly nodeCounts: readonly (Map<NodeInfo, number> | undefined)[];
  /** Per hostname constraint: the snapshot's per-node value ids for the key (-1: the node lacks it). */
  readonly hostIds: readonly (Int32Array | undefined)[];
  /** topologyNormalizingWeight: ln(number of domains + 2). */
  readonly weights: readonly number[];
}

function isListed(listed: readonly NodeInfo[], info: NodeInfo): boolean {
  return info.index >= 0 && listed[info.index] === info;
}

/** Whether scoring leaves the node out (explicit constraints and a missing topology key). */
function ignored(s: SpreadScoreState, info: NodeInfo): boolean {
  if (!s.all) return false;
  return isListed(s.listed, info) ? s.all.eligible[info.index] === 0 : !nodeHasAllTopologyKeys(info.labels, s.constraints);
}

/** The node's slot for a constraint; -1 when its value is unknown (never for feasible nodes after PreScore). */
function slotOf(d: DomainSlots, listed: readonly NodeInfo[], info: NodeInfo): number {
  if (isListed(listed, info)) {
    const id = d.ids[info.index]!;
    return id >= 0 ? id : d.missing;
  }
  const v = info.labels[d.key];
  if (v === undefined || v === '') return d.missing;
  return d.indexOf.get(v) ?? d.extra.get(v) ?? -1;
}

/** The constraints scoring uses, and whether nodes must carry all their keys (not so for system defaults). */
function scoringConstraints(ctx: CycleContext): { constraints: readonly SpreadConstraint[]; requireAll: boolean } {
  const pod = ctx.pod;
  if (pod.spec?.topologySpreadConstraints?.length) return { constraints: podSpreadConstraints(pod, 'ScheduleAnyway'), requireAll: true };
  if (ctx.options.defaultSpreadSelector) {
    return { constraints: systemDefaultConstraints(ctx.options.defaultSpreadSelector(pod)), requireAll: false };
  }
  return { constraints: fallbackDefaults(pod), requireAll: false };
}

const fallbackByLabels = new Map<string, readonly SpreadConstraint[]>();
/** Distinct label sets remembered before the content cache starts over (it only saves re-parsing). */
const FALLBACK_CACHE_LIMIT = 4096;

/**
 * System defaults from the pod's own labels. Sibling pods carry equal labels in separate objects, so besides the
 * per-object cache the compiled constraints are shared by label content: a ReplicaSet's pods parse it once.
 */
function fallbackDefaults(pod: Pod): readonly SpreadConstraint[] {
  const derived = podDerived(pod);
  let c = derived.defaultSpread;
  if (c) return c;
  const selector = fallbackDefaultSelector(pod);
  if (!selector) c = systemDefaultConstraints(undefined);
  else {
    let key = '';
    const labels = selector.matchLabels!;
    for (const k in labels) key += `${k}\u0000${labels[k]}\u0000`;
    c = fallbackByLabels.get(key);
    if (!c) {
      if (fallbackByLabels.size >= FALLBACK_CACHE_LIMIT) fallbackByLabels.clear();
      fallbackByLabels.set(key, (c = systemDefaultConstraints(selector)));
    }
  }
  derived.defaultSpread = c;
  return c;
}

function counted(ctx: CycleContext, c: SpreadConstraint, ns: string, fn: (p: Pod, info: NodeInfo) => void): void {
  if (c.selector.empty) return;
  ctx.stats.podsVisited += ctx.snapshot.forEachMatchingPod(ns, c.selector, (p, info) => {
    if (podCounts(p, ns)) fn(p, info);
  });
}

/** Σ over constraints of matching pods in the node's domain × the constraint's weight, plus maxSkew − 1. */
function spreadScore(s: SpreadScoreState, info: NodeInfo): number {
  if (ignored(s, info)) return 0;
  const labels = info.labels;
  const constraints = s.constraints;
  let score = 0;
  for (let i = 0; i < constraints.length; i++) {
    const c = constraints[i]!;
    let cnt: number;
    const d = s.slots[i];
    if (d) {
      const slot = slotOf(d, s.listed, info);
      if (slot === d.missing && labels[c.topologyKey] === undefined) continue; // no label: the constraint adds nothing
      cnt = slot >= 0 ? d.counts[slot]! : 0;
    } else {
      // Listed nodes answer "has the key?" from the cached ids, without touching their label objects.
      const ids = s.hostIds[i]!;
      if (isListed(s.listed, info) ? ids[info.index]! < 0 : labels[c.topologyKey] === undefined) continue;
      const m = s.nodeCounts[i]!;
      cnt = m.size === 0 ? 0 : m.get(info) ?? 0;
    }
    score += cnt * s.weights[i]! + (c.maxSkew - 1);
  }
  return Math.round(score);
}

/** The PodTopologySpread score. */
export const podTopologySpreadScore: ScorePlugin<SpreadScoreState> = {
  name: 'PodTopologySpread',
  weight: 2,
  preScore(ctx, feasible) {
    const { constraints, requireAll } = scoringConstraints(ctx);
    if (constraints.length === 0) return { skip: true };
    const snap = ctx.snapshot;
    const listed = snap.nodeInfoList();
    const all = requireAll ? snap.topologyDomains(topologyKeys(constraints)) : undefined;
    const base = { constraints, listed, all, slots: [], nodeCounts: [], hostIds: [], weights: [] };
    let numIgnored = 0;
    if (all) for (let j = 0; j < feasible.length; j++) if (ignored(base, feasible[j]!)) numIgnored++;
    const slots = constraints.map((c, i) => (c.isHostname ? undefined : domainSlots(snap, c, all, i, feasible, listed)));
    for (let i = 0; i < constraints.length; i++) {
      const d = slots[i];
      if (!d) continue;
      for (let j = 0; j < feasible.length; j++) {
        const info = feasible[j]!;
        if (all && ignored(base, info)) continue;
        // Upstream keys the pair by the label value even when absent (""): that domain counts towards the size.
        d.present[slotOf(d, listed, info)] = 1;
      }
    }
    const weights = constraints.map((c, i) => {
      if (c.isHostname) return Math.log(feasible.length - numIgnored + 2);
      let domains = 0;
      for (const p of slots[i]!.present) domains += p;
      return Math.log(domains + 2);
    });
    const pod = ctx.pod;
    const affinity = requiredNodeAffinity(pod);
    const ns = podNamespace(pod);
    const nodeCounts = constraints.map((c) => (c.isHostname ? new Map<NodeInfo, number>() : undefined));
    const hostIds = constraints.map((c, i) =>
      (c.isHostname ? (all ? all.ids[i] : snap.topologyDomains([c.topologyKey]).ids[0]) : undefined));
    const state: SpreadScoreState = { constraints, listed, all, slots, nodeCounts, hostIds, weights };
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i]!;
      const hostCounts = nodeCounts[i];
      if (hostCounts) {
        counted(ctx, c, ns, (_p, info) => hostCounts.set(info, (hostCounts.get(info) ?? 0) + 1));
        continue;
      }
      const d = slots[i]!;
      counted(ctx, c, ns, (_p, info) => {
        if (ignored(state, info)) return;
        if (!matchNodeInclusionPolicies(c, pod, info.node!, affinity)) return;
        const slot = slotOf(d, listed, info);
        if (slot >= 0 && d.present[slot]) d.counts[slot]!++; // only domains that hold a feasible node matter
      });
    }
    return { state };
  },
  score(_ctx, s, info) {
    return spreadScore(s, info);
  },
  scoreAll(_ctx, s, nodes, out) {
    for (let i = 0; i < nodes.length; i++) out[i] = spreadScore(s, nodes[i]!);
  },
  normalize(_ctx, s, scores, nodes) {
    const anyIgnored = s.all !== undefined;
    let min = Number.MAX_SAFE_INTEGER, max = 0;
    for (let i = 0; i < scores.length; i++) {
      if (anyIgnored && ignored(s, nodes[i]!)) continue;
      if (scores[i]! < min) min = scores[i]!;
      if (scores[i]! > max) max = scores[i]!;
    }
    for (let i = 0; i < scores.length; i++) {
      if (anyIgnored && ignored(s, nodes[i]!)) { scores[i] = 0; continue; }
      scores[i] = max === 0 ? MAX_NODE_SCORE : Math.trunc((MAX_NODE_SCORE * (max + min - scores[i]!)) / max);
    }
  },
};

/**
 * Slots for constraint i: explicit constraints use the all-keys domains (eligibility = every key); system defaults
 * use the key's own domains, where a node without the key falls in the "" domain.
 */
function domainSlots(snap: Snapshot, c: SpreadConstraint, all: TopologyDomains | undefined, i: number,
  feasible: readonly NodeInfo[], listed: readonly NodeInfo[]): DomainSlots {
  const d = all ?? snap.topologyDomains([c.topologyKey]);
  const k = all ? i : 0;
  const values = d.values[k]!, indexOf = d.indexOf[k]!;
  let size = values.length;
  const missing = indexOf.get('') ?? size++;
  // Feasible nodes outside the snapshot (callers scoring hypothetical nodes) may bring values it has not seen.
  const extra = new Map<string, number>();
  for (const info of feasible) {
    if (isListed(listed, info)) continue;
    const v = info.labels[c.topologyKey];
    if (v !== undefined && v !== '' && !indexOf.has(v) && !extra.has(v)) extra.set(v, size++);
  }
  return { key: c.topologyKey, ids: d.ids[k]!, indexOf, extra, missing, present: new Uint8Array(size), counts: new Float64Array(size) };
}
