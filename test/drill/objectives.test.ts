import { describe, expect, it } from 'vitest';
import { ObjectiveTracker } from '../../source/drill/objectives.js';
import type { ObjectiveSpec, ProbeSpec } from '../../source/drill/types.js';

const probe: ProbeSpec = { type: 'nodes-ready', min: 1, label: 'p', path: 'x' };

function objective(over: Partial<ObjectiveSpec>): ObjectiveSpec {
  return { name: 'o', probes: [probe], mode: 'reach', weight: 1, path: 'spec.objectives[0]', ...over };
}

/** Drive one objective through evaluations every 5 s; `holds(t)` says whether its probe holds at t. */
function run(spec: ObjectiveSpec, holds: (t: number) => boolean, endMs: number, anchorAt: number | null = 0) {
  const tracker = new ObjectiveTracker([spec]);
  let t = 0;
  const evaluate = () => ({ ok: holds(t), results: [{ label: 'p', ok: holds(t), detail: '' }] });
  for (; t <= endMs; t += 5000) {
    if (anchorAt !== null && t === anchorAt) tracker.anchor(spec.after, t);
    tracker.evaluate(t, evaluate);
  }
  t = endMs;
  tracker.finish(endMs, evaluate);
  return { state: tracker.states[0]!, outcome: tracker.outcomes()[0]! };
}

describe('objectives', () => {
  it('reach: met at the start of the last holding run, if it began by the deadline', () => {
    const { state, outcome } = run(objective({ after: 'page', withinMs: 60_000 }), (t) => t >= 40_000, 120_000, 10_000);
    expect(state).toMatchObject({ status: 'passed', anchorMs: 10_000, deadlineMs: 70_000, metAtMs: 40_000 });
    expect(outcome).toMatchObject({ successPct: 100, tookMs: 30_000, withinMs: 60_000 });
  });

  it('reach: too late fails at the deadline', () => {
    const { state } = run(objective({ withinMs: 30_000 }), (t) => t >= 40_000, 120_000);
    expect(state).toMatchObject({ status: 'failed', failedAtMs: 30_000 });
  });

  it('reach: a recovery that breaks again after the deadline fails', () => {
    const { state } = run(objective({ withinMs: 30_000 }), (t) => t < 90_000, 120_000);
    expect(state).toMatchObject({ status: 'failed', failedAtMs: 90_000 });
  });

  it('reach: a flap before the deadline restarts the run', () => {
    const { state } = run(objective({ withinMs: 60_000 }), (t) => t !== 20_000, 120_000);
    expect(state).toMatchObject({ status: 'passed', metAtMs: 25_000 });
  });

  it('reach without a deadline: must hold at the end', () => {
    expect(run(objective({}), (t) => t >= 100_000, 120_000).state).toMatchObject({ status: 'passed', metAtMs: 100_000 });
    expect(run(objective({}), (t) => t < 100_000, 120_000).state).toMatchObject({ status: 'failed', failedAtMs: 120_000 });
  });

  it('hold: fails at the first miss and earns the share of evaluations that held', () => {
    const { state, outcome } = run(objective({ mode: 'hold' }), (t) => t < 30_000 || t > 40_000, 95_000);
    // 20 evaluations (0 … 95 s), 3 missed (30, 35, 40 s).
    expect(state).toMatchObject({ status: 'failed', failedAtMs: 30_000, evaluations: 20, held: 17 });
    expect(outcome.successPct).toBe(85);
    expect(run(objective({ mode: 'hold' }), () => true, 60_000).outcome).toMatchObject({ status: 'passed', successPct: 100 });
  });

  it('hold with a deadline stops looking after it', () => {
    expect(run(objective({ mode: 'hold', withinMs: 20_000 }), (t) => t <= 20_000, 60_000).state).toMatchObject({ status: 'passed', evaluations: 5 });
  });

  it('end: checked once, at the end', () => {
    expect(run(objective({ mode: 'end' }), (t) => t === 60_000, 60_000).state).toMatchObject({ status: 'passed', evaluations: 1 });
    expect(run(objective({ mode: 'end' }), (t) => t < 60_000, 60_000).state).toMatchObject({ status: 'failed', failedAtMs: 60_000 });
  });

  it('an anchor that never fires skips the objective', () => {
    const { state, outcome } = run(objective({ after: 'never' }), () => false, 60_000, null);
    expect(state.status).toBe('skipped');
    expect(outcome.successPct).toBe(0);
  });

  it('live states: pending until met, met while holding', () => {
    const tracker = new ObjectiveTracker([objective({ withinMs: 60_000 })]);
    tracker.anchor(undefined, 0);
    tracker.evaluate(0, () => ({ ok: false, results: [] }));
    expect(tracker.states[0]!.status).toBe('pending');
    tracker.evaluate(5000, () => ({ ok: true, results: [] }));
    expect(tracker.states[0]!.status).toBe('met');
  });
});
