/** API store: create / list-by-node / list-by-label cost at 15k and 150k pods, watch fan-out, bytes per pod. */
import { performance } from 'node:perf_hooks';
import type { Pod } from '../source/api/core.js';
import { parseLabelSelector } from '../source/api/selectors.js';
import { Engine } from '../source/engine/engine.js';
import { defaultAdmission } from '../source/store/default-admission.js';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const emit = (o: object) => process.stdout.write(JSON.stringify(o) + '\n');

/** A typical Deployment pod as the store holds it once running: labels, owner, defaults, status. */
function deploymentPod(i: number, nodes: number): Pod {
  const app = `app-${i % 1000}`;
  const node = `node-${i % nodes}`;
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name: `${app}-7d9c5b6f4-${i.toString(36).padStart(5, 'x')}`, namespace: `ns-${i % 20}`,
      labels: { app, 'pod-template-hash': '7d9c5b6f4' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${app}-7d9c5b6f4`, uid: `rs-uid-${i % 1000}`, controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      nodeName: node,
      containers: [{ name: 'app', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }], resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } } }],
    },
  };
}

function status(nodeIP: string, podIP: string) {
  const t = '2026-01-01T00:00:10Z';
  return {
    phase: 'Running', hostIP: nodeIP, podIP, podIPs: [{ ip: podIP }], startTime: t, qosClass: 'Burstable',
    conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: t })),
    containerStatuses: [{ name: 'app', ready: true, started: true, restartCount: 0, image: 'docker.io/library/nginx:1.27', imageID: 'docker.io/library/nginx@sha256:0123', containerID: 'containerd://abc', state: { running: { startedAt: t } } }],
  };
}

function measure(total: number, nodes: number) {
  gc();
  const engine = new Engine({ admission: defaultAdmission(), historySize: 10_000 });
  for (let n = 0; n < 20; n++) engine.store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `ns-${n}` } });
  engine.settle();
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    const p = engine.store.create(deploymentPod(i, nodes));
    engine.store.updateStatus({ ...p, status: status(`10.0.${(i % nodes) >> 8}.${(i % nodes) & 255}`, `10.244.${i >> 8 & 255}.${i & 255}`) } as Pod);
  }
  const createUs = ((performance.now() - t0) * 1000) / total;
  engine.store.dispatch();
  gc();
  const bytesPerPod = Math.round((process.memoryUsage().heapUsed - heap0) / total);

  const reps = 2_000;
  let t = performance.now();
  let found = 0;
  for (let r = 0; r < reps; r++) found += engine.store.select('Pod', { nodeName: `node-${r % nodes}` }).length;
  const byNodeUs = ((performance.now() - t) * 1000) / reps;
  const sel = Array.from({ length: 50 }, (_, k) => parseLabelSelector(`app=app-${k}`));
  t = performance.now();
  for (let r = 0; r < reps; r++) found += engine.store.select('Pod', { namespace: `ns-${r % 20}`, selector: sel[r % 50] }).length;
  const byLabelUs = ((performance.now() - t) * 1000) / reps;
  t = performance.now();
  for (let r = 0; r < reps; r++) engine.store.tryGet('Pod', 'ns-0', `app-0-7d9c5b6f4-${(r * 20).toString(36).padStart(5, 'x')}`);
  const getUs = ((performance.now() - t) * 1000) / reps;
  emit({ name: 'store', pods: total, nodes, createPlusStatusUsPerPod: +createUs.toFixed(2), listPodsOfNodeUs: +byNodeUs.toFixed(2),
    podsPerNode: Math.round(total / nodes), listByLabelUs: +byLabelUs.toFixed(2), getUs: +getUs.toFixed(3), bytesPerPod, found });
  return engine;
}

function fanOut() {
  const engine = new Engine({ admission: defaultAdmission() });
  engine.store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  let delivered = 0;
  for (let i = 0; i < 20; i++) engine.store.watch({ kind: 'Pod' }, () => { delivered++; }, { sendInitialEvents: false });
  const n = 20_000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const p = deploymentPod(i, 100);
    p.metadata.namespace = 'default';
    engine.store.create(p);
    if (i % 100 === 99) engine.store.dispatch();
  }
  engine.store.dispatch();
  const ms = performance.now() - t0;
  emit({ name: 'watch-fanout', subscribers: 20, writes: n, delivered, usPerWrite: +((ms * 1000) / n).toFixed(2), eventsPerSecond: Math.round(delivered / (ms / 1000)) });
}

measure(15_000, 500);
measure(150_000, 5_000);
fanOut();
