import { describe, expect, it } from 'vitest';
import type { EndpointSlice } from '../../source/api/cluster-kinds.js';
import type { Node, Pod, Service } from '../../source/api/core.js';
import { selectorFromSet } from '../../source/api/selectors.js';
import { CONTROLLER_NAME, MANAGED_BY_LABEL, SERVICE_NAME_LABEL } from '../../source/controllers/endpointslice.js';
import { type EndpointGroup, type SliceEndpoint, endpointKey, planSlices } from '../../source/controllers/endpointslice-plan.js';
import { createAll } from '../sim-helpers.js';
import { networkSim, pod, service } from './network-helpers.js';

const slicesOf = (n: ReturnType<typeof networkSim>, svc: string, ns = 'default') =>
  n.sim.store.select<EndpointSlice>('EndpointSlice', { namespace: ns, selector: selectorFromSet({ [SERVICE_NAME_LABEL]: svc }) })
    .sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
/** Many pods, bound and Running with an IP, written directly (the kubelets are stopped: running hundreds is slow). */
function fakeRunningPods(n: ReturnType<typeof networkSim>, app: string, count: number): void {
  n.sim.setComponentRunning('kubelet', false);
  for (let i = 0; i < count; i++) {
    const created = n.sim.store.create(pod(`${app}-${i}`, { app }, { extra: { nodeName: `workers-${i % 3}` } }));
    n.sim.store.updateStatus({ ...created, status: { phase: 'Running', podIP: `10.250.${i >> 8}.${i & 255}`, conditions: [{ type: 'Ready', status: 'True' }] } });
  }
  n.sim.engine.settle();
}
const countEndpoints = (slices: EndpointSlice[]) => slices.reduce((n, s) => n + s.endpoints.length, 0);

