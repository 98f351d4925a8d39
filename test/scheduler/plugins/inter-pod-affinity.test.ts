import { describe, expect, it } from 'vitest';
import type { Affinity, PodAffinityTerm } from '../../../source/api/core.js';
import { newCycleContext } from '../../../source/scheduler/framework.js';
import { type AffinityState, interPodAffinityFilter } from '../../../source/scheduler/plugins/inter-pod-affinity.js';
import { newCycleStats } from '../../../source/scheduler/types.js';
import { filterAll, makeNode, makePod, options, reasons, snapshotOf } from '../helpers.js';

const AFFINITY = "node(s) didn't match pod affinity rules";
const ANTI = "node(s) didn't match pod anti-affinity rules";
const EXISTING = "node(s) didn't satisfy existing pods anti-affinity rules";
const zoned = (name: string, zone: string) => makeNode(name, { labels: { zone } });
const term = (labels: Record<string, string>, topologyKey: string, extra: Partial<PodAffinityTerm> = {}): PodAffinityTerm =>
  ({ labelSelector: { matchLabels: labels }, topologyKey, ...extra });
const withAffinity = (name: string, affinity: Affinity, o: Parameters<typeof makePod>[1] = {}) =>
  makePod(name, { ...o, spec: { ...o.spec, affinity } });

describe('InterPodAffinity filter', () => {
  const cluster = () => snapshotOf([zoned('z1a', 'z1'), zoned('z1b', 'z1'), zoned('z2a', 'z2'), makeNode('nozone')], [
    makePod('db', { nodeName: 'z1a', labels: { app: 'db' } }),
  ]);

  it('required affinity: only nodes in the matching pod\'s domain fit (UnschedulableAndUnresolvable elsewhere)', () => {
    const pod = withAffinity('web', { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' }, 'zone')] } });
    const r = filterAll(interPodAffinityFilter, pod, cluster());
    expect(r.z1a).toBeUndefined();
    expect(r.z1b).toBeUndefined();
    expect(reasons(r.z2a)).toEqual([AFFINITY]);
    expect((r.z2a as { code: string }).code).toBe('UnschedulableAndUnresolvable');
    expect(reasons(r.nozone)).toEqual([AFFINITY]); // the topology label must exist
  });

  it('the first pod of a self-affine group may go anywhere with the label', () => {
    const pod = withAffinity('cache', { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'cache' }, 'zone')] } },
      { labels: { app: 'cache' } });
    const r = filterAll(interPodAffinityFilter, pod, cluster());
    expect(r.z2a).toBeUndefined();
    expect(reasons(r.nozone)).toEqual([AFFINITY]);
    const notSelf = withAffinity('x', { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'cache' }, 'zone')] } });
    expect(reasons(filterAll(interPodAffinityFilter, notSelf, cluster()).z2a)).toEqual([AFFINITY]);
  });

  it('required anti-affinity rejects the matching pod\'s domain as Unschedulable', () => {
    const pod = withAffinity('web', { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' }, 'zone')] } });
    const r = filterAll(interPodAffinityFilter, pod, cluster());
    expect(reasons(r.z1b)).toEqual([ANTI]);
    expect((r.z1b as { code: string }).code).toBe('Unschedulable');
    expect(r.z2a).toBeUndefined();
    expect(r.nozone).toBeUndefined();
  });

  it('existing pods\' anti-affinity keeps the incoming pod out of their domain', () => {
    const snap = cluster();
    snap.addPod(withAffinity('loner', { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'web' }, 'kubernetes.io/hostname')] } },
      { nodeName: 'z2a' }));
    const r = filterAll(interPodAffinityFilter, makePod('web', { labels: { app: 'web' } }), snap);
    expect(reasons(r.z2a)).toEqual([EXISTING]);
    expect(r.z1a).toBeUndefined();
    expect(filterAll(interPodAffinityFilter, makePod('api', { labels: { app: 'api' } }), snap).z2a).toBe('skip');
  });

  it('namespaces: the term\'s own namespace by default, namespaceSelector {} means all', () => {
    const snap = snapshotOf([zoned('z1a', 'z1'), zoned('z2a', 'z2')], [makePod('db', { nodeName: 'z1a', namespace: 'data', labels: { app: 'db' } })]);
    const same = withAffinity('web', { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' }, 'zone')] } });
    expect(reasons(filterAll(interPodAffinityFilter, same, snap).z1a)).toEqual([AFFINITY]);
    const all = withAffinity('web2', { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' }, 'zone', { namespaceSelector: {} })] } });
    expect(filterAll(interPodAffinityFilter, all, snap).z1a).toBeUndefined();
    const named = withAffinity('web3', { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' }, 'zone', { namespaces: ['data'] })] } });
    expect(filterAll(interPodAffinityFilter, named, snap).z1a).toBeUndefined();
  });

  it('RemovePod clears the anti-affinity conflict in a cloned state', () => {
    const snap = cluster();
    const pod = withAffinity('web', { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' }, 'kubernetes.io/hostname')] } });
    const ctx = newCycleContext(pod, snap, options(), newCycleStats());
    const state = interPodAffinityFilter.preFilter!(ctx).state as AffinityState;
    const copy = interPodAffinityFilter.cloneState!(state);
    const node = snap.get('z1a')!;
    interPodAffinityFilter.removePod!(ctx, copy, node.pods[0]!, node);
    expect(interPodAffinityFilter.filter(ctx, copy, node)).toBeUndefined();
    expect(interPodAffinityFilter.filter(ctx, state, node)?.reasons).toEqual([ANTI]);
  });
});
