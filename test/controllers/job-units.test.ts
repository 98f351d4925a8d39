import { describe, expect, it } from 'vitest';
import type { Pod } from '../../source/api/core.js';
import { BackoffStore, remainingBackoff } from '../../source/controllers/job/backoff.js';
import { matchPodFailurePolicy } from '../../source/controllers/job/failure-policy.js';
import { firstPendingIndexes, formatIndexes, parseIndexes, withIndexes } from '../../source/controllers/job/indexes.js';
import { compareActivePods, finishedTime, isPodFailed } from '../../source/controllers/job/job-pods.js';
import type { Job } from '../../source/api/workloads.js';

function pod(name: string, opts: { phase?: NonNullable<Pod['status']>['phase']; exit?: number; finishedAt?: string; container?: string;
  conditions?: { type: string; status: 'True' | 'False' }[]; deleted?: string; node?: string; ready?: boolean; created?: string } = {}): Pod {
  const conditions = [...(opts.conditions ?? []), ...(opts.ready !== undefined ? [{ type: 'Ready', status: opts.ready ? 'True' as const : 'False' as const }] : [])];
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, creationTimestamp: opts.created ?? '2026-01-01T00:00:00Z', deletionTimestamp: opts.deleted, deletionGracePeriodSeconds: opts.deleted ? 30 : undefined },
    spec: { nodeName: opts.node, containers: [{ name: opts.container ?? 'main' }] },
    status: {
      phase: opts.phase, conditions,
      containerStatuses: opts.exit === undefined ? undefined : [{
        name: opts.container ?? 'main', ready: false, restartCount: 0, image: '', imageID: '',
        state: { terminated: { exitCode: opts.exit, finishedAt: opts.finishedAt ?? '2026-01-01T00:01:00Z' } },
      }],
    },
  };
}

describe('completion indexes (orderedIntervals)', () => {
  it('prints ranges, with two neighbours as a pair, as upstream', () => {
    expect(formatIndexes(withIndexes([], [0, 1, 2, 5]))).toBe('0-2,5');
    expect(formatIndexes(withIndexes([], [3, 4]))).toBe('3,4');
    expect(formatIndexes(withIndexes([{ first: 0, last: 1 }], [2, 2, 7]))).toBe('0-2,7');
    expect(formatIndexes([])).toBe('');
  });

  it('parses status.completedIndexes, skipping garbage and indexes beyond completions', () => {
    expect(parseIndexes('0-2,5,9-12', 10)).toEqual([{ first: 0, last: 2 }, { first: 5, last: 5 }, { first: 9, last: 9 }]);
    expect(parseIndexes('x,3-1,,4', 5)).toEqual([{ first: 4, last: 4 }]);
    expect(parseIndexes('5,1-2', 6)).toEqual([{ first: 1, last: 2 }, { first: 5, last: 5 }]);
    expect(parseIndexes(undefined, 3)).toEqual([]);
  });

  it('picks the lowest pending indexes', () => {
    expect(firstPendingIndexes(parseIndexes('0,2-3', 10), 3, 10)).toEqual([1, 4, 5]);
    expect(firstPendingIndexes(parseIndexes('0-4', 5), 2, 5)).toEqual([]);
    expect(firstPendingIndexes([], 0, 5)).toEqual([]);
  });
});

describe('pod failure back-off', () => {
  it('waits 10 s × 2^(failures−1), capped at 6 minutes, from the last failure', () => {
    const last = Date.UTC(2026, 0, 1);
    const wait = (failures: number) => remainingBackoff({ failuresAfterLastSuccess: failures, lastFailureTime: last }, last) / 1000;
    expect([1, 2, 3, 4, 5, 6, 7, 10].map(wait)).toEqual([10, 20, 40, 80, 160, 320, 360, 360]);
    expect(remainingBackoff({ failuresAfterLastSuccess: 2, lastFailureTime: last }, last + 15_000)).toBe(5_000);
    expect(remainingBackoff({ failuresAfterLastSuccess: 2, lastFailureTime: last }, last + 25_000)).toBe(0);
    expect(remainingBackoff({ failuresAfterLastSuccess: 0 }, last)).toBe(0);
  });

  it('counts only failures after the latest success', () => {
    const store = new BackoffStore();
    const failed = pod('f1', { phase: 'Failed', exit: 1, finishedAt: '2026-01-01T00:01:00Z' });
    const rec1 = store.next('ns/j', [], [failed]);
    expect(rec1).toEqual({ failuresAfterLastSuccess: 1, lastFailureTime: Date.UTC(2026, 0, 1, 0, 1) });
    store.save('ns/j', rec1);
    const ok = pod('s1', { phase: 'Succeeded', exit: 0, finishedAt: '2026-01-01T00:02:00Z' });
    const later = pod('f2', { phase: 'Failed', exit: 1, finishedAt: '2026-01-01T00:03:00Z' });
    const earlier = pod('f3', { phase: 'Failed', exit: 1, finishedAt: '2026-01-01T00:01:30Z' });
    expect(store.next('ns/j', [ok], [earlier, later])).toEqual({ failuresAfterLastSuccess: 1, lastFailureTime: Date.UTC(2026, 0, 1, 0, 3) });
  });
});

