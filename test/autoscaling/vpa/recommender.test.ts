import { describe, expect, it } from 'vitest';
import type { VerticalPodAutoscaler } from '../../../source/api/vpa-kinds.js';
import { VerticalPodAutoscalerController } from '../../../source/autoscaling/vpa/vpa-controller.js';
import type { Simulation } from '../../../source/cluster/simulation.js';
import { settleAddons, testSimulation } from '../../sim-helpers.js';
import { events, FakeMetrics, MIB, podsOf, vpa, webDeployment } from './helpers.js';

const MINUTE = 60_000;

/** A cluster with Deployment `web` (2 pods at 100m/128Mi), a fake metrics client and the `vpa` component registered. */
function setup(usage = { cpuMilli: 500, memoryBytes: 100 * MIB }): { sim: Simulation; metrics: FakeMetrics; vpaController: VerticalPodAutoscalerController } {
  let metrics!: FakeMetrics;
  let vpaController!: VerticalPodAutoscalerController;
  // The test's controller, on fake metrics, takes the built-in one's place.
  const sim = testSimulation({ components: (engine) => {
    metrics = new FakeMetrics(() => engine.now(), () => usage);
    vpaController = new VerticalPodAutoscalerController(engine, metrics);
    return [vpaController];
  } });
  const start = sim.now();
  settleAddons(sim);
  sim.store.create(webDeployment(2, { cpu: '100m', memory: '128Mi' }));
  sim.engine.advanceUntil(() => podsOf(sim).filter((p) => p.status?.phase === 'Running').length === 2, 120_000);
  // The recommender runs every minute from its start: line up on a tick so a VPA created now waits exactly one.
  sim.advance((MINUTE - ((sim.now() - start) % MINUTE)) % MINUTE);
  return { sim, metrics, vpaController };
}

const stored = (sim: Simulation, name = 'web-vpa') => sim.store.get<VerticalPodAutoscaler>('VerticalPodAutoscaler', 'default', name);

