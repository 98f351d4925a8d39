/** Parsing a drill's timeline, objectives, hints, scoring and scripted responses, with their cross-references. */
import { ACTION_NAMES } from './action-types.js';
import { readAction, readFault, readTraffic } from './parse-actions.js';
import { type FieldReader, type YamlMap, isMap } from './parse-fields.js';
import { readProbe } from './parse-probes.js';
import {
  type Drill, type HintSpec, OBJECTIVE_MODES, type ObjectiveSpec, type ResponseStep, type ScoringSpec, type TimelineAction, type TimelineStep,
} from './types.js';
import { DEFAULT_WEIGHTS } from './scoring.js';

type Parts = Pick<Drill, 'timeline' | 'objectives' | 'hints' | 'scoring' | 'responses'>;

/** Read the parts of `spec` after setup; `durationMs` bounds times (Infinity when the duration itself was bad). */
export function readSpecParts(r: FieldReader, spec: YamlMap, namespace: string, durationMs: number): Parts {
  const hints = readHints(r, spec);
  const timeline = readTimeline(r, spec, namespace, durationMs, hints.length);
  const steps = new Set(timeline.map((s) => s.name));
  const checkAnchor = (after: string | undefined, path: string) => {
    if (after !== undefined && !steps.has(after)) r.invalid(path, after, `no timeline step is named "${after}" (steps: ${[...steps].join(', ') || 'none'})`);
  };
  const objectives = (r.list(spec, 'objectives', 'spec.objectives') ?? []).map((o, i) => readObjective(r, o, `spec.objectives[${i}]`, namespace, checkAnchor));
  const names = new Set<string>();
  objectives.forEach((o, i) => {
    if (o && names.has(o.name)) r.invalid(`spec.objectives[${i}].name`, o.name, 'Duplicate value: objective names must be unique');
    if (o) names.add(o.name);
  });
  const responses = (r.list(spec, 'responses', 'spec.responses') ?? []).map((v, i): ResponseStep | undefined => {
    const path = `spec.responses[${i}]`;
    if (!isMap(v)) return r.invalid(path, v, 'must be a map with at and action');
    const atMs = r.duration(v, 'at', `${path}.at`, true);
    const after = r.string(v, 'after', `${path}.after`);
    checkAnchor(after, `${path}.after`);
    const action = readAction(r, v, path, namespace, ['at', 'after'], hints.length);
    if (action?.action === 'revert-fault' && action.step !== undefined) checkAnchor(action.step, `${path}.step`);
    if (atMs !== undefined && after === undefined && atMs > durationMs) r.invalid(`${path}.at`, v.at, 'is after the end of the drill (spec.duration)');
    return atMs !== undefined && action ? { atMs, after, action, path } : undefined;
  });
  return {
    timeline, hints, scoring: readScoring(r, spec),
    objectives: objectives.filter((o) => o !== undefined),
    responses: responses.filter((x) => x !== undefined),
  };
}

function readTimeline(r: FieldReader, spec: YamlMap, namespace: string, durationMs: number, hints: number): TimelineStep[] {
  const out: TimelineStep[] = [];
  const seen = new Set<string>();
  (r.list(spec, 'timeline', 'spec.timeline') ?? []).forEach((v, i) => {
    const path = `spec.timeline[${i}]`;
    if (!isMap(v)) return void r.invalid(path, v, 'must be a map with at or when, and actions');
    r.known(v, path, ['name', 'at', 'when', 'after', 'actions']);
    const name = r.string(v, 'name', `${path}.name`) ?? `step-${i + 1}`;
    if (seen.has(name)) r.invalid(`${path}.name`, name, 'Duplicate value: timeline step names must be unique');
    const after = r.string(v, 'after', `${path}.after`);
    if (after !== undefined && !seen.has(after)) r.invalid(`${path}.after`, after, `must name an earlier timeline step (earlier steps: ${[...seen].join(', ') || 'none'})`);
    seen.add(name);
    const atMs = r.duration(v, 'at', `${path}.at`);
    const when = v.when === undefined ? undefined : readProbe(r, v.when, `${path}.when`, namespace);
    if (v.at === undefined && v.when === undefined) r.error(`${path}.at`, 'Required value: give at (a time) or when (a probe)');
    if (v.at !== undefined && v.when !== undefined) r.invalid(`${path}.when`, 'when', 'give at or when, not both');
    if (atMs !== undefined && after === undefined && atMs > durationMs) r.invalid(`${path}.at`, v.at, 'is after the end of the drill (spec.duration)');
    const list = r.list(v, 'actions', `${path}.actions`, true) ?? [];
    const actions = list.map((a, j) => readTimelineAction(r, a, `${path}.actions[${j}]`, namespace, seen, hints));
    out.push({ name, atMs, when, after, path, actions: actions.filter((a) => a !== undefined) });
  });
  return out;
}

const TIMELINE_KEYS = ['fault', 'traffic', 'message', 'stopFaults', 'revert', 'action'];

