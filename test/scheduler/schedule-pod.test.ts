import { describe, expect, it } from 'vitest';
import { filterVerdicts, nodeScores, unschedulablePlugins } from '../../source/scheduler/diagnosis.js';
import { numFeasibleNodesToFind, schedulePod, selectHost } from '../../source/scheduler/schedule-pod.js';
import { SeededRandom } from '../../source/engine/random.js';
import { makeNode, makePod, options, snapshotOf } from './helpers.js';

const nodes = (n: number, o: Parameters<typeof makeNode>[1] = {}) => Array.from({ length: n }, (_, i) => makeNode(`n${String(i).padStart(4, '0')}`, o));

describe('numFeasibleNodesToFind', () => {
  it.each([
    [undefined, 50, 50], [undefined, 99, 99], [undefined, 100, 100], [undefined, 1000, 420], [undefined, 5000, 500],
    [undefined, 6000, 300], [undefined, 20000, 1000], [30, 1000, 300], [1, 1000, 100], [100, 1000, 1000],
  ])('pct %s of %i nodes → %i', (pct, n, want) => {
    expect(numFeasibleNodesToFind(pct, n)).toBe(want);
  });
});

describe('schedulePod', () => {
  it('stops after enough feasible nodes and rotates the start index by the nodes processed', () => {
    const snap = snapshotOf(nodes(500));
    const first = schedulePod(makePod('a'), snap, options());
    // 500 nodes: 50 − 500/125 = 46% → 230.
    expect(first.diagnosis.stats.nodesEvaluated).toBe(230);
    expect(first.nextStartNodeIndex).toBe(230);
    const second = schedulePod(makePod('b'), snap, options({ nextStartNodeIndex: first.nextStartNodeIndex }));
    expect(second.nextStartNodeIndex).toBe(460);
    const third = schedulePod(makePod('c'), snap, options({ nextStartNodeIndex: second.nextStartNodeIndex }));
    expect(third.nextStartNodeIndex).toBe(190);
    expect(third.diagnosis.feasibleNodes[0]).toBe('n0460');
  });

  it('counts rejected nodes in the rotation too', () => {
    const snap = snapshotOf([makeNode('a', { cpu: '1' }), makeNode('b', { cpu: '1' }), makeNode('c')]);
    const r = schedulePod(makePod('p', { cpu: '2' }), snap, options({ nextStartNodeIndex: 1 }));
    expect(r.kind === 'scheduled' && r.node).toBe('c');
    expect(r.nextStartNodeIndex).toBe(1); // all three processed: (1 + 3) % 3
  });

  it('a single feasible node is chosen without scoring or randomness', () => {
    const snap = snapshotOf([makeNode('a', { cpu: '1' }), makeNode('b')]);
    let draws = 0;
    const r = schedulePod(makePod('p', { cpu: '2' }), snap, options({ rand: () => { draws++; return 0; } }));
    expect(r.kind === 'scheduled' && r.node).toBe('b');
    expect(r.kind === 'scheduled' && r.scores).toBeUndefined();
    expect(draws).toBe(0);
  });

  it('breaks ties uniformly at random, reproducibly with the same seed', () => {
    const snap = snapshotOf(nodes(4));
    const run = (seed: number) => {
      const rnd = new SeededRandom(seed);
      const picks: string[] = [];
      for (let i = 0; i < 400; i++) {
        const r = schedulePod(makePod(`p${i}`), snap, options({ rand: () => rnd.next() }));
        if (r.kind === 'scheduled') picks.push(r.node);
      }
      return picks;
    };
    const a = run(7);
    expect(run(7)).toEqual(a);
    expect(run(8)).not.toEqual(a);
    const counts = new Map<string, number>();
    for (const n of a) counts.set(n, (counts.get(n) ?? 0) + 1);
    expect(counts.size).toBe(4);
    for (const c of counts.values()) expect(c).toBeGreaterThan(60);
  });

  it('selectHost keeps the highest total and samples among equals', () => {
    expect(selectHost(new Float64Array([1, 5, 3]), () => 0.99)).toBe(1);
    expect(selectHost(new Float64Array([5, 5]), () => 0)).toBe(1); // replaced with probability 1/2
    expect(selectHost(new Float64Array([5, 5]), () => 0.6)).toBe(0);
  });

  it('scores with plugin weights and records the breakdown', () => {
    const snap = snapshotOf([makeNode('big', { cpu: '8', memory: '16Gi' }), makeNode('small', { cpu: '2', memory: '4Gi' })]);
    const r = schedulePod(makePod('p', { cpu: '1', memory: '1Gi' }), snap, options());
    expect(r.kind === 'scheduled' && r.node).toBe('big');
    const big = nodeScores(r.diagnosis.scores!, 'big')!;
    const fit = big.plugins.find((p) => p.plugin === 'NodeResourcesFit')!;
    // cpu (8000−1000)×100/8000 = 87, memory (16−1)×100/16 = 93 → 90.
    expect(fit).toMatchObject({ raw: 90, normalized: 90, weight: 1, weighted: 90, skipped: false });
    expect(big.plugins.find((p) => p.plugin === 'TaintToleration')).toMatchObject({ normalized: 100, weighted: 300 });
    expect(big.plugins.find((p) => p.plugin === 'NodeAffinity')?.skipped).toBe(true);
    expect(big.total).toBe(big.plugins.reduce((s, p) => s + p.weighted, 0));
  });

  it('records per-plugin filter verdicts for "why Pending"', () => {
    const snap = snapshotOf([makeNode('tainted', { taints: [{ key: 'k', effect: 'NoSchedule' }] }), makeNode('small', { cpu: '1' })]);
    const r = schedulePod(makePod('p', { cpu: '2' }), snap, options());
    expect(filterVerdicts(r.diagnosis, 'small').map((v) => `${v.plugin}:${v.verdict}`)).toEqual([
      'NodeUnschedulable:pass', 'NodeName:pass', 'TaintToleration:pass', 'NodeAffinity:skip', 'NodePorts:skip',
      'NodeResourcesFit:reject', 'VolumeBinding:skip', 'VolumeZone:skip', 'PodTopologySpread:skip', 'InterPodAffinity:skip',
    ]);
    expect(filterVerdicts(r.diagnosis, 'tainted').find((v) => v.verdict === 'reject')?.reasons).toEqual(['node(s) had untolerated taint(s)']);
    expect(filterVerdicts(r.diagnosis, 'tainted').find((v) => v.plugin === 'NodeResourcesFit')?.verdict).toBe('not-run');
    expect([...unschedulablePlugins(r.diagnosis)].sort()).toEqual(['NodeResourcesFit', 'TaintToleration']);
  });

  it('tries the nominated node first', () => {
    const snap = snapshotOf(nodes(3));
    const r = schedulePod(makePod('p', { nominatedNodeName: 'n0002' }), snap, options({ nextStartNodeIndex: 2 }));
    expect(r.kind === 'scheduled' && r.node).toBe('n0002');
    expect(r.diagnosis.usedNominatedNode).toBe(true);
    expect(r.diagnosis.stats.nodesEvaluated).toBe(1);
  });

  it('reserves room for nominated pods of equal or higher priority', () => {
    const snap = snapshotOf([makeNode('n', { cpu: '4' })]);
    snap.nominate(makePod('vip', { cpu: '3', priority: 100 }), 'n');
    const low = schedulePod(makePod('low', { cpu: '2', priority: 1 }), snap, options());
    expect(low.kind === 'unschedulable' && low.message).toMatch(/^0\/1 nodes are available: 1 Insufficient cpu\./);
    expect(schedulePod(makePod('high', { cpu: '2', priority: 200 }), snap, options()).kind).toBe('scheduled');
  });

  it('reports an error with no nodes at all', () => {
    const r = schedulePod(makePod('p'), snapshotOf([]), options());
    expect(r).toMatchObject({ kind: 'error', message: 'no nodes available to schedule pods' });
  });
});
