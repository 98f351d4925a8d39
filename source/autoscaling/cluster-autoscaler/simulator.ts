/**
 * CA's cluster snapshot as a copy-on-write overlay over the scheduler's own snapshot (read-only): simulated
 * placements and removals, nodes taken out of the picture, template nodes added. Checks run the scheduler's
 * filter plugins; placements made in the overlay reach PodTopologySpread and InterPodAffinity through their
 * PreFilter extensions (AddPod/RemovePod), as nominated pods do in the scheduler. Copying the scheduler's 150,000
 * pods every scan would cost more than the whole scan, so the overlay only holds what the simulation changed.
 */
import type { Pod } from '../../api/core.js';
import {
  type CycleContext, type PreFilterPhase, newCycleContext, runAddPod, runFilters, runPreFilter, runRemovePod,
} from '../../scheduler/framework.js';
import type { NodeInfo } from '../../scheduler/node-info.js';
import { DEFAULT_FILTER_PLUGINS } from '../../scheduler/profile.js';
import type { Snapshot } from '../../scheduler/snapshot.js';
import { type ScheduleOptions, type Status, newCycleStats, rejection } from '../../scheduler/types.js';

/** A pod with its PreFilter done, ready to be checked against nodes. */
export interface PreparedPod {
  readonly pod: Pod;
  ctx: CycleContext;
  pre: PreFilterPhase;
  /** Simulation version the plugin states reflect (stale states are rebuilt). */
  version: number;
  /** Whether an active plugin keeps cross-node state (so simulated placements must be replayed into it). */
  readonly extensions: boolean;
}

interface Change { readonly pod: Pod; readonly info: NodeInfo }

/**
 * A scheduling simulation over the scheduler's snapshot. `fork()` gives an independent child (CA's snapshot Fork);
 * `attempt(fn)` runs changes that are kept only when `fn` succeeds (scale-down tries one node removal at a time).
 */
export class SchedulingSimulation {
  private readonly clones: Map<string, NodeInfo>;
  /** The attempt level that cloned each node: a write at another level clones again, so attempts can undo. */
  private readonly owner = new Map<string, number>();
  private level = 0;
  private journal: (() => void)[] | undefined;
  private readonly excluded: Set<string>;
  private readonly extra: NodeInfo[];
  private readonly added: Change[];
  private readonly removed: Change[];
  private changes = 0;

  constructor(private readonly snapshot: Snapshot, private readonly options: ScheduleOptions, parent?: SchedulingSimulation) {
    this.clones = new Map(parent?.clones);
    this.excluded = new Set(parent?.excluded);
    this.extra = parent ? parent.extra.slice() : [];
    this.added = parent ? parent.added.slice() : [];
    this.removed = parent ? parent.removed.slice() : [];
    this.changes = parent?.changes ?? 0;
  }

  /** An independent child: its changes never reach this simulation. */
  fork(): SchedulingSimulation {
    return new SchedulingSimulation(this.snapshot, this.options, this);
  }

  /** Run `fn`; keep what it changed when it returns true, undo it all otherwise. */
  attempt(fn: () => boolean): boolean {
    const lengths = [this.added.length, this.removed.length, this.extra.length] as const;
    const outer = this.journal;
    const journal: (() => void)[] = [];
    this.journal = journal;
    this.level++;
    let ok = false;
    try {
      ok = fn();
    } finally {
      this.level--;
      this.journal = outer;
      if (ok) outer?.push(...journal);
      else {
        for (let i = journal.length - 1; i >= 0; i--) journal[i]!();
        this.added.length = lengths[0];
        this.removed.length = lengths[1];
        this.extra.length = lengths[2];
        this.changes++;
      }
    }
    return ok;
  }

  /** Bumped by every change (and undo); prepared pods of another version are rebuilt before a check. */
  get version(): number {
    return this.changes;
  }

  /** Take a node out of the simulation (being deleted, not started, or removed by scale-down). */
  exclude(name: string): void {
    if (this.excluded.has(name)) return;
    this.excluded.add(name);
    this.journal?.push(() => this.excluded.delete(name));
  }

  isExcluded(name: string): boolean {
    return this.excluded.has(name);
  }

  /** Add a node that does not exist yet (a template copy for an upcoming or estimated node). */
  addNode(info: NodeInfo): void {
    this.extra.push(info);
    this.setClone(info.name, info);
    this.changes++;
  }

