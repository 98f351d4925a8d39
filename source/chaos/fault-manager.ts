/**
 * The fault manager (component `chaos`, `sim.faults`): checks fault requests, resolves their targets with Chaos
 * Mesh's modes, injects them through the catalogue, records their start and end as Events, reverts them by hand,
 * when their duration runs out (a virtual-time timer) or all at once, and keeps the active list and the history
 * the debrief timeline reads. Everything it does happens at the current virtual instant, in call order.
 */
import { isApiError } from '../api/errors.js';
import type { Simulation } from '../cluster/simulation.js';
import type { Component } from '../engine/engine.js';
import type { TimerHandle } from '../engine/timers.js';
import { faultCatalog } from './catalog/index.js';
import { type EndCause, recordInjected, recordReverted } from './fault-events.js';
import { type Problem, checkParams, effectiveParams } from './params.js';
import { checkTarget, findTargets, pickTargets } from './targets.js';
import {
  type ActiveFault, FaultError, type FaultInjector, type FaultParams, type FaultSpec, type FaultType, type FaultTypeInfo, type ResolvedTarget,
} from './types.js';

/** One fault in effect: what the debrief sees, plus what reverting it needs. */
interface Running {
  fault: ActiveFault;
  type: FaultType;
  targets: ResolvedTarget[];
  revert: () => string | void;
  timer?: TimerHandle;
}

/** Options: the fault types offered (default: the whole catalogue). */
export interface FaultManagerOptions {
  types?: readonly FaultType[];
}

export class FaultManager implements FaultInjector, Component {
  readonly name = 'chaos';
  private readonly types = new Map<string, FaultType>();
  private readonly running = new Map<string, Running>();
  private readonly past: { fault: ActiveFault; endedAt?: number }[] = [];
  private seq = 0;

  constructor(readonly sim: Simulation, opts: FaultManagerOptions = {}) {
    for (const t of opts.types ?? faultCatalog()) {
      if (this.types.has(t.type)) throw new Error(`fault type "${t.type}" is listed twice`);
      this.types.set(t.type, t);
    }
  }

  /** The manager reacts to requests and timers only: it never has queued work. */
  runOnce(): boolean {
    return false;
  }

  catalog(): FaultTypeInfo[] {
    return [...this.types.values()].map(({ type, description, appliesTo, params, controlPlaneComponent, instant }) => ({
      type, description, appliesTo: [...appliesTo], params: params.map((p) => ({ ...p })),
      ...(controlPlaneComponent ? { controlPlaneComponent } : {}), ...(instant ? { instant } : {}),
    }));
  }

  validate(spec: FaultSpec): string[] {
    return this.check(spec).problems.map((p) => `${p.field}: ${p.message}`);
  }

  inject(spec: FaultSpec): ActiveFault {
    const { problems, type, params, candidates } = this.check(spec);
    if (problems.length || !type) throw faultError(problems);
    const id = `fault-${++this.seq}`;
    const targets = pickTargets(candidates, spec.target.mode, spec.target.value, this.sim.engine.random);
    const now = this.sim.now();
    const fault: ActiveFault = {
      id, targets: targets.map((t) => t.ref), startedAt: now,
      spec: { ...spec, target: { ...spec.target }, params: effectiveParams(type, spec.params) },
    };
    if (spec.durationMs !== undefined && !type.instant) fault.endsAt = now + spec.durationMs;
    const revert = type.inject({ sim: this.sim, id }, targets, params);
    // Recorded before the step loop runs, so it precedes what the cluster does about the fault (even on a killed pod).
    recordInjected(this.sim, fault, targets);
    if (type.instant) {
      this.past.push({ fault, endedAt: now });
      this.sim.engine.settle();
      return fault;
    }
    const run: Running = { fault, type, targets, revert };
    if (spec.durationMs !== undefined) run.timer = this.sim.engine.after(spec.durationMs, () => this.end(id, 'duration'), `chaos:${id}`);
    this.running.set(id, run);
    this.past.push({ fault });
    this.sim.engine.settle();
    return fault;
  }

  revert(id: string): ActiveFault | undefined {
    return this.end(id, 'request');
  }

