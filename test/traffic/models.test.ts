import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTrafficModel, tryParseTrafficModel } from '../../source/traffic/model-parser.js';
import { DAY_MS, type TrafficModel, dur, formatModel, rateAt } from '../../source/traffic/models.js';

const s = 1000, m = 60_000, h = 3_600_000;
const at = (text: string, ms: number): number => rateAt(parseTrafficModel(text), ms);
const errorOf = (text: string): string => {
  try {
    parseTrafficModel(text);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`"${text}" parsed`);
};

describe('model shapes', () => {
  it('constant: a bare rate or constant(rate=…) at any time', () => {
    expect(at('200', 0)).toBe(200);
    expect(at('200', 5 * h)).toBe(200);
    expect(at('constant(rate=200)', 3 * m)).toBe(200);
    expect(at('constant(12.5)', 0)).toBe(12.5);
    expect(at('0', 0)).toBe(0);
  });

  it('diurnal: max at the peak, min 12 h away, midway 6 h away, 24 h period', () => {
    const d = 'diurnal(min=50,max=500,peak=14h)';
    expect(at(d, 14 * h)).toBeCloseTo(500, 9);
    expect(at(d, 2 * h)).toBeCloseTo(50, 9);
    expect(at(d, 8 * h)).toBeCloseTo(275, 9);
    expect(at(d, 20 * h)).toBeCloseTo(275, 9);
    expect(at(d, 14 * h + DAY_MS)).toBeCloseTo(500, 9);
    // Smooth: no jump between neighbouring seconds.
    expect(Math.abs(at(d, 10 * h) - at(d, 10 * h + s))).toBeLessThan(0.1);
  });

  it('ramp: from until at, linear over for, then to', () => {
    const r = 'ramp(from=100,to=1000,at=5m,for=10m)';
    expect(at(r, 0)).toBe(100);
    expect(at(r, 5 * m)).toBe(100);
    expect(at(r, 10 * m)).toBe(550);
    expect(at(r, 15 * m)).toBe(1000);
    expect(at(r, 2 * h)).toBe(1000);
    expect(at('ramp(from=1000,to=0,for=10s)', 5 * s)).toBe(500);
  });

  it('spike: base, a 30 s rise at `at`, held at peak, a 30 s fall ending at at+for', () => {
    const sp = 'spike(base=200,peak=2000,at=5m,for=10m)';
    expect(at(sp, 0)).toBe(200);
    expect(at(sp, 5 * m - 1)).toBe(200);
    expect(at(sp, 5 * m)).toBe(200);
    expect(at(sp, 5 * m + 15 * s)).toBe(1100);
    expect(at(sp, 5 * m + 30 * s)).toBe(2000);
    expect(at(sp, 10 * m)).toBe(2000);
    expect(at(sp, 14 * m + 30 * s)).toBe(2000);
    expect(at(sp, 14 * m + 45 * s)).toBe(1100);
    expect(at(sp, 15 * m)).toBe(200);
    expect(at(sp, 1 * h)).toBe(200);
    expect(parseTrafficModel(sp)).toEqual({ kind: 'spike', base: 200, peak: 2000, atMs: 5 * m, forMs: 10 * m, riseMs: 30 * s });
  });

  it('spike: a short spike rises over a quarter of it; rise= sets it; rise=0 is a step', () => {
    expect(parseTrafficModel('spike(base=0,peak=100,at=0s,for=1m)')).toMatchObject({ riseMs: 15 * s });
    expect(at('spike(base=0,peak=100,at=1m,for=4m,rise=1m)', 90 * s)).toBe(50);
    expect(at('spike(base=0,peak=100,at=1m,for=4m,rise=0s)', 1 * m)).toBe(100);
    expect(at('spike(base=0,peak=100,at=1m,for=4m,rise=0s)', 5 * m)).toBe(0);
  });

  it('replay: step by default (0 before the first row, the last rate after the last)', () => {
    const r = 'replay(0s=100,5m=400,10m=150)';
    expect(at(r, 0)).toBe(100);
    expect(at(r, 4 * m)).toBe(100);
    expect(at(r, 5 * m)).toBe(400);
    expect(at(r, 9 * m)).toBe(400);
    expect(at(r, 10 * m)).toBe(150);
    expect(at(r, 5 * h)).toBe(150);
    expect(at('replay(1m=10)', 30 * s)).toBe(0);
  });

  it('replay: mode=linear interpolates; rows may come in any order', () => {
    const r = 'replay(10m=150,0s=100,5m=400,mode=linear)';
    expect(at(r, 2.5 * m)).toBe(250);
    expect(at(r, 7.5 * m)).toBe(275);
    expect(at(r, 20 * m)).toBe(150);
  });

  it('formats to text that parses back to the same model', () => {
    for (const text of ['200', 'diurnal(min=50,max=500,peak=14h)', 'ramp(from=100,to=1000,at=5m,for=10m)',
      'spike(base=200,peak=2000,at=5m,for=10m)', 'replay(0s=100,5m=400,10m=150)', 'replay(0s=1,90s=2,mode=linear)', 'diurnal(min=1,max=2,peak=1h30m15s)']) {
      const model = parseTrafficModel(text);
      expect(parseTrafficModel(formatModel(model))).toEqual(model);
    }
    expect(formatModel(parseTrafficModel('spike(base=200,peak=2000,at=5m,for=10m)'))).toBe('spike(base=200,peak=2000,at=5m,for=10m,rise=30s)');
    expect(dur(90_000)).toBe('1m30s');
    expect(dur(250)).toBe('250ms');
  });

  it('accepts spaces, upper-case names and bare-number durations (seconds)', () => {
    expect(parseTrafficModel(' Spike( base = 1 , peak = 2 , at = 60 , for = 120 ) ')).toEqual({ kind: 'spike', base: 1, peak: 2, atMs: 60 * s, forMs: 120 * s, riseMs: 30 * s });
  });
});

