import { describe, expect, it } from 'vitest';
import type { Service } from '../../source/api/core.js';
import { ServiceIPAllocator, formatIPv4, parseIPv4 } from '../../source/controllers/service-ip.js';
import { Engine } from '../../source/engine/engine.js';
import { errorOf, networkSim, service } from './network-helpers.js';

const inRange = (ip: string, lo: string, hi: string) => parseIPv4(ip)! >= parseIPv4(lo)! && parseIPv4(ip)! <= parseIPv4(hi)!;

describe('ClusterIP allocation', () => {
  it('gives a Service its clusterIP as it is created, from the upper part of 10.96.0.0/12', () => {
    const n = networkSim();
    const created = n.sim.store.create(service('web', { app: 'web' }));
    // No settle needed: allocation happens in the write itself.
    expect(created.spec.clusterIP).toBeTruthy();
    expect(created.spec.clusterIPs).toEqual([created.spec.clusterIP]);
    // The first 256 addresses after the network address are kept for explicit requests.
    expect(inRange(created.spec.clusterIP!, '10.96.1.1', '10.111.255.254')).toBe(true);
    const other = n.sim.store.create(service('api', { app: 'api' }));
    expect(other.spec.clusterIP).not.toBe(created.spec.clusterIP);
  });

  it('is reproducible for a seed and differs between seeds', () => {
    const ips = (seed: number) => {
      const n = networkSim({ seed });
      return ['a', 'b', 'c'].map((name) => n.sim.store.create(service(name, { app: name })).spec.clusterIP);
    };
    expect(ips(7)).toEqual(ips(7));
    expect(ips(7)).not.toEqual(ips(8));
  });

  it('honours an explicit IP and refuses a taken one with upstream\'s error', () => {
    const n = networkSim();
    expect(n.sim.store.create(service('dns', { k: 'v' }, undefined, { clusterIP: '10.96.0.20' })).spec.clusterIPs).toEqual(['10.96.0.20']);
    // 10.96.0.1 belongs to the kubernetes Service created at bootstrap.
    const err = errorOf(() => n.sim.store.create(service('dup', { k: 'v' }, undefined, { clusterIP: '10.96.0.1' })));
    expect(err.reason).toBe('Invalid');
    expect(err.message).toBe('Service "dup" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.1"}: failed to allocate IP 10.96.0.1: provided IP is already allocated');
    const out = errorOf(() => n.sim.store.create(service('far', { k: 'v' }, undefined, { clusterIP: '192.168.0.5' })));
    expect(out.message).toBe('Service "far" is invalid: spec.clusterIPs: Invalid value: []string{"192.168.0.5"}: failed to allocate IP 192.168.0.5: the provided IP (192.168.0.5) is not in the valid range. The range of valid IPs is 10.96.0.0/12');
    // A refused create leaves nothing behind: the name and the IP are still free.
    expect(n.sim.store.tryGet('Service', 'default', 'dup')).toBeUndefined();
  });

  it('frees the IP on delete', () => {
    const n = networkSim();
    n.sim.store.create(service('first', { k: 'v' }, undefined, { clusterIP: '10.96.5.5' }));
    expect(() => n.sim.store.create(service('second', { k: 'v' }, undefined, { clusterIP: '10.96.5.5' }))).toThrow(/already allocated/);
    n.sim.store.delete('Service', 'default', 'first');
    expect(n.sim.store.create(service('second', { k: 'v' }, undefined, { clusterIP: '10.96.5.5' })).spec.clusterIP).toBe('10.96.5.5');
  });

  it('leaves headless and ExternalName Services without an IP', () => {
    const n = networkSim();
    expect(n.sim.store.create(service('db', { app: 'db' }, undefined, { clusterIP: 'None' })).spec.clusterIPs).toEqual(['None']);
    const ext = n.sim.store.create(service('ext', undefined, undefined, { type: 'ExternalName', externalName: 'db.example.com' }));
    expect(ext.spec.clusterIP).toBeUndefined();
  });

  it('keeps the allocated IP when an update leaves it out (kubectl apply of the original manifest)', () => {
    const n = networkSim();
    const created = n.sim.store.create(service('web', { app: 'web' }));
    const updated = n.sim.store.update<Service>({ ...service('web', { app: 'web', tier: 'fe' }) });
    expect(updated.spec.clusterIP).toBe(created.spec.clusterIP);
    expect(updated.spec.selector).toEqual({ app: 'web', tier: 'fe' });
    // Changing it is refused by validation.
    expect(() => n.sim.store.update<Service>({ ...updated, spec: { ...updated.spec, clusterIP: '10.96.9.9', clusterIPs: ['10.96.9.9'] } }))
      .toThrow(/spec.clusterIPs\[0\]: Invalid value: \[\]string\{"10.96.9.9"\}: may not change once set/);
  });

  it('runs out with an internal error on a tiny range', () => {
    const engine = new Engine({ seed: 3 });
    engine.store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
    const alloc = new ServiceIPAllocator(engine.random, { serviceCIDR: '10.0.0.0/30' });
    engine.store.admission.push(alloc.admission);
    engine.store.create(service('a', { k: 'v' }));
    engine.store.create(service('b', { k: 'v' }));
    const ips = ['a', 'b'].map((x) => engine.store.get<Service>('Service', 'default', x).spec.clusterIP).sort();
    expect(ips).toEqual(['10.0.0.1', '10.0.0.2']);
    const err = errorOf(() => engine.store.create(service('c', { k: 'v' })));
    expect(err.reason).toBe('InternalError');
    expect(err.message).toBe('Internal error occurred: failed to allocate a serviceIP: range is full');
    expect(() => new ServiceIPAllocator(engine.random, { serviceCIDR: 'nonsense' })).toThrow(/invalid service CIDR "nonsense"/);
    expect(formatIPv4(parseIPv4('10.96.0.10')!)).toBe('10.96.0.10');
    expect(parseIPv4('10.300.0.1')).toBeUndefined();
  });
});

