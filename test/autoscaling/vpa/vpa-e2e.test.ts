/** The whole VPA against the real metrics-server: recommend, evict the over-provisioned pods, recreate them right-sized. */
import { describe, expect, it } from 'vitest';
import type { VerticalPodAutoscaler } from '../../../source/api/vpa-kinds.js';
import { settleAddons, testSimulation } from '../../sim-helpers.js';
import { events, podsOf, vpa, webDeployment } from './helpers.js';

describe('VPA end to end', () => {
  it('shrinks pods that request far more CPU than they use, a bounded number at a time', () => {
    // The Simulation wires metrics-server, the vpa component and its admission plugin itself.
    const sim = testSimulation();
    settleAddons(sim);
    sim.store.create(webDeployment(4, { cpu: '1', memory: '64Mi' }));
    sim.store.create(vpa({ updatePolicy: { updateMode: 'Recreate' }, resourcePolicy: { containerPolicies: [{ containerName: '*', controlledResources: ['cpu'] }] } }));
    sim.advance(5 * 60_000);
    const status = sim.store.get<VerticalPodAutoscaler>('VerticalPodAutoscaler', 'default', 'web-vpa').status!;
    expect(status.conditions?.find((c) => c.type === 'RecommendationProvided')?.status).toBe('True');
    const target = status.recommendation!.containerRecommendations![0]!.target.cpu!;
    expect(Number.parseInt(target, 10)).toBeLessThan(1000);
    // Within a few updater passes every pod has been recreated with the (much smaller) target; at most 2 of 4 per pass.
    sim.advance(30 * 60_000);
    const evicted = events(sim, 'EvictedByVPA');
    expect(evicted.length).toBeGreaterThanOrEqual(4);
    const pods = podsOf(sim);
    expect(pods).toHaveLength(4);
    for (const p of pods) {
      expect(p.spec.containers[0]!.resources!.requests!.cpu).not.toBe('1');
      expect(p.metadata.annotations?.vpaUpdates).toMatch(/^Pod resources updated by web-vpa: container 0: cpu request$/);
    }
  });
});
