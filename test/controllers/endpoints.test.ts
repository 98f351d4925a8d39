import { describe, expect, it } from 'vitest';
import type { Endpoints, Pod, Service } from '../../source/api/core.js';
import { endpointsPrinter } from '../../source/api/print/printers-core.js';
import { HEADLESS_LABEL, TRIGGER_TIME_ANNOTATION } from '../../source/controllers/endpoint-util.js';
import { MAX_ENDPOINTS_CAPACITY, repackSubsets, truncateEndpoints } from '../../source/controllers/endpoints.js';
import { createAll } from '../sim-helpers.js';
import { networkSim, pod, service } from './network-helpers.js';

const endpointsOf = (n: ReturnType<typeof networkSim>, name: string, ns = 'default') => n.sim.store.tryGet<Endpoints>('Endpoints', ns, name);
const printed = (n: ReturnType<typeof networkSim>, ep: Endpoints) => endpointsPrinter.cells(ep, n.sim.now())[1];

describe('EndpointsController', () => {
  it('lists a pod in notReadyAddresses until it is Ready, then in addresses', () => {
    const n = networkSim();
    createAll(n.sim, [
      service('web', { app: 'web' }),
      // ready-after delays the readiness probe's first success (no probe: Ready as soon as it runs).
      pod('web-0', { app: 'web' }, {
        annotations: { 'sim.kubedrill.io/ready-after': '30s' },
        extra: { containers: [{ name: 'app', image: 'nginx:1.27', readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 } }] },
      }),
    ]);
    n.sim.advance(10_000);
    const p = n.sim.store.get<Pod>('Pod', 'default', 'web-0');
    expect(p.status?.podIP).toBeTruthy();
    let ep = endpointsOf(n, 'web')!;
    expect(ep.subsets).toHaveLength(1);
    expect(ep.subsets![0]!.addresses).toBeUndefined();
    expect(ep.subsets![0]!.notReadyAddresses).toEqual([{
      ip: p.status!.podIP, nodeName: p.spec.nodeName,
      targetRef: { kind: 'Pod', namespace: 'default', name: 'web-0', uid: p.metadata.uid },
    }]);
    expect(ep.subsets![0]!.ports).toEqual([{ port: 80, protocol: 'TCP' }]);
    // kubectl get endpoints shows only ready addresses: an empty cell while the subset holds none (not <none>).
    expect(printed(n, ep)).toBe('');
    n.sim.advance(40_000);
    ep = endpointsOf(n, 'web')!;
    expect(ep.subsets![0]!.addresses?.map((a) => a.ip)).toEqual([p.status!.podIP]);
    expect(ep.subsets![0]!.notReadyAddresses).toBeUndefined();
    expect(printed(n, ep)).toBe(`${p.status!.podIP}:80`);
    expect(ep.metadata.annotations?.[TRIGGER_TIME_ANNOTATION]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('a selector typo gives an Endpoints object with no subsets (<none>)', () => {
    const n = networkSim();
    createAll(n.sim, [service('web', { app: 'wbe' }), pod('web-0', { app: 'web' })]);
    n.sim.advance(20_000);
    const ep = endpointsOf(n, 'web')!;
    expect(ep).toBeDefined();
    expect(ep.subsets).toBeUndefined();
    expect(printed(n, ep)).toBe('<none>');
  });

  it('resolves a named targetPort per pod and groups pods by the ports they offer', () => {
    const n = networkSim();
    createAll(n.sim, [
      service('api', { app: 'api' }, [{ name: 'http', port: 80, targetPort: 'http' }]),
      pod('a', { app: 'api' }, { ports: [{ name: 'http', containerPort: 8080 }] }),
      pod('b', { app: 'api' }, { ports: [{ name: 'http', containerPort: 9090 }] }),
      // No port named http: the pod cannot serve this Service port and is left out.
      pod('c', { app: 'api' }, { ports: [{ name: 'web', containerPort: 8080 }] }),
    ]);
    n.sim.advance(20_000);
    const ep = endpointsOf(n, 'api')!;
    const byPort = new Map(ep.subsets!.map((s) => [s.ports![0]!.port, s.addresses!.map((a) => a.targetRef!.name)]));
    expect(byPort).toEqual(new Map([[8080, ['a']], [9090, ['b']]]));
    expect(ep.subsets![0]!.ports![0]).toMatchObject({ name: 'http', protocol: 'TCP' });
  });

  it('drops terminating pods, unless publishNotReadyAddresses', () => {
    const n = networkSim();
    createAll(n.sim, [
      service('plain', { app: 'x' }),
      service('publish', { app: 'x' }, undefined, { publishNotReadyAddresses: true }),
      pod('x-0', { app: 'x' }), pod('x-1', { app: 'x' }),
    ]);
    n.sim.advance(20_000);
    expect(endpointsOf(n, 'plain')!.subsets![0]!.addresses).toHaveLength(2);
    n.sim.store.delete('Pod', 'default', 'x-0');
    n.sim.engine.settle();
    expect(n.sim.store.get<Pod>('Pod', 'default', 'x-0').metadata.deletionTimestamp).toBeDefined();
    expect(endpointsOf(n, 'plain')!.subsets![0]!.addresses!.map((a) => a.targetRef!.name)).toEqual(['x-1']);
    expect(endpointsOf(n, 'publish')!.subsets![0]!.addresses!.map((a) => a.targetRef!.name).sort()).toEqual(['x-0', 'x-1']);
  });

  it('handles headless Services, with and without ports, and labels them', () => {
    const n = networkSim();
    createAll(n.sim, [
      service('db', { app: 'db' }, [{ port: 5432 }], { clusterIP: 'None' }),
      service('db-noports', { app: 'db' }, [], { clusterIP: 'None' }),
      { ...pod('db-0', { app: 'db' }), spec: { ...pod('db-0', {}).spec, hostname: 'db-0', subdomain: 'db' } },
    ]);
    n.sim.advance(20_000);
    const ep = endpointsOf(n, 'db')!;
    expect(ep.metadata.labels?.[HEADLESS_LABEL]).toBe('');
    expect(ep.subsets![0]!.addresses![0]).toMatchObject({ hostname: 'db-0', targetRef: { name: 'db-0' } });
    expect(ep.subsets![0]!.ports).toEqual([{ port: 5432, protocol: 'TCP' }]);
    const bare = endpointsOf(n, 'db-noports')!;
    expect(bare.subsets![0]!.addresses).toHaveLength(1);
    expect(bare.subsets![0]!.ports).toBeUndefined();
    // The hostname is only set for the Service the pod names as its subdomain.
    expect(bare.subsets![0]!.addresses![0]!.hostname).toBeUndefined();
  });

  it('copies the Service labels and leaves user-managed Endpoints of selector-less Services alone', () => {
    const n = networkSim();
    createAll(n.sim, [
      { ...service('web', { app: 'web' }), metadata: { name: 'web', namespace: 'default', labels: { team: 'shop' } } },
      service('external-db', undefined, [{ port: 5432 }]),
      { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'external-db', namespace: 'default' }, subsets: [{ addresses: [{ ip: '192.0.2.10' }], ports: [{ port: 5432 }] }] },
    ]);
    n.sim.advance(5_000);
    expect(endpointsOf(n, 'web')!.metadata.labels).toEqual({ team: 'shop' });
    const user = endpointsOf(n, 'external-db')!;
    expect(user.subsets![0]!.addresses![0]!.ip).toBe('192.0.2.10');
    expect(user.metadata.annotations?.[TRIGGER_TIME_ANNOTATION]).toBeUndefined();
    // Deleting a Service deletes its Endpoints, whoever wrote them (as upstream).
    n.sim.store.delete('Service', 'default', 'external-db');
    n.sim.store.delete('Service', 'default', 'web');
    n.sim.engine.settle();
    expect(endpointsOf(n, 'external-db')).toBeUndefined();
    expect(endpointsOf(n, 'web')).toBeUndefined();
  });

  it('recreates managed Endpoints deleted by hand, and skips ExternalName Services', () => {
    const n = networkSim();
    createAll(n.sim, [service('web', { app: 'web' }), pod('w', { app: 'web' }), service('ext', { app: 'web' }, undefined, { type: 'ExternalName', externalName: 'example.com' })]);
    n.sim.advance(20_000);
    n.sim.store.delete('Endpoints', 'default', 'web');
    n.sim.engine.settle();
    expect(endpointsOf(n, 'web')!.subsets![0]!.addresses).toHaveLength(1);
    expect(endpointsOf(n, 'ext')).toBeUndefined();
  });

  it('gives up quietly in a terminating namespace', () => {
    const n = networkSim();
    n.sim.advance(120_000); // let the cluster's own addons (CoreDNS behind kube-dns) settle first
    createAll(n.sim, [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'old' } }, service('web', { app: 'web' }, undefined, {}, 'old')]);
    // With the collector stopped the namespace stays Terminating, its Service still there.
    n.sim.setComponentRunning('garbage-collector', false);
    n.sim.store.delete('Namespace', undefined, 'old');
    n.sim.store.delete('Endpoints', 'old', 'web');
    n.sim.engine.settle();
    expect(n.sim.store.get('Namespace', undefined, 'old').status).toEqual({ phase: 'Terminating' });
    expect(n.sim.store.tryGet('Service', 'old', 'web')).toBeDefined();
    const mark = n.endpoints.reconciles;
    n.sim.advance(60_000);
    expect(endpointsOf(n, 'web', 'old')).toBeUndefined();
    // No retry loop with back-off: nothing more to do until something changes.
    expect(n.endpoints.reconciles).toBe(mark);
  });

  it('re-syncs only the Services that select a changed pod (old and new labels)', () => {
    const n = networkSim({ workers: 3 });
    const objects = [];
    for (let i = 0; i < 40; i++) objects.push(service(`svc-${i}`, { app: `app-${i}` }), pod(`pod-${i}`, { app: `app-${i}` }));
    createAll(n.sim, objects);
    n.sim.advance(30_000);
    const before = n.endpoints.reconciles;
    // Move pod-3 from svc-3 to svc-4: exactly those two Services are synced.
    const p = n.sim.store.get<Pod>('Pod', 'default', 'pod-3');
    n.sim.store.update({ ...p, metadata: { ...p.metadata, labels: { app: 'app-4' } } });
    n.sim.engine.settle();
    expect(n.endpoints.reconciles - before).toBe(2);
    expect(endpointsOf(n, 'svc-3')!.subsets).toBeUndefined();
    expect(endpointsOf(n, 'svc-4')!.subsets![0]!.addresses!.map((a) => a.targetRef!.name).sort()).toEqual(['pod-3', 'pod-4']);
    // A status write that changes nothing endpoints care about syncs nothing.
    const q = n.sim.store.get<Pod>('Pod', 'default', 'pod-7');
    const mark = n.endpoints.reconciles;
    n.sim.store.updateStatus({ ...q, status: { ...q.status, message: 'just a note' } });
    n.sim.engine.settle();
    expect(n.endpoints.reconciles).toBe(mark);
  });
});

