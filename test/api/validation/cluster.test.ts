/** kubedrill.io/v1 Cluster validation. */
import { describe, expect, it } from 'vitest';
import { cluster, errorsOf, messageOf } from './fixtures.js';

describe('Cluster', () => {
  it('accepts the demo shape', () => {
    expect(errorsOf(cluster())).toEqual([]);
  });

  it('needs at least one node pool', () => {
    const c = cluster();
    c.spec.nodePools = [];
    expect(messageOf(c)).toBe('Cluster.kubedrill.io "demo" is invalid: spec.nodePools: Required value: must have at least one node pool');
  });

  it('checks pool names, counts and capacity', () => {
    const c = cluster();
    c.spec.nodePools = [
      { name: 'Workers', count: -2, capacity: { cpu: '4 cores' } },
      { name: 'gpu', capacity: { cpu: '8', memory: '64Gi' } },
      { name: 'gpu', count: 1, capacity: { cpu: '8', memory: '-1Gi' } },
    ];
    expect(errorsOf(c)).toEqual([
      "spec.nodePools[0].name: Invalid value: \"Workers\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      'spec.nodePools[0].count: Invalid value: -2: must be greater than or equal to 0',
      "spec.nodePools[0].capacity[cpu]: Invalid value: \"4 cores\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
      'spec.nodePools[0].capacity[memory]: Required value',
      'spec.nodePools[1].count: Required value',
      'spec.nodePools[2].name: Duplicate value: "gpu"',
      'spec.nodePools[2].capacity[memory]: Invalid value: "-1Gi": must be greater than or equal to 0',
    ]);
  });

  it('checks autoscaling bounds, zones, taints and control-plane settings', () => {
    const c = cluster();
    c.spec.nodePools[1].autoscaling = { min: 5, max: 2 };
    c.spec.nodePools[1].zones = ['zone-a', 'zone-a', 'Zone B'];
    c.spec.nodePools[0].taints = [{ key: 'x', effect: 'Evict' }];
    c.spec.controlPlane = { scoringStrategy: 'Random', podCIDR: '10.244.0.0' };
    const errs = errorsOf(c);
    expect(errs).toContain('spec.nodePools[1].autoscaling.max: Invalid value: 2: must be greater than or equal to `min`');
    expect(errs).toContain('spec.nodePools[1].zones[1]: Duplicate value: "zone-a"');
    expect(errs.some((e) => e.startsWith('spec.nodePools[1].zones[2]: Invalid value: "Zone B": a valid label must'))).toBe(true);
    expect(errs).toContain('spec.nodePools[0].taints[0].effect: Unsupported value: "Evict": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"');
    expect(errs).toContain('spec.controlPlane.podCIDR: Invalid value: "10.244.0.0": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)');
    expect(errs).toContain('spec.controlPlane.scoringStrategy: Unsupported value: "Random": supported values: "LeastAllocated", "MostAllocated"');
  });
});
