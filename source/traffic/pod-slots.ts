/**
 * Every pod that receives requests, as one table indexed by slot number: the kubelet handle, the Services routing
 * to it, and what the traffic controller remembers between ticks. Numbers live in typed arrays (struct of arrays):
 * 30,000 objects with boxed numbers scattered over the heap cost a cache miss per field, arrays cost almost nothing.
 * A pod behind two Services has one slot and gets the sum of both shares.
 */
import type { KubeletPool } from '../kubelet/kubelet-pool.js';
import type { NodeUsage } from '../kubelet/node-usage.js';
import { type PodTraffic, utilisation } from '../kubelet/pod-traffic.js';
import type { ServiceTraffic } from './service-traffic.js';
import { latencyFactor } from './sli.js';

/**
 * A Service's share (and so its pods' rates) is re-given to the kubelet only when it moves by more than this
 * fraction: a diurnal curve moves by hundredths of a percent per tick, and re-setting 30,000 pods for that would
 * cost more than the rest of the simulation. 2% is well inside the HPA's 10% tolerance; the Service's own rate and
 * SLIs follow the model exactly (the pods' served fractions are applied to the exact rate).
 */
export const RATE_EPSILON = 0.02;

/** Whether `next` differs from `current` by more than RATE_EPSILON (any change from or to zero counts). */
export function rateMoved(current: number, next: number): boolean {
  if (current === next) return false;
  if (current === 0 || next === 0) return true;
  return Math.abs(next - current) > RATE_EPSILON * current;
}

const UP = 1, KILLED = 2, QUEUED = 4;

/** The slot table. */
export class PodSlots {
  private size = 0;
  private readonly freeList: number[] = [];
  private readonly byKey = new Map<string, number>();
  /** Per slot: the kubelet handle, its node's usage totals, the Services listing the pod, key and uid. */
  readonly handle: (PodTraffic | undefined)[] = [];
  readonly usage: (NodeUsage | undefined)[] = [];
  readonly owners: ServiceTraffic[][] = [];
  private readonly keys: string[] = [];
  private readonly uids: (string | undefined)[] = [];
  /** Per slot: the rate given to the kubelet; the last measurement (served req/s, latency factor). */
  applied: Float64Array = new Float64Array(0);
  served: Float64Array = new Float64Array(0);
  latency: Float64Array = new Float64Array(0);
  // The serving containers' start as last checked (−1: not running) and the node version then; the pod's capacity
  // at its limits (see PodTraffic.limitCapacity) and the node version it was read at; the tick of the last check
  // and measurement.
  private since: Float64Array = new Float64Array(0);
  private sinceVersion: Float64Array = new Float64Array(0);
  private capacity: Float64Array = new Float64Array(0);
  private measuredVersion: Float64Array = new Float64Array(0);
  private checkStamp: Int32Array = new Int32Array(0);
  private measureStamp: Int32Array = new Int32Array(0);
  private flags: Uint8Array = new Uint8Array(0);

  /** The slot of a pod, creating it; a pod with another uid under the same name gets a new slot. */
  slotFor(namespace: string, name: string, uid: string | undefined): number {
    const key = `${namespace}/${name}`;
    const known = this.byKey.get(key);
    if (known !== undefined && (uid === undefined || this.uids[known] === uid)) return known;
    const i = this.freeList.length ? this.freeList.pop()! : this.grow();
    this.byKey.set(key, i);
    this.keys[i] = key;
    this.uids[i] = uid;
    this.handle[i] = this.usage[i] = undefined;
    this.owners[i] = [];
    this.applied[i] = this.served[i] = 0;
    this.since[i] = this.sinceVersion[i] = this.measuredVersion[i] = this.capacity[i] = -1;
    this.latency[i] = 1;
    this.checkStamp[i] = this.measureStamp[i] = -1;
    this.flags[i] = 0;
    return i;
  }

  /** The slot of a pod by `namespace/name`, if it has one. */
  find(key: string): number | undefined {
    return this.byKey.get(key);
  }

  /** Give the slot back (no Service lists it and it has no rate). */
  release(i: number): void {
    if (this.byKey.get(this.keys[i]!) === i) this.byKey.delete(this.keys[i]!);
    this.handle[i] = this.usage[i] = undefined;
    this.owners[i] = [];
    this.keys[i] = '';
    this.freeList.push(i);
  }

  /** The rate the Services listing the pod send it: the sum of their shares. */
  pendingRate(i: number): number {
    const owners = this.owners[i]!;
    if (owners.length === 1) return owners[0]!.appliedShare;
    let sum = 0;
    for (const o of owners) sum += o.appliedShare;
    return sum;
  }

