import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ContainerStatus, Event, Pod } from '../../source/api/core.js';
import { isApiError } from '../../source/api/errors.js';
import { MAX_LOG_LINES, containerLogs } from '../../source/client/logs.js';
import { createAll, testSimulation } from '../sim-helpers.js';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const ago = (ms: number) => iso(NOW - ms);
const S = 1000;
const M = 60 * S;

function pod(image: string, status: Partial<ContainerStatus>, opts: { uid?: string; port?: number; probePath?: string; nodeName?: string } = {}): Pod {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'default', uid: opts.uid ?? 'uid-1' },
    spec: {
      nodeName: opts.nodeName ?? 'worker-1',
      containers: [{
        name: 'app', image, ports: opts.port === 0 ? [] : [{ containerPort: opts.port ?? 80 }],
        readinessProbe: opts.probePath ? { httpGet: { path: opts.probePath, port: opts.port ?? 80 }, periodSeconds: 10 } : undefined,
      }],
    },
    status: {
      phase: 'Running', podIP: '10.244.1.7', hostIP: '172.16.0.4',
      containerStatuses: [{ name: 'app', ready: true, restartCount: 0, image, imageID: '', ...status }],
    },
  };
}

const running = (startedMsAgo: number, restartCount = 0): Partial<ContainerStatus> =>
  ({ restartCount, state: { running: { startedAt: ago(startedMsAgo) } }, containerID: 'containerd://cur' });

const crashLooping = (exitCode: number, reason: string, ranFor = 40 * S): Partial<ContainerStatus> => ({
  restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } },
  lastState: { terminated: { exitCode, reason, startedAt: ago(M + ranFor), finishedAt: ago(M), containerID: 'containerd://prev' } },
});

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(isApiError(err, 'BadRequest')).toBe(true);
    return (err as Error).message;
  }
  throw new Error('expected an error');
}

