import { describe, expect, it } from 'vitest';
import type { NodeSelectorTerm } from '../../source/api/core.js';
import { matchesNodeSelectorTerm, matchesNodeSelectorTerms } from '../../source/api/selectors.js';

const node = (name: string | undefined, labels?: Record<string, string>) => ({ metadata: { name, labels } });
const zoneA = node('node-a', { 'topology.kubernetes.io/zone': 'a', 'cpu-count': '8', disk: 'ssd' });
const zoneB = node('node-b', { 'topology.kubernetes.io/zone': 'b', 'cpu-count': '2' });

describe('matchesNodeSelectorTerm', () => {
  it.each<[string, NodeSelectorTerm, boolean, boolean]>([
    ['In', { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['a', 'c'] }] }, true, false],
    ['NotIn matches a missing key', { matchExpressions: [{ key: 'disk', operator: 'NotIn', values: ['hdd'] }] }, true, true],
    ['Exists', { matchExpressions: [{ key: 'disk', operator: 'Exists' }] }, true, false],
    ['DoesNotExist', { matchExpressions: [{ key: 'disk', operator: 'DoesNotExist' }] }, false, true],
    ['Gt is an integer compare', { matchExpressions: [{ key: 'cpu-count', operator: 'Gt', values: ['4'] }] }, true, false],
    ['Lt is an integer compare (not string: "10" > "8")', { matchExpressions: [{ key: 'cpu-count', operator: 'Lt', values: ['10'] }] }, true, true],
    ['expressions are ANDed', { matchExpressions: [
      { key: 'cpu-count', operator: 'Gt', values: ['1'] }, { key: 'disk', operator: 'In', values: ['ssd'] }] }, true, false],
    ['matchFields In on metadata.name', { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-b'] }] }, false, true],
    ['matchFields NotIn on metadata.name', { matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['node-b'] }] }, true, false],
    ['matchFields and matchExpressions ANDed', {
      matchExpressions: [{ key: 'disk', operator: 'Exists' }],
      matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-b'] }] }, false, false],
    ['an unknown field key has the empty value', { matchFields: [{ key: 'spec.foo', operator: 'In', values: ['x'] }] }, false, false],
    ['an empty term matches nothing', {}, false, false],
    ['a term with empty lists matches nothing', { matchExpressions: [], matchFields: [] }, false, false],
    ['a bad operator makes the term fail', { matchExpressions: [{ key: 'disk', operator: 'Equals' as never, values: ['ssd'] }] }, false, false],
    ['a non-integer Gt value makes the term fail', { matchExpressions: [{ key: 'cpu-count', operator: 'Gt', values: ['many'] }] }, false, false],
    ['In without values makes the term fail', { matchExpressions: [{ key: 'disk', operator: 'In', values: [] }] }, false, false],
    ['matchFields need exactly one value', { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-a', 'node-b'] }] }, false, false],
    ['matchFields allow only In/NotIn', { matchFields: [{ key: 'metadata.name', operator: 'Exists' }] }, false, false],
  ])('%s', (_, term, onA, onB) => {
    expect(matchesNodeSelectorTerm(term, zoneA)).toBe(onA);
    expect(matchesNodeSelectorTerm(term, zoneB)).toBe(onB);
    expect(matchesNodeSelectorTerm(term, zoneA)).toBe(onA); // from the compiled cache
  });

  it('Gt/Lt never match a missing or non-integer label', () => {
    const term: NodeSelectorTerm = { matchExpressions: [{ key: 'gen', operator: 'Gt', values: ['1'] }] };
    expect(matchesNodeSelectorTerm(term, node('x', { gen: 'two' }))).toBe(false);
    expect(matchesNodeSelectorTerm(term, node('x', {}))).toBe(false);
    expect(matchesNodeSelectorTerm(term, node('x', { gen: '2' }))).toBe(true);
  });

  it('skips matchFields for a node without a name, as upstream', () => {
    const term: NodeSelectorTerm = { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-a'] }] };
    expect(matchesNodeSelectorTerm(term, node(undefined))).toBe(true);
  });
});

describe('matchesNodeSelectorTerms', () => {
  const inZoneB: NodeSelectorTerm = { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['b'] }] };
  const ssd: NodeSelectorTerm = { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] };

  it('ORs the terms', () => {
    expect(matchesNodeSelectorTerms([inZoneB, ssd], zoneA)).toBe(true);
    expect(matchesNodeSelectorTerms([inZoneB, ssd], zoneB)).toBe(true);
    expect(matchesNodeSelectorTerms([inZoneB], zoneA)).toBe(false);
  });

  it('no terms, or only empty terms, match nothing', () => {
    expect(matchesNodeSelectorTerms([], zoneA)).toBe(false);
    expect(matchesNodeSelectorTerms(undefined, zoneA)).toBe(false);
    expect(matchesNodeSelectorTerms([{}], zoneA)).toBe(false);
  });

  it('an invalid term does not stop a later valid one from matching', () => {
    const bad: NodeSelectorTerm = { matchExpressions: [{ key: 'disk', operator: 'Bogus' as never }] };
    expect(matchesNodeSelectorTerms([bad, ssd], zoneA)).toBe(true);
    expect(matchesNodeSelectorTerms([bad], zoneA)).toBe(false);
  });
});
