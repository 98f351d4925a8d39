/** kubedrill.io/v1 kinds: the Cluster definition a simulation is built from. */
import type { KubeObject } from './meta.js';
import type { ResourceList, Taint } from './core.js';

export interface NodePool {
  /** Pool name; nodes are named `<pool>-<i>` unless `namePrefix` is given. */
  name: string;
  count: number;
  namePrefix?: string;
  /** Node capacity, e.g. {cpu: "4", memory: "16Gi", pods: "110"}. allocatable defaults to capacity minus reserved. */
  capacity: ResourceList;
  reserved?: ResourceList;
  labels?: Record<string, string>;
  taints?: Taint[];
  /** Zones the pool's nodes are spread over round-robin (topology.kubernetes.io/zone). */
  zones?: string[];
  controlPlane?: boolean;
  instanceType?: string;
  costPerHour?: number;
  autoscaling?: { enabled?: boolean; min: number; max: number; provisioningDelaySeconds?: number };
}

export interface ClusterSpec {
  kubernetesVersion?: string;
  region?: string;
  nodePools: NodePool[];
  controlPlane?: {
    podCIDR?: string;
    serviceCIDR?: string;
    nodeMonitorGracePeriodSeconds?: number;
    podEvictionTolerationSeconds?: number;
    scoringStrategy?: 'LeastAllocated' | 'MostAllocated';
  };
  seed?: number;
}

export interface Cluster extends KubeObject {
  apiVersion: 'kubedrill.io/v1';
  kind: 'Cluster';
  spec: ClusterSpec;
}
