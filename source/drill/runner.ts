/**
 * The drill runner: builds the simulation from a drill's setup, runs the warm-up, checks the steady state, then
 * steps the drill clock — firing the timeline, evaluating `when` conditions and objectives every
 * EVALUATION_PERIOD_MS, performing scripted (or replayed) responses — and records every action in the action log.
 * It is the object a surface drives: `kubedrill run` calls runToEnd(); the UI calls start(), advance() with the
 * wall-clock time its speed maps to, perform() for the trainee's actions, status() for the header, and report()
 * for the debrief.
 *
 * Order at one instant t (part of the determinism contract, so a replay matches a live run): timeline steps due
 * at t, then the evaluation (if t is a multiple of the period: SLI sample, `when` steps, objectives), then actions
 * due at t. A trainee's action comes after advance() returns, i.e. after all of these, which is where a replay
 * puts it too.
 */
import type { Simulation } from '../cluster/simulation.js';
import { InProcessClient } from '../client/in-process.js';
import type { ActionRecord, Actor, DrillAction } from './action-types.js';
import type { DrillLog } from './action-log.js';
import { performAction } from './actions.js';
import { EventCollector } from './debrief.js';
import { ObjectiveTracker } from './objectives.js';
import type { ProbeResult } from './probe-types.js';
import { type ProbeContext, evaluateAll } from './probes.js';
import { DrillInvalidError, buildSimulation } from './setup.js';
import { type DrillParts, type InjectorFactory, drillParts } from './sim-parts.js';
import { SliHistory } from './sli-history.js';
import { Timeline } from './timeline.js';
import type { Drill } from './types.js';
import type { PersistentVolumeClaim } from '../api/core.js';
import { buildReport, type DrillReport, liveScore } from './report.js';

/** How often probes, `when` conditions and objectives are evaluated (virtual ms); the traffic controller's period. */
export const EVALUATION_PERIOD_MS = 5_000;

export interface RunnerOptions {
  /** Builds the fault injector (default: the simulation's own `sim.faults`). */
  injector?: InjectorFactory;
  /** Run the drill's scripted responses (default true; ignored when replaying). */
  responses?: boolean;
  /** Overrides the drill's seed. */
  seed?: number;
  /** Replay this log's actions (its seed and responses setting win). */
  replay?: DrillLog;
  /** Freeze stored objects (tests). */
  freeze?: boolean;
}

export type DrillPhase = 'ready' | 'running' | 'finished' | 'aborted';

/** What the UI header shows. */
export interface DrillStatus {
  name: string;
  title: string;
  phase: DrillPhase;
  clockMs: number;
  durationMs: number;
  objectives: { name: string; status: string; deadlineMs?: number; detail: string }[];
  /** The score if the drill ended now, pending objectives left out. */
  score: number;
  messages: { atMs: number; text: string }[];
  hints: { total: number; revealed: number[] };
  activeFaults: number;
}

interface Due { atMs: number; seq: number; actor: Actor; action: DrillAction }

export class DrillRunner {
  readonly sim: Simulation;
  readonly client: InProcessClient;
  readonly parts: DrillParts;
  readonly history = new SliHistory();
  readonly objectives: ObjectiveTracker;
  readonly actions: ActionRecord[] = [];
  readonly hintsRevealed: number[] = [];
  readonly responses: boolean;
  phase: DrillPhase = 'ready';
  clockMs = 0;
  /** Engine time at drill-clock 0 (set by start()). */
  startMs = 0;
  costAtStart = 0;
  steadyBefore?: { ok: boolean; results: ProbeResult[] };
  steadyAfter?: { ok: boolean; results: ProbeResult[] };
  podsKilled = 0;
  pdbViolations = 0;
  readonly events: EventCollector;
  readonly timeline: Timeline;
  private readonly due: Due[] = [];
  private seq = 0;
  private readonly claimUids = new Map<string, string>();

