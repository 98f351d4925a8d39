import { describe, expect, it } from 'vitest';
import type { LabelSelector } from '../../source/api/meta.js';
import type { CustomMetricsProvider, ServiceSample } from '../../source/metrics/types.js';
import { pod as unboundPod } from '../helpers.js';
import { boundPod } from '../kubelet/helpers.js';
import { SCRAPE, metricsSim, startedAt, toScrape } from './helpers.js';

const GI = 1024 ** 3;

describe('MetricsServer: scrape cadence and windows', () => {
  it('has nothing before its first scrape, then scrapes every 15 s; nodes report from the second scrape with a 15 s window', () => {
    const m = metricsSim();
    m.engine.advance(SCRAPE - 1);
    expect(m.metrics.lastScrapeAt).toBeUndefined();
    expect(m.metrics.series('cluster', '', 'cpu')!.length).toBe(0);
    expect(m.metrics.nodeMetrics('node-1')).toBeUndefined();

    toScrape(m, 1);
    expect(m.metrics.lastScrapeAt).toBe(m.t0 + SCRAPE);
    expect(m.metrics.series('cluster', '', 'podsRunning')!.length).toBe(1);
    expect(m.metrics.nodeMetrics('node-1')).toBeUndefined(); // one point: no rate yet
    expect(m.metrics.nodeMetricsList()).toEqual([]);

    toScrape(m, 2);
    const n1 = m.metrics.nodeMetrics('node-1')!;
    expect(n1).toMatchObject({ name: 'node-1', timestamp: m.t0 + 2 * SCRAPE, windowMs: SCRAPE });
    // An idle node: no pods, the system daemons using the 1Gi memory reserve (16Gi capacity, 15Gi allocatable).
    expect(n1.memoryBytes).toBe(GI);

    toScrape(m, 4);
    const cpu = m.metrics.series('node', 'node-1', 'cpu')!;
    expect([0, 1, 2].map((i) => cpu.timeAt(i))).toEqual([2, 3, 4].map((k) => m.t0 + k * SCRAPE));
    expect(m.metrics.series('cluster', '', 'cpu')!.length).toBe(4);
    expect(m.metrics.series('cluster', '', 'cpuAllocatable')!.latest()!.v).toBe(8_000);
    expect(m.metrics.series('cluster', '', 'memoryAllocatable')!.latest()!.v).toBe(30 * GI);
    expect(m.metrics.series('cluster', '', 'memory')!.latest()!.v).toBe(2 * GI);
  });

  it('reports CPU as the rate over the window (mean of its two ends) and memory as the last working set', () => {
    const m = metricsSim();
    m.engine.store.create(boundPod('web', 'node-1'));
    m.usage.cpu.set('default/web', 100);
    toScrape(m, 3);
    expect(m.metrics.podMetrics('default', 'web')!.containers[0]!.cpuMilli).toBe(100);
    m.usage.cpu.set('default/web', 300);
    toScrape(m, 4);
    const s = m.metrics.podMetrics('default', 'web')!;
    expect(s).toMatchObject({ namespace: 'default', name: 'web', timestamp: m.t0 + 4 * SCRAPE, windowMs: SCRAPE });
    expect(s.containers).toEqual([{ name: 'app', cpuMilli: 200, memoryBytes: 8 * 1024 * 1024 }]); // nginx: 8Mi base
    toScrape(m, 5);
    expect(m.metrics.podMetrics('default', 'web')!.containers[0]!.cpuMilli).toBe(300);
    expect(m.metrics.series('pod', 'default/web', 'cpu')!.last(3)).toEqual([100, 200, 300]);
  });
});

