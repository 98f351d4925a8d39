import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '../../../source/api/core.js';
import { type TopPodUsage, goDuration, printTopNodes, printTopPods } from '../../../source/api/print/top.js';

const MI = 1024 * 1024;
const NOW = Date.parse('2025-03-03T05:00:00Z');

const usage = (namespace: string, name: string, ...containers: [string, number, number][]): TopPodUsage =>
  ({ namespace, name, containers: containers.map(([n, cpuMilli, memoryBytes]) => ({ name: n, cpuMilli, memoryBytes })) });

function node(name: string, cpu: string | undefined, memory: string): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name }, status: { allocatable: { ...(cpu ? { cpu } : {}), memory } } } as unknown as Node;
}

function pod(name: string, ageMs: number, namespace = 'default'): Pod {
  const created = new Date(NOW - ageMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, creationTimestamp: created }, spec: { containers: [] } };
}

describe('kubectl top pod', () => {
  it('prints what kubectl prints with -A (golden: real `kubectl top pod -A` output; every cell tab-terminated, so lines end padded)', () => {
    // Given in a shuffled order: kubectl sorts by namespace, then name.
    const metrics = [
      usage('kube-system', 'etcd-ub18', ['etcd', 40.2, 37 * MI + 5]),
      usage('kube-system', 'calico-kube-controllers-74677b4c5f-f4tpw', ['calico-kube-controllers', 3.5, 16 * MI]),
      usage('default', 'resource-consumer-pod', ['consumer', 100, 7 * MI]),
      usage('kube-system', 'kube-apiserver-ub18', ['kube-apiserver', 74, 343 * MI + MI - 1]),
      usage('kube-system', 'coredns-565d847f94-dfgpz', ['coredns', 1.000001, 12 * MI]),
    ];
    const out = printTopPods(metrics, [], { namespace: 'default', allNamespaces: true, nowMs: NOW });
    expect(out.stdout).toBe(
      'NAMESPACE     NAME                                       CPU(cores)   MEMORY(bytes)   \n' +
      'default       resource-consumer-pod                      100m         7Mi             \n' +
      'kube-system   calico-kube-controllers-74677b4c5f-f4tpw   4m           16Mi            \n' +
      'kube-system   coredns-565d847f94-dfgpz                   2m           12Mi            \n' +
      'kube-system   etcd-ub18                                  41m          37Mi            \n' +
      'kube-system   kube-apiserver-ub18                        74m          343Mi           \n',
    );
    expect(out).toMatchObject({ stderr: '', exitCode: 0 });
  });

  it('sums containers exactly in nanocores (0.1m + 2.7m + 0.2m is 3m, not 4m) and truncates memory to whole Mi', () => {
    const out = printTopPods([
      usage('default', 'web-7d4b9c-abcde', ['nginx', 3.2, 12.5 * MI]),
      usage('default', 'db-0', ['app', 0.1, 100 * MI], ['sidecar', 2.7, 10 * MI], ['proxy', 0.2, 5.5 * MI]),
    ], [], { namespace: 'default', nowMs: NOW });
    expect(out.stdout).toBe(
      'NAME               CPU(cores)   MEMORY(bytes)   \n' +
      'db-0               3m           115Mi           \n' +
      'web-7d4b9c-abcde   4m           12Mi            \n',
    );
  });

  it('--containers adds a POD column, one row per container, containers by name', () => {
    const out = printTopPods([
      usage('default', 'db-0', ['postgres', 250, 300 * MI], ['exporter', 2, 20 * MI]),
      usage('default', 'api-1', ['api', 10, 64 * MI]),
    ], [], { namespace: 'default', containers: true, nowMs: NOW });
    expect(out.stdout).toBe(
      'POD     NAME       CPU(cores)   MEMORY(bytes)   \n' +
      'api-1   api        10m          64Mi            \n' +
      'db-0    exporter   2m           20Mi            \n' +
      'db-0    postgres   250m         300Mi           \n',
    );
    const withNs = printTopPods([usage('shop', 'db-0', ['postgres', 250, 300 * MI])], [], { namespace: 'default', allNamespaces: true, containers: true, nowMs: NOW });
    expect(withNs.stdout.split('\n')[0]).toBe('NAMESPACE   POD    NAME       CPU(cores)   MEMORY(bytes)   ');
  });

  it('--sort-by cpu|memory sorts highest first (pods, and containers within a pod); ties keep name order', () => {
    const metrics = [
      usage('default', 'a', ['x', 5, 300 * MI]),
      usage('default', 'b', ['x', 50, 10 * MI], ['y', 100, 5 * MI]),
      usage('default', 'c', ['x', 5, 20 * MI]),
    ];
    const names = (sortBy: string, containers = false) =>
      printTopPods(metrics, [], { namespace: 'default', sortBy, containers, nowMs: NOW }).stdout.trim().split('\n').slice(1).map((l) => l.split(/\s+/).slice(0, containers ? 2 : 1).join('/'));
    expect(names('cpu')).toEqual(['b', 'a', 'c']);
    expect(names('memory')).toEqual(['a', 'c', 'b']);
    expect(names('cpu', true)).toEqual(['b/y', 'b/x', 'a/x', 'c/x']);
    expect(names('memory', true)).toEqual(['a/x', 'c/x', 'b/x', 'b/y']);
  });

  it('explains an empty answer as kubectl does', () => {
    const none = printTopPods([], [], { namespace: 'shop', nowMs: NOW });
    expect(none).toEqual({ stdout: '', stderr: 'No resources found in shop namespace.\n', exitCode: 0 });
    expect(printTopPods([], [], { namespace: 'default', allNamespaces: true, nowMs: NOW }).stderr).toBe('No resources found\n');
    expect(printTopPods([], [pod('web', 30_000)], { namespace: 'default', nowMs: NOW }))
      .toEqual({ stdout: '', stderr: 'error: metrics not available yet\n', exitCode: 1 });
    expect(printTopPods([], [pod('young', 30_000), pod('old', 5 * 60_000)], { namespace: 'default', nowMs: NOW }).stderr)
      .toBe('error: Metrics not available for pod default/old, age: 5m0s\n');
  });

  it('rejects a --sort-by other than cpu or memory with kubectl\'s message', () => {
    expect(printTopPods([usage('default', 'a', ['x', 1, 1])], [], { namespace: 'default', sortBy: 'name', nowMs: NOW }))
      .toEqual({ stdout: '', stderr: 'error: --sort-by accepts only cpu or memory\n', exitCode: 1 });
    expect(printTopNodes([], [], { sortBy: 'CPU' }).stderr).toBe('error: --sort-by accepts only cpu or memory\n');
  });
});

