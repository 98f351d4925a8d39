/**
 * The record kept per scheduling attempt for "why Pending" / "why this node" (like kube-scheduler-simulator's
 * annotations), compact at 5,000 nodes: statuses only for rejected nodes, scores only for scored nodes; per-plugin
 * verdicts are derived on demand.
 */
import type { ScoreTable } from './framework.js';
import type { FilterPluginName, ScorePluginName, Status } from './types.js';
import type { CycleStats } from './types.js';

/** Everything one attempt decided. */
export interface Diagnosis {
  /** namespace/name of the pod. */
  readonly pod: string;
  readonly numAllNodes: number;
  /** Filter plugins in the order they ran. */
  readonly filterPlugins: readonly FilterPluginName[];
  /** Plugins whose PreFilter returned Skip: their Filter ran on no node. */
  readonly skippedFilterPlugins: ReadonlySet<FilterPluginName>;
  /** A PreFilter rejection: no Filter ran anywhere. */
  readonly preFilterStatus?: Status;
  /** Status of nodes outside the PreFilter node set ("node(s) didn't satisfy plugin(s) [NodeAffinity]"). */
  readonly absentNodesStatus?: Status;
  /** Rejected nodes → the rejecting plugin's status. */
  readonly nodeStatuses: ReadonlyMap<string, Status>;
  /** Nodes that passed every filter, in evaluation order. */
  readonly feasibleNodes: readonly string[];
  /** The nominated node was checked first and fitted, so no other node was evaluated. */
  readonly usedNominatedNode: boolean;
  /** Scores of the feasible nodes (absent when 0 or 1 node was feasible). */
  readonly scores?: ScoreTable;
  /** Preemption's per-node verdicts (dry-run failures), when it ran. */
  readonly preemptionStatuses?: ReadonlyMap<string, Status>;
  readonly postFilterMessage?: string;
  readonly stats: CycleStats;
}

/** One plugin's verdict on one node. */
export interface FilterVerdict {
  readonly plugin: FilterPluginName;
  /** pass; reject (with reasons); skip (PreFilter skipped the plugin); not-run (an earlier plugin rejected, or the node was not evaluated). */
  readonly verdict: 'pass' | 'reject' | 'skip' | 'not-run';
  readonly reasons?: readonly string[];
}

/** Per-plugin filter verdicts for a node, derived from the compact record. */
export function filterVerdicts(d: Diagnosis, nodeName: string): FilterVerdict[] {
  const rejected = d.nodeStatuses.get(nodeName);
  const feasible = !rejected && d.feasibleNodes.includes(nodeName);
  const blanket = !rejected && !feasible ? d.preFilterStatus ?? d.absentNodesStatus : undefined;
  let seenRejecter = false;
  return d.filterPlugins.map((plugin): FilterVerdict => {
    if (blanket) {
      return blanket.plugin === plugin ? { plugin, verdict: 'reject', reasons: blanket.reasons } : { plugin, verdict: 'not-run' };
    }
    if (!rejected && !feasible) return { plugin, verdict: 'not-run' };
    if (d.skippedFilterPlugins.has(plugin)) return { plugin, verdict: 'skip' };
    if (seenRejecter) return { plugin, verdict: 'not-run' };
    if (rejected && rejected.plugin === plugin) { seenRejecter = true; return { plugin, verdict: 'reject', reasons: rejected.reasons }; }
    return { plugin, verdict: 'pass' };
  });
}

/** One plugin's contribution to a node's total. */
export interface PluginScore {
  readonly plugin: ScorePluginName;
  readonly raw: number;
  readonly normalized: number;
  readonly weight: number;
  readonly weighted: number;
  readonly skipped: boolean;
}

/** The score breakdown of one scored node, or undefined if it was not scored. */
export function nodeScores(table: ScoreTable, nodeName: string): { total: number; plugins: PluginScore[] } | undefined {
  const i = table.nodes.indexOf(nodeName);
  if (i < 0) return undefined;
  const plugins = table.plugins.map((plugin, p): PluginScore => ({
    plugin,
    raw: table.raw[p]![i]!,
    normalized: table.normalized[p]![i]!,
    weight: table.weights[p]!,
    weighted: table.weights[p]! * table.normalized[p]![i]!,
    skipped: table.skipped[p]!,
  }));
  return { total: table.totals[i]!, plugins };
}

/** The plugins that rejected the pod somewhere (QueuedPodInfo.UnschedulablePlugins), for the queue's event filter. */
export function unschedulablePlugins(d: Diagnosis): Set<string> {
  const out = new Set<string>();
  if (d.preFilterStatus) out.add(d.preFilterStatus.plugin);
  if (d.absentNodesStatus) out.add(d.absentNodesStatus.plugin);
  for (const st of d.nodeStatuses.values()) out.add(st.plugin);
  return out;
}
