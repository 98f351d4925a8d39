/**
 * ClusterIP and NodePort allocation, done where upstream does it: in the API server while the Service is written
 * (an admission step here), so a Service has its clusterIP the moment it exists. Explicit IPs and ports are honoured
 * or refused with upstream's errors; free ones are picked at random (seeded) from the upper part of the range, the
 * lower part being kept for explicit requests, as upstream's allocators do. Allocations are freed on delete.
 */
import type { Service, ServicePort } from '../api/core.js';
import { ApiError, type FieldError, invalid } from '../api/errors.js';
import { mustKindInfo } from '../api/kinds.js';
import type { KubeObject } from '../api/meta.js';
import { goStringSlice } from '../api/validation/go-format.js';
import type { AdmissionPlugin, AdmissionReader, Operation } from '../store/admission.js';
import { patchAllocatedValues, dropTypeDependentFields, needsHealthCheckNodePort } from './service-update.js';

/** --service-cluster-ip-range default. */
export const DEFAULT_SERVICE_CIDR = '10.96.0.0/12';
/** --service-node-port-range default. */
export const DEFAULT_NODE_PORT_RANGE = '30000-32767';

export interface ServiceIPAllocatorOptions {
  /** --service-cluster-ip-range (default 10.96.0.0/12). */
  serviceCIDR?: string;
  /** --service-node-port-range (default 30000-32767). */
  nodePortRange?: string;
}

/** The random source the allocator draws from (the engine's seeded one, for reproducible runs). */
export interface RandomSource {
  int(n: number): number;
}

const SERVICE = mustKindInfo('Service');

/** Dotted quad → 32-bit number, or undefined when not an IPv4 address. */
export function parseIPv4(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  return ((octets[0]! << 24) >>> 0) + (octets[1]! << 16) + (octets[2]! << 8) + octets[3]!;
}