  stopAll(): ActiveFault[] {
    // Newest first: a later fault on the same object undoes its change before an earlier one restores the original.
    return [...this.running.keys()].reverse().map((id) => this.end(id, 'stop-all')!);
  }

  active(): ActiveFault[] {
    return [...this.running.values()].map((r) => r.fault);
  }

  history(): { fault: ActiveFault; endedAt?: number }[] {
    return this.past.map((h) => ({ ...h }));
  }

  private end(id: string, cause: EndCause): ActiveFault | undefined {
    const run = this.running.get(id);
    if (!run) return undefined;
    this.running.delete(id);
    if (run.timer && cause !== 'duration') this.sim.engine.timers.cancel(run.timer);
    let note: string | undefined;
    try {
      note = run.revert() ?? undefined;
    } catch (err) {
      // A revert the API refuses must not take the simulation down: say what could not be restored.
      if (!isApiError(err) && !(err instanceof FaultError)) throw err;
      note = `could not be fully reverted: ${err.message}`;
    }
    const now = this.sim.now();
    const entry = this.past.find((h) => h.fault.id === id);
    if (entry) entry.endedAt = now;
    recordReverted(this.sim, run.fault, run.targets, cause, note);
    this.sim.engine.settle();
    return run.fault;
  }

  /** Every problem with a request, the type, its converted params and the candidate targets (before the mode). */
  private check(spec: FaultSpec): { problems: Problem[]; type?: FaultType; params: FaultParams; candidates: ResolvedTarget[] } {
    const problems: Problem[] = [];
    if (!spec || typeof spec !== 'object') return { problems: [{ field: 'spec', message: 'expected a fault request' }], params: {}, candidates: [] };
    const type = typeof spec.type === 'string' ? this.types.get(spec.type) : undefined;
    if (!type) {
      const message = spec.type === undefined ? 'required' : `unknown fault type ${JSON.stringify(spec.type)}`;
      problems.push({ field: 'type', message: `${message} (known: ${[...this.types.keys()].join(', ')})` });
      return { problems, params: {}, candidates: [] };
    }
    const params = checkParams(type, spec.params, problems);
    if (!problems.length && type.validateParams) problems.push(...type.validateParams(params).map(splitProblem));
    if (spec.durationMs !== undefined) {
      if (type.instant) problems.push({ field: 'durationMs', message: `${type.type} acts once and has nothing to revert; it takes no duration` });
      else if (typeof spec.durationMs !== 'number' || !Number.isFinite(spec.durationMs) || spec.durationMs <= 0) {
        problems.push({ field: 'durationMs', message: `must be a positive number of milliseconds, got ${JSON.stringify(spec.durationMs)}` });
      }
    }
    const before = problems.length;
    checkTarget(type, spec.target, problems);
    if (problems.length > before) return { problems, type, params, candidates: [] };
    let candidates = findTargets(this.sim, spec.target, problems, type.controlPlaneComponent);
    // A target already under the same fault is not a candidate again: two reverts of one change would fight.
    const busy = new Map<string, string>();
    for (const r of this.running.values()) if (r.type === type) for (const ref of r.fault.targets) busy.set(ref, r.fault.id);
    if (busy.size && candidates.length) {
      const free = candidates.filter((c) => !busy.has(c.ref));
      if (!free.length) {
        const ref = candidates[0]!.ref;
        problems.push({ field: 'target', message: `${type.type} is already active on ${ref} (${busy.get(ref)})${candidates.length > 1 ? ' and every other match' : ''}` });
      }
      candidates = free;
    }
    if (!problems.length && type.checkTargets && candidates.length) problems.push(...type.checkTargets(this.sim, candidates, params).map(splitProblem));
    return { problems, type, params, candidates };
  }
}

/** `params.x: message` → its field and message. */
function splitProblem(text: string): Problem {
  const i = text.indexOf(': ');
  return i > 0 ? { field: text.slice(0, i), message: text.slice(i + 2) } : { field: 'params', message: text };
}

/** One FaultError for every problem: the first one's field, all the messages. */
function faultError(problems: readonly Problem[]): FaultError {
  const [first, ...rest] = problems;
  if (!first) return new FaultError('spec', 'invalid fault request');
  return new FaultError(first.field, [first.message, ...rest.map((p) => `${p.field}: ${p.message}`)].join('; '));
}