describe('NodePort allocation', () => {
  it('allocates node ports in 30000-32767 for NodePort and LoadBalancer Services; UDP and TCP on one port share it', () => {
    const n = networkSim();
    const np = n.sim.store.create(service('np', { app: 'x' }, [{ name: 'http', port: 80 }, { name: 'https', port: 443 }], { type: 'NodePort' }));
    const ports = np.spec.ports!.map((p) => p.nodePort!);
    for (const p of ports) expect(p >= 30000 && p <= 32767).toBe(true);
    expect(new Set(ports).size).toBe(2);
    const dns = n.sim.store.create(service('dns', { app: 'dns' }, [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }], { type: 'NodePort' }));
    expect(dns.spec.ports![0]!.nodePort).toBe(dns.spec.ports![1]!.nodePort);
    const lb = n.sim.store.create(service('lb', { app: 'x' }, [{ port: 80 }], { type: 'LoadBalancer' }));
    expect(lb.spec.ports![0]!.nodePort).toBeGreaterThanOrEqual(30000);
    const noAlloc = n.sim.store.create(service('lb2', { app: 'x' }, [{ port: 80 }], { type: 'LoadBalancer', allocateLoadBalancerNodePorts: false } as Service['spec']));
    expect(noAlloc.spec.ports![0]!.nodePort).toBeUndefined();
    const cluster = n.sim.store.create(service('c', { app: 'x' }));
    expect(cluster.spec.ports![0]!.nodePort).toBeUndefined();
  });

  it('honours explicit node ports, refuses taken ones, frees them on delete', () => {
    const n = networkSim();
    n.sim.store.create(service('a', { app: 'a' }, [{ port: 80, nodePort: 30080 }], { type: 'NodePort' }));
    const err = errorOf(() => n.sim.store.create(service('b', { app: 'b' }, [{ port: 80, nodePort: 30080 }], { type: 'NodePort' })));
    expect(err.message).toBe('Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated');
    const range = errorOf(() => n.sim.store.create(service('r', { app: 'b' }, [{ port: 80, nodePort: 40000 }], { type: 'NodePort' })));
    expect(range.message).toContain('spec.ports[0].nodePort: Invalid value: 40000: provided port is not in the valid range. The range of valid ports is 30000-32767');
    n.sim.store.delete('Service', 'default', 'a');
    expect(n.sim.store.create(service('b', { app: 'b' }, [{ port: 80, nodePort: 30080 }], { type: 'NodePort' })).spec.ports![0]!.nodePort).toBe(30080);
  });

  it('keeps node ports across updates and releases them when the type drops them', () => {
    const n = networkSim();
    const created = n.sim.store.create(service('a', { app: 'a' }, [{ name: 'http', port: 80 }], { type: 'NodePort' }));
    const port = created.spec.ports![0]!.nodePort!;
    const again = n.sim.store.update<Service>(service('a', { app: 'a' }, [{ name: 'http', port: 80 }], { type: 'NodePort' }));
    expect(again.spec.ports![0]!.nodePort).toBe(port);
    expect(again.spec.clusterIP).toBe(created.spec.clusterIP);
    const toCluster = n.sim.store.update<Service>({ ...again, spec: { ...again.spec, type: 'ClusterIP' } });
    expect(toCluster.spec.ports![0]!.nodePort).toBeUndefined();
    expect(toCluster.spec.externalTrafficPolicy).toBeUndefined();
    expect(n.sim.store.create(service('b', { app: 'b' }, [{ port: 80, nodePort: port }], { type: 'NodePort' })).spec.ports![0]!.nodePort).toBe(port);
    // ClusterIP → NodePort allocates on update.
    const up = n.sim.store.update<Service>({ ...toCluster, spec: { ...toCluster.spec, type: 'NodePort' } });
    expect(up.spec.ports![0]!.nodePort).toBeGreaterThanOrEqual(30000);
    expect(up.spec.ports![0]!.nodePort).not.toBe(port);
  });

  it('gives a Local-traffic LoadBalancer a health-check node port', () => {
    const n = networkSim();
    const lb = n.sim.store.create(service('lb', { app: 'x' }, [{ port: 80 }], { type: 'LoadBalancer', externalTrafficPolicy: 'Local' }));
    const hc = (lb.spec as { healthCheckNodePort?: number }).healthCheckNodePort!;
    expect(hc).toBeGreaterThanOrEqual(30000);
    expect(hc).not.toBe(lb.spec.ports![0]!.nodePort);
  });
});
