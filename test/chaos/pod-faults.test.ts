import { describe, expect, it } from 'vitest';
import type { EndpointSlice } from '../../source/api/cluster-kinds.js';
import type { Event, Node, Pod } from '../../source/api/core.js';
import type { KubeObject } from '../../source/api/meta.js';
import type { Deployment } from '../../source/api/workloads.js';
import type { Simulation } from '../../source/cluster/simulation.js';
import { chaosSim, deploy, events, podsOf, readyPods, service, web } from './helpers.js';

const status = (sim: Simulation, name: string) => sim.store.get<Pod>('Pod', 'default', name).status!;
const container = (sim: Simulation, name: string) => status(sim, name).containerStatuses![0]!;
const isReady = (sim: Simulation, name: string) => status(sim, name).conditions!.find((c) => c.type === 'Ready')!.status === 'True';
const endpoints = (sim: Simulation, svc: string) => sim.store.select<EndpointSlice>('EndpointSlice', { namespace: 'default' })
  .filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === svc)
  .flatMap((s) => (s.endpoints ?? []).filter((e) => e.conditions?.ready).map((e) => e.targetRef?.name));
const podCpu = (sim: Simulation, name: string) => sim.kubelets.podUsage('default', name)!.containers[0]!.cpuMilli;
const podMemory = (sim: Simulation, name: string) => sim.kubelets.podUsage('default', name)!.containers[0]!.memoryBytes;
const podEvents = (sim: Simulation, pod: string, reason: string) => sim.store.select<Event>('Event')
  .filter((e) => e.involvedObject.name === pod && e.reason === reason).map((e) => e.message);
const MI = 1024 * 1024;

/** A Deployment whose container has limits (so hogs are throttled and leaks are OOMKilled). */
function limited(name: string, replicas: number, limits: { cpu?: string; memory?: string }): Deployment {
  const d = web(name, replicas);
  const c = d.spec.template.spec.containers[0]!;
  c.resources = { requests: { cpu: '10m', memory: '32Mi' }, limits };
  return d;
}

