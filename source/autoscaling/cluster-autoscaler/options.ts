/**
 * Cluster Autoscaler settings with the CA 1.35 flag defaults (FAQ table, config/flags/flags.go), and the
 * well-known names CA writes: taints, annotations, ConfigMaps and event source.
 */

/** Expander names accepted in `expander` (a comma list chains them, e.g. `priority,least-waste`). */
export type ExpanderName = 'random' | 'most-pods' | 'least-waste' | 'least-nodes' | 'priority';

/** Flags the simulated CA honours; every field defaults to upstream's value. */
export interface ClusterAutoscalerOptions {
  /** --scan-interval. */
  scanIntervalMs: number;
  /** --expander (least-waste since CA 1.33). */
  expander: string;
  /** --max-node-provision-time: an instance not registered by then is a failed scale-up. */
  maxNodeProvisionTimeMs: number;
  /** --scale-down-enabled. */
  scaleDownEnabled: boolean;
  /** --scale-down-utilization-threshold. */
  scaleDownUtilizationThreshold: number;
  /** --scale-down-unneeded-time. */
  scaleDownUnneededTimeMs: number;
  /** --scale-down-unready-time. */
  scaleDownUnreadyTimeMs: number;
  /** --scale-down-delay-after-add. */
  scaleDownDelayAfterAddMs: number;
  /** --scale-down-delay-after-delete. */
  scaleDownDelayAfterDeleteMs: number;
  /** --scale-down-delay-after-failure. */
  scaleDownDelayAfterFailureMs: number;
  /** --max-scale-down-parallelism: nodes deleted at once (empty ones in bulk). */
  maxScaleDownParallelism: number;
  /** --max-drain-parallelism: non-empty nodes drained at once. */
  maxDrainParallelism: number;
  /** --max-graceful-termination-sec: cap on a drained pod's grace period. */
  maxGracefulTerminationSec: number;
  /** --max-pod-eviction-time: how long evictions are retried. */
  maxPodEvictionTimeMs: number;
  /** --node-delete-delay-after-taint. */
  nodeDeleteDelayAfterTaintMs: number;
  /** --expendable-pods-priority-cutoff: pods below it neither trigger scale-up nor block scale-down. */
  expendablePodsPriorityCutoff: number;
  /** --new-pod-scale-up-delay: pods younger than this are not considered. */
  newPodScaleUpDelayMs: number;
  /** --max-nodes-per-scaleup. */
  maxNodesPerScaleUp: number;
  /** --max-nodes-total (0 = no limit). */
  maxNodesTotal: number;
  /** --max-total-unready-percentage / --ok-total-unready-count. */
  maxTotalUnreadyPercentage: number;
  okTotalUnreadyCount: number;
  /** --initial-node-group-backoff-duration / --max-node-group-backoff-duration / --node-group-backoff-reset-timeout. */
  initialNodeGroupBackoffMs: number;
  maxNodeGroupBackoffMs: number;
  nodeGroupBackoffResetTimeoutMs: number;
  /** --skip-nodes-with-local-storage / --skip-nodes-with-system-pods. */
  skipNodesWithLocalStorage: boolean;
  skipNodesWithSystemPods: boolean;
  /** --ignore-daemonsets-utilization / --ignore-mirror-pods-utilization. */
  ignoreDaemonSetsUtilization: boolean;
  ignoreMirrorPodsUtilization: boolean;
  /** --write-status-configmap. */
  writeStatusConfigMap: boolean;
  /** The namespace CA runs in (status and priority ConfigMaps). */
  namespace: string;
  /** A pool's provisioning delay when its `autoscaling` stanza names none (kubedrill, not a CA flag). */
  defaultProvisioningDelaySeconds: number;
  /** How many recent activity entries the UI can read back (bounded memory). */
  activityHistory: number;
}

const MIN = 60_000;

