import { describe, expect, test } from 'vitest';
import type { ConfigMap, Event } from '../../../source/api/core.js';
import { formatUtilization, goFloat } from '../../../source/autoscaling/cluster-autoscaler/scale-down-planner.js';
import { goStatusTime, toYaml, yamlString } from '../../../source/autoscaling/cluster-autoscaler/status.js';
import { caSimulation, create, deployment, statusText } from './helpers.js';

describe('status formatting helpers', () => {
  test('Go time format of the status and last-updated annotation', () => {
    expect(goStatusTime(Date.UTC(2026, 0, 1, 0, 2, 0))).toBe('2026-01-01 00:02:00 +0000 UTC');
    expect(goStatusTime(Date.UTC(2026, 0, 1, 0, 2, 0, 500))).toBe('2026-01-01 00:02:00.5 +0000 UTC');
    expect(goStatusTime(Date.UTC(2026, 0, 1, 0, 2, 0, 120))).toBe('2026-01-01 00:02:00.12 +0000 UTC');
  });

  test('strings are quoted as yaml.v2 quotes them', () => {
    expect(yamlString('Healthy')).toBe('Healthy');
    expect(yamlString('2026-01-01T00:00:10Z')).toBe('"2026-01-01T00:00:10Z"');
    expect(yamlString('2026-01-01 00:02:00 +0000 UTC')).toBe('2026-01-01 00:02:00 +0000 UTC');
    expect(yamlString('2026-01-01')).toBe('"2026-01-01"');
    expect(yamlString('')).toBe('""');
    expect(yamlString('true')).toBe('"true"');
    expect(yamlString('no')).toBe('"no"');
    expect(yamlString('123')).toBe('"123"');
    expect(yamlString('1.5e3')).toBe('"1.5e3"');
    expect(yamlString('a: b')).toBe("'a: b'");
    expect(yamlString("- it's")).toBe("'- it''s'");
    expect(yamlString('Scale-up timed out for node group pool-a after 15m10s')).toBe('Scale-up timed out for node group pool-a after 15m10s');
  });

  test('sigs.k8s.io/yaml layout: sorted keys, empty maps inline, sequences at their key’s indent', () => {
    expect(toYaml({ b: 1, a: { d: null, c: {} }, list: [{ z: 'x', y: { k: 2 } }], empty: [] })).toBe(
      'a:\n  c: {}\n  d: null\nb: 1\nempty: []\nlist:\n- y:\n    k: 2\n  z: x\n',
    );
  });

  test('Go %v of floats and of utilization.Info', () => {
    expect(goFloat(0)).toBe('0');
    expect(goFloat(0.25)).toBe('0.25');
    expect(goFloat(500 / 1900)).toBe('0.2631578947368421');
    expect(goFloat(0.00005)).toBe('5e-05');
    expect(goFloat(1.5e-7)).toBe('1.5e-07');
    expect(goFloat(0.0001)).toBe('0.0001');
    expect(formatUtilization({ cpu: 0.5, memory: 0.25, resourceName: 'cpu', utilization: 0.5 })).toBe('{0.5 0.25 0 0 cpu 0.5}');
  });
});

