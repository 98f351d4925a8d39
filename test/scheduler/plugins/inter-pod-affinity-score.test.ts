import { describe, expect, it } from 'vitest';
import type { Affinity } from '../../../source/api/core.js';
import { interPodAffinityScore } from '../../../source/scheduler/plugins/inter-pod-affinity-score.js';
import { makeNode, makePod, scoreAll, snapshotOf } from '../helpers.js';

const region = (name: string, r: string) => makeNode(name, { labels: { region: r } });
const preferred = (weight: number, labels: Record<string, string>, topologyKey: string) =>
  ({ weight, podAffinityTerm: { labelSelector: { matchLabels: labels }, topologyKey } });
const cluster = () => snapshotOf([region('machine1', 'China'), region('machine2', 'India'), region('machine3', 'China')], [
  makePod('s1', { nodeName: 'machine1', labels: { security: 'S1' } }),
]);

describe('InterPodAffinity score', () => {
  it('preferred affinity favours every node in the matching pod\'s region', () => {
    const pod = makePod('p', { spec: { affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [preferred(5, { security: 'S1' }, 'region')] } } } });
    const r = scoreAll(interPodAffinityScore, pod, cluster());
    expect(r.raw).toEqual({ machine1: 5, machine2: 0, machine3: 5 });
    expect(r.normalized).toEqual({ machine1: 100, machine2: 0, machine3: 100 });
  });

  it('anti-affinity subtracts, then min/max scaling', () => {
    const snap = cluster();
    snap.addPod(makePod('s2', { nodeName: 'machine2', labels: { security: 'S2' } }));
    const affinity: Affinity = {
      podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [preferred(8, { security: 'S2' }, 'region')] },
      podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [preferred(5, { security: 'S1' }, 'region')] },
    };
    const r = scoreAll(interPodAffinityScore, makePod('p', { spec: { affinity } }), snap);
    expect(r.raw).toEqual({ machine1: -5, machine2: 8, machine3: -5 });
    expect(r.normalized).toEqual({ machine1: 0, machine2: 100, machine3: 0 });
  });

  it('existing pods\' terms count symmetrically; their required affinity uses hardPodAffinityWeight', () => {
    const snap = snapshotOf([region('machine1', 'China'), region('machine2', 'India'), region('machine3', 'Japan')], [
      makePod('hard', { nodeName: 'machine1', spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [
        { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'region' }] } } } }),
      makePod('soft', { nodeName: 'machine2', spec: { affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [
        preferred(3, { app: 'web' }, 'region')] } } } }),
    ]);
    const web = makePod('web', { labels: { app: 'web' } });
    expect(scoreAll(interPodAffinityScore, web, snap).raw).toEqual({ machine1: 1, machine2: 3, machine3: 0 });
    expect(scoreAll(interPodAffinityScore, web, snap, { hardPodAffinityWeight: 5 }).raw).toEqual({ machine1: 5, machine2: 3, machine3: 0 });
    expect(scoreAll(interPodAffinityScore, web, snap).normalized).toEqual({ machine1: 33, machine2: 100, machine3: 0 });
  });

  it('is skipped when no term applies', () => {
    expect(scoreAll(interPodAffinityScore, makePod('p'), cluster()).skipped).toBe(true);
  });
});
