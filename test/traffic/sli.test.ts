import { describe, expect, it } from 'vitest';
import { LATENCY_CAP, SliTracker, latencyFactor } from '../../source/traffic/sli.js';
import { RATE_EPSILON, rateMoved } from '../../source/traffic/pod-slots.js';
import { trafficMetricsProvider } from '../../source/traffic/metrics-provider.js';

describe('latency model', () => {
  it('is base / (1 − u), capped at LATENCY_CAP × base; a saturated pod shows the cap', () => {
    expect(latencyFactor(0, false)).toBe(1);
    expect(latencyFactor(0.5, false)).toBe(2);
    expect(latencyFactor(0.75, false)).toBe(4);
    expect(latencyFactor(0.9, false)).toBeCloseTo(10, 9);
    expect(latencyFactor(0.95, false)).toBe(LATENCY_CAP);
    expect(latencyFactor(3, false)).toBe(LATENCY_CAP);
    expect(latencyFactor(0.1, true)).toBe(LATENCY_CAP);
    expect(latencyFactor(Number.NaN, false)).toBe(LATENCY_CAP);
    expect(latencyFactor(-1, false)).toBe(1);
  });
});

describe('SliTracker', () => {
  it('accrues the measured rates over time, and availability is served / (served + failed)', () => {
    const t = new SliTracker(3);
    t.measure(100, 80, 5, 60, 2);
    expect(t).toMatchObject({ rate: 100, servedRate: 80, noEndpointRate: 5, saturatedRate: 15 });
    t.accrue(10_000);
    const s = t.snapshot('ns', 'svc', 'constant(rate=100)', 'annotation', 15_000);
    expect(s).toMatchObject({ served: 800, failed: 200, failedNoEndpoint: 50, failedSaturated: 150, failedRate: 20, availability: 80, windowAvailability: 80, latencyMs: 60, endpoints: 2 });
  });

  it('reports 100% before any request', () => {
    expect(new SliTracker(4).snapshot('a', 'b', undefined, 'live', 1).availability).toBe(100);
    expect(new SliTracker(4).snapshot('a', 'b', undefined, 'live', 1).windowAvailability).toBe(100);
  });

  it('forgets intervals older than the window, keeps the totals', () => {
    const t = new SliTracker(3);
    t.measure(10, 0, 10, undefined, 0);
    t.accrue(1000);
    t.measure(10, 10, 0, 50, 1);
    t.accrue(1000);
    t.accrue(1000);
    expect(t.snapshot('a', 'b', undefined, 'live', 3000).windowAvailability).toBeCloseTo(200 / 3, 9);
    t.accrue(1000); // the failing interval leaves the 3-slot window
    const s = t.snapshot('a', 'b', undefined, 'live', 3000);
    expect(s.windowAvailability).toBe(100);
    expect(s.availability).toBe(75);
  });

  it('moves interrupted requests from served to failed', () => {
    const t = new SliTracker(10);
    t.measure(100, 100, 0, 50, 1);
    t.accrue(1000);
    t.interrupt(5);
    t.interrupt(0);
    t.interrupt(Number.NaN);
    const s = t.snapshot('a', 'b', undefined, 'live', 1);
    expect(s).toMatchObject({ served: 95, failed: 5, failedInterrupted: 5, availability: 95, windowAvailability: 95 });
  });

  it('clamps inconsistent inputs and ignores rounding between summed shares and the rate', () => {
    const t = new SliTracker(2);
    t.measure(100, 100 - 1e-12, 0, 50, 3);
    expect(t.saturatedRate).toBe(0);
    expect(t.servedRate).toBe(100);
    t.measure(100, 150, 0, 50, 3);
    expect(t.servedRate).toBe(100);
    t.measure(100, 50, 80, 50, 3);
    expect(t).toMatchObject({ noEndpointRate: 80, servedRate: 20, saturatedRate: 0 });
  });
});

describe('rate threshold', () => {
  it('moves a pod\'s rate only past RATE_EPSILON, and always to or from zero', () => {
    expect(RATE_EPSILON).toBe(0.02);
    expect(rateMoved(100, 101.9)).toBe(false);
    expect(rateMoved(100, 98.1)).toBe(false);
    expect(rateMoved(100, 102.1)).toBe(true);
    expect(rateMoved(0, 0.001)).toBe(true);
    expect(rateMoved(0.001, 0)).toBe(true);
    expect(rateMoved(5, 5)).toBe(false);
  });
});

describe('metrics provider', () => {
  it('answers request-rate metrics only, per pod and per Service', () => {
    const p = trafficMetricsProvider({ podRequestRate: (ns, pod) => (pod === 'a' ? 12 : undefined), serviceRequestRate: (ns, svc) => (svc === 's' ? 34 : undefined) });
    expect(p.podMetric('ns', 'a', 'http_requests')).toBe(12);
    expect(p.podMetric('ns', 'a', 'memory')).toBeUndefined();
    expect(p.objectMetric('service', 'ns', 's', 'requests_per_second')).toBe(34);
    expect(p.objectMetric('Deployment', 'ns', 's', 'requests_per_second')).toBeUndefined();
  });
});
