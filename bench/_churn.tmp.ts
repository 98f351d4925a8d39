import { performance } from 'node:perf_hooks';
import type { Pod } from '../source/api/core.js';
import { defaultCatalog } from '../source/cluster/load.js';
import { Simulation } from '../source/cluster/simulation.js';
import { InProcessClient } from '../source/client/in-process.js';
import { AppController } from '../source/tui/app-controller.js';
const N = Number(process.env.N ?? 150000), NODES = N / 100;
const sim = new Simulation({ cluster: { apiVersion: 'kubedrill.io/v1', kind: 'Cluster', metadata: { name: 'b' }, spec: { controlPlane: { podCIDR: '10.0.0.0/8' }, nodePools: [{ name: 'workers', count: NODES, capacity: { cpu: '32', memory: '128Gi', pods: '110' } }] } } as never, catalog: defaultCatalog(), seed: 1 });
sim.setComponentRunning('kubelet', false); sim.setComponentRunning('scheduler', false);
const name = (i: number) => `app-${i % 1000}-x${i}`;
for (let i = 0; i < N; i++) {
  const p = sim.store.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: name(i), namespace: 'default', labels: { app: 'a' } }, spec: { nodeName: `workers-${i % NODES}`, containers: [{ name: 'app', image: 'nginx' }] } } as Pod);
  sim.store.updateStatus({ ...p, status: { phase: 'Running', containerStatuses: [{ name: 'app', ready: true, restartCount: 0, image: 'nginx', imageID: '', state: { running: {} } }] } } as Pod);
  if (i % 10000 === 0) sim.store.dispatch();
}
sim.store.dispatch();
const client = new InProcessClient(sim);
const churn = (r: number) => { const t0 = performance.now(); for (let k = 0; k < 1000; k++) { const i = ((r * 1000 + k) * 131) % N; const p = sim.store.get<Pod>('Pod', 'default', name(i)); sim.store.updateStatus({ ...p, status: { ...p.status, containerStatuses: [{ ...p.status!.containerStatuses![0]!, restartCount: r + 1 }] } } as Pod); } sim.store.dispatch(); return performance.now() - t0; };
console.log('no UI', churn(0).toFixed(0), churn(1).toFixed(0));
const app = new AppController({ client, controls: client, speed: 0, columns: 140, rows: 45 });
console.log('overview', churn(2).toFixed(0), churn(3).toFixed(0));
app.command('pods');
console.log('overview+pods', churn(4).toFixed(0));
let t = performance.now(); app.handleInput('T'); console.log('sort T', (performance.now() - t).toFixed(0));
t = performance.now(); app.handleInput('N'); console.log('sort N', (performance.now() - t).toFixed(0));
t = performance.now(); app.handleInput('T'); console.log('sort T', (performance.now() - t).toFixed(0));
console.log('overview+pods sorted by restarts', churn(5).toFixed(0), churn(6).toFixed(0));
t = performance.now(); app.handleInput('/'); app.handleInput('a'); console.log('filter a', (performance.now() - t).toFixed(0));
t = performance.now(); app.handleInput('p'); console.log('filter ap', (performance.now() - t).toFixed(0));
t = performance.now(); app.handleInput('p'); console.log('filter app', (performance.now() - t).toFixed(0));
const { performance: pf } = await import('node:perf_hooks');
for (let r = 0; r < 3; r++) {
  let t1 = pf.now(); app.handleInput('\x1b'); console.log('esc', (pf.now() - t1).toFixed(0));
  t1 = pf.now(); app.handleInput('/'); app.handleInput('x'); console.log('filter x', (pf.now() - t1).toFixed(0));
  t1 = pf.now(); app.handleInput('\x1b'); app.handleInput('A'); console.log('sort A', (pf.now() - t1).toFixed(0));
  t1 = pf.now(); app.frame(); console.log('frame', (pf.now() - t1).toFixed(0));
}
