import { describe, expect, it } from 'vitest';
import { compileSelector } from '../../source/scheduler/selector-cache.js';
import { makeNode, makePod, snapshotOf } from './helpers.js';

const zoned = (name: string, zone: string) => makeNode(name, { labels: { 'topology.kubernetes.io/zone': zone } });

describe('Snapshot', () => {
  it('lists nodes round-robin across zones (NodeTree.list)', () => {
    const s = snapshotOf([zoned('a1', 'a'), zoned('a2', 'a'), zoned('a3', 'a'), zoned('b1', 'b'), zoned('c1', 'c'), zoned('c2', 'c')]);
    expect(s.nodeInfoList().map((n) => n.name)).toEqual(['a1', 'b1', 'c1', 'a2', 'c2', 'a3']);
    s.upsertNode(zoned('a1', 'b')); // moved zones: goes to the end of zone b
    expect(s.nodeInfoList().map((n) => n.name)).toEqual(['a2', 'b1', 'c1', 'a3', 'a1', 'c2']);
  });

  it('keeps pods of a removed node until they go, without listing the node', () => {
    const s = snapshotOf([makeNode('n1'), makeNode('n2')], [makePod('p', { nodeName: 'n1', cpu: '1' })]);
    s.removeNode('n1');
    expect(s.nodeInfoList().map((n) => n.name)).toEqual(['n2']);
    expect(s.get('n1')).toBeUndefined();
    s.upsertNode(makeNode('n1'));
    expect(s.get('n1')!.requestedMilliCPU).toBe(1000);
  });

  it('moves a pod on update, ignores unassigned and finished pods', () => {
    const s = snapshotOf([makeNode('n1'), makeNode('n2')]);
    const p = makePod('p', { nodeName: 'n1', cpu: '1', uid: 'u1' });
    s.addPod(p);
    s.updatePod(p, { ...p, spec: { ...p.spec, nodeName: 'n2' } });
    expect(s.get('n1')!.pods).toHaveLength(0);
    expect(s.get('n2')!.pods).toHaveLength(1);
    s.updatePod(p, { ...p, spec: { ...p.spec, nodeName: 'n2' }, status: { phase: 'Succeeded' } });
    expect(s.get('n2')!.pods).toHaveLength(0);
    s.addPod(makePod('pending'));
    expect(s.nodeInfoList().every((n) => n.pods.length === 0)).toBe(true);
  });

  it('visits only the smallest label posting list', () => {
    const pods = [];
    for (let i = 0; i < 50; i++) pods.push(makePod(`web-${i}`, { nodeName: 'n1', labels: { app: 'web', tier: 'fe' } }));
    pods.push(makePod('db', { nodeName: 'n1', labels: { app: 'db', tier: 'fe' } }));
    pods.push(makePod('other-ns', { nodeName: 'n1', namespace: 'x', labels: { app: 'db' } }));
    const s = snapshotOf([makeNode('n1')], pods);
    const seen: string[] = [];
    const visited = s.forEachMatchingPod('default', compileSelector({ matchLabels: { app: 'db', tier: 'fe' } }), (p) => seen.push(p.metadata.name!));
    expect(seen).toEqual(['db']);
    expect(visited).toBe(1);
    expect(s.forEachMatchingPod('default', compileSelector(undefined), () => seen.push('x'))).toBe(0);
    expect(s.forEachMatchingPod('default', compileSelector({}), () => undefined)).toBe(51);
  });

  it('counts image spread and tracks nominations', () => {
    const img = [{ names: ['nginx:latest'], sizeBytes: 1 }];
    const s = snapshotOf([makeNode('n1', { images: img }), makeNode('n2', { images: img }), makeNode('n3')]);
    expect(s.imageNumNodes('nginx:latest')).toBe(2);
    s.removeNode('n2');
    expect(s.imageNumNodes('nginx:latest')).toBe(1);
    const p = makePod('p');
    s.nominate(p, 'n1');
    expect(s.nominatedPodsOn('n1')).toEqual([p]);
    s.nominate(p, 'n3');
    expect(s.nominatedPodsOn('n1')).toBeUndefined();
    s.addPod({ ...p, spec: { ...p.spec, nodeName: 'n3' } }); // bound: nomination dropped
    expect(s.nominatedPodsOn('n3')).toBeUndefined();
  });
});
