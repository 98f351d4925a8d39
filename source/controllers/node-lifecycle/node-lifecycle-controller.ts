/**
 * The node lifecycle controller (kube-controller-manager's node-lifecycle-controller): every monitor period it
 * checks each node's last heartbeat (Lease or Ready condition); a node silent for the grace period gets its
 * conditions set to Unknown, its pods marked not Ready, and — through per-zone rate-limited queues — the
 * `unreachable` / `not-ready` NoExecute taint that the taint-eviction controller acts on. It also keeps the
 * NoSchedule taints that mirror node conditions (TaintNodesByCondition) and `unschedulable` for cordoned nodes.
 */
import type { Node, Pod, Taint } from '../../api/core.js';
import type { Lease } from '../../api/cluster-kinds.js';
import { isApiError } from '../../api/errors.js';
import { Controller } from '../../engine/controller.js';
import type { Engine } from '../../engine/engine.js';
import type { TimerHandle } from '../../engine/timers.js';
import { withPodCondition } from '../../store/eviction.js';
import type { WatchEvent } from '../../store/watch.js';
import { type NodeHealth, checkNodeHealth } from './node-health.js';
import { NOT_READY_NO_EXECUTE, UNREACHABLE_NO_EXECUTE, hasTaint, noScheduleTaintDiff, readyCondition, swapTaints } from './taints.js';
import { RateLimitedTimedQueue, type ZoneState, computeZoneState, zoneKey, zoneName } from './zones.js';

export interface NodeLifecycleOptions {
  /** --node-monitor-period (5 s). */
  nodeMonitorPeriodSeconds?: number;
  /** --node-monitor-grace-period (50 s since v1.32); the Cluster's spec.controlPlane.nodeMonitorGracePeriodSeconds. */
  nodeMonitorGracePeriodSeconds?: number;
  /** --node-startup-grace-period (60 s): for a node that has never posted a Ready condition. */
  nodeStartupGracePeriodSeconds?: number;
  /** --node-eviction-rate (0.1 nodes/s per zone). */
  nodeEvictionRate?: number;
  /** --secondary-node-eviction-rate (0.01) for a partially disrupted zone of a large cluster. */
  secondaryNodeEvictionRate?: number;
  /** --unhealthy-zone-threshold (0.55). */
  unhealthyZoneThreshold?: number;
  /** --large-cluster-size-threshold (50): smaller zones stop evicting when partially disrupted. */
  largeClusterSizeThreshold?: number;
}

const MONITOR = 'monitor';
const TAINT_PASS = 'taint-pass';
const NODE_PREFIX = 'node/';
/** The NoExecute tainting pass runs at most this often (upstream's nodeEvictionPeriod). */
const TAINT_PASS_MIN_MS = 100;
const SOURCE = { component: 'node-controller' };
/** Nodes carrying this label are left out of zone health (isNodeExcludedFromDisruptionChecks). */
const EXCLUDE_DISRUPTION_LABEL = 'node.kubernetes.io/exclude-disruption';

export class NodeLifecycleController extends Controller {
  private readonly periodMs: number;
  private readonly graceMs: number;
  private readonly startupGraceMs: number;
  private readonly evictionRate: number;
  private readonly secondaryRate: number;
  private readonly unhealthyThreshold: number;
  private readonly largeClusterThreshold: number;
  /** Nodes seen by the monitor pass (knownNodeSet) and their health data. */
  private readonly health = new Map<string, NodeHealth>();
  private readonly known = new Map<string, { uid: string; zone: string }>();
  private readonly zoneStates = new Map<string, ZoneState>();
  private readonly tainters = new Map<string, RateLimitedTimedQueue>();
  private taintPassTimer?: TimerHandle;
  private taintPassAt = Infinity;

