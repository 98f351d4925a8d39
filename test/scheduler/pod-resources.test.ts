import { describe, expect, it } from 'vitest';
import type { Container } from '../../source/api/core.js';
import { DEFAULT_MEMORY_REQUEST, isScalarResourceName, podRequests } from '../../source/scheduler/pod-resources.js';
import { makePod } from './helpers.js';

const c = (name: string, cpu?: string, extra: Partial<Container> = {}): Container =>
  ({ name, image: 'x', resources: cpu === undefined ? undefined : { requests: { cpu } }, ...extra });

describe('podRequests', () => {
  it('sums app containers and adds overhead', () => {
    const pod = makePod('p', { containers: [c('a', '250m'), c('b', '1')], spec: { overhead: { cpu: '50m', memory: '10Mi' } } });
    const r = podRequests(pod);
    expect(r.milliCPU).toBe(1300);
    expect(r.memory).toBe(10 * 1024 * 1024);
    expect(r.isZero).toBe(false);
  });

  it('takes the max with each init container', () => {
    const pod = makePod('p', { containers: [c('app', '1')], spec: { initContainers: [c('init', '3')] } });
    expect(podRequests(pod).milliCPU).toBe(3000);
  });

  it('adds restartable sidecars to the app total and to later init containers', () => {
    const sidecar = c('sidecar', '1', { restartPolicy: 'Always' });
    // app 1 + sidecar 1 = 2; init2 runs next to the sidecar: 3 + 1 = 4 → 4 wins.
    const pod = makePod('p', { containers: [c('app', '1')], spec: { initContainers: [c('init1', '2'), sidecar, c('init2', '3')] } });
    expect(podRequests(pod).milliCPU).toBe(4000);
    // init1 (2) ran before the sidecar started, so it does not add: max(2, 1, 1+1, app 1+1) = 2.
    const pod2 = makePod('p2', { containers: [c('app', '1')], spec: { initContainers: [c('init1', '2'), sidecar, c('init2', '1')] } });
    expect(podRequests(pod2).milliCPU).toBe(2000);
  });

  it('counts missing cpu/memory as 100m/200Mi for scoring only, an explicit 0 stays 0', () => {
    const pod = makePod('p', { containers: [c('a'), c('b', '0')] });
    const r = podRequests(pod);
    expect(r.milliCPU).toBe(0);
    expect(r.isZero).toBe(true);
    expect(r.nonZeroMilliCPU).toBe(100); // a: default 100m, b: explicit 0
    expect(r.nonZeroMemory).toBe(2 * DEFAULT_MEMORY_REQUEST);
  });

  it('tracks extended resources and ignores unknown unprefixed names', () => {
    const pod = makePod('p', { containers: [{ name: 'a', resources: { requests: { 'example.com/gpu': '2', foo: '3', 'hugepages-2Mi': '4Mi' } } }] });
    const r = podRequests(pod);
    expect([...(r.scalar ?? new Map())]).toEqual([['example.com/gpu', 2], ['hugepages-2Mi', 4 * 1024 * 1024]]);
    expect(isScalarResourceName('foo')).toBe(false);
  });

  it('treats an unparseable quantity as 0 instead of throwing, and caches per pod object', () => {
    const pod = makePod('p', { containers: [c('a', 'lots')] });
    expect(podRequests(pod).milliCPU).toBe(0);
    expect(podRequests(pod)).toBe(podRequests(pod));
  });
});
