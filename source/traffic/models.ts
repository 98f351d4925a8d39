/**
 * Request-rate models in virtual time: how many requests per second reach a Service at a moment. Times are
 * milliseconds after the model's origin (the simulation start for manifests and drills). Models are plain data,
 * so they print, compare and serialise; `rateAt` evaluates one. Write them as text (see model-parser.ts):
 *
 *   200 | constant(rate=200)                    a steady rate
 *   diurnal(min=50,max=500,peak=14h)            a smooth daily cycle: 24 h period, max at `peak`, min 12 h away
 *   ramp(from=100,to=1000,at=5m,for=10m)        `from` until `at`, linear to `to` over `for`, then `to`
 *   spike(base=200,peak=2000,at=5m,for=10m)     `base`; from `at` a quick linear rise (`rise`, default the
 *                                               shorter of 30 s and for/4) to `peak`, held, and a fall of the same
 *                                               length that ends at at+for; then `base` again
 *   replay(0s=100,5m=400,10m=150)               a rate table: each rate holds from its time until the next
 *                                               (step, the default, as a table of per-interval counts reads), or
 *                                               with mode=linear is interpolated between points; 0 before the
 *                                               first point, the last rate after the last one
 */

/** One model of a Service's request rate. Rates are requests per second; times are ms after the origin. */
export type TrafficModel = ConstantModel | DiurnalModel | RampModel | SpikeModel | ReplayModel;

/** A steady rate. */
export interface ConstantModel { kind: 'constant'; rate: number }
/** A 24 h cosine cycle between `min` and `max`, at `max` at `peakMs` (mod 24 h). */
export interface DiurnalModel { kind: 'diurnal'; min: number; max: number; peakMs: number }
/** `from` until `atMs`, then linear to `to` over `forMs`. */
export interface RampModel { kind: 'ramp'; from: number; to: number; atMs: number; forMs: number }
/** `base`, with a burst to `peak` over [atMs, atMs + forMs]: rise over `riseMs`, hold, fall over `riseMs`. */
export interface SpikeModel { kind: 'spike'; base: number; peak: number; atMs: number; forMs: number; riseMs: number }
/** A rate table, sorted by time. */
export interface ReplayModel { kind: 'replay'; points: readonly ReplayPoint[]; mode: 'step' | 'linear' }
/** One row of a replayed rate table. */
export interface ReplayPoint { atMs: number; rate: number }

/** The names models are written with. */
export const MODEL_KINDS = ['constant', 'diurnal', 'ramp', 'spike', 'replay'] as const;

/** The diurnal period: one day. */
export const DAY_MS = 24 * 3_600_000;

/** Requests per second `ms` after the origin (never negative). */
export function rateAt(model: TrafficModel, ms: number): number {
  switch (model.kind) {
    case 'constant':
      return model.rate;
    case 'diurnal': {
      const phase = (2 * Math.PI * (ms - model.peakMs)) / DAY_MS;
      return model.min + ((model.max - model.min) * (1 + Math.cos(phase))) / 2;
    }
    case 'ramp':
      if (ms <= model.atMs) return model.from;
      if (ms >= model.atMs + model.forMs) return model.to;
      return lerp(model.from, model.to, (ms - model.atMs) / model.forMs);
    case 'spike':
      return spikeRate(model, ms);
    case 'replay':
      return replayRate(model, ms);
  }
}

function lerp(a: number, b: number, f: number): number {
  return a + (b - a) * f;
}

function spikeRate(m: SpikeModel, ms: number): number {
  const t = ms - m.atMs;
  if (t < 0 || t >= m.forMs) return m.base;
  if (t < m.riseMs) return lerp(m.base, m.peak, t / m.riseMs);
  const fallFrom = m.forMs - m.riseMs;
  if (t <= fallFrom) return m.peak;
  return lerp(m.peak, m.base, (t - fallFrom) / m.riseMs);
}

function replayRate(m: ReplayModel, ms: number): number {
  const pts = m.points;
  if (!pts.length || ms < pts[0]!.atMs) return 0;
  // Binary search for the last point at or before `ms`: tables may be long.
  let lo = 0, hi = pts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (pts[mid]!.atMs <= ms) lo = mid;
    else hi = mid - 1;
  }
  const p = pts[lo]!;
  const next = pts[lo + 1];
  if (m.mode === 'step' || !next) return p.rate;
  return lerp(p.rate, next.rate, (ms - p.atMs) / (next.atMs - p.atMs));
}

/** The default rise (and fall) of a spike: quick, at most a quarter of the spike. */
export function defaultRiseMs(forMs: number): number {
  return Math.min(30_000, forMs / 4);
}

/** The model as text that parses back to it (`spike(base=200,peak=2000,at=5m,for=10m,rise=30s)`). */
export function formatModel(model: TrafficModel): string {
  switch (model.kind) {
    case 'constant':
      return `constant(rate=${num(model.rate)})`;
    case 'diurnal':
      return `diurnal(min=${num(model.min)},max=${num(model.max)},peak=${dur(model.peakMs)})`;
    case 'ramp':
      return `ramp(from=${num(model.from)},to=${num(model.to)},at=${dur(model.atMs)},for=${dur(model.forMs)})`;
    case 'spike':
      return `spike(base=${num(model.base)},peak=${num(model.peak)},at=${dur(model.atMs)},for=${dur(model.forMs)},rise=${dur(model.riseMs)})`;
    case 'replay': {
      const rows = model.points.map((p) => `${dur(p.atMs)}=${num(p.rate)}`);
      return `replay(${rows.join(',')}${model.mode === 'linear' ? ',mode=linear' : ''})`;
    }
  }
}

const num = (n: number): string => String(n);

/** A duration in the shortest exact form: `14h`, `1h30m`, `90s` → `1m30s`, `250ms`. */
export function dur(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  if (rest > 0) out += `${Number(rest.toFixed(3))}ms`;
  return out;
}
