/**
 * One traffic tick: account the requests of the interval that ended, fail what killed pods had in flight, split
 * each Service's rate over its ready endpoints, give pods their rates through the kubelet, and measure what they
 * serve. The work follows what changed, not how many pods there are: a Service whose share moved by less than
 * RATE_EPSILON and whose pods' nodes saw nothing start, stop or change CPU share costs a few arithmetic operations;
 * nodes are polled for that (one comparison each), pods only when their node changed.
 */
import type { KubeletPool } from '../kubelet/kubelet-pool.js';
import type { NodeUsage } from '../kubelet/node-usage.js';
import type { ApiStore } from '../store/store.js';
import { readyEndpoints } from './endpoints.js';
import { rateAt } from './models.js';
import { PodSlots, rateMoved } from './pod-slots.js';
import type { ServiceTraffic } from './service-traffic.js';

/** The slots on one node, and the node's usage version and CPU share as last seen. */
interface NodeEntry { usage: NodeUsage; slots: Set<number>; killSeen: number; measureSeen: number; factorSeen: number }

/** Routes requests to pods, tick by tick. */
export class TrafficRouter {
  readonly slots = new PodSlots();
  private readonly nodes = new Map<NodeUsage, NodeEntry>();
  private readonly unresolved = new Set<number>();
  /** Slots whose rate must be given again (a Service's share moved, endpoints changed); kept across ticks. */
  private queue: Int32Array = new Int32Array(64);
  private queued = 0;
  private tick = 0;

  constructor(private readonly kubelets: KubeletPool, private readonly store: ApiStore) {}

  /** Run one tick at `now` over the Services (in their fixed order). */
  step(byService: ReadonlyMap<string, ServiceTraffic>, now: number): void {
    const tick = ++this.tick;
    const slots = this.slots;
    for (const st of byService.values()) {
      if (st.lastTickAt !== undefined) st.sli.accrue(now - st.lastTickAt);
      st.lastTickAt = now;
    }
    // Pods killed since the last tick (something stopped on their node) fail what they had in flight: rate × latency.
    for (const entry of this.nodes.values()) {
      if (entry.usage.version === entry.killSeen) continue;
      entry.killSeen = entry.usage.version;
      for (const i of entry.slots) {
        if (slots.check(i, tick)) {
          for (const o of slots.owners[i]!) o.sli.interrupt((o.prevShare * o.baseLatencyMs * slots.latency[i]!) / 1000);
        }
        if (!slots.handle[i] || !slots.handle[i]!.alive) this.unlink(i, entry);
      }
    }
    for (const st of byService.values()) this.route(st, now);
    for (const i of this.unresolved) {
      const usage = slots.resolve(i, this.kubelets);
      if (!usage) continue;
      this.unresolved.delete(i);
      this.link(i, usage);
      this.enqueue(i);
    }
    this.applyQueued();
    // Nodes where something started or stopped, or whose CPU share moved: their Services measure again.
    for (const entry of this.nodes.values()) {
      const factor = entry.usage.cpuFactor();
      if (entry.usage.version === entry.measureSeen && factor === entry.factorSeen) continue;
      entry.measureSeen = entry.usage.version;
      entry.factorSeen = factor;
      for (const i of entry.slots) for (const o of slots.owners[i]!) o.dirty = true;
    }
    for (const st of byService.values()) this.measure(st, tick);
  }

  /** A Service stops routing (deleted, or recreated under another uid): its pods lose its share at the next tick. */
  drop(st: ServiceTraffic): void {
    for (let k = 0; k < st.targets.length; k++) this.disown(st.targets[k]!, st);
    st.targets = new Int32Array(0);
  }

  /** Requests per second given to a pod; undefined for a pod no Service with traffic routes to. */
  podRate(namespace: string, pod: string): number | undefined {
    const i = this.slots.find(`${namespace}/${pod}`);
    return i === undefined ? undefined : this.slots.applied[i];
  }

  /** The Service's rate now, split over its ready endpoints; the pods get it when the share moved (or endpoints changed). */
  private route(st: ServiceTraffic, now: number): void {
    const rebuilt = st.endpointsDirty;
    if (rebuilt) this.rebuild(st);
    const model = st.model;
    const rate = model ? Math.max(0, rateAt(model, now - st.originMs)) : 0;
    const n = st.targets.length + st.external;
    const share = n ? rate / n : 0;
    st.sli.rate = rate;
    st.share = share;
    if (!rebuilt && !rateMoved(st.appliedShare, share)) return;
    st.appliedShare = share;
    st.dirty = true;
    for (let k = 0; k < st.targets.length; k++) this.enqueue(st.targets[k]!);
  }

