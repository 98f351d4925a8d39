import { describe, expect, it } from 'vitest';
import type { Event, Pod, Service } from '../../source/api/core.js';
import { toMilli } from '../../source/api/quantity.js';
import type { Node } from '../../source/api/core.js';
import { createAll } from '../sim-helpers.js';
import { EASY_PROFILE, MINUTE, Mi, type TrafficSim, podCpu, podMemory, trafficSim, webPod, webService } from './helpers.js';

const SPIKE = { 'sim.kubedrill.io/traffic': 'spike(base=200,peak=2000,at=5m,for=10m)' };
/** Advance to `ms` after the traffic controller's start (model time). */
const advanceTo = (t: TrafficSim, ms: number): void => t.sim.engine.advance(ms - (t.sim.now() - t.traffic.startMs));
const warnings = (t: TrafficSim, name: string): string[] => t.sim.store.select<Event>('Event')
  .filter((e) => e.involvedObject.kind === 'Service' && e.involvedObject.name === name && e.type === 'Warning')
  .map((e) => `${e.reason}: ${e.message}`);

/** Two web pods (base 10m, 1m per request, CPU limit 500m) behind a Service with the given annotations. */
function webCluster(annotations: Record<string, string>, limits: Record<string, string> = { cpu: '500m', memory: '4Gi' }): TrafficSim {
  const t = trafficSim();
  createAll(t.sim, [
    webPod('web-a', { annotations: EASY_PROFILE, limits }),
    webPod('web-b', { annotations: EASY_PROFILE, limits }),
    webService('web', annotations),
  ]);
  return t;
}

describe('a spike on a Service', () => {
  it('drives per-pod CPU with the rate, throttled at the limit, and saturated pods fail requests', () => {
    const t = webCluster(SPIKE);
    advanceTo(t, 4 * MINUTE);
    // 200 req/s over 2 endpoints: 100 each → 10m + 100 × 1m.
    expect(t.traffic.podRequestRate('default', 'web-a')).toBe(100);
    expect(podCpu(t.sim, 'web-a')).toBe(110);
    expect(podCpu(t.sim, 'web-b')).toBe(110);
    let sli = t.traffic.sli('default', 'web')!;
    expect(sli).toMatchObject({ rate: 200, servedRate: 200, failedRate: 0, endpoints: 2, availability: 100, failed: 0, source: 'annotation' });
    expect(sli.model).toBe('spike(base=200,peak=2000,at=5m,for=10m,rise=30s)');
    // Idle latency 50 ms at utilisation 100 / 490: 50 / (1 − 100/490).
    expect(sli.latencyMs).toBeCloseTo(50 / (1 - 100 / 490), 9);
    advanceTo(t, 5 * MINUTE + 15_000);
    expect(t.traffic.sli('default', 'web')!.rate).toBe(1100);
    expect(podCpu(t.sim, 'web-a')).toBe(500); // wants 560m
    advanceTo(t, 10 * MINUTE);
    sli = t.traffic.sli('default', 'web')!;
    // 1000 req/s per pod wants 1010m; the 500m limit serves (500 − 10) / 1 = 490 each.
    expect(podCpu(t.sim, 'web-a')).toBe(500);
    expect(sli).toMatchObject({ rate: 2000, servedRate: 980, failedRate: 1020 });
    expect(sli.latencyMs).toBeCloseTo(1000, 9);
    expect(sli.failedSaturated).toBeGreaterThan(0);
    expect(sli.windowAvailability).toBeLessThan(60);
    expect(sli.availability).toBeCloseTo((100 * sli.served) / (sli.served + sli.failed), 9);
    expect(sli.availability).toBeLessThan(100);
    advanceTo(t, 16 * MINUTE);
    expect(podCpu(t.sim, 'web-a')).toBe(110);
    expect(t.traffic.sli('default', 'web')!.servedRate).toBe(200);
    advanceTo(t, 22 * MINUTE);
    expect(t.traffic.sli('default', 'web')!.windowAvailability).toBe(100);
    expect(t.traffic.sli('default', 'web')!.availability).toBeLessThan(100);
  });

  it('accounts requests exactly: served + failed = rate × time', () => {
    const t = webCluster({ 'sim.kubedrill.io/traffic': 'replay(0s=100,1m=1500)' });
    advanceTo(t, 2 * MINUTE);
    const sli = t.traffic.sli('default', 'web')!;
    // Counted from the first tick (5 s) to now, at the rate measured at the start of each 5 s interval.
    expect(sli.served + sli.failed).toBeCloseTo(100 * 55 + 1500 * 60, 6);
    expect(sli.failed).toBeCloseTo((1500 - 980) * 60, 6);
    expect(sli.availability).toBeCloseTo((100 * (sli.served)) / (sli.served + sli.failed), 9);
  });
});

