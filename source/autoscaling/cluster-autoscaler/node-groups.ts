/**
 * Node groups as the cloud provider exposes them to CA: one per node pool with `autoscaling` enabled. Each group
 * knows its registered Nodes (kept from a Node watch), its provisioning instances, its target size and its
 * scale-up backoff (exponential, as utils/backoff's exponential backoff).
 */
import type { Node } from '../../api/core.js';
import type { Cluster, NodePool } from '../../api/kubedrill-kinds.js';
import { DEFAULT_KUBERNETES_VERSION, DEFAULT_POD_CIDR, nodeFor } from '../../cluster/nodes.js';
import { NODE_POOL_LABEL, type ClusterAutoscalerOptions } from './options.js';

/** An instance requested from the cloud that has not registered a Node yet. */
export interface ProvisioningInstance {
  readonly name: string;
  /** Cluster-wide node index (pod CIDR and host IP). */
  readonly index: number;
  /** The Node its kubelet will register. */
  readonly node: Node;
  readonly requestedAt: number;
}

/** Scale-up backoff of a group after a failed scale-up. */
export interface BackoffState {
  durationMs: number;
  until: number;
  lastFailedAt: number;
  errorCode: string;
  errorMessage: string;
}

/** A scale-up CA is waiting for (ClusterStateRegistry.ScaleUpRequest). */
export interface ScaleUpRequest {
  increase: number;
  at: number;
  expectedAddTime: number;
}

/** One autoscaled node pool. */
export class NodeGroup {
  /** Registered Nodes of the group, by name. */
  readonly nodes = new Map<string, Node>();
  readonly provisioning = new Map<string, ProvisioningInstance>();
  /** Nodes CA is tainting/draining/deleting right now. */
  readonly deleting = new Set<string>();
  backoff: BackoffState | undefined;
  scaleUpRequest: ScaleUpRequest | undefined;
  /**
   * Index of the next new node's name. Names are not reused (a cloud gives every VM a fresh name): a node that
   * comes back under a deleted node's name could inherit pods still bound to the old one.
   */
  nextIndex: number;
  readonly minSize: number;
  readonly maxSize: number;
  readonly provisioningDelayMs: number;
  readonly costPerHour: number;

  constructor(readonly pool: NodePool, defaultDelaySeconds: number) {
    const a = pool.autoscaling!;
    if (!(Number.isInteger(a.min) && Number.isInteger(a.max) && a.min >= 0 && a.max >= a.min)) {
      throw new Error(`node pool "${pool.name}": autoscaling needs integers 0 <= min <= max, got min ${a.min}, max ${a.max}`);
    }
    this.minSize = a.min;
    this.maxSize = a.max;
    this.provisioningDelayMs = (a.provisioningDelaySeconds ?? defaultDelaySeconds) * 1000;
    this.costPerHour = pool.costPerHour ?? 0;
    this.nextIndex = pool.count;
  }

  /** The node group id (the pool name). */
  get id(): string {
    return this.pool.name;
  }

  /** The cloud's target size: registered instances plus those still provisioning. */
  targetSize(): number {
    return this.nodes.size + this.provisioning.size;
  }

  /** BackoffStatus.IsBackedOff. */
  isBackedOff(now: number): boolean {
    return this.backoff !== undefined && this.backoff.until > now;
  }

  /** Backoff(): 5 min, doubling up to 30 min; concurrent failures inside one backoff don't lengthen it. */
  registerFailure(now: number, errorCode: string, errorMessage: string, o: ClusterAutoscalerOptions): void {
    const prev = this.backoff;
    let duration = o.initialNodeGroupBackoffMs;
    if (prev) duration = prev.until < now ? Math.min(2 * prev.durationMs, o.maxNodeGroupBackoffMs) : prev.durationMs;
    const until = Math.max(now + duration, prev?.until ?? 0);
    this.backoff = { durationMs: duration, until, lastFailedAt: now, errorCode, errorMessage };
  }

  /** RemoveStaleBackoffData: forget a backoff whose last failure is older than the reset timeout. */
  expireBackoff(now: number, o: ClusterAutoscalerOptions): void {
    if (this.backoff && this.backoff.lastFailedAt + o.nodeGroupBackoffResetTimeoutMs < now) this.backoff = undefined;
  }
}

