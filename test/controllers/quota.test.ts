import { describe, expect, it } from 'vitest';
import type { Pod, ResourceQuota } from '../../source/api/core.js';
import { createAll } from '../sim-helpers.js';
import { errorOf, networkSim, pod, service } from './network-helpers.js';

const quota = (name: string, hard: Record<string, string>, extra: Partial<ResourceQuota['spec']> = {}, namespace = 'default'): ResourceQuota => ({
  apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name, namespace }, spec: { hard, ...extra },
});
const cpuPod = (name: string, cpu: string, extra: Partial<Pod['spec']> = {}) =>
  pod(name, { app: 'q' }, { resources: { requests: { cpu, memory: '64Mi' }, limits: { cpu, memory: '64Mi' } }, extra });
const status = (n: ReturnType<typeof networkSim>, name: string) => n.sim.store.get<ResourceQuota>('ResourceQuota', 'default', name).status;

describe('ResourceQuota', () => {
  it('refuses the 4th pod of a pods: 3 quota with upstream\'s message, and keeps status.used current', () => {
    const n = networkSim();
    createAll(n.sim, [quota('pod-limit', { pods: '3' })]);
    expect(status(n, 'pod-limit')).toEqual({ hard: { pods: '3' }, used: { pods: '0' } });
    createAll(n.sim, [pod('p0', {}), pod('p1', {}), pod('p2', {})]);
    expect(status(n, 'pod-limit')!.used).toEqual({ pods: '3' });
    const err = errorOf(() => n.sim.store.create(pod('p3', {})));
    expect(err.reason).toBe('Forbidden');
    expect(err.code).toBe(403);
    expect(err.message).toBe('pods "p3" is forbidden: exceeded quota: pod-limit, requested: pods=1, used: pods=3, limited: pods=3');
    // A deleted pod gives its place back once it is gone.
    n.sim.advance(10_000);
    n.sim.store.delete('Pod', 'default', 'p0');
    n.sim.advance(40_000);
    expect(n.sim.store.tryGet('Pod', 'default', 'p0')).toBeUndefined();
    expect(status(n, 'pod-limit')!.used).toEqual({ pods: '2' });
    expect(() => n.sim.store.create(pod('p3', {}))).not.toThrow();
  });

  it('sums cpu requests and names the generateName of a generated pod', () => {
    const n = networkSim();
    createAll(n.sim, [quota('compute', { 'requests.cpu': '2', 'requests.memory': '1Gi' })]);
    createAll(n.sim, [cpuPod('a', '500m'), cpuPod('b', '1')]);
    expect(status(n, 'compute')!.used).toEqual({ 'requests.cpu': '1500m', 'requests.memory': '128Mi' });
    const err = errorOf(() => n.sim.store.create(pod('', { app: 'q' }, { generateName: 'web-7d8f6c9b54-', resources: { requests: { cpu: '600m', memory: '64Mi' } } })));
    expect(err.message).toBe('pods "web-7d8f6c9b54-" is forbidden: exceeded quota: compute, requested: requests.cpu=600m, used: requests.cpu=1500m, limited: requests.cpu=2');
    expect(() => n.sim.store.create(cpuPod('c', '500m'))).not.toThrow();
    expect(status(n, 'compute')!.used).toEqual({ 'requests.cpu': '2', 'requests.memory': '192Mi' });
  });

  it('demands limits from every container when limits are under quota', () => {
    const n = networkSim();
    createAll(n.sim, [quota('compute', { 'limits.cpu': '4', 'limits.memory': '4Gi' })]);
    const p: Pod = pod('nolimits', {});
    p.spec.containers.push({ name: 'sidecar', image: 'busybox', resources: { limits: { memory: '64Mi' } } });
    const err = errorOf(() => n.sim.store.create(p));
    expect(err.message).toBe('pods "nolimits" is forbidden: failed quota: compute: must specify limits.cpu for: app,sidecar; limits.memory for: app');
  });

  it('stops counting pods that finished', () => {
    const n = networkSim();
    createAll(n.sim, [quota('pods', { pods: '1' })]);
    createAll(n.sim, [pod('job', {}, { image: 'busybox', annotations: { 'sim.kubedrill.io/duration': '5s' }, extra: { restartPolicy: 'Never' } })]);
    expect(() => n.sim.store.create(pod('next', {}))).toThrow(/exceeded quota: pods/);
    n.sim.advance(30_000);
    expect(n.sim.store.get<Pod>('Pod', 'default', 'job').status?.phase).toBe('Succeeded');
    expect(status(n, 'pods')!.used).toEqual({ pods: '0' });
    expect(() => n.sim.store.create(pod('next', {}))).not.toThrow();
  });

  it('counts a terminating pod until deletion + grace has passed (a pod stuck on a lost node stops counting)', () => {
    const n = networkSim();
    createAll(n.sim, [quota('pods', { pods: '1' })]);
    createAll(n.sim, [pod('stuck', {})]);
    n.sim.advance(10_000);
    n.sim.setComponentRunning('kubelet', false);
    n.sim.store.delete('Pod', 'default', 'stuck');
    n.sim.advance(31_000);
    expect(n.sim.store.get<Pod>('Pod', 'default', 'stuck').metadata.deletionTimestamp).toBeDefined();
    expect(status(n, 'pods')!.used).toEqual({ pods: '1' });
    expect(() => n.sim.store.create(pod('next', {}))).toThrow(/exceeded quota: pods/);
    // deletionTimestamp is deletion + 30 s; upstream stops charging 30 s after that.
    n.sim.advance(30_000);
    expect(status(n, 'pods')!.used).toEqual({ pods: '0' });
    expect(() => n.sim.store.create(pod('next', {}))).not.toThrow();
  });

  it('applies scopes: BestEffort / NotBestEffort and Terminating / NotTerminating', () => {
    const n = networkSim();
    createAll(n.sim, [
      quota('besteffort', { pods: '1' }, { scopes: ['BestEffort'] }),
      quota('long-running', { 'requests.cpu': '1' }, { scopes: ['NotTerminating', 'NotBestEffort'] }),
    ]);
    createAll(n.sim, [pod('be-0', {})]);
    expect(() => n.sim.store.create(pod('be-1', {}))).toThrow('pods "be-1" is forbidden: exceeded quota: besteffort, requested: pods=1, used: pods=1, limited: pods=1');
    // Burstable pods are not counted by the BestEffort quota; NotTerminating ones count against long-running.
    createAll(n.sim, [cpuPod('web', '800m')]);
    expect(() => n.sim.store.create(cpuPod('web-2', '800m'))).toThrow(/exceeded quota: long-running, requested: requests.cpu=800m, used: requests.cpu=800m, limited: requests.cpu=1/);
    // A pod with activeDeadlineSeconds is Terminating: outside long-running's scope.
    expect(() => n.sim.store.create(cpuPod('batch', '800m', { activeDeadlineSeconds: 600 }))).not.toThrow();
    n.sim.engine.settle();
    expect(status(n, 'besteffort')!.used).toEqual({ pods: '1' });
    expect(status(n, 'long-running')!.used).toEqual({ 'requests.cpu': '800m' });
  });

  it('counts Services, node ports and load balancers, and objects by count/<resource>', () => {
    const n = networkSim();
    createAll(n.sim, [quota('objects', { services: '5', 'services.nodeports': '1', 'services.loadbalancers': '0', 'count/configmaps': '1', 'count/deployments.apps': '0' })]);
    createAll(n.sim, [service('np', { a: 'b' }, [{ port: 80 }], { type: 'NodePort' })]);
    expect(() => n.sim.store.create(service('np2', { a: 'b' }, [{ port: 80 }], { type: 'NodePort' })))
      .toThrow('services "np2" is forbidden: exceeded quota: objects, requested: services.nodeports=1, used: services.nodeports=1, limited: services.nodeports=1');
    expect(() => n.sim.store.create(service('lb', { a: 'b' }, [{ port: 80 }], { type: 'LoadBalancer' }))).toThrow(/exceeded quota: objects, requested: services.loadbalancers=1,services.nodeports=1/);
    // Changing the type on update is charged too.
    const plain = n.sim.store.create(service('plain', { a: 'b' }));
    expect(() => n.sim.store.update({ ...plain, spec: { ...plain.spec, type: 'NodePort' } })).toThrow(/exceeded quota: objects, requested: services.nodeports=1/);
    createAll(n.sim, [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one', namespace: 'default' } }]);
    expect(() => n.sim.store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'two', namespace: 'default' } }))
      .toThrow('configmaps "two" is forbidden: exceeded quota: objects, requested: count/configmaps=1, used: count/configmaps=1, limited: count/configmaps=1');
    expect(() => n.sim.store.create({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'default' },
      spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    })).toThrow('deployments.apps "d" is forbidden: exceeded quota: objects, requested: count/deployments.apps=1, used: count/deployments.apps=0, limited: count/deployments.apps=0');
    n.sim.engine.settle();
    // The kubernetes Service in default counts too.
    expect(status(n, 'objects')!.used).toEqual({
      services: '3', 'services.nodeports': '1', 'services.loadbalancers': '0', 'count/configmaps': '1', 'count/deployments.apps': '0',
    });
  });

  it('only restricts once the controller has synced the quota, and follows spec changes', () => {
    const n = networkSim();
    // Created in one go, before any sync: upstream admission sees no status.hard yet and lets both through.
    createAll(n.sim, [quota('late', { pods: '1' }), pod('x', {}), pod('y', {})]);
    expect(status(n, 'late')).toEqual({ hard: { pods: '1' }, used: { pods: '2' } });
    const q = n.sim.store.get<ResourceQuota>('ResourceQuota', 'default', 'late');
    n.sim.store.update({ ...q, spec: { hard: { pods: '3', 'requests.memory': '1Gi' } } });
    n.sim.engine.settle();
    expect(status(n, 'late')).toEqual({ hard: { pods: '3', 'requests.memory': '1Gi' }, used: { pods: '2', 'requests.memory': '0' } });
  });

  it('does not touch namespaces without quotas', () => {
    const n = networkSim();
    createAll(n.sim, [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } }, quota('tight', { pods: '0' }, {}, 'other')]);
    expect(() => n.sim.store.create(pod('free', {}))).not.toThrow();
    expect(() => n.sim.store.create(pod('blocked', {}, { namespace: 'other' }))).toThrow(/exceeded quota: tight/);
  });
});
