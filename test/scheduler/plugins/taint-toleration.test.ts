import { describe, expect, it } from 'vitest';
import type { Taint, Toleration } from '../../../source/api/core.js';
import { taintTolerationFilter, taintTolerationScore } from '../../../source/scheduler/plugins/taint-toleration.js';
import { toleratesTaint } from '../../../source/scheduler/taints.js';
import { filterAll, makeNode, makePod, reasons, scoreAll, snapshotOf } from '../helpers.js';

const taint = (key: string, value: string | undefined, effect: Taint['effect']): Taint => ({ key, value, effect });

describe('toleratesTaint', () => {
  const t = taint('dedicated', 'gpu', 'NoSchedule');
  it.each<[string, Toleration, boolean]>([
    ['Equal with the same value', { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }, true],
    ['empty operator means Equal', { key: 'dedicated', value: 'gpu' }, true],
    ['Equal with another value', { key: 'dedicated', operator: 'Equal', value: 'cpu' }, false],
    ['Exists ignores the value', { key: 'dedicated', operator: 'Exists' }, true],
    ['empty key with Exists tolerates everything', { operator: 'Exists' }, true],
    ['effect must match when set', { key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }, false],
    ['key must match', { key: 'other', operator: 'Exists' }, false],
  ])('%s', (_name, tol, want) => {
    expect(toleratesTaint(tol, t)).toBe(want);
  });
});

describe('TaintToleration filter', () => {
  const snap = snapshotOf([
    makeNode('noschedule', { taints: [taint('dedicated', 'gpu', 'NoSchedule')] }),
    makeNode('noexecute', { taints: [taint('node.kubernetes.io/not-ready', undefined, 'NoExecute')] }),
    makeNode('prefer', { taints: [taint('spot', 'true', 'PreferNoSchedule')] }),
  ]);

  it('rejects untolerated NoSchedule/NoExecute taints with the v1.35 reason, not PreferNoSchedule', () => {
    const r = filterAll(taintTolerationFilter, makePod('p'), snap);
    expect(reasons(r.noschedule)).toEqual(['node(s) had untolerated taint(s)']);
    expect((r.noschedule as { code: string }).code).toBe('UnschedulableAndUnresolvable');
    expect(reasons(r.noexecute)).toEqual(['node(s) had untolerated taint(s)']);
    expect(r.prefer).toBeUndefined();
  });

  it('passes when tolerated', () => {
    const pod = makePod('p', { spec: { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }] } });
    expect(filterAll(taintTolerationFilter, pod, snap).noschedule).toBeUndefined();
  });
});

describe('TaintToleration score', () => {
  it('the more intolerable PreferNoSchedule taints, the lower the score (reversed normalisation)', () => {
    const snap = snapshotOf([
      makeNode('n0'),
      makeNode('n1', { taints: [taint('a', 'x', 'PreferNoSchedule')] }),
      makeNode('n2', { taints: [taint('a', 'x', 'PreferNoSchedule'), taint('b', 'y', 'PreferNoSchedule')] }),
    ]);
    const r = scoreAll(taintTolerationScore, makePod('p'), snap);
    expect(r.raw).toEqual({ n0: 0, n1: 1, n2: 2 });
    expect(r.normalized).toEqual({ n0: 100, n1: 50, n2: 0 });
  });

  it('tolerated taints do not count, whatever their number; NoSchedule taints are ignored', () => {
    const snap = snapshotOf([
      makeNode('n0', { taints: [taint('a', 'x', 'PreferNoSchedule'), taint('b', 'y', 'PreferNoSchedule')] }),
      makeNode('n1', { taints: [taint('c', 'z', 'NoSchedule')] }),
    ]);
    const pod = makePod('p', { spec: { tolerations: [{ key: 'a', value: 'x', effect: 'PreferNoSchedule' }, { key: 'b', value: 'y' }] } });
    expect(scoreAll(taintTolerationScore, pod, snap).normalized).toEqual({ n0: 100, n1: 100 });
    // A NoSchedule-only toleration does not count towards PreferNoSchedule taints.
    const narrow = makePod('q', { spec: { tolerations: [{ key: 'a', value: 'x', effect: 'NoSchedule' }] } });
    expect(scoreAll(taintTolerationScore, narrow, snap).normalized).toEqual({ n0: 0, n1: 100 });
  });
});