describe('failures', () => {
  it('fails every request when the Service has no ready endpoint, and recovers when pods are ready', () => {
    const t = trafficSim();
    createAll(t.sim, [
      webPod('sick', { annotations: { ...EASY_PROFILE, 'sim.kubedrill.io/fail-readiness': 'true' }, readinessProbe: true }),
      webService('web', { 'sim.kubedrill.io/traffic': '100' }),
    ]);
    advanceTo(t, MINUTE);
    let sli = t.traffic.sli('default', 'web')!;
    expect(sli).toMatchObject({ endpoints: 0, rate: 100, servedRate: 0, failedRate: 100, served: 0, availability: 0, windowAvailability: 0 });
    expect(sli.latencyMs).toBeUndefined();
    expect(sli.failedNoEndpoint).toBeCloseTo(100 * 55, 6);
    expect(t.traffic.podRequestRate('default', 'sick')).toBeUndefined();
    createAll(t.sim, [webPod('well', { annotations: EASY_PROFILE })]);
    advanceTo(t, 2 * MINUTE);
    sli = t.traffic.sli('default', 'web')!;
    expect(sli).toMatchObject({ endpoints: 1, servedRate: 100 });
    expect(sli.windowAvailability).toBeGreaterThan(40);
    expect(sli.windowAvailability).toBeLessThan(60);
    advanceTo(t, 8 * MINUTE);
    expect(t.traffic.sli('default', 'web')!.windowAvailability).toBe(100);
  });

  it('noisy neighbours: an oversubscribed node gives every pod proportionally less CPU, and they fail requests', () => {
    const t = trafficSim({ workers: 1, cpu: '1' });
    createAll(t.sim, [
      webPod('a', { app: 'a', annotations: EASY_PROFILE }), webService('a', { 'sim.kubedrill.io/traffic': '600' }),
      webPod('b', { app: 'b', annotations: EASY_PROFILE }), webService('b', { 'sim.kubedrill.io/traffic': '400' }),
    ]);
    advanceTo(t, MINUTE);
    const node = t.sim.store.get<Node>('Node', undefined, 'workers-0');
    expect(toMilli(node.status!.allocatable!.cpu!)).toBe(900);
    // a wants 610m, b 410m, the kube-system pods a little: over 900m, so everyone gets the same share of what it wants.
    const factor = podCpu(t.sim, 'a') / 610;
    expect(factor).toBeLessThan(0.9);
    expect(podCpu(t.sim, 'b') / 410).toBeCloseTo(factor, 9);
    const all = t.sim.store.select<Pod>('Pod', { nodeName: 'workers-0' })
      .map((p) => t.sim.kubelets.podUsage(p.metadata.namespace!, p.metadata.name!)?.containers.reduce((x, c) => x + c.cpuMilli, 0) ?? 0);
    expect(all.reduce((x, y) => x + y, 0)).toBeCloseTo(900, 6);
    const a = t.traffic.sli('default', 'a')!;
    expect(a.servedRate).toBeCloseTo(600 * factor, 6);
    expect(a.latencyMs).toBe(1000);
    // The neighbour goes quiet: a gets what it wants again.
    t.traffic.setModel('default', 'b', '0');
    advanceTo(t, 2 * MINUTE);
    expect(podCpu(t.sim, 'a')).toBe(610);
    expect(t.traffic.sli('default', 'a')!.servedRate).toBe(600);
  });

  it('OOMKills a pod when traffic pushes its memory over the limit, failing its in-flight requests', () => {
    // 32Mi base + 1Mi per req/s, limit 256Mi: 200 req/s (100 per pod) fits, 500 (250 per pod) does not.
    const t = webCluster({ 'sim.kubedrill.io/traffic': 'replay(0s=200,2m=500)' }, { cpu: '2', memory: '256Mi' });
    advanceTo(t, MINUTE);
    expect(podMemory(t.sim, 'web-a')).toBe(132 * Mi);
    advanceTo(t, 2 * MINUTE);
    const cs = t.sim.store.get<Pod>('Pod', 'default', 'web-a').status!.containerStatuses![0]!;
    expect(cs.state!.terminated).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });
    advanceTo(t, 2 * MINUTE + 5_000);
    const sli = t.traffic.sli('default', 'web')!;
    // Each pod had 250 req/s in flight when it died, for the latency it last showed: 50 / (1 − 100/1990) ms.
    expect(sli.failedInterrupted).toBeCloseTo(2 * 250 * (50 / (1 - 100 / 1990)) / 1000, 6);
    advanceTo(t, 5 * MINUTE);
    expect(t.sim.store.get<Pod>('Pod', 'default', 'web-a').status!.containerStatuses![0]!.restartCount).toBeGreaterThanOrEqual(2);
    expect(t.traffic.sli('default', 'web')!.windowAvailability).toBeLessThan(50);
  });

  it('a graceful delete drains in-flight requests; a forced one fails them', () => {
    const t = webCluster({ 'sim.kubedrill.io/traffic': '200' });
    advanceTo(t, MINUTE);
    t.sim.store.delete('Pod', 'default', 'web-a');
    advanceTo(t, 2 * MINUTE);
    let sli = t.traffic.sli('default', 'web')!;
    expect(sli).toMatchObject({ endpoints: 1, failedInterrupted: 0, servedRate: 200 });
    expect(t.traffic.podRequestRate('default', 'web-b')).toBe(200);
    expect(t.traffic.podRequestRate('default', 'web-a')).toBeUndefined();
    t.sim.store.delete('Pod', 'default', 'web-b', { gracePeriodSeconds: 0 });
    advanceTo(t, 3 * MINUTE);
    sli = t.traffic.sli('default', 'web')!;
    // 200 req/s × the latency at the time (50 / (1 − 200/490) ms).
    expect(sli.failedInterrupted).toBeCloseTo(200 * (50 / (1 - 200 / 490)) / 1000, 6);
    expect(sli).toMatchObject({ endpoints: 0, servedRate: 0 });
  });
});

