/** Host ports (framework.HostPortInfo): which (hostIP, protocol, hostPort) triples a node's pods hold. */
import type { Pod } from '../api/core.js';
import { podDerived } from './pod-cache.js';

/** 0.0.0.0 binds every address, so it conflicts with any IP on the same protocol and port. */
export const BIND_ALL_HOST_IP = '0.0.0.0';

/** One requested host port, sanitised (empty IP → 0.0.0.0, empty protocol → TCP). */
export interface HostPort { readonly ip: string; readonly protocol: string; readonly port: number }

const NONE: readonly HostPort[] = Object.freeze([]);

/** The host ports a pod's (app) containers ask for; only ports with hostPort > 0 count (cached per pod). */
export function podHostPorts(pod: Pod): readonly HostPort[] {
  const derived = podDerived(pod);
  let ports = derived.hostPorts;
  if (ports) return ports;
  let out: HostPort[] | undefined;
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort || p.hostPort <= 0) continue;
      (out ??= []).push({ ip: p.hostIP || BIND_ALL_HOST_IP, protocol: p.protocol || 'TCP', port: p.hostPort });
    }
  }
  ports = out ?? NONE;
  derived.hostPorts = ports;
  return ports;
}

/** Used host ports on one node: "protocol/port" → hostIP → number of pods holding it. */
export class HostPortInfo {
  private readonly used = new Map<string, Map<string, number>>();

  /** Record a pod's ports. */
  add(ports: readonly HostPort[]): void {
    for (const p of ports) {
      const key = `${p.protocol}/${p.port}`;
      let ips = this.used.get(key);
      if (!ips) this.used.set(key, (ips = new Map()));
      ips.set(p.ip, (ips.get(p.ip) ?? 0) + 1);
    }
  }

  /** Forget a pod's ports. */
  remove(ports: readonly HostPort[]): void {
    for (const p of ports) {
      const key = `${p.protocol}/${p.port}`;
      const ips = this.used.get(key);
      if (!ips) continue;
      const n = (ips.get(p.ip) ?? 0) - 1;
      if (n > 0) ips.set(p.ip, n);
      else ips.delete(p.ip);
      if (ips.size === 0) this.used.delete(key);
    }
  }

  /** CheckConflict: 0.0.0.0 clashes with any IP on that protocol/port; a specific IP clashes with itself or 0.0.0.0. */
  conflicts(p: HostPort): boolean {
    const ips = this.used.get(`${p.protocol}/${p.port}`);
    if (!ips) return false;
    if (p.ip === BIND_ALL_HOST_IP) return ips.size > 0;
    return ips.has(p.ip) || ips.has(BIND_ALL_HOST_IP);
  }

  /** Whether no port is in use (lets NodePorts and clone() skip work). */
  get isEmpty(): boolean {
    return this.used.size === 0;
  }

  /** An independent copy (preemption dry runs). */
  clone(): HostPortInfo {
    const c = new HostPortInfo();
    for (const [k, ips] of this.used) c.used.set(k, new Map(ips));
    return c;
  }
}
