/**
 * The scheduling framework's extension points as pure functions: PreFilter (with PreFilterResult and Skip),
 * Filter (stop at the first rejecting plugin, two passes with nominated pods), PreFilter extensions
 * (AddPod/RemovePod for dry runs), PreScore/Score/NormalizeScore and weighting.
 */
import type { Pod } from '../api/core.js';
import type { NodeInfo } from './node-info.js';
import type { Snapshot } from './snapshot.js';
import {
  type CycleStats, type FilterPluginName, type ScheduleOptions, type ScorePluginName, type Status, podKey,
} from './types.js';

/** What every plugin sees during one cycle. */
export interface CycleContext {
  readonly pod: Pod;
  readonly podKey: string;
  /** The incoming pod's priority (options.priorityOf). */
  readonly priority: number;
  readonly snapshot: Snapshot;
  readonly options: ScheduleOptions;
  readonly stats: CycleStats;
}

/** A PreFilter verdict: skip the plugin's Filter, reject the pod outright, or keep state (and maybe narrow nodes). */
export interface PreFilterResult<S> {
  readonly skip?: boolean;
  readonly reject?: Status;
  readonly state?: S;
  /** PreFilterResult.NodeNames: only these nodes can possibly fit. */
  readonly nodeNames?: ReadonlySet<string>;
}

/** A Filter plugin, with its optional PreFilter and PreFilterExtensions. */
export interface FilterPlugin<S = unknown> {
  readonly name: FilterPluginName;
  preFilter?(ctx: CycleContext): PreFilterResult<S>;
  /** undefined = the node passes. */
  filter(ctx: CycleContext, state: S, info: NodeInfo): Status | undefined;
  /** PreFilterExtensions.AddPod: `pod` was added to `info` (a nominated pod or a reprieved victim). */
  addPod?(ctx: CycleContext, state: S, pod: Pod, info: NodeInfo): void;
  /** PreFilterExtensions.RemovePod: `pod` was removed from `info` (a preemption victim). */
  removePod?(ctx: CycleContext, state: S, pod: Pod, info: NodeInfo): void;
  /** Deep-enough copy of the state for dry runs; stateless or read-only states may omit it. */
  cloneState?(state: S): S;
}

/** A Score plugin with its PreScore and NormalizeScore. */
export interface ScorePlugin<S = unknown> {
  readonly name: ScorePluginName;
  readonly weight: number;
  /** PreScore over the feasible nodes; `{ skip: true }` makes the plugin score 0 everywhere this cycle. */
  preScore(ctx: CycleContext, feasible: readonly NodeInfo[]): { skip: true } | { skip?: false; state: S };
  score(ctx: CycleContext, state: S, info: NodeInfo): number;
  /**
   * Optional batch form of `score`: out[i] = score(ctx, state, nodes[i]) for every node. Plugins provide it so the
   * per-node loop runs inside the plugin (one call per cycle instead of one dynamic dispatch per node).
   */
  scoreAll?(ctx: CycleContext, state: S, nodes: readonly NodeInfo[], out: Float64Array): void;
  /** NormalizeScore, in place over the raw scores (same order as `nodes`). */
  normalize?(ctx: CycleContext, state: S, scores: Float64Array, nodes: readonly NodeInfo[]): void;
}

/** The active filter plugins of a cycle, in order, and their states. */
export interface RunnableFilters { readonly plugins: readonly FilterPlugin[]; readonly states: readonly unknown[] }

/** CycleState for the filter plugins: one state per plugin, and whether its Filter runs (PreFilter did not Skip). */
export class CycleState {
  private runnableFilters: RunnableFilters | undefined;

  constructor(
    readonly plugins: readonly FilterPlugin[],
    readonly states: unknown[],
    readonly active: boolean[],
  ) {}

  /** The plugins whose Filter runs, with their states (built on first use, once PreFilter has settled them). */
  runnable(): RunnableFilters {
    if (!this.runnableFilters) {
      const plugins: FilterPlugin[] = [], states: unknown[] = [];
      for (let i = 0; i < this.plugins.length; i++) {
        if (!this.active[i]) continue;
        plugins.push(this.plugins[i]!);
        states.push(this.states[i]);
      }
      this.runnableFilters = { plugins, states };
    }
    return this.runnableFilters;
  }