function readTimelineAction(r: FieldReader, v: unknown, path: string, namespace: string, steps: Set<string>, hints: number): TimelineAction | undefined {
  if (!isMap(v)) return r.invalid(path, v, `must be a map with one of ${TIMELINE_KEYS.join(', ')}`);
  const keys = TIMELINE_KEYS.filter((k) => k in v);
  if (keys.length !== 1) {
    return r.invalid(path, Object.keys(v).join(','), `an action has exactly one of ${TIMELINE_KEYS.join(', ')}`);
  }
  switch (keys[0]) {
    case 'fault': {
      r.known(v, path, ['fault']);
      const fault = readFault(r, v.fault, `${path}.fault`, namespace);
      return fault && { type: 'fault', fault, path: `${path}.fault` };
    }
    case 'traffic': {
      r.known(v, path, ['traffic']);
      const setting = readTraffic(r, v.traffic, `${path}.traffic`, namespace);
      return setting && { type: 'traffic', setting, path: `${path}.traffic` };
    }
    case 'message': {
      r.known(v, path, ['message']);
      const text = r.string(v, 'message', `${path}.message`, true);
      return text === undefined ? undefined : { type: 'message', text, path };
    }
    case 'stopFaults':
      r.known(v, path, ['stopFaults']);
      if (v.stopFaults !== true) return r.invalid(`${path}.stopFaults`, v.stopFaults, 'must be true');
      return { type: 'stop-faults', path };
    case 'revert': {
      r.known(v, path, ['revert']);
      const step = r.string(v, 'revert', `${path}.revert`, true);
      if (step !== undefined && !steps.has(step)) return r.invalid(`${path}.revert`, step, 'must name this or an earlier timeline step');
      return step === undefined ? undefined : { type: 'revert', step, path };
    }
    default: {
      const action = readAction(r, v, path, namespace, [], hints);
      return action && { type: 'action', action, path };
    }
  }
}

function readObjective(r: FieldReader, v: unknown, path: string, namespace: string, checkAnchor: (a: string | undefined, p: string) => void): ObjectiveSpec | undefined {
  if (!isMap(v)) return r.invalid(path, v, 'must be a map with name and probe (or probes)');
  r.known(v, path, ['name', 'description', 'probe', 'probes', 'mode', 'after', 'within', 'weight']);
  const before = r.diagnostics.length;
  const name = r.string(v, 'name', `${path}.name`, true);
  let probes = [];
  if (v.probe !== undefined && v.probes !== undefined) r.invalid(`${path}.probes`, 'probes', 'give probe or probes, not both');
  if (v.probe !== undefined) probes = [readProbe(r, v.probe, `${path}.probe`, namespace)];
  else probes = (r.list(v, 'probes', `${path}.probes`) ?? []).map((p, i) => readProbe(r, p, `${path}.probes[${i}]`, namespace));
  if (v.probe === undefined && v.probes === undefined) r.required(`${path}.probe`);
  const mode = r.oneOf(v, 'mode', `${path}.mode`, OBJECTIVE_MODES) ?? 'reach';
  const after = r.string(v, 'after', `${path}.after`);
  checkAnchor(after, `${path}.after`);
  const withinMs = r.duration(v, 'within', `${path}.within`);
  if (mode === 'end' && v.within !== undefined) r.invalid(`${path}.within`, v.within, 'an objective checked at the end (mode: end) has no deadline');
  const weight = r.number(v, 'weight', `${path}.weight`, { min: 0 }) ?? 1;
  const description = r.string(v, 'description', `${path}.description`);
  if (r.diagnostics.length > before || !name) return undefined;
  return { name, description, probes: probes.filter((p) => p !== undefined), mode, after, withinMs, weight, path };
}

function readHints(r: FieldReader, spec: YamlMap): HintSpec[] {
  const out: HintSpec[] = [];
  (r.list(spec, 'hints', 'spec.hints') ?? []).forEach((v, i) => {
    const path = `spec.hints[${i}]`;
    if (typeof v === 'string') return void out.push({ text: v, cost: DEFAULT_HINT_COST });
    if (!isMap(v)) return void r.invalid(path, v, 'must be a text, or a map with text and cost');
    r.known(v, path, ['text', 'cost']);
    const text = r.string(v, 'text', `${path}.text`, true);
    const cost = r.number(v, 'cost', `${path}.cost`, { min: 0, max: 100 }) ?? DEFAULT_HINT_COST;
    if (text !== undefined) out.push({ text, cost });
  });
  return out;
}

/** Points a hint costs unless it says otherwise. */
export const DEFAULT_HINT_COST = 5;

function readScoring(r: FieldReader, spec: YamlMap): ScoringSpec {
  const s = r.map(spec, 'scoring', 'spec.scoring') ?? {};
  r.known(s, 'spec.scoring', ['slo', 'costBudget', 'passScore', 'weights', 'relevantActions']);
  const w = r.map(s, 'weights', 'spec.scoring.weights') ?? {};
  r.known(w, 'spec.scoring.weights', Object.keys(DEFAULT_WEIGHTS));
  const weights = { ...DEFAULT_WEIGHTS };
  for (const k of Object.keys(DEFAULT_WEIGHTS) as (keyof typeof DEFAULT_WEIGHTS)[]) {
    const n = r.number(w, k, `spec.scoring.weights.${k}`, { min: 0 });
    if (n !== undefined) weights[k] = n;
  }
  let relevantActions: string[] | undefined;
  const rel = r.list(s, 'relevantActions', 'spec.scoring.relevantActions');
  if (rel) {
    relevantActions = [];
    rel.forEach((a, i) => {
      if (typeof a === 'string' && (ACTION_NAMES as readonly string[]).includes(a)) relevantActions!.push(a);
      else r.error(`spec.scoring.relevantActions[${i}]`, `Unsupported value: ${JSON.stringify(a)}: supported values: ${ACTION_NAMES.map((n) => `"${n}"`).join(', ')}`);
    });
  }
  return {
    slo: r.number(s, 'slo', 'spec.scoring.slo', { min: 0, max: 99.9999 }) ?? 99.9,
    costBudget: r.number(s, 'costBudget', 'spec.scoring.costBudget', { min: 0 }),
    passScore: r.number(s, 'passScore', 'spec.scoring.passScore', { min: 0, max: 100 }) ?? 0,
    weights, relevantActions,
  };
}
