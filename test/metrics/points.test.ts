import { describe, expect, it } from 'vitest';
import type { ContainerStatus } from '../../source/api/core.js';
import { FRESH_CONTAINER_MIN_MS, NodePoints, PodPoints, toNanoPrecision } from '../../source/metrics/points.js';

const T0 = Date.parse('2025-01-01T00:00:00Z');
const RES = 15_000;

/** The container statuses of a running pod whose containers started at `startedMs` with `restarts` restarts. */
function runningPod(names: string[], startedMs: number, restarts = 0): ContainerStatus[] {
  return names.map((name) => ({
    name, ready: true, restartCount: restarts, image: 'nginx', imageID: '',
    state: { running: { startedAt: new Date(startedMs).toISOString().replace(/\.\d{3}Z$/, 'Z') } },
  }));
}

/** The restart total and statuses update() takes. */
const arg = (statuses: ContainerStatus[]): [number, ContainerStatus[]] => [statuses.reduce((n, s) => n + s.restartCount, 0), statuses];

const use = (name: string, cpuMilli: number, memoryBytes: number) => ({ name, cpuMilli, memoryBytes });

describe('PodPoints (metrics-server pod storage)', () => {
  it('needs two scrapes: none at the first (container older than one resolution), then CPU over a 15 s window', () => {
    const p = new PodPoints('default', 'web');
    const statuses = runningPod(['app'], T0 - 60_000);
    p.update(1, T0, [use('app', 100, 10 << 20)], 0, statuses, RES);
    expect(p.hasMetrics).toBe(false);
    expect(p.sample()).toBeUndefined();
    p.update(2, T0 + RES, [use('app', 300, 12 << 20)], 0, statuses, RES);
    expect(p.sample()).toEqual({
      namespace: 'default', name: 'web', timestamp: T0 + RES, windowMs: RES,
      containers: [{ name: 'app', cpuMilli: 200, memoryBytes: 12 << 20 }],
    });
  });

  it('gives a fresh container (started 10 s to one resolution before the scrape) metrics at its first scrape', () => {
    const fresh = new PodPoints('default', 'web');
    fresh.update(1, T0, [use('app', 50, 1 << 20)], ...arg(runningPod(['app'], T0 - 12_000)), RES);
    expect(fresh.sample()).toMatchObject({ timestamp: T0, windowMs: 12_000, containers: [{ name: 'app', cpuMilli: 50 }] });

    const tooYoung = new PodPoints('default', 'web');
    tooYoung.update(1, T0, [use('app', 50, 1 << 20)], ...arg(runningPod(['app'], T0 - (FRESH_CONTAINER_MIN_MS - 1_000))), RES);
    expect(tooYoung.hasMetrics).toBe(false);

    const atResolution = new PodPoints('default', 'web');
    atResolution.update(1, T0, [use('app', 50, 1 << 20)], ...arg(runningPod(['app'], T0 - RES)), RES);
    expect(atResolution.hasMetrics).toBe(false);
  });

  it('starts over after a restart or a missed scrape, and reports nothing until every container has two points', () => {
    const p = new PodPoints('default', 'web');
    const old = T0 - 600_000;
    p.update(1, T0, [use('app', 10, 1)], ...arg(runningPod(['app'], old)), RES);
    p.update(2, T0 + RES, [use('app', 10, 1)], ...arg(runningPod(['app'], old)), RES);
    expect(p.hasMetrics).toBe(true);
    // Restarted between scrapes (restartCount 0 → 1), started 3 s before the scrape: no metrics.
    p.update(3, T0 + 2 * RES, [use('app', 10, 1)], ...arg(runningPod(['app'], T0 + 2 * RES - 3_000, 1)), RES);
    expect(p.hasMetrics).toBe(false);
    p.update(4, T0 + 3 * RES, [use('app', 10, 1)], ...arg(runningPod(['app'], T0 + 2 * RES - 3_000, 1)), RES);
    expect(p.hasMetrics).toBe(true);
    // Scrape 5 missed (kubelet down): scrape 6 is a first point again.
    p.update(6, T0 + 5 * RES, [use('app', 10, 1)], ...arg(runningPod(['app'], old, 1)), RES);
    expect(p.hasMetrics).toBe(false);
    // A sidecar appears: the pod waits for its second point too.
    p.update(7, T0 + 6 * RES, [use('app', 10, 1), use('sidecar', 5, 1)], ...arg(runningPod(['app', 'sidecar'], old, 1)), RES);
    expect(p.hasMetrics).toBe(false);
    p.update(8, T0 + 7 * RES, [use('app', 10, 1), use('sidecar', 5, 2)], ...arg(runningPod(['app', 'sidecar'], old, 1)), RES);
    expect(p.cpuMilli).toBe(15);
    expect(p.memoryBytes).toBe(3);
    // The sidecar stops (its status stays, same restart count): only the app is reported.
    p.update(9, T0 + 8 * RES, [use('app', 20, 1)], ...arg(runningPod(['app', 'sidecar'], old, 1)), RES);
    expect(p.sample()!.containers.map((c) => c.name)).toEqual(['app']);
    p.reset();
    expect(p.sample()).toBeUndefined();
  });

  it('reuses one sample object per scrape and truncates CPU to whole nanocores', () => {
    const p = new PodPoints('default', 'web');
    const statuses = runningPod(['app'], T0 - 600_000);
    p.update(1, T0, [use('app', 1.0000004, 1)], 0, statuses, RES);
    p.update(2, T0 + RES, [use('app', 1.0000004, 1)], 0, statuses, RES);
    expect(p.sample()).toBe(p.sample());
    expect(p.sample()!.containers[0]!.cpuMilli).toBe(1);
    expect(toNanoPrecision(2.9999999)).toBe(2.999999);
  });
});

describe('NodePoints (metrics-server node storage)', () => {
  it('reports from the second consecutive scrape, with the window between them', () => {
    const n = new NodePoints('node-1');
    n.update(1, T0, { cpuMilli: 400, memoryBytes: 2e9 });
    expect(n.sample()).toBeUndefined();
    n.update(2, T0 + RES, { cpuMilli: 600, memoryBytes: 3e9 });
    expect(n.sample()).toEqual({ name: 'node-1', timestamp: T0 + RES, windowMs: RES, cpuMilli: 500, memoryBytes: 3e9 });
    n.update(4, T0 + 3 * RES, { cpuMilli: 600, memoryBytes: 3e9 });
    expect(n.sample()).toBeUndefined();
  });
});
