import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../source/api/core.js';
import { CONTAINER_COLUMNS, containerPorts, containerRows, containerState } from '../../../source/tui/model/container-rows.js';

const NOW = Date.parse('2026-01-01T00:10:00Z');

/** A pod with an init container that completed, a crash-looping app and a ready sidecar. */
function pod(): Pod {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: 'web-1', namespace: 'default', creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: {
      initContainers: [{ name: 'migrate', image: 'busybox:1.36' }],
      containers: [
        {
          name: 'app', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 80 }, { containerPort: 53, protocol: 'UDP' }],
          resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
          livenessProbe: { httpGet: { path: '/', port: 80 } },
        },
        { name: 'sidecar', image: 'envoy:1.30', resources: { limits: { cpu: '200m', memory: '32Mi' } }, readinessProbe: { tcpSocket: { port: 9901 } } },
      ],
    },
    status: {
      phase: 'Running',
      initContainerStatuses: [{ name: 'migrate', ready: true, restartCount: 0, image: '', imageID: '', state: { terminated: { exitCode: 0, reason: 'Completed' } } }],
      containerStatuses: [
        { name: 'app', ready: false, restartCount: 4, image: '', imageID: '', state: { waiting: { reason: 'CrashLoopBackOff' } } },
        { name: 'sidecar', ready: true, restartCount: 0, image: '', imageID: '', state: { running: { startedAt: '2026-01-01T00:00:05Z' } } },
      ],
    },
  } as unknown as Pod;
}

const cell = (cells: string[], column: string) => cells[CONTAINER_COLUMNS.findIndex((c) => c.name === column)];

describe('the containers view rows', () => {
  it('has k9s\'s columns in k9s\'s order, VALID wide only', () => {
    expect(CONTAINER_COLUMNS.map((c) => c.name)).toEqual([
      'NAME', 'PF', 'IMAGE', 'READY', 'STATE', 'INIT', 'RESTARTS', 'PROBES(L:R)', 'CPU', 'MEM', 'CPU/R:L', 'MEM/R:L',
      '%CPU/R', '%CPU/L', '%MEM/R', '%MEM/L', 'PORTS', 'VALID', 'AGE',
    ]);
    expect(CONTAINER_COLUMNS.filter((c) => c.priority > 0).map((c) => c.name)).toEqual(['VALID']);
  });

  it('lists init containers first, with state, readiness, restarts, probes, requests:limits and ports', () => {
    const rows = containerRows(pod(), { containers: [{ name: 'app', cpuMilli: 250, memoryBytes: 96 * 1048576 }, { name: 'sidecar', cpuMilli: 10, memoryBytes: 8 * 1048576 }] }, NOW);
    expect(rows.map((r) => [r.name, r.init])).toEqual([['migrate', true], ['app', false], ['sidecar', false]]);
    const [init, app, side] = rows.map((r) => r.cells);
    expect(cell(init!, 'STATE')).toBe('Completed');
    expect(cell(init!, 'CPU')).toBe('n/a');
    expect(cell(init!, 'VALID')).toBe('');
    expect(rows[0]!.health).toBe('completed');
    expect(app).toEqual([
      'app', '●', 'nginx:1.27', 'false', 'CrashLoopBackOff', 'false', '4', 'on:off', '250m', '96Mi', '100m:500m', '64Mi:128Mi',
      '250%', '50%', '150%', '75%', 'http:80,53╱UDP', 'container is not ready', '10m',
    ]);
    expect(rows[1]!.health).toBe('error');
    // Requests fall back to limits (k9s); shares are floored.
    expect(cell(side!, 'CPU/R:L')).toBe('200m:200m');
    expect(cell(side!, 'MEM/R:L')).toBe('32Mi:32Mi');
    expect(cell(side!, '%CPU/R')).toBe('5%');
    expect(cell(side!, '%MEM/L')).toBe('25%');
    expect(cell(side!, 'PROBES(L:R)')).toBe('off:on');
    expect(cell(side!, 'STATE')).toBe('Running');
    expect(rows[2]!.health).toBe('ok');
    expect(rows[1]!.text).toContain('crashloopbackoff');
  });

  it('reads a pod the kubelet has not reported on: <none>, not ready, n/a metrics, 0 for absent requests', () => {
    const p = pod();
    delete (p as { status?: unknown }).status;
    p.spec!.containers![0]!.resources = {};
    const rows = containerRows(p, undefined, NOW);
    const app = rows[1]!.cells;
    expect(cell(app, 'STATE')).toBe('<none>');
    expect(cell(app, 'READY')).toBe('false');
    expect(cell(app, 'RESTARTS')).toBe('0');
    expect(cell(app, 'CPU/R:L')).toBe('0:0');
    expect(cell(app, '%CPU/R')).toBe('n/a');
    expect(rows[1]!.health).toBe('pending');
    expect(containerRows({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' } } as Pod, undefined, NOW)).toEqual([]);
  });

  it('names states and ports as k9s does', () => {
    expect(containerState({ waiting: {} })).toBe('Waiting');
    expect(containerState({ terminated: { exitCode: 137 } as never })).toBe('Terminating');
    expect(containerState({ terminated: { exitCode: 137, reason: 'OOMKilled' } as never })).toBe('OOMKilled');
    expect(containerState(undefined)).toBe('<none>');
    expect(containerPorts([{ containerPort: 8080, protocol: 'TCP' }, { name: 'sctp', containerPort: 9, protocol: 'SCTP' }])).toBe('8080,sctp:9╱SCTP');
    expect(containerPorts(undefined)).toBe('');
  });
});
