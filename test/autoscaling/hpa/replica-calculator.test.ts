import { describe, expect, it } from 'vitest';
import {
  calculateRequests, groupPods, intDiv, plainMetricReplicas, resourceReplicas,
} from '../../../source/autoscaling/hpa/replica-calculator.js';
import { NOW, TOLERANCE, WINDOWS, pod, samples } from './calc-helpers.js';

const cpu = (current: number, target: number, pods: ReturnType<typeof pod>[], values: Record<string, number>, tolerances = TOLERANCE) =>
  resourceReplicas(current, target, 'cpu', '', { pods, metrics: samples(values), nowMs: NOW }, tolerances, WINDOWS);

const three = () => [pod('a'), pod('b'), pod('c')];

describe('resource utilization (upstream examples)', () => {
  it('3 replicas at 90% against a 60% target → ceil(3 × 1.5) = 5', () => {
    expect(cpu(3, 60, three(), { a: 900, b: 900, c: 900 })).toEqual({ replicas: 5, utilization: 90, rawUtilization: 900 });
  });

  it('utilization is the truncated percentage of the summed requests', () => {
    // (333 + 333 + 334) × 100 / 3000 = 33.33… → 33; the raw average is 1000 / 3 → 333.
    expect(cpu(3, 50, three(), { a: 333, b: 333, c: 334 })).toEqual({ replicas: 2, utilization: 33, rawUtilization: 333 });
  });

  it('within the 10% tolerance the count stays, including the band edges', () => {
    expect(cpu(3, 60, three(), { a: 650, b: 650, c: 650 }).replicas).toBe(3); // 65/60 = 1.083
    expect(cpu(3, 60, three(), { a: 660, b: 660, c: 660 }).replicas).toBe(3); // 66/60 = 1.1: on the edge
    expect(cpu(3, 60, three(), { a: 540, b: 540, c: 540 }).replicas).toBe(3); // 54/60 = 0.9: on the edge
    expect(cpu(3, 60, three(), { a: 670, b: 670, c: 670 }).replicas).toBe(4); // 67/60 = 1.117 → ceil(3.35)
  });

  it('scales down by the same formula: 30% of a 60% target → ceil(3 × 0.5) = 2', () => {
    expect(cpu(3, 60, three(), { a: 300, b: 300, c: 300 }).replicas).toBe(2);
  });

  it('honours per-direction tolerances (behavior.scaleUp/scaleDown.tolerance)', () => {
    const t = { scaleUp: 0, scaleDown: 0.5 };
    expect(cpu(3, 60, three(), { a: 610, b: 610, c: 610 }, t).replicas).toBe(4); // 1.017 > 1 + 0
    expect(cpu(3, 60, three(), { a: 350, b: 350, c: 350 }, t).replicas).toBe(3); // 0.583 ≥ 1 − 0.5
  });
});

describe('missing metrics', () => {
  it('on a scale-down a pod without metrics counts at 100% of its request', () => {
    // 3 pods at 10%, one missing, target 50%: (300 + 1000) / 4000 = 32% → 0.64 → ceil(2.56) = 3 (not ceil(0.2 × 3) = 1).
    const pods = [...three(), pod('d')];
    expect(cpu(4, 50, pods, { a: 100, b: 100, c: 100 })).toEqual({ replicas: 3, utilization: 10, rawUtilization: 100 });
  });

  it('…or at the target when the target is above 100%', () => {
    // 2 pods at 10%, 2 missing at 200%: (200 + 4000) / 4000 = 105% → 0.525 → ceil(2.1) = 3.
    const pods = [pod('a'), pod('b'), pod('c'), pod('d')];
    expect(cpu(4, 200, pods, { a: 100, b: 100 }).replicas).toBe(3);
  });

  it('on a scale-up a pod without metrics counts at 0%', () => {
    // 3 pods at 100%, one missing, target 50%: 3000 / 4000 = 75% → 1.5 → ceil(6).
    expect(cpu(4, 50, [...three(), pod('d')], { a: 1000, b: 1000, c: 1000 }).replicas).toBe(6);
  });

  it('keeps the count when filling in the missing pods flips the direction', () => {
    // 1 pod at 100% against 50% says "up"; with three missing pods at 0% it is 25% → "down": no change.
    expect(cpu(4, 50, [pod('a'), pod('b'), pod('c'), pod('d')], { a: 1000 }).replicas).toBe(4);
  });
});