describe('models', () => {
  it('reports a bad annotation as a Warning event on the Service, sends no traffic, and picks up the fix', () => {
    const t = webCluster({ 'sim.kubedrill.io/traffic': 'spike(base=200,peek=2000,at=5m,for=10m)', 'sim.kubedrill.io/latency': 'fast' });
    advanceTo(t, MINUTE);
    expect(warnings(t, 'web')).toEqual([
      'InvalidSimAnnotation: annotation sim.kubedrill.io/traffic: traffic model "spike": unknown parameter "peek" (spike takes base, peak, at, for, rise); the Service gets no traffic',
      'InvalidSimAnnotation: annotation sim.kubedrill.io/latency: invalid latency "fast": invalid duration "fast": expected a number with a unit (ms, s, m, h, d), e.g. 30s, 5m, 1h30m; 50ms is used',
    ]);
    expect(t.traffic.sli('default', 'web')).toMatchObject({ model: undefined, rate: 0, served: 0, failed: 0 });
    expect(podCpu(t.sim, 'web-a')).toBe(10);
    const svc = t.sim.store.get<Service>('Service', 'default', 'web');
    t.sim.store.update<Service>({ ...svc, metadata: { ...svc.metadata, annotations: { 'sim.kubedrill.io/traffic': '300', 'sim.kubedrill.io/latency': '20ms' } } });
    advanceTo(t, 2 * MINUTE);
    expect(t.traffic.sli('default', 'web')).toMatchObject({ rate: 300, servedRate: 300 });
    expect(t.traffic.sli('default', 'web')!.latencyMs).toBeCloseTo(20 / (1 - 150 / 490), 9);
    expect(warnings(t, 'web')).toHaveLength(2);
    // Removing the annotation stops the traffic.
    const fixed = t.sim.store.get<Service>('Service', 'default', 'web');
    t.sim.store.update<Service>({ ...fixed, metadata: { ...fixed.metadata, annotations: {} } });
    advanceTo(t, 3 * MINUTE);
    expect(podCpu(t.sim, 'web-a')).toBe(10);
    expect(t.traffic.sli('default', 'web')).toMatchObject({ rate: 0 });
  });

  it('setModel changes the model live (string or object, from now), and clearing it restores the annotation', () => {
    const t = webCluster({ 'sim.kubedrill.io/traffic': '100' });
    advanceTo(t, MINUTE);
    t.traffic.setModel('default', 'web', 'spike(base=100,peak=1000,at=1m,for=4m,rise=0s)', { startMs: t.sim.now() });
    expect(t.traffic.model('default', 'web')).toMatchObject({ source: 'live', originMs: t.sim.now(), model: { kind: 'spike', peak: 1000 } });
    advanceTo(t, 90_000);
    expect(t.traffic.sli('default', 'web')).toMatchObject({ rate: 100, source: 'live' });
    advanceTo(t, 2 * MINUTE);
    expect(t.traffic.sli('default', 'web')!.rate).toBe(1000);
    expect(t.traffic.podRequestRate('default', 'web-b')).toBe(500);
    t.traffic.setModel('default', 'web', { kind: 'constant', rate: 40 });
    advanceTo(t, 3 * MINUTE);
    expect(t.traffic.podRequestRate('default', 'web-b')).toBe(20);
    t.traffic.setModel('default', 'web', undefined);
    advanceTo(t, 4 * MINUTE);
    expect(t.traffic.sli('default', 'web')).toMatchObject({ rate: 100, source: 'annotation' });
    expect(() => t.traffic.setModel('default', 'web', 'ramp(from=1)')).toThrow('traffic model "ramp": missing parameter "to" (ramp takes from, to, at, for)');
    expect(() => t.traffic.setModel('default', 'nope', '5')).toThrow('traffic: services "nope" not found in namespace "default"');
  });

  it('a Service set live without an annotation gets traffic; deleting the Service stops it', () => {
    const t = webCluster({ 'sim.kubedrill.io/latency': '20ms' });
    advanceTo(t, 10_000);
    expect(t.traffic.services()).toEqual([]);
    t.traffic.setModel('default', 'web', '60');
    advanceTo(t, MINUTE);
    expect(t.traffic.services().map((s) => [s.name, s.rate, s.source])).toEqual([['web', 60, 'live']]);
    expect(t.traffic.sli('default', 'web')!.latencyMs).toBeCloseTo(20 / (1 - 30 / 490), 9);
    expect(podCpu(t.sim, 'web-a')).toBe(40);
    t.sim.store.delete('Service', 'default', 'web');
    advanceTo(t, 2 * MINUTE);
    expect(t.traffic.services()).toEqual([]);
    expect(podCpu(t.sim, 'web-a')).toBe(10);
    expect(t.traffic.podRequestRate('default', 'web-a')).toBeUndefined();
  });

  it('a pod behind two Services gets the sum of both shares', () => {
    const t = webCluster({ 'sim.kubedrill.io/traffic': '100' });
    createAll(t.sim, [webService('web2', { 'sim.kubedrill.io/traffic': '50' }, 'web')]);
    advanceTo(t, MINUTE);
    expect(t.traffic.podRequestRate('default', 'web-a')).toBe(75);
    expect(podCpu(t.sim, 'web-a')).toBe(85);
    expect(t.traffic.services().map((s) => s.name)).toEqual(['web', 'web2']);
  });
});

