/**
 * The value syntax shared by fixtures/images.yaml and the `sim.kubedrill.io/*` annotations: durations (`30s`),
 * quantities (`250m`, `128Mi`), leak rates (`10Mi/min`), booleans and exit codes. Each parser returns the value or
 * throws an Error whose message says what was expected.
 */
import { parseDuration } from '../api/duration.js';
import { parseQuantity, toUnits } from '../api/quantity.js';
import type { WorkloadProfile } from './profiles.js';

/** Seconds from a duration (`30s`, `2m`, `1h30m`, `500ms`, or a bare number of seconds). */
export function parseSeconds(value: unknown): number {
  if (typeof value !== 'string' && typeof value !== 'number') throw new Error('expected a duration such as 30s or 2m');
  let ms: number;
  try {
    ms = parseDuration(value);
  } catch {
    throw new Error(`invalid duration ${JSON.stringify(value)}: expected a duration such as 30s, 2m or 1h30m`);
  }
  if (!Number.isFinite(ms) || ms < 0) throw new Error(`invalid duration ${JSON.stringify(value)}: must not be negative`);
  return ms / 1000;
}

/** Millicores from a CPU quantity (`250m`, `0.5`, `2`). */
export function parseCpuMilli(value: unknown): number {
  // Exact (fractional) millicores: a profile may say 0.2m per request.
  return quantity(value, (q) => Number(parseQuantity(q).nano) / 1e6, 'a CPU quantity such as 250m or 1');
}

/** Bytes from a memory quantity (`128Mi`, `1Gi`, `500M`). */
export function parseBytes(value: unknown): number {
  return quantity(value, toUnits, 'a memory quantity such as 128Mi or 1Gi');
}

function quantity(value: unknown, convert: (q: string | number) => number, what: string): number {
  if (typeof value !== 'string' && typeof value !== 'number') throw new Error(`expected ${what}`);
  let n: number;
  try {
    n = convert(value);
  } catch {
    throw new Error(`invalid quantity ${JSON.stringify(value)}: expected ${what}`);
  }
  if (!Number.isFinite(n) || n < 0) throw new Error(`invalid quantity ${JSON.stringify(value)}: must not be negative`);
  return n;
}

const RATE_UNITS: Record<string, number> = { s: 1 / 60, sec: 1 / 60, second: 1 / 60, m: 1, min: 1, minute: 1, h: 60, hour: 60 };

/** Bytes per minute from a leak rate (`10Mi/min`, `1Mi/s`, `100Mi/h`). */
export function parseLeakPerMinute(value: unknown): number {
  if (typeof value !== 'string') throw new Error('expected a rate such as 10Mi/min');
  const m = /^\s*([^/\s]+)\s*\/\s*([a-z]+)\s*$/.exec(value);
  const per = m ? RATE_UNITS[m[2]!] : undefined;
  if (!m || per === undefined) throw new Error(`invalid rate ${JSON.stringify(value)}: expected a memory quantity per time unit such as 10Mi/min, 1Mi/s or 100Mi/h`);
  return parseBytes(m[1]) / per;
}

/** A boolean written as true/false (YAML) or "true"/"false" (annotations). */
export function parseBool(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new Error(`invalid boolean ${JSON.stringify(value)}: expected "true" or "false"`);
}

/** A process exit code, 0–255. */
export function parseExitCode(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > 255) throw new Error(`invalid exit code ${JSON.stringify(value)}: expected an integer from 0 to 255`);
  return n;
}

/** A non-empty message (image pull errors). */
export function parseMessage(value: unknown): string {
  if (typeof value !== 'string' || !value.trim()) throw new Error('expected a non-empty message such as "not found"');
  return value.trim();
}

/** One settable profile field: its name in images.yaml, its annotation suffix, and its parser. */
export interface FieldSpec { yaml: string; annotation: string; field: keyof WorkloadProfile; parse: (v: unknown) => unknown }

/** Every field a catalog entry or an annotation may set. */
export const PROFILE_FIELDS: readonly FieldSpec[] = [
  { yaml: 'pullTime', annotation: 'pull-time', field: 'pullSeconds', parse: parseSeconds },
  { yaml: 'imageSize', annotation: 'image-size', field: 'imageSizeBytes', parse: parseBytes },
  { yaml: 'startTime', annotation: 'start-time', field: 'startSeconds', parse: parseSeconds },
  { yaml: 'readyAfter', annotation: 'ready-after', field: 'readySeconds', parse: parseSeconds },
  { yaml: 'cpu', annotation: 'cpu', field: 'cpuMilli', parse: parseCpuMilli },
  { yaml: 'memory', annotation: 'memory', field: 'memoryBytes', parse: parseBytes },
  { yaml: 'cpuPerRequest', annotation: 'cpu-per-request', field: 'cpuPerRequestMilli', parse: parseCpuMilli },
  { yaml: 'memoryPerRequest', annotation: 'memory-per-request', field: 'memoryPerRequestBytes', parse: parseBytes },
  { yaml: 'crashAfter', annotation: 'crash-after', field: 'crashAfterSeconds', parse: parseSeconds },
  { yaml: 'exitCode', annotation: 'exit-code', field: 'exitCode', parse: parseExitCode },
  { yaml: 'duration', annotation: 'duration', field: 'durationSeconds', parse: parseSeconds },
  { yaml: 'memoryLeak', annotation: 'memory-leak', field: 'memoryLeakBytesPerMinute', parse: parseLeakPerMinute },
  { yaml: 'failReadiness', annotation: 'fail-readiness', field: 'failReadiness', parse: parseBool },
  { yaml: 'failLiveness', annotation: 'fail-liveness', field: 'failLivenessAfterSeconds', parse: parseLivenessFailure },
  { yaml: 'imagePullError', annotation: 'image-pull-error', field: 'imagePullError', parse: parseMessage },
  { yaml: 'stopTime', annotation: 'stop-time', field: 'stopSeconds', parse: parseSeconds },
  { yaml: 'exitsWithoutCommand', annotation: 'exits-without-command', field: 'exitsWithoutCommand', parse: parseBool },
];

/** `true` (fail from the start), `false`, or a duration after which liveness starts failing. */
function parseLivenessFailure(v: unknown): number | undefined {
  if (v === true || v === 'true') return 0;
  if (v === false || v === 'false') return undefined;
  return parseSeconds(v);
}

