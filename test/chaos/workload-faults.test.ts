import { describe, expect, it } from 'vitest';
import type { EndpointSlice } from '../../source/api/cluster-kinds.js';
import type { Pod, ResourceQuota, Service } from '../../source/api/core.js';
import type { Deployment } from '../../source/api/workloads.js';
import { typoOf } from '../../source/chaos/catalog/operator-faults.js';
import { withTag } from '../../source/chaos/catalog/bad-rollout.js';
import { chaosSim, deploy, events, podsOf, readyPods, service, web } from './helpers.js';

const dep = (name: string) => ({ kind: 'Deployment' as const, namespace: 'default', name });
const waiting = (p: Pod) => p.status?.containerStatuses?.[0]?.state?.waiting?.reason;
const slices = (sim: ReturnType<typeof chaosSim>['sim'], svc: string) => sim.store.select<EndpointSlice>('EndpointSlice', { namespace: 'default' })
  .filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === svc);
const endpointCount = (sim: ReturnType<typeof chaosSim>['sim'], svc: string) => slices(sim, svc).reduce((n, s) => n + (s.endpoints ?? []).length, 0);

describe('bad-rollout', () => {
  it('rolls out a crash-looping version (CrashLoopBackOff) and revert rolls back to the previous template', () => {
    const { sim, faults } = chaosSim();
    deploy(sim, [web('web', 3)], 'web', 3);
    const before = sim.store.get<Deployment>('Deployment', 'default', 'web').spec.template;
    faults.inject({ type: 'bad-rollout', target: dep('web') });
    const broken = sim.store.get<Deployment>('Deployment', 'default', 'web').spec.template;
    expect(broken.spec.containers[0]!.image).toBe('nginx:next');
    expect(broken.metadata?.annotations).toEqual({ 'sim.kubedrill.io/app.crash-after': '5s' });
    sim.advance(60_000);
    const newPods = podsOf(sim, 'web').filter((p) => p.spec.containers[0]!.image === 'nginx:next');
    expect(newPods.length).toBeGreaterThan(0);
    expect(newPods.some((p) => waiting(p) === 'CrashLoopBackOff')).toBe(true);
    expect(newPods.some((p) => (p.status?.containerStatuses?.[0]?.restartCount ?? 0) > 0)).toBe(true);
    // Without a readiness probe a container is Ready for the seconds it runs, so the rollout counts the crashing
    // version available and replaces every pod: the outage a readiness probe would have stopped.
    expect(podsOf(sim, 'web').map((p) => p.spec.containers[0]!.image)).toEqual(['nginx:next', 'nginx:next', 'nginx:next']);

    faults.revert('fault-1');
    expect(sim.store.get<Deployment>('Deployment', 'default', 'web').spec.template).toEqual(before);
    sim.advance(60_000);
    expect(readyPods(sim, 'web').map((p) => p.spec.containers[0]!.image)).toEqual(['nginx:1.27', 'nginx:1.27', 'nginx:1.27']);
    expect(podsOf(sim, 'web')).toHaveLength(3);
    expect(events(sim, 'FaultReverted')).toEqual(['Deployment/web: Reverted fault bad-rollout (fault-1): reverted on request']);
  });

  it('an image tag that does not exist gives ErrImagePull / ImagePullBackOff', () => {
    const { sim, faults } = chaosSim();
    deploy(sim, [web('web', 1)], 'web', 1);
    faults.inject({ type: 'bad-rollout', target: dep('web'), params: { failure: 'image-pull' } });
    sim.advance(60_000);
    const bad = podsOf(sim, 'web').find((p) => p.spec.containers[0]!.image === 'nginx:broken')!;
    expect(['ErrImagePull', 'ImagePullBackOff']).toContain(waiting(bad));
  });

  it('a readiness failure needs a readiness probe, and leaves the new pods unready', () => {
    const { sim, faults } = chaosSim();
    deploy(sim, [web('web', 1)], 'web', 1);
    expect(faults.validate({ type: 'bad-rollout', target: dep('web'), params: { failure: 'readiness' } })).toEqual([
      'params.failure: readiness needs a readiness probe, and container "app" of Deployment/default/web has none (its pods would be Ready anyway)',
    ]);
    deploy(sim, [web('probed', 1, { readinessProbe: true })], 'probed', 1);
    faults.inject({ type: 'bad-rollout', target: dep('probed'), params: { failure: 'readiness', image: 'nginx:1.28' } });
    sim.advance(60_000);
    const fresh = podsOf(sim, 'probed').find((p) => p.spec.containers[0]!.image === 'nginx:1.28')!;
    expect(fresh.status?.phase).toBe('Running');
    expect(fresh.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('False');
  });

  it('leaves a template the operator changed since, and says so', () => {
    const { sim, faults } = chaosSim();
    deploy(sim, [web('web', 1)], 'web', 1);
    faults.inject({ type: 'bad-rollout', target: dep('web') });
    sim.store.patch('Deployment', 'default', 'web', 'strategic', { spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:1.29' }] } } } });
    faults.revert('fault-1');
    expect(sim.store.get<Deployment>('Deployment', 'default', 'web').spec.template.spec.containers[0]!.image).toBe('nginx:1.29');
    expect(events(sim, 'FaultReverted')).toEqual([
      'Deployment/web: Reverted fault bad-rollout (fault-1): reverted on request; the pod template of Deployment/default/web was changed since the fault; left as it is',
    ]);
  });

  it('replaces the tag, not a registry port', () => {
    expect(withTag('nginx', 'next')).toBe('nginx:next');
    expect(withTag('registry.local:5000/shop/cart:1.2', 'next')).toBe('registry.local:5000/shop/cart:next');
    expect(withTag('registry.local:5000/shop/cart', 'broken')).toBe('registry.local:5000/shop/cart:broken');
    expect(withTag('ghcr.io/a/b:1@sha256:abc', 'x')).toBe('ghcr.io/a/b:x');
  });
});

describe('service-selector-typo', () => {
  it('leaves the Service without endpoints, and revert restores the selector and endpoints', () => {
    const { sim, faults } = chaosSim();
    deploy(sim, [web('checkout', 2), service('checkout')], 'checkout', 2);
    expect(endpointCount(sim, 'checkout')).toBe(2);
    faults.inject({ type: 'service-selector-typo', target: { kind: 'Service', name: 'checkout' } });
    expect(sim.store.get<Service>('Service', 'default', 'checkout').spec.selector).toEqual({ app: 'checkotu' });
    sim.advance(5_000);
    expect(endpointCount(sim, 'checkout')).toBe(0);
    expect(readyPods(sim, 'checkout')).toHaveLength(2);
    faults.revert('fault-1');
    expect(sim.store.get<Service>('Service', 'default', 'checkout').spec.selector).toEqual({ app: 'checkout' });
    sim.advance(5_000);
    expect(endpointCount(sim, 'checkout')).toBe(2);
  });

  it('keeps a selector the operator changed since', () => {
    const { sim, faults } = chaosSim();
    deploy(sim, [web('cart', 1), service('cart')], 'cart', 1);
    faults.inject({ type: 'service-selector-typo', target: { kind: 'Service', name: 'cart' }, params: { value: 'crat' } });
    sim.store.patch('Service', 'default', 'cart', 'merge', { spec: { selector: { app: 'cart', tier: 'web' } } });
    faults.revert('fault-1');
    expect(sim.store.get<Service>('Service', 'default', 'cart').spec.selector).toEqual({ app: 'cart', tier: 'web' });
    expect(events(sim, 'FaultReverted')[0]).toContain('the selector of Service/default/cart was changed since the fault (now app=cart,tier=web); left as it is');
  });

  it('makes label-valid typos', () => {
    expect(typoOf('checkout')).toBe('checkotu');
    expect(typoOf('web-1')).toBe('we-b1'); // "web1-" would end in a dash
    expect(typoOf('aa')).toBe('aaa');
    expect(typoOf('a')).toBe('aa');
  });
});

describe('blocking-quota', () => {
  it('blocks scale-up with FailedCreate: exceeded quota, and revert lets it through', () => {
    const { sim, faults } = chaosSim();
    deploy(sim, [web('web', 2)], 'web', 2);
    faults.inject({ type: 'blocking-quota', target: dep('web') });
    expect(sim.store.get<ResourceQuota>('ResourceQuota', 'default', 'compute-quota').spec).toEqual({ hard: { pods: '2' } });
    sim.store.patch('Deployment', 'default', 'web', 'merge', { spec: { replicas: 4 } });
    sim.advance(30_000);
    expect(podsOf(sim, 'web')).toHaveLength(2);
    expect(events(sim, 'FailedCreate')[0]).toMatch(/^ReplicaSet\/web-[a-z0-9]+: Error creating: pods "web-[a-z0-9]+-" is forbidden: exceeded quota: compute-quota, requested: pods=1, used: pods=2, limited: pods=2$/);
    faults.revert('fault-1');
    expect(sim.store.tryGet('ResourceQuota', 'default', 'compute-quota')).toBeUndefined();
    sim.advance(30_000);
    expect(readyPods(sim, 'web')).toHaveLength(4);
  });

  it('leaves a quota the operator raised, and refuses a second quota of the same name', () => {
    const { sim, faults } = chaosSim();
    deploy(sim, [web('web', 1), web('api', 1)], 'web', 1);
    faults.inject({ type: 'blocking-quota', target: dep('web'), params: { headroom: 1 } });
    expect(sim.store.get<ResourceQuota>('ResourceQuota', 'default', 'compute-quota').spec.hard).toEqual({ pods: '3' });
    expect(faults.validate({ type: 'blocking-quota', target: dep('api') })).toEqual(['params.quotaName: ResourceQuota "compute-quota" already exists in namespace "default"']);
    sim.store.patch('ResourceQuota', 'default', 'compute-quota', 'merge', { spec: { hard: { pods: '10' } } });
    faults.revert('fault-1');
    expect(sim.store.get<ResourceQuota>('ResourceQuota', 'default', 'compute-quota').spec.hard).toEqual({ pods: '10' });
    expect(events(sim, 'FaultReverted')[0]).toContain('ResourceQuota default/compute-quota was changed since the fault; left in place');
  });
});
