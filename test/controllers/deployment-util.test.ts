import { describe, expect, it } from 'vitest';
import type { Deployment } from '../../source/api/workloads.js';
import { canonicalJson, computeHash, fnv32a, safeEncodeString } from '../../source/controllers/deployment/hash.js';
import { maxSurge, maxUnavailable, resolveFenceposts, scaledValue } from '../../source/controllers/deployment/fenceposts.js';
import { setNewReplicaSetAnnotations } from '../../source/controllers/deployment/annotations.js';
import { deployment, template } from './deployment-helpers.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('pod-template-hash', () => {
  it('is FNV-32a (standard test vectors)', () => {
    expect(fnv32a(bytes(''))).toBe(0x811c9dc5);
    expect(fnv32a(bytes('a'))).toBe(0xe40c292c);
    expect(fnv32a(bytes('foobar'))).toBe(0xbf9cf968);
  });

  it('encodes the decimal sum with rand.SafeEncodeString', () => {
    // 0xe40c292c = 3826002220; digits map to SAFE_ALPHABET[code % 27].
    expect(safeEncodeString('3826002220')).toBe('7d6b446664');
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
  });

  it('is deterministic over key order, changes with the template and with collisionCount', () => {
    const t = template({ app: 'web' });
    const reordered = { spec: t.spec, metadata: { labels: { app: 'web' } } };
    expect(computeHash(reordered)).toBe(computeHash(t));
    expect(computeHash(t)).toMatch(/^[456789bcdf]{6,10}$/);
    expect(computeHash(template({ app: 'web' }, { v: '2' }))).not.toBe(computeHash(t));
    const h0 = computeHash(t, 0), h1 = computeHash(t, 1);
    expect(new Set([computeHash(t), h0, h1]).size).toBe(3);
    expect(canonicalJson({ b: 1, a: [undefined, { d: undefined, c: 'x' }] })).toBe('{"a":[null,{"c":"x"}],"b":1}');
  });
});

describe('maxSurge / maxUnavailable rounding', () => {
  it('rounds surge up and unavailable down; both zero means one unavailable', () => {
    expect(resolveFenceposts('25%', '25%', 10)).toEqual([3, 2]);
    expect(resolveFenceposts('25%', '25%', 1)).toEqual([1, 0]);
    expect(resolveFenceposts('50%', '50%', 5)).toEqual([3, 2]);
    expect(resolveFenceposts(0, '25%', 3)).toEqual([0, 1]);
    expect(resolveFenceposts(2, 0, 10)).toEqual([2, 0]);
    expect(resolveFenceposts('0%', '0%', 0)).toEqual([0, 1]);
  });

  it('reads only integers and percentages', () => {
    expect(scaledValue('33%', 10, true)).toBe(4);
    expect(scaledValue('33%', 10, false)).toBe(3);
    expect(scaledValue(5, 10, false)).toBe(5);
    expect(scaledValue('5', 10, false)).toBeUndefined();
    expect(scaledValue('abc%', 10, false)).toBeUndefined();
  });

  it('caps maxUnavailable at replicas and ignores both for Recreate', () => {
    const d = deployment('web', 3, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 10 } } });
    expect([maxSurge(d), maxUnavailable(d)]).toEqual([1, 3]);
    const zero: Deployment = { ...d, spec: { ...d.spec, replicas: 0 } };
    expect(maxUnavailable(zero)).toBe(0);
    const recreate = deployment('web', 3, { strategy: { type: 'Recreate' } });
    expect([maxSurge(recreate), maxUnavailable(recreate)]).toEqual([0, 0]);
  });
});

describe('ReplicaSet annotations', () => {
  it('copies Deployment annotations except the skipped ones and sets revision and replica annotations', () => {
    const d = deployment('web', 4, {}, { 'kubernetes.io/change-cause': 'v2', 'deployment.kubernetes.io/revision': '7', 'kubectl.kubernetes.io/last-applied-configuration': '{}' });
    const a: Record<string, string> = {};
    expect(setNewReplicaSetAnnotations(d, a, 3, false, 1)).toBe(true);
    expect(a).toEqual({
      'kubernetes.io/change-cause': 'v2', 'deployment.kubernetes.io/revision': '3',
      'deployment.kubernetes.io/desired-replicas': '4', 'deployment.kubernetes.io/max-replicas': '5',
    });
  });

  it('keeps the old revisions in revision-history when an existing set is reused (a rollback)', () => {
    const d = deployment('web', 1);
    const a: Record<string, string> = { 'deployment.kubernetes.io/revision': '1' };
    setNewReplicaSetAnnotations(d, a, 3, true, 1);
    expect(a).toEqual({ 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1' });
    setNewReplicaSetAnnotations(d, a, 5, true, 1);
    expect(a['deployment.kubernetes.io/revision-history']).toBe('1,3');
    // A lower revision never lowers it.
    expect(setNewReplicaSetAnnotations(d, a, 4, true, 1)).toBe(false);
    expect(a['deployment.kubernetes.io/revision']).toBe('5');
  });
});
