/**
 * The controller-manager budget of issue 4: 1,000 nodes (4 CPU / 16Gi / 110 pods, 3 zones) and 1,000 Deployments
 * × 30 nginx replicas (10m / 32Mi): from apply to all 30,000 pods Running, the virtual and the wall time
 * (target < 30 s wall), then the steady-state real-time factor over 5 virtual minutes (target ≥ 100).
 * Prints JSON lines; no assertions on time.
 */
import { performance } from 'node:perf_hooks';
import type { Pod } from '../source/api/core.js';
import type { Cluster } from '../source/api/kubedrill-kinds.js';
import type { Deployment } from '../source/api/workloads.js';
import { defaultCatalog } from '../source/cluster/load.js';
import { Simulation } from '../source/cluster/simulation.js';
import { DeploymentController } from '../source/controllers/deployment/index.js';
import { ReplicaSetController } from '../source/controllers/replicaset.js';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const emit = (o: object) => process.stdout.write(JSON.stringify(o) + '\n');
const NODES = 1000, DEPLOYMENTS = 1000, REPLICAS = 30;

const cluster: Cluster = {
  apiVersion: 'kubedrill.io/v1', kind: 'Cluster', metadata: { name: 'bench' },
  spec: {
    kubernetesVersion: 'v1.32.4', region: 'eu-west-1', seed: 1,
    controlPlane: { podCIDR: '10.0.0.0/8' },
    nodePools: [
      { name: 'control-plane', count: 1, controlPlane: true, capacity: { cpu: '4', memory: '16Gi', pods: '110' }, zones: ['eu-west-1a'] },
      { name: 'workers', count: NODES, capacity: { cpu: '4', memory: '16Gi', pods: '110' }, zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] },
    ],
  },
};

function deployment(i: number): Deployment {
  const labels = { app: `app-${i}` };
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `app-${i}`, namespace: 'default' },
    spec: {
      replicas: REPLICAS, selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', resources: { requests: { cpu: '10m', memory: '32Mi' } } }] } },
    },
  };
}

let replicaSets: ReplicaSetController | undefined, deployments: DeploymentController | undefined;
const sim = new Simulation({
  cluster, catalog: defaultCatalog(),
  components: (e) => [(replicaSets = new ReplicaSetController(e)), (deployments = new DeploymentController(e))],
});
sim.advance(15_000); // nodes Ready
gc();

const total = DEPLOYMENTS * REPLICAS;
const running = () => {
  let n = 0;
  for (const p of sim.store.select<Pod>('Pod', { namespace: 'default' })) if (p.status?.phase === 'Running' && !p.metadata.deletionTimestamp) n++;
  return n;
};
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const v0 = sim.now();
for (let i = 0; i < DEPLOYMENTS; i++) sim.store.create(deployment(i));
// Check for completion once per virtual second: the check itself scans every pod, so not after every timer.
let done = false;
for (let s = 0; s < 3600 && !done; s++) {
  sim.advance(1000);
  done = running() === total;
}
const wallSeconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
// CPU seconds too: on a shared machine wall time also measures the neighbours.
emit({
  name: 'apply-to-all-running', nodes: NODES, pods: running(), virtualSecondsToAllRunning: (sim.now() - v0) / 1000,
  wallSeconds: +wallSeconds.toFixed(2), cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(2),
  replicaSetSyncs: replicaSets!.reconciles, deploymentSyncs: deployments!.reconciles, storeWrites: sim.store.resourceVersion,
});

gc();
const steadyMs = 5 * 60_000;
const t1 = performance.now();
const cpu1 = process.cpuUsage();
sim.advance(steadyMs);
const steadyWall = (performance.now() - t1) / 1000;
const steadyCpu = process.cpuUsage(cpu1);
emit({
  name: 'steady-state', realTimeFactor: Math.round(steadyMs / 1000 / steadyWall),
  cpuRealTimeFactor: Math.round(steadyMs / 1000 / ((steadyCpu.user + steadyCpu.system) / 1e6)),
});
