/**
 * A drill's timeline while it runs: `at` steps fire at their drill time (counted from the drill start or from the
 * step named in `after`), `when` steps at the first evaluation at which their probe holds. Firing a step runs its
 * actions (inject a fault, change a Service's traffic — model times count from the step —, page the trainee, stop
 * or revert faults, act on the cluster as the game master), anchors the objectives that count from it, and
 * schedules the steps and scripted responses that follow it.
 */
import type { Service } from '../api/core.js';
import type { ManifestDiagnostic } from '../api/manifest.js';
import { FaultError } from '../chaos/types.js';
import { describeAction } from './action-types.js';
import type { TimelineEntry } from './debrief.js';
import type { DrillRunner } from './runner.js';
import type { TimelineStep } from './types.js';

interface Pending { step: TimelineStep; dueMs: number; order: number }

export class Timeline {
  readonly messages: { atMs: number; text: string }[] = [];
  readonly entries: TimelineEntry[] = [];
  /** Step name → drill time it fired. */
  readonly fired = new Map<string, number>();
  /** Step name → ids of the faults it injected. */
  readonly injected = new Map<string, string[]>();
  /** When the first disruption (fault, traffic change, game-master action) happened: time to detect counts from here. */
  firstFaultMs?: number;
  /** When the first step fired (a drill with no disruption, only a ticket, counts from its first message). */
  firstStepMs?: number;
  private readonly pending: Pending[] = [];

  constructor(private readonly runner: DrillRunner) {
    runner.drill.timeline.forEach((step, order) => {
      if (step.atMs !== undefined && step.after === undefined) this.pending.push({ step, dueMs: step.atMs, order });
    });
    this.sortPending();
  }

  private get drill() {
    return this.runner.drill;
  }

  private diag(path: string, message: string): ManifestDiagnostic {
    return { severity: 'error', file: this.drill.file, line: this.drill.lineOf(path), message: `${path}: ${message}`, object: `Drill/${this.drill.name}` };
  }

  /** Set the setup's traffic models, their times counting from `startMs` (engine time of the drill start). */
  applySetupTraffic(startMs: number): ManifestDiagnostic[] {
    const out: ManifestDiagnostic[] = [];
    this.drill.setup.traffic.forEach((t, i) => {
      try {
        this.runner.parts.traffic.setModel(t.namespace, t.service, t.model, { startMs });
      } catch (err) {
        out.push(this.diag(`spec.setup.traffic[${i}].service`, (err as Error).message));
      }
    });
    this.runner.sim.engine.settle();
    return out;
  }

  /** Fault types the injector does not know (checked before the warm-up, which they would waste). */
  validateTypes(): ManifestDiagnostic[] {
    const out: ManifestDiagnostic[] = [];
    const faults = this.runner.parts.faults;
    const known = new Set(faults?.catalog().map((t) => t.type) ?? []);
    for (const step of this.drill.timeline) {
      for (const a of step.actions) {
        if (a.type !== 'fault') continue;
        if (!faults) out.push(this.diag(`${a.path}.type`, `fault injection is not available in this simulation (fault type "${a.fault.type}")`));
        else if (!known.has(a.fault.type)) out.push(this.diag(`${a.path}.type`, `unknown fault type ${JSON.stringify(a.fault.type)} (known: ${[...known].join(', ')})`));
      }
    }
    return out;
  }

  /** Every fault the timeline will inject, checked by the injector; every traffic change's Service, checked to exist. */
  validateTargets(): ManifestDiagnostic[] {
    const out: ManifestDiagnostic[] = [];
    const faults = this.runner.parts.faults;
    for (const step of this.drill.timeline) {
      for (const a of step.actions) {
        if (a.type === 'traffic' && !this.runner.sim.store.tryGet<Service>('Service', a.setting.namespace, a.setting.service)) {
          out.push(this.diag(`${a.path}.service`, `services "${a.setting.service}" not found in namespace "${a.setting.namespace}"`));
        }
        if (a.type !== 'fault') continue;
        if (!faults) {
          out.push(this.diag(`${a.path}.type`, `fault injection is not available in this simulation (fault type "${a.fault.type}")`));
          continue;
        }
        for (const problem of faults.validate(a.fault)) {
          const field = /^([\w.[\]-]+):/.exec(problem)?.[1];
          out.push(this.diag(field ? `${a.path}.${field}` : a.path, field ? problem.slice(field.length + 1).trim() : problem));
        }
      }
    }
    return out;
  }

