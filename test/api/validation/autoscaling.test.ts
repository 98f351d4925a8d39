/** HorizontalPodAutoscaler validation: replica bounds, target reference, metric shapes, behavior. */
import { describe, expect, it } from 'vitest';
import { clone, errorsOf, hpa, messageOf, stored } from './fixtures.js';

describe('HorizontalPodAutoscaler', () => {
  it('needs maxReplicas >= minReplicas >= 1', () => {
    const h = hpa();
    Object.assign(h.spec, { minReplicas: 5, maxReplicas: 3 });
    expect(messageOf(h)).toBe('HorizontalPodAutoscaler.autoscaling "web" is invalid: spec.maxReplicas: Invalid value: 3: must be greater than or equal to `minReplicas`');
    Object.assign(h.spec, { minReplicas: 0, maxReplicas: 0 });
    expect(errorsOf(h)).toEqual([
      'spec.minReplicas: Invalid value: 0: must be greater than or equal to 1',
      'spec.maxReplicas: Invalid value: 0: must be greater than 0',
      // The defaulted CPU metric cannot scale from zero either.
      'spec.metrics: Forbidden: must specify at least one Object or External metric to support scaling to zero replicas',
    ]);
  });

  it('allows minReplicas 0 only when the stored object already had it, and then only with Object/External metrics', () => {
    const base = hpa();
    base.spec.minReplicas = 0;
    const old = stored(hpa());
    old.spec.minReplicas = 0;
    const next = clone(base);
    next.spec.maxReplicas = 20;
    expect(errorsOf(next, old)).toEqual(['spec.metrics: Forbidden: must specify at least one Object or External metric to support scaling to zero replicas']);
    next.spec.metrics = [{ type: 'External', external: { metric: { name: 'queue_depth' }, target: { type: 'AverageValue', averageValue: '30' } } }];
    expect(errorsOf(next, old)).toEqual([]);
    expect(errorsOf(next)[0]).toBe('spec.minReplicas: Invalid value: 0: must be greater than or equal to 1');
  });

  it('requires the target reference', () => {
    const h = hpa();
    h.spec.scaleTargetRef = { kind: 'Deployment' };
    expect(errorsOf(h)).toEqual(['spec.scaleTargetRef.name: Required value']);
  });

  it('checks metric shapes', () => {
    const h = hpa();
    h.spec.metrics = [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization' } } },
      { type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'AverageValue' } } },
      { type: 'Resource', pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '10' } } },
      { type: 'Queue' },
      { type: 'External', external: { metric: { name: 'q' }, target: { type: 'Value', value: '1' } }, resource: { name: 'cpu' } },
      { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 0 } } },
    ];
    expect(errorsOf(h)).toEqual([
      'spec.metrics[0].resource.target.averageUtilization: Required value: must set either a target raw value or a target utilization',
      'spec.metrics[1].pods.target.averageValue: Required value: must specify a positive target averageValue',
      // Only one source is present, so upstream does not also call it "extra".
      'spec.metrics[2].resource: Required value: must populate information for the given metric source',
      'spec.metrics[3].type: Unsupported value: "Queue": supported values: "ContainerResource", "External", "Object", "Pods", "Resource"',
      'spec.metrics[4].resource: Forbidden: must populate the given metric source only',
      'spec.metrics[5].resource.target.averageUtilization: Invalid value: 0: must be greater than 0',
    ]);
  });

  it('checks behavior rules', () => {
    const h = hpa();
    h.spec.behavior = { scaleDown: { stabilizationWindowSeconds: 4000, selectPolicy: 'Avg', policies: [{ type: 'Nodes', value: 0, periodSeconds: 3600 }] } };
    expect(errorsOf(h)).toEqual([
      'spec.behavior.scaleDown.stabilizationWindowSeconds: Invalid value: 4000: must be less than or equal to 3600',
      'spec.behavior.scaleDown.selectPolicy: Unsupported value: "Avg": supported values: "Disabled", "Max", "Min"',
      'spec.behavior.scaleDown.policies[0].type: Unsupported value: "Nodes": supported values: "Percent", "Pods"',
      'spec.behavior.scaleDown.policies[0].value: Invalid value: 0: must be greater than zero',
      'spec.behavior.scaleDown.policies[0].periodSeconds: Invalid value: 3600: must be less than or equal to 1800',
    ]);
  });

  it('accepts a v1 HPA once converted during defaulting', () => {
    const v1 = { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'default' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 5, targetCPUUtilizationPercentage: 50 } };
    expect(errorsOf(v1)).toEqual([]);
  });
});