describe('parser errors name the model, the parameter and what was expected', () => {
  it.each([
    ['', 'invalid traffic model "": expected a rate such as 200 or a model such as spike(base=200,peak=2000,at=5m,for=10m)'],
    ['   ', 'invalid traffic model "": expected a rate such as 200 or a model such as spike(base=200,peak=2000,at=5m,for=10m)'],
    ['-5', 'invalid traffic model "-5": a rate must not be negative'],
    ['lots', 'invalid traffic model "lots": expected a rate such as 200 or a model such as spike(base=200,peak=2000,at=5m,for=10m)'],
    ['spiky(base=1)', 'unknown traffic model "spiky" (expected a rate such as 200, or one of constant(...), diurnal(...), ramp(...), spike(...), replay(...))'],
    ['spike', 'traffic model "spike": expected spike(key=value, ...) with its parameters in parentheses, got "spike"'],
    ['spike(base=200,peak=2000,at=5m,for=10m', 'traffic model "spike": expected spike(key=value, ...) with its parameters in parentheses, got "spike(base=200,peak=2000,at=5m,for=10m"'],
    ['spike(base=200,peak=lots,at=5m,for=10m)', 'traffic model "spike": parameter "peak": expected a rate in requests per second (a number ≥ 0), got "lots"'],
    ['spike(base=-1,peak=2,at=5m,for=10m)', 'traffic model "spike": parameter "base": expected a rate in requests per second (a number ≥ 0), got "-1"'],
    ['spike(base=200,peak=2000,at=5x,for=10m)', 'traffic model "spike": parameter "at": expected a duration such as 30s, 5m or 1h30m, got "5x"'],
    ['spike(base=200,peak=2000,for=10m)', 'traffic model "spike": missing parameter "at" (spike takes base, peak, at, for, rise)'],
    ['spike(base=200,peek=2000,at=5m,for=10m)', 'traffic model "spike": unknown parameter "peek" (spike takes base, peak, at, for, rise)'],
    ['spike(base=200,base=300,peak=2000,at=5m,for=10m)', 'traffic model "spike": parameter "base" is given twice'],
    ['spike(base=200,,peak=2000,at=5m,for=10m)', 'traffic model "spike": empty parameter at position 2 (expected key=value, separated by commas)'],
    ['spike(base=200,peak=,at=5m,for=10m)', 'traffic model "spike": parameter "peak" has no value'],
    ['spike(200,peak=2000,at=5m,for=10m)', 'traffic model "spike": parameter "200" needs a name (spike takes base, peak, at, for, rise)'],
    ['spike(base=1,peak=2,at=0s,for=1m,rise=40s)', 'traffic model "spike": rise (40s) must be at most half of for (1m): the spike rises and falls within for'],
    ['diurnal(min=600,max=500)', 'traffic model "diurnal": min (600) must not be greater than max (500)'],
    ['diurnal(max=500)', 'traffic model "diurnal": missing parameter "min" (diurnal takes min, max, peak)'],
    ['ramp(from=1,to=2)', 'traffic model "ramp": missing parameter "for" (ramp takes from, to, at, for)'],
    ['constant()', 'traffic model "constant": missing parameter "rate" (constant takes rate)'],
    ['constant(rate=1e999)', 'traffic model "constant": parameter "rate": expected a rate in requests per second (a number ≥ 0), got "1e999"'],
    ['replay()', 'traffic model "replay": expected at least one row <time>=<rate>, e.g. replay(0s=100,5m=400)'],
    ['replay(100)', 'traffic model "replay": row "100" needs the form <time>=<rate>, e.g. 5m=400'],
    ['replay(soon=100)', 'traffic model "replay": row "soon=100": expected a time such as 0s, 5m or 1h30m before "=", got "soon"'],
    ['replay(0s=1,0m=2)', 'traffic model "replay": time "0m" is given twice'],
    ['replay(0s=1,mode=smooth)', 'traffic model "replay": parameter "mode": expected step or linear, got "smooth"'],
    ['replay(5m=many)', 'traffic model "replay": parameter "5m": expected a rate in requests per second (a number ≥ 0), got "many"'],
  ])('%j', (text, message) => {
    expect(errorOf(text)).toBe(message);
  });

  it('tryParseTrafficModel returns the message instead of throwing', () => {
    expect(tryParseTrafficModel('spike(base=1)')).toEqual({ error: 'traffic model "spike": missing parameter "peak" (spike takes base, peak, at, for, rise)' });
    expect(tryParseTrafficModel('7')).toEqual({ model: { kind: 'constant', rate: 7 } });
  });
});

