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
  /** NormalizeScore, in place over the raw scores (same order as `nodes`). */
  normalize?(ctx: CycleContext, state: S, scores: Float64Array, nodes: readonly NodeInfo[]): void;
}

/** CycleState for the filter plugins: one state per plugin, and whether its Filter runs (PreFilter did not Skip). */
export class CycleState {
  constructor(
    readonly plugins: readonly FilterPlugin[],
    readonly states: unknown[],
    readonly active: boolean[],
  ) {}

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
  const { plugins, states, active } = cycle;
  for (let i = 0; i < plugins.length; i++) {
    if (!active[i]) continue;
    ctx.stats.filterCalls++;
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
  const raw: Float64Array[] = [];
  const normalized: Float64Array[] = [];
  const skipped: boolean[] = [];
  const totals = new Float64Array(n);
  for (const p of plugins) {
    const r = new Float64Array(n);
    const pre = p.preScore(ctx, feasible);
    if (pre.skip) {
      raw.push(r); normalized.push(new Float64Array(n)); skipped.push(true);
      continue;
    }
    for (let i = 0; i < n; i++) { ctx.stats.scoreCalls++; r[i] = p.score(ctx, pre.state, feasible[i]!); }
    const norm = r.slice();
    p.normalize?.(ctx, pre.state, norm, feasible);
    for (let i = 0; i < n; i++) totals[i] += p.weight * norm[i]!;
    raw.push(r); normalized.push(norm); skipped.push(false);
  }
  return {
    nodes: feasible.map((f) => f.name),
    plugins: plugins.map((p) => p.name),
    weights: plugins.map((p) => p.weight),
    skipped, raw, normalized, totals,
  };
}
