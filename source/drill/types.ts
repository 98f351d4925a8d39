/**
 * The drill model (`apiVersion: kubedrill.io/v1`, `kind: Drill`) after parsing: durations in virtual ms, paths
 * resolved against the drill file, defaults filled in, and each part remembering the field path it came from so a
 * problem found later (a fault the injector refuses) can still be reported at its file:line.
 */
import type { FaultSpec } from '../chaos/types.js';
import type { Cluster } from '../api/kubedrill-kinds.js';
import type { LabelSelector } from '../api/meta.js';
import type { TrafficModel } from '../traffic/models.js';
import type { ProbeSpec } from './probe-types.js';
import type { DrillAction } from './action-types.js';

export type { ProbeSpec } from './probe-types.js';
export type { DrillAction } from './action-types.js';

/** How hard a drill is, for listings. */
export type Difficulty = 'beginner' | 'intermediate' | 'advanced';
export const DIFFICULTIES: readonly Difficulty[] = ['beginner', 'intermediate', 'advanced'];

/** A parsed, valid drill. */
export interface Drill {
  /** The file it came from (as given), and its directory (paths in the drill are relative to it). */
  file: string;
  dir: string;
  name: string;
  title: string;
  description?: string;
  difficulty: Difficulty;
  /** Default namespace of probes, actions and traffic entries (`spec.namespace`, default `default`). */
  namespace: string;
  setup: DrillSetup;
  /** How long the drill runs after the warm-up. */
  durationMs: number;
  steadyState?: { title?: string; probes: ProbeSpec[] };
  timeline: TimelineStep[];
  objectives: ObjectiveSpec[];
  hints: HintSpec[];
  scoring: ScoringSpec;
  responses: ResponseStep[];
  /** Field path → line, for problems found after parsing (fault validation against the running simulation). */
  lineOf(path: string): number;
}

/** How the simulation is built. */
export interface DrillSetup {
  /** A Cluster file (resolved path) or an inline Cluster object. */
  cluster: { file: string } | { inline: Cluster; line: number };
  /** Manifest files or directories, resolved against the drill's directory. */
  manifests: string[];
  seed?: number;
  /** The UI's starting speed (virtual seconds per wall second). */
  speed: number;
  /** Virtual time the cluster runs before the drill clock starts (pods start, traffic settles). */
  warmupMs: number;
  traffic: TrafficSetting[];
}

/** A request-rate model for one Service. */
export interface TrafficSetting { namespace: string; service: string; model: TrafficModel; text: string }

/** One step of the timeline: fires at a drill time, or the first time a condition holds. */
export interface TimelineStep {
  /** Anchor name objectives, responses and later steps refer to (default `step-<i>`). */
  name: string;
  /** Fire this long after `after` fired (default after the drill start). Exclusive with `when`. */
  atMs?: number;
  /** Fire at the first evaluation at which this probe holds (once `after` has fired). */
  when?: ProbeSpec;
  /** The step this one counts from or waits for; undefined: the drill start. */
  after?: string;
  actions: TimelineAction[];
  /** Field path of the step (`spec.timeline[2]`). */
  path: string;
}

/** What a timeline step does. */
export type TimelineAction =
  | { type: 'fault'; fault: FaultSpec; path: string }
  | { type: 'traffic'; setting: TrafficSetting; path: string }
  | { type: 'message'; text: string; path: string }
  | { type: 'stop-faults'; path: string }
  /** Revert the faults a named step injected. */
  | { type: 'revert'; step: string; path: string }
  /** The game master acting on the cluster (a bad deploy, a patch): same vocabulary as responses. */
  | { type: 'action'; action: DrillAction; path: string };

/** `reach`: holds from some time ≤ the deadline to the end; `hold`: holds at every evaluation in the window; `end`: holds at the end. */
export type ObjectiveMode = 'reach' | 'hold' | 'end';
export const OBJECTIVE_MODES: readonly ObjectiveMode[] = ['reach', 'hold', 'end'];

/** A graded objective for the responder. */
export interface ObjectiveSpec {
  name: string;
  description?: string;
  /** Every probe must hold. */
  probes: ProbeSpec[];
  mode: ObjectiveMode;
  /** Anchor: a timeline step name, or undefined for the drill start. */
  after?: string;
  /** Deadline relative to the anchor; undefined: the drill end. */
  withinMs?: number;
  weight: number;
  path: string;
}

/** A hint the trainee may reveal, for a score cost. */
export interface HintSpec { text: string; cost: number }

/** Scoring settings (see scoring.ts for the arithmetic). */
export interface ScoringSpec {
  /** Availability target of Services with traffic, percent (error budget = 100 − slo). */
  slo: number;
  /** Dollars the drill may spend (node-hours × price); without it cost is reported, not scored. */
  costBudget?: number;
  /** Minimum score to pass, besides every objective passing and the steady state holding at the end. */
  passScore: number;
  weights: ScoreWeights;
  /** Action names that count as "detecting" (time to detect); default: every action except `hint`. */
  relevantActions?: string[];
}

/** Litmus-style weights of the score's components (see scoring.ts). */
export interface ScoreWeights { objectives: number; availability: number; speed: number; cost: number }

/** One scripted response (the drill's "answer"), run unless --no-responses. */
export interface ResponseStep {
  /** Virtual time after `after` (default the drill start). */
  atMs: number;
  after?: string;
  action: DrillAction;
  path: string;
}

/** Selector shapes probes and actions accept. */
export type { LabelSelector };