describe('properties', () => {
  const rate = fc.integer({ min: 0, max: 100_000 });
  const ms = fc.integer({ min: 0, max: 3 * 24 * 3600 }).map((x) => x * 1000);
  const model: fc.Arbitrary<TrafficModel> = fc.oneof(
    rate.map((r) => ({ kind: 'constant', rate: r }) as TrafficModel),
    fc.tuple(rate, rate, ms).map(([a, b, p]) => ({ kind: 'diurnal', min: Math.min(a, b), max: Math.max(a, b), peakMs: p }) as TrafficModel),
    fc.tuple(rate, rate, ms, ms).map(([a, b, t, f]) => ({ kind: 'ramp', from: a, to: b, atMs: t, forMs: f }) as TrafficModel),
    fc.tuple(rate, rate, ms, ms, fc.double({ min: 0, max: 0.5, noNaN: true })).map(([a, b, t, f, r]) => ({ kind: 'spike', base: a, peak: b, atMs: t, forMs: f, riseMs: Math.floor(f * r / 1000) * 1000 }) as TrafficModel),
    fc.tuple(fc.uniqueArray(ms, { minLength: 1, maxLength: 8 }), fc.array(rate, { minLength: 8, maxLength: 8 }), fc.boolean())
      .map(([times, rates, linear]) => ({ kind: 'replay', points: [...times].sort((x, y) => x - y).map((t, i) => ({ atMs: t, rate: rates[i]! })), mode: linear ? 'linear' : 'step' }) as TrafficModel),
  );
  const bounds = (mdl: TrafficModel): [number, number] => {
    switch (mdl.kind) {
      case 'constant': return [mdl.rate, mdl.rate];
      case 'diurnal': return [mdl.min, mdl.max];
      case 'ramp': return [Math.min(mdl.from, mdl.to), Math.max(mdl.from, mdl.to)];
      case 'spike': return [Math.min(mdl.base, mdl.peak), Math.max(mdl.base, mdl.peak)];
      case 'replay': return [0, Math.max(...mdl.points.map((p) => p.rate))];
    }
  };

  it('every rate is finite, never negative and within the model\'s bounds', () => {
    fc.assert(fc.property(model, ms, (mdl, t) => {
      const r = rateAt(mdl, t);
      const [lo, hi] = bounds(mdl);
      return Number.isFinite(r) && r >= 0 && r >= lo - 1e-6 && r <= hi + 1e-6;
    }));
  });

  it('formatting round-trips through the parser', () => {
    fc.assert(fc.property(model, (mdl) => {
      expect(parseTrafficModel(formatModel(mdl))).toEqual(mdl);
    }));
  });

  it('a ramp is monotonic; a diurnal curve repeats every 24 h', () => {
    fc.assert(fc.property(rate, rate, ms, ms, ms, ms, (from, to, a, f, t1, t2) => {
      const r = { kind: 'ramp', from, to, atMs: a, forMs: f } as TrafficModel;
      const [x, y] = t1 <= t2 ? [t1, t2] : [t2, t1];
      return to >= from ? rateAt(r, x) <= rateAt(r, y) + 1e-9 : rateAt(r, x) >= rateAt(r, y) - 1e-9;
    }));
    fc.assert(fc.property(rate, rate, ms, ms, (a, b, p, t) => {
      const d = { kind: 'diurnal', min: Math.min(a, b), max: Math.max(a, b), peakMs: p } as TrafficModel;
      return Math.abs(rateAt(d, t) - rateAt(d, t + DAY_MS)) < 1e-6 * Math.max(1, b);
    }));
  });

  it('the parser never throws anything but an Error with a message', () => {
    fc.assert(fc.property(fc.string({ maxLength: 60 }), (text) => {
      const r = tryParseTrafficModel(text);
      return 'model' in r || (typeof r.error === 'string' && r.error.length > 0);
    }));
    fc.assert(fc.property(fc.constantFrom('spike', 'ramp', 'diurnal', 'replay', 'constant'), fc.array(fc.tuple(fc.constantFrom('base', 'peak', 'at', 'for', 'rise', 'min', 'max', 'from', 'to', 'mode', '5m', 'x'), fc.string({ maxLength: 6 })), { maxLength: 6 }), (name, params) => {
      const r = tryParseTrafficModel(`${name}(${params.map(([k, v]) => `${k}=${v}`).join(',')})`);
      return 'model' in r || r.error.includes(`traffic model "${name}"`);
    }));
  });
});
