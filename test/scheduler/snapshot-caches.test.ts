/** The snapshot's derived indexes (anti-affinity terms, topology domains) must follow every change they summarise. */
import { describe, expect, it } from 'vitest';
import type { Affinity, Pod } from '../../source/api/core.js';
import { AntiAffinityTermIndex } from '../../source/scheduler/affinity-index.js';
import { NodeInfo } from '../../source/scheduler/node-info.js';
import { podAffinityInfo } from '../../source/scheduler/pod-affinity-terms.js';
import { schedulePod } from '../../source/scheduler/schedule-pod.js';
import { sameLabels } from '../../source/scheduler/topology-domains.js';
import { filterAll, makeNode, makePod, options, reasons, scoreAll, snapshotOf } from './helpers.js';
import { newCycleContext } from '../../source/scheduler/framework.js';
import { imageLocalityScore } from '../../source/scheduler/plugins/image-locality.js';
import { podTopologySpreadScore } from '../../source/scheduler/plugins/pod-topology-spread-score.js';
import type { Snapshot } from '../../source/scheduler/snapshot.js';
import { newCycleStats } from '../../source/scheduler/types.js';
import { podTopologySpreadFilter } from '../../source/scheduler/plugins/pod-topology-spread.js';
import { interPodAffinityFilter } from '../../source/scheduler/plugins/inter-pod-affinity.js';

const EXISTING_ANTI = "node(s) didn't satisfy existing pods anti-affinity rules";
const SPREAD = "node(s) didn't match pod topology spread constraints";

const antiTo = (selector: NonNullable<Affinity['podAntiAffinity']>['requiredDuringSchedulingIgnoredDuringExecution']): Affinity =>
  ({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: selector } });
const guard = (name: string, node: string, labelSelector: object, topologyKey = 'kubernetes.io/hostname'): Pod =>
  makePod(name, { nodeName: node, labels: { role: 'guard' }, spec: { affinity: antiTo([{ labelSelector, topologyKey }]) } });

describe('AntiAffinityTermIndex', () => {
  const info = new NodeInfo('n1', makeNode('n1'));
  const offered = (index: AntiAffinityTermIndex, labels: Record<string, string>) => {
    const names: string[] = [];
    const n = index.forEachCandidate(labels, (e) => names.push(e.pod.metadata.name!));
    expect(n).toBe(names.length);
    return names.sort();
  };

  it('offers only terms whose equality the labels name, plus terms without an equality', () => {
    const index = new AntiAffinityTermIndex();
    const web = guard('web-guard', 'n1', { matchLabels: { app: 'web' } });
    const db = guard('db-guard', 'n1', { matchLabels: { app: 'db', tier: 'back' } });
    const either = guard('either-guard', 'n1', { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'db'] }] });
    const any = guard('any-guard', 'n1', {});
    for (const p of [web, db, either, any]) index.add(p, info, podAffinityInfo(p).requiredAntiAffinity);
    expect(offered(index, { app: 'web' })).toEqual(['any-guard', 'either-guard', 'web-guard']);
    // db-guard's bucket is its first equality (app=db, keys sorted): offered whenever app=db, even if tier differs.
    expect(offered(index, { app: 'db', tier: 'front' })).toEqual(['any-guard', 'db-guard', 'either-guard']);
    expect(offered(index, { other: 'x' })).toEqual(['any-guard', 'either-guard']);
    index.remove(web);
    index.remove(any);
    index.remove(any); // removing twice is harmless
    expect(offered(index, { app: 'web' })).toEqual(['either-guard']);
    index.remove(either);
    index.remove(db);
    expect(offered(index, { app: 'db' })).toEqual([]);
  });
});

