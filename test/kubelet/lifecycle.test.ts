import { describe, expect, it } from 'vitest';
import { podReady } from '../../source/api/print/pod-status.js';
import { boundPod, eventObjects, eventsFor, getPod, node, sim, statusOf } from './helpers.js';

const T0 = Date.UTC(2026, 0, 1);
const at = (engine: { now(): number }) => (engine.now() - T0) / 1000;

describe('pod start-up', () => {
  it('reaches Running after pull (3 s) and start (1 s), with upstream events in order', () => {
    const { engine } = sim();
    engine.store.create(boundPod('web', 'node-1'));
    engine.advance(1000);
    expect(statusOf(engine, 'web')).toBe('ContainerCreating');
    const pending = getPod(engine, 'web')!;
    expect(pending.status!.phase).toBe('Pending');
    expect(pending.status!.containerStatuses![0]!.state).toEqual({ waiting: { reason: 'ContainerCreating' } });
    expect(pending.status!.podIP).toBe('10.244.1.2');
    expect(engine.advanceUntil(() => statusOf(engine, 'web') === 'Running', 60_000)).toBe(true);
    expect(at(engine)).toBe(4);
    const pod = getPod(engine, 'web')!;
    const s = pod.status!;
    expect(s.phase).toBe('Running');
    expect(s.hostIP).toBe('172.16.0.11');
    expect(s.hostIPs).toEqual([{ ip: '172.16.0.11' }]);
    expect(s.podIPs).toEqual([{ ip: '10.244.1.2' }]);
    expect(s.startTime).toBe('2026-01-01T00:00:00Z');
    expect(s.qosClass).toBe('BestEffort');
    expect(s.conditions!.map((c) => `${c.type}=${c.status}`)).toEqual([
      'PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True',
    ]);
    const cs = s.containerStatuses![0]!;
    expect(cs).toMatchObject({
      name: 'app', ready: true, started: true, restartCount: 0, lastState: {},
      image: 'docker.io/library/nginx:1.27', state: { running: { startedAt: '2026-01-01T00:00:04Z' } },
    });
    expect(cs.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(cs.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(eventsFor(engine, 'web')).toEqual([
      'Pulling: Pulling image "nginx:1.27"',
      'Pulled: Successfully pulled image "nginx:1.27" in 3s (3s including waiting). Image size: 70254592 bytes.',
      'Created: Created container app',
      'Started: Started container app',
    ]);
    const ev = eventObjects(engine, 'web').find((e) => e.reason === 'Started')!;
    expect(ev.source).toEqual({ component: 'kubelet', host: 'node-1' });
    expect(ev.involvedObject.fieldPath).toBe('spec.containers{app}');
    expect(ev.type).toBe('Normal');
  });

  it('skips the pull for a second pod with the same image on the node', () => {
    const { engine } = sim();
    engine.store.create(boundPod('a', 'node-1'));
    engine.advance(10_000);
    engine.store.create(boundPod('b', 'node-1'));
    engine.advance(1000);
    expect(statusOf(engine, 'b')).toBe('Running');
    expect(eventsFor(engine, 'b')).toEqual([
      'Pulled: Container image "nginx:1.27" already present on machine',
      'Created: Created container app',
      'Started: Started container app',
    ]);
    expect(getPod(engine, 'b')!.status!.podIP).toBe('10.244.1.3');
  });

  it('serialises pulls on a node and reports the time spent waiting', () => {
    const { engine } = sim();
    engine.store.create(boundPod('py', 'node-1', [{ image: 'python:3.12-slim' }]));
    engine.store.create(boundPod('web', 'node-1'));
    engine.advance(20_000);
    expect(eventsFor(engine, 'web')).toContain(
      'Pulled: Successfully pulled image "nginx:1.27" in 3s (11s including waiting). Image size: 70254592 bytes.');
  });

  it('pulls again for imagePullPolicy Always even when the image is present', () => {
    const { engine } = sim();
    engine.store.create(boundPod('a', 'node-1', [{ image: 'nginx' }]));
    engine.advance(10_000);
    engine.store.create(boundPod('b', 'node-1', [{ image: 'nginx' }]));
    engine.advance(5_000);
    expect(getPod(engine, 'b')!.spec.containers[0]!.imagePullPolicy).toBe('Always');
    expect(eventsFor(engine, 'b').slice(0, 2)).toEqual([
      'Pulling: Pulling image "nginx"',
      'Pulled: Successfully pulled image "nginx" in 500ms (500ms including waiting). Image size: 70254592 bytes.',
    ]);
  });

  it('words Created/Started by kubelet version', () => {
    for (const [version, created, started] of [
      ['v1.33.1', 'Created container: app', 'Started container app'],
      ['v1.35.0', 'Container created', 'Container started'],
    ]) {
      const { engine } = sim({ kubeletVersion: version });
      engine.store.create(boundPod('web', 'node-1'));
      engine.advance(10_000);
      expect(eventsFor(engine, 'web').slice(2)).toEqual([`Created: ${created}`, `Started: ${started}`]);
    }
  });

  it('stays Pending with no status on a node that has no kubelet, and starts when the kubelet registers', () => {
    const { engine, pool } = sim();
    engine.store.create(boundPod('orphan', 'node-9'));
    engine.advance(120_000);
    const before = getPod(engine, 'orphan')!.status ?? {};
    expect(before.hostIP).toBeUndefined();
    expect(before.containerStatuses).toBeUndefined();
    expect(['', 'Pending']).toContain(statusOf(engine, 'orphan')); // the API server may default phase Pending
    expect(eventsFor(engine, 'orphan')).toEqual([]);
    pool.addNode(node('node-9', { index: 9 }));
    engine.advance(10_000);
    expect(statusOf(engine, 'orphan')).toBe('Running');
  });

  it('runs init containers in order before the app (Init:0/1, PodInitializing, Running)', () => {
    const { engine } = sim();
    engine.store.create(boundPod('web', 'node-1', [{}], { initContainers: [{ command: ['sh', '-c', 'sleep 5'] }] }));
    engine.advance(1000);
    expect(statusOf(engine, 'web')).toBe('Init:0/1');
    const init = getPod(engine, 'web')!.status!;
    expect(init.conditions!.find((c) => c.type === 'Initialized')).toMatchObject({
      status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [init-0]',
    });
    // busybox pull 2 s + start 1 s, sleep 5 s; then nginx pull 3 s + start 1 s.
    engine.advance(7_000);
    expect(statusOf(engine, 'web')).toBe('PodInitializing');
    engine.advance(4_000);
    expect(statusOf(engine, 'web')).toBe('Running');
    const s = getPod(engine, 'web')!.status!;
    expect(s.initContainerStatuses![0]!.state!.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(s.initContainerStatuses![0]!.ready).toBe(true);
    expect(s.conditions!.find((c) => c.type === 'Initialized')!.status).toBe('True');
  });

  it('rejects a pod that does not fit the node (OutOfcpu)', () => {
    const { engine } = sim();
    engine.store.create(boundPod('big', 'node-1', [{ resources: { requests: { cpu: '3' } } }]));
    engine.store.create(boundPod('bigger', 'node-1', [{ resources: { requests: { cpu: '2' } } }]));
    engine.advance(1000);
    const s = getPod(engine, 'bigger')!.status!;
    expect(s.phase).toBe('Failed');
    expect(s.reason).toBe('OutOfcpu');
    expect(s.message).toBe('Pod was rejected: Node didn\'t have enough resource: cpu, requested: 2000, used: 3000, capacity: 4000');
    expect(statusOf(engine, 'bigger')).toBe('OutOfcpu');
    expect(eventsFor(engine, 'bigger')).toEqual(['OutOfcpu: Node didn\'t have enough resource: cpu, requested: 2000, used: 3000, capacity: 4000']);
    expect(statusOf(engine, 'big')).toBe('ContainerCreating');
  });

  it('rejects a pod whose nodeSelector does not match the node', () => {
    const { engine } = sim();
    engine.store.create(boundPod('picky', 'node-1', [{}], { spec: { nodeSelector: { disk: 'ssd' } } }));
    engine.advance(1000);
    expect(getPod(engine, 'picky')!.status).toMatchObject({ phase: 'Failed', reason: 'NodeAffinity', message: "Pod was rejected: Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector" });
  });
});

describe('readiness', () => {
  const probe = { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 };

  it('flips Ready at the first probe after the app is up (ready-after)', () => {
    const { engine } = sim();
    engine.store.create(boundPod('web', 'node-1', [{ readinessProbe: probe }], { annotations: { 'sim.kubedrill.io/ready-after': '25s' } }));
    engine.advance(5_000); // running since 4 s; probes at 4, 14, 24, 34 s
    const s = getPod(engine, 'web')!.status!;
    expect(statusOf(engine, 'web')).toBe('Running');
    expect(podReady(getPod(engine, 'web')!)).toBe('0/1');
    expect(s.conditions!.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [app]' });
    expect(s.conditions!.find((c) => c.type === 'ContainersReady')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [app]' });
    expect(engine.advanceUntil(() => podReady(getPod(engine, 'web')!) === '1/1', 120_000)).toBe(true);
    expect(at(engine)).toBe(34);
    const ready = getPod(engine, 'web')!.status!.conditions!.find((c) => c.type === 'Ready')!;
    expect(ready).toMatchObject({ status: 'True', lastTransitionTime: '2026-01-01T00:00:34Z' });
    const unhealthy = eventObjects(engine, 'web').find((e) => e.reason === 'Unhealthy')!;
    expect(unhealthy.message).toBe('Readiness probe failed: Get "http://10.244.1.2:8080/healthz": dial tcp 10.244.1.2:8080: connect: connection refused');
    expect(unhealthy.count).toBe(3);
    expect(unhealthy.type).toBe('Warning');
  });

  it('never turns ready with fail-readiness, reporting 503s every period', () => {
    const { engine } = sim();
    engine.store.create(boundPod('web', 'node-1', [{ readinessProbe: probe }], { annotations: { 'sim.kubedrill.io/fail-readiness': 'true' } }));
    engine.advance(60_000);
    expect(statusOf(engine, 'web')).toBe('Running');
    expect(podReady(getPod(engine, 'web')!)).toBe('0/1');
    const ev = eventObjects(engine, 'web').find((e) => e.reason === 'Unhealthy')!;
    expect(ev.message).toBe('Readiness probe failed: HTTP probe failed with statuscode: 503');
    expect(ev.count).toBe(6); // probes at 4, 14, …, 54 s
  });

  it('is ready as soon as it runs without a readiness probe', () => {
    const { engine } = sim();
    engine.store.create(boundPod('web', 'node-1', [{}], { annotations: { 'sim.kubedrill.io/ready-after': '1m' } }));
    engine.advance(5_000);
    expect(podReady(getPod(engine, 'web')!)).toBe('1/1');
  });
});

describe('cost', () => {
  it('a healthy steady pod keeps no timers, probes included', () => {
    const { engine } = sim();
    engine.advance(20_000);
    const baseline = engine.timers.size; // the node's heartbeat and the event TTL sweep
    const probe = { httpGet: { path: '/', port: 80 }, periodSeconds: 5 };
    for (let i = 0; i < 20; i++) {
      engine.store.create(boundPod(`web-${i}`, 'node-1', [{ readinessProbe: probe, livenessProbe: probe, startupProbe: probe }], { annotations: { 'sim.kubedrill.io/ready-after': '7s' } }));
    }
    engine.advance(5_000);
    expect(engine.timers.size).toBeGreaterThan(baseline);
    engine.advance(120_000);
    for (let i = 0; i < 20; i++) expect(podReady(getPod(engine, `web-${i}`)!)).toBe('1/1');
    expect(engine.timers.size).toBe(baseline);
    engine.advance(5_000); // to the heartbeat at 150 s
    const rv = engine.store.resourceVersion;
    engine.advance(9_999);
    expect(engine.store.resourceVersion).toBe(rv); // nothing written between heartbeats
  });
});

describe('Job-style pods', () => {
  it('completes after its duration (exit 0 → Completed, Succeeded)', () => {
    const { engine } = sim();
    engine.store.create(boundPod('job', 'node-1', [{ image: 'perl:5.34' }], { restartPolicy: 'Never' }));
    engine.advance(20_000 + 1_000 + 12_000 + 1_000);
    const s = getPod(engine, 'job')!.status!;
    expect(statusOf(engine, 'job')).toBe('Completed');
    expect(s.phase).toBe('Succeeded');
    expect(s.containerStatuses![0]!.state!.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(s.conditions!.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    expect(s.conditions!.find((c) => c.type === 'PodReadyToStartContainers')!.status).toBe('False');
  });

  it('fails with a non-zero exit under restartPolicy Never (Error, Failed) and restarts under OnFailure', () => {
    const { engine } = sim();
    const ann = { 'sim.kubedrill.io/duration': '10s', 'sim.kubedrill.io/exit-code': '2' };
    engine.store.create(boundPod('never', 'node-1', [{}], { restartPolicy: 'Never', annotations: ann }));
    engine.store.create(boundPod('onfail', 'node-1', [{}], { restartPolicy: 'OnFailure', annotations: ann }));
    engine.advance(16_000);
    expect(statusOf(engine, 'never')).toBe('Error');
    expect(getPod(engine, 'never')!.status!.phase).toBe('Failed');
    expect(getPod(engine, 'never')!.status!.conditions!.find((c) => c.type === 'Ready')!.reason).toBe('PodFailed');
    expect(getPod(engine, 'onfail')!.status!.phase).toBe('Running');
    expect(getPod(engine, 'onfail')!.status!.containerStatuses![0]!.restartCount).toBe(1);
  });

  it('a busybox container without a command completes at once and crash-loops', () => {
    const { engine } = sim();
    engine.store.create(boundPod('bb', 'node-1', [{ image: 'busybox:1.36' }]));
    engine.advance(4_000);
    expect(getPod(engine, 'bb')!.status!.containerStatuses![0]!.restartCount).toBe(1);
    engine.advance(2_000);
    expect(statusOf(engine, 'bb')).toBe('CrashLoopBackOff');
    expect(getPod(engine, 'bb')!.status!.containerStatuses![0]!.lastState!.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
  });
});

describe('bad input', () => {
  it('reports a bad sim annotation as a Warning naming it, and runs with the default', () => {
    const { engine } = sim();
    engine.store.create(boundPod('web', 'node-1', [{}], { annotations: { 'sim.kubedrill.io/crash-after': 'often', 'sim.kubedrill.io/memory-leak': 'lots' } }));
    engine.advance(60_000);
    expect(statusOf(engine, 'web')).toBe('Running');
    const warnings = eventObjects(engine, 'web').filter((e) => e.type === 'Warning');
    expect(warnings.map((e) => `${e.reason}: ${e.message}`)).toEqual([
      'InvalidSimAnnotation: annotation sim.kubedrill.io/crash-after: invalid duration "often": expected a duration such as 30s, 2m or 1h30m; the profile default is used',
      'InvalidSimAnnotation: annotation sim.kubedrill.io/memory-leak: invalid rate "lots": expected a memory quantity per time unit such as 10Mi/min, 1Mi/s or 100Mi/h; the profile default is used',
    ]);
  });

  it('an invalid image name waits with InvalidImageName', () => {
    const { engine } = sim();
    engine.store.create(boundPod('bad', 'node-1', [{ image: 'Nginx:1.27' }]));
    engine.advance(1000);
    expect(statusOf(engine, 'bad')).toBe('InvalidImageName');
    const msg = 'Failed to apply default image tag "Nginx:1.27": couldn\'t parse image name "Nginx:1.27": invalid reference format: repository name (library/Nginx) must be lowercase';
    expect(getPod(engine, 'bad')!.status!.containerStatuses![0]!.state!.waiting).toEqual({ reason: 'InvalidImageName', message: msg });
    expect(eventsFor(engine, 'bad')).toEqual([`InspectFailed: ${msg}`, 'Failed: Error: InvalidImageName']);
  });
});
