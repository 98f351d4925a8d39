/**
 * The drill score, 0–100, as a weighted mean of components (LitmusChaos' resilience score: Σ weight × success% /
 * Σ weight) minus penalties. Components (default weights; a drill may override them in `spec.scoring.weights`):
 *
 *   objectives    60  Σ(objective weight × success%) / Σ objective weights. success% is 100 for a passed
 *                     objective, 0 for a failed one, except `hold` objectives, which earn the share of
 *                     evaluations at which their probes held (partial credit, as Litmus counts probe runs).
 *   availability  20  error budget left: 100 × (1 − spent), spent = failed / (requests × (1 − slo/100)), over
 *                     every Service with traffic during the drill; 0 once the budget is gone.
 *   speed         10  for `reach` objectives with a deadline: 100 × (1 − time taken / time allowed); 0 if missed.
 *   cost          10  with `spec.scoring.costBudget`: 100 within budget, else 100 × budget / spent.
 *
 * A component with nothing to measure (no traffic, no deadline, no budget) is left out and the others share its
 * weight. Penalties are points off the weighted mean: each hint its cost (default 5); 2 per pod the operator
 * killed (deleted while Running and Ready, up to 20); 10 per PodDisruptionBudget violation (a pod deleted past a
 * budget that allowed no disruption, up to 40). The total is rounded and kept within 0–100.
 */
import type { ObjectiveMode, ScoreWeights } from './types.js';

/** Default component weights (see the file comment). */
export const DEFAULT_WEIGHTS: ScoreWeights = { objectives: 60, availability: 20, speed: 10, cost: 10 };

/** Penalty points and their caps. */
export const PENALTIES = { podKilled: 2, podKilledMax: 20, pdbViolation: 10, pdbViolationMax: 40 } as const;

/** Where an objective stands: `met`/`pending` only while the drill runs; `skipped`: its anchor never fired. */
export type ObjectiveStatus = 'pending' | 'met' | 'passed' | 'failed' | 'skipped';

/** What scoring needs to know of one objective. */
export interface ObjectiveOutcome {
  name: string;
  weight: number;
  mode: ObjectiveMode;
  status: ObjectiveStatus;
  /** 0–100: see the file comment. */
  successPct: number;
  /** Deadline relative to the anchor, and how long the objective took to be met (reach objectives). */
  withinMs?: number;
  tookMs?: number;
}

export interface ScoreInput {
  objectives: ObjectiveOutcome[];
  /** Requests served and failed during the drill, over every Service with traffic; undefined: no traffic. */
  traffic?: { served: number; failed: number };
  /** Availability target in percent. */
  slo: number;
  cost: { spent: number; budget?: number };
  /** Cost of each hint revealed. */
  hints: number[];
  podsKilled: number;
  pdbViolations: number;
  weights: ScoreWeights;
}

/** One weighted component. */
export interface ScoreComponent { name: keyof ScoreWeights; weight: number; score: number; detail: string }
/** Points taken off. */
export interface Penalty { name: 'hints' | 'pods-killed' | 'pdb-violations'; points: number; detail: string }

export interface ScoreBreakdown {
  components: ScoreComponent[];
  /** The weighted mean of the components, before penalties. */
  weighted: number;
  penalties: Penalty[];
  /** 0–100, rounded. */
  total: number;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

/** The error budget spent, as a fraction (may exceed 1); 0 without requests. */
export function errorBudgetSpent(served: number, failed: number, slo: number): number {
  const total = served + failed;
  if (total <= 0) return 0;
  const budget = total * (1 - slo / 100);
  return budget > 0 ? failed / budget : failed > 0 ? Infinity : 0;
}

/** Compute the score (pure arithmetic; see the file comment). */
export function computeScore(input: ScoreInput): ScoreBreakdown {
  const components: ScoreComponent[] = [];
  const w = input.weights;
  const graded = input.objectives.filter((o) => o.status !== 'skipped' && o.status !== 'pending');
  const objWeight = graded.reduce((s, o) => s + o.weight, 0);
  if (objWeight > 0) {
    const score = graded.reduce((s, o) => s + o.weight * (o.status === 'met' ? 100 : o.successPct), 0) / objWeight;
    const passed = graded.filter((o) => o.status === 'passed' || o.status === 'met').length;
    components.push({ name: 'objectives', weight: w.objectives, score: round1(score), detail: `${passed}/${graded.length} objectives passed` });
  }
  if (input.traffic && input.traffic.served + input.traffic.failed > 0) {
    const spent = errorBudgetSpent(input.traffic.served, input.traffic.failed, input.slo);
    const pct = Number.isFinite(spent) ? round1(spent * 100) : Infinity;
    components.push({ name: 'availability', weight: w.availability, score: round1(100 * clamp(1 - spent, 0, 1)), detail: `${pct}% of the ${input.slo}% SLO's error budget spent` });
  }
  const timed = graded.filter((o) => o.mode === 'reach' && o.withinMs !== undefined && o.withinMs > 0);
  if (timed.length) {
    const speeds = timed.map((o) => (o.status === 'failed' || o.tookMs === undefined ? 0 : 100 * clamp(1 - o.tookMs / o.withinMs!, 0, 1)));
    components.push({ name: 'speed', weight: w.speed, score: round1(speeds.reduce((a, b) => a + b, 0) / speeds.length), detail: `${timed.length} timed objective${timed.length === 1 ? '' : 's'}` });
  }
  if (input.cost.budget !== undefined) {
    const { spent, budget } = input.cost;
    const score = spent <= budget ? 100 : (100 * budget) / spent;
    components.push({ name: 'cost', weight: w.cost, score: round1(score), detail: `$${spent.toFixed(2)} of a $${budget.toFixed(2)} budget` });
  }
  const present = components.filter((c) => c.weight > 0);
  const totalWeight = present.reduce((s, c) => s + c.weight, 0);
  const weighted = totalWeight > 0 ? round1(present.reduce((s, c) => s + c.weight * c.score, 0) / totalWeight) : 100;
  const penalties: Penalty[] = [];
  const hintPoints = input.hints.reduce((a, b) => a + b, 0);
  if (input.hints.length) penalties.push({ name: 'hints', points: hintPoints, detail: `${input.hints.length} hint${input.hints.length === 1 ? '' : 's'} revealed` });
  if (input.podsKilled) {
    penalties.push({ name: 'pods-killed', points: Math.min(PENALTIES.podKilledMax, PENALTIES.podKilled * input.podsKilled), detail: `${input.podsKilled} serving pod${input.podsKilled === 1 ? '' : 's'} killed by the operator` });
  }
  if (input.pdbViolations) {
    penalties.push({ name: 'pdb-violations', points: Math.min(PENALTIES.pdbViolationMax, PENALTIES.pdbViolation * input.pdbViolations), detail: `${input.pdbViolations} PodDisruptionBudget violation${input.pdbViolations === 1 ? '' : 's'}` });
  }
  const off = penalties.reduce((s, p) => s + p.points, 0);
  return { components, weighted, penalties, total: Math.round(clamp(weighted - off, 0, 100)) };
}
