import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../source/api/meta.js';
import { columnSortSpec, ipv4Key, naturalKey } from '../../../source/tui/model/column-sorts.js';
import { sortBulk } from '../../../source/tui/model/sort.js';
import { fakePod } from './fake-client.js';

const order = (objs: KubeObject[], kind: string, column: string, src = {}) => {
  const spec = columnSortSpec(kind, column, src);
  if (!spec) throw new Error(`no sort for ${column}`);
  return sortBulk(objs, spec, new WeakMap()).map((o) => o.metadata.name);
};

const withIp = (name: string, ip: string | undefined) => {
  const p = fakePod('d', name) as unknown as { status: { podIP?: string } };
  if (ip) p.status.podIP = ip;
  return p as unknown as KubeObject;
};

describe('sort by a picked column', () => {
  it('orders text naturally: digit runs compare as numbers', () => {
    expect(['web-10', 'web-9', 'web-1'].map(naturalKey).sort().map((k) => k.replace(/0+(\d)/g, '$1'))).toEqual(['web-1', 'web-9', 'web-10']);
    expect(naturalKey('no digits')).toBe('no digits');
    expect(naturalKey('')).toBe('');
  });

  it('orders IPv4 addresses by value, none first and unparsable last', () => {
    expect(ipv4Key('10.244.1.10')).toBeGreaterThan(ipv4Key('10.244.1.9'));
    expect(ipv4Key('10.244.2.0')).toBeGreaterThan(ipv4Key('10.244.1.255'));
    expect(ipv4Key(undefined)).toBe(-1);
    expect(ipv4Key('fd00::1')).toBeGreaterThan(ipv4Key('255.255.255.255'));
    const pods = [withIp('a', '10.244.1.10'), withIp('b', '10.244.1.9'), withIp('c', undefined)];
    expect(order(pods, 'Pod', 'IP')).toEqual(['c', 'b', 'a']);
  });

  it('reuses the k9s key of a column that has one, so the key and the pick agree', () => {
    expect(columnSortSpec('Pod', 'NODE')?.id).toBe('node');
    expect(columnSortSpec('Pod', 'RESTARTS')?.id).toBe('restarts');
    expect(columnSortSpec('Pod', 'STATUS')?.id).toBe('status');
    expect(columnSortSpec('Pod', 'AGE')?.id).toBe('age');
    expect(columnSortSpec('Pod', 'NAME')?.id).toBe('name');
    expect(columnSortSpec('Pod', 'NAMESPACE')?.id).toBe('name');
    expect(columnSortSpec('Event', 'LAST SEEN')?.id).toBe('lastSeen');
    // Ascending on the pick (k9s), whatever the key's own first direction.
    expect(columnSortSpec('Pod', 'RESTARTS')?.desc).toBe(false);
  });

  it('sorts READY by ready containers, then by total', () => {
    const pods = [fakePod('d', 'a', { ready: true }), fakePod('d', 'b', { ready: false }), fakePod('d', 'c', { ready: true })];
    expect(order(pods, 'Pod', 'READY')).toEqual(['b', 'a', 'c']);
  });

  it('sorts node totals and usage from their sources (volatile keys)', () => {
    const node = (name: string) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name } }) as KubeObject;
    const stats: Record<string, { pods: number; reqCpuMilli: number; allocCpuMilli: number; reqMemBytes: number; allocMemBytes: number }> = {
      a: { pods: 30, reqCpuMilli: 100, allocCpuMilli: 1000, reqMemBytes: 5, allocMemBytes: 10 },
      b: { pods: 2, reqCpuMilli: 900, allocCpuMilli: 1000, reqMemBytes: 1, allocMemBytes: 10 },
    };
    const src = { nodeStat: (n: string) => stats[n] as never, nodeUsage: (n: string) => (n === 'a' ? { cpuMilli: 5, memoryBytes: 1 } : undefined) };
    expect(columnSortSpec('Node', 'PODS', src)?.volatile).toBe(true);
    expect(order([node('a'), node('b')], 'Node', 'PODS', src)).toEqual(['b', 'a']);
    expect(order([node('a'), node('b')], 'Node', '%CPU-R', src)).toEqual(['a', 'b']);
    expect(order([node('a'), node('b')], 'Node', '%MEM-R', src)).toEqual(['b', 'a']);
    // No usage reported sorts first (as n/a).
    expect(order([node('a'), node('b')], 'Node', 'CPU', src)).toEqual(['b', 'a']);
  });

  it('sorts other printer columns by their text, naturally, and time columns only from a timestamp', () => {
    const dep = (name: string, ready: number, replicas: number) => ({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'd' }, spec: { replicas }, status: { readyReplicas: ready },
    }) as unknown as KubeObject;
    expect(order([dep('a', 10, 10), dep('b', 9, 10), dep('c', 2, 3)], 'Deployment', 'READY')).toEqual(['c', 'b', 'a']);
    const cj = (name: string, last?: string) => ({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name, namespace: 'd' }, spec: {}, status: last ? { lastScheduleTime: last } : {} }) as unknown as KubeObject;
    // LAST SCHEDULE ascending as it reads: most recent first, never scheduled last.
    expect(order([cj('a', '2026-01-01T00:00:00Z'), cj('b'), cj('c', '2026-01-01T00:05:00Z')], 'CronJob', 'LAST SCHEDULE')).toEqual(['c', 'a', 'b']);
    // DURATION of a running Job grows with the clock: only sortable with one.
    expect(columnSortSpec('Job', 'DURATION')).toBeUndefined();
    const job = (name: string, start: string, end?: string) => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name, namespace: 'd' }, status: { startTime: start, completionTime: end } }) as unknown as KubeObject;
    const now = () => Date.parse('2026-01-01T01:00:00Z');
    expect(order([job('long', '2026-01-01T00:00:00Z', '2026-01-01T00:30:00Z'), job('running', '2026-01-01T00:50:00Z'), job('short', '2026-01-01T00:00:00Z', '2026-01-01T00:01:00Z')], 'Job', 'DURATION', { now }))
      .toEqual(['short', 'running', 'long']);
  });

  it('has no sort for a column the kind does not have', () => {
    expect(columnSortSpec('Pod', 'NO SUCH COLUMN')).toBeUndefined();
    expect(columnSortSpec('Deployment', 'DURATION')).toBeUndefined();
  });
});
