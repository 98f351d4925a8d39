import { describe, expect, it } from 'vitest';
import type { Pod } from '../../source/api/core.js';
import { boundPod, eventObjects, getPod, sim, statusOf } from './helpers.js';

const T0 = Date.UTC(2026, 0, 1);

/** Advance second by second, recording when the container (re)started and when it exited. */
function timeline(engine: ReturnType<typeof sim>['engine'], name: string, seconds: number) {
  const starts: number[] = [];
  const exits: number[] = [];
  let lastStart = '';
  let lastExit = '';
  for (let i = 0; i < seconds; i++) {
    engine.advance(1000);
    const cs = getPod(engine, name)!.status!.containerStatuses![0]!;
    const started = cs.state?.running?.startedAt;
    if (started && started !== lastStart) starts.push((Date.parse(started) - T0) / 1000), (lastStart = started);
    const finished = cs.state?.terminated?.finishedAt ?? cs.lastState?.terminated?.finishedAt;
    if (finished && finished !== lastExit) exits.push((Date.parse(finished) - T0) / 1000), (lastExit = finished);
  }
  return { starts, exits };
}

describe('CrashLoopBackOff', () => {
  it('restarts at once, then after 10, 20, 40, 80, 160 and 300 s (capped)', () => {
    const { engine } = sim();
    const pod = engine.store.create(boundPod('crash', 'node-1', [{}], { annotations: { 'sim.kubedrill.io/crash-after': '30s' } }));
    const { starts, exits } = timeline(engine, 'crash', 1300);
    // Each restart: the back-off delay after the exit, then 1 s (nginx start time) to running.
    const delays = starts.slice(1).map((s, i) => s - 1 - exits[i]!);
    expect(delays).toEqual([0, 10, 20, 40, 80, 160, 300, 300]);
    const cs = getPod(engine, 'crash')!.status!.containerStatuses![0]!;
    expect(cs.restartCount).toBe(8);
    expect(statusOf(engine, 'crash')).toBe('CrashLoopBackOff');
    const uid = pod.metadata.uid!;
    expect(cs.state!.waiting).toEqual({ reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=app pod=crash_default(${uid})` });
    expect(cs.lastState!.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(getPod(engine, 'crash')!.status!.phase).toBe('Running');
    const backoff = eventObjects(engine, 'crash').find((e) => e.reason === 'BackOff')!;
    expect(backoff.type).toBe('Warning');
    expect(backoff.message).toBe(`Back-off restarting failed container app in pod crash_default(${uid})`);
  });

  it('shows Error between the first exit and the immediate restart, then CrashLoopBackOff', () => {
    const { engine } = sim();
    engine.store.create(boundPod('crash', 'node-1', [{}], { annotations: { 'sim.kubedrill.io/crash-after': '30s', 'sim.kubedrill.io/exit-code': '3' } }));
    engine.advance(34_500);
    expect(statusOf(engine, 'crash')).toBe('Error');
    expect(getPod(engine, 'crash')!.status!.containerStatuses![0]!.state!.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    engine.advance(31_000);
    expect(statusOf(engine, 'crash')).toBe('CrashLoopBackOff');
    expect(getPod(engine, 'crash')!.status!.containerStatuses![0]!.state!.waiting!.message).toMatch(/^back-off 10s restarting failed container=app pod=crash_default\(/);
  });

  it('restart count matches elapsed time', () => {
    const { engine } = sim();
    engine.store.create(boundPod('crash', 'node-1', [{}], { annotations: { 'sim.kubedrill.io/crash-after': '5s' } }));
    // running 4–9, restart 10–15, +10 → 26–31, +20 → 52–57, +40 → 98–103, +80 → 184–189, +160 → 350–355, +300 → 656–661
    const count = (t: number) => {
      engine.advance(t * 1000 + T0 - engine.now());
      return getPod(engine, 'crash')!.status!.containerStatuses![0]!.restartCount;
    };
    expect([count(9.5), count(11), count(27), count(53), count(99), count(185), count(351), count(657)]).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('starts the back-off over after 10 minutes of running', () => {
    const { engine } = sim();
    engine.store.create(boundPod('slow', 'node-1', [{}], { annotations: { 'sim.kubedrill.io/crash-after': '11m' } }));
    const { starts, exits } = timeline(engine, 'slow', 3 * 11 * 60 + 30);
    expect(starts.slice(1).map((s, i) => s - 1 - exits[i]!)).toEqual([0, 0, 0]);
  });
});

describe('OOMKilled', () => {
  it('kills at the memory limit with a leak, then restarts', () => {
    const { engine, pool } = sim();
    engine.store.create(boundPod('leaky', 'node-1', [{ resources: { limits: { memory: '128Mi' } } }], {
      annotations: { 'sim.kubedrill.io/memory': '32Mi', 'sim.kubedrill.io/memory-leak': '16Mi/min' },
    }));
    engine.advance(4_000 + 3 * 60_000);
    expect(pool.podUsage('default', 'leaky')!.containers[0]!.memoryBytes).toBe(80 * 1024 * 1024);
    // (128Mi − 32Mi) / 16Mi per minute = 6 minutes after the start at 4 s.
    engine.advance(3 * 60_000 - 1);
    expect(statusOf(engine, 'leaky')).toBe('Running');
    engine.advance(1);
    expect(statusOf(engine, 'leaky')).toBe('OOMKilled');
    const cs = getPod(engine, 'leaky')!.status!.containerStatuses![0]!;
    expect(cs.state!.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled', finishedAt: '2026-01-01T00:06:04Z' });
    engine.advance(2_000);
    expect(getPod(engine, 'leaky')!.status!.containerStatuses![0]!.restartCount).toBe(1);
    expect(getPod(engine, 'leaky')!.status!.containerStatuses![0]!.lastState!.terminated!.reason).toBe('OOMKilled');
  });

  it('kills at once when the base usage is over the limit', () => {
    const { engine } = sim();
    engine.store.create(boundPod('fat', 'node-1', [{ image: 'cassandra:4.1', resources: { limits: { memory: '512Mi' } } }]));
    engine.advance(30_000 + 3_000 + 1_000);
    expect(statusOf(engine, 'fat')).toBe('OOMKilled');
  });
});

describe('liveness and startup probes', () => {
  it('kills and restarts a container whose liveness probe fails failureThreshold times', () => {
    const { engine } = sim();
    const probe = { httpGet: { path: '/healthz', port: 80 }, periodSeconds: 10, failureThreshold: 3 };
    engine.store.create(boundPod('sick', 'node-1', [{ livenessProbe: probe }], { annotations: { 'sim.kubedrill.io/fail-liveness': '1m' } }));
    // Running at 4 s; liveness fails from 64 s: probes 64, 74, 84 → killed at 84, stops after 1 s, restarts at once.
    engine.advance(84_500);
    const events = eventObjects(engine, 'sick');
    expect(events.find((e) => e.reason === 'Unhealthy')).toMatchObject({ message: 'Liveness probe failed: HTTP probe failed with statuscode: 500', count: 3 });
    expect(events.find((e) => e.reason === 'Killing')!.message).toBe('Container app failed liveness probe, will be restarted');
    engine.advance(2_000);
    const cs = getPod(engine, 'sick')!.status!.containerStatuses![0]!;
    expect(cs.restartCount).toBe(1);
    expect(cs.lastState!.terminated).toMatchObject({ exitCode: 137, reason: 'Error', finishedAt: '2026-01-01T00:01:25Z' });
  });

  it('gates readiness on the startup probe, and restarts a container that never starts', () => {
    const { engine } = sim();
    const startupProbe = { tcpSocket: { port: 8080 }, periodSeconds: 5, failureThreshold: 3 };
    engine.store.create(boundPod('slow', 'node-1', [{ startupProbe: { ...startupProbe, failureThreshold: 5 } }], { annotations: { 'sim.kubedrill.io/ready-after': '12s' } }));
    engine.store.create(boundPod('never', 'node-1', [{ startupProbe }], { annotations: { 'sim.kubedrill.io/ready-after': '10m' } }));
    engine.advance(10_000);
    const slow = getPod(engine, 'slow')!.status!.containerStatuses![0]!;
    expect(slow).toMatchObject({ started: false, ready: false });
    engine.advance(10_000); // probes at 4, 9, 14, 19 (up at 16 s) → started at 19 s
    expect(getPod(engine, 'slow')!.status!.containerStatuses![0]).toMatchObject({ started: true, ready: true });
    const never = eventObjects(engine, 'never');
    expect(never.find((e) => e.reason === 'Unhealthy')!.message).toBe('Startup probe failed: dial tcp 10.244.1.3:8080: connect: connection refused');
    expect(never.find((e) => e.reason === 'Killing')!.message).toBe('Container app failed startup probe, will be restarted');
  });
});

describe('restart policies', () => {
  it('OnFailure does not restart a container that exits 0', () => {
    const { engine } = sim();
    engine.store.create(boundPod('once', 'node-1', [{}], { restartPolicy: 'OnFailure', annotations: { 'sim.kubedrill.io/duration': '5s' } }));
    engine.advance(60_000);
    const p = getPod(engine, 'once') as Pod;
    expect(p.status!.phase).toBe('Succeeded');
    expect(p.status!.containerStatuses![0]!.restartCount).toBe(0);
  });
});
