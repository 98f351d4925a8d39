import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../source/api/core.js';
import { podQosClass } from '../../../source/api/print/pod-status.js';
import { obj } from './helpers.js';

type Res = { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
const pod = (containers: Res[], init: Res[] = []): Pod =>
  obj('v1', 'Pod', 'p', {
    spec: {
      containers: containers.map((resources, i) => ({ name: `c${i}`, image: 'nginx', resources })),
      initContainers: init.map((resources, i) => ({ name: `i${i}`, image: 'busybox', resources })),
    },
  }) as Pod;

const full = { cpu: '500m', memory: '128Mi' };

describe('podQosClass (GetPodQOS)', () => {
  it('BestEffort when no container sets cpu or memory', () => {
    expect(podQosClass(pod([{}, {}]))).toBe('BestEffort');
    expect(podQosClass(pod([]))).toBe('BestEffort');
    // Only cpu and memory count; zero quantities are ignored.
    expect(podQosClass(pod([{ limits: { 'ephemeral-storage': '1Gi', 'hugepages-2Mi': '4Mi' } }]))).toBe('BestEffort');
    expect(podQosClass(pod([{ requests: { cpu: '0', memory: '0' } }]))).toBe('BestEffort');
  });

  it('Guaranteed when every container has cpu+memory limits equal to requests (requests default to limits)', () => {
    expect(podQosClass(pod([{ limits: full }]))).toBe('Guaranteed');
    expect(podQosClass(pod([{ limits: full, requests: full }, { limits: { cpu: '1', memory: '1Gi' } }]))).toBe('Guaranteed');
    // Equal values written differently still compare equal.
    expect(podQosClass(pod([{ limits: { cpu: '0.5', memory: '134217728' }, requests: { cpu: '500m', memory: '128Mi' } }]))).toBe('Guaranteed');
    expect(podQosClass(pod([{ limits: { cpu: 2, memory: '1G' }, requests: { cpu: '2000m', memory: '1e9' } }]))).toBe('Guaranteed');
  });

  it('Burstable otherwise', () => {
    expect(podQosClass(pod([{ requests: { cpu: '100m' } }]))).toBe('Burstable');
    expect(podQosClass(pod([{ limits: { cpu: '500m' } }]))).toBe('Burstable');
    expect(podQosClass(pod([{ limits: full, requests: { cpu: '250m', memory: '128Mi' } }]))).toBe('Burstable');
    expect(podQosClass(pod([{ limits: full }, {}]))).toBe('Burstable');
    expect(podQosClass(pod([{ limits: { cpu: '1m', memory: '1Mi' } }, { limits: { cpu: '1m', memory: '1.0000001Mi' }, requests: { cpu: '1m', memory: '1Mi' } }])))
      .toBe('Burstable');
  });

  it('init containers count too', () => {
    expect(podQosClass(pod([{ limits: full }], [{ limits: full }]))).toBe('Guaranteed');
    expect(podQosClass(pod([{ limits: full }], [{}]))).toBe('Burstable');
    expect(podQosClass(pod([{}], [{ requests: { memory: '64Mi' } }]))).toBe('Burstable');
  });

  it('ignores unparseable quantities and malformed pods', () => {
    expect(podQosClass(pod([{ limits: { cpu: 'lots', memory: 'plenty' } }]))).toBe('BestEffort');
    expect(podQosClass({ apiVersion: 'v1', kind: 'Pod', metadata: {} } as unknown as Pod)).toBe('BestEffort');
    expect(podQosClass({ apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: { containers: [null, { resources: 'x' }] } } as unknown as Pod))
      .toBe('BestEffort');
  });
});
