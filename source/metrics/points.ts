/**
 * metrics-server's storage rules (pkg/storage/pod.go, node.go) for one pod or node: it keeps the last two scraped
 * points and reports usage only when it has both — CPU is a rate over the window between them, memory the working
 * set at the last one. So a pod or node has no metrics until its second scrape, except that a container started
 * between 10 s and one resolution before a scrape gets a synthetic previous point at its start time (the "fresh
 * container" rule). A restarted container, or one missing from the previous scrape (kubelet down, metrics-server
 * restarted), starts over.
 */
import type { ContainerStatus } from '../api/core.js';
import type { ContainerMetrics, NodeMetricsSample, PodMetricsSample } from './types.js';

/** freshContainerMinMetricsResolution: a container younger than this at a scrape gets no synthetic point. */
export const FRESH_CONTAINER_MIN_MS = 10_000;

/** Truncate millicores to whole nanocores, as metrics-server's uint64 nanocore quantity does. */
export const toNanoPrecision = (milli: number): number => Math.floor(milli * 1e6) / 1e6;

interface ContainerPoint {
  name: string;
  lastT: number;
  lastCpu: number;
  lastMem: number;
  /** NaN: no previous point, so no metric yet. */
  prevT: number;
  prevCpu: number;
  /** Usage over the window, millicores (nanocore precision). */
  cpu: number;
  seen: number;
}

/**
 * One pod's points and, when it has both, its metrics. The first container's point is held directly and the rest
 * (sidecars) in an array: a scrape of 30,000 mostly single-container pods then touches one small object per pod,
 * which is what keeps it cache-friendly.
 */
export class PodPoints {
  private first: ContainerPoint | undefined;
  private rest: ContainerPoint[] | undefined;
  private cached: PodMetricsSample | undefined;
  private restarts = -1;
  /** Whether the pod had metrics at its last update (every container with two points). */
  hasMetrics = false;
  /** Scrape number of the last update: metrics are current only when it is the latest scrape. */
  seq = -1;
  timestamp = NaN;
  windowMs = NaN;
  /** Pod totals over the window (valid when hasMetrics). */
  cpuMilli = 0;
  memoryBytes = 0;

  constructor(readonly namespace: string, readonly name: string) {}

  /**
   * Record the kubelet's reading at scrape number `seq` (time `now`). `restarts` is the pod's total restart count:
   * when it moved, some container restarted, and since a pod reports only when every container has two points,
   * starting all of them over gives the same answer as tracking each. `statuses` is read only on that rare path,
   * for container start times (the fresh-container rule).
   */
  update(seq: number, now: number, usage: readonly { name: string; cpuMilli: number; memoryBytes: number }[], restarts: number, statuses: readonly ContainerStatus[] | undefined, resolutionMs: number): void {
    this.cached = undefined;
    this.seq = seq;
    const restarted = restarts !== this.restarts;
    this.restarts = restarts;
    let count = 0, complete = usage.length > 0, cpu = 0, mem = 0;
    for (let i = 0; i < usage.length; i++) {
      const c = usage[i]!;
      // Containers come in spec order every time, so the same index is almost always the same container.
      let p = i === 0 ? this.first : this.rest?.[i - 1];
      if (p?.name !== c.name) p = this.find(c.name) ?? this.add(c.name);
      let fresh = false;
      if (p.seen === seq - 1 && !restarted) {
        p.prevT = p.lastT;
        p.prevCpu = p.lastCpu;
      } else {
        const started = Date.parse(containerStatus(statuses, c.name)?.state?.running?.startedAt ?? '');
        const age = now - started;
        fresh = age >= FRESH_CONTAINER_MIN_MS && age < resolutionMs;
        p.prevT = fresh ? started : NaN;
      }
      if (p.seen !== seq) count++;
      p.lastT = now;
      p.lastCpu = c.cpuMilli;
      p.lastMem = c.memoryBytes;
      p.seen = seq;
      // The kubelet's CPU is instantaneous; the mean of the window's two ends stands in for the counter's rate.
      p.cpu = toNanoPrecision(fresh ? c.cpuMilli : (p.prevCpu + c.cpuMilli) / 2);
      if (Number.isNaN(p.prevT)) complete = false;
      cpu += p.cpu;
      mem += p.lastMem;
    }
    // A container that stopped since the last scrape is dropped (rare, so rebuilding is fine).
    if (count !== (this.first ? 1 : 0) + (this.rest?.length ?? 0)) {
      const kept = this.points().filter((p) => p.seen === seq);
      this.first = kept[0];
      this.rest = kept.length > 1 ? kept.slice(1) : undefined;
    }
    this.hasMetrics = complete;
    if (!complete) return;
    this.cpuMilli = cpu;
    this.memoryBytes = mem;
    this.timestamp = now;
    this.windowMs = now - this.first!.prevT;
  }

