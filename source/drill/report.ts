/**
 * The drill report (the debrief, and what `kubedrill run --report` writes): verdict, score with its breakdown,
 * objectives, steady state before and after, the measures practitioners track (time to detect, time to mitigate,
 * error budget spent, cost, actions, hints, collateral damage), the merged timeline, and the replayable action log.
 * Everything in it comes from virtual time and the seed, so the same run gives the same report, byte for byte.
 */
import { describeAction } from './action-types.js';
import type { DrillLog } from './action-log.js';
import { type TimelineEntry, mergeTimeline } from './debrief.js';
import type { ProbeResult } from './probe-types.js';
import type { DrillRunner } from './runner.js';
import { type ObjectiveStatus, type ScoreBreakdown, computeScore, errorBudgetSpent } from './scoring.js';
import { availabilityOf } from './sli-history.js';
import type { ObjectiveMode } from './types.js';

/** pass: every objective passed, the steady state held at the end, the score reached passScore. */
export type Verdict = 'pass' | 'fail' | 'aborted';

export interface ObjectiveReport {
  name: string;
  description?: string;
  mode: ObjectiveMode;
  status: ObjectiveStatus;
  weight: number;
  successPct: number;
  anchorMs?: number;
  deadlineMs?: number;
  metAtMs?: number;
  failedAtMs?: number;
  probes: ProbeResult[];
}

export interface ServiceReport { namespace: string; name: string; served: number; failed: number; availability: number }

export interface DrillReport {
  apiVersion: 'kubedrill.io/v1';
  kind: 'DrillReport';
  drill: { name: string; title: string; file: string; difficulty: string; description?: string };
  seed: number;
  responses: boolean;
  durationMs: number;
  /** Drill time reached (less than durationMs when aborted). */
  clockMs: number;
  verdict: Verdict;
  /** Why the verdict is not pass. */
  reasons: string[];
  score: number;
  breakdown: ScoreBreakdown;
  steadyState?: { before: ProbeResult[]; beforeOk: boolean; after?: ProbeResult[]; afterOk?: boolean };
  objectives: ObjectiveReport[];
  metrics: {
    timeToDetectMs?: number;
    timeToMitigateMs?: number;
    services: ServiceReport[];
    errorBudgetSpentPct?: number;
    slo: number;
    cost: number;
    actions: number;
    hintsUsed: number[];
    podsKilled: number;
    pdbViolations: number;
  };
  timeline: TimelineEntry[];
  /** Events left out of the timeline beyond its cap. */
  eventsDropped: number;
  log: DrillLog;
}

const round = (n: number, digits: number) => Number(n.toFixed(digits));

/** Per-Service requests during the drill (since the drill clock started). */
function services(runner: DrillRunner): ServiceReport[] {
  const out: ServiceReport[] = [];
  for (const key of runner.history.services()) {
    const slash = key.indexOf('/');
    const namespace = key.slice(0, slash), name = key.slice(slash + 1);
    const c = runner.history.since(namespace, name, runner.startMs);
    if (!c || c.served + c.failed <= 0) continue;
    out.push({ namespace, name, served: Math.round(c.served), failed: Math.round(c.failed), availability: round(availabilityOf(c), 4) });
  }
  return out;
}

function score(runner: DrillRunner, svcs: ServiceReport[]): ScoreBreakdown {
  const served = svcs.reduce((s, x) => s + x.served, 0), failed = svcs.reduce((s, x) => s + x.failed, 0);
  return computeScore({
    objectives: runner.objectives.outcomes(),
    traffic: svcs.length ? { served, failed } : undefined,
    slo: runner.drill.scoring.slo,
    cost: { spent: runner.parts.cost.total() - runner.costAtStart, budget: runner.drill.scoring.costBudget },
    hints: runner.hintsRevealed.map((i) => runner.drill.hints[i]?.cost ?? 0),
    podsKilled: runner.podsKilled, pdbViolations: runner.pdbViolations, weights: runner.drill.scoring.weights,
  });
}

/** The score if the drill ended now (the UI header). */
export function liveScore(runner: DrillRunner): number {
  return score(runner, services(runner)).total;
}

/** Time from the first disruption to the responder's first relevant action. */
function timeToDetect(runner: DrillRunner): number | undefined {
  const from = runner.timeline.firstFaultMs ?? runner.timeline.firstStepMs ?? 0;
  const relevant = runner.drill.scoring.relevantActions;
  const first = runner.actions.find((a) => a.actor !== 'scenario' && a.atMs >= from && a.action.action !== 'hint' && (!relevant || relevant.includes(a.action.action)));
  return first ? first.atMs - from : undefined;
}