describe('MetricsServer: missing metrics', () => {
  it('a pod started less than 10 s before a scrape has no metrics until the next one (HPA counts it as missing)', () => {
    const m = metricsSim();
    m.engine.advance(10_000);
    m.engine.store.create(boundPod('web', 'node-1'));
    toScrape(m, 1);
    expect(m.t0 + SCRAPE - startedAt(m, 'web')).toBeLessThan(10_000);
    expect(m.metrics.podMetrics('default', 'web')).toBeUndefined();
    expect(m.metrics.podMetricsList()).toEqual([]);
    toScrape(m, 2);
    expect(m.metrics.podMetrics('default', 'web')).toMatchObject({ timestamp: m.t0 + 2 * SCRAPE, windowMs: SCRAPE });
  });

  it('a container started 10–15 s before a scrape gets metrics at that scrape, over the time since it started', () => {
    const m = metricsSim();
    m.engine.store.create(boundPod('web', 'node-1'));
    toScrape(m, 1);
    const age = m.t0 + SCRAPE - startedAt(m, 'web');
    expect(age).toBeGreaterThanOrEqual(10_000);
    expect(age).toBeLessThan(SCRAPE);
    expect(m.metrics.podMetrics('default', 'web')).toMatchObject({ timestamp: m.t0 + SCRAPE, windowMs: age });
  });

  it('a pending pod has no metrics; an unknown pod neither', () => {
    const m = metricsSim();
    m.engine.store.create(unboundPod('waiting'));
    toScrape(m, 3);
    expect(m.metrics.podMetrics('default', 'waiting')).toBeUndefined();
    expect(m.metrics.podMetrics('default', 'nope')).toBeUndefined();
    expect(m.metrics.series('cluster', '', 'podsPending')!.latest()!.v).toBe(1);
    expect(m.metrics.series('cluster', '', 'podsRunning')!.latest()!.v).toBe(0);
  });

  it('a node whose kubelet is down stops reporting, with its pods, until two scrapes after it is back', () => {
    const m = metricsSim();
    m.engine.store.create(boundPod('a', 'node-1'));
    m.engine.store.create(boundPod('b', 'node-2'));
    toScrape(m, 3);
    expect(m.metrics.nodeMetricsList().map((n) => n.name)).toEqual(['node-1', 'node-2']);
    expect(m.metrics.podMetrics('default', 'a')).toBeDefined();

    m.pool.stopKubelet('node-1');
    toScrape(m, 4);
    expect(m.metrics.nodeMetrics('node-1')).toBeUndefined();
    expect(m.metrics.podMetrics('default', 'a')).toBeUndefined();
    expect(m.metrics.nodeMetrics('node-2')).toBeDefined();
    expect(m.metrics.podMetrics('default', 'b')).toBeDefined();
    expect(m.metrics.series('node', 'node-1', 'cpu')!.latest()!.t).toBe(m.t0 + 3 * SCRAPE); // history kept, no new point

    m.pool.startKubelet('node-1');
    toScrape(m, 5);
    expect(m.metrics.nodeMetrics('node-1')).toBeUndefined();
    toScrape(m, 6);
    expect(m.metrics.nodeMetrics('node-1')).toMatchObject({ timestamp: m.t0 + 6 * SCRAPE, windowMs: SCRAPE });
    expect(m.metrics.podMetrics('default', 'a')).toBeDefined();
  });

  it('when the metrics-server is stopped it serves nothing, and needs two scrapes after it restarts', () => {
    const m = metricsSim();
    m.engine.store.create(boundPod('web', 'node-1'));
    toScrape(m, 3);
    expect(m.metrics.podMetrics('default', 'web')).toBeDefined();
    m.engine.setRunning('metrics-server', false);
    expect(m.metrics.podMetrics('default', 'web')).toBeUndefined();
    expect(m.metrics.nodeMetricsList()).toEqual([]);
    toScrape(m, 5);
    m.engine.setRunning('metrics-server', true);
    toScrape(m, 6);
    expect(m.metrics.podMetrics('default', 'web')).toBeUndefined();
    toScrape(m, 7);
    expect(m.metrics.podMetrics('default', 'web')).toBeDefined();
  });
});

