/**
 * Node-pressure eviction for memory (the kubelet's eviction manager): the hard threshold memory.available<100Mi,
 * upstream's ranking of victims, and the message an evicted pod carries.
 */
import { formatQuantity, fromUnits } from '../api/quantity.js';

/** memory.available hard threshold, 100Mi. */
export const MEMORY_THRESHOLD_BYTES = 100 * 1024 * 1024;
/** How long a pressure condition stays after the last observation (evictionPressureTransitionPeriod). */
export const PRESSURE_TRANSITION_MS = 5 * 60_000;
/** Pods at or above this priority (system-cluster-critical, system-node-critical) are never evicted. */
export const CRITICAL_PRIORITY = 2_000_000_000;

/** One container's memory use against its request, for the eviction message. */
export interface ContainerMemory { name: string; usage: number; request: number; requestText: string }

/** A pod the eviction manager may pick. */
export interface EvictionCandidate<T> {
  item: T;
  priority: number;
  usage: number;
  request: number;
  containers: ContainerMemory[];
}

/** Memory as the kubelet's summary reports it: whole pages, so quantities print as Ki/Mi like a real node's. */
export function pageRound(bytes: number): number {
  return Math.round(bytes / 4096) * 4096;
}

/** resource.NewQuantity(n, BinarySI).String(). */
export const binarySI = (bytes: number): string => formatQuantity(fromUnits(Math.round(bytes), 'BinarySI'));

/**
 * Upstream's memory ranking: pods using more than their request first, then lower priority first, then larger
 * usage above request first. Ties keep their input order (the kubelet's active pod order).
 */
export function rankForMemory<T>(candidates: EvictionCandidate<T>[]): EvictionCandidate<T>[] {
  return candidates
    .map((c, i) => ({ c, i }))
    .sort((a, b) => {
      const ea = a.c.usage > a.c.request ? 0 : 1;
      const eb = b.c.usage > b.c.request ? 0 : 1;
      if (ea !== eb) return ea - eb;
      if (a.c.priority !== b.c.priority) return a.c.priority - b.c.priority;
      const da = a.c.usage - a.c.request, db = b.c.usage - b.c.request;
      if (da !== db) return db - da;
      return a.i - b.i;
    })
    .map((x) => x.c);
}

/** `The node was low on resource: memory. Threshold quantity: 100Mi, available: 51200Ki. Container app was using …`. */
export function evictionMessage(availableBytes: number, containers: ContainerMemory[]): string {
  let message = `The node was low on resource: memory. Threshold quantity: 100Mi, available: ${binarySI(availableBytes)}. `;
  for (const c of containers) {
    if (c.usage > c.request) message += `Container ${c.name} was using ${binarySI(c.usage)}, request is ${c.requestText}, has larger consumption of memory. `;
  }
  return message;
}

/** The message of a BestEffort pod refused while the node is under memory pressure. */
export const MEMORY_PRESSURE_ADMIT_MESSAGE = 'The node had condition: [MemoryPressure]. ';
