/**
 * The ResourceQuota controller (`resourcequota-controller`): keeps each quota's status.hard equal to spec.hard and
 * status.used equal to what the namespace's objects consume. Usage is tracked per object and summed incrementally
 * from watch events, so a pod change costs one evaluation per quota of its namespace, never a namespace rescan.
 * Terminal pods stop counting, and so do pods stuck terminating once deletion + grace has passed (as upstream).
 */
import type { Pod, ResourceQuota } from '../api/core.js';
import { KINDS } from '../api/kinds.js';
import type { KubeObject } from '../api/meta.js';
import { type Quantity, addQuantities } from '../api/quantity.js';
import { type Engine } from '../engine/engine.js';
import { Controller, keyOf, splitKey } from '../engine/controller.js';
import { deepEqual } from '../store/clone.js';
import {
  type ScopeRequirement, type Usage, kindForResource, maskUsage, matchesScopes, objectUsage, podConsumesQuota, quotaScopes,
  toResourceList,
} from '../store/quota-usage.js';
import type { WatchEvent } from '../store/watch.js';

const ZERO: Quantity = { nano: 0n, format: 'DecimalSI' };

/** One quota's running totals: the masked usage of every object it counts. */
class QuotaTracker {
  readonly contributions = new Map<string, Usage>();
  readonly totals = new Map<string, Quantity>();
  readonly hardKeys: string[];
  readonly kinds: Set<string>;
  readonly scopes: ScopeRequirement[];
  /** The latest version of the quota this controller has seen through its watch. */
  seen: ResourceQuota;

  constructor(quota: ResourceQuota) {
    this.seen = quota;
    this.scopes = quotaScopes(quota);
    const hard = quota.spec?.hard ?? {};
    this.hardKeys = Object.keys(hard).filter((k) => kindForResource(k) !== undefined);
    this.kinds = new Set(this.hardKeys.map((k) => kindForResource(k)!));
    if (this.scopes.length) for (const k of [...this.kinds]) if (k !== 'Pod') this.kinds.delete(k);
  }

  /** Whether this tracker was built for the same hard names and scopes (else it is rebuilt). */
  sameShape(quota: ResourceQuota): boolean {
    return deepEqual(Object.keys(quota.spec?.hard ?? {}).filter((k) => kindForResource(k) !== undefined), this.hardKeys)
      && deepEqual(quotaScopes(quota), this.scopes);
  }

  /** Replace one object's contribution; true when the totals changed. */
  set(objKey: string, usage: Usage | undefined): boolean {
    const prior = this.contributions.get(objKey);
    if (!prior && !usage) return false;
    if (prior && usage && sameUsage(prior, usage)) return false;
    if (prior) for (const [n, q] of prior) this.totals.set(n, { nano: (this.totals.get(n)?.nano ?? 0n) - q.nano, format: this.totals.get(n)?.format ?? q.format });
    if (usage) {
      for (const [n, q] of usage) this.totals.set(n, addQuantities(this.totals.get(n) ?? ZERO, q));
      this.contributions.set(objKey, usage);
    } else this.contributions.delete(objKey);
    return true;
  }

  /** status.used: every tracked hard name, zero when nothing counts towards it. */
  used(): Record<string, string> {
    const u: Usage = new Map();
    for (const k of this.hardKeys) {
      const t = this.totals.get(k);
      u.set(k, t && t.nano !== 0n ? t : ZERO);
    }
    return toResourceList(u);
  }
}

function sameUsage(a: Usage, b: Usage): boolean {
  if (a.size !== b.size) return false;
  for (const [n, q] of a) if (b.get(n)?.nano !== q.nano) return false;
  return true;
}

export class ResourceQuotaController extends Controller {
  /** namespace → quota name → tracker. */
  private readonly trackers = new Map<string, Map<string, QuotaTracker>>();
  /** Pods already scheduled for a re-check when their termination stops counting. */
  private readonly rechecks = new Set<string>();

  constructor(engine: Engine) {
    super('resourcequota-controller', engine);
    this.watch({ kind: 'ResourceQuota' }, (e) => this.onQuota(e));
    // Every namespaced kind can be counted (count/<resource>); Events and Leases are left out for cost.
    for (const info of KINDS) {
      if (!info.namespaced || info.kind === 'Event' || info.kind === 'Lease') continue;
      this.watch({ kind: info.kind }, (e) => this.onObject(info.kind, e));
    }
  }