describe('MetricsServer: scrape cost and bounded memory', () => {
  it('reads usage only for running pods on reachable nodes', () => {
    const m = metricsSim();
    for (const name of ['a', 'b', 'c']) m.engine.store.create(boundPod(name, 'node-1'));
    m.engine.store.create(boundPod('d', 'node-2'));
    m.engine.store.create(unboundPod('pending'));
    toScrape(m, 2);
    m.pool.stopKubelet('node-2');
    const before = m.usage.podReads;
    toScrape(m, 3);
    expect(m.usage.podReads - before).toBe(3);
  });

  it('frees a deleted pod\'s series and keeps memory flat over hours of pod churn', () => {
    const m = metricsSim();
    let bytesAfterOneHour = 0;
    for (let i = 0; i < 120; i++) {
      if (i > 1) m.engine.store.delete('Pod', 'default', `job-${i - 2}`, { gracePeriodSeconds: 0 });
      m.engine.store.create(boundPod(`job-${i}`, i % 2 ? 'node-1' : 'node-2'));
      m.engine.advance(60_000);
      if (i === 59) bytesAfterOneHour = m.metrics.history.bytes;
    }
    toScrape(m, Math.ceil((m.engine.now() - m.t0) / SCRAPE) + 1);
    expect(m.metrics.history.keys('pod').sort()).toEqual(['default/job-118', 'default/job-119']);
    expect(m.metrics.series('pod', 'default/job-0', 'cpu')).toBeUndefined();
    expect(m.metrics.history.bytes).toBe(bytesAfterOneHour);
  });
});

describe('MetricsServer: custom and external metrics', () => {
  const provider = (values: Record<string, number>, external?: number[], services?: ServiceSample[]): CustomMetricsProvider => ({
    podMetric: (_ns, _pod, metric) => values[metric],
    objectMetric: (kind, _ns, name, metric) => (kind === 'Service' && name === 'web' ? values[metric] : undefined),
    ...(external ? { externalMetric: (_ns: string, metric: string, _s?: LabelSelector) => (metric === 'queue_depth' ? external : undefined) } : {}),
    ...(services ? { serviceSeries: () => services } : {}),
  });

  it('asks providers in registration order, takes the first defined value, stamped with the last scrape', () => {
    const m = metricsSim();
    m.metrics.addProvider(provider({ requests_per_second: 42 }));
    m.metrics.addProvider(provider({ requests_per_second: 7, latency_ms: 120 }, [3, 4]));
    expect(m.metrics.podCustomMetric('default', 'web', 'requests_per_second')).toBeUndefined(); // nothing scraped yet
    toScrape(m, 1);
    const at = m.t0 + SCRAPE;
    expect(m.metrics.podCustomMetric('default', 'web', 'requests_per_second')).toEqual({ timestamp: at, value: 42 });
    expect(m.metrics.podCustomMetric('default', 'web', 'latency_ms')).toEqual({ timestamp: at, value: 120 });
    expect(m.metrics.podCustomMetric('default', 'web', 'nope')).toBeUndefined();
    expect(m.metrics.objectMetric('Service', 'default', 'web', 'requests_per_second')).toEqual({ timestamp: at, value: 42 });
    expect(m.metrics.objectMetric('Service', 'default', 'other', 'requests_per_second')).toBeUndefined();
    expect(m.metrics.externalMetric('default', 'queue_depth')).toEqual([{ timestamp: at, value: 3 }, { timestamp: at, value: 4 }]);
    expect(m.metrics.externalMetric('default', 'missing')).toBeUndefined();
  });

  it('records each Service\'s indicators from the providers every scrape, and drops them when the Service is gone', () => {
    const m = metricsSim();
    const reported: ServiceSample[] = [{ namespace: 'default', name: 'web', values: { rps: 120, availability: 99.5 } }];
    m.metrics.addProvider(provider({}, undefined, reported));
    toScrape(m, 3);
    expect(m.metrics.series('service', 'default/web', 'rps')!.last(5)).toEqual([120, 120, 120]);
    expect(m.metrics.series('service', 'default/web', 'availability')!.latest()).toEqual({ t: m.t0 + 3 * SCRAPE, v: 99.5 });
    expect(m.metrics.history.serviceMetrics('default/web')).toEqual(['rps', 'availability']);
    reported.length = 0; // no longer reported, and there is no such Service object
    toScrape(m, 4);
    expect(m.metrics.series('service', 'default/web', 'rps')).toBeUndefined();
  });
});