describe('kubectl top node', () => {
  const nodes = [node('ub18', '2', '5900Mi'), node('ub18c1', '1', '5900Mi'), node('ub18c2', '1', '5900Mi')];
  const metrics = [
    { name: 'ub18c2', cpuMilli: 212.4, memoryBytes: 2138 * MI },
    { name: 'ub18', cpuMilli: 353.000001, memoryBytes: 2685 * MI + 123_456 },
    { name: 'ub18c1', cpuMilli: 180, memoryBytes: 2244 * MI },
  ];

  it('prints v1.32\'s columns with CPU in m, memory in Mi and integer percentages of allocatable (golden)', () => {
    expect(printTopNodes(metrics, nodes).stdout).toBe(
      'NAME     CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)   \n' +
      'ub18     354m         17%      2685Mi          45%         \n' +
      'ub18c1   180m         18%      2244Mi          38%         \n' +
      'ub18c2   213m         21%      2138Mi          36%         \n',
    );
  });

  it('sorts by cpu or memory, and lists nodes without metrics as <unknown>', () => {
    const out = printTopNodes(metrics.slice(1), [...nodes, node('ub18c3', '1', '5900Mi')], { sortBy: 'memory' });
    expect(out.stdout).toBe(
      'NAME     CPU(cores)   CPU(%)      MEMORY(bytes)   MEMORY(%)   \n' +
      'ub18     354m         17%         2685Mi          45%         \n' +
      'ub18c1   180m         18%         2244Mi          38%         \n' +
      'ub18c2   <unknown>    <unknown>   <unknown>       <unknown>   \n' +
      'ub18c3   <unknown>    <unknown>   <unknown>       <unknown>   \n',
    );
    expect(printTopNodes(metrics, nodes, { sortBy: 'cpu' }).stdout.split('\n').slice(1, 4).map((l) => l.split(' ')[0])).toEqual(['ub18', 'ub18c2', 'ub18c1']);
  });

  it('omits a percentage kubectl cannot compute, and fails when no node has metrics', () => {
    const out = printTopNodes([{ name: 'odd', cpuMilli: 100, memoryBytes: 100 * MI }], [node('odd', undefined, '0')]);
    // No cpu allocatable: no CPU(%) cell, so the row's cells shift left under the header (as kubectl's tabwriter does).
    expect(out.stdout.split('\n')[1]).toBe('odd    100m         100Mi    0%              ');
    expect(printTopNodes([], nodes)).toEqual({ stdout: '', stderr: 'error: metrics not available yet\n', exitCode: 1 });
  });
});

describe('goDuration (Go time.Duration.String)', () => {
  it('formats like Go', () => {
    expect([0, 250, 45_000, 120_000, 150_500, 3_600_000, 3_930_000, -5_000].map(goDuration))
      .toEqual(['0s', '250ms', '45s', '2m0s', '2m30.5s', '1h0m0s', '1h5m30s', '-5s']);
  });
});
