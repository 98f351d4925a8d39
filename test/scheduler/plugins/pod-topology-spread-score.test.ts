import { describe, expect, it } from 'vitest';
import type { TopologySpreadConstraint } from '../../../source/api/core.js';
import { podTopologySpreadScore } from '../../../source/scheduler/plugins/pod-topology-spread-score.js';
import { makeNode, makePod, scoreAll, snapshotOf } from '../helpers.js';

const soft = (c: Partial<TopologySpreadConstraint> = {}): TopologySpreadConstraint =>
  ({ maxSkew: 1, topologyKey: 'node', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchExpressions: [{ key: 'foo', operator: 'Exists' }] }, ...c });
const labelled = (name: string, labels: Record<string, string>) => makeNode(name, { labels });
const foo = (name: string, node: string) => makePod(name, { nodeName: node, labels: { foo: '' } });

describe('PodTopologySpread score', () => {
  const nodes = () => ['node-a', 'node-b', 'node-c', 'node-d'].map((n) => labelled(n, { node: n }));
  const pods = () => [foo('p-a1', 'node-a'), foo('p-a2', 'node-a'), foo('p-b1', 'node-b')];

  it('one constraint on node, four candidates: 20 / 60 / 100 / 100 with maxSkew 2', () => {
    // raw = round(cnt × ln(4 + 2) + 1): a = round(4.58) = 5, b = round(2.79) = 3, c = d = 1;
    // normalised 100 × (max + min − raw) / max: a = 20, b = 60, c = d = 100.
    const r = scoreAll(podTopologySpreadScore, makePod('p', { labels: { foo: '' }, spec: { topologySpreadConstraints: [soft({ maxSkew: 2 })] } }), snapshotOf(nodes(), pods()));
    expect(r.raw).toEqual({ 'node-a': 5, 'node-b': 3, 'node-c': 1, 'node-d': 1 });
    expect(r.normalized).toEqual({ 'node-a': 20, 'node-b': 60, 'node-c': 100, 'node-d': 100 });
  });

  it('maxSkew 1: 0 / 50 / 100 / 100', () => {
    const r = scoreAll(podTopologySpreadScore, makePod('p', { spec: { topologySpreadConstraints: [soft()] } }), snapshotOf(nodes(), pods()));
    expect(r.raw).toEqual({ 'node-a': 4, 'node-b': 2, 'node-c': 0, 'node-d': 0 });
    expect(r.normalized).toEqual({ 'node-a': 0, 'node-b': 50, 'node-c': 100, 'node-d': 100 });
  });

  it('explicit constraints: a node missing the key is ignored and scores 0', () => {
    const snap = snapshotOf([...nodes(), makeNode('bare')], pods());
    const r = scoreAll(podTopologySpreadScore, makePod('p', { spec: { topologySpreadConstraints: [soft()] } }), snap);
    expect(r.raw.bare).toBe(0);
    expect(r.normalized.bare).toBe(0);
    // 5 feasible but 1 ignored: still ln(4 + 2).
    expect(r.raw['node-a']).toBe(4);
  });

  it('all zero raw scores normalise to 100', () => {
    const r = scoreAll(podTopologySpreadScore, makePod('p', { spec: { topologySpreadConstraints: [soft()] } }), snapshotOf(nodes()));
    expect(Object.values(r.normalized)).toEqual([100, 100, 100, 100]);
  });

  it('system defaults (hostname 3, zone 5) apply to controller-owned pods without constraints', () => {
    const zoned = (n: string, z: string) => labelled(n, { 'topology.kubernetes.io/zone': z });
    const snap = snapshotOf([zoned('a1', 'a'), zoned('a2', 'a'), zoned('b1', 'b'), makeNode('nozone')], [
      makePod('w1', { nodeName: 'a1', labels: { app: 'web' } }), makePod('w2', { nodeName: 'a1', labels: { app: 'web' } }),
      makePod('x', { nodeName: 'b1', labels: { app: 'other' } }),
    ]);
    const pod = makePod('p', { labels: { app: 'web' }, ownerKind: 'ReplicaSet' });
    const r = scoreAll(podTopologySpreadScore, pod, snap);
    // hostname weight ln(4 + 2) = 1.792; zone domains a, b and "" (nozone) → ln(3 + 2) = 1.609.
    // a1: 2×1.792 + 2 + 2×1.609 + 4 = 12.80 → 13; a2: 2 + 3.219 + 4 = 9.22 → 9; b1: 2 + 4 = 6; nozone: hostname only: 2.
    expect(r.raw).toEqual({ a1: 13, a2: 9, b1: 6, nozone: 2 });
    // min 2, max 13: 100 × (15 − s) / 13.
    expect(r.normalized).toEqual({ a1: 15, a2: 46, b1: 69, nozone: 100 });
    expect(scoreAll(podTopologySpreadScore, makePod('bare', { labels: { app: 'web' } }), snap).skipped).toBe(true);
  });

  it('the caller can supply the Service/controller selector for the defaults', () => {
    const snap = snapshotOf([labelled('n1', {}), labelled('n2', {})], [makePod('w', { nodeName: 'n1', labels: { app: 'web' } })]);
    const r = scoreAll(podTopologySpreadScore, makePod('p', { labels: { app: 'web' } }), snap, {
      defaultSpreadSelector: () => ({ matchLabels: { app: 'web' } }),
    });
    expect(r.skipped).toBe(false);
    // hostname: n1 = round(1 × ln(2 + 2) + 2) = 3, n2 = 2; no zone labels. 100 × (3 + 2 − s) / 3.
    expect(r.raw).toEqual({ n1: 3, n2: 2 });
    expect(r.normalized).toEqual({ n1: 66, n2: 100 });
  });
});