  /** Builds the simulation and applies the manifests; throws DrillInvalidError when they do not load. */
  constructor(readonly drill: Drill, readonly opts: RunnerOptions = {}) {
    const seed = opts.replay?.seed ?? opts.seed;
    this.sim = buildSimulation(drill, { seed, freeze: opts.freeze });
    this.client = new InProcessClient(this.sim);
    this.parts = drillParts(this.sim, opts.injector);
    this.responses = opts.replay ? opts.replay.responses : opts.responses ?? true;
    this.objectives = new ObjectiveTracker(drill.objectives);
    this.events = new EventCollector(this.sim, () => this.sim.now() - this.startMs);
    this.timeline = new Timeline(this);
  }

  get seed(): number {
    return this.sim.engine.seed;
  }

  /** Context probes evaluate in. */
  probeContext(): ProbeContext {
    return { sim: this.sim, traffic: this.parts.traffic, cost: this.parts.cost, history: this.history, drillStartMs: this.startMs, costAtStart: this.costAtStart, claimUids: this.claimUids };
  }

  evaluate = (probes: Parameters<typeof evaluateAll>[0]) => evaluateAll(probes, this.probeContext());

  /**
   * Warm up, check what must hold before the drill (faults valid, steady state), and start the clock at 0.
   * Throws DrillInvalidError when a fault or traffic setting cannot apply; the phase is `aborted` when the steady
   * state does not hold (the drill cannot be graded: Chaos Toolkit stops there too).
   */
  start(): void {
    if (this.phase !== 'ready') return;
    const { setup } = this.drill;
    this.startMs = this.sim.now() + setup.warmupMs;
    const unknown = this.timeline.validateTypes();
    if (unknown.length) throw new DrillInvalidError(unknown);
    const problems = this.timeline.applySetupTraffic(this.startMs);
    if (problems.length) throw new DrillInvalidError(problems);
    for (let t = this.sim.now(); t < this.startMs;) {
      const step = Math.min(EVALUATION_PERIOD_MS, this.startMs - t);
      this.sim.advance(step);
      t += step;
      this.history.sample(this.sim.now(), this.parts.traffic.services());
    }
    this.history.sample(this.sim.now(), this.parts.traffic.services());
    const invalid = this.timeline.validateTargets();
    if (invalid.length) throw new DrillInvalidError(invalid);
    this.costAtStart = this.parts.cost.total();
    for (const pvc of this.sim.store.select<PersistentVolumeClaim>('PersistentVolumeClaim')) this.claimUids.set(`${pvc.metadata.namespace}/${pvc.metadata.name}`, pvc.metadata.uid!);
    this.steadyBefore = this.evaluate(this.drill.steadyState?.probes ?? []);
    if (!this.steadyBefore.ok) {
      this.phase = 'aborted';
      this.objectives.finish(0, this.evaluate); // no anchor fired: every objective is skipped
      this.events.stop();
      return;
    }
    this.phase = 'running';
    if (this.opts.replay) {
      for (const r of this.opts.replay.actions) if (r.actor !== 'scenario') this.schedule(r.atMs, r.actor, r.action);
    } else if (this.responses) {
      for (const r of this.drill.responses) if (r.after === undefined) this.schedule(r.atMs, 'response', r.action);
    }
    this.objectives.anchor(undefined, 0);
    this.processAt(0);
  }

  /** Queue an action at a drill time (scripted responses, replayed actions). */
  schedule(atMs: number, actor: Actor, action: DrillAction): void {
    this.due.push({ atMs, seq: this.seq++, actor, action });
    this.due.sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
  }

  /** Move the drill clock forward by `ms`, in whole milliseconds (stops at the drill's end, which finishes it). */
  advance(ms: number): void {
    if (this.phase !== 'running' || !(ms >= 0)) return;
    const target = Math.min(this.clockMs + Math.floor(Math.min(ms, this.drill.durationMs)), this.drill.durationMs);
    while (this.clockMs < target) {
      const nextEval = (Math.floor(this.clockMs / EVALUATION_PERIOD_MS) + 1) * EVALUATION_PERIOD_MS;
      // Everything due at or before the clock was handled when the clock got there; the guard keeps time moving.
      const next = Math.max(this.clockMs + 1, Math.min(target, nextEval, this.timeline.nextDue(), this.due[0]?.atMs ?? Infinity));
      this.sim.advance(this.startMs + next - this.sim.now());
      this.clockMs = next;
      this.processAt(next);
    }
    if (this.clockMs >= this.drill.durationMs) this.finish();
  }

