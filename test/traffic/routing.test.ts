import { describe, expect, it } from 'vitest';
import type { Pod } from '../../source/api/core.js';
import { createAll } from '../sim-helpers.js';
import { EASY_PROFILE, MINUTE, type TrafficSim, podCpu, trafficSim, webPod, webService } from './helpers.js';

const advanceTo = (t: TrafficSim, ms: number): void => t.sim.engine.advance(ms - (t.sim.now() - t.traffic.startMs));

describe('routing', () => {
  it('follows the model exactly at the Service, and re-sets pod rates only when they move by more than 2%', () => {
    const t = trafficSim();
    createAll(t.sim, [webPod('a', { annotations: EASY_PROFILE }), webService('web', { 'sim.kubedrill.io/traffic': 'ramp(from=100,to=103,for=10m)' })]);
    advanceTo(t, 10_000);
    // Set at the first tick (5 s): 100 + 3 × 5/600.
    expect(t.traffic.podRequestRate('default', 'a')).toBe(100.025);
    advanceTo(t, 5 * MINUTE);
    // The Service's rate moved 1.5%: the pod keeps its rate, the SLIs use the exact rate.
    expect(t.traffic.sli('default', 'web')).toMatchObject({ rate: 101.5, servedRate: 101.5 });
    expect(t.traffic.podRequestRate('default', 'a')).toBe(100.025);
    expect(podCpu(t.sim, 'a')).toBeCloseTo(110.025, 9);
    // 2% above 100.025 is passed at 405 s: the tick at 410 s gives the pod 102.05, which then holds to the end (103).
    advanceTo(t, 10 * MINUTE);
    expect(t.traffic.podRequestRate('default', 'a')).toBeCloseTo(102.05, 9);
    advanceTo(t, 11 * MINUTE);
    const sli = t.traffic.sli('default', 'web')!;
    expect(sli.rate).toBe(103);
    expect(sli.failed).toBe(0);
  });

  it('routes by the EndpointSlices as they are: with the endpoint controller down, a deleted pod\'s share fails', () => {
    const t = trafficSim();
    createAll(t.sim, [
      webPod('a', { annotations: EASY_PROFILE }), webPod('b', { annotations: EASY_PROFILE }),
      webService('web', { 'sim.kubedrill.io/traffic': '200' }),
    ]);
    advanceTo(t, MINUTE);
    t.sim.engine.setRunning('endpointslice-controller', false);
    t.sim.store.delete('Pod', 'default', 'b', { gracePeriodSeconds: 0 });
    advanceTo(t, 2 * MINUTE);
    const sli = t.traffic.sli('default', 'web')!;
    expect(sli).toMatchObject({ endpoints: 2, rate: 200, servedRate: 100, failedRate: 100 });
    expect(sli.failedNoEndpoint).toBeGreaterThan(0);
    expect(t.traffic.podRequestRate('default', 'a')).toBe(100);
    t.sim.engine.setRunning('endpointslice-controller', true);
    advanceTo(t, 3 * MINUTE);
    expect(t.traffic.sli('default', 'web')).toMatchObject({ endpoints: 1, servedRate: 200 });
    expect(t.traffic.podRequestRate('default', 'a')).toBe(200);
  });

  it('a crashing container fails its in-flight requests each time, and its share while it is down', () => {
    const t = trafficSim();
    createAll(t.sim, [
      webPod('crashy', { annotations: { ...EASY_PROFILE, 'sim.kubedrill.io/crash-after': '2m' } }),
      webService('web', { 'sim.kubedrill.io/traffic': '100' }),
    ]);
    advanceTo(t, 6 * MINUTE);
    const sli = t.traffic.sli('default', 'web')!;
    const restarts = t.sim.store.get<Pod>('Pod', 'default', 'crashy').status!.containerStatuses![0]!.restartCount;
    expect(restarts).toBeGreaterThanOrEqual(1);
    // Each crash loses 100 req/s × 50 / (1 − 100/3890) ms in flight (no limit: the node's 3900m allocatable − 10m base).
    const perCrash = (100 * 50) / (1 - 100 / 3890) / 1000;
    expect(sli.failedInterrupted / perCrash).toBeCloseTo(Math.round(sli.failedInterrupted / perCrash), 6);
    expect(Math.round(sli.failedInterrupted / perCrash)).toBeGreaterThanOrEqual(1);
    expect(sli.availability).toBeLessThan(100);
  });

  it('a node that goes away takes its pods\' in-flight requests with it', () => {
    const t = trafficSim({ workers: 1 });
    createAll(t.sim, [webPod('a', { annotations: EASY_PROFILE }), webService('web', { 'sim.kubedrill.io/traffic': '100' })]);
    advanceTo(t, MINUTE);
    t.sim.kubelets.removeNode('workers-0');
    advanceTo(t, 2 * MINUTE);
    const sli = t.traffic.sli('default', 'web')!;
    expect(sli.failedInterrupted).toBeCloseTo((100 * 50) / (1 - 100 / 3890) / 1000, 9);
    expect(sli.servedRate).toBe(0);
  });

  it('Service traffic starts from the model\'s origin: the simulation start, or startMs', () => {
    const t = trafficSim();
    createAll(t.sim, [webPod('a', { annotations: EASY_PROFILE })]);
    advanceTo(t, 10 * MINUTE);
    createAll(t.sim, [webService('web', { 'sim.kubedrill.io/traffic': 'replay(0s=10,5m=20,15m=30)' })]);
    advanceTo(t, 11 * MINUTE);
    expect(t.traffic.sli('default', 'web')!.rate).toBe(20);
    advanceTo(t, 15 * MINUTE);
    expect(t.traffic.sli('default', 'web')!.rate).toBe(30);
    expect(t.traffic.model('default', 'web')).toMatchObject({ source: 'annotation', originMs: t.traffic.startMs });
  });
});
