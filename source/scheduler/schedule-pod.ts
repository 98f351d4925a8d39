/**
 * One scheduling cycle (schedulePod + PostFilter) as a pure function over a snapshot: PreFilter, the nominated
 * node fast path, Filter over a rotating window until enough feasible nodes are found (percentageOfNodesToScore),
 * scoring, reservoir-sampled tie-break, and preemption when nothing fits. Binding is the caller's job.
 */
import type { Pod } from '../api/core.js';
import type { Diagnosis } from './diagnosis.js';
import {
  type FilterPlugin, type ScorePlugin, type ScoreTable, newCycleContext, runFilters, runFiltersWithNominatedPods,
  runPreFilter, runScorePlugins,
} from './framework.js';
import { fitErrorMessage, statusMessage } from './message.js';
import type { NodeInfo } from './node-info.js';
import { type PreemptionOutcome, preempt } from './preemption.js';
import { DEFAULT_FILTER_PLUGINS, DEFAULT_SCORE_PLUGINS } from './profile.js';
import type { Snapshot } from './snapshot.js';
import {
  type FilterPluginName, type ScheduleOptions, type Status, newCycleStats, podNamespace, rejection,
} from './types.js';

/** minFeasibleNodesToFind: below this many nodes every node is evaluated. */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
/** minFeasibleNodesPercentageToFind: the adaptive percentage never drops below this. */
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;
/** ErrNoNodesAvailable. */
export const NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

