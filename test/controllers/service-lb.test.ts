import { describe, expect, it } from 'vitest';
import type { Event, Service } from '../../source/api/core.js';
import { servicePrinter } from '../../source/api/print/printers-core.js';
import { LB_CLEANUP_FINALIZER, ServiceLoadBalancerController } from '../../source/controllers/service-lb.js';
import { Engine } from '../../source/engine/engine.js';
import { createAll } from '../sim-helpers.js';
import { networkSim, service } from './network-helpers.js';

const eventsFor = (n: ReturnType<typeof networkSim>, name: string) =>
  n.sim.store.select<Event>('Event', { namespace: 'default' })
    .filter((e) => e.involvedObject.kind === 'Service' && e.involvedObject.name === name)
    .map((e) => `${e.type} ${e.reason} ${e.message} (${e.source?.component})`);
const externalIP = (n: ReturnType<typeof networkSim>, name: string) =>
  servicePrinter.cells(n.sim.store.get<Service>('Service', 'default', name), n.sim.now())[3];

describe('ServiceLoadBalancerController', () => {
  it('shows <pending>, then an external IP after the provisioning delay, with upstream events', () => {
    const n = networkSim();
    createAll(n.sim, [service('shop', { app: 'shop' }, [{ port: 80 }], { type: 'LoadBalancer' })]);
    let svc = n.sim.store.get<Service>('Service', 'default', 'shop');
    expect(svc.metadata.finalizers).toEqual([LB_CLEANUP_FINALIZER]);
    expect(svc.spec.ports![0]!.nodePort).toBeGreaterThanOrEqual(30000);
    expect(externalIP(n, 'shop')).toBe('<pending>');
    expect(eventsFor(n, 'shop')).toEqual(['Normal EnsuringLoadBalancer Ensuring load balancer (service-controller)']);
    n.sim.advance(29_000);
    expect(externalIP(n, 'shop')).toBe('<pending>');
    n.sim.advance(2_000);
    svc = n.sim.store.get<Service>('Service', 'default', 'shop');
    expect(svc.status?.loadBalancer?.ingress).toEqual([{ ip: '203.0.113.1', ipMode: 'VIP' }]);
    expect(externalIP(n, 'shop')).toBe('203.0.113.1');
    expect(eventsFor(n, 'shop')).toEqual([
      'Normal EnsuringLoadBalancer Ensuring load balancer (service-controller)',
      'Normal EnsuredLoadBalancer Ensured load balancer (service-controller)',
    ]);
  });

  it('deprovisions on delete before the Service goes, and reuses the address', () => {
    const n = networkSim();
    createAll(n.sim, [service('a', { app: 'a' }, [{ port: 80 }], { type: 'LoadBalancer' })]);
    n.sim.advance(31_000);
    n.sim.store.delete('Service', 'default', 'a');
    n.sim.engine.settle();
    expect(n.sim.store.get<Service>('Service', 'default', 'a').metadata.deletionTimestamp).toBeDefined();
    expect(eventsFor(n, 'a')).toContain('Normal DeletingLoadBalancer Deleting load balancer (service-controller)');
    n.sim.advance(6_000);
    expect(n.sim.store.tryGet('Service', 'default', 'a')).toBeUndefined();
    expect(eventsFor(n, 'a')).toContain('Normal DeletedLoadBalancer Deleted load balancer (service-controller)');
    createAll(n.sim, [service('b', { app: 'b' }, [{ port: 80 }], { type: 'LoadBalancer' })]);
    n.sim.advance(31_000);
    expect(externalIP(n, 'b')).toBe('203.0.113.1');
  });

  it('releases the load balancer when the type changes to ClusterIP', () => {
    const n = networkSim();
    createAll(n.sim, [service('a', { app: 'a' }, [{ port: 80 }], { type: 'LoadBalancer' })]);
    n.sim.advance(31_000);
    const svc = n.sim.store.get<Service>('Service', 'default', 'a');
    expect(externalIP(n, 'a')).toBe('203.0.113.1');
    n.sim.store.update<Service>({ ...svc, spec: { ...svc.spec, type: 'ClusterIP' } });
    n.sim.engine.settle();
    // The status goes with the type at once; the cloud side follows.
    expect(externalIP(n, 'a')).toBe('<none>');
    n.sim.advance(6_000);
    const after = n.sim.store.get<Service>('Service', 'default', 'a');
    expect(after.metadata.finalizers).toBeUndefined();
    expect(after.spec.ports![0]!.nodePort).toBeUndefined();
    expect(eventsFor(n, 'a').slice(-2)).toEqual([
      'Normal DeletingLoadBalancer Deleting load balancer (service-controller)',
      'Normal DeletedLoadBalancer Deleted load balancer (service-controller)',
    ]);
  });

  it('ignores Services of another loadBalancerClass and non-LoadBalancer Services', () => {
    const n = networkSim();
    createAll(n.sim, [
      service('other', { app: 'a' }, [{ port: 80 }], { type: 'LoadBalancer', loadBalancerClass: 'example.com/lb' } as Service['spec']),
      service('plain', { app: 'a' }),
    ]);
    n.sim.advance(60_000);
    expect(externalIP(n, 'other')).toBe('<pending>');
    expect(n.sim.store.get<Service>('Service', 'default', 'other').metadata.finalizers).toBeUndefined();
    expect(eventsFor(n, 'other')).toEqual([]);
    expect(eventsFor(n, 'plain')).toEqual([]);
  });

  it('takes its delays and pool from options, and refuses a bad pool', () => {
    const engine = new Engine({ seed: 1 });
    for (const name of ['default']) engine.store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    engine.register(new ServiceLoadBalancerController(engine, { provisioningDelayMs: 5_000, externalCIDR: '198.51.100.0/24' }));
    engine.store.create(service('quick', { app: 'a' }, [{ port: 80 }], { type: 'LoadBalancer' }));
    engine.advance(5_000);
    expect(engine.store.get<Service>('Service', 'default', 'quick').status?.loadBalancer?.ingress?.[0]?.ip).toBe('198.51.100.1');
    expect(() => new ServiceLoadBalancerController(engine, { externalCIDR: '203.0.113.0' })).toThrow(/invalid external CIDR "203.0.113.0"/);
  });
});