describe('metrics and determinism', () => {
  it('serves requests_per_second (and aliases) per pod and per Service as custom metrics', () => {
    const t = webCluster({ 'sim.kubedrill.io/traffic': '300' });
    advanceTo(t, MINUTE);
    const p = t.traffic.metricsProvider();
    for (const metric of ['requests_per_second', 'http_requests', 'http_requests_per_second']) {
      expect(p.podMetric('default', 'web-a', metric)).toBe(150);
      expect(p.objectMetric('Service', 'default', 'web', metric)).toBe(300);
    }
    expect(p.podMetric('default', 'web-a', 'cpu')).toBeUndefined();
    expect(p.podMetric('default', 'nope', 'requests_per_second')).toBeUndefined();
    expect(p.objectMetric('Ingress', 'default', 'web', 'requests_per_second')).toBeUndefined();
    expect(p.objectMetric('Service', 'default', 'nope', 'requests_per_second')).toBeUndefined();
  });

  it('the same seed gives the same SLIs', () => {
    const run = () => {
      const t = webCluster(SPIKE, { cpu: '500m', memory: '512Mi' });
      createAll(t.sim, [webPod('web-c', { annotations: { ...EASY_PROFILE, 'sim.kubedrill.io/memory-leak': '20Mi/min' }, limits: { cpu: '300m', memory: '200Mi' } })]);
      advanceTo(t, 20 * MINUTE);
      return JSON.stringify(t.traffic.services());
    };
    const first = run();
    expect(JSON.parse(first)[0].failed).toBeGreaterThan(0);
    expect(run()).toBe(first);
  });
});
