/**
 * spec.behavior in a running cluster: rate policies per period, selectPolicy, stabilisation windows. An External
 * AverageValue metric (a queue length) drives these tests, since its proposal — ceil(total / target) — does not
 * depend on how fast new pods become ready.
 */
import { describe, expect, it } from 'vitest';
import type { HorizontalPodAutoscaler } from '../../../source/api/cluster-kinds.js';
import { conditionsOf, eventsOf, hpaObject, hpaOf, hpaSim, replicasOf, runDeployment } from './hpa-helpers.js';

type Behavior = HorizontalPodAutoscaler['spec']['behavior'];

function queueHpa(behavior: Behavior, maxReplicas = 20): HorizontalPodAutoscaler {
  return hpaObject('worker', 'worker', {
    maxReplicas,
    metrics: [{ type: 'External', external: { metric: { name: 'queue_messages' }, target: { type: 'AverageValue', averageValue: '100' } } }],
    behavior,
  });
}

/** Replica counts seen at each of `syncs` sync periods. */
function counts(sim: ReturnType<typeof hpaSim>['sim'], syncs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < syncs; i++) {
    sim.advance(15_000);
    out.push(replicasOf(sim, 'worker'));
  }
  return out;
}

const sizes = (sim: ReturnType<typeof hpaSim>['sim']) => eventsOf(sim, 'worker').filter((e) => e[1] === 'SuccessfulRescale').map((e) => e[2]);

describe('behavior', () => {
  it('the defaulted scale-up (max of +4 pods and +100% per 15 s) goes 1 → 5 → 10 → 20', () => {
    const { sim, metrics } = hpaSim();
    runDeployment(sim, 'worker', 1);
    metrics.external.set('queue_messages', [1500, 500]);
    sim.store.create(queueHpa({}));
    // The API server filled in the defaults.
    expect(hpaOf(sim, 'worker').spec.behavior?.scaleUp?.policies).toEqual([{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }]);
    expect(counts(sim, 4)).toEqual([5, 10, 20, 20]);
    expect(sizes(sim)).toEqual([
      'New size: 5; reason: external metric queue_messages(nil) above target',
      'New size: 10; reason: external metric queue_messages(nil) above target',
      'New size: 20; reason: external metric queue_messages(nil) above target',
    ]);
    expect(hpaOf(sim, 'worker').status?.currentMetrics).toEqual([{ type: 'External', external: { metric: { name: 'queue_messages' }, current: { averageValue: '100' } } }]);
  });

  it('a Pods 4 / 15 s policy adds at most four pods per period, reporting ScaleUpLimit', () => {
    const { sim, metrics } = hpaSim();
    runDeployment(sim, 'worker', 1);
    metrics.external.set('queue_messages', [2000]);
    sim.store.create(queueHpa({ scaleUp: { policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }] } }));
    sim.advance(15_000);
    expect(conditionsOf(sim, 'worker')[2]).toEqual(['ScalingLimited', 'True', 'ScaleUpLimit', 'the desired replica count is increasing faster than the maximum scale rate']);
    expect([replicasOf(sim, 'worker'), ...counts(sim, 5)]).toEqual([5, 9, 13, 17, 20, 20]);
    expect(conditionsOf(sim, 'worker')[2]).toEqual(['ScalingLimited', 'False', 'DesiredWithinRange', 'the desired count is within the acceptable range']);
  });

  it('a longer period counts every rescale inside it: Pods 2 per 60 s', () => {
    const { sim, metrics } = hpaSim();
    runDeployment(sim, 'worker', 1);
    metrics.external.set('queue_messages', [2000]);
    sim.store.create(queueHpa({ scaleUp: { policies: [{ type: 'Pods', value: 2, periodSeconds: 60 }] } }));
    expect(counts(sim, 6)).toEqual([3, 3, 3, 3, 5, 5]);
  });

  it('selectPolicy Disabled blocks the direction', () => {
    const { sim, metrics } = hpaSim();
    runDeployment(sim, 'worker', 2);
    metrics.external.set('queue_messages', [2000]);
    sim.store.create(queueHpa({ scaleUp: { selectPolicy: 'Disabled' } }));
    expect(counts(sim, 3)).toEqual([2, 2, 2]);
    expect(sizes(sim)).toEqual([]);
    expect(conditionsOf(sim, 'worker')).toEqual([
      ['AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size'],
      ['ScalingActive', 'True', 'ValidMetricFound', 'the HPA was able to successfully calculate a replica count from external metric queue_messages(nil)'],
      ['ScalingLimited', 'True', 'ScaleUpLimit', 'the desired replica count is increasing faster than the maximum scale rate'],
    ]);
    expect(hpaOf(sim, 'worker').status).toMatchObject({ currentReplicas: 2, desiredReplicas: 2 });
  });

  it('the corpus HPA\'s 30 s scale-down window holds the count for one more sync, then 100% per 15 s lets it drop', () => {
    const { sim, metrics } = hpaSim();
    runDeployment(sim, 'worker', 10);
    metrics.external.set('queue_messages', [1000]);
    sim.store.create(queueHpa({ scaleDown: { stabilizationWindowSeconds: 30, policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] } }));
    expect(counts(sim, 2)).toEqual([10, 10]);
    metrics.external.set('queue_messages', [200]);
    sim.advance(15_000);
    expect(replicasOf(sim, 'worker')).toBe(10);
    expect(conditionsOf(sim, 'worker')[0]).toEqual(['AbleToScale', 'True', 'ScaleDownStabilized', 'recent recommendations were higher than current one, applying the highest recent recommendation']);
    expect(counts(sim, 1)).toEqual([2]);
    expect(sizes(sim)).toEqual(['New size: 2; reason: All metrics below target']);
  });

  it('without a scale-down window the controller\'s 300 s applies: the last high recommendation ages out after 300 s', () => {
    const { sim, metrics } = hpaSim();
    runDeployment(sim, 'worker', 10);
    metrics.external.set('queue_messages', [1000]);
    sim.store.create(queueHpa({}));
    sim.advance(15_000);
    metrics.external.set('queue_messages', [200]);
    // The last recommendation of 10 was made at this first sync; 18 syncs (270 s) later it still holds.
    expect(counts(sim, 18).every((n) => n === 10)).toBe(true);
    expect(counts(sim, 1)).toEqual([10]);
    // 300 s after it, it no longer counts.
    expect(counts(sim, 1)).toEqual([2]);
  });

  it('scale-down policies limit the rate: Pods 1 per 60 s', () => {
    const { sim, metrics } = hpaSim();
    runDeployment(sim, 'worker', 6);
    metrics.external.set('queue_messages', [100]);
    sim.store.create(queueHpa({ scaleDown: { stabilizationWindowSeconds: 0, policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } }));
    expect(counts(sim, 9)).toEqual([5, 5, 5, 5, 4, 4, 4, 4, 3]);
    expect(conditionsOf(sim, 'worker')[2]).toEqual(['ScalingLimited', 'True', 'ScaleDownLimit', 'the desired replica count is decreasing faster than the maximum scale rate']);
  });
});
