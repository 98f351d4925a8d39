import { describe, expect, it } from 'vitest';
import type { TopologySpreadConstraint } from '../../../source/api/core.js';
import { newCycleContext } from '../../../source/scheduler/framework.js';
import { type SpreadState, podTopologySpreadFilter } from '../../../source/scheduler/plugins/pod-topology-spread.js';
import { newCycleStats } from '../../../source/scheduler/types.js';
import { filterAll, makeNode, makePod, options, reasons, snapshotOf } from '../helpers.js';

const REASON = "node(s) didn't match pod topology spread constraints";
const zone = (name: string, z: string) => makeNode(name, { labels: { zone: z } });
const foo = (name: string, node: string, extra: Parameters<typeof makePod>[1] = {}) =>
  makePod(name, { nodeName: node, labels: { foo: 'bar' }, ...extra });
const spread = (c: Partial<TopologySpreadConstraint> = {}): TopologySpreadConstraint =>
  ({ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { foo: 'bar' } }, ...c });
const incoming = (...cs: TopologySpreadConstraint[]) => makePod('p', { labels: { foo: 'bar' }, spec: { topologySpreadConstraints: cs } });

// The documented example: zoneA {node1, node2} holds 2 matching pods, zoneB {node3, node4} holds 1.
const cluster = () => snapshotOf(
  [zone('node1', 'zoneA'), zone('node2', 'zoneA'), zone('node3', 'zoneB'), zone('node4', 'zoneB')],
  [foo('p1', 'node1'), foo('p2', 'node2'), foo('p3', 'node3')],
);

describe('PodTopologySpread filter', () => {
  it('rejects the domain whose skew would exceed maxSkew', () => {
    const r = filterAll(podTopologySpreadFilter, incoming(spread()), cluster());
    // zoneA: 2 + 1 − 1 = 2 > 1; zoneB: 1 + 1 − 1 = 1.
    expect(reasons(r.node1)).toEqual([REASON]);
    expect((r.node1 as { code: string }).code).toBe('Unschedulable');
    expect(reasons(r.node2)).toEqual([REASON]);
    expect(r.node3).toBeUndefined();
    expect(r.node4).toBeUndefined();
  });

  it('maxSkew 2 admits both zones', () => {
    const r = filterAll(podTopologySpreadFilter, incoming(spread({ maxSkew: 2 })), cluster());
    expect(Object.values(r).every((v) => v === undefined)).toBe(true);
  });

  it('with fewer domains than minDomains the global minimum is 0', () => {
    const r = filterAll(podTopologySpreadFilter, incoming(spread({ minDomains: 3 })), cluster());
    // zoneB: 1 + 1 − 0 = 2 > 1.
    expect(reasons(r.node3)).toEqual([REASON]);
  });

  it('a node without the topology key is UnschedulableAndUnresolvable (missing required label)', () => {
    const snap = cluster();
    snap.upsertNode(makeNode('bare'));
    const r = filterAll(podTopologySpreadFilter, incoming(spread()), snap);
    expect(reasons(r.bare)).toEqual([`${REASON} (missing required label)`]);
    expect((r.bare as { code: string }).code).toBe('UnschedulableAndUnresolvable');
  });

  it('ignores terminating pods and pods of other namespaces; counts self only if it matches', () => {
    const snap = snapshotOf([zone('node1', 'zoneA'), zone('node3', 'zoneB')], [
      foo('p1', 'node1'), foo('gone', 'node1'), foo('other', 'node1', { namespace: 'elsewhere' }),
    ]);
    const gone = snap.get('node1')!.pods.find((p) => p.metadata.name === 'gone')!;
    gone.metadata.deletionTimestamp = '2025-01-01T00:00:00Z';
    const r = filterAll(podTopologySpreadFilter, incoming(spread()), snap);
    expect(reasons(r.node1)).toEqual([REASON]); // 1 + 1 − 0 = 2
    const stranger = makePod('s', { labels: { other: 'x' }, spec: { topologySpreadConstraints: [spread()] } });
    expect(filterAll(podTopologySpreadFilter, stranger, snap).node1).toBeUndefined(); // 1 + 0 − 0 = 1
  });

  it('nodeAffinityPolicy Honor leaves out domains the pod cannot use', () => {
    const pod = makePod('p', { labels: { foo: 'bar' }, spec: { nodeSelector: { zone: 'zoneA' }, topologySpreadConstraints: [spread()] } });
    // Only zoneA is eligible, so its min is 2 and skew 2 + 1 − 2 = 1 passes.
    expect(filterAll(podTopologySpreadFilter, pod, cluster()).node1).toBeUndefined();
    const ignore = makePod('q', { labels: { foo: 'bar' }, spec: { nodeSelector: { zone: 'zoneA' }, topologySpreadConstraints: [spread({ nodeAffinityPolicy: 'Ignore' })] } });
    expect(reasons(filterAll(podTopologySpreadFilter, ignore, cluster()).node1)).toEqual([REASON]);
  });

  it('matchLabelKeys narrows the selector to pods sharing the key', () => {
    const snap = snapshotOf([zone('node1', 'zoneA'), zone('node3', 'zoneB')], [
      foo('old1', 'node1', { labels: { foo: 'bar', rev: 'old' } }), foo('old2', 'node1', { labels: { foo: 'bar', rev: 'old' } }),
    ]);
    const pod = makePod('p', { labels: { foo: 'bar', rev: 'new' }, spec: { topologySpreadConstraints: [spread({ matchLabelKeys: ['rev'] })] } });
    expect(filterAll(podTopologySpreadFilter, pod, snap).node1).toBeUndefined();
  });

  it('is skipped without DoNotSchedule constraints', () => {
    expect(filterAll(podTopologySpreadFilter, incoming(spread({ whenUnsatisfiable: 'ScheduleAnyway' })), cluster()).node1).toBe('skip');
  });

  it('RemovePod/AddPod update a cloned state (preemption dry runs)', () => {
    const snap = cluster();
    const ctx = newCycleContext(incoming(spread()), snap, options(), newCycleStats());
    const state = podTopologySpreadFilter.preFilter!(ctx).state as SpreadState;
    const copy = podTopologySpreadFilter.cloneState!(state);
    const n1 = snap.get('node1')!;
    podTopologySpreadFilter.removePod!(ctx, copy, n1.pods[0]!, n1);
    expect(podTopologySpreadFilter.filter(ctx, copy, n1)).toBeUndefined(); // zoneA now 1: 1 + 1 − 1
    expect(podTopologySpreadFilter.filter(ctx, state, n1)?.reasons).toEqual([REASON]); // original untouched
  });
});
