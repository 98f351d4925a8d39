import { describe, expect, it } from 'vitest';
import { boundPod, catalog, getPod, node, sim, statusOf } from './helpers.js';
import { GENERIC_PROFILE, parseProfileCatalog } from '../../source/kubelet/profiles.js';
import { simAnnotationProblems } from '../../source/kubelet/annotations.js';

const Mi = 1024 * 1024;
/** Base CPU 10m, 2m per request per second; base memory 32Mi, 1Mi per request per second. */
const PROFILE = {
  'sim.kubedrill.io/cpu': '10m', 'sim.kubedrill.io/cpu-per-request': '2m',
  'sim.kubedrill.io/memory': '32Mi', 'sim.kubedrill.io/memory-per-request': '1Mi',
};
const cpu = (s: ReturnType<typeof sim>, name: string) => s.pool.podUsage('default', name)!.containers.reduce((a, c) => a + c.cpuMilli, 0);
const mem = (s: ReturnType<typeof sim>, name: string) => s.pool.podUsage('default', name)!.containers.reduce((a, c) => a + c.memoryBytes, 0);

describe('memoryPerRequest in the catalogue and annotations', () => {
  it('has a default of 512Ki per request per second, light servers less, and the annotation overrides it', () => {
    expect(GENERIC_PROFILE.memoryPerRequestBytes).toBe(512 * 1024);
    expect(catalog.profileFor('example.com/unknown:1').memoryPerRequestBytes).toBe(512 * 1024);
    expect(catalog.profileFor('nginx:1.27').memoryPerRequestBytes).toBe(16 * 1024);
    expect(catalog.profileFor('nginx:1.27', { 'sim.kubedrill.io/memory-per-request': '0.5Mi' }).memoryPerRequestBytes).toBe(512 * 1024);
    expect(parseProfileCatalog('defaults:\n  memoryPerRequest: 2Mi\n').profileFor('x').memoryPerRequestBytes).toBe(2 * Mi);
  });

  it('reports a bad value, and a bad catalogue entry names the field', () => {
    expect(simAnnotationProblems({ 'sim.kubedrill.io/memory-per-request': 'lots' }, ['app'])).toEqual([
      { annotation: 'sim.kubedrill.io/memory-per-request', message: 'invalid quantity "lots": expected a memory quantity such as 128Mi or 1Gi; the profile default is used' },
    ]);
    expect(() => parseProfileCatalog('defaults:\n  memoryPerRequest: -1Mi\n')).toThrow('images.yaml:2: defaults: memoryPerRequest: invalid quantity "-1Mi": must not be negative');
  });
});

