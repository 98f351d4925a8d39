/** Drills: the format, the runner the CLI and the UI drive, scoring and reports. */
export type { Drill, DrillSetup, ObjectiveSpec, TimelineStep, TimelineAction, HintSpec, ScoringSpec, ResponseStep } from './types.js';
export { DRILL_API_VERSION, loadDrillFile, parseDrillText, type DrillParseResult } from './parse.js';
export { PROBE_TYPES, type ProbeSpec, type ProbeResult } from './probe-types.js';
export { ACTION_NAMES, describeAction, type DrillAction, type ActionRecord, type Actor } from './action-types.js';
export { DrillRunner, EVALUATION_PERIOD_MS, type DrillPhase, type DrillStatus, type RunnerOptions } from './runner.js';
export { DrillInvalidError } from './setup.js';
export { type DrillLog, formatDrillLog, readDrillLog, writeDrillLog } from './action-log.js';
export { type DrillReport, type Verdict } from './report.js';
export { formatMarkdown, formatSummary } from './report-text.js';
export { formatJUnit } from './report-junit.js';
export { computeScore, DEFAULT_WEIGHTS, type ScoreBreakdown } from './scoring.js';
export { clockText, type TimelineEntry } from './debrief.js';
