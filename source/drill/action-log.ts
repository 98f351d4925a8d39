/**
 * The action log: a drill run's seed and every action with its drill-clock time (ms) and actor. Replaying it
 * (`kubedrill run --replay LOG`) builds the same simulation from the same seed and performs the trainee's and
 * scripted actions at the same instants, which reproduces the run exactly — the simulation is deterministic, so
 * the report comes out identical. A JSON report embeds its log, so a report is a valid replay file too.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { ACTION_NAMES, type ActionRecord } from './action-types.js';

export const LOG_KIND = 'DrillLog';

/** A replayable record of one run. */
export interface DrillLog {
  apiVersion: 'kubedrill.io/v1';
  kind: typeof LOG_KIND;
  /** The drill file as it was given, and the drill's name (checked on replay). */
  drill: string;
  name: string;
  seed: number;
  /** Whether the drill's scripted responses ran (their actions are in `actions` with actor `response`). */
  responses: boolean;
  actions: ActionRecord[];
}

/** Serialise a log (stable key order, one action per line, for diffs). */
export function formatDrillLog(log: DrillLog): string {
  const { actions, ...head } = log;
  const headText = JSON.stringify(head, null, 2).slice(0, -2); // without the closing "\n}"
  const lines = actions.map((a) => `\n    ${JSON.stringify(a)}`).join(',');
  return `${headText},\n  "actions": [${lines}${actions.length ? '\n  ' : ''}]\n}\n`;
}

export function writeDrillLog(file: string, log: DrillLog): void {
  writeFileSync(file, formatDrillLog(log));
}

/** Read a log, or a JSON report that embeds one (`.log`). Throws an Error that says what is wrong. */
export function readDrillLog(file: string): DrillLog {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: not a drill log: ${(err as Error).message}`);
  }
  const v = value as Record<string, unknown> | null;
  const log = (v && typeof v === 'object' && v.kind !== LOG_KIND && v.log ? v.log : v) as Record<string, unknown> | null;
  const problem = logProblem(log);
  if (problem) throw new Error(`${file}: not a drill log: ${problem}`);
  return log as unknown as DrillLog;
}

function logProblem(log: Record<string, unknown> | null): string | undefined {
  if (!log || typeof log !== 'object') return 'expected a JSON object with kind: DrillLog (or a JSON drill report)';
  if (log.kind !== LOG_KIND) return `kind must be "${LOG_KIND}", got ${JSON.stringify(log.kind)}`;
  if (typeof log.drill !== 'string' || typeof log.name !== 'string') return 'drill and name must be strings';
  if (!Number.isInteger(log.seed)) return 'seed must be a whole number';
  if (typeof log.responses !== 'boolean') return 'responses must be true or false';
  if (!Array.isArray(log.actions)) return 'actions must be a list';
  for (const [i, a] of log.actions.entries()) {
    const r = a as Partial<ActionRecord> | null;
    if (!r || typeof r !== 'object' || typeof r.atMs !== 'number' || !(r.atMs >= 0)) return `actions[${i}].atMs must be a time in ms`;
    if (r.actor !== 'trainee' && r.actor !== 'response' && r.actor !== 'scenario') return `actions[${i}].actor must be trainee, response or scenario`;
    if (!r.action || !(ACTION_NAMES as readonly string[]).includes(r.action.action)) return `actions[${i}].action is not a known action`;
  }
  return undefined;
}
