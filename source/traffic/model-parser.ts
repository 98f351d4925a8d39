/**
 * Parse request-rate models from text (the `sim.kubedrill.io/traffic` annotation, drills, the UI):
 * a bare rate (`200`) or `NAME(key=value, ...)` — see models.ts for each model. Errors name the model, the
 * parameter and what was expected, e.g.
 * `traffic model "spike": parameter "peak": expected a rate in requests per second (a number ≥ 0), got "lots"`.
 */
import { parseDuration } from '../api/duration.js';
import { MODEL_KINDS, type ReplayPoint, type TrafficModel, defaultRiseMs } from './models.js';

const NUMBER = /^\+?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const EXAMPLE = 'a rate such as 200 or a model such as spike(base=200,peak=2000,at=5m,for=10m)';

/** The parameters each model takes (replay's rows are `time=rate`, plus `mode`). */
const PARAMS: Record<(typeof MODEL_KINDS)[number], readonly string[]> = {
  constant: ['rate'],
  diurnal: ['min', 'max', 'peak'],
  ramp: ['from', 'to', 'at', 'for'],
  spike: ['base', 'peak', 'at', 'for', 'rise'],
  replay: ['<time>=<rate>', 'mode'],
};

/** Parse a traffic model; throws an Error that says what is wrong and what was expected. */
export function parseTrafficModel(text: string): TrafficModel {
  if (typeof text !== 'string') throw new Error(`invalid traffic model: expected ${EXAMPLE}`);
  const s = text.trim();
  if (!s) throw new Error(`invalid traffic model "": expected ${EXAMPLE}`);
  if (NUMBER.test(s)) return { kind: 'constant', rate: rate('constant', 'rate', s) };
  if (/^-\d/.test(s)) throw new Error(`invalid traffic model "${s}": a rate must not be negative`);
  const m = /^([A-Za-z][\w-]*)\s*\(([\s\S]*)\)$/.exec(s);
  if (!m) {
    const name = /^([A-Za-z][\w-]*)/.exec(s)?.[1];
    if (name && (MODEL_KINDS as readonly string[]).includes(name.toLowerCase())) {
      throw new Error(`traffic model "${name}": expected ${name}(key=value, ...) with its parameters in parentheses, got "${s}"`);
    }
    throw new Error(`invalid traffic model "${s}": expected ${EXAMPLE}`);
  }
  const kind = m[1]!.toLowerCase();
  if (!(MODEL_KINDS as readonly string[]).includes(kind)) {
    throw new Error(`unknown traffic model "${m[1]}" (expected a rate such as 200, or one of ${MODEL_KINDS.map((k) => `${k}(...)`).join(', ')})`);
  }
  const args = splitArgs(kind, m[2]!);
  switch (kind as (typeof MODEL_KINDS)[number]) {
    case 'constant': return constant(args);
    case 'diurnal': return diurnal(args);
    case 'ramp': return ramp(args);
    case 'spike': return spike(args);
    case 'replay': return replay(args);
  }
}