  /** CycleState.Clone for dry runs. */
  clone(): CycleState {
    const states = this.states.slice();
    for (let i = 0; i < states.length; i++) {
      const p = this.plugins[i]!;
      if (this.active[i] && p.cloneState) states[i] = p.cloneState(states[i]);
    }
    return new CycleState(this.plugins, states, this.active);
  }
}

/** Outcome of the PreFilter phase. */
export interface PreFilterPhase {
  readonly cycle: CycleState;
  /** The first rejection; the pod is unschedulable on every node with this status. */
  readonly rejected?: Status;
  /** Intersection of the plugins' node sets, when any plugin narrowed it. */
  readonly nodeNames?: ReadonlySet<string>;
  /** Plugins whose PreFilter narrowed the node set (for the absent-node reason). */
  readonly narrowedBy: readonly FilterPluginName[];
}

/** Build the per-cycle context. */
export function newCycleContext(pod: Pod, snapshot: Snapshot, options: ScheduleOptions, stats: CycleStats): CycleContext {
  return { pod, podKey: podKey(pod), priority: options.priorityOf(pod), snapshot, options, stats };
}

/** RunPreFilterPlugins: stop at the first rejection; intersect node sets. */
export function runPreFilter(ctx: CycleContext, plugins: readonly FilterPlugin[]): PreFilterPhase {
  const states: unknown[] = new Array(plugins.length);
  const active: boolean[] = new Array(plugins.length).fill(true);
  const cycle = new CycleState(plugins, states, active);
  let nodeNames: Set<string> | undefined;
  const narrowedBy: FilterPluginName[] = [];
  for (let i = 0; i < plugins.length; i++) {
    const p = plugins[i]!;
    if (!p.preFilter) continue;
    const r = p.preFilter(ctx);
    if (r.reject) {
      // Later plugins never got their state: keep them (and this one) out of any dry run.
      active.fill(false, i);
      return { cycle, rejected: r.reject, narrowedBy };
    }
    if (r.skip) { active[i] = false; continue; }
    states[i] = r.state;
    if (r.nodeNames) {
      narrowedBy.push(p.name);
      nodeNames = nodeNames ? new Set([...nodeNames].filter((n) => r.nodeNames!.has(n))) : new Set(r.nodeNames);
    }
  }
  return { cycle, nodeNames, narrowedBy };
}

/** RunFilterPlugins: the first rejecting plugin's status, or undefined when the node fits. */
export function runFilters(ctx: CycleContext, cycle: CycleState, info: NodeInfo): Status | undefined {
  const { plugins, states } = cycle.runnable();
  const stats = ctx.stats;
  for (let i = 0; i < plugins.length; i++) {
    stats.filterCalls++;
    const st = plugins[i]!.filter(ctx, states[i], info);
    if (st) return st;
  }
  return undefined;
}

/** RunPreFilterExtensionAddPod over every active plugin. */
export function runAddPod(ctx: CycleContext, cycle: CycleState, pod: Pod, info: NodeInfo): void {
  for (let i = 0; i < cycle.plugins.length; i++) {
    const p = cycle.plugins[i]!;
    if (cycle.active[i] && p.addPod) p.addPod(ctx, cycle.states[i], pod, info);
  }
}

/** RunPreFilterExtensionRemovePod over every active plugin. */
export function runRemovePod(ctx: CycleContext, cycle: CycleState, pod: Pod, info: NodeInfo): void {
  for (let i = 0; i < cycle.plugins.length; i++) {
    const p = cycle.plugins[i]!;
    if (cycle.active[i] && p.removePod) p.removePod(ctx, cycle.states[i], pod, info);
  }
}

/**
 * RunFilterPluginsWithNominatedPods: when pods of equal or higher priority are nominated to the node, the node must
 * fit with them added (resources, ports, anti-affinity) and also without them (affinity to them must not count).
 */
export function runFiltersWithNominatedPods(ctx: CycleContext, cycle: CycleState, info: NodeInfo): Status | undefined {
  const nominated = ctx.snapshot.nominatedPodsOn(info.name);
  let withInfo: NodeInfo | undefined;
  let withCycle: CycleState | undefined;
  if (nominated) {
    for (const p of nominated) {
      if (podKey(p) === ctx.podKey || ctx.options.priorityOf(p) < ctx.priority) continue;
      if (!withInfo) { withInfo = info.clone(); withCycle = cycle.clone(); }
      withInfo.addPod(p);
      runAddPod(ctx, withCycle!, p, withInfo);
    }
  }
  if (!withInfo) return runFilters(ctx, cycle, info);
  return runFilters(ctx, withCycle!, withInfo) ?? runFilters(ctx, cycle, info);
}