/** Upstream defaults. */
export const DEFAULT_OPTIONS: Readonly<ClusterAutoscalerOptions> = Object.freeze({
  scanIntervalMs: 10_000,
  expander: 'least-waste',
  maxNodeProvisionTimeMs: 15 * MIN,
  scaleDownEnabled: true,
  scaleDownUtilizationThreshold: 0.5,
  scaleDownUnneededTimeMs: 10 * MIN,
  scaleDownUnreadyTimeMs: 20 * MIN,
  scaleDownDelayAfterAddMs: 10 * MIN,
  scaleDownDelayAfterDeleteMs: 0,
  scaleDownDelayAfterFailureMs: 3 * MIN,
  maxScaleDownParallelism: 10,
  maxDrainParallelism: 1,
  maxGracefulTerminationSec: 600,
  maxPodEvictionTimeMs: 2 * MIN,
  nodeDeleteDelayAfterTaintMs: 5_000,
  expendablePodsPriorityCutoff: -10,
  newPodScaleUpDelayMs: 0,
  maxNodesPerScaleUp: 1000,
  maxNodesTotal: 0,
  maxTotalUnreadyPercentage: 45,
  okTotalUnreadyCount: 3,
  initialNodeGroupBackoffMs: 5 * MIN,
  maxNodeGroupBackoffMs: 30 * MIN,
  nodeGroupBackoffResetTimeoutMs: 180 * MIN,
  skipNodesWithLocalStorage: true,
  skipNodesWithSystemPods: true,
  ignoreDaemonSetsUtilization: false,
  ignoreMirrorPodsUtilization: false,
  writeStatusConfigMap: true,
  namespace: 'kube-system',
  defaultProvisioningDelaySeconds: 90,
  activityHistory: 200,
});

/** Merge caller options over the defaults, rejecting values upstream's flag parsing would refuse. */
export function resolveOptions(partial: Partial<ClusterAutoscalerOptions> = {}): ClusterAutoscalerOptions {
  const o: ClusterAutoscalerOptions = { ...DEFAULT_OPTIONS };
  for (const [k, v] of Object.entries(partial)) if (v !== undefined) (o as unknown as Record<string, unknown>)[k] = v;
  const positive: (keyof ClusterAutoscalerOptions)[] = ['scanIntervalMs', 'maxScaleDownParallelism', 'maxDrainParallelism', 'maxNodesPerScaleUp', 'activityHistory'];
  for (const k of positive) {
    const v = o[k] as number;
    if (!(Number.isFinite(v) && v > 0)) throw new Error(`cluster-autoscaler: ${k} must be a positive number, got ${String(v)}`);
  }
  const t = o.scaleDownUtilizationThreshold;
  if (!(t >= 0 && t <= 1)) throw new Error(`cluster-autoscaler: scaleDownUtilizationThreshold must be between 0 and 1, got ${String(t)}`);
  return o;
}

/** Event source of everything CA records. */
export const CA_SOURCE = { component: 'cluster-autoscaler' } as const;
/** The status ConfigMap (and the object CA's "log recorder" events are about). */
export const STATUS_CONFIGMAP = 'cluster-autoscaler-status';
/** The priority expander's ConfigMap and its key. */
export const PRIORITY_CONFIGMAP = 'cluster-autoscaler-priority-expander';
export const PRIORITY_KEY = 'priorities';
/** Annotation CA stamps on the status ConfigMap. */
export const LAST_UPDATED_ANNOTATION = 'cluster-autoscaler.kubernetes.io/last-updated';

/** Hard taint on a node being removed (value: unix seconds). */
export const TO_BE_DELETED_TAINT = 'ToBeDeletedByClusterAutoscaler';
/** Soft taint on unneeded nodes (value: unix seconds). */
export const DELETION_CANDIDATE_TAINT = 'DeletionCandidateOfClusterAutoscaler';
/** Pod annotations that override the drain rules. */
export const SAFE_TO_EVICT = 'cluster-autoscaler.kubernetes.io/safe-to-evict';
export const SAFE_TO_EVICT_LOCAL_VOLUMES = 'cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes';
/** Node annotation that keeps a node out of scale-down. */
export const SCALE_DOWN_DISABLED = 'cluster-autoscaler.kubernetes.io/scale-down-disabled';
/** The label kubedrill puts on every node naming its pool (= node group id). */
export const NODE_POOL_LABEL = 'kubedrill.io/node-pool';