/** Parse the pod CIDR base address and prefix length (nodes.ts validated it when the cluster was built). */
function cidrOf(cidr: string): { base: number; bits: number } {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!m) return { base: 0x0af40000, bits: 16 };
  return { base: ((Number(m[1]) << 24) >>> 0) + (Number(m[2]) << 16) + (Number(m[3]) << 8) + Number(m[4]), bits: Number(m[5]) };
}

function ipToInt(ip: string): number {
  const p = ip.split('.').map(Number);
  return ((p[0]! << 24) >>> 0) + (p[1]! << 16) + (p[2]! << 8) + p[3]!;
}

/** Every node group of a cluster plus what naming new nodes needs: all Nodes and their pod-CIDR indexes. */
export class NodeGroupSet {
  /** Groups in pool order (the order upstream's cloud provider lists them in). */
  readonly list: NodeGroup[];
  private readonly byId = new Map<string, NodeGroup>();
  /** Every Node of the cluster, by name. */
  readonly allNodes = new Map<string, Node>();
  private readonly indexOfNode = new Map<string, number>();
  private readonly cidr: { base: number; bits: number };

  constructor(readonly cluster: Cluster, o: ClusterAutoscalerOptions) {
    this.list = cluster.spec.nodePools
      .filter((p) => p.autoscaling && p.autoscaling.enabled !== false && !p.controlPlane)
      .map((p) => new NodeGroup(p, o.defaultProvisioningDelaySeconds));
    for (const g of this.list) this.byId.set(g.id, g);
    this.cidr = cidrOf(cluster.spec.controlPlane?.podCIDR ?? DEFAULT_POD_CIDR);
  }

  get(id: string): NodeGroup | undefined {
    return this.byId.get(id);
  }

  /** NodeGroupForNode: the group whose pool label the node carries (undefined = not autoscaled). */
  groupOf(node: Node): NodeGroup | undefined {
    const pool = node.metadata.labels?.[NODE_POOL_LABEL];
    return pool === undefined ? undefined : this.byId.get(pool);
  }

  /** Keep the node maps current from a Node watch event. */
  upsertNode(node: Node): void {
    const name = node.metadata.name!;
    this.allNodes.set(name, node);
    const cidr = node.spec?.podCIDR;
    if (cidr) this.indexOfNode.set(name, (ipToInt(cidr.split('/')[0]!) - this.cidr.base) / 256);
    const g = this.groupOf(node);
    if (g) {
      g.nodes.set(name, node);
      g.provisioning.delete(name);
    }
  }

  removeNode(node: Node): void {
    const name = node.metadata.name!;
    this.allNodes.delete(name);
    this.indexOfNode.delete(name);
    const g = this.groupOf(node);
    if (g) {
      g.nodes.delete(name);
      g.deleting.delete(name);
    }
  }

  /**
   * A new instance of `group`: the next unused `<prefix>-<i>` name, the lowest free cluster-wide index (pod CIDR,
   * host IP, which are scarce and reused), and zone round-robin by i as planNodes does. Undefined when the pod
   * CIDR has no room left.
   */
  newInstance(group: NodeGroup, now: number): ProvisioningInstance | undefined {
    const { i, index, node } = this.plan(group);
    if (index >= 2 ** (24 - this.cidr.bits)) return undefined;
    group.nextIndex = i + 1;
    return { name: node.metadata.name!, index, node, requestedAt: now };
  }

  /** The Node the next instance of `group` would register (for templates; nothing is reserved). */
  nextNode(group: NodeGroup): Node {
    return this.plan(group).node;
  }

  private plan(group: NodeGroup): { i: number; index: number; node: Node } {
    const pool = group.pool;
    const prefix = pool.namePrefix ?? pool.name;
    let i = group.nextIndex;
    while (this.allNodes.has(`${prefix}-${i}`) || group.provisioning.has(`${prefix}-${i}`)) i++;
    const used = new Set(this.indexOfNode.values());
    for (const g of this.list) for (const p of g.provisioning.values()) used.add(p.index);
    let index = 0;
    while (used.has(index)) index++;
    const spec = this.cluster.spec;
    const region = spec.region ?? 'kubedrill-1';
    const zones = pool.zones?.length ? pool.zones : [`${region}a`];
    const node = nodeFor(this.cluster.metadata.name ?? 'kubedrill', pool, i, index, zones[i % zones.length]!, region,
      spec.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION, this.cidr.base);
    return { i, index, node };
  }

  /** Registered nodes of all groups. */
  totalNodes(): number {
    return this.allNodes.size;
  }
}