describe('unready pods and the CPU initialization period', () => {
  it('ignores an unready pod\'s start-up spike on a scale-up (it counts at 0%)', () => {
    // 3 ready pods at 80% (target 50%) and one starting pod burning 200%: with it at 0%, 2400/4000 = 60% → 1.2
    // → ceil(4.8) = 5; counting its spike would give 110% → 9.
    const pods = [...three(), pod('d', { ready: 'False', startedAgoMs: 30_000, transitionAgoMs: 30_000 })];
    expect(cpu(4, 50, pods, { a: 800, b: 800, c: 800, d: 2000 }).replicas).toBe(5);
  });

  it('leaves unready pods out of a scale-down entirely', () => {
    const pods = [...three(), pod('d', { ready: 'False', startedAgoMs: 30_000, transitionAgoMs: 30_000 })];
    // 20% of 50% → 0.4 × 3 ready pods → ceil(1.2) = 2.
    expect(cpu(4, 50, pods, { a: 200, b: 200, c: 200, d: 0 }).replicas).toBe(2);
  });

  it('within 5 min of start, a sample must cover a full window after the pod became ready', () => {
    const justReady = pod('x', { startedAgoMs: 60_000, transitionAgoMs: 10_000 });
    const readyLonger = pod('y', { startedAgoMs: 60_000, transitionAgoMs: 20_000 });
    const g = groupPods([justReady, readyLonger], samples({ x: 100, y: 100 }), 'cpu', NOW, WINDOWS);
    expect([...g.unready]).toEqual(['x']);
    expect(g.readyPodCount).toBe(1);
  });

  it('after 5 min, an unready pod counts unless it never became ready within 30 s of starting', () => {
    const wasReady = pod('x', { ready: 'False', startedAgoMs: 10 * 60_000, transitionAgoMs: 5 * 60_000 });
    const neverReady = pod('y', { ready: 'False', startedAgoMs: 10 * 60_000, transitionAgoMs: 10 * 60_000 - 10_000 });
    const g = groupPods([wasReady, neverReady], samples({ x: 100, y: 100 }), 'cpu', NOW, WINDOWS);
    expect([...g.unready]).toEqual(['y']);
    expect(g.readyPodCount).toBe(1);
  });

  it('sorts pods: Pending and no Ready condition are unready, deleted and terminal are ignored, no sample is missing', () => {
    const pods = [
      pod('pending', { phase: 'Pending', ready: undefined }), pod('noready', { ready: undefined }), pod('failed', { phase: 'Failed' }),
      pod('done', { phase: 'Succeeded' }), pod('deleting', { deleting: true }), pod('nosample'), pod('ok'),
    ];
    const g = groupPods(pods, samples({ pending: 1, noready: 1, failed: 1, done: 1, deleting: 1, ok: 1 }), 'cpu', NOW, WINDOWS);
    expect({ ready: g.readyPodCount, unready: [...g.unready], missing: [...g.missing], ignored: [...g.ignored] })
      .toEqual({ ready: 1, unready: ['pending', 'noready'], missing: ['nosample'], ignored: ['failed', 'done', 'deleting'] });
  });

  it('readiness rules apply to cpu only: an unready pod\'s memory sample counts', () => {
    const pods = [pod('a', { ready: 'False', startedAgoMs: 30_000, transitionAgoMs: 30_000 }), pod('b')];
    const gib = 1024 ** 3 * 1000;
    const r = resourceReplicas(2, 50, 'memory', '', { pods, metrics: samples({ a: 0.75 * gib, b: 0.75 * gib }), nowMs: NOW }, TOLERANCE, WINDOWS);
    expect(r).toEqual({ replicas: 3, utilization: 75, rawUtilization: 0.75 * gib });
  });
});

describe('requests and errors', () => {
  it('sums requests over containers and sidecars, or takes one container', () => {
    const p = pod('a', { containers: ['app', 'proxy'] });
    p.spec.initContainers = [{ name: 'mesh', image: 'envoy', restartPolicy: 'Always', resources: { requests: { cpu: '250m' } } }, { name: 'init', image: 'busybox' }];
    expect(calculateRequests([p], '', 'cpu').get('a')).toBe(2250);
    expect(calculateRequests([p], 'proxy', 'cpu').get('a')).toBe(1000);
  });

  it('a container without a request for the resource is an error naming it', () => {
    const p = pod('web-1', { requests: { memory: '64Mi' } });
    expect(() => calculateRequests([p], '', 'cpu')).toThrow('missing request for cpu in container app of Pod web-1');
    expect(() => calculateRequests([pod('web-1')], 'sidecar', 'cpu')).toThrow('container sidecar not found in Pod web-1');
  });

  it('fails without usable samples or pods', () => {
    const pending = [pod('a', { phase: 'Pending' })];
    expect(() => cpu(1, 50, pending, { a: 100 })).toThrow('did not receive metrics for targeted pods (pods might be unready)');
    expect(() => cpu(1, 50, [], {})).toThrow('no pods returned by selector while calculating replica count');
  });

  it('int64 division truncates toward zero', () => {
    expect(intDiv(-7, 2)).toBe(-3);
    expect(intDiv(7, 2)).toBe(3);
    expect(intDiv(10 ** 17, 3)).toBe(Number(10n ** 17n / 3n));
  });
});

describe('plain per-pod values (AverageValue)', () => {
  const plain = (current: number, target: number, pods: ReturnType<typeof pod>[], values: Record<string, number>) =>
    plainMetricReplicas(current, target, '', { pods, metrics: samples(values), nowMs: NOW }, TOLERANCE, WINDOWS);

  it('average 150 against 100 → ceil(3 × 1.5) = 5, reporting the truncated average', () => {
    expect(plain(3, 100_000, three(), { a: 100_000, b: 150_000, c: 200_001 })).toEqual({ replicas: 5, usage: 150_000 });
  });

  it('missing pods count at exactly the target on a scale-down', () => {
    // 3 pods at 20 and one missing at 100: average 40 → 0.4 × 4 → 2.
    expect(plain(4, 100_000, [...three(), pod('d')], { a: 20_000, b: 20_000, c: 20_000 }).replicas).toBe(2);
  });

  it('not-ready pods count for plain metrics (readiness is a cpu rule)', () => {
    const pods = [pod('a', { ready: 'False', startedAgoMs: 10_000 }), pod('b')];
    expect(plain(2, 100_000, pods, { a: 300_000, b: 300_000 }).replicas).toBe(6);
  });
});
