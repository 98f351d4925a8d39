import { Simulation } from './source/cluster/simulation.js';
import { defaultCatalog } from './source/cluster/load.js';
import { DaemonSetController } from './source/controllers/daemonset/index.js';
import { StatefulSetController } from './source/controllers/statefulset/index.js';

const workers = Number(process.argv[2] ?? 1000);
let dsTime = 0;
const proto = DaemonSetController.prototype as any;
const orig = proto.reconcile;
proto.reconcile = function (key: string) { const t = performance.now(); try { return orig.call(this, key); } finally { dsTime += performance.now() - t; } };
const t0 = performance.now();
let ds!: DaemonSetController;
const sim = new Simulation({ cluster: { apiVersion: 'kubedrill.io/v1', kind: 'Cluster', metadata: { name: 'perf' }, spec: { controlPlane: { podCIDR: '10.0.0.0/8' }, nodePools: [
  { name: 'control-plane', count: 1, controlPlane: true, capacity: { cpu: '4', memory: '16Gi', pods: '110' } },
  { name: 'workers', count: workers, capacity: { cpu: '8', memory: '32Gi', pods: '110' }, zones: ['a', 'b', 'c'] }] } } as any,
  catalog: defaultCatalog(), components: (e) => [ds = new DaemonSetController(e), new StatefulSetController(e)] });
const t1 = performance.now();
sim.store.create({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'kube-proxy', namespace: 'kube-system' },
  spec: { selector: { matchLabels: { k8s: 'proxy' } }, template: { metadata: { labels: { k8s: 'proxy' } }, spec: { tolerations: [{ operator: 'Exists' }], containers: [{ name: 'p', image: 'nginx:1.27' }] } } } } as any);
sim.engine.settle();
const t2 = performance.now();
const ok = sim.engine.advanceUntil(() => (sim.store.get<any>('DaemonSet', 'kube-system', 'kube-proxy').status?.numberReady ?? 0) === workers + 1, 600_000);
const t3 = performance.now();
console.log({ workers, ok, build: Math.round(t1 - t0), create: Math.round(t2 - t1), rollout: Math.round(t3 - t2), reconciles: ds.reconciles, virtual: sim.now() });
// rolling update
const cur = sim.store.get<any>('DaemonSet', 'kube-system', 'kube-proxy');
sim.store.update({ ...cur, spec: { ...cur.spec, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%', maxSurge: 0 } }, template: { ...cur.spec.template, metadata: { labels: { k8s: 'proxy', v: '2' } } } } });
const r0 = ds.reconciles; const t4 = performance.now();
const ok2 = sim.engine.advanceUntil(() => { const s = sim.store.get<any>('DaemonSet', 'kube-system', 'kube-proxy').status; return s.updatedNumberScheduled === workers + 1 && s.numberAvailable === workers + 1; }, 3_600_000);
const t5 = performance.now();
console.log({ ok2, update: Math.round(t5 - t4), reconciles: ds.reconciles - r0 });
const t6 = performance.now(); sim.advance(600_000); console.log({ steady10min: Math.round(performance.now() - t6), reconciles: ds.reconciles });
console.log({ dsTime: Math.round(dsTime), cpu: process.cpuUsage() });
