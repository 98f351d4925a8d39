/**
 * Checking a fault's parameters against its type's FaultParam list: unknown names, missing required ones,
 * wrong types, bad durations / quantities / traffic models — each problem names its field (`params.grace`).
 * What comes out is typed: durations in milliseconds, quantities in base units (cores, bytes), numbers,
 * booleans, strings (traffic models stay text, already known to parse).
 */
import { parseDuration } from '../api/duration.js';
import { parseQuantity } from '../api/quantity.js';
import { parseTrafficModel } from '../traffic/model-parser.js';
import type { FaultParam, FaultParams, FaultTypeInfo } from './types.js';

/** One problem with a fault request: the field it is about and what is wrong. */
export interface Problem {
  field: string;
  message: string;
}

type Raw = string | number | boolean;

/** Convert one raw value to its parameter's type; throws an Error saying what was expected. */
function convert(p: FaultParam, raw: Raw): string | number | boolean {
  switch (p.type) {
    case 'duration':
      if (typeof raw === 'boolean') throw new Error(`expected a duration such as 30s or 5m, got ${raw}`);
      return parseDuration(raw);
    case 'number': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isFinite(n)) throw new Error(`expected a number, got ${JSON.stringify(raw)}`);
      return n;
    }
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === 'false') return raw === 'true';
      throw new Error(`expected true or false, got ${JSON.stringify(raw)}`);
    case 'string':
      if (typeof raw !== 'string') throw new Error(`expected a string, got ${JSON.stringify(raw)}`);
      return raw;
    case 'quantity': {
      if (typeof raw === 'boolean') throw new Error(`expected a quantity such as 500m or 1Gi, got ${raw}`);
      try {
        return Number(parseQuantity(raw).nano) / 1e9;
      } catch (err) {
        throw new Error(`expected a quantity such as 500m or 1Gi: ${(err as Error).message}`);
      }
    }
    case 'traffic-model':
      if (typeof raw !== 'string' && typeof raw !== 'number') throw new Error(`expected a traffic model such as spike(base=200,peak=2000,at=0s,for=10m), got ${raw}`);
      parseTrafficModel(String(raw));
      return String(raw);
  }
}

/**
 * The parameters of a request, checked and converted, with defaults filled in. `problems` collects every issue;
 * the returned params hold whatever did convert (callers inject only when there are no problems).
 */
export function checkParams(type: FaultTypeInfo, raw: Record<string, Raw> | undefined, problems: Problem[]): FaultParams {
  const out: FaultParams = {};
  const given = raw ?? {};
  if (typeof given !== 'object' || Array.isArray(given)) {
    problems.push({ field: 'params', message: 'expected a map of parameter names to values' });
    return out;
  }
  const known = new Map(type.params.map((p) => [p.name, p]));
  for (const name of Object.keys(given)) {
    if (!known.has(name)) {
      const names = type.params.map((p) => p.name);
      problems.push({ field: `params.${name}`, message: `unknown parameter for ${type.type} (${names.length ? `known: ${names.join(', ')}` : 'it takes none'})` });
    }
  }
  for (const p of type.params) {
    const value = given[p.name] ?? p.default;
    if (value === undefined || value === null) {
      if (p.required) problems.push({ field: `params.${p.name}`, message: `required: ${p.description}` });
      continue;
    }
    try {
      out[p.name] = convert(p, value);
    } catch (err) {
      problems.push({ field: `params.${p.name}`, message: (err as Error).message });
    }
  }
  return out;
}

/** The parameters as given plus the defaults, as the active-fault list and event messages show them. */
export function effectiveParams(type: FaultTypeInfo, raw: Record<string, Raw> | undefined): Record<string, Raw> {
  const out: Record<string, Raw> = {};
  for (const p of type.params) {
    const v = raw?.[p.name] ?? p.default;
    if (v !== undefined && v !== null) out[p.name] = v;
  }
  return out;
}

/** `key=value, key=value` for event messages. */
export function formatParams(params: Record<string, Raw>): string {
  return Object.entries(params).map(([k, v]) => `${k}=${v}`).join(', ');
}