  constructor(engine: Engine, opts: NodeLifecycleOptions = {}) {
    super('node-lifecycle-controller', engine);
    this.periodMs = (opts.nodeMonitorPeriodSeconds ?? 5) * 1000;
    this.graceMs = (opts.nodeMonitorGracePeriodSeconds ?? 50) * 1000;
    this.startupGraceMs = (opts.nodeStartupGracePeriodSeconds ?? 60) * 1000;
    this.evictionRate = opts.nodeEvictionRate ?? 0.1;
    this.secondaryRate = opts.secondaryNodeEvictionRate ?? 0.01;
    this.unhealthyThreshold = opts.unhealthyZoneThreshold ?? 0.55;
    this.largeClusterThreshold = opts.largeClusterSizeThreshold ?? 50;
    // TaintNodesByCondition reacts to every node change that can move a NoSchedule taint.
    this.watch({ kind: 'Node' }, (e) => this.onNode(e as WatchEvent<Node>));
    // The monitor pass runs through the work queue, so a stopped controller manager stops it too.
    this.queue.add(MONITOR);
    engine.every(this.periodMs, () => this.queue.add(MONITOR), 'node-lifecycle:monitor');
  }

  /** Each zone's current state (by zone name), for the UI and drills. */
  zoneStatesByName(): Record<string, ZoneState> {
    const out: Record<string, ZoneState> = {};
    for (const [k, v] of this.zoneStates) out[zoneName(k)] = v;
    return out;
  }

  private onNode(e: WatchEvent<Node>): string | undefined {
    if (e.type === 'DELETED') return undefined;
    const node = e.object, old = e.oldObject;
    if (old && old.status?.conditions === node.status?.conditions && old.spec?.unschedulable === node.spec?.unschedulable
      && old.spec?.taints === node.spec?.taints) return undefined;
    return NODE_PREFIX + node.metadata.name;
  }

  protected reconcile(key: string): void {
    if (key === MONITOR) return this.monitorNodeHealth();
    if (key === TAINT_PASS) return this.noExecuteTaintingPass();
    if (key.startsWith(NODE_PREFIX)) return this.noScheduleTaintingPass(key.slice(NODE_PREFIX.length));
  }

  // ---- TaintNodesByCondition ----

  private noScheduleTaintingPass(name: string): void {
    const node = this.store.tryGet<Node>('Node', undefined, name);
    if (!node) return;
    const { add, remove } = noScheduleTaintDiff(node);
    if (!add.length && !remove.length) return;
    const next = swapTaints(node, add, remove, this.engine.clock.timestamp());
    if (next) this.store.update<Node>(next);
  }

  // ---- monitorNodeHealth ----