  /** Find the pod on its kubelet; returns its node's usage, or undefined while no kubelet runs it (its share fails). */
  resolve(i: number, kubelets: KubeletPool): NodeUsage | undefined {
    if (this.handle[i]) return this.usage[i];
    const key = this.keys[i]!;
    const slash = key.indexOf('/');
    const h = kubelets.podTraffic(key.slice(0, slash), key.slice(slash + 1), this.uids[i]);
    if (!h) return undefined;
    this.handle[i] = h;
    this.usage[i] = h.nodeUsage;
    this.since[i] = h.servingSince();
    this.sinceVersion[i] = h.nodeUsage.version;
    this.measuredVersion[i] = -1;
    return h.nodeUsage;
  }

  /**
   * Was the pod killed (not drained gracefully) since the last check while it had requests? Looks at the pod only
   * when something started or stopped on its node.
   */
  check(i: number, tick: number): boolean {
    if (this.checkStamp[i] === tick) return (this.flags[i]! & KILLED) !== 0;
    this.checkStamp[i] = tick;
    const u = this.usage[i];
    const before = this.since[i]!;
    if (u && before >= 0 && u.version === this.sinceVersion[i]) {
      this.flags[i]! &= ~KILLED;
      return false;
    }
    const h = this.handle[i];
    const alive = h !== undefined && h.alive;
    const since = alive ? h.servingSince() : -1;
    const killed = before >= 0 && this.applied[i]! > 0 && since !== before && !(h?.draining ?? false);
    this.flags[i] = killed ? this.flags[i]! | KILLED : this.flags[i]! & ~KILLED;
    this.since[i] = since;
    this.sinceVersion[i] = u ? u.version : -1;
    return killed;
  }

  /** The pod is gone: drop the handle (its rate went with it). */
  forget(i: number): void {
    this.handle[i] = this.usage[i] = undefined;
    this.applied[i] = 0;
    this.since[i] = -1;
    this.measuredVersion[i] = -1;
  }

  /** Give the kubelet the pod's rate (unless it moved by less than RATE_EPSILON); returns whether it changed. */
  apply(i: number): boolean {
    const p = this.pendingRate(i);
    const h = this.handle[i];
    if (!h || !rateMoved(this.applied[i]!, p)) return false;
    h.setRequestRate(p);
    this.applied[i] = p;
    return true;
  }

  /**
   * Measure what the pod serves at its rate: whether it is up, its served rate and latency factor. Reaches the
   * kubelet only when a container started or stopped on the pod's node; otherwise it is arithmetic on the pod's
   * capacity at its limits, its rate and the node's CPU share.
   */
  measure(i: number, tick: number): boolean {
    if (this.measureStamp[i] === tick) return (this.flags[i]! & UP) !== 0;
    this.measureStamp[i] = tick;
    const h = this.handle[i], u = this.usage[i];
    if (!h || !u) {
      this.flags[i]! &= ~UP;
      this.served[i] = 0;
      return false;
    }
    if (this.measuredVersion[i] !== u.version) {
      this.measuredVersion[i] = u.version;
      this.capacity[i] = h.limitCapacity();
    }
    const capacity = this.capacity[i]!;
    if (capacity < 0) {
      // A pod that is down keeps the latency it last showed: what its in-flight requests were waiting for.
      this.flags[i]! &= ~UP;
      this.served[i] = 0;
      return false;
    }
    this.flags[i]! |= UP;
    const rate = this.applied[i]!, factor = u.cpuFactor();
    const served = Math.min(rate * factor, capacity * factor);
    this.served[i] = served;
    this.latency[i] = latencyFactor(utilisation(rate, capacity), served < rate);
    return true;
  }

  /** Mark a slot as queued for `apply`; false when it already was. */
  enqueue(i: number): boolean {
    if (this.flags[i]! & QUEUED) return false;
    this.flags[i]! |= QUEUED;
    return true;
  }

  dequeue(i: number): void {
    this.flags[i]! &= ~QUEUED;
  }

  private grow(): number {
    const i = this.size++;
    if (i >= this.applied.length) {
      const cap = Math.max(64, this.applied.length * 2);
      this.applied = resizeF(this.applied, cap);
      this.served = resizeF(this.served, cap);
      this.latency = resizeF(this.latency, cap);
      this.since = resizeF(this.since, cap);
      this.sinceVersion = resizeF(this.sinceVersion, cap);
      this.capacity = resizeF(this.capacity, cap);
      this.measuredVersion = resizeF(this.measuredVersion, cap);
      this.checkStamp = resizeI(this.checkStamp, cap);
      this.measureStamp = resizeI(this.measureStamp, cap);
      const flags = new Uint8Array(cap);
      flags.set(this.flags);
      this.flags = flags;
    }
    return i;
  }
}

function resizeF(a: Float64Array, cap: number): Float64Array {
  const b = new Float64Array(cap);
  b.set(a);
  return b;
}

function resizeI(a: Int32Array, cap: number): Int32Array {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}
