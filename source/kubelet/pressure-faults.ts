/**
 * Node-pressure faults. Memory: a process outside any pod takes memory until memory.available falls just under the
 * eviction threshold (100Mi), so the kubelet's own eviction manager reports MemoryPressure and evicts pods by its
 * ranking (section 2.7) — as many as it takes to get back over the threshold. Disk and PIDs: the kubelet reports
 * DiskPressure / PIDPressure (the node lifecycle controller then adds the matching NoSchedule taint). Either way the
 * condition clears evictionPressureTransitionPeriod (5 min) after the pressure ends, as upstream.
 */
import type { TimerHandle } from '../engine/timers.js';
import { MEMORY_THRESHOLD_BYTES, PRESSURE_TRANSITION_MS } from './eviction.js';
import type { KubeletPool } from './kubelet-pool.js';
import type { NodeHealth } from './node-status.js';

/** The resources a node can be short of. */
export type PressureResource = 'memory' | 'disk' | 'pid';

/** How far under the threshold the memory hog takes memory.available: one eviction of any real pod gets it back over. */
const UNDER_THRESHOLD_BYTES = 1024 * 1024;

const FLAG: Record<Exclude<PressureResource, 'memory'>, keyof Omit<NodeHealth, 'ready'>> = { disk: 'diskPressure', pid: 'pidPressure' };

interface Hold { node: string; resource: PressureResource; hogBytes: number }

/** Node-pressure faults of one kubelet pool. */
export class PressureFaults {
  private readonly holds = new Map<string, Hold[]>();
  private readonly clearing = new Map<string, TimerHandle>();

  constructor(private readonly pool: KubeletPool) {}

  /**
   * Put `node` under pressure for `owner`. For memory, `hogBytes` is what the hog takes (default: enough to bring
   * memory.available just under the threshold, nothing if it is already under). Returns the hog's size, or
   * undefined when the node has no kubelet.
   */
  apply(owner: string, node: string, resource: PressureResource, hogBytes?: number): number | undefined {
    const agent = this.pool.nodeAgent(node);
    if (!agent) return undefined;
    let hog = 0;
    if (resource === 'memory') {
      const available = agent.eviction.available();
      hog = hogBytes ?? (available === undefined ? 0 : Math.max(0, available - MEMORY_THRESHOLD_BYTES + UNDER_THRESHOLD_BYTES));
      agent.extraMemoryBytes += hog;
    } else {
      const key = `${node}/${resource}`;
      this.pool.engine.timers.cancel(this.clearing.get(key));
      this.clearing.delete(key);
      agent.health[FLAG[resource]] = true;
    }
    const list = this.holds.get(owner) ?? [];
    list.push({ node, resource, hogBytes: hog });
    this.holds.set(owner, list);
    return hog;
  }

  /** End every pressure `owner` holds: the hog frees its memory; disk / PID pressure clears after the transition period. */
  release(owner: string): void {
    const list = this.holds.get(owner);
    if (!list) return;
    this.holds.delete(owner);
    for (const h of list) {
      const agent = this.pool.nodeAgent(h.node);
      if (!agent) continue;
      if (h.resource === 'memory') {
        agent.extraMemoryBytes = Math.max(0, agent.extraMemoryBytes - h.hogBytes);
        continue;
      }
      if (this.held(h.node, h.resource)) continue;
      const key = `${h.node}/${h.resource}`;
      const flag = FLAG[h.resource];
      this.clearing.set(key, this.pool.engine.after(PRESSURE_TRANSITION_MS, () => {
        this.clearing.delete(key);
        if (!this.held(h.node, h.resource)) agent.health[flag] = false;
      }, 'kubelet-pressure-transition'));
    }
  }

  private held(node: string, resource: PressureResource): boolean {
    for (const list of this.holds.values()) if (list.some((h) => h.node === node && h.resource === resource)) return true;
    return false;
  }
}
