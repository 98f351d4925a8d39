/** Node objects from a Cluster definition's node pools: names, labels, capacity, allocatable, taints, CIDRs, addresses. */
import type { Node, ResourceList, Taint } from '../api/core.js';
import type { Cluster, NodePool } from '../api/kubedrill-kinds.js';
import { formatQuantity, fromMilli, fromUnits, toMilli, toUnits } from '../api/quantity.js';

export const DEFAULT_KUBERNETES_VERSION = 'v1.32.2';
export const DEFAULT_POD_CIDR = '10.244.0.0/16';
export const CONTROL_PLANE_TAINT: Taint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

/** Reserved for the system when a pool names none: kube-reserved + system-reserved, plus the 100Mi hard eviction threshold. */
const DEFAULT_RESERVED: ResourceList = { cpu: '100m', memory: '356Mi', 'ephemeral-storage': '10Gi' };

/** A planned node: the Node object the kubelet will register, plus the pool it belongs to. */
export interface PlannedNode {
  pool: NodePool;
  node: Node;
}

function parseCidr(cidr: string): { base: number; bits: number } {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!m || m.slice(1, 5).some((o) => Number(o) > 255) || Number(m[5]) > 24) {
    throw new Error(`spec.controlPlane.podCIDR: Invalid value: "${cidr}": must be an IPv4 CIDR of /24 or larger, e.g. 10.244.0.0/16`);
  }
  const base = ((Number(m[1]) << 24) >>> 0) + (Number(m[2]) << 16) + (Number(m[3]) << 8) + Number(m[4]);
  return { base, bits: Number(m[5]) };
}

const ip = (n: number) => `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

function subtract(capacity: ResourceList, reserved: ResourceList): ResourceList {
  const out: ResourceList = {};
  for (const [name, value] of Object.entries(capacity)) {
    const r = reserved[name];
    if (r === undefined) { out[name] = value; continue; }
    if (name === 'cpu') out[name] = formatQuantity(fromMilli(Math.max(0, toMilli(value) - toMilli(r))));
    else out[name] = formatQuantity(fromUnits(Math.max(0, toUnits(value) - toUnits(r)), 'BinarySI'));
  }
  return out;
}

/** Every node of the cluster, in pool order then index order (deterministic). */
export function planNodes(cluster: Cluster): PlannedNode[] {
  const spec = cluster.spec;
  const version = spec.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
  const region = spec.region ?? 'kubedrill-1';
  const total = spec.nodePools.reduce((n, p) => n + p.count, 0);
  const cidr = parseCidr(spec.controlPlane?.podCIDR ?? DEFAULT_POD_CIDR);
  const room = 2 ** (24 - cidr.bits);
  if (total > room) {
    throw new Error(`spec.controlPlane.podCIDR ${spec.controlPlane?.podCIDR ?? DEFAULT_POD_CIDR} has room for ${room} nodes (one /24 each); the cluster defines ${total} — set a larger range, e.g. 10.0.0.0/8`);
  }
  const out: PlannedNode[] = [];
  let index = 0;
  for (const pool of spec.nodePools) {
    const zones = pool.zones?.length ? pool.zones : [`${region}a`];
    for (let i = 0; i < pool.count; i++, index++) {
      out.push({ pool, node: nodeFor(cluster.metadata.name ?? 'kubedrill', pool, i, index, zones[i % zones.length]!, region, version, cidr.base) });
    }
  }
  return out;
}

/** One node of a pool; also used by the cluster autoscaler to build template nodes. */
export function nodeFor(clusterName: string, pool: NodePool, i: number, index: number, zone: string, region: string, version: string, cidrBase: number): Node {
  const name = `${pool.namePrefix ?? pool.name}-${i}`;
  const capacity: ResourceList = { 'ephemeral-storage': '100Gi', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', pods: '110', ...pool.capacity };
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux',
    'node.kubernetes.io/instance-type': pool.instanceType ?? 'kubedrill.standard',
    'topology.kubernetes.io/region': region, 'topology.kubernetes.io/zone': zone,
    'kubedrill.io/node-pool': pool.name,
    ...(pool.controlPlane ? { 'node-role.kubernetes.io/control-plane': '', 'node.kubernetes.io/exclude-from-external-load-balancers': '' } : {}),
    ...pool.labels,
  };
  const taints = [...(pool.taints ?? [])];
  if (pool.controlPlane && !taints.some((t) => t.key === CONTROL_PLANE_TAINT.key)) taints.push(CONTROL_PLANE_TAINT);
  const podCIDR = `${ip(cidrBase + index * 256)}/24`;
  const hostIP = 0xac100000 + index + 2; // 172.16.0.0/12, skipping .0 and .1
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, labels, annotations: { 'kubedrill.io/cost-per-hour': String(pool.costPerHour ?? 0) } },
    spec: { podCIDR, podCIDRs: [podCIDR], providerID: `kubedrill://${clusterName}/${zone}/${name}`, ...(taints.length ? { taints } : {}) },
    status: {
      capacity, allocatable: subtract(capacity, { ...DEFAULT_RESERVED, ...pool.reserved }),
      addresses: [{ type: 'InternalIP', address: ip(hostIP) }, { type: 'Hostname', address: name }],
      nodeInfo: {
        machineID: '', systemUUID: '', bootID: '', kernelVersion: '6.1.0-31-cloud-amd64', osImage: 'Debian GNU/Linux 12 (bookworm)',
        containerRuntimeVersion: 'containerd://1.7.24', kubeletVersion: version, kubeProxyVersion: version,
        operatingSystem: 'linux', architecture: 'amd64',
      },
    },
  };
}