  /** Names of the nodes added to the simulation (templates), not in the cluster. */
  addedNodeNames(): string[] {
    return this.extra.map((n) => n.name);
  }

  /** The simulation's view of a node. */
  node(name: string): NodeInfo | undefined {
    if (this.excluded.has(name)) return undefined;
    return this.clones.get(name) ?? this.snapshot.get(name);
  }

  /** Every node in the simulation: existing ones in the scheduler's order, then added ones. */
  *nodes(): Generator<NodeInfo> {
    for (const info of this.snapshot.nodeInfoList()) {
      if (this.excluded.has(info.name)) continue;
      yield this.clones.get(info.name) ?? info;
    }
    for (const info of this.extra) if (!this.excluded.has(info.name)) yield info;
  }

  /** PreFilter for `pod`, replaying the simulation's changes into the stateful plugins. */
  prepare(pod: Pod): PreparedPod {
    const ctx = newCycleContext(pod, this.snapshot, this.options, newCycleStats());
    const pre = runPreFilter(ctx, DEFAULT_FILTER_PLUGINS);
    let extensions = false;
    if (!pre.rejected) {
      const { plugins, active } = pre.cycle;
      for (let i = 0; i < plugins.length; i++) if (active[i] && (plugins[i]!.addPod || plugins[i]!.removePod)) extensions = true;
      if (extensions) {
        for (const r of this.removed) runRemovePod(ctx, pre.cycle, r.pod, r.info);
        for (const a of this.added) runAddPod(ctx, pre.cycle, a.pod, a.info);
      }
    }
    return { pod, ctx, pre, version: this.version, extensions };
  }

  /** Run the filters for a prepared pod on a node of this simulation; undefined = it fits. */
  check(p: PreparedPod, info: NodeInfo): Status | undefined {
    if (p.pre.rejected) return p.pre.rejected;
    if (p.extensions && p.version !== this.version) Object.assign(p, this.prepare(p.pod));
    const names = p.pre.nodeNames;
    if (names && !names.has(info.name)) {
      const by = [...p.pre.narrowedBy].sort().join(' ');
      return rejection(p.pre.narrowedBy[0]!, 'UnschedulableAndUnresolvable', `node(s) didn't satisfy plugin(s) [${by}]`);
    }
    return runFilters(p.ctx, p.pre.cycle, info);
  }

  /**
   * The first node (hint first, then simulation order) the pod fits; undefined when none. Nodes in `rejected` are
   * skipped and nodes that reject the pod are added to it, so equivalent pods do not re-check full nodes.
   */
  findNode(p: PreparedPod, hint?: string, rejected?: Set<string>): NodeInfo | undefined {
    if (p.pre.rejected) return undefined;
    const hinted = hint !== undefined && !rejected?.has(hint) ? this.node(hint) : undefined;
    if (hinted) {
      if (!this.check(p, hinted)) return hinted;
      rejected?.add(hinted.name);
    }
    for (const info of this.nodes()) {
      if (info === hinted || rejected?.has(info.name)) continue;
      if (!this.check(p, info)) return info;
      rejected?.add(info.name);
    }
    return undefined;
  }

  /** Place a pod on a node of the simulation. */
  place(pod: Pod, info: NodeInfo): NodeInfo {
    const mine = this.writable(info);
    mine.addPod(pod);
    this.added.push({ pod, info: mine });
    this.changes++;
    return mine;
  }

  /** Take a pod off its node in the simulation (it is being moved elsewhere). */
  remove(pod: Pod, info: NodeInfo): void {
    const mine = this.writable(info);
    mine.removePod(pod);
    this.removed.push({ pod, info: mine });
    this.changes++;
  }

  private setClone(name: string, info: NodeInfo): void {
    if (this.journal) {
      const before = this.clones.get(name), owner = this.owner.get(name);
      this.journal.push(() => {
        if (before) this.clones.set(name, before); else this.clones.delete(name);
        if (owner === undefined) this.owner.delete(name); else this.owner.set(name, owner);
      });
    }
    this.clones.set(name, info);
    this.owner.set(name, this.level);
  }

  private writable(info: NodeInfo): NodeInfo {
    const current = this.clones.get(info.name);
    if (current && this.owner.get(info.name) === this.level) return current;
    const copy = (current ?? info).clone();
    this.setClone(info.name, copy);
    const i = this.extra.indexOf(current!);
    if (current && i >= 0) {
      this.extra[i] = copy;
      this.journal?.push(() => { this.extra[i] = current; });
    }
    return copy;
  }
}
