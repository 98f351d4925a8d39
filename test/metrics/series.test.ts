import { describe, expect, it } from 'vitest';
import { Series } from '../../source/metrics/series.js';
import { SeriesTable } from '../../source/metrics/series-table.js';

const S = 15_000;

describe('Series (one ring)', () => {
  it('is empty at first: no latest, NaN statistics, empty reads', () => {
    const s = new Series(4);
    expect(s.length).toBe(0);
    expect(s.latest()).toBeUndefined();
    expect(s.last(3)).toEqual([]);
    expect(s.since(0)).toEqual([]);
    expect(s.min()).toBeNaN();
    expect(s.max()).toBeNaN();
    expect(s.avg()).toBeNaN();
    expect(s.valueAt(0)).toBeNaN();
  });

  it('wraps around: keeps the newest `capacity` points, oldest first', () => {
    const s = new Series(3);
    for (let i = 1; i <= 5; i++) s.push(i * S, i * 10);
    expect(s.length).toBe(3);
    expect([0, 1, 2].map((i) => s.valueAt(i))).toEqual([30, 40, 50]);
    expect([0, 1, 2].map((i) => s.timeAt(i))).toEqual([3 * S, 4 * S, 5 * S]);
    expect(s.latest()).toEqual({ t: 5 * S, v: 50 });
    expect(s.last(2)).toEqual([40, 50]);
    expect(s.last(10)).toEqual([30, 40, 50]);
    expect(s.last(0)).toEqual([]);
    expect(s.last(-1)).toEqual([]);
  });

  it('reads windows by time: since, min, max, avg over the points at or after t', () => {
    const s = new Series(10);
    [5, 1, 9, 3, 7].forEach((v, i) => s.push((i + 1) * S, v));
    expect(s.since(3 * S)).toEqual([{ t: 3 * S, v: 9 }, { t: 4 * S, v: 3 }, { t: 5 * S, v: 7 }]);
    expect(s.since(3 * S + 1).map((p) => p.v)).toEqual([3, 7]);
    expect(s.min()).toBe(1);
    expect(s.max()).toBe(9);
    expect(s.avg()).toBe(5);
    expect(s.min(3 * S)).toBe(3);
    expect(s.max(4 * S)).toBe(7);
    expect(s.avg(4 * S)).toBe(5);
    expect(s.avg(6 * S)).toBeNaN();
  });

  it('reads windows correctly after wrapping (binary search over the ring)', () => {
    const s = new Series(4);
    for (let i = 1; i <= 10; i++) s.push(i * S, i);
    expect(s.since(8 * S).map((p) => p.v)).toEqual([8, 9, 10]);
    expect(s.min(0)).toBe(7);
    expect(s.avg(9 * S)).toBe(9.5);
  });

  it('keeps its memory fixed however long it runs', () => {
    const s = new Series(240);
    const before = s.bytes;
    for (let i = 0; i < 100_000; i++) s.push(i * S, i);
    expect(s.bytes).toBe(before);
    expect(s.bytes).toBe(240 * 16);
    expect(s.length).toBe(240);
    expect(s.latest()).toEqual({ t: 99_999 * S, v: 99_999 });
  });

  it('rejects a bad capacity and points out of time order', () => {
    expect(() => new Series(0)).toThrow(/whole, positive capacity, got 0/);
    expect(() => new Series(2.5)).toThrow(RangeError);
    const s = new Series(2);
    s.push(2 * S, 1);
    expect(() => s.push(S, 2)).toThrow(/in time order/);
    s.push(2 * S, 3); // the same instant is allowed
    s.clear();
    expect(s.length).toBe(0);
    s.push(S, 1);
    expect(s.latest()).toEqual({ t: S, v: 1 });
  });
});

describe('SeriesTable (many short series in shared typed arrays)', () => {
  it('keeps one ring per key and channel, wrapping independently', () => {
    const t = new SeriesTable(['cpu', 'memory'], 3);
    const a = t.row('a'), b = t.row('b');
    for (let i = 1; i <= 4; i++) t.push(a, i * S, [i, i * 100]);
    t.push(b, 5 * S, [42, 4200]);
    expect(t.view('a', 'cpu')!.last(5)).toEqual([2, 3, 4]);
    expect(t.view('a', 'memory')!.last(5)).toEqual([200, 300, 400]);
    expect(t.view('a', 'cpu')!.timeAt(0)).toBe(2 * S);
    expect(t.view('b', 'memory')!.latest()).toEqual({ t: 5 * S, v: 4200 });
    expect(t.view('b', 'cpu')!.length).toBe(1);
    expect(t.row('a')).toBe(a);
    expect(t.view('a', 'swap')).toBeUndefined();
    expect(t.view('zzz', 'cpu')).toBeUndefined();
  });

  it('views are live, and read as empty once their key is deleted even if the row is reused', () => {
    const t = new SeriesTable(['v'], 4);
    const row = t.row('pod-a');
    const view = t.view('pod-a', 'v')!;
    expect(view.length).toBe(0);
    t.push(row, S, [7]);
    expect(view.length).toBe(1);
    t.push(t.row('pod-a'), 2 * S, [8]);
    expect(view.last(2)).toEqual([7, 8]);
    expect(t.delete('pod-a')).toBe(true);
    expect(t.delete('pod-a')).toBe(false);
    const reused = t.row('pod-b');
    t.push(reused, 3 * S, [99]);
    expect(view.length).toBe(0);
    expect(view.valueAt(0)).toBeNaN();
    expect(t.view('pod-b', 'v')!.last(5)).toEqual([99]);
  });

  it('grows by doubling, keeps the data, and stays bounded by the peak number of keys under churn', () => {
    const t = new SeriesTable(['cpu', 'memory'], 20, 2);
    for (let i = 0; i < 5; i++) t.push(t.row(`k${i}`), S, [i, i]);
    expect(t.size).toBe(5);
    for (let i = 0; i < 5; i++) expect(t.view(`k${i}`, 'cpu')!.latest()!.v).toBe(i);
    const peak = t.bytes;
    // 10,000 pods come and go, never more than 5 at once: no growth.
    for (let i = 5; i < 10_005; i++) {
      t.delete(`k${i - 5}`);
      const r = t.row(`k${i}`);
      for (let j = 0; j < 30; j++) t.push(r, j * S, [j, j]);
    }
    expect(t.size).toBe(5);
    expect(t.bytes).toBe(peak);
    expect(t.view('k10004', 'cpu')!.length).toBe(20);
    expect([...t.keys()].sort()).toEqual(['k10000', 'k10001', 'k10002', 'k10003', 'k10004']);
  });

  it('rejects a table without channels or with a bad capacity', () => {
    expect(() => new SeriesTable([], 4)).toThrow(/at least one channel/);
    expect(() => new SeriesTable(['v'], -1)).toThrow(/positive capacity/);
  });
});