  /** Re-read the Service's ready endpoints (after an EndpointSlice change). */
  private rebuild(st: ServiceTraffic): void {
    const { pods, external } = readyEndpoints(this.store, st.namespace, st.name);
    for (let k = 0; k < st.targets.length; k++) this.disown(st.targets[k]!, st);
    const next = new Int32Array(pods.length);
    pods.forEach((ep, k) => {
      const i = this.slots.slotFor(ep.namespace, ep.name, ep.uid);
      this.slots.owners[i]!.push(st);
      next[k] = i;
      this.enqueue(i);
      if (!this.slots.handle[i] && !this.unresolved.has(i)) {
        const usage = this.slots.resolve(i, this.kubelets);
        if (usage) this.link(i, usage);
        else this.unresolved.add(i);
      }
    });
    st.targets = next;
    st.external = external;
    st.endpointsDirty = false;
    st.dirty = true;
  }

  private disown(i: number, st: ServiceTraffic): void {
    const owners = this.slots.owners[i]!;
    const at = owners.indexOf(st);
    if (at >= 0) owners.splice(at, 1);
    this.enqueue(i);
  }

  /** Give queued pods their summed rate; a pod whose rate changed makes its Services measure again. */
  private applyQueued(): void {
    const slots = this.slots, queue = this.queue, count = this.queued;
    this.queued = 0;
    for (let k = 0; k < count; k++) {
      const i = queue[k]!;
      slots.dequeue(i);
      if (slots.apply(i)) for (const o of slots.owners[i]!) o.dirty = true;
      if (slots.owners[i]!.length === 0 && slots.applied[i] === 0) {
        const usage = slots.usage[i];
        if (usage) this.unlink(i, this.nodes.get(usage));
        this.unresolved.delete(i);
        slots.release(i);
      }
    }
  }

  private enqueue(i: number): void {
    if (!this.slots.enqueue(i)) return;
    if (this.queued === this.queue.length) {
      const bigger = new Int32Array(this.queue.length * 2);
      bigger.set(this.queue);
      this.queue = bigger;
    }
    this.queue[this.queued++] = i;
  }

  private link(i: number, usage: NodeUsage): void {
    let entry = this.nodes.get(usage);
    if (!entry) this.nodes.set(usage, (entry = { usage, slots: new Set(), killSeen: usage.version, measureSeen: -1, factorSeen: -1 }));
    entry.slots.add(i);
    for (const o of this.slots.owners[i]!) o.dirty = true;
  }

  /** The pod is gone from its node: forget the handle; it stays unresolved while a Service still lists it. */
  private unlink(i: number, entry: NodeEntry | undefined): void {
    if (entry) {
      entry.slots.delete(i);
      if (!entry.slots.size) this.nodes.delete(entry.usage);
    }
    this.slots.forget(i);
    const owners = this.slots.owners[i]!;
    for (const o of owners) o.dirty = true;
    if (owners.length) this.unresolved.add(i);
  }

  /** What the Service's endpoints serve at its share: measured again only when something changed. */
  private measure(st: ServiceTraffic, tick: number): void {
    const n = st.targets.length + st.external;
    const share = st.share, rate = st.sli.rate;
    st.prevShare = st.model ? share : 0;
    if (!st.model) {
      st.sli.measure(0, 0, 0, undefined, n);
      return;
    }
    if (st.dirty) {
      st.dirty = false;
      const slots = this.slots, targets = st.targets;
      let served = st.external, down = 0, weighted = st.external;
      for (let k = 0; k < targets.length; k++) {
        const i = targets[k]!;
        if (!slots.measure(i, tick)) {
          down++;
          continue;
        }
        // The pod serves the same fraction of every Service's share.
        const applied = slots.applied[i]!, podServed = slots.served[i]!;
        const fraction = podServed >= applied ? 1 : podServed / applied;
        served += fraction;
        weighted += fraction * slots.latency[i]!;
      }
      st.servedShares = served;
      st.downShares = down;
      st.latencyShares = weighted;
    }
    const latency = st.servedShares > 0 && rate > 0 ? (st.baseLatencyMs * st.latencyShares) / st.servedShares : undefined;
    st.sli.measure(rate, share * st.servedShares, n ? share * st.downShares : rate, latency, n);
  }
}
