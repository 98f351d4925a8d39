/** Namespace, Node, Secret, ConfigMap, LimitRange, ResourceQuota and Lease validation. */
import { describe, expect, it } from 'vitest';
import { clone, errorsOf, messageOf, node, stored } from './fixtures.js';

describe('Node', () => {
  it('checks taint effects (reported under metadata.taints, as upstream) and uniqueness', () => {
    const n = node();
    n.spec.taints = [{ key: 'a', effect: 'NoSchedule' }, { key: 'a', effect: 'NoSchedule' }, { key: 'b', effect: 'Evict' }, { key: 'c' }];
    expect(messageOf(n)).toBe('Node "node-1" is invalid: [metadata.taints[1]: Duplicate value: core.Taint{Key:"a", Value:"", Effect:"NoSchedule", TimeAdded:<nil>}: taints must be unique by key and effect pair, metadata.taints[2].effect: Unsupported value: "Evict": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute", metadata.taints[3].effect: Required value]');
  });

  it('checks capacity quantities and podCIDRs', () => {
    const n = node();
    n.status.capacity.cpu = 'four';
    n.status.capacity.pods = '1.5';
    n.status.allocatable = { cpu: '3800m', memory: '15Gi', pods: '110' };
    n.spec.podCIDRs = ['10.244.1.0/33'];
    expect(errorsOf(n)).toEqual([
      'spec.podCIDRs[0]: Invalid value: "10.244.1.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
      "status.capacity.cpu: Invalid value: \"four\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
      'status.capacity.pods: Invalid value: 1500m: must be an integer',
    ]);
  });

  it('lets podCIDRs and providerID be set once', () => {
    const old = stored({ ...node(), spec: { podCIDRs: ['10.244.1.0/24'], providerID: 'kubedrill://node-1' } });
    const next = clone(old);
    next.spec.unschedulable = true;
    expect(errorsOf(next, old)).toEqual([]);
    next.spec.podCIDRs = ['10.244.2.0/24'];
    next.spec.providerID = 'aws://i-1';
    expect(errorsOf(next, old)).toEqual([
      'spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid',
      'spec.providerID: Forbidden: node updates may not change providerID except from "" to valid',
    ]);
  });
});

describe('Secret and ConfigMap', () => {
  const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' } };

  it('checks keys, base64 data and type-specific keys', () => {
    expect(errorsOf({ ...secret, type: 'kubernetes.io/tls', data: { 'tls crt': 'aGk=', 'tls.key': 'not base64!' } })).toEqual([
      "data[tls crt]: Invalid value: \"tls crt\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
      'data[tls.key]: Invalid value: "<secret contents redacted>": illegal base64 data at input byte 3',
      'data[tls.crt]: Required value',
    ]);
  });

  it('limits a Secret to 1 MiB', () => {
    const big = Buffer.alloc(1024 * 1024 + 1).toString('base64');
    expect(errorsOf({ ...secret, data: { blob: big } })).toEqual(['data: Too long: may not be more than 1048576 bytes']);
  });

  it('keeps the type, and immutable data, on update', () => {
    const old = stored({ ...secret, immutable: true, stringData: { a: 'b' } });
    expect(errorsOf({ ...old, type: 'kubernetes.io/basic-auth', data: { username: 'eA==' }, immutable: false }, old)).toEqual([
      'type: Invalid value: "kubernetes.io/basic-auth": field is immutable',
      'immutable: Forbidden: field is immutable when `immutable` is set',
      'data: Forbidden: field is immutable when `immutable` is set',
    ]);
  });

  it('refuses a ConfigMap key present in both data and binaryData', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data: { a: 'x' }, binaryData: { a: 'eA==' } };
    expect(errorsOf(cm)).toEqual(['data[a]: Invalid value: "a": duplicate of key present in binaryData']);
  });
});

describe('Namespace, LimitRange, ResourceQuota, Lease', () => {
  it('checks namespace finalizers', () => {
    expect(errorsOf({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' }, spec: { finalizers: ['kubernetes', 'custom'] } }))
      .toEqual(['spec.finalizers: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified']);
  });

  it('checks LimitRange ordering and types', () => {
    const lr = { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'l', namespace: 'default' }, spec: { limits: [
      { type: 'Container', min: { cpu: '2' }, max: { cpu: '1' } },
      { type: 'Node', max: { cpu: '1' } },
      { type: 'Pod', default: { cpu: '1' } },
    ] } };
    expect(errorsOf(lr)).toEqual([
      'spec.limits[0].min[cpu]: Invalid value: 2: min value 2 is greater than max value 1',
      'spec.limits[0].defaultRequest[cpu]: Invalid value: 1: min value 2 is greater than default request value 1',
      'spec.limits[0].default[cpu]: Invalid value: 2: min value 2 is greater than default value 1',
      'spec.limits[1].type: Invalid value: "Node": must be a standard limit type or fully qualified',
      "spec.limits[2].default: Forbidden: may not be specified when `type` is 'Pod'",
    ]);
  });

  it('checks quota resource names, scopes and scope changes', () => {
    const q = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q', namespace: 'default' }, spec: { hard: { gpus: '1' }, scopes: ['BestEffort', 'NotBestEffort'] } };
    expect(errorsOf(q)).toEqual([
      'spec.hard[gpus]: Invalid value: "gpus": must be a standard resource type or fully qualified',
      'spec.hard[gpus]: Invalid value: "gpus": must be a standard resource for quota',
      'spec.scopes: Invalid value: []string{"BestEffort", "NotBestEffort"}: conflicting scopes',
    ]);
    const old = stored({ ...q, spec: { hard: { pods: '10' } } });
    expect(errorsOf({ ...old, spec: { hard: { pods: '20' }, scopes: ['Terminating'] } }, old)).toEqual(['spec.scopes: Invalid value: []string{"Terminating"}: field is immutable']);
  });

  it('needs a positive lease duration', () => {
    expect(errorsOf({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'n', namespace: 'kube-node-lease' }, spec: { leaseDurationSeconds: 0 } }))
      .toEqual(['spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0']);
  });
});