/** numFeasibleNodesToFind: how many feasible nodes to look for before scoring. */
export function numFeasibleNodesToFind(percentage: number | undefined, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let pct = percentage ?? 0;
  if (pct <= 0) {
    pct = 50 - Math.trunc(numAllNodes / 125);
    if (pct < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) pct = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const n = Math.trunc((numAllNodes * pct) / 100);
  return n < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : Math.min(n, numAllNodes);
}

/** The plugins a cycle runs (the default profile unless a test swaps it). */
export interface Profile { readonly filters: readonly FilterPlugin[]; readonly scores: readonly ScorePlugin[] }
/** The default profile. */
export const DEFAULT_PROFILE: Profile = { filters: DEFAULT_FILTER_PLUGINS, scores: DEFAULT_SCORE_PLUGINS };

const filterNames = new WeakMap<Profile, readonly FilterPluginName[]>();

/** The profile's filter plugin names, built once per profile (the diagnosis lists them every cycle). */
function filterPluginNames(profile: Profile): readonly FilterPluginName[] {
  let names = filterNames.get(profile);
  if (!names) filterNames.set(profile, (names = Object.freeze(profile.filters.map((p) => p.name))));
  return names;
}

interface ResultBase {
  /** Pass this as options.nextStartNodeIndex next cycle. */
  readonly nextStartNodeIndex: number;
  readonly diagnosis: Diagnosis;
}

/** The pod fits: bind it to `node`. */
export interface ScheduledResult extends ResultBase {
  readonly kind: 'scheduled';
  readonly node: string;
  /** Scores of the feasible nodes; absent when only one node was feasible (it is picked without scoring). */
  readonly scores?: ScoreTable;
}

/** No node fits: FailedScheduling with `message`, PodScheduled=False reason Unschedulable. */
export interface UnschedulableResult extends ResultBase {
  readonly kind: 'unschedulable';
  readonly message: string;
  /** Filter statuses of the rejected nodes (nodes outside a PreFilter node set are absent). */
  readonly filterStatuses: ReadonlyMap<string, Status>;
  /** Set when preemption found a node: evict the victims, nominate the pod, requeue it. */
  readonly preemption?: {
    readonly nominatedNode: string;
    readonly victims: readonly Pod[];
    readonly lowerPriorityNominatedPods: readonly Pod[];
  };
  /** New status.nominatedNodeName: a node, '' to clear it, undefined to leave it as is. */
  readonly nominatedNodeName?: string;
}

/** An internal error (no nodes at all): the pod goes to backoff; reason SchedulerError. */
export interface SchedulingErrorResult extends ResultBase {
  readonly kind: 'error';
  readonly message: string;
}

/** What one scheduling attempt decided. */
export type ScheduleResult = ScheduledResult | UnschedulableResult | SchedulingErrorResult;

/** Run one scheduling cycle for `pod` against `snapshot`. */
export function schedulePod(pod: Pod, snapshot: Snapshot, options: ScheduleOptions, profile: Profile = DEFAULT_PROFILE): ScheduleResult {
  const stats = newCycleStats();
  const ctx = newCycleContext(pod, snapshot, options, stats);
  const nodes = snapshot.nodeInfoList();
  const numAllNodes = nodes.length;
  const statuses = new Map<string, Status>();
  const feasible: NodeInfo[] = [];
  let usedNominatedNode = false;
  const diagnosis = (extra: Partial<Diagnosis>): Diagnosis => ({
    pod: `${podNamespace(pod)}/${pod.metadata.name ?? ''}`,
    numAllNodes,
    filterPlugins: filterPluginNames(profile),
    skippedFilterPlugins: new Set(),
    nodeStatuses: statuses,
    // The score table already lists the feasible nodes in evaluation order.
    feasibleNodes: extra.scores ? extra.scores.nodes : feasible.map((f) => f.name),
    usedNominatedNode,
    stats,
    ...extra,
  });
  let nextStart = options.nextStartNodeIndex;
  if (numAllNodes === 0) return { kind: 'error', message: NO_NODES_AVAILABLE, nextStartNodeIndex: nextStart, diagnosis: diagnosis({}) };

  const pre = runPreFilter(ctx, profile.filters);
  const skipped = new Set<FilterPluginName>(profile.filters.filter((_, i) => !pre.cycle.active[i]).map((p) => p.name));
  if (pre.rejected) {
    const rejected = pre.rejected;
    const outcome = preempt(ctx, pre.cycle, nodes, () => rejected);
    const message = fitErrorMessage({
      numAllNodes, preFilterMessage: statusMessage(rejected), statuses: [], postFilterMessage: outcome.message,
    });
    return unschedulable(message, statuses, outcome, nextStart,
      diagnosis({ skippedFilterPlugins: skipped, preFilterStatus: rejected, preemptionStatuses: outcome.statuses, postFilterMessage: outcome.message }));
  }

  // A pod that preempted earlier tries its nominated node first; if that fits, no other node is looked at.
  const nominated = pod.status?.nominatedNodeName;
  const nominatedInfo = nominated ? snapshot.get(nominated) : undefined;
  if (nominatedInfo && (!pre.nodeNames || pre.nodeNames.has(nominatedInfo.name))) {
    stats.nodesEvaluated++;
    const st = runFiltersWithNominatedPods(ctx, pre.cycle, nominatedInfo);
    // Upstream runs this through the same window search over a one-node list, which resets the rotation.
    nextStart = 0;
    if (!st) {
      feasible.push(nominatedInfo);
      usedNominatedNode = true;
      return { kind: 'scheduled', node: nominatedInfo.name, nextStartNodeIndex: nextStart, diagnosis: diagnosis({ skippedFilterPlugins: skipped }) };
    }
    statuses.set(nominatedInfo.name, st);
  }

  const candidates = pre.nodeNames ? nodes.filter((n) => pre.nodeNames!.has(n.name)) : nodes;
  const n = candidates.length;
  const numToFind = numFeasibleNodesToFind(options.percentageOfNodesToScore, n);
  // findNodesThatPassFilters: walk the node list round-robin from nextStart and stop as soon as numToFind nodes fit.
  // Only a nominated node checked above can already have a status, so only then is there anything to delete.
  const mayHaveStatus = statuses.size > 0;
  const withNominated = ctx.snapshot.hasNominatedPods;
  let processed = 0;
  let index = n > 0 ? nextStart % n : 0;
  while (processed < n && feasible.length < numToFind) {
    const info = candidates[index]!;
    if (++index === n) index = 0;
    processed++;
    const st = withNominated ? runFiltersWithNominatedPods(ctx, pre.cycle, info) : runFilters(ctx, pre.cycle, info);
    if (st) statuses.set(info.name, st);
    else {
      if (mayHaveStatus) statuses.delete(info.name);
      feasible.push(info);
    }
  }
  stats.nodesEvaluated += processed;
  if (n > 0) nextStart = (nextStart + processed) % n;

  if (feasible.length === 0) {
    const absentStatus = pre.nodeNames
      ? rejection(pre.narrowedBy[0]!, 'UnschedulableAndUnresolvable',
        `node(s) didn't satisfy plugin(s) [${[...pre.narrowedBy].sort().join(' ')}]`)
      : undefined;
    const outcome = preempt(ctx, pre.cycle, nodes, (name) => statuses.get(name) ?? absentStatus);
    const message = fitErrorMessage({
      numAllNodes, statuses: statuses.values(), absentStatus, absentCount: numAllNodes - statuses.size,
      postFilterMessage: outcome.message,
    });
    return unschedulable(message, statuses, outcome, nextStart,
      diagnosis({ skippedFilterPlugins: skipped, absentNodesStatus: absentStatus, preemptionStatuses: outcome.statuses, postFilterMessage: outcome.message }));
  }
  if (feasible.length === 1) {
    return { kind: 'scheduled', node: feasible[0]!.name, nextStartNodeIndex: nextStart, diagnosis: diagnosis({ skippedFilterPlugins: skipped }) };
  }
  const scores = runScorePlugins(ctx, profile.scores, feasible);
  const chosen = selectHost(scores.totals, options.rand);
  return {
    kind: 'scheduled', node: feasible[chosen]!.name, scores, nextStartNodeIndex: nextStart,
    diagnosis: diagnosis({ skippedFilterPlugins: skipped, scores }),
  };
}

function unschedulable(message: string, statuses: ReadonlyMap<string, Status>, outcome: PreemptionOutcome,
  nextStartNodeIndex: number, diagnosis: Diagnosis): UnschedulableResult {
  const { nominatedNode, victims, lowerPriorityNominatedPods } = outcome;
  return {
    kind: 'unschedulable', message, filterStatuses: statuses, nominatedNodeName: outcome.nominatedNodeName,
    preemption: nominatedNode ? { nominatedNode, victims, lowerPriorityNominatedPods } : undefined,
    nextStartNodeIndex, diagnosis,
  };
}

/** selectHost: the highest total; ties broken uniformly at random by reservoir sampling in evaluation order. */
export function selectHost(totals: Float64Array, rand: () => number): number {
  let best = -Infinity, count = 0, chosen = 0;
  for (let i = 0; i < totals.length; i++) {
    const t = totals[i]!;
    if (t > best) { best = t; count = 1; chosen = i; }
    else if (t === best) {
      count++;
      // Replace the pick with probability 1/count.
      if (Math.floor(rand() * count) === 0) chosen = i;
    }
  }
  return chosen;
}