describe('EndpointSliceController', () => {
  it('writes a slice <svc>-<5 chars> with labels, owner, ports and per-pod endpoints (node, zone, conditions)', () => {
    const n = networkSim();
    createAll(n.sim, [
      { ...service('web', { app: 'web' }, [{ name: 'http', port: 80, targetPort: 'http' }]), metadata: { name: 'web', namespace: 'default', labels: { team: 'shop' } } },
      pod('web-0', { app: 'web' }, { ports: [{ name: 'http', containerPort: 8080 }] }),
      pod('web-1', { app: 'web' }, { ports: [{ name: 'http', containerPort: 8080 }] }),
    ]);
    n.sim.advance(20_000);
    const slices = slicesOf(n, 'web');
    expect(slices).toHaveLength(1);
    const s = slices[0]!;
    const svc = n.sim.store.get<Service>('Service', 'default', 'web');
    expect(s.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(s.metadata.labels).toEqual({ team: 'shop', [SERVICE_NAME_LABEL]: 'web', [MANAGED_BY_LABEL]: CONTROLLER_NAME });
    expect(s.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: svc.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(s.addressType).toBe('IPv4');
    expect(s.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    const p = n.sim.store.get<Pod>('Pod', 'default', 'web-0');
    const node = n.sim.store.get<Node>('Node', undefined, p.spec.nodeName!);
    const ep = s.endpoints.find((e) => e.targetRef?.name === 'web-0')!;
    expect(ep).toEqual({
      addresses: [p.status!.podIP], conditions: { ready: true, serving: true, terminating: false },
      targetRef: { kind: 'Pod', namespace: 'default', name: 'web-0', uid: p.metadata.uid },
      nodeName: p.spec.nodeName, zone: node.metadata.labels!['topology.kubernetes.io/zone'],
    });
    expect(s.metadata.annotations?.['endpoints.kubernetes.io/last-change-trigger-time']).toBeTruthy();
  });

  it('reports terminating pods as serving but not ready, and unready pods as neither', () => {
    const n = networkSim();
    createAll(n.sim, [
      service('web', { app: 'web' }),
      pod('ok', { app: 'web' }),
      pod('never', { app: 'web' }, {
        annotations: { 'sim.kubedrill.io/fail-readiness': 'true' },
        extra: { containers: [{ name: 'app', image: 'nginx:1.27', readinessProbe: { httpGet: { path: '/', port: 80 } } }] },
      }),
    ]);
    n.sim.advance(20_000);
    n.sim.store.delete('Pod', 'default', 'ok');
    n.sim.engine.settle();
    const eps = slicesOf(n, 'web')[0]!.endpoints;
    expect(eps.find((e) => e.targetRef?.name === 'ok')!.conditions).toEqual({ ready: false, serving: true, terminating: true });
    expect(eps.find((e) => e.targetRef?.name === 'never')!.conditions).toEqual({ ready: false, serving: false, terminating: false });
    n.sim.advance(60_000);
    expect(slicesOf(n, 'web')[0]!.endpoints.map((e) => e.targetRef?.name)).toEqual(['never']);
  });

  it('keeps one empty placeholder slice while nothing matches', () => {
    const n = networkSim();
    createAll(n.sim, [service('typo', { app: 'nope' })]);
    const slices = slicesOf(n, 'typo');
    expect(slices).toHaveLength(1);
    expect(slices[0]!.endpoints).toEqual([]);
    expect(slices[0]!.ports).toBeUndefined();
  });

  it('rewrites only the slice that held a removed endpoint', () => {
    const n = networkSim();
    createAll(n.sim, [service('web', { app: 'web' })]);
    fakeRunningPods(n, 'web', 150);
    let slices = slicesOf(n, 'web');
    expect(slices.map((s) => s.endpoints.length).sort((a, b) => a - b)).toEqual([50, 100]);
    const holder = slices.find((s) => s.endpoints.some((e) => e.targetRef?.name === 'web-0'))!;
    const untouched = slices.filter((s) => s !== holder).map((s) => s.metadata.resourceVersion);
    n.sim.store.delete('Pod', 'default', 'web-0', { gracePeriodSeconds: 0 });
    n.sim.engine.settle();
    slices = slicesOf(n, 'web');
    expect(countEndpoints(slices)).toBe(149);
    expect(slices.filter((s) => s.metadata.name !== holder.metadata.name).map((s) => s.metadata.resourceVersion)).toEqual(untouched);
  });

  it('is removed with its Service (owner references) and recreated when deleted by hand', () => {
    const n = networkSim();
    createAll(n.sim, [service('web', { app: 'web' }), pod('w', { app: 'web' })]);
    n.sim.advance(20_000);
    const first = slicesOf(n, 'web')[0]!;
    n.sim.store.delete('EndpointSlice', 'default', first.metadata.name!);
    n.sim.engine.settle();
    const again = slicesOf(n, 'web');
    expect(again).toHaveLength(1);
    expect(again[0]!.metadata.name).not.toBe(first.metadata.name);
    expect(again[0]!.endpoints).toHaveLength(1);
    n.sim.store.delete('Service', 'default', 'web');
    n.sim.engine.settle();
    expect(slicesOf(n, 'web')).toEqual([]);
  });

  it('splits 250 pods into slices of at most 100 in a running cluster', () => {
    const n = networkSim({ workers: 3 });
    createAll(n.sim, [service('many', { app: 'many' })]);
    fakeRunningPods(n, 'many', 250);
    const slices = slicesOf(n, 'many');
    expect(slices.map((s) => s.endpoints.length).sort((a, b) => a - b)).toEqual([50, 100, 100]);
    expect(new Set(slices.flatMap((s) => s.endpoints.map((e) => e.targetRef?.name))).size).toBe(250);
  });
});

describe('planSlices', () => {
  const ep = (i: number): SliceEndpoint => ({ addresses: [`10.0.${i >> 8}.${i & 255}`], conditions: { ready: true }, targetRef: { kind: 'Pod', name: `p${i}`, uid: `u${i}` } });
  const group = (ids: number[]): Map<string, EndpointGroup> =>
    new Map([['', { ports: [], endpoints: new Map(ids.map((i) => [endpointKey(ep(i)), ep(i)])) }]]);
  const slice = (name: string, ids: number[]): EndpointSlice => ({
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name, namespace: 'default' }, addressType: 'IPv4', endpoints: ids.map(ep),
  });
  const range = (a: number, b: number) => Array.from({ length: b - a }, (_, k) => a + k);

  it('creates ceil(n/100) slices for new endpoints', () => {
    const plan = planSlices([], group(range(0, 250)), 100);
    expect(plan.create.map((c) => c.endpoints.length)).toEqual([100, 100, 50]);
    expect(plan.update).toEqual([]);
  });

  it('fills a slice being rewritten before creating new ones, and leaves full slices alone', () => {
    const existing = [slice('a', range(0, 100)), slice('b', range(100, 160))];
    // p150 goes away (b is rewritten), 30 new endpoints arrive: they fill b (59 → 89), nothing is created.
    const plan = planSlices(existing, group([...range(0, 150), ...range(151, 160), ...range(200, 230)]), 100);
    expect(plan.create).toEqual([]);
    expect(plan.unchanged.map((s) => s.metadata.name)).toEqual(['a']);
    expect(plan.update.map((u) => [u.slice.metadata.name, u.endpoints.length])).toEqual([['b', 89]]);
  });

  it('puts a last partial batch into an untouched slice with room instead of a new slice', () => {
    const existing = [slice('a', range(0, 40))];
    const plan = planSlices(existing, group(range(0, 50)), 100);
    expect(plan.create).toEqual([]);
    expect(plan.update[0]!.endpoints).toHaveLength(50);
  });

  it('deletes slices whose port set is gone and keeps a single placeholder when empty', () => {
    const existing = [slice('a', range(0, 3)), slice('b', [])];
    const plan = planSlices(existing, new Map(), 100);
    expect(plan.delete.map((s) => s.metadata.name)).toEqual(['a']);
    expect(plan.unchanged.map((s) => s.metadata.name)).toEqual(['b']);
    expect(planSlices([slice('a', range(0, 3))], new Map(), 100).create).toEqual([{ ports: undefined, endpoints: [] }]);
  });
});
