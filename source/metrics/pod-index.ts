/**
 * The metrics server's own view of bound pods, kept from one Pod watch: pods grouped by node, each pod's phase,
 * readiness and container statuses, its workload, and running totals (running pods, Ready pods per workload).
 * Work happens per pod *change*; a scrape then walks compact entries instead of re-reading 30,000 store objects.
 */
import type { ContainerStatus, Pod } from '../api/core.js';
import type { KubeObject } from '../api/meta.js';
import type { ApiStore } from '../store/store.js';
import type { WatchEvent } from '../store/watch.js';
import type { MetricsSeries } from './metrics-series.js';
import { PodPoints } from './points.js';
import { type WorkloadRef, workloadKey, workloadOf } from './workload.js';

/** A workload's pods as the index counts them, and its sums at the current scrape. */
export interface WorkloadEntry {
  key: string;
  ref: WorkloadRef;
  row: number;
  /** Bound pods and Ready bound pods (kept by the watch). */
  pods: number;
  ready: number;
  /** Summed pod CPU (millicores) and memory (bytes) of the current scrape. */
  cpu: number;
  memory: number;
}

/** One bound pod: what the watch last said about it, and (as PodPoints) its scraped points. */
export class PodEntry extends PodPoints {
  phase: string | undefined;
  ready = false;
  statuses: readonly ContainerStatus[] | undefined;
  /** Sum of the containers' restart counts. */
  restartTotal = 0;
  /** Row in the pod series table, or -1 before its first metrics. */
  row = -1;

  constructor(readonly uid: string, readonly key: string, readonly node: string, namespace: string, name: string, readonly workload: WorkloadEntry | undefined) {
    super(namespace, name);
  }
}

const isBound = (o: KubeObject): boolean => !!(o as Pod).spec?.nodeName;

function isReady(pod: Pod): boolean {
  const conditions = pod.status?.conditions;
  if (conditions) for (const c of conditions) if (c.type === 'Ready') return c.status === 'True';
  return false;
}

export class PodIndex {
  readonly byUid = new Map<string, PodEntry>();
  readonly byKey = new Map<string, PodEntry>();
  readonly byNode = new Map<string, Set<PodEntry>>();
  readonly workloads = new Map<string, WorkloadEntry>();
  /** Bound pods in phase Running, and bound pods past Pending (Running, Succeeded, Failed, Unknown). */
  running = 0;
  settled = 0;

  constructor(private readonly store: ApiStore, private readonly history: MetricsSeries) {
    store.watch({ kind: 'Pod', matches: isBound }, (e) => this.onPod(e));
  }

  private onPod(e: WatchEvent): void {
    const pod = e.object as Pod;
    const uid = pod.metadata.uid!;
    const entry = this.byUid.get(uid);
    if (e.type === 'DELETED') {
      if (entry) this.forget(entry);
      return;
    }
    if (entry) {
      this.count(entry, -1);
      this.observe(entry, pod);
      this.count(entry, 1);
      return;
    }
    const ns = pod.metadata.namespace ?? 'default';
    const key = `${ns}/${pod.metadata.name}`;
    const previous = this.byKey.get(key);
    if (previous) this.forget(previous); // a replacement under the same name: the old pod's series end here
    const ref = workloadOf(pod, this.store);
    const created = new PodEntry(uid, key, pod.spec.nodeName!, ns, pod.metadata.name!, ref && this.workloadEntry(ref));
    this.observe(created, pod);
    this.byUid.set(uid, created);
    this.byKey.set(key, created);
    let group = this.byNode.get(created.node);
    if (!group) this.byNode.set(created.node, (group = new Set()));
    group.add(created);
    if (created.workload) created.workload.pods++;
    this.count(created, 1);
  }

  private observe(entry: PodEntry, pod: Pod): void {
    entry.phase = pod.status?.phase;
    entry.ready = isReady(pod);
    const statuses = pod.status?.containerStatuses;
    entry.statuses = statuses;
    let restarts = 0;
    if (statuses) for (const s of statuses) restarts += s.restartCount ?? 0;
    entry.restartTotal = restarts;
  }

  /** Add (sign 1) or remove (-1) an entry's share of the running totals. */
  private count(entry: PodEntry, sign: 1 | -1): void {
    if (entry.phase === 'Running') this.running += sign;
    if (entry.phase !== undefined && entry.phase !== 'Pending') this.settled += sign;
    if (entry.ready && entry.workload) entry.workload.ready += sign;
  }

  private forget(entry: PodEntry): void {
    this.count(entry, -1);
    if (entry.workload) entry.workload.pods--;
    this.byUid.delete(entry.uid);
    const group = this.byNode.get(entry.node);
    group?.delete(entry);
    if (group && !group.size) this.byNode.delete(entry.node);
    if (this.byKey.get(entry.key) === entry) {
      this.byKey.delete(entry.key);
      this.history.pods.delete(entry.key);
    }
  }

  private workloadEntry(ref: WorkloadRef): WorkloadEntry {
    const key = workloadKey(ref);
    let w = this.workloads.get(key);
    if (!w) this.workloads.set(key, (w = { key, ref, row: this.history.workloads.row(key), pods: 0, ready: 0, cpu: 0, memory: 0 }));
    return w;
  }

  /** Drop a workload that has no pods left (its object is gone). */
  dropWorkload(w: WorkloadEntry): void {
    this.workloads.delete(w.key);
    this.history.workloads.delete(w.key);
  }
}