  /** Drill time of the next `at` step (Infinity: none). */
  nextDue(): number {
    return this.pending[0]?.dueMs ?? Infinity;
  }

  /** Fire every `at` step due by `t`. */
  fireDue(t: number): void {
    while (this.pending.length && this.pending[0]!.dueMs <= t) this.fire(this.pending.shift()!.step, t);
  }

  /** At an evaluation: fire `when` steps whose probe holds (then anything they made due now). */
  checkConditions(t: number): void {
    for (const step of this.drill.timeline) {
      if (!step.when || this.fired.has(step.name)) continue;
      if (step.after !== undefined && !this.fired.has(step.after)) continue;
      if (this.runner.evaluate([step.when]).ok) {
        this.fire(step, t);
        this.fireDue(t);
      }
    }
  }

  private fire(step: TimelineStep, t: number): void {
    this.fired.set(step.name, t);
    this.firstStepMs ??= t;
    this.entries.push({ atMs: t, kind: 'step', text: step.when ? `${step.name} (${step.when.label})` : step.name });
    for (const a of step.actions) {
      if (a.type !== 'message') this.firstFaultMs ??= t;
      switch (a.type) {
        case 'message':
          this.messages.push({ atMs: t, text: a.text });
          this.entries.push({ atMs: t, kind: 'message', text: a.text });
          break;
        case 'fault': this.inject(step.name, a.fault, t); break;
        case 'traffic':
          try {
            this.runner.parts.traffic.setModel(a.setting.namespace, a.setting.service, a.setting.model, { startMs: this.runner.sim.now() });
            this.entries.push({ atMs: t, kind: 'traffic', text: `${a.setting.namespace}/${a.setting.service} traffic: ${a.setting.text}` });
          } catch (err) {
            this.entries.push({ atMs: t, kind: 'traffic', text: `traffic change failed: ${(err as Error).message}` });
          }
          break;
        case 'stop-faults': this.runner.perform({ action: 'stop-faults' }, 'scenario'); break;
        case 'revert':
          for (const id of this.injected.get(a.step) ?? []) this.runner.perform({ action: 'revert-fault', id }, 'scenario');
          break;
        case 'action': {
          const r = this.runner.perform(a.action, 'scenario');
          if (!r.ok) this.entries.push({ atMs: t, kind: 'step', text: `${describeAction(a.action)} failed: ${r.message}` });
          break;
        }
      }
    }
    this.runner.sim.engine.settle();
    this.runner.objectives.anchor(step.name, t);
    this.drill.timeline.forEach((s, order) => {
      if (s.after === step.name && s.atMs !== undefined) this.pending.push({ step: s, dueMs: t + s.atMs, order });
    });
    this.sortPending();
    if (this.runner.responses && !this.runner.opts.replay) {
      for (const r of this.drill.responses) if (r.after === step.name) this.runner.schedule(t + r.atMs, 'response', r.action);
    }
  }

  private inject(step: string, spec: Parameters<NonNullable<DrillRunner['parts']['faults']>['inject']>[0], t: number): void {
    const faults = this.runner.parts.faults;
    try {
      if (!faults) throw new FaultError('type', 'fault injection is not available in this simulation');
      const f = faults.inject(spec);
      this.injected.set(step, [...(this.injected.get(step) ?? []), f.id]);
    } catch (err) {
      this.entries.push({ atMs: t, kind: 'fault', text: `${spec.type} could not be injected: ${(err as Error).message}` });
    }
  }

  private sortPending(): void {
    this.pending.sort((a, b) => a.dueMs - b.dueMs || a.order - b.order);
  }
}