  private onQuota(e: WatchEvent): string[] {
    const quota = e.object as ResourceQuota;
    const ns = quota.metadata.namespace!, name = quota.metadata.name!;
    const keys = [keyOf(quota)];
    if (e.type === 'DELETED') {
      this.trackers.get(ns)?.delete(name);
      if (this.trackers.get(ns)?.size === 0) this.trackers.delete(ns);
    } else {
      let byName = this.trackers.get(ns);
      if (!byName) this.trackers.set(ns, (byName = new Map()));
      const tracker = byName.get(name);
      if (tracker && tracker.sameShape(quota)) tracker.seen = quota;
      else byName.set(name, this.build(quota));
    }
    // Quotas count each other (count/resourcequotas), so a quota event may move others' totals too.
    for (const k of this.onObject('ResourceQuota', e)) if (!keys.includes(k)) keys.push(k);
    return keys;
  }

  /** A fresh tracker, filled from the namespace's current objects of the kinds it counts. */
  private build(quota: ResourceQuota): QuotaTracker {
    const tracker = new QuotaTracker(quota);
    const now = this.engine.now();
    for (const kind of tracker.kinds) {
      for (const obj of this.store.select(kind, { namespace: quota.metadata.namespace })) {
        tracker.set(objectKey(kind, obj), this.usageFor(tracker, kind, obj, now));
      }
    }
    return tracker;
  }

  private usageFor(tracker: QuotaTracker, kind: string, obj: KubeObject, now: number): Usage | undefined {
    if (!matchesScopes(tracker.scopes, kind, obj)) return undefined;
    if (kind === 'Pod') this.scheduleRecheck(obj as Pod, now);
    const usage = maskUsage(objectUsage(kind, obj, now), tracker.hardKeys);
    return usage.size ? usage : undefined;
  }

  private onObject(kind: string, e: WatchEvent): string[] {
    const ns = e.object.metadata.namespace;
    const byName = ns === undefined ? undefined : this.trackers.get(ns);
    if (!byName) return [];
    if (kind === 'Pod' && e.type === 'MODIFIED' && e.oldObject && !podQuotaChanged(e.oldObject as Pod, e.object as Pod)) return [];
    return this.apply(kind, e.type === 'DELETED' ? undefined : e.object, e.object, byName);
  }

  private apply(kind: string, obj: KubeObject | undefined, ref: KubeObject, byName: Map<string, QuotaTracker>): string[] {
    const keys: string[] = [];
    const now = this.engine.now();
    const objKey = objectKey(kind, ref);
    for (const [name, tracker] of byName) {
      if (!tracker.kinds.has(kind)) continue;
      if (tracker.set(objKey, obj ? this.usageFor(tracker, kind, obj, now) : undefined)) keys.push(`${ref.metadata.namespace}/${name}`);
    }
    return keys;
  }

  /** A pod stuck terminating stops counting after deletion + grace: look again then. */
  private scheduleRecheck(pod: Pod, now: number): void {
    const del = pod.metadata.deletionTimestamp;
    const grace = pod.metadata.deletionGracePeriodSeconds;
    if (!del || grace === undefined) return;
    const at = Date.parse(del) + grace * 1000;
    const key = keyOf(pod);
    if (at < now || this.rechecks.has(key)) return;
    this.rechecks.add(key);
    this.engine.after(at - now + 1, () => {
      this.rechecks.delete(key);
      const [ns, name] = splitKey(key);
      const current = this.store.tryGet<Pod>('Pod', ns, name);
      const byName = ns === undefined ? undefined : this.trackers.get(ns);
      if (!current || !byName) return;
      for (const k of this.apply('Pod', current, current, byName)) this.queue.add(k);
    }, `${this.name}:terminating:${key}`);
  }

  protected reconcile(key: string): void {
    const [ns, name] = splitKey(key);
    const quota = this.store.tryGet<ResourceQuota>('ResourceQuota', ns, name);
    const tracker = ns === undefined ? undefined : this.trackers.get(ns)?.get(name);
    if (!quota || !tracker) return;
    const status = { hard: { ...quota.spec?.hard }, used: tracker.used() };
    if (deepEqual(quota.status, status)) return;
    // Written against the version this controller last saw: if admission charged the quota since (a write not yet
    // seen), the store answers Conflict and the sync runs again once that write and its object have arrived.
    this.store.updateStatus<ResourceQuota>({ ...quota, metadata: { ...quota.metadata, resourceVersion: tracker.seen.metadata.resourceVersion }, status });
  }
}

function objectKey(kind: string, obj: KubeObject): string {
  return `${kind}/${obj.metadata.name}`;
}

/** Whether a pod update can change its quota usage: its spec (resources), phase going terminal, or termination. */
function podQuotaChanged(old: Pod, pod: Pod): boolean {
  if (old.spec !== pod.spec) return true;
  if (!old.metadata.deletionTimestamp !== !pod.metadata.deletionTimestamp) return true;
  const terminal = (p: Pod) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
  return terminal(old) !== terminal(pod) || podConsumesQuota(old, 0) !== podConsumesQuota(pod, 0);
}
