import { describe, expect, it } from 'vitest';
import type { ConfigMap, Endpoints, Pod, Service } from '../../source/api/core.js';
import type { KubeObject } from '../../source/api/meta.js';
import type { DaemonSet, Deployment } from '../../source/api/workloads.js';
import { COREDNS_IMAGE, addonObjects, corefile, dnsServiceIP, serviceDnsName } from '../../source/cluster/addons.js';
import { errorOf, networkSim, service } from '../controllers/network-helpers.js';

const byKind = (objects: KubeObject[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name)!;

describe('addonObjects', () => {
  const objects = addonObjects({ kubernetesVersion: 'v1.32.4' });

  it('describes kube-proxy as kubeadm does', () => {
    const ds = byKind(objects, 'DaemonSet', 'kube-proxy') as DaemonSet;
    expect(ds.metadata.namespace).toBe('kube-system');
    const spec = ds.spec.template.spec;
    expect(spec.containers[0]!.image).toBe('registry.k8s.io/kube-proxy:v1.32.4');
    expect(spec.hostNetwork).toBe(true);
    expect(spec.priorityClassName).toBe('system-node-critical');
    expect(spec.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(spec.serviceAccountName).toBe('kube-proxy');
    expect(ds.spec.selector.matchLabels).toEqual({ 'k8s-app': 'kube-proxy' });
    const cm = byKind(objects, 'ConfigMap', 'kube-proxy') as ConfigMap;
    expect(cm.data!['config.conf']).toContain('kind: KubeProxyConfiguration');
    expect(cm.data!['config.conf']).toContain('clusterCIDR: 10.244.0.0/16');
    expect(addonObjects({ kubernetesVersion: '1.31.0' }).some((o) => o.kind === 'DaemonSet'
      && (o as DaemonSet).spec.template.spec.containers[0]!.image === 'registry.k8s.io/kube-proxy:v1.31.0')).toBe(true);
  });

  it('describes CoreDNS, its Corefile and the kube-dns Service as kubeadm does', () => {
    const deploy = byKind(objects, 'Deployment', 'coredns') as Deployment;
    expect(deploy.spec.replicas).toBe(2);
    expect(deploy.metadata.labels).toEqual({ 'k8s-app': 'kube-dns' });
    const spec = deploy.spec.template.spec;
    expect(spec.containers[0]!.image).toBe(COREDNS_IMAGE);
    expect(COREDNS_IMAGE).toBe('registry.k8s.io/coredns/coredns:v1.11.3');
    expect(spec.priorityClassName).toBe('system-cluster-critical');
    expect(spec.tolerations).toContainEqual({ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' });
    expect(spec.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.[0]).toMatchObject({ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname' } });
    const svc = byKind(objects, 'Service', 'kube-dns') as Service;
    expect(svc.spec.clusterIP).toBe('10.96.0.10');
    expect(svc.spec.ports).toEqual([
      { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
      { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
      { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
    ]);
    expect(svc.spec.selector).toEqual({ 'k8s-app': 'kube-dns' });
    expect((byKind(objects, 'ConfigMap', 'coredns') as ConfigMap).data!.Corefile).toContain('kubernetes cluster.local in-addr.arpa ip6.arpa {');
    expect(objects.filter((o) => o.kind === 'ServiceAccount').map((o) => o.metadata.name)).toEqual(['coredns', 'kube-proxy']);
    expect(objects.every((o) => o.metadata.namespace === 'kube-system')).toBe(true);
  });

  it('follows the cluster domain and service range', () => {
    expect(corefile('corp.internal')).toContain('kubernetes corp.internal in-addr.arpa ip6.arpa');
    expect(dnsServiceIP('10.100.0.0/16')).toBe('10.100.0.10');
    expect(() => dnsServiceIP('bogus')).toThrow(/invalid service CIDR/);
    const svc = byKind(addonObjects({ kubernetesVersion: 'v1.32.4', serviceCIDR: '172.20.0.0/16' }), 'Service', 'kube-dns') as Service;
    expect(svc.spec.clusterIP).toBe('172.20.0.10');
  });

  it('names Services in DNS', () => {
    expect(serviceDnsName(service('web', {}, undefined, {}, 'shop'))).toBe('web.shop.svc.cluster.local');
    expect(serviceDnsName(service('kube-dns', {}, undefined, {}, 'kube-system'), 'corp.internal')).toBe('kube-dns.kube-system.svc.corp.internal');
  });
});

describe('addons on the test cluster', () => {
  it('are accepted by the API (defaulting and validation) and kube-dns keeps 10.96.0.10', () => {
    // Every Simulation creates the addons at start-up, through the same admission chain as any client.
    const n = networkSim();
    for (const o of addonObjects({ kubernetesVersion: 'v1.32.4' })) expect(n.sim.store.tryGet(o.kind, o.metadata.namespace, o.metadata.name!)).toBeDefined();
    expect(n.sim.store.get<Service>('Service', 'kube-system', 'kube-dns').spec.clusterIPs).toEqual(['10.96.0.10']);
    expect(errorOf(() => n.sim.store.create(service('squatter', { a: 'b' }, undefined, { clusterIP: '10.96.0.10' }))).message)
      .toContain('failed to allocate IP 10.96.0.10: provided IP is already allocated');
  });

  it('run: CoreDNS on two nodes behind kube-dns, kube-proxy on every node including the control plane', () => {
    // The test cluster's controller manager runs the Deployment, ReplicaSet and DaemonSet controllers.
    const n = networkSim({ workers: 3 });
    n.sim.advance(120_000);
    const pods = n.sim.store.select<Pod>('Pod', { namespace: 'kube-system' });
    const dns = pods.filter((p) => p.metadata.labels?.['k8s-app'] === 'kube-dns');
    expect(dns).toHaveLength(2);
    for (const p of dns) expect(p.status?.phase).toBe('Running');
    expect(new Set(dns.map((p) => p.spec.nodeName)).size).toBe(2);
    const proxies = pods.filter((p) => p.metadata.labels?.['k8s-app'] === 'kube-proxy');
    expect(proxies.map((p) => p.spec.nodeName).sort()).toEqual(['control-plane-0', 'workers-0', 'workers-1', 'workers-2']);
    for (const p of proxies) expect(p.status?.podIP).toBe(p.status?.hostIP);
    const ep = n.sim.store.get<Endpoints>('Endpoints', 'kube-system', 'kube-dns');
    expect(ep.subsets).toHaveLength(1);
    expect(ep.subsets![0]!.addresses!.map((a) => a.targetRef!.name).sort()).toEqual(dns.map((p) => p.metadata.name).sort());
    expect(ep.subsets![0]!.ports!.map((p) => `${p.name}:${p.port}/${p.protocol}`)).toEqual(['dns:53/UDP', 'dns-tcp:53/TCP', 'metrics:9153/TCP']);
  });
});