describe('Snapshot anti-affinity index through scheduling', () => {
  const nodes = () => [makeNode('n1'), makeNode('n2')];

  it('an existing pod whose term uses In (no equality to bucket by) still repels the pod', () => {
    const snap = snapshotOf(nodes(), [guard('g', 'n1', { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] })]);
    const r = filterAll(interPodAffinityFilter, makePod('w', { labels: { app: 'web' } }), snap);
    expect(reasons(r.n1)).toEqual([EXISTING_ANTI]);
    expect(r.n2).toBeUndefined();
  });

  it('a term bucketed by an equality matches only pods carrying that label', () => {
    const snap = snapshotOf(nodes(), [guard('g', 'n1', { matchLabels: { app: 'web' } })]);
    expect(reasons(filterAll(interPodAffinityFilter, makePod('w', { labels: { app: 'web' } }), snap).n1)).toEqual([EXISTING_ANTI]);
    expect(filterAll(interPodAffinityFilter, makePod('d', { labels: { app: 'db' } }), snap).n1).toBe('skip');
  });

  it('forgets a removed or moved pod\'s terms', () => {
    const g = guard('g', 'n1', { matchLabels: { app: 'web' } }, 'kubernetes.io/hostname');
    const snap = snapshotOf(nodes(), [g]);
    snap.updatePod(g, { ...g, spec: { ...g.spec, nodeName: 'n2' } });
    const moved = filterAll(interPodAffinityFilter, makePod('w', { labels: { app: 'web' } }), snap);
    expect(moved.n1).toBeUndefined();
    expect(reasons(moved.n2)).toEqual([EXISTING_ANTI]);
    snap.removePod(g);
    expect(filterAll(interPodAffinityFilter, makePod('w2', { labels: { app: 'web' } }), snap).n2).toBe('skip');
    const r = schedulePod(makePod('w3', { labels: { app: 'web' } }), snap, options());
    expect(r.kind).toBe('scheduled');
  });

  it('a term in another namespace does not match even when its bucket does', () => {
    const snap = snapshotOf(nodes(), [makePod('g', { nodeName: 'n1', namespace: 'other', spec: { affinity: antiTo([
      { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' },
    ]) } })]);
    expect(filterAll(interPodAffinityFilter, makePod('w', { labels: { app: 'web' } }), snap).n1).toBe('skip');
  });
});

describe('Snapshot topology domains', () => {
  const zoned = (name: string, zone: string) => makeNode(name, { labels: { zone } });
  const foo = (name: string, node: string) => makePod(name, { nodeName: node, labels: { foo: 'bar' } });
  const incoming = () => makePod('p', { labels: { foo: 'bar' }, spec: { topologySpreadConstraints: [
    { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { foo: 'bar' } } },
  ] } });

  it('lists eligible nodes and each key\'s values in node-list order, and reuses the result while nodes stay', () => {
    const snap = snapshotOf([zoned('a1', 'a'), zoned('b1', 'b'), makeNode('none'), zoned('a2', 'a')]);
    const d = snap.topologyDomains(['zone']);
    const list = snap.nodeInfoList().map((n) => n.name);
    expect([...d.eligible]).toEqual(list.map((n) => (n === 'none' ? 0 : 1)));
    expect(d.values).toEqual([list.filter((n) => n !== 'none').map((n) => n[0]).filter((z, i, a) => a.indexOf(z) === i)]);
    // A status-only update (same labels in a new object) keeps the cached answer.
    snap.upsertNode({ ...zoned('a1', 'a'), status: { allocatable: { cpu: '8', memory: '8Gi', pods: '110' } } });
    expect(snap.topologyDomains(['zone'])).toBe(d);
  });

  it('a relabelled node moves domains for the spread filter', () => {
    const snap = snapshotOf([zoned('a1', 'a'), zoned('a2', 'a'), zoned('b1', 'b')], [foo('x1', 'a1'), foo('x2', 'b1')]);
    let r = filterAll(podTopologySpreadFilter, incoming(), snap);
    expect(r.a1).toBeUndefined(); // a: 1 + 1 − 1 = 1
    // Node a2 gains a label (zone unchanged): domains are recomputed and stay right.
    snap.upsertNode(makeNode('a2', { labels: { zone: 'a', disk: 'ssd' } }));
    expect(filterAll(podTopologySpreadFilter, incoming(), snap).a1).toBeUndefined();
    // a2 moves to an empty zone c: the minimum drops to 0, so a: 1 + 1 − 0 = 2 > 1; c: 0 + 1 − 0 = 1.
    snap.upsertNode(zoned('a2', 'c'));
    r = filterAll(podTopologySpreadFilter, incoming(), snap);
    expect(reasons(r.a1)).toEqual([SPREAD]);
    expect(r.a2).toBeUndefined();
  });

  it('a label change that keeps the node list order (not the zone) still refreshes the domains', () => {
    const racked = (name: string, rack: string) => makeNode(name, { labels: { rack } });
    const snap = snapshotOf([racked('r1a', 'r1'), racked('r1b', 'r1'), racked('r2a', 'r2')], [foo('x1', 'r1a'), foo('x2', 'r2a')]);
    const pod = makePod('p', { labels: { foo: 'bar' }, spec: { topologySpreadConstraints: [
      { maxSkew: 1, topologyKey: 'rack', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { foo: 'bar' } } },
    ] } });
    expect(filterAll(podTopologySpreadFilter, pod, snap).r1a).toBeUndefined(); // r1: 1 + 1 − 1
    snap.upsertNode(racked('r1b', 'r3')); // an empty rack appears: the minimum drops to 0
    expect(reasons(filterAll(podTopologySpreadFilter, pod, snap).r1a)).toEqual([SPREAD]);
  });

  it('a removed node\'s domain disappears', () => {
    const snap = snapshotOf([zoned('a1', 'a'), zoned('b1', 'b')], [foo('x1', 'a1'), foo('x2', 'a1')]);
    expect(reasons(filterAll(podTopologySpreadFilter, incoming(), snap).a1)).toEqual([SPREAD]); // 2 + 1 − 0 > 1
    snap.removeNode('b1');
    expect(filterAll(podTopologySpreadFilter, incoming(), snap).a1).toBeUndefined(); // only zone a: 2 + 1 − 2 = 1
  });

  it('honours node affinity with a nodeSelector (the uncached scan) exactly like the cached path', () => {
    const snap = snapshotOf([
      makeNode('a1', { labels: { zone: 'a', disk: 'ssd' } }), makeNode('b1', { labels: { zone: 'b', disk: 'hdd' } }),
    ], [foo('x1', 'a1')]);
    const pod = incoming();
    const selective = { ...pod, spec: { ...pod.spec, nodeSelector: { disk: 'ssd' } } };
    // Zone b is not eligible for the selective pod, so a's skew is 1 + 1 − 1 = 1; with b counted it is 2.
    expect(filterAll(podTopologySpreadFilter, selective, snap).a1).toBeUndefined();
    expect(reasons(filterAll(podTopologySpreadFilter, pod, snap).a1)).toEqual([SPREAD]);
  });
});

