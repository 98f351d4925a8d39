/**
 * The eviction manager of one node, run with every heartbeat (10 s): when memory.available (allocatable minus
 * what pods use; system daemons use their reserve) falls below 100Mi the node reports MemoryPressure and evicts
 * one pod per round, chosen by upstream's ranking. The condition clears 5 minutes after the last observation.
 */
import type { Node } from '../api/core.js';
import { toUnits } from '../api/quantity.js';
import {
  CRITICAL_PRIORITY, type ContainerMemory, type EvictionCandidate, MEMORY_THRESHOLD_BYTES, PRESSURE_TRANSITION_MS,
  evictionMessage, pageRound, rankForMemory,
} from './eviction.js';
import type { NodeHealth } from './node-status.js';
import type { PodWorker } from './pod-worker.js';

/** What the eviction manager reads from its node's kubelet. */
export interface EvictionHost {
  readonly workers: ReadonlyMap<string, PodWorker>;
  health: NodeHealth;
  now(): number;
  podMemory(now: number): number;
  nodeObject(): Node;
  recordNode(type: 'Normal' | 'Warning', reason: string, message: string): void;
}

/** The eviction manager of one node. */
export class NodeEviction {
  private lastPressureAt = -Infinity;

  constructor(private readonly host: EvictionHost) {}

  /** memory.available now, in bytes (undefined when the node reports no allocatable memory). */
  available(now = this.host.now()): number | undefined {
    const node = this.host.nodeObject();
    const alloc = node.status?.allocatable?.memory ?? node.status?.capacity?.memory;
    if (alloc === undefined) return undefined;
    let bytes: number;
    try {
      bytes = toUnits(alloc);
    } catch {
      return undefined;
    }
    return bytes - this.host.podMemory(now);
  }

  /** One synchronize round of the eviction manager. */
  check(): void {
    const now = this.host.now();
    const available = this.available(now);
    if (available === undefined) return;
    const health = this.host.health;
    if (available >= MEMORY_THRESHOLD_BYTES) {
      if (health.memoryPressure && now - this.lastPressureAt >= PRESSURE_TRANSITION_MS) health.memoryPressure = false;
      return;
    }
    this.lastPressureAt = now;
    health.memoryPressure = true;
    this.host.recordNode('Warning', 'EvictionThresholdMet', 'Attempting to reclaim memory');
    const victim = rankForMemory(this.candidates(now))[0];
    if (victim) victim.item.evict(evictionMessage(pageRound(available), victim.containers));
  }

  private candidates(now: number): EvictionCandidate<PodWorker>[] {
    const out: EvictionCandidate<PodWorker>[] = [];
    for (const w of this.host.workers.values()) {
      if (w.podIsTerminal || w.disposed || w.staticComponent) continue;
      const priority = w.pod.spec.priority ?? 0;
      if (priority >= CRITICAL_PRIORITY) continue;
      const containers: ContainerMemory[] = [];
      let usage = 0;
      let request = 0;
      for (const r of w.runs) {
        if (r.kind === 'init') continue;
        const used = pageRound(r.memoryAt(now));
        usage += used;
        request += r.memoryRequest;
        containers.push({ name: r.name, usage: used, request: r.memoryRequest, requestText: r.spec.resources?.requests?.memory ?? '0' });
      }
      out.push({ item: w, priority, usage, request, containers });
    }
    return out;
  }
}
