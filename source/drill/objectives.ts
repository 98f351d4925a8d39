/**
 * Objective bookkeeping over the drill. Times are drill-clock ms. An objective starts counting when its anchor
 * fires (the drill start, or a named timeline step) and is judged by its mode:
 *
 *   reach  its probes hold from some evaluation at or before the deadline (anchor + within; default the drill
 *          end) through the end of the drill: "availability back above 99.9% within 10m of the page" — a
 *          recovery that breaks again fails. Met at the start of that last holding run (time to mitigate).
 *   hold   its probes hold at every evaluation from the anchor to the deadline (default the end): "keep the
 *          PVCs", "no PDB violated". success% is the share of evaluations that held (partial credit).
 *   end    its probes hold at the end of the drill (a final-state check, as the CKA grades).
 *
 * An objective whose anchor never fired (a `when` step that never triggered) is `skipped` and not scored.
 */
import type { ProbeResult } from './probe-types.js';
import type { ObjectiveOutcome, ObjectiveStatus } from './scoring.js';
import type { ObjectiveSpec, ProbeSpec } from './types.js';

/** Evaluates probes now. */
export type ProbeEvaluator = (probes: readonly ProbeSpec[]) => { ok: boolean; results: ProbeResult[] };

/** One objective's live state (the UI header shows `status`; the debrief shows the rest). */
export interface ObjectiveState {
  spec: ObjectiveSpec;
  status: ObjectiveStatus;
  anchorMs?: number;
  deadlineMs?: number;
  /** reach: start of the current run of holding evaluations. */
  holdingSinceMs?: number;
  metAtMs?: number;
  failedAtMs?: number;
  evaluations: number;
  held: number;
  /** The latest probe results. */
  last: ProbeResult[];
}

export class ObjectiveTracker {
  readonly states: ObjectiveState[];
  private finished = false;

  constructor(specs: readonly ObjectiveSpec[]) {
    this.states = specs.map((spec) => ({ spec, status: 'pending', evaluations: 0, held: 0, last: [] }));
  }

  /** An anchor fired (`undefined`: the drill start). */
  anchor(step: string | undefined, atMs: number): void {
    for (const s of this.states) {
      if (s.spec.after !== step || s.anchorMs !== undefined) continue;
      s.anchorMs = atMs;
      if (s.spec.withinMs !== undefined) s.deadlineMs = atMs + s.spec.withinMs;
    }
  }

  /** A periodic evaluation at drill time `t`. */
  evaluate(t: number, evaluate: ProbeEvaluator): void {
    if (this.finished) return;
    for (const s of this.states) {
      if (s.anchorMs === undefined || t < s.anchorMs || s.spec.mode === 'end') continue;
      if (s.spec.mode === 'hold' && s.deadlineMs !== undefined && t > s.deadlineMs) continue;
      if (s.spec.mode === 'reach' && s.status === 'failed') continue;
      const { ok, results } = evaluate(s.spec.probes);
      s.last = results;
      s.evaluations++;
      if (ok) s.held++;
      if (s.spec.mode === 'hold') {
        if (!ok && s.status !== 'failed') {
          s.status = 'failed';
          s.failedAtMs = t;
        } else if (s.status !== 'failed') s.status = 'met';
        continue;
      }
      const late = s.deadlineMs !== undefined && t > s.deadlineMs;
      if (ok) {
        if (s.holdingSinceMs === undefined) s.holdingSinceMs = t;
        if (late && s.holdingSinceMs > s.deadlineMs!) this.fail(s, t);
        else s.status = 'met';
      } else {
        s.holdingSinceMs = undefined;
        if (s.deadlineMs !== undefined && t >= s.deadlineMs) this.fail(s, t);
        else s.status = 'pending';
      }
    }
  }

  /** The drill ended at `endMs`: `end` objectives are checked, every other one gets its verdict. */
  finish(endMs: number, evaluate: ProbeEvaluator): void {
    if (this.finished) return;
    this.finished = true;
    for (const s of this.states) {
      if (s.anchorMs === undefined) {
        s.status = 'skipped';
        continue;
      }
      if (s.spec.mode === 'end') {
        const { ok, results } = evaluate(s.spec.probes);
        s.last = results;
        s.evaluations = 1;
        s.held = ok ? 1 : 0;
        if (ok) s.status = 'passed';
        else this.fail(s, endMs);
      } else if (s.spec.mode === 'hold') {
        s.status = s.status === 'failed' ? 'failed' : 'passed';
      } else if (s.status !== 'failed') {
        if (s.holdingSinceMs !== undefined) {
          s.status = 'passed';
          s.metAtMs = s.holdingSinceMs;
        } else this.fail(s, endMs);
      }
    }
  }

  private fail(s: ObjectiveState, t: number): void {
    s.status = 'failed';
    s.failedAtMs ??= t;
    s.holdingSinceMs = undefined;
  }

  /** What scoring needs, now (while running, `met` counts as passing and `pending` is not graded yet). */
  outcomes(): ObjectiveOutcome[] {
    return this.states.map((s) => ({
      name: s.spec.name, weight: s.spec.weight, mode: s.spec.mode, status: s.status, successPct: successPct(s),
      withinMs: s.spec.withinMs, tookMs: s.metAtMs !== undefined && s.anchorMs !== undefined ? s.metAtMs - s.anchorMs : undefined,
    }));
  }
}

function successPct(s: ObjectiveState): number {
  if (s.status === 'passed' || s.status === 'met') return 100;
  if (s.spec.mode === 'hold' && s.evaluations > 0) return Math.round((1000 * s.held) / s.evaluations) / 10;
  return 0;
}
