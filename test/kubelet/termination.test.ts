import { describe, expect, it } from 'vitest';
import { boundPod, eventObjects, eventsFor, getPod, sim, statusOf } from './helpers.js';

describe('graceful termination', () => {
  it('stops containers within the profile stop time, then deletes the pod', () => {
    const { engine, pool } = sim();
    engine.store.create(boundPod('web', 'node-1', [{}], { annotations: { 'sim.kubedrill.io/stop-time': '12s' } }));
    engine.advance(10_000);
    engine.store.delete('Pod', 'default', 'web');
    engine.advance(0);
    expect(statusOf(engine, 'web')).toBe('Terminating');
    expect(eventsFor(engine, 'web')).toContain('Killing: Stopping container app');
    expect(eventObjects(engine, 'web').find((e) => e.reason === 'Killing')!.involvedObject.fieldPath).toBe('spec.containers{app}');
    engine.advance(11_999);
    expect(statusOf(engine, 'web')).toBe('Terminating');
    expect(pool.podUsage('default', 'web')!.containers).toHaveLength(1);
    engine.advance(1);
    expect(getPod(engine, 'web')).toBeUndefined();
    expect(pool.podUsage('default', 'web')).toBeUndefined();
  });

  it('kills at the end of the grace period when the process is slower', () => {
    const { engine } = sim();
    engine.store.create(boundPod('slow', 'node-1', [{}], { annotations: { 'sim.kubedrill.io/stop-time': '45s' } }));
    engine.advance(10_000);
    engine.store.delete('Pod', 'default', 'slow'); // default grace: 30 s
    let finalPhase: string | undefined;
    const w = engine.store.watch({ kind: 'Pod' }, (e) => {
      const p = e.object as import('../../source/api/core.js').Pod;
      if (e.type === 'MODIFIED') finalPhase = p.status?.phase;
    }, { sendInitialEvents: false });
    engine.advance(29_999);
    expect(getPod(engine, 'slow')).toBeDefined();
    engine.advance(1);
    expect(getPod(engine, 'slow')).toBeUndefined();
    expect(finalPhase).toBe('Failed'); // killed with 137 after the grace period
    w.stop();
  });

  it('honours a shorter grace period given on deletion, and a pod that never started goes at once', () => {
    const { engine } = sim();
    engine.store.create(boundPod('web', 'node-1', [{}], { annotations: { 'sim.kubedrill.io/stop-time': '20s' } }));
    engine.store.create(boundPod('pulling', 'node-1', [{ image: 'cassandra:4.1' }]));
    engine.advance(10_000);
    engine.store.delete('Pod', 'default', 'web', { gracePeriodSeconds: 5 });
    engine.store.delete('Pod', 'default', 'pulling');
    engine.advance(0);
    expect(getPod(engine, 'pulling')).toBeUndefined();
    engine.advance(5_000);
    expect(getPod(engine, 'web')).toBeUndefined();
  });

  it('forgets a force-deleted pod and gives its resources back', () => {
    const { engine, pool } = sim();
    engine.store.create(boundPod('web', 'node-1', [{ resources: { requests: { cpu: '3' } } }]));
    engine.advance(10_000);
    engine.store.delete('Pod', 'default', 'web', { gracePeriodSeconds: 0 });
    engine.advance(0);
    expect(pool.nodeUsage('node-1')!.memoryBytes).toBe(1024 ** 3); // only the system reserve (16Gi − 15Gi)
    engine.store.create(boundPod('next', 'node-1', [{ resources: { requests: { cpu: '3' } } }]));
    engine.advance(1_000);
    expect(statusOf(engine, 'next')).toBe('Running'); // admitted: the first pod's 3 CPUs were released
  });
});

describe('activeDeadlineSeconds', () => {
  it('fails the pod with DeadlineExceeded', () => {
    const { engine } = sim();
    engine.store.create(boundPod('job', 'node-1', [{}], { restartPolicy: 'Never', spec: { activeDeadlineSeconds: 30 } }));
    engine.advance(31_000);
    const s = getPod(engine, 'job')!.status!;
    expect(s).toMatchObject({ phase: 'Failed', reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline' });
    expect(statusOf(engine, 'job')).toBe('DeadlineExceeded');
    expect(eventsFor(engine, 'job')).toContain('DeadlineExceeded: Pod was active on the node longer than the specified deadline');
  });
});
