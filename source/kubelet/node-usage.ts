/**
 * The resource usage totals of one node's running containers, kept incrementally so reading them costs nothing:
 * CPU demand (each container throttled at its limit), memory as base + traffic working set + leaks
 * (memory(t) = base + leakRate × t − leakOffset), and the share of its demand each container actually gets when
 * the node is oversubscribed (noisy neighbours).
 */
import type { Node } from '../api/core.js';
import { toMilli } from '../api/quantity.js';
import type { ContainerRun } from './container-run.js';

/** Usage totals of one node. */
export class NodeUsage {
  /** Bumped whenever a container starts or stops here (or allocatable CPU changes): readers that cache per-pod state re-check only then. */
  version = 0;
  private cpuSum = 0;
  private memBase = 0;
  private leakRate = 0;
  private leakOffset = 0;
  /** Allocatable CPU (millicores) of the node object last seen (re-parsed only when the object changes). */
  private allocCpu = Infinity;
  private allocOf?: Node;

  /** A container started (+1) or stopped (−1). What it adds is remembered on the run, so removal is exact. */
  changed(run: ContainerRun, sign: 1 | -1): void {
    const u = run.usage!;
    this.version++;
    if (sign > 0) {
      run.countedCpuMilli = run.cpuAt();
      run.countedMemoryBytes = u.baseBytes + run.trafficMemoryBytes;
    }
    this.cpuSum += sign * run.countedCpuMilli;
    this.memBase += sign * run.countedMemoryBytes;
    this.leakRate += sign * u.leakPerMs;
    this.leakOffset += sign * u.leakPerMs * run.startedAt;
    if (sign < 0) run.countedCpuMilli = run.countedMemoryBytes = 0;
  }

  /** A running container's traffic changed (rate × per-request CPU and memory): move the totals by the difference. */
  trafficChanged(run: ContainerRun): void {
    if (!run.usage) return;
    const cpu = run.cpuAt();
    const bytes = run.usage.baseBytes + run.trafficMemoryBytes;
    this.cpuSum += cpu - run.countedCpuMilli;
    this.memBase += bytes - run.countedMemoryBytes;
    run.countedCpuMilli = cpu;
    run.countedMemoryBytes = bytes;
  }

  /** Memory used by the containers at `now` (bytes). */
  memory(now: number): number {
    return Math.max(0, this.memBase + this.leakRate * now - this.leakOffset);
  }

  /** CPU the containers want, each throttled at its limit (millicores). */
  cpuDemand(): number {
    return this.cpuSum > 0 ? this.cpuSum : 0;
  }

  /** CPU the containers get: their demand, at most the node's allocatable CPU (millicores). */
  cpuUsed(): number {
    return this.cpuSum * this.cpuFactor();
  }

  /**
   * The share of its demand each container gets: 1 while the pods together want no more than the node's
   * allocatable CPU; beyond that the CFS scheduler shares the CPU out by weight, which for busy containers is
   * close to proportional, so every container gets proportionally less.
   */
  cpuFactor(): number {
    return this.cpuSum > this.allocCpu ? this.allocCpu / this.cpuSum : 1;
  }

  /** Allocatable CPU in millicores (Infinity when the node reports none). */
  allocatableCpu(): number {
    return this.allocCpu;
  }

  /** Take allocatable CPU from the node object when it changed (registration, a resize by the user). */
  observeNode(node: Node): void {
    if (node === this.allocOf) return;
    this.allocOf = node;
    const cpu = node.status?.allocatable?.cpu ?? node.status?.capacity?.cpu;
    let milli = Infinity;
    try {
      if (cpu !== undefined) milli = toMilli(cpu);
    } catch {
      milli = Infinity; // unreadable: do not cap
    }
    milli = milli > 0 ? milli : Infinity;
    if (milli !== this.allocCpu) this.version++; // what a container without a limit can use changed
    this.allocCpu = milli;
  }
}