/** Time from the first disruption until every `reach` objective was met for good; undefined if one was not. */
function timeToMitigate(runner: DrillRunner): number | undefined {
  const reach = runner.objectives.states.filter((s) => s.spec.mode === 'reach' && s.status !== 'skipped');
  if (!reach.length || reach.some((s) => s.status !== 'passed')) return undefined;
  const from = runner.timeline.firstFaultMs ?? runner.timeline.firstStepMs ?? 0;
  return Math.max(0, ...reach.map((s) => (s.metAtMs ?? 0) - from));
}

function faultEntries(runner: DrillRunner): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const { fault, endedAt } of runner.parts.faults?.history() ?? []) {
    const what = `${fault.spec.type} ${fault.id} on ${fault.targets.join(', ') || '(no target)'}`;
    out.push({ atMs: fault.startedAt - runner.startMs, kind: 'fault', text: `injected ${what}` });
    if (endedAt !== undefined) out.push({ atMs: endedAt - runner.startMs, kind: 'fault-end', text: `reverted ${what}` });
  }
  return out;
}

/** Assemble the report from a runner (final once the drill finished or aborted). */
export function buildReport(runner: DrillRunner): DrillReport {
  const { drill } = runner;
  const svcs = services(runner);
  const breakdown = score(runner, svcs);
  const reasons: string[] = [];
  if (runner.phase === 'aborted') reasons.push('the steady state did not hold before the faults: the drill could not start');
  for (const s of runner.objectives.states) if (s.status === 'failed') reasons.push(`objective "${s.spec.name}" failed`);
  if (runner.steadyAfter && !runner.steadyAfter.ok) reasons.push('the steady state did not hold at the end (deviated)');
  if (breakdown.total < drill.scoring.passScore) reasons.push(`score ${breakdown.total} is below the pass score ${drill.scoring.passScore}`);
  if (runner.phase === 'running' || runner.phase === 'ready') reasons.push('the drill has not finished');
  const verdict: Verdict = runner.phase === 'aborted' ? 'aborted' : reasons.length ? 'fail' : 'pass';
  const served = svcs.reduce((s, x) => s + x.served, 0), failed = svcs.reduce((s, x) => s + x.failed, 0);
  const actionEntries: TimelineEntry[] = runner.actions.map((a) => ({
    atMs: a.atMs, kind: 'action', text: `${a.actor}: ${a.action.action === 'hint' ? `reveal hint ${a.action.index + 1}` : describeAction(a.action)}${a.ok ? '' : ` (failed: ${a.message.split('\n')[0]})`}`,
  }));
  const objectiveEntries: TimelineEntry[] = [];
  for (const s of runner.objectives.states) {
    if (s.status === 'passed' && s.metAtMs !== undefined) objectiveEntries.push({ atMs: s.metAtMs, kind: 'objective', text: `met: ${s.spec.name}` });
    if (s.status === 'failed' && s.failedAtMs !== undefined) objectiveEntries.push({ atMs: s.failedAtMs, kind: 'objective', text: `failed: ${s.spec.name}` });
  }
  return {
    apiVersion: 'kubedrill.io/v1', kind: 'DrillReport',
    drill: { name: drill.name, title: drill.title, file: drill.file, difficulty: drill.difficulty, description: drill.description },
    seed: runner.seed, responses: runner.responses, durationMs: drill.durationMs, clockMs: runner.clockMs,
    verdict, reasons, score: breakdown.total, breakdown,
    steadyState: drill.steadyState ? {
      before: runner.steadyBefore?.results ?? [], beforeOk: runner.steadyBefore?.ok ?? false,
      after: runner.steadyAfter?.results, afterOk: runner.steadyAfter?.ok,
    } : undefined,
    objectives: runner.objectives.states.map((s, i) => ({
      name: s.spec.name, description: s.spec.description, mode: s.spec.mode, status: s.status, weight: s.spec.weight,
      successPct: runner.objectives.outcomes()[i]!.successPct, anchorMs: s.anchorMs, deadlineMs: s.deadlineMs, metAtMs: s.metAtMs, failedAtMs: s.failedAtMs, probes: s.last,
    })),
    metrics: {
      timeToDetectMs: timeToDetect(runner), timeToMitigateMs: timeToMitigate(runner), services: svcs,
      errorBudgetSpentPct: svcs.length ? round(errorBudgetSpent(served, failed, drill.scoring.slo) * 100, 2) : undefined,
      slo: drill.scoring.slo, cost: round(runner.parts.cost.total() - runner.costAtStart, 4),
      actions: runner.actions.filter((a) => a.actor !== 'scenario' && a.action.action !== 'hint').length,
      hintsUsed: [...runner.hintsRevealed], podsKilled: runner.podsKilled, pdbViolations: runner.pdbViolations,
    },
    timeline: mergeTimeline(runner.timeline.entries, faultEntries(runner), actionEntries, runner.events.entries, objectiveEntries),
    eventsDropped: runner.events.dropped,
    log: runner.log(),
  };
}
