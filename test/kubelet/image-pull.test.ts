import { describe, expect, it } from 'vitest';
import { boundPod, eventObjects, eventsFor, getPod, sim, statusOf } from './helpers.js';

describe('image pull failures', () => {
  it('ErrImagePull, then ImagePullBackOff with pulls retried at growing intervals', () => {
    const { engine } = sim();
    engine.store.create(boundPod('typo', 'node-1', [{ image: 'nginx:does-not-exist' }]));
    engine.advance(1_000);
    expect(statusOf(engine, 'typo')).toBe('ErrImagePull');
    const err = 'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:does-not-exist": failed to resolve reference "docker.io/library/nginx:does-not-exist": docker.io/library/nginx:does-not-exist: not found';
    expect(getPod(engine, 'typo')!.status!.containerStatuses![0]!.state!.waiting).toEqual({ reason: 'ErrImagePull', message: err });
    expect(eventsFor(engine, 'typo')).toEqual([
      'Pulling: Pulling image "nginx:does-not-exist"',
      `Failed: Failed to pull image "nginx:does-not-exist": ${err}`,
      'Failed: Error: ErrImagePull',
    ]);
    // Syncs every 10 s: pull again at 11 s (back-off 10 s over), fails at 12 s; ImagePullBackOff at 22 s.
    engine.advance(21_500);
    expect(statusOf(engine, 'typo')).toBe('ImagePullBackOff');
    expect(getPod(engine, 'typo')!.status!.containerStatuses![0]!.state!.waiting).toEqual({
      reason: 'ImagePullBackOff', message: `Back-off pulling image "nginx:does-not-exist": ErrImagePull: ${err}`,
    });
    const events = eventObjects(engine, 'typo');
    expect(events.find((e) => e.reason === 'BackOff')).toMatchObject({ type: 'Normal', message: 'Back-off pulling image "nginx:does-not-exist"' });
    expect(events.find((e) => e.message === 'Error: ImagePullBackOff')).toMatchObject({ reason: 'Failed', type: 'Warning' });
    engine.advance(600_000);
    const pulling = eventObjects(engine, 'typo').filter((e) => e.reason === 'Pulling').reduce((n, e) => n + (e.count ?? 1), 0);
    // Attempts at 0, 11, 32, 73, 154, 315, 616 s (back-off 10, 20, 40, 80, 160, 300 after each failure at +1 s).
    expect(pulling).toBe(7);
  });

  it('fails pulls of an image annotated with image-pull-error', () => {
    const { engine } = sim();
    engine.store.create(boundPod('denied', 'node-1', [{ image: 'registry.example.com/team/app:1.0' }], { annotations: { 'sim.kubedrill.io/image-pull-error': 'unauthorized: authentication required' } }));
    engine.advance(2_000);
    expect(statusOf(engine, 'denied')).toBe('ErrImagePull');
    engine.store.create(boundPod('web', 'node-1'));
    engine.advance(10_000);
    engine.store.create(boundPod('bad', 'node-1', [{}], { annotations: { 'sim.kubedrill.io/image-pull-error': 'not found' } }));
    engine.advance(2_000);
    expect(statusOf(engine, 'web')).toBe('Running');
    expect(statusOf(engine, 'bad')).toBe('ErrImagePull'); // even though nginx:1.27 is on the node
    expect(eventsFor(engine, 'denied')[1]).toBe('Failed: Failed to pull image "registry.example.com/team/app:1.0": rpc error: code = Unknown desc = failed to pull and unpack image "registry.example.com/team/app:1.0": failed to resolve reference "registry.example.com/team/app:1.0": pull access denied, repository does not exist or may require authorization: unauthorized: authentication required');
  });

  it('reports ErrImageNeverPull for pull policy Never without the image', () => {
    const { engine } = sim();
    engine.store.create(boundPod('local', 'node-1', [{ image: 'myapp:dev', imagePullPolicy: 'Never' }]));
    engine.advance(1_000);
    expect(statusOf(engine, 'local')).toBe('ErrImageNeverPull');
    expect(eventsFor(engine, 'local')).toEqual([
      'ErrImageNeverPull: Container image "myapp:dev" is not present with pull policy of Never',
      'Failed: Error: ErrImageNeverPull',
    ]);
  });

  it('adds pulled images to node status (for ImageLocality)', () => {
    const { engine } = sim();
    engine.store.create(boundPod('web', 'node-1'));
    engine.advance(11_000);
    const images = engine.store.get<import('../../source/api/core.js').Node>('Node', undefined, 'node-1').status!.images!;
    const nginx = images.find((i) => i.names.includes('docker.io/library/nginx:1.27'))!;
    expect(nginx.sizeBytes).toBe(70254592);
    expect(nginx.names).toContain('nginx:1.27');
    expect(nginx.names[0]).toMatch(/^docker\.io\/library\/nginx@sha256:/);
    expect(images.some((i) => i.names.includes('registry.k8s.io/pause:3.10'))).toBe(true);
    expect(images[0]).toBe(nginx); // largest first
  });
});
