/**
 * The cloud controller manager's service controller (`service-lb-controller`, events from `service-controller`):
 * a LoadBalancer Service gets the cleanup finalizer, `EnsuringLoadBalancer`, and after a simulated provisioning delay
 * an external IP in status.loadBalancer.ingress and `EnsuredLoadBalancer`. Changing the type away or deleting the
 * Service deprovisions it (`DeletingLoadBalancer` / `DeletedLoadBalancer`) and frees the IP.
 */
import type { Service } from '../api/core.js';
import { isApiError } from '../api/errors.js';
import { type Engine } from '../engine/engine.js';
import { Controller, keyOf, splitKey } from '../engine/controller.js';
import { formatIPv4, parseIPv4 } from './service-ip.js';

/** Finalizer upstream puts on LoadBalancer Services so the cloud load balancer is removed before the Service. */
export const LB_CLEANUP_FINALIZER = 'service.kubernetes.io/load-balancer-cleanup';
const SOURCE = { component: 'service-controller' };

export interface ServiceLoadBalancerOptions {
  /** How long the simulated cloud takes to provision a load balancer (default 30 s). */
  provisioningDelayMs?: number;
  /** How long deprovisioning takes before the finalizer is removed (default 5 s). */
  deprovisioningDelayMs?: number;
  /** The simulated cloud's pool of external addresses (default 203.0.113.0/24, a documentation range). */
  externalCIDR?: string;
}

type LbSpec = Service['spec'] & { loadBalancerClass?: string; loadBalancerIP?: string };

export class ServiceLoadBalancerController extends Controller {
  private readonly provisionMs: number;
  private readonly deprovisionMs: number;
  private readonly poolFirst: number;
  private readonly poolSize: number;
  /** External IP → uid of the Service holding it. */
  private readonly held = new Map<number, string>();
  /** Service uid → phase of its load balancer in the simulated cloud. */
  private readonly cloud = new Map<string, 'provisioning' | 'provisioned' | 'deprovisioning' | 'deprovisioned'>();

  constructor(engine: Engine, opts: ServiceLoadBalancerOptions = {}) {
    super('service-lb-controller', engine);
    this.provisionMs = opts.provisioningDelayMs ?? 30_000;
    this.deprovisionMs = opts.deprovisioningDelayMs ?? 5_000;
    const cidr = opts.externalCIDR ?? '203.0.113.0/24';
    const m = /^(.+)\/(\d+)$/.exec(cidr);
    const base = m ? parseIPv4(m[1]!) : undefined;
    const bits = m ? Number(m[2]) : NaN;
    if (base === undefined || !(bits >= 8 && bits <= 30)) throw new Error(`invalid external CIDR "${cidr}": must be an IPv4 CIDR between /8 and /30`);
    this.poolFirst = base + 1;
    this.poolSize = 2 ** (32 - bits) - 2;
    this.watch({ kind: 'Service' }, (e) => {
      const svc = e.object as Service;
      const old = e.oldObject as Service | undefined;
      if (e.type === 'DELETED') {
        // Gone without our finalizer (e.g. deleted before it was added): the cloud side is simply forgotten.
        this.release(svc.metadata.uid!);
        this.cloud.delete(svc.metadata.uid!);
        return undefined;
      }
      // Only LoadBalancer Services (now or before) are this controller's business.
      if (!this.wantsLoadBalancer(svc) && !(old && this.wantsLoadBalancer(old)) && !svc.metadata.finalizers?.includes(LB_CLEANUP_FINALIZER)
        && !this.cloud.has(svc.metadata.uid!)) return undefined;
      return keyOf(svc);
    });
  }

  private wantsLoadBalancer(svc: Service): boolean {
    return svc.spec?.type === 'LoadBalancer' && !(svc.spec as LbSpec).loadBalancerClass;
  }