/** 32-bit number → dotted quad. */
export function formatIPv4(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** One pool of numbers (IPs of a CIDR, or ports of a range): who holds what, checked against the store when in doubt. */
class Pool {
  private readonly owners = new Map<number, string>();

  constructor(readonly first: number, readonly size: number, private readonly offset: number,
    private readonly holds: (svc: Service, n: number) => boolean) {}

  contains(n: number): boolean {
    return n >= this.first && n < this.first + this.size;
  }

  /**
   * Whether `n` is held by another Service. An entry whose Service no longer holds it (deleted, changed, or
   * a write that failed after admission) is stale and dropped, so nothing leaks.
   */
  takenByOther(n: number, key: string, store: AdmissionReader): boolean {
    const owner = this.owners.get(n);
    if (owner === undefined || owner === key) return false;
    const i = owner.indexOf('/');
    const svc = store.tryGet<Service>('Service', owner.slice(0, i), owner.slice(i + 1));
    if (svc && this.holds(svc, n)) return true;
    this.owners.delete(n);
    return false;
  }

  take(n: number, key: string): void {
    this.owners.set(n, key);
  }

  /** randomScanStrategyWithOffset: a random start in the upper band, scanning forward; then the lower band. */
  next(key: string, store: AdmissionReader, random: RandomSource): number | undefined {
    const bands: [number, number][] = [[this.offset, this.size - this.offset], [0, this.offset]];
    for (const [start, len] of bands) {
      if (len <= 0) continue;
      const from = random.int(len);
      for (let i = 0; i < len; i++) {
        const n = this.first + start + ((from + i) % len);
        if (!this.takenByOther(n, key, store) && this.owners.get(n) !== key) {
          this.take(n, key);
          return n;
        }
      }
    }
    return undefined;
  }
}

/** min(max(lo, size/step), hi): upstream's reserved band for explicit requests (0 for tiny ranges). */
function rangeOffset(size: number, lo: number, hi: number, step: number): number {
  if (size <= lo) return 0;
  return Math.min(Math.max(lo, Math.floor(size / step)), hi);
}

export class ServiceIPAllocator {
  readonly cidr: string;
  readonly nodePortRange: string;
  private readonly ips: Pool;
  private readonly ports: Pool;
  /** The admission step to add to the store's chain (after defaulting). */
  readonly admission: AdmissionPlugin;

  constructor(private readonly random: RandomSource, opts: ServiceIPAllocatorOptions = {}) {
    this.cidr = opts.serviceCIDR ?? DEFAULT_SERVICE_CIDR;
    const m = /^(.+)\/(\d+)$/.exec(this.cidr);
    const base = m ? parseIPv4(m[1]!) : undefined;
    const bits = m ? Number(m[2]) : NaN;
    if (base === undefined || !(bits >= 8 && bits <= 30)) throw new Error(`invalid service CIDR "${this.cidr}": must be an IPv4 CIDR between /8 and /30, e.g. 10.96.0.0/12`);
    const cidrSize = 2 ** (32 - bits);
    const network = (base & ~(cidrSize - 1)) >>> 0;
    // The network and broadcast addresses are never handed out.
    this.ips = new Pool(network + 1, cidrSize - 2, rangeOffset(cidrSize, 16, 256, 16), (svc, n) => (svc.spec?.clusterIPs ?? []).includes(formatIPv4(n)));
    this.nodePortRange = opts.nodePortRange ?? DEFAULT_NODE_PORT_RANGE;
    const r = /^(\d+)-(\d+)$/.exec(this.nodePortRange);
    const lo = r ? Number(r[1]) : NaN, hi = r ? Number(r[2]) : NaN;
    if (!(lo >= 1 && hi <= 65535 && lo <= hi)) throw new Error(`invalid node port range "${this.nodePortRange}": expected e.g. 30000-32767`);
    const size = hi - lo + 1;
    this.ports = new Pool(lo, size, rangeOffset(size, 16, 128, 32), (svc, n) => nodePortsOf(svc).includes(n));
    this.admission = {
      name: 'ServiceIPAllocation',
      mutate: (obj, op, old, store) => this.admit(obj, op, old, store),
    };
  }

  /** Record what already-stored Services hold (the ones created before this allocator was installed). */
  observe(services: Iterable<Service>): void {
    for (const svc of services) {
      const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
      for (const ip of svc.spec?.clusterIPs ?? []) {
        const n = parseIPv4(ip);
        if (n !== undefined && this.ips.contains(n)) this.ips.take(n, key);
      }
      for (const p of nodePortsOf(svc)) if (this.ports.contains(p)) this.ports.take(p, key);
    }
  }

  private admit(obj: KubeObject, op: Operation, old: KubeObject | undefined, store: AdmissionReader): void {
    if (obj.kind !== 'Service' || !obj.spec) return;
    const svc = obj as Service;
    const before = op === 'UPDATE' ? old as Service | undefined : undefined;
    if (before) {
      dropTypeDependentFields(svc, before);
      patchAllocatedValues(svc, before);
    }
    const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
    if (svc.spec.type !== 'ExternalName' && (!before || before.spec.type === 'ExternalName' || !before.spec.clusterIP)) {
      this.allocateClusterIP(svc, key, store);
    }
    if (svc.spec.type === 'NodePort' || svc.spec.type === 'LoadBalancer') this.allocateNodePorts(svc, before, key, store);
    if (needsHealthCheckNodePort(svc)) this.allocateHealthCheckNodePort(svc, key, store);
  }

  private allocateClusterIP(svc: Service, key: string, store: AdmissionReader): void {
    const spec = svc.spec;
    const requested = spec.clusterIPs?.[0] || spec.clusterIP || '';
    if (requested === 'None') return; // headless
    if (requested) {
      const n = parseIPv4(requested);
      if (n === undefined) return; // not an IP: validation reports it
      let reason: string | undefined;
      if (!this.ips.contains(n)) reason = `the provided IP (${requested}) is not in the valid range. The range of valid IPs is ${this.cidr}`;
      else if (this.ips.takenByOther(n, key, store)) reason = 'provided IP is already allocated';
      if (reason) {
        const error: FieldError = { type: 'FieldValueInvalid', field: 'spec.clusterIPs', valueText: goStringSlice(spec.clusterIPs ?? [requested]), detail: `failed to allocate IP ${requested}: ${reason}` };
        throw invalid(SERVICE, svc.metadata.name ?? '', [error]);
      }
      this.ips.take(n, key);
      return;
    }
    const n = this.ips.next(key, store, this.random);
    if (n === undefined) throw new ApiError('InternalError', 'Internal error occurred: failed to allocate a serviceIP: range is full');
    spec.clusterIP = formatIPv4(n);
    spec.clusterIPs = [spec.clusterIP];
  }

  /** initNodePorts / updateNodePorts: ports sharing a port number share a nodePort; explicit ones are reserved. */
  private allocateNodePorts(svc: Service, before: Service | undefined, key: string, store: AdmissionReader): void {
    const ports = svc.spec.ports ?? [];
    const allocate = svc.spec.type === 'NodePort' || (svc.spec as { allocateLoadBalancerNodePorts?: boolean }).allocateLoadBalancerNodePorts !== false;
    const had = new Set(before ? nodePortsOf(before) : []);
    const byPort = new Map<number, number>();
    ports.forEach((p: ServicePort, i) => {
      if (!p.nodePort && !allocate) return;
      const shared = byPort.get(p.port) ?? (p.nodePort ? undefined : ports.find((q) => q.port === p.port && q.nodePort)?.nodePort);
      if (!p.nodePort && shared) { p.nodePort = shared; return; }
      if (p.nodePort) {
        // Out-of-range ports are validation's to report; ports this Service already had stay its own.
        if (this.ports.contains(p.nodePort) && !had.has(p.nodePort)) {
          if (this.ports.takenByOther(p.nodePort, key, store)) {
            throw invalid(SERVICE, svc.metadata.name ?? '', [{ type: 'FieldValueInvalid', field: `spec.ports[${i}].nodePort`, value: p.nodePort, detail: 'provided port is already allocated' }]);
          }
          this.ports.take(p.nodePort, key);
        }
      } else {
        const n = this.ports.next(key, store, this.random);
        if (n === undefined) throw new ApiError('InternalError', 'Internal error occurred: failed to allocate a nodePort: range is full');
        p.nodePort = n;
      }
      byPort.set(p.port, p.nodePort);
    });
  }

  private allocateHealthCheckNodePort(svc: Service, key: string, store: AdmissionReader): void {
    const spec = svc.spec as Service['spec'] & { healthCheckNodePort?: number };
    if (spec.healthCheckNodePort) {
      if (this.ports.contains(spec.healthCheckNodePort) && this.ports.takenByOther(spec.healthCheckNodePort, key, store)) {
        throw new ApiError('InternalError', `Internal error occurred: failed to allocate requested HealthCheck NodePort ${spec.healthCheckNodePort}: provided port is already allocated`);
      }
      this.ports.take(spec.healthCheckNodePort, key);
      return;
    }
    const n = this.ports.next(key, store, this.random);
    if (n === undefined) throw new ApiError('InternalError', 'Internal error occurred: failed to allocate a HealthCheck NodePort 0: range is full');
    spec.healthCheckNodePort = n;
  }
}

/** Every node port a Service holds: its ports' nodePorts and its health-check node port. */
function nodePortsOf(svc: Service): number[] {
  const out: number[] = [];
  for (const p of svc.spec?.ports ?? []) if (p.nodePort) out.push(p.nodePort);
  const hc = (svc.spec as { healthCheckNodePort?: number } | undefined)?.healthCheckNodePort;
  if (hc) out.push(hc);
  return out;
}