  private monitorNodeHealth(): void {
    const now = this.engine.now();
    const ts = this.engine.clock.timestamp();
    const nodes = this.store.select<Node>('Node');
    this.classifyNodes(nodes, now);
    const zoneReady = new Map<string, { ready: number; notReady: number }>();
    for (const { metadata: { name } } of nodes) {
      // Re-read: registering new nodes may have just written some of them.
      const listed = this.store.tryGet<Node>('Node', undefined, name!);
      if (!listed) continue;
      const lease = this.store.tryGet<Lease>('Lease', 'kube-node-lease', name!);
      const verdict = checkNodeHealth(listed, this.health.get(name!), lease?.spec?.renewTime, now, this.graceMs, this.startupGraceMs, ts);
      let node = listed;
      if (verdict.update) {
        try {
          node = this.store.updateStatus<Node>(verdict.update);
        } catch (err) {
          if (!isApiError(err)) throw err;
          continue; // the node changed or went away meanwhile: the next pass sees it afresh
        }
      }
      this.health.set(name!, verdict.health);
      if (!node.metadata.labels?.[EXCLUDE_DISRUPTION_LABEL]) {
        const zone = this.zoneOf(node);
        const counts = zoneReady.get(zone) ?? { ready: 0, notReady: 0 };
        if (verdict.current?.status === 'True') counts.ready++;
        else counts.notReady++;
        zoneReady.set(zone, counts);
      }
      if (!verdict.current) continue;
      this.processTaintBasedEviction(node, verdict.observed.status, now);
      if (verdict.current.status !== 'True' && verdict.observed.status === 'True') {
        this.engine.events.record({ apiVersion: 'v1', kind: 'Node', name, uid: name }, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`, SOURCE);
        this.markPodsNotReady(name!, now);
      }
    }
    this.handleDisruption(zoneReady, nodes, now);
    this.scheduleTaintPass(now);
  }

  /** New nodes are registered (and start clean); vanished ones are forgotten. */
  private classifyNodes(nodes: Node[], now: number): void {
    const seen = new Set<string>();
    for (const node of nodes) {
      const name = node.metadata.name!;
      seen.add(name);
      if (this.known.has(name)) continue;
      const zone = zoneKey(node);
      this.known.set(name, { uid: node.metadata.uid!, zone });
      this.recordNodeEvent(name, node.metadata.uid!, 'RegisteredNode', `Registered Node ${name} in Controller`);
      if (!this.tainters.has(zone)) this.tainters.set(zone, new RateLimitedTimedQueue(this.evictionRate, now));
      this.markNodeAsReachable(node);
    }
    for (const [name, { uid, zone }] of this.known) {
      if (seen.has(name)) continue;
      this.known.delete(name);
      this.health.delete(name);
      this.tainters.get(zone)?.remove(name);
      this.recordNodeEvent(name, uid, 'RemovingNode', `Removing Node ${name} from Controller`);
    }
  }

  private recordNodeEvent(name: string, uid: string, reason: string, event: string): void {
    this.engine.events.record({ apiVersion: 'v1', kind: 'Node', name, uid }, 'Normal', reason, `Node ${name} event: ${event}`, SOURCE);
  }

  /** Queue a NotReady/unreachable node for its NoExecute taint, swap the taint kind, or clear it when healthy. */
  private processTaintBasedEviction(node: Node, observed: string, now: number): void {
    const name = node.metadata.name!;
    const taints = node.spec?.taints;
    const tainter = this.tainters.get(this.zoneOf(node));
    if (observed === 'False') {
      if (hasTaint(taints, UNREACHABLE_NO_EXECUTE)) this.swap(node, [NOT_READY_NO_EXECUTE], [UNREACHABLE_NO_EXECUTE]);
      else tainter?.add(name, now);
    } else if (observed === 'Unknown') {
      if (hasTaint(taints, NOT_READY_NO_EXECUTE)) this.swap(node, [UNREACHABLE_NO_EXECUTE], [NOT_READY_NO_EXECUTE]);
      else tainter?.add(name, now);
    } else if (observed === 'True') {
      this.markNodeAsReachable(node);
    }
  }

  private swap(node: Node, add: readonly Taint[], remove: readonly Taint[]): boolean {
    const next = swapTaints(node, add, remove, this.engine.clock.timestamp());
    if (!next) return true;
    try {
      this.store.update<Node>(next);
      return true;
    } catch (err) {
      if (!isApiError(err)) throw err;
      return false;
    }
  }

  /** Remove both NoExecute taints and forget the node in its zone's queue. */
  private markNodeAsReachable(node: Node): void {
    const name = node.metadata.name!;
    this.tainters.get(this.zoneOf(node))?.remove(name);
    const current = this.store.tryGet<Node>('Node', undefined, name);
    const taints = current?.spec?.taints;
    if (!taints || (!hasTaint(taints, UNREACHABLE_NO_EXECUTE) && !hasTaint(taints, NOT_READY_NO_EXECUTE))) return;
    this.swap(current!, [], [UNREACHABLE_NO_EXECUTE, NOT_READY_NO_EXECUTE]);
  }

  /** The node's zone key, as registered (computed once per node). */
  private zoneOf(node: Node): string {
    return this.known.get(node.metadata.name!)?.zone ?? zoneKey(node);
  }

  /** MarkPodsNotReady: each pod's Ready condition goes False, with a NodeNotReady event. */
  private markPodsNotReady(nodeName: string, now: number): void {
    for (const pod of this.store.select<Pod>('Pod', { nodeName })) {
      const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
      if (!ready) continue;
      const next = withPodCondition(pod, { ...ready, status: 'False' }, now);
      if (!next) continue;
      try {
        this.store.updateStatus<Pod>(next);
      } catch (err) {
        if (!isApiError(err)) throw err;
        continue;
      }
      this.engine.events.record(pod, 'Warning', 'NodeNotReady', 'Node is not ready', SOURCE);
    }
  }

  // ---- zones ----

  /** handleDisruption: per-zone states and eviction rates; when every zone is fully disrupted, evictions stop. */
  private handleDisruption(zoneReady: Map<string, { ready: number; notReady: number }>, nodes: Node[], now: number): void {
    const newStates = new Map<string, ZoneState>();
    let allAreFull = true;
    for (const [zone, { ready, notReady }] of zoneReady) {
      const { state } = computeZoneState(ready, notReady, this.unhealthyThreshold);
      if (state !== 'FullDisruption') allAreFull = false;
      newStates.set(zone, state);
      if (!this.zoneStates.has(zone)) this.zoneStates.set(zone, 'Initial');
    }
    // A zone whose last node is gone is forgotten (upstream may keep it a pass longer; nothing depends on that).
    for (const zone of [...this.zoneStates.keys()]) if (!zoneReady.has(zone)) this.zoneStates.delete(zone);
    let allWereFull = true;
    for (const state of this.zoneStates.values()) {
      if (state !== 'FullDisruption') {
        allWereFull = false;
        break;
      }
    }
    if (allAreFull && allWereFull) return;
    if (allAreFull) {
      // Master disruption mode: the control plane itself is probably cut off, so nothing is evicted.
      for (const node of nodes) this.markNodeAsReachable(node);
      for (const zone of this.zoneStates.keys()) {
        this.tainters.get(zone)?.swapLimiter(0, now);
        this.zoneStates.set(zone, 'FullDisruption');
      }
      return;
    }
    if (allWereFull) {
      // Leaving master disruption mode: every node gets a fresh grace period.
      for (const h of this.health.values()) {
        h.probeTimestamp = now;
        h.readyTransitionTimestamp = now;
      }
      for (const zone of this.zoneStates.keys()) this.setZoneState(zone, newStates.get(zone)!, zoneReady.get(zone)!, now);
      return;
    }
    for (const [zone, state] of this.zoneStates) {
      const next = newStates.get(zone)!;
      if (state !== next) this.setZoneState(zone, next, zoneReady.get(zone)!, now);
    }
  }

  /** setLimiterInZone: Normal and FullDisruption evict at the primary rate; PartialDisruption slows or stops. */
  private setZoneState(zone: string, state: ZoneState, counts: { ready: number; notReady: number }, now: number): void {
    const size = counts.ready + counts.notReady;
    let qps = this.evictionRate;
    if (state === 'PartialDisruption') qps = size > this.largeClusterThreshold ? this.secondaryRate : 0;
    this.tainters.get(zone)?.swapLimiter(qps, now);
    this.zoneStates.set(zone, state);
  }

  // ---- NoExecute tainting ----

  /** Run the tainting pass when a queue can next make progress (never sooner than `minAt`). */
  private scheduleTaintPass(now: number, minAt = now): void {
    let next = Infinity;
    for (const q of this.tainters.values()) next = Math.min(next, q.nextAt(now));
    if (next === Infinity) return;
    next = Math.max(next, minAt);
    if (next >= this.taintPassAt) return;
    this.engine.timers.cancel(this.taintPassTimer);
    this.taintPassAt = next;
    this.taintPassTimer = this.engine.after(next - now, () => {
      this.taintPassAt = Infinity;
      this.taintPassTimer = undefined;
      this.queue.add(TAINT_PASS);
    }, 'node-lifecycle:taint-pass');
  }

  /** doNoExecuteTaintingPass: taint the queued nodes their zone's rate allows. */
  private noExecuteTaintingPass(): void {
    const now = this.engine.now();
    for (const q of this.tainters.values()) {
      q.try(now, (name) => {
        const node = this.store.tryGet<Node>('Node', undefined, name);
        if (!node) return { done: true };
        const ready = readyCondition(node);
        if (!ready) return { done: false, retryMs: 50 };
        // Unreachable and not-ready are mutually exclusive, as the Ready condition's values are.
        if (ready.status === 'False') return { done: this.swap(node, [NOT_READY_NO_EXECUTE], [UNREACHABLE_NO_EXECUTE]) };
        if (ready.status === 'Unknown') return { done: this.swap(node, [UNREACHABLE_NO_EXECUTE], [NOT_READY_NO_EXECUTE]) };
        return { done: true }; // ready again: nothing to taint
      });
    }
    this.scheduleTaintPass(now, now + TAINT_PASS_MIN_MS);
  }
}