  /** Forget every point (the pod was not scraped): it needs two scrapes again. */
  reset(): void {
    this.first = this.rest = this.cached = undefined;
    this.hasMetrics = false;
  }

  /** The metrics.k8s.io PodMetrics, built once per scrape and shared by readers (treat it as read-only). */
  sample(): PodMetricsSample | undefined {
    if (!this.hasMetrics) return undefined;
    if (!this.cached) {
      const containers: ContainerMetrics[] = this.points().map((p) => ({ name: p.name, cpuMilli: p.cpu, memoryBytes: p.lastMem }));
      this.cached = { namespace: this.namespace, name: this.name, timestamp: this.timestamp, windowMs: this.windowMs, containers };
    }
    return this.cached;
  }

  private points(): ContainerPoint[] {
    return this.first ? [this.first, ...(this.rest ?? [])] : [];
  }

  private find(name: string): ContainerPoint | undefined {
    if (this.first?.name === name) return this.first;
    if (this.rest) for (const p of this.rest) if (p.name === name) return p;
    return undefined;
  }

  private add(name: string): ContainerPoint {
    const p: ContainerPoint = { name, lastT: NaN, lastCpu: 0, lastMem: 0, prevT: NaN, prevCpu: 0, cpu: 0, seen: -1 };
    if (!this.first) this.first = p;
    else (this.rest ??= []).push(p);
    return p;
  }
}

function containerStatus(statuses: readonly ContainerStatus[] | undefined, name: string): ContainerStatus | undefined {
  if (statuses) for (const s of statuses) if (s.name === name) return s;
  return undefined;
}

/** One node's points and, from its second consecutive scrape, its metrics. */
export class NodePoints {
  private lastT = NaN;
  private lastCpu = 0;
  private prevT = NaN;
  private prevCpu = 0;
  /** Scrape number of the last update. */
  seen = -1;
  private cached: NodeMetricsSample | undefined;
  hasMetrics = false;
  cpuMilli = 0;
  memoryBytes = 0;

  constructor(readonly name: string) {}

  update(seq: number, now: number, usage: { cpuMilli: number; memoryBytes: number }): void {
    this.cached = undefined;
    const continuous = this.seen === seq - 1;
    this.prevT = continuous ? this.lastT : NaN;
    this.prevCpu = continuous ? this.lastCpu : 0;
    this.lastT = now;
    this.lastCpu = usage.cpuMilli;
    this.seen = seq;
    this.hasMetrics = continuous;
    this.cpuMilli = toNanoPrecision((this.prevCpu + usage.cpuMilli) / 2);
    this.memoryBytes = usage.memoryBytes;
  }

  /** The metrics.k8s.io NodeMetrics, built once per scrape (treat it as read-only). */
  sample(): NodeMetricsSample | undefined {
    if (!this.hasMetrics) return undefined;
    this.cached ??= { name: this.name, timestamp: this.lastT, windowMs: this.lastT - this.prevT, cpuMilli: this.cpuMilli, memoryBytes: this.memoryBytes };
    return this.cached;
  }
}
