/**
 * Kubelet cost: 5,000 nodes heartbeating (Lease every 10 s, node status only on change or every 5 min), idle and
 * with 150,000 steady pods; plus the wall time to bring the pods up. Budget: idle nodes < 5% of one core per
 * simulated second. Prints JSON lines; no assertions on time.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Node, Pod } from '../source/api/core.js';
import { Engine } from '../source/engine/engine.js';
import { KubeletPool } from '../source/kubelet/kubelet-pool.js';
import { parseProfileCatalog } from '../source/kubelet/profiles.js';
import { defaultAdmission } from '../source/store/default-admission.js';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const emit = (o: object) => process.stdout.write(JSON.stringify(o) + '\n');
const catalog = parseProfileCatalog(readFileSync(new URL('../fixtures/images.yaml', import.meta.url), 'utf8'), 'fixtures/images.yaml');

function nodeObject(i: number): Node {
  const name = `node-${i}`;
  const cidr = `10.${64 + (i >> 8)}.${i & 255}.0/24`;
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': `zone-${i % 3}` } },
    spec: { podCIDR: cidr, podCIDRs: [cidr] },
    status: {
      capacity: { cpu: '16', memory: '64Gi', pods: '110' },
      allocatable: { cpu: '15900m', memory: '63Gi', pods: '110' },
      addresses: [{ type: 'InternalIP', address: `172.${16 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}` }, { type: 'Hostname', address: name }],
    },
  };
}

function pod(i: number, nodes: number): Pod {
  const app = `app-${i % 500}`;
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: `${app}-${i.toString(36)}`, namespace: `ns-${i % 20}`, labels: { app } },
    spec: {
      nodeName: `node-${i % nodes}`,
      containers: [{
        name: 'app', image: i % 3 === 0 ? 'nginx:1.27' : i % 3 === 1 ? 'python:3.12-slim' : 'redis:7',
        resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } },
        readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 },
      }],
    },
  };
}

/** Wall time of `simSeconds` of virtual time, per simulated second. */
function measure(engine: Engine, simSeconds: number): { wallMsPerSimulatedSecond: number; cpuPercentOfOneCore: number } {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  engine.advance(simSeconds * 1000);
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const perSecond = wall / simSeconds;
  return {
    wallMsPerSimulatedSecond: +perSecond.toFixed(3),
    cpuPercentOfOneCore: +(((cpu.user + cpu.system) / 1000 / simSeconds / 1000) * 100).toFixed(2),
  };
}

function cluster(nodes: number): { engine: Engine; pool: KubeletPool; registerMs: number } {
  gc();
  const engine = new Engine({ admission: defaultAdmission(), historySize: 10_000 });
  for (const name of ['default', 'kube-system', ...Array.from({ length: 20 }, (_, k) => `ns-${k}`)]) {
    engine.store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
  const pool = new KubeletPool(engine, { catalog, kubeletVersion: 'v1.32.2' });
  engine.register(pool);
  const t0 = performance.now();
  for (let i = 0; i < nodes; i++) pool.addNode(nodeObject(i));
  engine.settle();
  return { engine, pool, registerMs: Math.round(performance.now() - t0) };
}

const nodes = Number(process.env.KUBELET_BENCH_NODES ?? 5000);
const pods = Number(process.env.KUBELET_BENCH_PODS ?? 150_000);

{
  const { engine, registerMs } = cluster(nodes);
  engine.advance(20_000); // warm up past the first heartbeats
  const writes0 = engine.store.stats.updates;
  const m = measure(engine, 300);
  emit({ name: 'kubelet-idle-nodes', nodes, pods: 0, ...m, registerMs, writesPerSimulatedSecond: +((engine.store.stats.updates - writes0) / 300).toFixed(1) });
}

if (pods > 0) {
  const { engine, pool } = cluster(nodes);
  const t0 = performance.now();
  for (let i = 0; i < pods; i++) engine.store.create(pod(i, nodes));
  const createMs = performance.now() - t0;
  const t1 = performance.now();
  engine.advance(120_000); // pulls (serialised per node), starts, first readiness probes
  const startMs = performance.now() - t1;
  let running = 0;
  for (const p of engine.store.select<Pod>('Pod')) if (p.status?.phase === 'Running') running++;
  gc();
  const heapMiB = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
  const writes0 = engine.store.stats.updates;
  const m = measure(engine, 300);
  emit({
    name: 'kubelet-steady-pods', nodes, pods, running, ...m,
    createMs: Math.round(createMs), startUpWallMs: Math.round(startMs), heapMiB,
    writesPerSimulatedSecond: +((engine.store.stats.updates - writes0) / 300).toFixed(1),
    nodeUsageSample: pool.nodeUsage('node-0'),
  });
}