describe('sameLabels', () => {
  it('compares pairs, not identity', () => {
    expect(sameLabels({ a: '1', b: '2' }, { b: '2', a: '1' })).toBe(true);
    expect(sameLabels({ a: '1' }, { a: '1', b: '2' })).toBe(false);
    expect(sameLabels({ a: '1', b: '2' }, { a: '1' })).toBe(false);
    expect(sameLabels({ a: '1' }, { a: '2' })).toBe(false);
    expect(sameLabels({}, {})).toBe(true);
  });
});

describe('scores memoised or looked up through the snapshot', () => {
  const image = (names: string[], mb: number) => ({ names, sizeBytes: mb * 1024 * 1024 });

  it('ImageLocality follows a node that pulls an image', () => {
    const snap = snapshotOf([makeNode('n1'), makeNode('n2', { images: [image(['app:1'], 500)] })]);
    const pod = makePod('p');
    const before = scoreAll(imageLocalityScore, pod, snap);
    expect(before.raw.n1).toBe(0);
    snap.upsertNode(makeNode('n1', { images: [image(['app:1'], 500)] }));
    const after = scoreAll(imageLocalityScore, pod, snap);
    // Both nodes hold 500 MiB now (spread 2/2): (500 − 23) × 100 / (1000 − 23) = 48.
    expect(after.raw).toEqual({ n1: 48, n2: 48 });
  });

  it('PodTopologySpread scores a node outside the snapshot like one inside it', () => {
    const zoned = (name: string, zone: string, extra: Record<string, string> = {}) =>
      makeNode(name, { labels: { 'topology.kubernetes.io/zone': zone, rack: 'r1', ...extra } });
    const template = zoned('tmpl', '', { rack: 'r9' }); // an empty zone value shares the "" domain
    const pods = [
      makePod('a', { nodeName: 'a1', labels: { app: 'web' } }), makePod('b', { nodeName: 'a1', labels: { app: 'web' } }),
      makePod('c', { nodeName: 'b1', labels: { app: 'web' } }),
    ];
    const incoming = makePod('p', { labels: { app: 'web' }, spec: { topologySpreadConstraints: [
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'web' } } },
      { maxSkew: 2, topologyKey: 'rack', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'web' } } },
    ] } });
    const inside = snapshotOf([zoned('a1', 'a'), zoned('b1', 'b'), makeNode('bare'), template], pods);
    const outside = snapshotOf([zoned('a1', 'a'), zoned('b1', 'b'), makeNode('bare')], pods);
    const run = (snap: Snapshot, pod: Pod, extra: NodeInfo[]) => {
      const ctx = newCycleContext(pod, snap, options(), newCycleStats());
      const nodes = [...snap.nodeInfoList(), ...extra];
      const pre = podTopologySpreadScore.preScore(ctx, nodes);
      if (pre.skip) throw new Error('skipped');
      const scores = new Float64Array(nodes.length);
      podTopologySpreadScore.scoreAll!(ctx, pre.state, nodes, scores);
      podTopologySpreadScore.normalize!(ctx, pre.state, scores, nodes);
      return Object.fromEntries(nodes.map((n, i) => [n.name, scores[i]]));
    };
    const expected = run(inside, incoming, []);
    expect(run(outside, incoming, [new NodeInfo('tmpl', template)])).toEqual(expected);
    expect(expected.bare).toBe(0); // no topology keys: ignored
    expect(expected.tmpl).toBe(100); // its domains hold no matching pod
    // System default spreading (a ReplicaSet's pod): a node without a zone and one with an empty zone share the ""
    // domain, so there are three zone domains, not four, wherever the template node comes from.
    const owned = makePod('q', { labels: { app: 'web' }, ownerKind: 'ReplicaSet' });
    const defaults = run(inside, owned, []);
    expect(run(outside, owned, [new NodeInfo('tmpl', template)])).toEqual(defaults);
    // raw: a1 round(2·ln6 + 2 + 2·ln5 + 4) = 13, b1 round(ln6 + 2 + ln5 + 4) = 9, bare 2 (no zone), tmpl 2 + 4 = 6;
    // normalised 100 × (13 + 2 − s) / 13.
    expect(defaults).toEqual({ a1: 15, b1: 46, bare: 100, tmpl: 69 });
  });
});

