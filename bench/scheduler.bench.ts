/**
 * Scheduler throughput: one scheduling cycle per pod (then the pod is assumed onto its node, as the scheduler
 * component does) at 500 and 5,000 nodes with 30 existing pods per node (15k / 150k pods), for plain pods,
 * pods with required anti-affinity, and pods with topology spread, after WARMUP untimed cycles that leave the
 * cluster unchanged. Prints `{ name, nodes, pods, scheduled, podsPerSecond, podsPerCpuSecond, coldPodsPerSecond }`:
 * per CPU second counts the whole process (JIT and GC threads too); cold is the rate of the warm-up cycles.
 */
import { performance } from 'node:perf_hooks';
import type { Node, Pod, PodSpec } from '../source/api/core.js';
import { SeededRandom } from '../source/engine/random.js';
import { schedulePod } from '../source/scheduler/schedule-pod.js';
import { Snapshot } from '../source/scheduler/snapshot.js';
import type { ScheduleOptions } from '../source/scheduler/types.js';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const emit = (o: object) => process.stdout.write(JSON.stringify(o) + '\n');
const PODS_PER_NODE = 30;
const APPS = 1000;
/** Untimed cycles before each measurement (JIT, caches, the first pass over the nodes); nothing is assumed. */
const WARMUP = 300;

function node(i: number): Node {
  const name = `node-${i}`;
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': `zone-${i % 3}`, 'node.kubernetes.io/instance-type': 'm5.4xlarge' } },
    spec: {},
    status: {
      allocatable: { cpu: '16', memory: '64Gi', pods: '110', 'ephemeral-storage': '100Gi' },
      images: [{ names: ['docker.io/library/nginx:1.27', 'nginx:1.27'], sizeBytes: 70 * 1024 * 1024 }],
    },
  };
}

function pod(name: string, app: string, nodeName: string | undefined, spec: Partial<PodSpec> = {}): Pod {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name, namespace: `ns-${Number(app.slice(4)) % 20}`, uid: `uid-${name}`, labels: { app, 'pod-template-hash': '7d9c5b6f4' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${app}-7d9c5b6f4`, uid: `rs-${app}`, controller: true }],
    },
    spec: {
      nodeName,
      containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '100m', memory: '128Mi' } } }],
      ...spec,
    },
    status: { phase: nodeName ? 'Running' : 'Pending' },
  };
}

function cluster(nodes: number): Snapshot {
  const s = new Snapshot();
  for (let i = 0; i < nodes; i++) s.upsertNode(node(i));
  for (let i = 0; i < nodes * PODS_PER_NODE; i++) s.addPod(pod(`p-${i}`, `app-${i % APPS}`, `node-${i % nodes}`));
  return s;
}

type Variant = 'plain' | 'anti-affinity' | 'topology-spread';

function incoming(variant: Variant, i: number): Pod {
  // New pods belong to a few fresh apps, 50 replicas each, so anti-affinity and spreading have real work to do.
  const app = `app-${APPS + Math.floor(i / 50)}`;
  const sel = { matchLabels: { app } };
  switch (variant) {
    case 'plain': return pod(`new-${i}`, app, undefined);
    case 'anti-affinity': return pod(`new-${i}`, app, undefined, { affinity: { podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: sel, topologyKey: 'kubernetes.io/hostname' }],
    } } });
    case 'topology-spread': return pod(`new-${i}`, app, undefined, { topologySpreadConstraints: [
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: sel },
      { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: sel },
    ] });
  }
}

function measure(nodes: number, variant: Variant, count: number): void {
  // Collect the previous case's cluster first: otherwise its 150,000 pods die inside this case's timed loop, and
  // the per-pod WeakMap caches rehash around their corpses there (a quarter-second stall each) instead of here.
  gc();
  const snap = cluster(nodes);
  gc();
  const optionsWith = (rnd: SeededRandom): ScheduleOptions => ({
    rand: () => rnd.next(), nextStartNodeIndex: 0, volumes: { getPVC: () => undefined, getPV: () => undefined, getStorageClass: () => undefined },
    priorityOf: (p) => p.spec.priority ?? 0, pdbs: [],
  });
  // Warm up with pods of other apps, on their own random source and rotation, and without assuming them: the timed
  // loop below then starts from exactly the cluster and decisions it had before, minus the cold start.
  const warm = optionsWith(new SeededRandom(2));
  const warmStart = performance.now();
  for (let i = 0; i < WARMUP; i++) warm.nextStartNodeIndex = schedulePod(incoming(variant, count + i), snap, warm).nextStartNodeIndex;
  const warmSeconds = (performance.now() - warmStart) / 1000;
  const options = optionsWith(new SeededRandom(1));
  let scheduled = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const p = incoming(variant, i);
    const r = schedulePod(p, snap, options);
    options.nextStartNodeIndex = r.nextStartNodeIndex;
    if (r.kind === 'scheduled') {
      scheduled++;
      snap.addPod({ ...p, spec: { ...p.spec, nodeName: r.node } }); // assume
    }
  }
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  // Per CPU second too: on a shared machine wall time also measures the neighbours.
  emit({
    name: `schedule-${variant}`, nodes, pods: nodes * PODS_PER_NODE, scheduled, podsPerSecond: Math.round(count / seconds),
    podsPerCpuSecond: Math.round(count / ((cpu.user + cpu.system) / 1e6)), coldPodsPerSecond: Math.round(WARMUP / warmSeconds),
  });
}

for (const [nodes, count] of [[500, 2000], [5000, 1000]] as const) {
  for (const variant of ['plain', 'anti-affinity', 'topology-spread'] as const) measure(nodes, variant, count);
}
