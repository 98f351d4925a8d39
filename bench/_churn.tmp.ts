import { performance } from 'node:perf_hooks';
import type { Pod } from '../source/api/core.js';
import { defaultCatalog } from '../source/cluster/load.js';
import { Simulation } from '../source/cluster/simulation.js';
import { InProcessClient } from '../source/client/in-process.js';
import { AppController } from '../source/tui/app-controller.js';
const N = 15000, NODES = 150;
const sim = new Simulation({ cluster: { apiVersion: 'kubedrill.io/v1', kind: 'Cluster', metadata: { name: 'b' }, spec: { nodePools: [{ name: 'workers', count: NODES, capacity: { cpu: '32', memory: '128Gi', pods: '110' } }] } } as never, catalog: defaultCatalog(), seed: 1 });
sim.setComponentRunning('kubelet', false); sim.setComponentRunning('scheduler', false);
const name = (i: number) => `app-${i % 1000}-x${i}`;
for (let i = 0; i < N; i++) {
  const p = sim.store.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: name(i), namespace: 'default', labels: { app: 'a' } }, spec: { nodeName: `workers-${i % NODES}`, containers: [{ name: 'app', image: 'nginx' }] } } as Pod);
  sim.store.updateStatus({ ...p, status: { phase: 'Running', containerStatuses: [{ name: 'app', ready: true, restartCount: 0, image: 'nginx', imageID: '', state: { running: {} } }] } } as Pod);
}
sim.store.dispatch();
const client = new InProcessClient(sim);
const churn = (r: number) => { const t0 = performance.now(); for (let k = 0; k < 1000; k++) { const i = ((r * 1000 + k) * 131) % N; const p = sim.store.get<Pod>('Pod', 'default', name(i)); sim.store.updateStatus({ ...p, status: { ...p.status, containerStatuses: [{ ...p.status!.containerStatuses![0]!, restartCount: r + 1 }] } } as Pod); } sim.store.dispatch(); return performance.now() - t0; };
console.log('no UI', churn(0).toFixed(0));
const app = new AppController({ client, controls: client, speed: 0, columns: 140, rows: 45 });
console.log('overview', churn(1).toFixed(0), churn(2).toFixed(0));
app.command('pods');
console.log('overview+pods', churn(3).toFixed(0), churn(4).toFixed(0));
