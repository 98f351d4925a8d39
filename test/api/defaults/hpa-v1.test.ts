/** autoscaling/v1 → v2 HPA conversion. */
import { describe, expect, it } from 'vitest';
import { applyDefaults, convertHpaV1 } from '../../../source/api/defaults/index.js';
import type { Loose } from '../validation/fixtures.js';

const v1 = (): Loose => ({
  apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'default' },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 10, targetCPUUtilizationPercentage: 50 },
  status: { currentReplicas: 3, desiredReplicas: 3, currentCPUUtilizationPercentage: 42 },
});

describe('convertHpaV1', () => {
  it('turns targetCPUUtilizationPercentage into a Resource metric and leaves the input untouched', () => {
    const input = v1();
    const out = convertHpaV1(input);
    expect(out).toEqual({
      apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'default' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 10,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] },
      status: { currentReplicas: 3, desiredReplicas: 3, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 42 } } }] },
    });
    expect(input.spec.targetCPUUtilizationPercentage).toBe(50);
  });

  it('without a target, leaves metrics for defaulting (CPU 80%)', () => {
    const input = v1();
    delete input.spec.targetCPUUtilizationPercentage;
    const out: Loose = convertHpaV1(input);
    expect(out.spec.metrics).toBeUndefined();
    applyDefaults(out);
    expect(out.spec.metrics[0].resource.target.averageUtilization).toBe(80);
  });

  it('folds the alpha metrics and behavior annotations back in', () => {
    const input = v1();
    input.metadata.annotations = {
      'autoscaling.alpha.kubernetes.io/metrics': JSON.stringify([{ type: 'Pods', pods: { metricName: 'rps', targetAverageValue: '100' } }]),
      'autoscaling.alpha.kubernetes.io/behavior': JSON.stringify({ scaleDown: { stabilizationWindowSeconds: 60 } }),
      team: 'web',
    };
    const out: Loose = convertHpaV1(input);
    expect(out.spec.metrics).toEqual([
      { type: 'Pods', pods: { metric: { name: 'rps', selector: undefined }, target: { type: 'AverageValue', averageValue: '100' } } },
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
    ]);
    expect(out.spec.behavior).toEqual({ scaleDown: { stabilizationWindowSeconds: 60 } });
    expect(out.metadata.annotations).toEqual({ team: 'web' });
  });

  it('is applied by applyDefaults to a v1-shaped object whose apiVersion was already rewritten', () => {
    const obj = v1();
    obj.apiVersion = 'autoscaling/v2';
    applyDefaults(obj);
    expect(obj.spec.targetCPUUtilizationPercentage).toBeUndefined();
    expect(obj.spec.metrics[0].resource.target.averageUtilization).toBe(50);
  });
});