describe('the status ConfigMap', () => {
  test('written "Initializing" at start, then the full status every scan', () => {
    const { sim } = caSimulation();
    const cm = () => sim.store.get<ConfigMap>('ConfigMap', 'kube-system', 'cluster-autoscaler-status');
    expect(statusText(sim)).toBe([
      'autoscalerStatus: Initializing',
      'clusterWide:',
      '  health:',
      '    lastProbeTime: null',
      '    lastTransitionTime: null',
      '    nodeCounts:',
      '      longUnregistered: 0',
      '      registered:',
      '        notStarted: 0',
      '        ready: 0',
      '        total: 0',
      '        unready:',
      '          resourceUnready: 0',
      '          total: 0',
      '      unregistered: 0',
      '  scaleDown:',
      '    lastProbeTime: null',
      '    lastTransitionTime: null',
      '  scaleUp:',
      '    lastProbeTime: null',
      '    lastTransitionTime: null',
      'time: 2026-01-01 00:00:00 +0000 UTC',
      '',
    ].join('\n'));
    create(sim, deployment('web', 6, '500m'));
    sim.advance(10_000);
    expect(cm().metadata.annotations!['cluster-autoscaler.kubernetes.io/last-updated']).toBe('2026-01-01 00:00:10 +0000 UTC');
    expect(statusText(sim)).toBe([
      'autoscalerStatus: Running',
      'clusterWide:',
      '  health:',
      '    lastProbeTime: "2026-01-01T00:00:10Z"',
      '    lastTransitionTime: "2026-01-01T00:00:10Z"',
      '    nodeCounts:',
      '      longUnregistered: 0',
      '      registered:',
      '        notStarted: 0',
      '        ready: 5',
      '        total: 5',
      '        unready:',
      '          resourceUnready: 0',
      '          total: 0',
      '      unregistered: 1',
      '    status: Healthy',
      '  scaleDown:',
      '    lastProbeTime: null',
      '    lastTransitionTime: null',
      '    status: NoCandidates',
      '  scaleUp:',
      '    lastProbeTime: "2026-01-01T00:00:10Z"',
      '    lastTransitionTime: "2026-01-01T00:00:10Z"',
      '    status: InProgress',
      'nodeGroups:',
      '- health:',
      '    cloudProviderTarget: 2',
      '    lastProbeTime: "2026-01-01T00:00:10Z"',
      '    lastTransitionTime: "2026-01-01T00:00:10Z"',
      '    maxSize: 4',
      '    minSize: 1',
      '    nodeCounts:',
      '      longUnregistered: 0',
      '      registered:',
      '        notStarted: 0',
      '        ready: 1',
      '        total: 1',
      '        unready:',
      '          resourceUnready: 0',
      '          total: 0',
      '      unregistered: 1',
      '    status: Healthy',
      '  name: pool-a',
      '  scaleDown:',
      '    lastProbeTime: null',
      '    lastTransitionTime: null',
      '    status: NoCandidates',
      '  scaleUp:',
      '    backoffInfo: {}',
      '    lastProbeTime: "2026-01-01T00:00:10Z"',
      '    lastTransitionTime: "2026-01-01T00:00:10Z"',
      '    status: InProgress',
      'time: 2026-01-01 00:00:10 +0000 UTC',
      '',
    ].join('\n'));
    // Scale-up done: transition times move only for the conditions whose status changed.
    sim.advance(60_000);
    const text = statusText(sim);
    expect(text).toContain('  scaleUp:\n    lastProbeTime: "2026-01-01T00:01:10Z"\n    lastTransitionTime: "2026-01-01T00:01:10Z"\n    status: NoActivity\n');
    expect(text).toContain('  health:\n    lastProbeTime: "2026-01-01T00:01:10Z"\n    lastTransitionTime: "2026-01-01T00:00:10Z"\n');
    expect(text).toContain('    cloudProviderTarget: 2\n');
    // Scale-down ran (no scale-up that scan): its probe time is now set, the status unchanged, so no transition.
    expect(text).toContain('  scaleDown:\n    lastProbeTime: "2026-01-01T00:01:10Z"\n    lastTransitionTime: null\n    status: NoCandidates\n');
  });

  test('CA events are recorded on the status ConfigMap', () => {
    const { sim } = caSimulation();
    create(sim, deployment('web', 6, '500m'));
    sim.advance(10_000);
    const uid = sim.store.get<ConfigMap>('ConfigMap', 'kube-system', 'cluster-autoscaler-status').metadata.uid;
    const onCm = sim.store.select<Event>('Event', { namespace: 'kube-system' }).filter((e) => e.involvedObject.kind === 'ConfigMap');
    expect(onCm.map((e) => [e.involvedObject.name, e.involvedObject.uid, e.type, e.reason, e.source?.component])).toEqual([
      ['cluster-autoscaler-status', uid, 'Normal', 'ScaledUpGroup', 'cluster-autoscaler'],
      ['cluster-autoscaler-status', uid, 'Normal', 'ScaledUpGroup', 'cluster-autoscaler'],
    ]);
  });

  test('a backed-off group shows Backoff with the error code and message', () => {
    const { sim, ca } = caSimulation();
    ca.setProvisioningFailure('pool-a', true);
    create(sim, deployment('web', 6, '500m'));
    sim.advance(15 * 60_000 + 20_000);
    expect(statusText(sim)).toContain([
      '  scaleUp:',
      '    backoffInfo:',
      '      errorCode: timeout',
      '      errorMessage: Scale-up timed out for node group pool-a after 15m10s',
      '    lastProbeTime: "2026-01-01T00:15:20Z"',
      '    lastTransitionTime: "2026-01-01T00:15:20Z"',
      '    status: Backoff',
    ].join('\n'));
    expect(() => ca.setProvisioningFailure('nope', true)).toThrow('no autoscaled node group "nope"; known: pool-a');
  });
});