/** Parse, returning the error message instead of throwing (for annotations: a bad one is reported, not fatal). */
export function tryParseTrafficModel(text: string): { model: TrafficModel } | { error: string } {
  try {
    return { model: parseTrafficModel(text) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

interface Arg { key?: string; value: string }

function splitArgs(kind: string, body: string): Arg[] {
  if (!body.trim()) return [];
  return body.split(',').map((part, i) => {
    const p = part.trim();
    if (!p) throw new Error(`traffic model "${kind}": empty parameter at position ${i + 1} (expected key=value, separated by commas)`);
    const eq = p.indexOf('=');
    if (eq < 0) return { value: p };
    const key = p.slice(0, eq).trim();
    const value = p.slice(eq + 1).trim();
    if (!key) throw new Error(`traffic model "${kind}": parameter "${p}" has no name (expected key=value)`);
    if (!value) throw new Error(`traffic model "${kind}": parameter "${key}" has no value`);
    return { key, value };
  });
}

/** Named parameters of a model: checks names, duplicates and positional values. */
function named(kind: keyof typeof PARAMS, args: Arg[], positional?: string): Map<string, string> {
  const allowed = PARAMS[kind];
  const out = new Map<string, string>();
  args.forEach((a, i) => {
    let key = a.key;
    if (key === undefined) {
      if (positional && i === 0 && args.length === 1) key = positional;
      else throw new Error(`traffic model "${kind}": parameter "${a.value}" needs a name (${kind} takes ${allowed.join(', ')})`);
    }
    key = key.toLowerCase();
    if (!allowed.includes(key)) throw new Error(`traffic model "${kind}": unknown parameter "${a.key}" (${kind} takes ${allowed.join(', ')})`);
    if (out.has(key)) throw new Error(`traffic model "${kind}": parameter "${key}" is given twice`);
    out.set(key, a.value);
  });
  return out;
}

function required(kind: keyof typeof PARAMS, params: Map<string, string>, key: string): string {
  const v = params.get(key);
  if (v === undefined) throw new Error(`traffic model "${kind}": missing parameter "${key}" (${kind} takes ${PARAMS[kind].join(', ')})`);
  return v;
}

function rate(kind: string, key: string, value: string): number {
  const n = NUMBER.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(n)) throw new Error(`traffic model "${kind}": parameter "${key}": expected a rate in requests per second (a number ≥ 0), got "${value}"`);
  return n;
}

function duration(kind: string, key: string, value: string): number {
  let ms: number;
  try {
    ms = parseDuration(value);
  } catch {
    throw new Error(`traffic model "${kind}": parameter "${key}": expected a duration such as 30s, 5m or 1h30m, got "${value}"`);
  }
  if (!Number.isFinite(ms) || ms < 0) throw new Error(`traffic model "${kind}": parameter "${key}": expected a duration such as 30s, 5m or 1h30m, got "${value}"`);
  return ms;
}

function constant(args: Arg[]): TrafficModel {
  const p = named('constant', args, 'rate');
  return { kind: 'constant', rate: rate('constant', 'rate', required('constant', p, 'rate')) };
}

function diurnal(args: Arg[]): TrafficModel {
  const p = named('diurnal', args);
  const min = rate('diurnal', 'min', required('diurnal', p, 'min'));
  const max = rate('diurnal', 'max', required('diurnal', p, 'max'));
  if (min > max) throw new Error(`traffic model "diurnal": min (${min}) must not be greater than max (${max})`);
  const peakMs = p.has('peak') ? duration('diurnal', 'peak', p.get('peak')!) : 14 * 3_600_000;
  return { kind: 'diurnal', min, max, peakMs };
}

function ramp(args: Arg[]): TrafficModel {
  const p = named('ramp', args);
  return {
    kind: 'ramp',
    from: rate('ramp', 'from', required('ramp', p, 'from')),
    to: rate('ramp', 'to', required('ramp', p, 'to')),
    atMs: p.has('at') ? duration('ramp', 'at', p.get('at')!) : 0,
    forMs: duration('ramp', 'for', required('ramp', p, 'for')),
  };
}

function spike(args: Arg[]): TrafficModel {
  const p = named('spike', args);
  const base = rate('spike', 'base', required('spike', p, 'base'));
  const peak = rate('spike', 'peak', required('spike', p, 'peak'));
  const atMs = duration('spike', 'at', required('spike', p, 'at'));
  const forMs = duration('spike', 'for', required('spike', p, 'for'));
  const riseMs = p.has('rise') ? duration('spike', 'rise', p.get('rise')!) : defaultRiseMs(forMs);
  if (2 * riseMs > forMs) throw new Error(`traffic model "spike": rise (${p.get('rise')}) must be at most half of for (${p.get('for')}): the spike rises and falls within for`);
  return { kind: 'spike', base, peak, atMs, forMs, riseMs };
}

function replay(args: Arg[]): TrafficModel {
  let mode: 'step' | 'linear' = 'step';
  const points: ReplayPoint[] = [];
  const seen = new Set<number>();
  for (const a of args) {
    if (a.key === undefined) throw new Error(`traffic model "replay": row "${a.value}" needs the form <time>=<rate>, e.g. 5m=400`);
    if (a.key.toLowerCase() === 'mode') {
      const v = a.value.toLowerCase();
      if (v !== 'step' && v !== 'linear') throw new Error(`traffic model "replay": parameter "mode": expected step or linear, got "${a.value}"`);
      mode = v;
      continue;
    }
    let atMs: number;
    try {
      atMs = parseDuration(a.key);
    } catch {
      throw new Error(`traffic model "replay": row "${a.key}=${a.value}": expected a time such as 0s, 5m or 1h30m before "=", got "${a.key}"`);
    }
    if (seen.has(atMs)) throw new Error(`traffic model "replay": time "${a.key}" is given twice`);
    seen.add(atMs);
    points.push({ atMs, rate: rate('replay', a.key, a.value) });
  }
  if (!points.length) throw new Error('traffic model "replay": expected at least one row <time>=<rate>, e.g. replay(0s=100,5m=400)');
  points.sort((x, y) => x.atMs - y.atMs);
  return { kind: 'replay', points, mode };
}