  /** Start and run to the end (headless); `onProgress` is called after each minute of drill time. */
  runToEnd(onProgress?: (clockMs: number) => void): DrillReport {
    this.start();
    while (this.phase === 'running') {
      this.advance(EVALUATION_PERIOD_MS * 12);
      onProgress?.(this.clockMs);
    }
    return this.report();
  }

  private processAt(t: number): void {
    this.timeline.fireDue(t);
    if (t % EVALUATION_PERIOD_MS === 0) {
      this.history.sample(this.sim.now(), this.parts.traffic.services());
      this.timeline.checkConditions(t);
      this.objectives.evaluate(t, this.evaluate);
    }
    while (this.due.length && this.due[0]!.atMs <= t) {
      const d = this.due.shift()!;
      this.perform(d.action, d.actor);
    }
  }

  /**
   * Perform an action now and log it (the trainee's, from the UI; scripted ones come through here too). Only while
   * the drill runs: an action outside it could not be replayed. Never throws: a failure is the record's message.
   */
  perform(action: DrillAction, actor: Actor = 'trainee'): ActionRecord {
    if (this.phase !== 'running') return { atMs: this.clockMs, actor, action, ok: false, message: `the drill is ${this.phase === 'ready' ? 'not started' : this.phase}` };
    let ok: boolean, message: string;
    try {
      if (action.action === 'hint') ({ ok, message } = this.hint(action.index));
      else {
        const out = performAction({ client: this.client, faults: this.parts.faults, dir: this.drill.dir, faultsOfStep: (step) => this.timeline.injected.get(step) ?? [] }, action);
        ({ ok, message } = out);
        if (actor !== 'scenario') {
          this.podsKilled += out.podsKilled;
          this.pdbViolations += out.pdbViolations;
        }
      }
    } catch (err) {
      ok = false;
      message = err instanceof Error ? err.message : String(err);
    }
    const record: ActionRecord = { atMs: this.clockMs, actor, action, ok, message };
    this.actions.push(record);
    return record;
  }

  /** Reveal hint `index` (its cost comes off the score once). */
  revealHint(index: number, actor: Actor = 'trainee'): ActionRecord {
    return this.perform({ action: 'hint', index }, actor);
  }

  private hint(index: number): { ok: boolean; message: string } {
    const h = this.drill.hints[index];
    if (!h) return { ok: false, message: `no hint ${index + 1} (the drill has ${this.drill.hints.length})` };
    if (!this.hintsRevealed.includes(index)) this.hintsRevealed.push(index);
    return { ok: true, message: h.text };
  }

  private finish(): void {
    if (this.phase !== 'running') return;
    if (this.clockMs % EVALUATION_PERIOD_MS !== 0) this.history.sample(this.sim.now(), this.parts.traffic.services());
    this.objectives.finish(this.clockMs, this.evaluate);
    this.steadyAfter = this.evaluate(this.drill.steadyState?.probes ?? []);
    this.phase = 'finished';
    this.events.stop();
  }

  /** The action log so far (replayable). */
  log(): DrillLog {
    return { apiVersion: 'kubedrill.io/v1', kind: 'DrillLog', drill: this.drill.file, name: this.drill.name, seed: this.seed, responses: this.responses, actions: this.actions.map((a) => ({ ...a })) };
  }

  status(): DrillStatus {
    return {
      name: this.drill.name, title: this.drill.title, phase: this.phase, clockMs: this.clockMs, durationMs: this.drill.durationMs,
      objectives: this.objectives.states.map((s) => ({ name: s.spec.name, status: s.status, deadlineMs: s.deadlineMs, detail: s.last.map((r) => r.detail).join('; ') })),
      score: liveScore(this), messages: [...this.timeline.messages],
      hints: { total: this.drill.hints.length, revealed: [...this.hintsRevealed] }, activeFaults: this.parts.faults?.active().length ?? 0,
    };
  }

  /** The debrief (final once the phase is `finished` or `aborted`). */
  report(): DrillReport {
    return buildReport(this);
  }
}