describe('PodTopologySpread filter on nodes outside the snapshot (the cluster autoscaler\'s template nodes)', () => {
  const zone = (name: string, z?: string) => makeNode(name, { labels: z ? { zone: z } : {} });
  const foo = (name: string, node: string) => makePod(name, { nodeName: node, labels: { foo: 'bar' } });
  const snap = () => snapshotOf([zone('node1', 'zoneA'), zone('node2', 'zoneA'), zone('node3', 'zoneB'), zone('node4', 'zoneB')],
    [foo('p1', 'node1'), foo('p2', 'node2'), foo('p3', 'node3')]);
  const pod = makePod('p', { labels: { foo: 'bar' }, spec: { topologySpreadConstraints: [
    { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { foo: 'bar' } } },
  ] } });

  it('judges a template node by its labels exactly as a listed node of the same domain', () => {
    const s = snap();
    const ctx = newCycleContext(pod, s, options(), newCycleStats());
    const state = podTopologySpreadFilter.preFilter!(ctx).state!;
    const check = (info: NodeInfo) => podTopologySpreadFilter.filter(ctx, state, info)?.reasons ?? [];
    expect(check(new NodeInfo('tmpl-a', zone('tmpl-a', 'zoneA')))).toEqual(check(s.get('node1')!));
    expect(check(new NodeInfo('tmpl-a', zone('tmpl-a', 'zoneA')))).toEqual([SPREAD]); // 2 + 1 − 1
    expect(check(new NodeInfo('tmpl-b', zone('tmpl-b', 'zoneB')))).toEqual([]); // 1 + 1 − 1
    expect(check(new NodeInfo('tmpl-c', zone('tmpl-c', 'zoneC')))).toEqual([]); // a domain nobody counted: 0 + 1 − 1
    expect(check(new NodeInfo('bare', zone('bare')))).toEqual([`${SPREAD} (missing required label)`]);
  });

  it('a pod placed on a template node in a new domain moves the minimum for listed nodes too', () => {
    const s = snap();
    const ctx = newCycleContext(pod, s, options(), newCycleStats());
    const state = podTopologySpreadFilter.cloneState!(podTopologySpreadFilter.preFilter!(ctx).state!);
    const tmpl = new NodeInfo('tmpl-c', zone('tmpl-c', 'zoneC'));
    // node3's pod goes (zone B drops to 0, the minimum) and two pods land on the template in a new zone C:
    // B is 0 + 1 − 0 = 1 (fits); A and C are 2 + 1 − 0 = 3 (rejected).
    podTopologySpreadFilter.removePod!(ctx, state, s.get('node3')!.pods[0]!, s.get('node3')!);
    podTopologySpreadFilter.addPod!(ctx, state, foo('c1', 'tmpl-c'), tmpl);
    podTopologySpreadFilter.addPod!(ctx, state, foo('c2', 'tmpl-c'), tmpl);
    expect(podTopologySpreadFilter.filter(ctx, state, s.get('node3')!)).toBeUndefined();
    expect(podTopologySpreadFilter.filter(ctx, state, s.get('node1')!)?.reasons).toEqual([SPREAD]);
    expect(podTopologySpreadFilter.filter(ctx, state, tmpl)?.reasons).toEqual([SPREAD]); // 2 + 1 − 0
  });
});
