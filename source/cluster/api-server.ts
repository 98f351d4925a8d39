/**
 * Whether clients can reach the simulated API server, and how slowly it answers. Faults (api-server-down,
 * api-server-slow) set it; the surfaces' clients (the in-process client, later the HTTP API) read it, so an
 * operator sees kubectl's connection error or the added latency while the control plane is unhealthy.
 * Several faults may hold it at once: it is down while any holds it down, and as slow as the slowest.
 */
import type { Simulation } from './simulation.js';

/** The address kubectl's message names (the kubeconfig kubedrill writes points at the local API server). */
export const DEFAULT_API_SERVER_ADDRESS = '127.0.0.1:6443';

/** What a client sees of the API server now. */
export interface ApiServerStatus {
  state: 'up' | 'down' | 'slow';
  /** Extra latency every request takes (0 when up or down). */
  latencyMs: number;
  /** kubectl's error while down. */
  error?: string;
}

/** The API server's availability as clients see it. */
export class ApiServerAvailability {
  private readonly downBy = new Set<string>();
  private readonly slowBy = new Map<string, number>();

  constructor(readonly address = DEFAULT_API_SERVER_ADDRESS) {}

  /** Mark the API server unreachable (`down`) or reachable again on behalf of `owner` (a fault id). */
  setDown(owner: string, down: boolean): void {
    if (down) this.downBy.add(owner);
    else this.downBy.delete(owner);
  }

  /** Add latency on behalf of `owner`; undefined or 0 removes it. */
  setLatency(owner: string, latencyMs: number | undefined): void {
    if (latencyMs && latencyMs > 0) this.slowBy.set(owner, latencyMs);
    else this.slowBy.delete(owner);
  }

  get reachable(): boolean {
    return this.downBy.size === 0;
  }

  /** The largest latency any owner added. */
  get latencyMs(): number {
    let max = 0;
    for (const ms of this.slowBy.values()) if (ms > max) max = ms;
    return max;
  }

  /** kubectl's message when the server refuses connections; undefined while reachable. */
  connectionError(): string | undefined {
    return this.reachable ? undefined : `The connection to the server ${this.address} was refused - did you specify the right host or port?`;
  }

  status(): ApiServerStatus {
    if (!this.reachable) return { state: 'down', latencyMs: 0, error: this.connectionError() };
    const latencyMs = this.latencyMs;
    return latencyMs > 0 ? { state: 'slow', latencyMs } : { state: 'up', latencyMs: 0 };
  }
}

const detached = new WeakMap<object, ApiServerAvailability>();

/**
 * The availability object of a simulation: `sim.apiServer` once the Simulation carries one, otherwise one kept
 * beside the simulation here (so faults and clients agree either way).
 */
export function apiServerOf(sim: Simulation): ApiServerAvailability {
  const own = (sim as { apiServer?: ApiServerAvailability }).apiServer;
  if (own) return own;
  let a = detached.get(sim);
  if (!a) detached.set(sim, (a = new ApiServerAvailability()));
  return a;
}