describe('VPA recommender', () => {
  it('writes target, bounds and RecommendationProvided on the one-minute cadence', () => {
    const { sim } = setup();
    sim.store.create(vpa({ updatePolicy: { updateMode: 'Off' } }));
    sim.advance(59_000);
    expect(stored(sim).status).toBeUndefined();
    sim.advance(1_000);
    const status = stored(sim).status!;
    expect(status.recommendation?.containerRecommendations).toEqual([{
      containerName: 'app',
      target: { cpu: '587m', memory: '250Mi' },
      // One minute of history: no confidence yet, so the bounds are as wide as they get.
      lowerBound: { cpu: '25m', memory: '250Mi' },
      upperBound: { cpu: '100G', memory: '97656250000Ki' },
      uncappedTarget: { cpu: '587m', memory: '250Mi' },
    }]);
    expect(status.conditions).toEqual([{ type: 'RecommendationProvided', status: 'True', lastTransitionTime: new Date(sim.now()).toISOString().replace(/\.\d{3}Z$/, 'Z') }]);
    // The bounds tighten as history accumulates: 30 minutes in, the lower bound is close to the 50th percentile.
    sim.advance(30 * MINUTE);
    const later = stored(sim).status!.recommendation!.containerRecommendations![0]!;
    expect(later.target).toEqual({ cpu: '587m', memory: '250Mi' });
    expect(later.lowerBound!.cpu).toBe('534m'); // 587m × (1 + 0.001 / (30/1440))^-2, truncated
    expect(later.upperBound!.cpu).toBe('28763m'); // 587m × (1 + 1440/30)
  });

  it('honours minAllowed / maxAllowed, keeping the uncapped target', () => {
    const { sim } = setup();
    sim.store.create(vpa({
      updatePolicy: { updateMode: 'Off' },
      resourcePolicy: { containerPolicies: [{ containerName: '*', minAllowed: { cpu: '1' }, maxAllowed: { memory: '200Mi' } }] },
    }));
    sim.advance(MINUTE);
    const rec = stored(sim).status!.recommendation!.containerRecommendations![0]!;
    expect(rec.target).toEqual({ cpu: '1', memory: '200Mi' });
    expect(rec.uncappedTarget).toEqual({ cpu: '587m', memory: '250Mi' });
    expect(rec.lowerBound).toEqual({ cpu: '1', memory: '200Mi' });
    expect(rec.upperBound).toEqual({ cpu: '100G', memory: '200Mi' });
  });

  it('recommends only controlledResources, and nothing for a container with mode Off', () => {
    const { sim } = setup();
    sim.store.create(vpa({ resourcePolicy: { containerPolicies: [{ containerName: 'app', controlledResources: ['cpu'] }] }, updatePolicy: { updateMode: 'Off' } }));
    sim.store.create(vpa({ resourcePolicy: { containerPolicies: [{ containerName: 'app', mode: 'Off' }] }, updatePolicy: { updateMode: 'Off' } }, 'off-vpa'));
    sim.advance(MINUTE);
    expect(stored(sim).status!.recommendation!.containerRecommendations![0]!.target).toEqual({ cpu: '587m' });
    const off = stored(sim, 'off-vpa').status!;
    expect(off.recommendation).toEqual({});
    expect(off.conditions).toEqual([{ type: 'RecommendationProvided', status: 'False', lastTransitionTime: expect.any(String) }]);
  });

  it('in Off mode changes only the VPA status: no pod is touched or evicted', () => {
    const { sim } = setup({ cpuMilli: 2000, memoryBytes: 900 * MIB });
    const before = podsOf(sim).map((p) => `${p.metadata.name} ${p.metadata.resourceVersion} ${p.spec.containers[0]!.resources!.requests!.cpu}`);
    sim.store.create(vpa({ updatePolicy: { updateMode: 'Off' } }));
    sim.advance(30 * MINUTE);
    expect(stored(sim).status!.recommendation!.containerRecommendations![0]!.target.cpu).toBe('2406m'); // 2 cores: bucket end 2093m + 15%
    expect(podsOf(sim).map((p) => `${p.metadata.name} ${p.metadata.resourceVersion} ${p.spec.containers[0]!.resources!.requests!.cpu}`)).toEqual(before);
    expect(events(sim, 'EvictedByVPA')).toEqual([]);
  });

  it('reports NoPodsMatched and ConfigUnsupported as upstream', () => {
    const { sim } = setup();
    sim.store.create(webDeployment(0, { cpu: '100m' }, undefined, 'idle'));
    sim.store.create(vpa({ updatePolicy: { updateMode: 'Off' } }, 'idle-vpa', 'idle'));
    sim.store.create(vpa({ updatePolicy: { updateMode: 'Off' } }, 'ghost-vpa', 'ghost'));
    sim.advance(MINUTE);
    const noPods = 'No pods match this VPA object';
    expect(stored(sim, 'idle-vpa').status!.conditions!.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['NoPodsMatched', 'True', 'NoPodsMatched', noPods], ['RecommendationProvided', 'False', 'NoPodsMatched', noPods],
    ]);
    expect(stored(sim, 'ghost-vpa').status!.conditions!.map((c) => [c.type, c.status, c.message])).toEqual([
      ['ConfigUnsupported', 'True', 'Cannot read targetRef. Reason: Deployment default/ghost does not exist'],
      ['NoPodsMatched', 'True', noPods], ['RecommendationProvided', 'False', noPods],
    ]);
  });

  it('keeps the condition transition time while the status holds, and does nothing when stopped', () => {
    const { sim, metrics } = setup();
    sim.store.create(vpa({ updatePolicy: { updateMode: 'Off' } }));
    sim.advance(MINUTE);
    const first = stored(sim).status!.conditions![0]!.lastTransitionTime;
    sim.advance(5 * MINUTE);
    expect(stored(sim).status!.conditions![0]!.lastTransitionTime).toBe(first);
    sim.setComponentRunning('vpa', false);
    const calls = metrics.calls;
    sim.advance(5 * MINUTE);
    expect(metrics.calls).toBe(calls);
  });

  it('forgets a deleted VPA and the state of deleted pods', () => {
    const { sim, vpaController } = setup();
    const created = sim.store.create(vpa({ updatePolicy: { updateMode: 'Off' } }));
    sim.advance(MINUTE);
    expect(vpaController.recommender.aggregate(created.metadata.uid!, 'app')?.totalSamplesCount).toBe(2);
    sim.store.delete('VerticalPodAutoscaler', 'default', 'web-vpa');
    sim.advance(MINUTE);
    expect(vpaController.recommender.aggregate(created.metadata.uid!, 'app')).toBeUndefined();
  });
});