describe('request rate → usage', () => {
  it('CPU = base + rate × cpuPerRequest, memory = base + rate × memoryPerRequest; both in the node totals', () => {
    const s = sim();
    s.engine.store.create(boundPod('web', 'node-1', [{ ports: [{ containerPort: 80 }] }], { annotations: PROFILE }));
    s.engine.advance(5_000);
    const idle = s.pool.nodeUsage('node-1')!;
    expect(cpu(s, 'web')).toBe(10);
    expect(s.pool.setPodRequestRate('default', 'web', 100)).toBe(true);
    expect(cpu(s, 'web')).toBe(210);
    expect(mem(s, 'web')).toBe(132 * Mi);
    const busy = s.pool.nodeUsage('node-1')!;
    expect(busy.cpuMilli - idle.cpuMilli).toBe(200);
    expect(busy.memoryBytes - idle.memoryBytes).toBe(100 * Mi);
    expect(s.pool.podTraffic('default', 'web')!.rate).toBe(100);
    // Back to idle: the node totals return exactly (no drift from repeated changes).
    for (const r of [7.3, 250.1, 0.7, 99]) s.pool.setPodRequestRate('default', 'web', r);
    s.pool.setPodRequestRate('default', 'web', 0);
    expect(s.pool.nodeUsage('node-1')).toEqual(idle);
    expect(s.pool.setPodRequestRate('default', 'nope', 5)).toBe(false);
    expect(() => s.pool.setPodRequestRate('default', 'web', -1)).toThrow('setRequestRate: the rate must be a non-negative number, got -1');
  });

  it('writes nothing to the store when only the rate changes', () => {
    const s = sim();
    s.engine.store.create(boundPod('web', 'node-1', [{}], { annotations: PROFILE }));
    s.engine.advance(10_000);
    const rv = getPod(s.engine, 'web')!.metadata.resourceVersion;
    for (let i = 0; i < 20; i++) {
      s.pool.setPodRequestRate('default', 'web', i * 10);
      s.engine.advance(1_000);
    }
    expect(getPod(s.engine, 'web')!.metadata.resourceVersion).toBe(rv);
  });

  it('throttles CPU at the limit and reports what the pod can serve', () => {
    const s = sim();
    s.engine.store.create(boundPod('web', 'node-1', [{ resources: { limits: { cpu: '500m' } } }], { annotations: PROFILE }));
    s.engine.advance(5_000);
    const h = s.pool.podTraffic('default', 'web')!;
    h.setRequestRate(400); // wants 810m
    expect(cpu(s, 'web')).toBe(500);
    h.measure();
    // (500m − 10m) / 2m = 245 requests per second.
    expect(h).toMatchObject({ up: true, capacity: 245, served: 245 });
    expect(h.utilisation).toBeCloseTo(400 / 245, 12);
    h.setRequestRate(100);
    h.measure();
    expect(h).toMatchObject({ served: 100 });
    expect(h.utilisation).toBeCloseTo(100 / 245, 12);
  });

  it('shares CPU out proportionally when the pods on a node want more than it has (noisy neighbours)', () => {
    const s = sim({ nodes: [node('small', { cpu: '1' })] });
    s.engine.store.create(boundPod('a', 'small', [{}], { annotations: PROFILE }));
    s.engine.store.create(boundPod('b', 'small', [{}], { annotations: PROFILE }));
    s.engine.advance(10_000);
    s.pool.setPodRequestRate('default', 'a', 495); // wants 1000m
    s.pool.setPodRequestRate('default', 'b', 245); // wants 500m
    // 1500m wanted of 1000m: each gets two thirds.
    expect(cpu(s, 'a')).toBeCloseTo(2000 / 3, 9);
    expect(cpu(s, 'b')).toBeCloseTo(1000 / 3, 9);
    expect(s.pool.nodeUsage('small')!.cpuMilli).toBe(1000);
    const a = s.pool.podTraffic('default', 'a')!;
    a.measure();
    expect(a.served).toBeCloseTo(330, 9);
    s.pool.setPodRequestRate('default', 'b', 0); // b still wants its 10m base: 1010m wanted
    expect(cpu(s, 'a')).toBeCloseTo(1000 * 1000 / 1010, 9);
    s.pool.setPodRequestRate('default', 'a', 400);
    expect(cpu(s, 'a')).toBe(810);
  });

  it('OOMKills when traffic pushes memory over the limit, at the next instant', () => {
    const s = sim();
    s.engine.store.create(boundPod('web', 'node-1', [{ resources: { limits: { memory: '128Mi' } } }], { annotations: PROFILE }));
    s.engine.advance(10_000);
    s.pool.setPodRequestRate('default', 'web', 90); // 122Mi: under the limit
    s.engine.advance(60_000);
    expect(statusOf(s.engine, 'web')).toBe('Running');
    s.pool.setPodRequestRate('default', 'web', 100); // 132Mi: over
    s.engine.advance(0);
    const cs = getPod(s.engine, 'web')!.status!.containerStatuses![0]!;
    expect(cs.state!.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled', finishedAt: '2026-01-01T00:01:10Z' });
    // It restarts with the same traffic and is killed again one second after starting: CrashLoopBackOff follows.
    s.engine.advance(2_000);
    expect(getPod(s.engine, 'web')!.status!.containerStatuses![0]!.lastState!.terminated!.reason).toBe('OOMKilled');
    s.engine.advance(60_000);
    expect(statusOf(s.engine, 'web')).toMatch(/^(CrashLoopBackOff|OOMKilled)$/);
    s.pool.setPodRequestRate('default', 'web', 0);
    s.engine.advance(5 * 60_000);
    expect(statusOf(s.engine, 'web')).toBe('Running');
  });

  it('re-plans a leak\'s OOM kill when the traffic working set changes', () => {
    const s = sim();
    s.engine.store.create(boundPod('leaky', 'node-1', [{ resources: { limits: { memory: '128Mi' } } }], {
      annotations: { ...PROFILE, 'sim.kubedrill.io/memory-leak': '16Mi/min' },
    }));
    // Running at 4 s; without traffic the leak fills (128 − 32) Mi at 6 min 4 s.
    s.engine.advance(64_000);
    s.pool.setPodRequestRate('default', 'leaky', 48); // +48Mi: 96Mi at 1 min → the remaining 32Mi fill in 2 min
    s.engine.advance(2 * 60_000 - 1);
    expect(statusOf(s.engine, 'leaky')).toBe('Running');
    s.engine.advance(1);
    expect(getPod(s.engine, 'leaky')!.status!.containerStatuses![0]!.state!.terminated).toMatchObject({ reason: 'OOMKilled', finishedAt: '2026-01-01T00:03:04Z' });
  });

  it('puts off the OOM kill when traffic drops before it', () => {
    const s = sim();
    s.engine.store.create(boundPod('leaky', 'node-1', [{ resources: { limits: { memory: '128Mi' } } }], {
      annotations: { ...PROFILE, 'sim.kubedrill.io/memory-leak': '16Mi/min' },
    }));
    s.engine.advance(4_000);
    s.pool.setPodRequestRate('default', 'leaky', 64); // kill planned at 4 s + 2 min
    s.engine.advance(60_000);
    s.pool.setPodRequestRate('default', 'leaky', 0); // back to the leak alone: 6 min after start
    s.engine.advance(2 * 60_000);
    expect(statusOf(s.engine, 'leaky')).toBe('Running');
    s.engine.advance(3 * 60_000);
    expect(getPod(s.engine, 'leaky')!.status!.containerStatuses![0]!.state!.terminated).toMatchObject({ reason: 'OOMKilled', finishedAt: '2026-01-01T00:06:04Z' });
  });

  it('counts traffic memory toward node memory pressure and evicts', () => {
    const s = sim({ nodes: [node('node-1', { memory: '3Gi', allocMemory: '2Gi' })] });
    s.engine.store.create(boundPod('hungry', 'node-1', [{}], { annotations: PROFILE }));
    s.engine.advance(10_000);
    s.pool.setPodRequestRate('default', 'hungry', 2000); // ~2Gi of working set, no limit
    s.engine.advance(20_000);
    expect(statusOf(s.engine, 'hungry')).toBe('Evicted');
    expect(s.pool.podTraffic('default', 'hungry')).toBeDefined();
    const h = s.pool.podTraffic('default', 'hungry')!;
    h.measure();
    expect(h).toMatchObject({ up: false, served: 0, capacity: 0 });
    expect(h.servingSince()).toBe(-1);
  });

  it('serves through containers with ports, or the first container', () => {
    const s = sim();
    s.engine.store.create(boundPod('two', 'node-1', [{ name: 'app' }, { name: 'proxy', ports: [{ containerPort: 8080 }] }], { annotations: PROFILE }));
    s.engine.advance(10_000);
    s.pool.setPodRequestRate('default', 'two', 10);
    const byName = Object.fromEntries(s.pool.podUsage('default', 'two')!.containers.map((c) => [c.name, c.cpuMilli]));
    expect(byName).toEqual({ app: 10, proxy: 30 });
  });

  it('a handle knows its pod: a new pod of the same name is another one; a deleted pod is no longer alive', () => {
    const s = sim();
    s.engine.store.create(boundPod('web', 'node-1', [{}], { annotations: PROFILE }));
    s.engine.advance(10_000);
    const h = s.pool.podTraffic('default', 'web')!;
    expect(s.pool.podTraffic('default', 'web', 'other-uid')).toBeUndefined();
    expect(h.alive).toBe(true);
    expect(h.servingSince()).toBe(Date.UTC(2026, 0, 1, 0, 0, 4));
    s.engine.store.delete('Pod', 'default', 'web');
    s.engine.advance(0);
    expect(h.draining).toBe(true);
    expect(h.alive).toBe(true);
    s.engine.advance(60_000);
    expect(h.alive).toBe(false);
  });
});
