import { describe, expect, it } from 'vitest';
import { SchedulingQueue } from '../../source/scheduler/queue.js';
import { makePod } from './helpers.js';

const queue = (o: Partial<ConstructorParameters<typeof SchedulingQueue>[0]> = {}) =>
  new SchedulingQueue({ priorityOf: (p) => p.spec?.priority ?? 0, ...o });

describe('SchedulingQueue', () => {
  it('pops by priority, then by enqueue time', () => {
    const q = queue();
    q.add(makePod('low', { priority: 1, uid: 'low' }), 0);
    q.add(makePod('early', { priority: 5, uid: 'early' }), 1);
    q.add(makePod('late', { priority: 5, uid: 'late' }), 2);
    q.add(makePod('high', { priority: 9, uid: 'high' }), 3);
    expect([q.pop(), q.pop(), q.pop(), q.pop(), q.pop()].map((i) => i?.pod.metadata.name)).toEqual(['high', 'early', 'late', 'low', undefined]);
  });

  it('backoff: 1s doubling per attempt, capped at 10s; none before the first attempt', () => {
    const q = queue();
    expect([0, 1, 2, 3, 4, 5, 9].map((a) => q.backoffDuration(a))).toEqual([0, 1000, 2000, 4000, 8000, 10000, 10000]);
  });

  it('an unschedulable pod waits in the map until a relevant cluster event, then honours its backoff', () => {
    const q = queue({ popFromBackoffQ: false });
    q.add(makePod('p', { uid: 'p' }), 0);
    const info = q.pop()!;
    q.addUnschedulable(info, ['NodeResourcesFit'], 100);
    expect(q.where('p')).toBe('unschedulable');
    q.moveAllToActiveOrBackoff({ resource: 'AssignedPod', action: 'Add' }, 200); // spreading/affinity only: not relevant
    expect(q.where('p')).toBe('unschedulable');
    q.moveAllToActiveOrBackoff({ resource: 'AssignedPod', action: 'Delete' }, 300);
    expect(q.where('p')).toBe('backoff'); // 1 attempt → 1s from t=100
    expect(q.nextBackoffExpiry()).toBe(1100);
    q.flushBackoffQCompleted(1099);
    expect(q.pop()).toBeUndefined();
    q.flushBackoffQCompleted(1100);
    expect(q.pop()?.attempts).toBe(2);
  });

  it('a cluster event during the pod\'s own cycle sends it to backoff instead of the map', () => {
    const q = queue();
    q.add(makePod('p', { uid: 'p' }), 0);
    const info = q.pop()!;
    q.moveAllToActiveOrBackoff({ resource: 'Node', action: 'Add' }, 10);
    q.addUnschedulable(info, ['NodeResourcesFit'], 20);
    expect(q.where('p')).toBe('backoff');
  });

  it('errors (no rejecting plugin) go straight to backoff', () => {
    const q = queue();
    q.add(makePod('p', { uid: 'p' }), 0);
    q.addUnschedulable(q.pop()!, [], 5);
    expect(q.where('p')).toBe('backoff');
  });

  it('flushes pods stuck for more than 5 minutes', () => {
    const q = queue();
    q.add(makePod('p', { uid: 'p' }), 0);
    q.addUnschedulable(q.pop()!, ['TaintToleration'], 0);
    q.flushUnschedulablePodsLeftover(300_000);
    expect(q.where('p')).toBe('unschedulable');
    q.flushUnschedulablePodsLeftover(300_001);
    expect(q.where('p')).toBe('active'); // backoff (1s) long over
  });

  it('holds gated pods until their gates are removed', () => {
    const q = queue();
    const gated = makePod('g', { uid: 'g', spec: { schedulingGates: [{ name: 'example.com/wait' }] } });
    q.add(gated, 0);
    expect(q.where('g')).toBe('unschedulable');
    q.moveAllToActiveOrBackoff({ resource: 'Node', action: 'Add' }, 1);
    q.flushUnschedulablePodsLeftover(10 * 60_000);
    expect(q.pop()).toBeUndefined();
    q.update({ ...gated, spec: { ...gated.spec, schedulingGates: [] } }, 2);
    expect(q.pop()?.pod.metadata.name).toBe('g');
  });

  it('with activeQ empty, pops from backoffQ (SchedulerPopFromBackoffQ)', () => {
    const q = queue();
    q.add(makePod('p', { uid: 'p' }), 0);
    q.addUnschedulable(q.pop()!, [], 0);
    expect(q.pop()?.pod.metadata.name).toBe('p');
    expect(q.counts()).toEqual({ active: 0, backoff: 0, unschedulable: 0 });
  });

  it('deletes from wherever the pod waits', () => {
    const q = queue();
    const p = makePod('p', { uid: 'p' });
    q.add(p, 0);
    q.addUnschedulable(q.pop()!, ['NodeAffinity'], 0);
    q.delete(p);
    expect(q.where('p')).toBeUndefined();
    expect(q.pendingPods()).toEqual([]);
  });
});