  protected reconcile(key: string): void {
    const [namespace, name] = splitKey(key);
    const svc = this.store.tryGet<Service>('Service', namespace, name);
    if (!svc) return;
    const uid = svc.metadata.uid!;
    const phase = this.cloud.get(uid);
    if (svc.metadata.deletionTimestamp || !this.wantsLoadBalancer(svc)) {
      if (phase === undefined || phase === 'deprovisioned') {
        this.cloud.delete(uid);
        this.finish(svc);
        return;
      }
      if (phase === 'deprovisioning') return;
      this.engine.events.record(svc, 'Normal', 'DeletingLoadBalancer', 'Deleting load balancer', SOURCE);
      this.cloud.set(uid, 'deprovisioning');
      this.engine.after(this.deprovisionMs, () => {
        if (this.cloud.get(uid) !== 'deprovisioning') return;
        this.release(uid);
        this.cloud.set(uid, 'deprovisioned');
        const still = this.store.tryGet<Service>('Service', namespace, name);
        if (still?.metadata.uid === uid) this.engine.events.record(still, 'Normal', 'DeletedLoadBalancer', 'Deleted load balancer', SOURCE);
        this.queue.add(key);
      }, `${this.name}:deprovision:${key}`);
      return;
    }
    if (!svc.metadata.finalizers?.includes(LB_CLEANUP_FINALIZER)) {
      this.store.update({ ...svc, metadata: { ...svc.metadata, finalizers: [...(svc.metadata.finalizers ?? []), LB_CLEANUP_FINALIZER] } });
      return; // the write comes back as an event
    }
    if (phase === undefined || phase === 'deprovisioned') {
      this.engine.events.record(svc, 'Normal', 'EnsuringLoadBalancer', 'Ensuring load balancer', SOURCE);
      this.cloud.set(uid, 'provisioning');
      this.engine.after(this.provisionMs, () => {
        if (this.cloud.get(uid) !== 'provisioning') return;
        this.cloud.set(uid, 'provisioned');
        this.queue.add(key);
      }, `${this.name}:provision:${key}`);
      return;
    }
    if (phase !== 'provisioned') return;
    const ip = this.addressFor(svc);
    if (ip === undefined) {
      this.engine.events.record(svc, 'Warning', 'SyncLoadBalancerFailed', 'Error syncing load balancer: failed to ensure load balancer: no external IP addresses left in the pool', SOURCE);
      this.queue.addAfter(key, 60_000);
      return;
    }
    const ingress = svc.status?.loadBalancer?.ingress ?? [];
    if (ingress.length === 1 && ingress[0]!.ip === ip) return;
    this.store.updateStatus({ ...svc, status: { ...svc.status, loadBalancer: { ingress: [{ ip, ipMode: 'VIP' } as { ip: string }] } } });
    this.engine.events.record(svc, 'Normal', 'EnsuredLoadBalancer', 'Ensured load balancer', SOURCE);
  }

  /** The Service's external IP: the one it holds, the one it asks for (spec.loadBalancerIP) if free, or the next free. */
  private addressFor(svc: Service): string | undefined {
    const uid = svc.metadata.uid!;
    for (const [n, holder] of this.held) if (holder === uid) return formatIPv4(n);
    const asked = (svc.spec as LbSpec).loadBalancerIP;
    const wanted = asked ? parseIPv4(asked) : undefined;
    if (wanted !== undefined && wanted >= this.poolFirst && wanted < this.poolFirst + this.poolSize && !this.held.has(wanted)) {
      this.held.set(wanted, uid);
      return asked;
    }
    for (let i = 0; i < this.poolSize; i++) {
      const n = this.poolFirst + i;
      if (this.held.has(n)) continue;
      this.held.set(n, uid);
      return formatIPv4(n);
    }
    return undefined;
  }

  private release(uid: string): void {
    for (const [n, holder] of this.held) if (holder === uid) this.held.delete(n);
  }

  /** Deprovisioned: clear the status and drop the finalizer (which lets a deleting Service go). */
  private finish(svc: Service): void {
    this.release(svc.metadata.uid!);
    let current = svc;
    try {
      if (current.status?.loadBalancer?.ingress?.length && !current.metadata.deletionTimestamp) {
        current = this.store.updateStatus({ ...current, status: { ...current.status, loadBalancer: {} } });
      }
      if (current.metadata.finalizers?.includes(LB_CLEANUP_FINALIZER)) {
        const finalizers = current.metadata.finalizers.filter((f) => f !== LB_CLEANUP_FINALIZER);
        this.store.update({ ...current, metadata: { ...current.metadata, finalizers: finalizers.length ? finalizers : undefined } });
      }
    } catch (err) {
      if (!isApiError(err, 'NotFound')) throw err;
    }
  }
}