describe('repackSubsets / truncateEndpoints', () => {
  const addr = (i: number) => ({ ip: `10.244.${i >> 8}.${i & 255}`, targetRef: { kind: 'Pod', name: `p${i}`, uid: `u${i}` } });
  const raw = (from: number, to: number, ready: boolean, port = 80) =>
    Array.from({ length: to - from }, (_, k) => ({ address: addr(from + k), ready, ports: [{ port, protocol: 'TCP' }] }));

  it('puts a pod serving two ports in one subset with both, sorted by name', () => {
    const subsets = repackSubsets([{ address: addr(1), ready: true, ports: [{ name: 'b', port: 2 }, { name: 'a', port: 1 }] }]);
    expect(subsets).toEqual([{ addresses: [addr(1)], ports: [{ name: 'a', port: 1 }, { name: 'b', port: 2 }] }]);
  });

  it('groups by port set and sorts addresses by IP', () => {
    const subsets = repackSubsets([...raw(4, 6, true), ...raw(0, 2, false), ...raw(10, 11, true, 8080), ...raw(3, 4, true)]);
    expect(subsets).toHaveLength(2);
    const on80 = subsets.find((s) => s.ports![0]!.port === 80)!;
    expect(on80.addresses!.map((a) => a.ip)).toEqual(['10.244.0.3', '10.244.0.4', '10.244.0.5']);
    expect(on80.notReadyAddresses!.map((a) => a.ip)).toEqual(['10.244.0.0', '10.244.0.1']);
    // Addresses compare as text, as upstream's bytes.Compare of the IP strings: .10 sorts before .3.
    expect(subsets.map((s) => s.ports![0]!.port)).toEqual([8080, 80]);
  });

  it('caps at 1000 addresses, ready first, proportionally per subset', () => {
    const subsets = repackSubsets([...raw(0, 600, true), ...raw(600, 1200, false)]);
    expect(truncateEndpoints(subsets)).toBe(true);
    expect(subsets[0]!.addresses).toHaveLength(600);
    expect(subsets[0]!.notReadyAddresses).toHaveLength(MAX_ENDPOINTS_CAPACITY - 600);
    const many = repackSubsets([...raw(0, 900, true), ...raw(900, 1500, true, 8080)]);
    expect(truncateEndpoints(many)).toBe(true);
    expect(many.map((s) => s.addresses!.length)).toEqual([600, 400]);
    expect(truncateEndpoints(repackSubsets(raw(0, 1000, true)))).toBe(false);
  });
});

