/**
 * The traffic hook of one pod on a simulated node: the traffic model tells the kubelet how many requests per
 * second reach the pod, and reads back how many it can serve. Requests cost CPU (rate × cpuPerRequest, throttled
 * at the limit, shared out when the node is oversubscribed) and memory (rate × memoryPerRequest, OOMKilled at the
 * limit). Nothing is written to the store: usage totals move in memory, and only a kill changes the pod.
 *
 * Which containers serve: those that declare a containerPort (a Service reaches a pod through its ports; a proxy
 * sidecar with a port sees every request too), or the first regular container when none declares one.
 */
import type { ContainerRun } from './container-run.js';
import { replanMemoryExit } from './container-run.js';
import { runningNext } from './container-steps.js';
import type { NodeAgent } from './node-agent.js';
import type { NodeUsage } from './node-usage.js';
import type { PodWorker } from './pod-worker.js';

/** A handle on one pod's traffic; cheap to keep, valid until the pod goes (`alive` turns false). */
export class PodTraffic {
  /** Whether the serving containers are running (set by `measure`): requests to a pod that is not fail. */
  up = false;
  /** Requests per second this pod can serve now (set by `measure`; Infinity: requests cost no CPU). */
  capacity = 0;
  /** Requests per second this pod serves now at its current rate (set by `measure`). */
  served = 0;
  /** Traffic CPU wanted over the CPU the limit leaves for it, 0…∞ (set by `measure`; 0 without a limit or per-request cost). */
  utilisation = 0;
  private readonly runs: ContainerRun[];

  constructor(readonly worker: PodWorker, private readonly agent: NodeAgent) {
    const longRunning = worker.runs.filter((r) => r.kind !== 'init');
    const withPorts = longRunning.filter((r) => (r.spec.ports?.length ?? 0) > 0);
    this.runs = withPorts.length ? withPorts : longRunning.filter((r) => r.kind === 'regular').slice(0, 1);
  }

  get namespace(): string {
    return this.worker.namespace;
  }

  get name(): string {
    return this.worker.name;
  }

  get uid(): string {
    return this.worker.uid;
  }

  /** The pod still exists on a node that still exists (a stopped kubelet's containers keep serving). */
  get alive(): boolean {
    return !this.worker.disposed && !this.agent.removed;
  }

  /** The node the pod runs on. */
  get nodeName(): string {
    return this.agent.name;
  }

  /** The usage totals of the pod's node: its `version` moves whenever a container there starts or stops. */
  get nodeUsage(): NodeUsage {
    return this.agent.usage;
  }

  /** Requests per second reaching the pod. */
  get rate(): number {
    return this.runs[0]?.requestRate ?? 0;
  }

  /**
   * Set the requests per second reaching the pod. Moves the node's CPU and memory totals and re-plans an OOM kill
   * when the working set changed; a kill that comes due now runs at once. Costs nothing when the rate is unchanged.
   */
  setRequestRate(rps: number): void {
    if (!(rps >= 0) || !Number.isFinite(rps)) throw new Error(`setRequestRate: the rate must be a non-negative number, got ${rps}`);
    let sync = false;
    for (const r of this.runs) {
      if (r.requestRate === rps) continue;
      const p = r.profile;
      const bytes = rps * p.memoryPerRequestBytes;
      const memoryMoved = bytes !== r.trafficMemoryBytes;
      r.requestRate = rps;
      r.trafficCpuMilli = rps * p.cpuPerRequestMilli;
      r.trafficMemoryBytes = bytes;
      this.agent.usage.trafficChanged(r);
      if (memoryMoved && r.memoryLimit > 0 && replanMemoryExit(r, this.agent.now())) {
        const next = runningNext(r);
        // Later: the worker's timer fires early and finds nothing due. Earlier: the worker must re-arm now.
        if (next < r.nextAt) sync = true;
        r.nextAt = next;
      }
    }
    if (sync && this.agent.running && !this.worker.disposed) this.worker.sync();
  }

  /** Compute `capacity`, `served` and `utilisation` for the current rate and node contention. */
  measure(): void {
    const rate = this.rate;
    const limitCapacity = this.limitCapacity();
    this.up = limitCapacity >= 0;
    if (!this.up) {
      this.capacity = this.served = this.utilisation = 0;
      return;
    }
    // A throttled container serves what its limit allows; an oversubscribed node gives each container only
    // `factor` of what it wants, so the pod serves that share of its requests.
    const factor = this.agent.usage.cpuFactor();
    this.capacity = limitCapacity * factor;
    this.served = Math.min(rate * factor, this.capacity);
    this.utilisation = utilisation(rate, limitCapacity);
  }

  /**
   * Requests per second the pod could serve with all the CPU its limits allow (the node's allocatable CPU for a
   * container without a limit), before any node contention; Infinity when requests cost no CPU; −1 when a serving
   * container is not running. Changes only when a container starts or stops.
   */
  limitCapacity(): number {
    if (!this.runs.length || !this.alive) return -1;
    let capacity = Infinity;
    for (const r of this.runs) {
      if (!r.isRunning || !r.usage) return -1;
      const perRequest = r.profile.cpuPerRequestMilli;
      if (perRequest <= 0) continue;
      const ceiling = r.cpuLimit > 0 ? r.cpuLimit : this.agent.usage.allocatableCpu();
      const rps = Math.max(0, ceiling - r.usage.cpuMilli) / perRequest;
      if (rps < capacity) capacity = rps;
    }
    return capacity;
  }

  /** When the serving containers last started (changes when one restarts); −1 while one is not running. */
  servingSince(): number {
    let since = -1;
    for (const r of this.runs) {
      if (!r.isRunning) return -1;
      if (r.startedAt > since) since = r.startedAt;
    }
    return since;
  }

  /** Deleted with a grace period (not evicted, not force-deleted): in-flight requests finish during the shutdown. */
  get draining(): boolean {
    const meta = this.worker.pod.metadata;
    return meta.deletionTimestamp !== undefined && meta.deletionTimestamp !== null && this.worker.reason === undefined
      && (meta.deletionGracePeriodSeconds ?? 30) > 0;
  }
}

/** Traffic CPU wanted over the CPU the limit leaves for it: `rate` over the capacity at the limit (0 when unbounded). */
export function utilisation(rate: number, limitCapacity: number): number {
  if (limitCapacity === Infinity) return 0;
  if (limitCapacity > 0) return rate / limitCapacity;
  return rate > 0 ? Infinity : 0;
}
