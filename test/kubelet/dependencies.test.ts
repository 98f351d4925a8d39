import { describe, expect, it } from 'vitest';
import type { PersistentVolumeClaim } from '../../source/api/core.js';
import { configMap } from '../helpers.js';
import { boundPod, eventObjects, eventsFor, getPod, sim, statusOf } from './helpers.js';

const T0 = Date.UTC(2026, 0, 1);

describe('env from a missing ConfigMap or Secret', () => {
  it('waits in CreateContainerConfigError and starts once the ConfigMap is created', () => {
    const { engine } = sim();
    engine.store.create(boundPod('web', 'node-1', [{ env: [{ name: 'LOG_LEVEL', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'LOG_LEVEL' } } }] }]));
    engine.advance(10_000);
    expect(statusOf(engine, 'web')).toBe('CreateContainerConfigError');
    const s = getPod(engine, 'web')!.status!;
    expect(s.phase).toBe('Pending');
    expect(s.containerStatuses![0]!.state!.waiting).toEqual({ reason: 'CreateContainerConfigError', message: 'configmap "app-config" not found' });
    expect(eventsFor(engine, 'web')).toContain('Failed: Error: configmap "app-config" not found');
    expect(eventObjects(engine, 'web').find((e) => e.reason === 'Failed')!.type).toBe('Warning');
    // A ConfigMap without the key is still not enough.
    engine.store.create(configMap('app-config', { OTHER: 'x' }));
    engine.advance(0);
    expect(getPod(engine, 'web')!.status!.containerStatuses![0]!.state!.waiting!.message).toBe("couldn't find key LOG_LEVEL in ConfigMap default/app-config");
    const cm = engine.store.get('ConfigMap', 'default', 'app-config');
    engine.store.update({ ...cm, data: { LOG_LEVEL: 'debug' } });
    engine.advance(0);
    expect(statusOf(engine, 'web')).toBe('ContainerCreating');
    engine.advance(1_000); // nginx start time
    expect(statusOf(engine, 'web')).toBe('Running');
  });

  it('reports a missing Secret from envFrom, and ignores optional references', () => {
    const { engine } = sim();
    engine.store.create(boundPod('a', 'node-1', [{ envFrom: [{ secretRef: { name: 'db-creds' } }] }]));
    engine.store.create(boundPod('b', 'node-1', [{ envFrom: [{ configMapRef: { name: 'nope', optional: true } }] }]));
    engine.advance(10_000);
    expect(getPod(engine, 'a')!.status!.containerStatuses![0]!.state!.waiting).toEqual({ reason: 'CreateContainerConfigError', message: 'secret "db-creds" not found' });
    expect(statusOf(engine, 'b')).toBe('Running');
  });
});

describe('volumes', () => {
  it('stays ContainerCreating with FailedMount until the ConfigMap exists', () => {
    const { engine } = sim();
    engine.store.create(boundPod('web', 'node-1', [{ volumeMounts: [{ name: 'config', mountPath: '/etc/app' }] }], {
      spec: { volumes: [{ name: 'config', configMap: { name: 'app-config' } }] },
    }));
    engine.advance(60_000);
    expect(statusOf(engine, 'web')).toBe('ContainerCreating');
    const s = getPod(engine, 'web')!.status!;
    expect(s.podIP).toBeUndefined();
    expect(s.startTime).toBe('2026-01-01T00:00:00Z');
    expect(s.conditions![0]).toMatchObject({ type: 'PodReadyToStartContainers', status: 'False' });
    const setUp = eventObjects(engine, 'web').find((e) => e.message === 'MountVolume.SetUp failed for volume "config" : configmap "app-config" not found')!;
    expect(setUp).toMatchObject({ reason: 'FailedMount', type: 'Warning' });
    expect(setUp.count).toBeGreaterThan(5); // retried with back-off from 500 ms
    engine.advance(70_000);
    expect(eventsFor(engine, 'web')).toContain('FailedMount: Unable to attach or mount volumes: unmounted volumes=[config], unattached volumes=[], failed to process volumes=[]: context deadline exceeded');
    engine.store.create(configMap('app-config', { 'app.conf': 'x' }));
    engine.advance(0);
    expect(getPod(engine, 'web')!.status!.podIP).toBe('10.244.1.2');
    engine.advance(4_000);
    expect(statusOf(engine, 'web')).toBe('Running');
  });

  it('words the volume timeout by kubelet version', () => {
    const { engine } = sim({ kubeletVersion: 'v1.27.3' });
    engine.store.create(boundPod('web', 'node-1', [{}], { spec: { volumes: [{ name: 'tls', secret: { secretName: 'tls' } }] } }));
    engine.advance(130_000);
    expect(eventsFor(engine, 'web')).toEqual([
      'FailedMount: MountVolume.SetUp failed for volume "tls" : secret "tls" not found',
      'FailedMount: Unable to attach or mount volumes: unmounted volumes=[tls], unattached volumes=[], failed to process volumes=[]: timed out waiting for the condition',
    ]);
  });

  it('waits for a missing or unbound PVC, then runs once it is Bound', () => {
    const { engine } = sim();
    engine.store.create(boundPod('db', 'node-1', [{}], { spec: { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }] } }));
    engine.advance(1_000);
    expect(eventsFor(engine, 'db')[0]).toBe('FailedMount: Unable to attach or mount volumes: unmounted volumes=[data], unattached volumes=[], failed to process volumes=[data]: error processing PVC default/data: failed to fetch PVC from API server: persistentvolumeclaims "data" not found');
    const pvc = engine.store.create<PersistentVolumeClaim>({
      apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'default' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    });
    engine.advance(5_000);
    expect(eventsFor(engine, 'db')).toContain('FailedMount: Unable to attach or mount volumes: unmounted volumes=[data], unattached volumes=[], failed to process volumes=[data]: error processing PVC default/data: PVC is not bound');
    expect(statusOf(engine, 'db')).toBe('ContainerCreating');
    engine.store.updateStatus({ ...engine.store.get<PersistentVolumeClaim>('PersistentVolumeClaim', 'default', pvc.metadata.name!), status: { phase: 'Bound' } });
    engine.advance(4_000);
    expect(statusOf(engine, 'db')).toBe('Running');
    expect(engine.now() - T0).toBe(10_000);
  });
});
