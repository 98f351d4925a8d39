import { describe, expect, it } from 'vitest';
import { fmt } from '../../../source/tui/model/metrics-focus.js';
import { bar, MetricsRecorder, ratioSeries, resample, sparkline, TimeRing } from '../../../source/tui/model/metrics.js';

const summary = {
  totals: () => ({ nodes: 2, ready: 2, notReady: 0, reqCpuMilli: 500, allocCpuMilli: 1000, reqMemBytes: 0, allocMemBytes: 0 }),
  pods: { total: 3, Running: 3, Pending: 0, Succeeded: 0, Failed: 0, Unknown: 0, failing: 1 },
} as never;

function ring(points: [number, number][], capacity = 10): TimeRing {
  const r = new TimeRing(capacity);
  for (const [t, v] of points) r.push(t, v);
  return r;
}

describe('metrics pane data', () => {
  it('keeps the newest points of a ring, with their times', () => {
    const r = ring([[0, 1], [15, 2], [30, 3], [45, 4]], 3);
    expect(r.last(5)).toEqual([2, 3, 4]);
    expect(r.last(2)).toEqual([3, 4]);
    expect(r.latest()).toBe(4);
    expect([r.timeAt(0), r.timeAt(2), r.timeAt(3)]).toEqual([15, 45, NaN]);
  });

  it('resamples a series onto the pane\'s time axis: newest point at or before each column, gaps stay gaps', () => {
    const s = ring([[0, 1], [15_000, 2], [30_000, 3], [90_000, 9]]);
    // Columns at 45, 60, 75, 90 s: 45 s still sees the 30 s point (< 2 steps old), 60 and 75 s see nothing.
    expect(resample(s, 90_000, 15_000, 4)).toEqual([3, NaN, NaN, 9]);
    expect(resample(s, 30_000, 15_000, 4)).toEqual([NaN, 1, 2, 3]);
    expect(resample(undefined, 30_000, 15_000, 2)).toEqual([NaN, NaN]);
    expect(resample(s, 30_000, 15_000, 0)).toEqual([]);
  });

  it('divides two series recorded together (CPU used as a share of allocatable)', () => {
    const used = ring([[0, 500], [15, 1000]]);
    const alloc = ring([[0, 2000], [15, 0]]);
    const pct = ratioSeries(used, alloc);
    expect(pct.length).toBe(2);
    expect(pct.valueAt(0)).toBe(25);
    expect(pct.valueAt(1)).toBeNaN();
    expect(pct.timeAt(1)).toBe(15);
  });

  it('draws sparklines and bars scaled to their maximum; no data draws blank', () => {
    expect(sparkline([0, 50, 100], 100)).toBe(' ▅█');
    expect(sparkline([1, 2, 4, 8])).toBe('▂▃▅█');
    expect(sparkline([NaN, 8])).toBe(' █');
    expect(sparkline([])).toBe('');
    // Zoomed (no fixed scale): the window's range fills the height, the smallest value one step up.
    expect(sparkline([4, 4, 5, 5], undefined, true)).toBe('▂▂██');
    expect(sparkline([0.86, 1.07], undefined, true)).toBe('▂█');
    expect(sparkline([0, 6], undefined, true)).toBe(' █');
    expect(sparkline([5, 5], undefined, true)).toBe('██');
    expect(bar(0.5, 10)).toBe('█████░░░░░');
    expect(bar(2, 4)).toBe('████');
    expect(bar(Number.NaN, 3)).toBe('░░░');
  });

  it('samples its own series once per interval of virtual time, on the interval grid, filling a jump', () => {
    const m = new MetricsRecorder(5_000, 10);
    expect(m.sample(0, summary, { costRatePerHour: 0.642 })).toBe(true);
    expect(m.sample(4_000, summary)).toBe(false);
    expect(m.sample(5_000, summary)).toBe(true);
    expect(m.sample(31_000, summary)).toBe(true);
    // 0, 5, 10, 15, 20, 25 and 30 s.
    const cpuReq = m.own.cpuReq;
    expect(cpuReq.length).toBe(7);
    expect(cpuReq.timeAt(6)).toBe(30_000);
    expect(cpuReq.latest()).toBe(50);
    expect(m.own.running.latest()).toBe(3);
    expect(m.own.failed.latest()).toBe(1);
    expect(m.own.costRate.valueAt(0)).toBe(0.642);
    // Without a reading, no value (drawn blank), not zero.
    expect(m.own.costRate.latest()).toBeNaN();
    // A jump longer than the ring keeps the newest ring's worth.
    m.sample(1_000_000, summary);
    expect(cpuReq.length).toBe(10);
    expect(cpuReq.timeAt(9)).toBe(1_000_000);
    expect(cpuReq.timeAt(0)).toBe(955_000);
  });

  it('formats rates, availability, latency and money', () => {
    expect([fmt.rate(0), fmt.rate(2.25), fmt.rate(450.4), fmt.rate(1234), fmt.rate(25_000)]).toEqual(['0.0', '2.3', '450', '1.2k', '25k']);
    expect([fmt.avail(100), fmt.avail(99.996), fmt.avail(99.96), fmt.avail(99.5), fmt.avail(97.25), fmt.avail(3.14159)]).toEqual(['100%', '100%', '99.96%', '99.50%', '97.3%', '3.14%']);
    expect([fmt.ms(52.4), fmt.ms(12_345)]).toEqual(['52ms', '12s']);
    expect([fmt.dollars(0.856), fmt.dollars(1234.5)]).toEqual(['$0.86', '$1,234.50']);
    expect([fmt.cpu(71.6), fmt.mem(64 * 1048576)]).toEqual(['72m', '64Mi']);
  });
});