describe('containerLogs: start-up lines per image family', () => {
  it('nginx: docker-entrypoint lines, then the notice lines ending in the worker processes', () => {
    const lines = containerLogs(pod('nginx:1.27.3', running(30 * S)), 'app', { nowMs: NOW });
    expect(lines[0]).toBe('/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration');
    expect(lines).toContain('/docker-entrypoint.sh: Configuration complete; ready for start up');
    expect(lines).toContain('2026/01/01 11:59:30 [notice] 1#1: nginx/1.27.3');
    expect(lines).toContain('2026/01/01 11:59:30 [notice] 1#1: start worker processes');
  });

  it('python/gunicorn, redis and cockroachdb print their own start-up banners', () => {
    const py = containerLogs(pod('python:3.12-slim', running(30 * S), { port: 8000 }), 'app', { nowMs: NOW });
    expect(py.slice(0, 4)).toEqual([
      '[2026-01-01 11:59:30 +0000] [1] [INFO] Starting gunicorn 22.0.0',
      '[2026-01-01 11:59:30 +0000] [1] [INFO] Listening at: http://0.0.0.0:8000 (1)',
      '[2026-01-01 11:59:30 +0000] [1] [INFO] Using worker: sync',
      '[2026-01-01 11:59:30 +0000] [7] [INFO] Booting worker with pid: 7',
    ]);
    const redis = containerLogs(pod('redis:7.2.5', running(30 * S), { port: 6379 }), 'app', { nowMs: NOW });
    expect(redis.find((l) => l.includes('Redis version='))).toContain('Redis version=7.2.5, bits=64');
    expect(redis.some((l) => /^1:M 01 Jan 2026 11:59:30\.\d{3} \* Ready to accept connections tcp$/.test(l))).toBe(true);
    const crdb = containerLogs(pod('cockroachdb/cockroach:v24.1.0', running(30 * S), { port: 26257 }), 'app', { nowMs: NOW });
    expect(crdb.some((l) => l.startsWith('CockroachDB node starting at 2026-01-01 11:59:34.800 +0000 UTC'))).toBe(true);
    expect(crdb.some((l) => l.startsWith('build:               CCL v24.1.0'))).toBe(true);
  });

  it('logs kube-probe requests in the nginx access-log format, failing while Unhealthy events say so', () => {
    const p = pod('nginx:1.27', running(10 * M), { probePath: '/healthz' });
    const failing: Event = {
      apiVersion: 'v1', kind: 'Event', metadata: { name: 'e' }, involvedObject: { kind: 'Pod', name: 'web-1', fieldPath: 'spec.containers{app}' },
      reason: 'Unhealthy', message: 'Readiness probe failed: HTTP probe failed with statuscode: 503', type: 'Warning',
      firstTimestamp: ago(5 * M), lastTimestamp: ago(4 * M), count: 7,
    };
    const lines = containerLogs(p, 'app', { nowMs: NOW, events: [failing] });
    const probes = lines.filter((l) => l.includes('kube-probe/1.32'));
    expect(probes.length).toBeGreaterThanOrEqual(58);
    expect(probes.at(-1)).toMatch(/^10\.244\.1\.1 - - \[01\/Jan\/2026:11:59:\d\d \+0000\] "GET \/healthz HTTP\/1\.1" 200 2 "-" "kube-probe\/1\.32" "-"$/);
    const failed = probes.filter((l) => l.includes('" 503 '));
    expect(failed.length).toBeGreaterThanOrEqual(6);
    expect(failed.every((l) => /\[01\/Jan\/2026:11:5[56]:\d\d/.test(l))).toBe(true);
    expect(containerLogs(p, 'app', { nowMs: NOW, kubeletVersion: 'v1.31.2' }).some((l) => l.includes('kube-probe/1.31'))).toBe(true);
  });
});

describe('containerLogs: determinism, bounds, tail and timestamps', () => {
  const p = pod('nginx:1.27', running(3 * 24 * 60 * M), { probePath: '/' });

  it('is deterministic and seeded by pod uid, container and restart count', () => {
    const a = containerLogs(p, 'app', { nowMs: NOW, tailLines: 200 });
    expect(containerLogs(p, 'app', { nowMs: NOW, tailLines: 200 })).toEqual(a);
    expect(containerLogs(pod('nginx:1.27', running(3 * 24 * 60 * M), { probePath: '/', uid: 'uid-2' }), 'app', { nowMs: NOW, tailLines: 200 })).not.toEqual(a);
    expect(containerLogs(pod('nginx:1.27', running(3 * 24 * 60 * M, 1), { probePath: '/' }), 'app', { nowMs: NOW, tailLines: 200 })).not.toEqual(a);
  });

  it('synthesises at most MAX_LOG_LINES lines backwards from now, however long the container ran', () => {
    const started = performance.now();
    const lines = containerLogs(p, 'app', { nowMs: NOW });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(lines).toHaveLength(MAX_LOG_LINES);
    expect(lines[0]).not.toContain('docker-entrypoint');
    expect(lines.at(-1)).toMatch(/\[01\/Jan\/2026:11:59:\d\d \+0000\]/);
    // Time only moves forward through the log.
    const times = containerLogs(p, 'app', { nowMs: NOW, timestamps: true }).map((l) => Date.parse(l.slice(0, l.indexOf(' '))));
    expect(times.every((t, i) => i === 0 || t >= times[i - 1]!)).toBe(true);
  });

  it('--tail returns the newest lines of the same log; 0 returns nothing; negative means all', () => {
    const all = containerLogs(p, 'app', { nowMs: NOW });
    expect(containerLogs(p, 'app', { nowMs: NOW, tailLines: 5 })).toEqual(all.slice(-5));
    expect(containerLogs(p, 'app', { nowMs: NOW, tailLines: 0 })).toEqual([]);
    expect(containerLogs(p, 'app', { nowMs: NOW, tailLines: -1 })).toEqual(all);
    const young = pod('nginx:1.27', running(2 * S));
    expect(containerLogs(young, 'app', { nowMs: NOW, tailLines: 10_000 }).length).toBeLessThan(40);
  });

  it('--timestamps prefixes RFC3339Nano times that do not depend on --tail', () => {
    const stamped = containerLogs(p, 'app', { nowMs: NOW, timestamps: true, tailLines: 50 });
    for (const l of stamped) expect(l).toMatch(/^2026-01-01T11:\d\d:\d\d(\.\d{1,9})?Z \S/);
    expect(containerLogs(p, 'app', { nowMs: NOW, timestamps: true, tailLines: 3 })).toEqual(stamped.slice(-3));
    const plain = containerLogs(p, 'app', { nowMs: NOW, tailLines: 50 });
    expect(stamped.map((l) => l.slice(l.indexOf(' ') + 1))).toEqual(plain);
  });
});

describe('containerLogs: previous instance and how it ended', () => {
  it('reads the last terminated instance of a crash-looping container, ending in a fatal line', () => {
    const p = pod('python:3.12', crashLooping(1, 'Error', 5 * S), { port: 8000 });
    const prev = containerLogs(p, 'app', { nowMs: NOW, previous: true });
    expect(prev.at(-1)).toBe('[2026-01-01 11:59:00 +0000] [1] [ERROR] Reason: Worker failed to boot.');
    expect(prev).toContain("KeyError: 'DATABASE_URL'");
    // Without --previous the kubelet serves the same last terminated instance while the container waits to restart.
    expect(containerLogs(p, 'app', { nowMs: NOW })).toEqual(prev);
  });

  it('ends an OOM-killed instance with "Killed", a SIGTERM stop with the graceful shutdown', () => {
    const oom = pod('nginx:1.27', { ...running(30 * S, 3), lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: ago(10 * M), finishedAt: ago(M), containerID: 'containerd://p' } } });
    const lines = containerLogs(oom, 'app', { nowMs: NOW, previous: true });
    expect(lines.at(-1)).toBe('Killed');
    expect(lines.every((l) => !l.includes('11:59:3'))).toBe(true);
    const stopped = pod('nginx:1.27', { ...running(30 * S, 3), lastState: { terminated: { exitCode: 143, reason: 'Error', startedAt: ago(10 * M), finishedAt: ago(M), containerID: 'containerd://p' } } });
    expect(containerLogs(stopped, 'app', { nowMs: NOW, previous: true }).slice(-1)).toEqual(['2026/01/01 11:59:00 [notice] 1#1: exit']);
    const redis = pod('redis:7', crashLooping(1, 'Error'), { port: 6379 });
    expect(containerLogs(redis, 'app', { nowMs: NOW, previous: true }).at(-2)).toMatch(/# Short read or OOM loading DB\. Unrecoverable error, aborting now\.$/);
    const generic = pod('example.com/shop/api:2.3', crashLooping(2, 'Error'), { port: 8080 });
    expect(containerLogs(generic, 'app', { nowMs: NOW, previous: true }).at(-1)).toBe('exit status 2');
  });

  it('shows the current instance of a terminated (completed) container', () => {
    const done = pod('busybox:1.36', { restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: ago(2 * M), finishedAt: ago(M), containerID: 'containerd://c' } } }, { port: 0 });
    expect(containerLogs(done, 'app', { nowMs: NOW }).at(-1)).toBe('time=2026-01-01T11:59:00.000Z level=INFO msg="work complete"');
  });
});

