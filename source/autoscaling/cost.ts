/**
 * Cost accounting: node-hours × the pool's costPerHour, accumulated in virtual time per node group and in total.
 * A node is billed while it exists as a machine: an instance the cluster autoscaler requested is billed from the
 * request (provisioning time costs money on a cloud) until the instance is deleted; any other node (the static
 * ones a Cluster starts with) from its Node's creation until the Node is deleted. The meter watches Nodes and
 * listens to the simulated cloud's instance API (cluster-autoscaler/cloud-provider.ts), so neither component holds
 * the other. Billing is integrated piecewise and exactly: each group keeps its node-milliseconds as an integer
 * (closed segments plus running nodes × now − Σ start times) and multiplies by the price only when asked.
 */
import type { Node } from '../api/core.js';
import type { Cluster } from '../api/kubedrill-kinds.js';
import { parseTimestamp } from '../engine/clock.js';
import type { Component, Engine } from '../engine/engine.js';
import type { WatchEvent } from '../store/watch.js';
import { type CloudInstanceEvent, cloudOf } from './cluster-autoscaler/cloud-provider.js';
import { NODE_POOL_LABEL } from './cluster-autoscaler/options.js';

const HOUR_MS = 3_600_000;
/** The group nodes outside every pool of the Cluster are billed under. */
export const UNPOOLED = '(unpooled)';

/** The bill of one node group. */
export interface GroupCost {
  group: string;
  /** Price of one node of the group per hour (US dollars in the fixtures); for nodes outside the pools, the first price seen. */
  costPerHour: number;
  /** Nodes being billed now. */
  nodes: number;
  nodeHours: number;
  cost: number;
}

interface Account { readonly group: string; readonly rate: number; closedMs: number; running: number; sinceSum: number }

/** The `cost` component: see the file comment. */
export class CostMeter implements Component {
  readonly name = 'cost';
  private readonly accounts = new Map<string, Account>();
  /** Billed machines by node name. */
  private readonly billing = new Map<string, { account: Account; since: number }>();
  private readonly poolRates = new Map<string, number>();
  private readonly cloud;
  /** Times are kept relative to this instant so running × now stays far inside exact integer range. */
  private readonly origin: number;

  constructor(private readonly engine: Engine, cluster: Cluster) {
    this.origin = engine.now();
    for (const p of cluster.spec.nodePools) this.poolRates.set(p.name, p.costPerHour ?? 0);
    this.cloud = cloudOf(engine);
    const now = engine.now();
    // Machines that exist before the meter: billed from their own start, not from now.
    for (const inst of this.cloud.instances()) this.start(inst.name, inst.group, this.poolRates.get(inst.group) ?? 0, inst.requestedAt);
    for (const node of engine.store.select<Node>('Node')) {
      const created = parseTimestamp(node.metadata.creationTimestamp);
      this.startNode(node, Number.isFinite(created) ? Math.min(created, now) : now);
    }
    engine.store.watch({ kind: 'Node' }, (e) => this.onNode(e), { sendInitialEvents: false });
    this.cloud.subscribe((e) => this.onInstance(e));
  }

  runOnce(): boolean {
    return false;
  }

  /** Everything billed so far. */
  total(): number {
    const now = this.engine.now();
    let sum = 0;
    for (const a of this.accounts.values()) sum += (this.nodeMs(a, now) * a.rate) / HOUR_MS;
    return sum;
  }

  /** The bill per node group: the Cluster's pools in order, then any other group. */
  byGroup(): GroupCost[] {
    const now = this.engine.now();
    const out = new Map<string, GroupCost>();
    for (const [group, rate] of this.poolRates) out.set(group, { group, costPerHour: rate, nodes: 0, nodeHours: 0, cost: 0 });
    const extra = [...this.accounts.values()].filter((a) => !this.poolRates.has(a.group)).sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
    for (const a of extra) if (!out.has(a.group)) out.set(a.group, { group: a.group, costPerHour: a.rate, nodes: 0, nodeHours: 0, cost: 0 });
    for (const a of this.accounts.values()) {
      const g = out.get(a.group)!;
      const ms = this.nodeMs(a, now);
      g.nodes += a.running;
      g.nodeHours += ms / HOUR_MS;
      g.cost += (ms * a.rate) / HOUR_MS;
    }
    return [...out.values()];
  }

  /** What the cluster costs per hour right now. */
  ratePerHour(): number {
    let sum = 0;
    for (const a of this.accounts.values()) sum += a.running * a.rate;
    return sum;
  }

  private nodeMs(a: Account, now: number): number {
    return a.closedMs + a.running * (now - this.origin) - a.sinceSum;
  }

  private onInstance(e: CloudInstanceEvent): void {
    if (e.type === 'created') this.start(e.instance.name, e.instance.group, this.poolRates.get(e.instance.group) ?? 0, e.at);
    else this.stop(e.instance.name, e.at);
  }

  private onNode(e: WatchEvent): void {
    const node = e.object as Node;
    const now = this.engine.now();
    if (e.type === 'DELETED') {
      // A cloud instance keeps billing while the VM runs, even if someone deleted its Node object.
      if (!this.cloud.has(node.metadata.name!)) this.stop(node.metadata.name!, now);
    } else if (e.type === 'ADDED') this.startNode(node, now);
  }

  private startNode(node: Node, since: number): void {
    const pool = node.metadata.labels?.[NODE_POOL_LABEL];
    let rate = pool !== undefined ? this.poolRates.get(pool) : undefined;
    if (rate === undefined) {
      const annotated = Number(node.metadata.annotations?.['kubedrill.io/cost-per-hour']);
      rate = Number.isFinite(annotated) && annotated > 0 ? annotated : 0;
    }
    this.start(node.metadata.name!, pool !== undefined && this.poolRates.has(pool) ? pool : UNPOOLED, rate, since);
  }

  private start(name: string, group: string, rate: number, since: number): void {
    if (this.billing.has(name)) return;
    const key = `${group}\u0000${rate}`;
    let a = this.accounts.get(key);
    if (!a) this.accounts.set(key, (a = { group, rate, closedMs: 0, running: 0, sinceSum: 0 }));
    a.running++;
    a.sinceSum += since - this.origin;
    this.billing.set(name, { account: a, since });
  }

  private stop(name: string, at: number): void {
    const b = this.billing.get(name);
    if (!b) return;
    this.billing.delete(name);
    const a = b.account;
    a.running--;
    a.sinceSum -= b.since - this.origin;
    a.closedMs += Math.max(0, at - b.since);
  }
}