describe('over capacity in a cluster', () => {
  it('annotates truncated Endpoints', () => {
    const n = networkSim();
    // 1001 pods would be slow to run; pods that are merely bound with an IP are enough for the controller.
    createAll(n.sim, [service('big', { app: 'big' })]);
    const svc = n.sim.store.get<Service>('Service', 'default', 'big');
    expect(svc.spec.clusterIP).toBeTruthy();
    n.sim.setComponentRunning('kubelet', false);
    for (let i = 0; i <= MAX_ENDPOINTS_CAPACITY; i++) {
      const created = n.sim.store.create(pod(`big-${i}`, { app: 'big' }, { extra: { nodeName: 'workers-0' } }));
      n.sim.store.updateStatus({ ...created, status: { phase: 'Running', podIP: `10.250.${i >> 8}.${i & 255}`, conditions: [{ type: 'Ready', status: 'True' }] } });
    }
    n.sim.engine.settle();
    const ep = endpointsOf(n, 'big')!;
    expect(ep.metadata.annotations?.['endpoints.kubernetes.io/over-capacity']).toBe('truncated');
    expect(ep.subsets![0]!.addresses).toHaveLength(MAX_ENDPOINTS_CAPACITY);
    expect(printed(n, ep)).toMatch(/ \+ 997 more\.\.\.$/);
  });
});
