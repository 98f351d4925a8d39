/** Builders for scheduler tests (in the spirit of upstream's st.MakePod()/st.MakeNode()). */
import type { Container, Node, Pod, PodSpec, Taint } from '../../source/api/core.js';
import { SeededRandom } from '../../source/engine/random.js';
import { Snapshot } from '../../source/scheduler/snapshot.js';
import type { ScheduleOptions, VolumeLister } from '../../source/scheduler/types.js';

export interface NodeOpts {
  cpu?: string;
  memory?: string;
  pods?: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  images?: { names: string[]; sizeBytes: number }[];
  extra?: Record<string, string>;
}

/** A Ready node with allocatable cpu/memory/pods; the hostname label is set like kubelet does. */
export function makeNode(name: string, o: NodeOpts = {}): Node {
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...o.labels } },
    spec: { taints: o.taints, unschedulable: o.unschedulable },
    status: {
      allocatable: { cpu: o.cpu ?? '4', memory: o.memory ?? '8Gi', pods: o.pods ?? '110', ...o.extra },
      images: o.images,
    },
  };
}

export interface PodOpts {
  cpu?: string;
  memory?: string;
  labels?: Record<string, string>;
  nodeName?: string;
  namespace?: string;
  priority?: number;
  uid?: string;
  startTime?: string;
  spec?: Partial<PodSpec>;
  containers?: Container[];
  nominatedNodeName?: string;
  ownerKind?: string;
}

let uidSeq = 0;

/** A pod with one container requesting cpu/memory (omitted → no request). */
export function makePod(name: string, o: PodOpts = {}): Pod {
  const requests: Record<string, string> = {};
  if (o.cpu) requests.cpu = o.cpu;
  if (o.memory) requests.memory = o.memory;
  const containers: Container[] = o.containers ?? [{ name: 'c', image: 'app:1', resources: { requests } }];
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name, namespace: o.namespace ?? 'default', uid: o.uid ?? `uid-${name}-${++uidSeq}`, labels: o.labels,
      ownerReferences: o.ownerKind ? [{ apiVersion: 'apps/v1', kind: o.ownerKind, name: 'owner', uid: 'owner-uid', controller: true }] : undefined,
    },
    spec: { containers, nodeName: o.nodeName, priority: o.priority, ...o.spec },
    status: { phase: o.nodeName ? 'Running' : 'Pending', startTime: o.startTime, nominatedNodeName: o.nominatedNodeName },
  };
}

/** A snapshot holding the given nodes and (assigned) pods. */
export function snapshotOf(nodes: Node[], pods: Pod[] = []): Snapshot {
  const s = new Snapshot();
  for (const n of nodes) s.upsertNode(n);
  for (const p of pods) s.addPod(p);
  return s;
}

/** A lister with no storage objects. */
export const NO_VOLUMES: VolumeLister = { getPVC: () => undefined, getPV: () => undefined, getStorageClass: () => undefined };

/** Options with a seeded random source and priorities from spec.priority. */
export function options(o: Partial<ScheduleOptions> = {}): ScheduleOptions {
  const rnd = new SeededRandom(42);
  return {
    rand: () => rnd.next(),
    nextStartNodeIndex: 0,
    volumes: NO_VOLUMES,
    priorityOf: (p) => p.spec?.priority ?? 0,
    pdbs: [],
    ...o,
  };
}

import { type FilterPlugin, type ScorePlugin, newCycleContext } from '../../source/scheduler/framework.js';
import { newCycleStats, type Status } from '../../source/scheduler/types.js';

/** Run one filter plugin (PreFilter then Filter) for every node: name → status, 'skip', or undefined for a pass. */
export function filterAll(plugin: FilterPlugin, pod: Pod, snap: Snapshot, o: Partial<ScheduleOptions> = {}):
  Record<string, Status | 'skip' | 'prefilter-reject' | undefined> & { $reject?: Status } {
  const ctx = newCycleContext(pod, snap, options(o), newCycleStats());
  const out: Record<string, Status | 'skip' | 'prefilter-reject' | undefined> & { $reject?: Status } = {};
  const pre = plugin.preFilter?.(ctx) ?? {};
  for (const info of snap.nodeInfoList()) {
    if (pre.reject) { out[info.name] = 'prefilter-reject'; out.$reject = pre.reject; continue; }
    if (pre.skip) { out[info.name] = 'skip'; continue; }
    out[info.name] = plugin.filter(ctx, pre.state, info);
  }
  return out;
}

/** Run one score plugin over every node (all treated as feasible): raw and normalised scores by node name. */
export function scoreAll(plugin: ScorePlugin, pod: Pod, snap: Snapshot, o: Partial<ScheduleOptions> = {}):
  { skipped: boolean; raw: Record<string, number>; normalized: Record<string, number> } {
  const ctx = newCycleContext(pod, snap, options(o), newCycleStats());
  const nodes = snap.nodeInfoList();
  const pre = plugin.preScore(ctx, nodes);
  const raw: Record<string, number> = {}, normalized: Record<string, number> = {};
  if (pre.skip) return { skipped: true, raw, normalized };
  const scores = new Float64Array(nodes.map((n) => plugin.score(ctx, pre.state, n)));
  nodes.forEach((n, i) => { raw[n.name] = scores[i]!; });
  plugin.normalize?.(ctx, pre.state, scores, nodes);
  nodes.forEach((n, i) => { normalized[n.name] = scores[i]!; });
  return { skipped: false, raw, normalized };
}

/** The reasons of a filter result, [] for a pass. */
export function reasons(r: Status | 'skip' | 'prefilter-reject' | undefined): readonly string[] {
  return r && typeof r === 'object' ? r.reasons : [];
}
