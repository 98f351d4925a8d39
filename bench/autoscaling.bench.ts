/**
 * Issue 6's budget: traffic, metrics-server, HPA and Cluster Autoscaler all on for 1,000 Deployments × 30 pods on
 * 1,000 nodes (an autoscaled pool). Every Deployment has a Service with a diurnal traffic model and a CPU HPA.
 * Reports the time to bring the pods up, the steady-state real-time factor over 10 virtual minutes (target ≥ 100),
 * and RSS after 1 h and 24 h of virtual time on a smaller cluster (memory must stay flat: fixed-size rings).
 * Sizes: BENCH_DEPLOYMENTS (default 1000), BENCH_LONG_DEPLOYMENTS (default 100) for the 24 h run. JSON lines; no assertions.
 */
import { performance } from 'node:perf_hooks';
import type { Pod, Service } from '../source/api/core.js';
import type { HorizontalPodAutoscaler } from '../source/api/cluster-kinds.js';
import type { Cluster } from '../source/api/kubedrill-kinds.js';
import type { KubeObject } from '../source/api/meta.js';
import type { Deployment } from '../source/api/workloads.js';
import { defaultCatalog } from '../source/cluster/load.js';
import { Simulation } from '../source/cluster/simulation.js';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const emit = (o: object) => process.stdout.write(JSON.stringify(o) + '\n');
const REPLICAS = 30;
const rssMiB = () => Math.round(process.memoryUsage().rss / 2 ** 20);

function cluster(nodes: number): Cluster {
  return {
    apiVersion: 'kubedrill.io/v1', kind: 'Cluster', metadata: { name: 'bench' },
    spec: {
      kubernetesVersion: 'v1.32.4', region: 'eu-west-1', seed: 1, controlPlane: { podCIDR: '10.0.0.0/8' },
      nodePools: [
        { name: 'control-plane', count: 1, controlPlane: true, capacity: { cpu: '4', memory: '16Gi', pods: '110' }, zones: ['eu-west-1a'] },
        { name: 'workers', count: nodes, capacity: { cpu: '4', memory: '16Gi', pods: '110' }, zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
          costPerHour: 0.2, autoscaling: { enabled: true, min: nodes, max: Math.ceil(nodes * 1.1), provisioningDelaySeconds: 90 } },
      ],
    },
  };
}

/** Deployment, Service with a diurnal day (peak at 14h) and an HPA for app i. */
function app(i: number): KubeObject[] {
  const labels = { app: `app-${i}` };
  const deployment: Deployment = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `app-${i}`, namespace: 'default' },
    spec: {
      replicas: REPLICAS, selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }],
        resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '100m', memory: '64Mi' } } }] } },
    },
  };
  const service: Service = {
    apiVersion: 'v1', kind: 'Service', metadata: { name: `app-${i}`, namespace: 'default', annotations: { 'sim.kubedrill.io/traffic': 'diurnal(min=100,max=600)' } },
    spec: { selector: labels, ports: [{ port: 80 }] },
  };
  const hpa: HorizontalPodAutoscaler = {
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: `app-${i}`, namespace: 'default' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: `app-${i}` }, minReplicas: REPLICAS, maxReplicas: REPLICAS + 5,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }] },
  };
  return [deployment, service, hpa];
}

function build(deployments: number): { sim: Simulation; running: () => number } {
  const sim = new Simulation({ cluster: cluster(deployments), catalog: defaultCatalog() });
  sim.advance(15_000);
  for (let i = 0; i < deployments; i++) for (const o of app(i)) sim.store.create(o);
  const running = () => {
    let n = 0;
    for (const p of sim.store.select<Pod>('Pod', { namespace: 'default' })) if (p.status?.phase === 'Running' && !p.metadata.deletionTimestamp) n++;
    return n;
  };
  return { sim, running };
}

const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;

// 1. The budget scale: bring up, then the steady state with everything on.
{
  const n = Number(process.env.BENCH_DEPLOYMENTS ?? 1000);
  const t0 = performance.now();
  const { sim, running } = build(n);
  let done = false;
  for (let s = 0; s < 3600 && !done; s++) {
    sim.advance(1000);
    done = running() >= n * REPLICAS;
  }
  emit({ name: 'autoscaling-bring-up', deployments: n, nodes: n, pods: running(), wallSeconds: +((performance.now() - t0) / 1000).toFixed(1) });
  gc();
  const steadyMs = 10 * 60_000;
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  sim.advance(steadyMs);
  const wall = (performance.now() - t1) / 1000;
  emit({
    name: 'autoscaling-steady-state', deployments: n, pods: running(), virtualMinutes: steadyMs / 60_000,
    realTimeFactor: Math.round(steadyMs / 1000 / wall), cpuRealTimeFactor: Math.round(steadyMs / 1000 / cpuSeconds(process.cpuUsage(c1))),
    hpaStatusWrites: sim.store.select<HorizontalPodAutoscaler>('HorizontalPodAutoscaler').filter((h) => h.status?.currentMetrics).length,
    rssMiB: rssMiB(),
  });
}
gc();

// 2. Memory over a long run (smaller cluster, so 24 virtual hours fit in a bench run).
{
  const n = Number(process.env.BENCH_LONG_DEPLOYMENTS ?? 100);
  const { sim } = build(n);
  const t0 = performance.now();
  sim.advance(3_600_000);
  gc();
  const rss1h = rssMiB();
  const heap1h = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
  sim.advance(23 * 3_600_000);
  gc();
  emit({
    name: 'autoscaling-24h-memory', deployments: n, pods: n * REPLICAS, rssMiBAt1h: rss1h, rssMiBAt24h: rssMiB(),
    heapMiBAt1h: heap1h, heapMiBAt24h: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
    wallSeconds: +((performance.now() - t0) / 1000).toFixed(1), cost: +sim.cost.total().toFixed(2),
  });
}
