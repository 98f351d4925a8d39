import { describe, expect, it } from 'vitest';
import { age, humanDuration, sinceMs, timestampMs } from '../../../source/api/print/age.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('humanDuration (apimachinery HumanDuration)', () => {
  it.each([
    // every example from the reference
    [5 * S, '5s'],
    [119 * S, '119s'],
    [2 * M, '2m'],
    [3 * M + 20 * S, '3m20s'],
    [10 * M, '10m'],
    [179 * M, '179m'],
    [3 * H, '3h'],
    [3 * H + 5 * M, '3h5m'],
    [47 * H, '47h'],
    [2 * D + 3 * H, '2d3h'],
    [7 * D, '7d'],
    [30 * D, '30d'],
    [(2 * 365 + 10) * D, '2y10d'],
  ])('%d ms → %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });

  it.each([
    [0, '0s'],
    [999, '0s'],
    [-500, '0s'], // up to a second of clock skew reads as now
    [-1 * S, '0s'],
    [-1999, '0s'], // int(-1.999) == -1
    [-2 * S, '<invalid>'],
    [120 * S - 1, '119s'],
    [120 * S, '2m'],
    [9 * M + 59 * S, '9m59s'],
    [10 * M + 59 * S, '10m'],
    [180 * M - 1, '179m'],
    [180 * M, '3h'],
    [7 * H + 59 * M, '7h59m'],
    [8 * H + 30 * M, '8h'],
    [48 * H - 1, '47h'],
    [48 * H, '2d'],
    [8 * D - 1, '7d23h'],
    [8 * D + 5 * H, '8d'],
    [2 * 365 * D - 1, '729d'],
    [2 * 365 * D, '2y'],
    [8 * 365 * D - 1, '7y364d'],
    [8 * 365 * D, '8y'],
    [(8 * 365 + 100) * D, '8y'],
    [NaN, '<invalid>'],
  ])('boundary %d ms → %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

describe('age', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');

  it('is the HumanDuration since the timestamp at virtual now', () => {
    expect(age('2026-01-01T11:56:40Z', now)).toBe('3m20s');
    expect(age('2025-12-30T09:00:00Z', now)).toBe('2d3h');
    expect(age('2026-01-01T11:59:59.500Z', now)).toBe('0s');
  });

  it('prints <unknown> for a missing, empty, unparseable or Go-zero timestamp', () => {
    expect(age(undefined, now)).toBe('<unknown>');
    expect(age('', now)).toBe('<unknown>');
    expect(age('yesterday-ish', now)).toBe('<unknown>');
    expect(age('0001-01-01T00:00:00Z', now)).toBe('<unknown>');
  });

  it('prints <invalid> for timestamps more than a second in the future', () => {
    expect(age('2026-01-01T12:00:05Z', now)).toBe('<invalid>');
  });

  it('parses RFC3339 with offsets and micro-second fractions', () => {
    expect(timestampMs('2026-01-01T14:00:00+02:00')).toBe(now);
    expect(timestampMs('2026-01-01T12:00:00.123456Z')).toBe(now + 123);
    expect(timestampMs(42)).toBeNaN();
    expect(sinceMs(NaN, now)).toBe('<unknown>');
  });
});