/** Raw, normalised and weighted scores of the nodes that were scored (columnar, to stay compact at 5,000 nodes). */
export interface ScoreTable {
  readonly nodes: readonly string[];
  readonly plugins: readonly ScorePluginName[];
  readonly weights: readonly number[];
  /** PreScore returned Skip: the plugin contributed 0 to every node. */
  readonly skipped: readonly boolean[];
  /** raw[plugin][node]: Score's output. */
  readonly raw: readonly Float64Array[];
  /** normalized[plugin][node]: after NormalizeScore (equal to raw for plugins without one). */
  readonly normalized: readonly Float64Array[];
  /** Σ weight × normalised per node. */
  readonly totals: Float64Array;
}

/** RunScorePlugins + weighting over the feasible nodes. */
export function runScorePlugins(ctx: CycleContext, plugins: readonly ScorePlugin[], feasible: readonly NodeInfo[]): ScoreTable {
  const n = feasible.length;
  const numPlugins = plugins.length;
  // PreScore every plugin first (they are independent), so the table can be sized exactly: one backing buffer for
  // raw scores, normalised copies only where a plugin normalises, one shared zero row for skipped plugins, and totals.
  // A cycle at 5,000 nodes scores 500 nodes; separate typed arrays per row cost more than the arithmetic.
  const pre: ({ skip: true } | { skip?: false; state: unknown })[] = new Array(numPlugins);
  let rows = 1;
  let anySkipped = false;
  for (let p = 0; p < numPlugins; p++) {
    const r = plugins[p]!.preScore(ctx, feasible);
    pre[p] = r;
    if (r.skip) anySkipped = true;
    else rows += plugins[p]!.normalize ? 2 : 1;
  }
  if (anySkipped) rows++;
  const buffer = new Float64Array(rows * n);
  let next = 0;
  const row = (): Float64Array => buffer.subarray(n * next, n * ++next);
  const totals = row();
  const zeros = anySkipped ? row() : totals;
  const raw: Float64Array[] = new Array(numPlugins);
  const normalized: Float64Array[] = new Array(numPlugins);
  const skipped: boolean[] = new Array(numPlugins);
  const stats = ctx.stats;
  for (let p = 0; p < numPlugins; p++) {
    const plugin = plugins[p]!;
    const r = pre[p]!;
    if (r.skip) {
      // Both views read as zeros: the plugin contributed nothing.
      raw[p] = zeros; normalized[p] = zeros; skipped[p] = true;
      continue;
    }
    const state = r.state;
    const scores = row();
    if (plugin.scoreAll) plugin.scoreAll(ctx, state, feasible, scores);
    else for (let i = 0; i < n; i++) scores[i] = plugin.score(ctx, state, feasible[i]!);
    stats.scoreCalls += n;
    let norm = scores;
    if (plugin.normalize) {
      norm = row();
      norm.set(scores);
      plugin.normalize(ctx, state, norm, feasible);
    }
    const w = plugin.weight;
    for (let i = 0; i < n; i++) totals[i] += w * norm[i]!;
    raw[p] = scores; normalized[p] = norm; skipped[p] = false;
  }
  const nodes: string[] = new Array(n);
  for (let i = 0; i < n; i++) nodes[i] = feasible[i]!.name;
  const { names, weights } = pluginColumns(plugins);
  return { nodes, plugins: names, weights, skipped, raw, normalized, totals };
}

const columns = new WeakMap<readonly ScorePlugin[], { names: readonly ScorePluginName[]; weights: readonly number[] }>();

/** The score table's plugin and weight columns, built once per plugin list (every cycle repeats them). */
function pluginColumns(plugins: readonly ScorePlugin[]): { names: readonly ScorePluginName[]; weights: readonly number[] } {
  let c = columns.get(plugins);
  if (!c) {
    c = { names: Object.freeze(plugins.map((p) => p.name)), weights: Object.freeze(plugins.map((p) => p.weight)) };
    columns.set(plugins, c);
  }
  return c;
}
