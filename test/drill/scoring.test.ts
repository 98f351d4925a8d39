import { describe, expect, it } from 'vitest';
import { DEFAULT_WEIGHTS, type ObjectiveOutcome, type ScoreInput, computeScore, errorBudgetSpent } from '../../source/drill/scoring.js';

const passed = (name: string, weight = 1, extra: Partial<ObjectiveOutcome> = {}): ObjectiveOutcome =>
  ({ name, weight, mode: 'reach', status: 'passed', successPct: 100, ...extra });
const failed = (name: string, weight = 1, extra: Partial<ObjectiveOutcome> = {}): ObjectiveOutcome =>
  ({ name, weight, mode: 'reach', status: 'failed', successPct: 0, ...extra });

function input(over: Partial<ScoreInput>): ScoreInput {
  return { objectives: [], slo: 99.9, cost: { spent: 0 }, hints: [], podsKilled: 0, pdbViolations: 0, weights: DEFAULT_WEIGHTS, ...over };
}

describe('drill score', () => {
  it('Litmus weights by default: objectives 60, availability 20, speed 10, cost 10', () => {
    expect(DEFAULT_WEIGHTS).toEqual({ objectives: 60, availability: 20, speed: 10, cost: 10 });
  });

  it('objectives alone: the weighted share of success', () => {
    const s = computeScore(input({ objectives: [passed('a', 3), failed('b', 1)] }));
    expect(s.components).toEqual([{ name: 'objectives', weight: 60, score: 75, detail: '1/2 objectives passed' }]);
    expect(s).toMatchObject({ weighted: 75, penalties: [], total: 75 });
  });

  it('a hold objective earns partial credit; skipped ones are not graded', () => {
    const hold: ObjectiveOutcome = { name: 'h', weight: 1, mode: 'hold', status: 'failed', successPct: 40 };
    const s = computeScore(input({ objectives: [passed('a'), hold, { ...failed('s'), status: 'skipped' }] }));
    expect(s.components[0]).toMatchObject({ score: 70, detail: '1/2 objectives passed' });
  });

  it('availability: the share of the error budget left', () => {
    // 999,500 requests, 500 failed, SLO 99.9%: the budget is 999.5 failed requests, 500 / 999.5 of it spent.
    expect(errorBudgetSpent(999_000, 500, 99.9)).toBeCloseTo(500 / 999.5, 12);
    const s = computeScore(input({ objectives: [passed('a')], traffic: { served: 999_000, failed: 500 } }));
    expect(s.components[1]).toEqual({ name: 'availability', weight: 20, score: 50, detail: "50% of the 99.9% SLO's error budget spent" });
    // (60 × 100 + 20 × 50) / 80
    expect(s).toMatchObject({ weighted: 87.5, total: 88 });
    // Overspent: floor at 0.
    expect(computeScore(input({ traffic: { served: 90, failed: 10 } })).components[0]!.score).toBe(0);
    expect(errorBudgetSpent(0, 0, 99.9)).toBe(0);
    expect(computeScore(input({ traffic: { served: 0, failed: 0 } })).components).toEqual([]);
  });

  it('speed: the share of the allowed time left when the objective was met', () => {
    const s = computeScore(input({ objectives: [passed('a', 1, { withinMs: 300_000, tookMs: 60_000 }), failed('b', 1, { withinMs: 300_000 })] }));
    // (80 + 0) / 2
    expect(s.components.find((c) => c.name === 'speed')).toEqual({ name: 'speed', weight: 10, score: 40, detail: '2 timed objectives' });
    // (60 × 50 + 10 × 40) / 70
    expect(s.weighted).toBe(48.6);
  });

  it('cost: full marks within budget, budget / spent beyond it, left out without a budget', () => {
    expect(computeScore(input({ cost: { spent: 0.5, budget: 1 } })).components).toEqual([{ name: 'cost', weight: 10, score: 100, detail: '$0.50 of a $1.00 budget' }]);
    expect(computeScore(input({ cost: { spent: 2, budget: 1 } })).components[0]!.score).toBe(50);
    expect(computeScore(input({ cost: { spent: 2 } })).components).toEqual([]);
  });

  it('nothing to measure scores 100; a zero weight drops a component', () => {
    expect(computeScore(input({})).total).toBe(100);
    const s = computeScore(input({ objectives: [failed('a')], traffic: { served: 100, failed: 0 }, weights: { ...DEFAULT_WEIGHTS, objectives: 0 } }));
    expect(s.weighted).toBe(100);
  });

  it('penalties: hints at their cost, killed pods 2 each up to 20, PDB violations 10 each up to 40', () => {
    const s = computeScore(input({ objectives: [passed('a')], hints: [5, 15], podsKilled: 3, pdbViolations: 1 }));
    expect(s.penalties).toEqual([
      { name: 'hints', points: 20, detail: '2 hints revealed' },
      { name: 'pods-killed', points: 6, detail: '3 serving pods killed by the operator' },
      { name: 'pdb-violations', points: 10, detail: '1 PodDisruptionBudget violation' },
    ]);
    expect(s.total).toBe(64);
    const capped = computeScore(input({ objectives: [passed('a')], podsKilled: 50, pdbViolations: 9 }));
    expect(capped.penalties.map((p) => p.points)).toEqual([20, 40]);
    expect(capped.total).toBe(40);
    expect(computeScore(input({ objectives: [failed('a')], hints: [5] })).total).toBe(0);
  });

  it('while running, met objectives count as passing and pending ones are not graded yet', () => {
    const s = computeScore(input({ objectives: [{ ...passed('a'), status: 'met' }, { ...failed('b'), status: 'pending' }] }));
    expect(s.components[0]).toMatchObject({ score: 100, detail: '1/1 objectives passed' });
  });
});