describe('pod helpers', () => {
  it('dates a finish by Ready=False, then container exits, then the deletion request', () => {
    expect(finishedTime(pod('a', { exit: 1, finishedAt: '2026-01-01T00:05:00Z' }))).toBe(Date.UTC(2026, 0, 1, 0, 5));
    expect(finishedTime(pod('b', { deleted: '2026-01-01T00:10:30Z' }))).toBe(Date.UTC(2026, 0, 1, 0, 10));
  });

  it('treats a deleted pod as failed unless only failed pods are replaced', () => {
    const job = (spec: Partial<Job['spec']>) => ({ spec: { template: { spec: { containers: [] } }, ...spec } }) as Job;
    const deleted = pod('d', { phase: 'Running', deleted: '2026-01-01T00:10:30Z' });
    expect(isPodFailed(deleted, job({}))).toBe(true);
    expect(isPodFailed(deleted, job({ podReplacementPolicy: 'Failed' }))).toBe(false);
    expect(isPodFailed(pod('s', { phase: 'Succeeded', deleted: '2026-01-01T00:10:30Z' }), job({}))).toBe(false);
  });

  it('ranks pods for deletion: unscheduled, pending, not ready, newer first', () => {
    const pods = [
      pod('running-ready', { phase: 'Running', node: 'n', ready: true }),
      pod('pending', { phase: 'Pending', node: 'n' }),
      pod('unscheduled', { phase: 'Pending' }),
      pod('running-old', { phase: 'Running', node: 'n', ready: false, created: '2026-01-01T00:00:00Z' }),
      pod('running-new', { phase: 'Running', node: 'n', ready: false, created: '2026-01-01T00:01:00Z' }),
    ];
    expect(pods.sort(compareActivePods).map((p) => p.metadata.name)).toEqual(['unscheduled', 'pending', 'running-new', 'running-old', 'running-ready']);
  });
});

describe('podFailurePolicy matching', () => {
  const onExit = (action: 'FailJob' | 'Ignore' | 'Count' | 'FailIndex', operator: 'In' | 'NotIn', values: number[], containerName?: string) =>
    ({ rules: [{ action, onExitCodes: { operator, values, containerName } }] });

  it('matches exit codes with In / NotIn and an optional container name; exit 0 never matches', () => {
    const failed = pod('p', { phase: 'Failed', exit: 42, container: 'main' });
    expect(matchPodFailurePolicy(onExit('FailJob', 'In', [42]), failed)).toEqual({
      countFailed: true, action: 'FailJob', failJobMessage: 'Container main for pod default/p failed with exit code 42 matching FailJob rule at index 0',
    });
    expect(matchPodFailurePolicy(onExit('Ignore', 'NotIn', [1, 2]), failed)).toEqual({ countFailed: false, action: 'Ignore' });
    expect(matchPodFailurePolicy(onExit('Ignore', 'In', [42], 'sidecar'), failed)).toEqual({ countFailed: true });
    expect(matchPodFailurePolicy(onExit('Ignore', 'NotIn', [1]), pod('z', { phase: 'Failed', exit: 0 }))).toEqual({ countFailed: true });
  });

  it('matches pod conditions such as DisruptionTarget; FailIndex without per-index limits is skipped', () => {
    const evicted = pod('e', { phase: 'Failed', conditions: [{ type: 'DisruptionTarget', status: 'True' }] });
    const rules = [
      { action: 'FailIndex' as const, onPodConditions: [{ type: 'DisruptionTarget' }] },
      { action: 'Ignore' as const, onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
    ];
    expect(matchPodFailurePolicy({ rules }, evicted)).toEqual({ countFailed: false, action: 'Ignore' });
    expect(matchPodFailurePolicy({ rules: [{ action: 'FailJob', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] }, evicted).failJobMessage)
      .toBe('Pod default/e has condition DisruptionTarget matching FailJob rule at index 0');
    expect(matchPodFailurePolicy(undefined, evicted)).toEqual({ countFailed: true });
  });
});