describe('container-kill', () => {
  it('kills the container (exit 137); the kubelet restarts it and the restart count goes up by one', () => {
    const { sim, faults } = chaosSim();
    const [pod] = deploy(sim, [web('web', 1)], 'web', 1);
    const name = pod!.metadata.name!;
    const fault = faults.inject({ type: 'container-kill', target: { kind: 'Pod', name } });
    expect(faults.active()).toEqual([]);
    expect(faults.history()).toEqual([{ fault, endedAt: fault.startedAt }]);
    // Shown terminated until the new container starts (no back-off before the first restart).
    expect(container(sim, name).state?.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
    sim.advance(5_000);
    expect(container(sim, name)).toMatchObject({ restartCount: 1, ready: true, state: { running: expect.any(Object) }, lastState: { terminated: { exitCode: 137, reason: 'Error' } } });
    expect(podEvents(sim, name, 'Killing')).toEqual([]); // the kubelet did not kill it
    // A second kill within the back-off: CrashLoopBackOff for 10 s, as upstream.
    faults.inject({ type: 'container-kill', target: { kind: 'Pod', name } });
    expect(container(sim, name).state?.waiting).toMatchObject({ reason: 'CrashLoopBackOff', message: expect.stringMatching(/^back-off 10s restarting failed container=app pod=web-/) });
    sim.advance(15_000);
    expect(container(sim, name).restartCount).toBe(2);
    expect(faults.validate({ type: 'container-kill', target: { kind: 'Pod', name }, params: { container: 'sidecar' } }))
      .toEqual([`params.container: Pod/default/${name} has no container "sidecar" (containers: app)`]);
  });

  it('on a Deployment kills the container of each of its pods', () => {
    const { sim, faults } = chaosSim();
    deploy(sim, [web('web', 3)], 'web', 3);
    faults.inject({ type: 'container-kill', target: { kind: 'Deployment', name: 'web' } });
    sim.advance(5_000);
    expect(podsOf(sim, 'web').map((p) => p.status!.containerStatuses![0]!.restartCount)).toEqual([1, 1, 1]);
  });
});

describe('pod-failure', () => {
  it('crash-loops the pod while it lasts (CrashLoopBackOff) and it recovers after revert', () => {
    const { sim, faults } = chaosSim();
    const [pod] = deploy(sim, [web('web', 1)], 'web', 1);
    const name = pod!.metadata.name!;
    faults.inject({ type: 'pod-failure', target: { kind: 'Pod', name } });
    expect(container(sim, name).state?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    sim.advance(60_000);
    expect(container(sim, name).state?.waiting?.reason).toBe('CrashLoopBackOff');
    expect(container(sim, name).restartCount).toBeGreaterThanOrEqual(3);
    expect(isReady(sim, name)).toBe(false);
    expect(podEvents(sim, name, 'BackOff')[0]).toBe(`Back-off restarting failed container app in pod ${name}_default(${pod!.metadata.uid})`);
    faults.revert('fault-1');
    // The running back-off still runs out before the restart (at most 80 s after four crashes).
    sim.engine.advanceUntil(() => isReady(sim, name), 300_000);
    expect(isReady(sim, name)).toBe(true);
    const restarts = container(sim, name).restartCount;
    sim.advance(120_000);
    expect(container(sim, name)).toMatchObject({ restartCount: restarts, state: { running: expect.any(Object) } });
  });
});

describe('readiness-failure', () => {
  it('makes the pods unready and empties the endpoints; revert makes them Ready again', () => {
    const { sim, faults } = chaosSim();
    deploy(sim, [web('web', 2, { readinessProbe: true }), service('web')], 'web', 2);
    sim.advance(1_000);
    expect(endpoints(sim, 'web')).toHaveLength(2);
    faults.inject({ type: 'readiness-failure', target: { kind: 'Service', name: 'web' } });
    // periodSeconds 5 × failureThreshold 3.
    sim.advance(16_000);
    expect(readyPods(sim, 'web')).toEqual([]);
    expect(endpoints(sim, 'web')).toEqual([]);
    expect(events(sim, 'Unhealthy').filter((e) => e.startsWith('Pod/web-'))[0]).toMatch(/: Readiness probe failed: HTTP probe failed with statuscode: 503$/);
    expect(podsOf(sim, 'web').every((p) => p.status!.containerStatuses![0]!.restartCount === 0)).toBe(true);
    faults.revert('fault-1');
    sim.advance(6_000);
    expect(readyPods(sim, 'web')).toHaveLength(2);
    expect(endpoints(sim, 'web')).toHaveLength(2);
  });

  it('needs a readiness probe', () => {
    const { sim, faults } = chaosSim();
    const [pod] = deploy(sim, [web('web', 1)], 'web', 1);
    expect(faults.validate({ type: 'readiness-failure', target: { kind: 'Deployment', name: 'web' } }))
      .toEqual([`target: no container of Pod/default/${pod!.metadata.name} has a readiness probe (a container without one is Ready as long as it runs)`]);
  });
});

describe('cpu-hog', () => {
  it('adds CPU to podUsage, throttled at the limit; revert takes it away', () => {
    const { sim, faults } = chaosSim();
    const name = deploy(sim, [web('web', 1)], 'web', 1)[0]!.metadata.name!;
    const capped = deploy(sim, [limited('capped', 1, { cpu: '300m' })], 'capped', 1)[0]!.metadata.name!;
    const base = podCpu(sim, name), cappedBase = podCpu(sim, capped);
    faults.inject({ type: 'cpu-hog', target: { kind: 'Pod', name }, params: { cpu: '500m' } });
    expect(podCpu(sim, name)).toBeCloseTo(base + 500, 6);
    expect(sim.kubelets.nodeUsage(podsOf(sim, 'web')[0]!.spec.nodeName!)!.cpuMilli).toBeGreaterThanOrEqual(500);
    faults.inject({ type: 'cpu-hog', target: { kind: 'Deployment', name: 'capped' }, params: { cpu: '2' } });
    expect(podCpu(sim, capped)).toBe(300);
    expect(readyPods(sim, 'capped')[0]!.status!.containerStatuses![0]!.restartCount).toBe(0); // throttled, never killed
    faults.stopAll();
    expect(podCpu(sim, name)).toBeCloseTo(base, 6);
    expect(podCpu(sim, capped)).toBeCloseTo(cappedBase, 6);
    expect(faults.validate({ type: 'cpu-hog', target: { kind: 'Pod', name }, params: { cpu: '0' } })).toEqual(['params.cpu: must be more than 0, got 0']);
    expect(faults.validate({ type: 'cpu-hog', target: { kind: 'Pod', name }, params: { cpu: 'lots' } })[0]).toMatch(/^params\.cpu: expected a quantity such as 500m or 1Gi/);
  });

  it('drives the HPA: the hogged pods average over the target, so it scales the Deployment up', () => {
    const { sim, faults } = chaosSim();
    const d = limited('web', 2, {});
    d.spec.template.spec.containers[0]!.resources = { requests: { cpu: '100m', memory: '32Mi' } };
    deploy(sim, [d, {
      apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'default' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 6,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
      },
    } as KubeObject], 'web', 2);
    sim.advance(120_000);
    expect(sim.store.get<Deployment>('Deployment', 'default', 'web').spec.replicas).toBe(2);
    faults.inject({ type: 'cpu-hog', target: { kind: 'Deployment', name: 'web' }, params: { cpu: '100m' } });
    sim.advance(120_000);
    expect(sim.store.get<Deployment>('Deployment', 'default', 'web').spec.replicas).toBeGreaterThan(2);
  });
});

describe('memory-hog and memory-leak', () => {
  it('memory-hog adds to the working set; over the limit the container is OOMKilled', () => {
    const { sim, faults } = chaosSim();
    deploy(sim, [limited('web', 1, { memory: '128Mi' })], 'web', 1);
    const name = readyPods(sim, 'web')[0]!.metadata.name!;
    const base = podMemory(sim, name);
    faults.inject({ type: 'memory-hog', target: { kind: 'Pod', name }, params: { memory: '64Mi' } });
    expect(podMemory(sim, name)).toBe(base + 64 * MI);
    faults.revert('fault-1');
    expect(podMemory(sim, name)).toBe(base);
    faults.inject({ type: 'memory-hog', target: { kind: 'Pod', name }, params: { memory: '1Gi' } });
    // Over its limit: OOMKilled (at the latest a second after its start), again after every restart, then CrashLoopBackOff.
    sim.advance(1_000);
    const cs = container(sim, name);
    expect(cs.state?.terminated ?? cs.lastState?.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
    sim.advance(30_000);
    expect(container(sim, name)).toMatchObject({ state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { reason: 'OOMKilled' } } });
  });

  it('memory-leak grows from now until OOMKilled at the limit, then CrashLoopBackOff; revert stops it', () => {
    const { sim, faults } = chaosSim();
    deploy(sim, [limited('web', 1, { memory: '128Mi' })], 'web', 1);
    sim.advance(600_000); // a leak added now must not count the ten minutes the container already ran
    const name = readyPods(sim, 'web')[0]!.metadata.name!;
    const base = podMemory(sim, name);
    faults.inject({ type: 'memory-leak', target: { kind: 'Deployment', name: 'web' }, params: { rate: '32Mi/min' } });
    expect(podMemory(sim, name)).toBe(base);
    sim.advance(60_000);
    expect(podMemory(sim, name)).toBe(base + 32 * MI);
    // 128Mi − base (the nginx profile's idle memory) at 32Mi a minute.
    const untilOom = Math.ceil(((128 * MI - base) / (32 * MI)) * 60_000);
    sim.advance(untilOom - 60_000 - 1_000);
    expect(container(sim, name).restartCount).toBe(0);
    sim.advance(2_000);
    expect(container(sim, name)).toMatchObject({ restartCount: 1, lastState: { terminated: { exitCode: 137, reason: 'OOMKilled' } } });
    sim.advance(untilOom + 10_000);
    expect(container(sim, name).state?.waiting?.reason).toBe('CrashLoopBackOff');
    faults.revert('fault-1');
    sim.advance(600_000);
    const restarts = container(sim, name).restartCount;
    sim.advance(600_000);
    expect(container(sim, name)).toMatchObject({ restartCount: restarts, state: { running: expect.any(Object) } });
    expect(podMemory(sim, name)).toBe(base);
    expect(faults.validate({ type: 'memory-leak', target: { kind: 'Pod', name }, params: { rate: '10Mi' } })[0]).toMatch(/^params\.rate: invalid rate "10Mi"/);
  });
});

describe('memory-leak without a limit', () => {
  it('fills the node: MemoryPressure, and the kubelet evicts the leaking pod first', () => {
    const { sim, faults } = chaosSim();
    const [pod] = deploy(sim, [web('web', 1)], 'web', 1);
    const name = pod!.metadata.name!;
    faults.inject({ type: 'memory-leak', target: { kind: 'Pod', name }, params: { rate: '4Gi/min' } });
    sim.engine.advanceUntil(() => status(sim, name).reason === 'Evicted', 10 * 60_000);
    expect(status(sim, name)).toMatchObject({ phase: 'Failed', reason: 'Evicted', message: expect.stringMatching(/^The node was low on resource: memory\. Threshold quantity: 100Mi, available: .*Container app was using .*, request is 32Mi, has larger consumption of memory\. $/) });
    const node = pod!.spec.nodeName!;
    expect(sim.store.get<Node>('Node', undefined, node).status!.conditions!.find((c) => c.type === 'MemoryPressure')?.status).toBe('True');
    sim.advance(30_000);
    expect(readyPods(sim, 'web')).toHaveLength(1); // its ReplicaSet replaced it (on a node without the pressure taint)
  });
});

describe('image-pull-failure', () => {
  it('new pods of the workload fail to pull; the existing ones are untouched; revert lets them start', () => {
    const { sim, faults } = chaosSim();
    const before = deploy(sim, [web('web', 2)], 'web', 2).map((p) => p.metadata.name);
    faults.inject({ type: 'image-pull-failure', target: { kind: 'Deployment', name: 'web' } });
    sim.store.patch('Deployment', 'default', 'web', 'merge', { spec: { replicas: 3 } });
    sim.advance(30_000);
    const fresh = podsOf(sim, 'web').find((p) => !before.includes(p.metadata.name))!;
    expect(['ErrImagePull', 'ImagePullBackOff']).toContain(fresh.status!.containerStatuses![0]!.state?.waiting?.reason);
    expect(podEvents(sim, fresh.metadata.name!, 'Failed')).toContain('Failed to pull image "nginx:1.27": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.27": failed to resolve reference "docker.io/library/nginx:1.27": docker.io/library/nginx:1.27: not found');
    expect(podEvents(sim, fresh.metadata.name!, 'BackOff')).toContain('Back-off pulling image "nginx:1.27"');
    expect(readyPods(sim, 'web').map((p) => p.metadata.name)).toEqual(before);
    faults.revert('fault-1');
    sim.advance(30_000);
    expect(readyPods(sim, 'web')).toHaveLength(3);
    expect(faults.validate({ type: 'image-pull-failure', target: { kind: 'Pod', name: before[0] } })).toEqual(['target.kind: image-pull-failure applies to Deployment, StatefulSet, DaemonSet, not "Pod"']);
  });
});

describe('slow-start', () => {
  it('new pods take the delay longer to become ready', () => {
    const { sim, faults } = chaosSim();
    deploy(sim, [web('web', 1, { readinessProbe: true })], 'web', 1);
    faults.inject({ type: 'slow-start', target: { kind: 'Deployment', name: 'web' }, params: { delay: '40s' } });
    expect(readyPods(sim, 'web')).toHaveLength(1); // running containers are not affected
    sim.store.patch('Deployment', 'default', 'web', 'merge', { spec: { replicas: 2 } });
    const created = sim.now();
    sim.engine.advanceUntil(() => readyPods(sim, 'web').length === 2, 120_000);
    expect(sim.now() - created).toBeGreaterThanOrEqual(40_000);
    faults.revert('fault-1');
    sim.store.patch('Deployment', 'default', 'web', 'merge', { spec: { replicas: 3 } });
    const again = sim.now();
    sim.engine.advanceUntil(() => readyPods(sim, 'web').length === 3, 120_000);
    expect(sim.now() - again).toBeLessThan(20_000);
  });
});

describe('stop all and determinism', () => {
  it('stopAll restores every pod fault at once', () => {
    const { sim, faults } = chaosSim();
    deploy(sim, [web('web', 2, { readinessProbe: true }), service('web')], 'web', 2);
    const [a, b] = podsOf(sim, 'web').map((p) => p.metadata.name!);
    const cpu = podCpu(sim, a!);
    faults.inject({ type: 'cpu-hog', target: { kind: 'Pod', name: a } });
    faults.inject({ type: 'readiness-failure', target: { kind: 'Pod', name: b } });
    faults.inject({ type: 'pod-failure', target: { kind: 'Pod', name: a }, durationMs: 600_000 });
    sim.advance(30_000);
    expect(readyPods(sim, 'web')).toEqual([]);
    expect(faults.stopAll().map((f) => f.spec.type)).toEqual(['pod-failure', 'readiness-failure', 'cpu-hog']);
    sim.advance(120_000);
    expect(readyPods(sim, 'web')).toHaveLength(2);
    expect(endpoints(sim, 'web')).toHaveLength(2);
    expect(podCpu(sim, a!)).toBeCloseTo(cpu, 6);
  });

  it('the same seed and pod faults give the same event log', () => {
    const run = () => {
      const { sim, faults } = chaosSim({ seed: 9 });
      deploy(sim, [limited('web', 4, { memory: '96Mi' })], 'web', 4);
      faults.inject({ type: 'memory-leak', target: { kind: 'Pod', selector: { matchLabels: { app: 'web' } }, mode: 'fixed', value: 2 }, params: { rate: '64Mi/min' } });
      faults.inject({ type: 'container-kill', target: { kind: 'Pod', selector: { matchLabels: { app: 'web' } }, mode: 'one' } });
      sim.advance(300_000);
      faults.stopAll();
      sim.advance(60_000);
      return sim.store.select<Event>('Event').map((e) => `${e.lastTimestamp} ${e.involvedObject.name} ${e.reason} ${e.count} ${e.message}`);
    };
    expect(run()).toEqual(run());
  });
});