describe('containerLogs: errors with the kubelet\'s messages', () => {
  it('refuses a container still waiting to start', () => {
    expect(errorOf(() => containerLogs(pod('nginx', { state: { waiting: { reason: 'ContainerCreating' } } }), 'app', { nowMs: NOW })))
      .toBe('container "app" in pod "web-1" is waiting to start: ContainerCreating');
    expect(errorOf(() => containerLogs(pod('nginx', { state: { waiting: { reason: 'ImagePullBackOff' } } }), 'app', { nowMs: NOW })))
      .toBe('container "app" in pod "web-1" is waiting to start: trying and failing to pull image');
    expect(errorOf(() => containerLogs(pod('nginx', { state: { waiting: { reason: 'ErrImagePull' } } }), 'app', { nowMs: NOW })))
      .toBe('container "app" in pod "web-1" is waiting to start: image can\'t be pulled');
  });

  it('refuses --previous when there was no earlier instance', () => {
    expect(errorOf(() => containerLogs(pod('nginx', running(M)), 'app', { nowMs: NOW, previous: true })))
      .toBe('previous terminated container "app" in pod "web-1" not found');
  });

  it('refuses an unknown container and a container with no status yet; an unscheduled pod has an empty log', () => {
    expect(errorOf(() => containerLogs(pod('nginx', running(M)), 'sidecar', { nowMs: NOW }))).toBe('container sidecar is not valid for pod web-1');
    const noStatus = pod('nginx', running(M));
    noStatus.status!.containerStatuses = [];
    expect(errorOf(() => containerLogs(noStatus, 'app', { nowMs: NOW }))).toBe('container "app" in pod "web-1" is not available');
    expect(containerLogs(pod('nginx', {}, { nodeName: '' }), 'app', { nowMs: NOW })).toEqual([]);
  });
});

describe('containerLogs in a running simulation', () => {
  it('reads a pod the simulated kubelet started', () => {
    const sim = testSimulation({ workers: 1 });
    createAll(sim, [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] } } as Pod]);
    sim.advance(60_000);
    const p = sim.store.get<Pod>('Pod', 'default', 'web');
    const lines = containerLogs(p, 'web', { nowMs: sim.now() });
    expect(lines).toContain('/docker-entrypoint.sh: Configuration complete; ready for start up');
    expect(containerLogs(p, 'web', { nowMs: sim.now() })).toEqual(lines);
  });

  it('never reads the wall clock or Math.random', () => {
    const files = ['source/client/logs.ts', ...readdirSync('source/client/logs').map((f) => `source/client/logs/${f}`)];
    for (const f of files) expect(readFileSync(f, 'utf8'), f).not.toMatch(/Math\.random|Date\.now|new Date\(\)/);
  });
});
