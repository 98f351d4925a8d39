/** Shared scheduler vocabulary: plugin names, statuses, options and the inputs the scheduler component supplies. */
import type { LabelSelector } from '../api/meta.js';
import type { PersistentVolume, PersistentVolumeClaim, Pod } from '../api/core.js';
import type { StorageClass } from '../api/cluster-kinds.js';

/** framework.MaxNodeScore: every plugin's normalised score lies in 0..100. */
export const MAX_NODE_SCORE = 100;

/** Filter plugins of the default profile, in the order they run on a node. */
export type FilterPluginName =
  | 'NodeUnschedulable' | 'NodeName' | 'TaintToleration' | 'NodeAffinity' | 'NodePorts' | 'NodeResourcesFit'
  | 'VolumeBinding' | 'VolumeZone' | 'PodTopologySpread' | 'InterPodAffinity';

/** Score plugins of the default profile, in the order they run. */
export type ScorePluginName =
  | 'TaintToleration' | 'NodeAffinity' | 'NodeResourcesFit' | 'PodTopologySpread' | 'InterPodAffinity'
  | 'NodeResourcesBalancedAllocation' | 'ImageLocality';

/** The two rejection codes; only `Unschedulable` nodes are preemption candidates. */
export type StatusCode = 'Unschedulable' | 'UnschedulableAndUnresolvable';

/** A rejection by one plugin (framework.Status): its code and reason strings. Success is `undefined`. */
export interface Status {
  readonly code: StatusCode;
  readonly reasons: readonly string[];
  /** The plugin that rejected, or `DefaultPreemption` for statuses produced by the preemption dry run. */
  readonly plugin: string;
}

/** Build a status; plugins keep their fixed statuses as module constants so the hot path never allocates. */
export function rejection(plugin: string, code: StatusCode, ...reasons: string[]): Status {
  return Object.freeze({ code, reasons: Object.freeze(reasons), plugin });
}

/** The storage objects VolumeBinding and VolumeZone need; the scheduler component backs it with the store. */
export interface VolumeLister {
  getPVC(namespace: string, name: string): PersistentVolumeClaim | undefined;
  getPV(name: string): PersistentVolume | undefined;
  getStorageClass(name: string): StorageClass | undefined;
}

/** A PodDisruptionBudget as preemption needs it (policy/v1 spec.selector + status). */
export interface PdbInfo {
  readonly namespace: string;
  /** An absent or empty selector matches no pod (as in upstream's preemption). */
  readonly selector: LabelSelector | undefined;
  readonly disruptionsAllowed: number;
  /** status.disruptedPods: pods already being evicted do not count as violations. */
  readonly disruptedPods?: Readonly<Record<string, string>>;
}

/** NodeResourcesFit scoring strategies offered here (RequestedToCapacityRatio is not configurable in kubedrill). */
export type ScoringStrategy = 'LeastAllocated' | 'MostAllocated';

/** Everything one scheduling cycle needs besides the pod and the snapshot. */
export interface ScheduleOptions {
  /** The simulation's seeded random source, [0, 1): tie-break and the preemption offset. */
  rand: () => number;
  /** Where the node search starts (rotates across cycles); take the new value from the result. */
  nextStartNodeIndex: number;
  /** percentageOfNodesToScore; 0 or absent = adaptive (50 − N/125, at least 5). */
  percentageOfNodesToScore?: number;
  scoringStrategy?: ScoringStrategy;
  volumes: VolumeLister;
  /** The pod's effective priority (spec.priority as admission resolved it). */
  priorityOf: (pod: Pod) => number;
  pdbs: readonly PdbInfo[];
  /**
   * The merged selector of the Services, ReplicaSets, ReplicationControllers and StatefulSets selecting the pod
   * (upstream's DefaultSelector) for PodTopologySpread's system-default constraints. Absent: a pod with a controller
   * ownerReference of kind ReplicaSet/ReplicationController/StatefulSet uses its own labels (see pod-topology-spread).
   */
  defaultSpreadSelector?: (pod: Pod) => LabelSelector | undefined;
  /** InterPodAffinityArgs.hardPodAffinityWeight, default 1. */
  hardPodAffinityWeight?: number;
}

/** Work counters for one cycle, so tests can check the algorithm's cost without timing it. */
export interface CycleStats {
  /** Filter-plugin invocations (one per plugin per node evaluated). */
  filterCalls: number;
  /** Nodes the filter loop visited. */
  nodesEvaluated: number;
  /**
   * Pods examined through the snapshot's indexes by PreFilter/PreScore (topology spread, inter-pod affinity; for
   * existing pods' required anti-affinity, the indexed terms offered as candidates).
   */
  podsVisited: number;
  /** Score-plugin invocations. */
  scoreCalls: number;
}

/** A fresh set of counters. */
export function newCycleStats(): CycleStats {
  return { filterCalls: 0, nodesEvaluated: 0, podsVisited: 0, scoreCalls: 0 };
}

/** Well-known label keys the plugins read. */
export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
export const LABEL_ZONE = 'topology.kubernetes.io/zone';
export const LABEL_REGION = 'topology.kubernetes.io/region';
export const LABEL_ZONE_BETA = 'failure-domain.beta.kubernetes.io/zone';
export const LABEL_REGION_BETA = 'failure-domain.beta.kubernetes.io/region';

/** Identity of a pod across object versions: its uid, else namespace/name. */
export function podKey(pod: Pod): string {
  return pod.metadata.uid || `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name ?? ''}`;
}

/** metadata.namespace with the API default. */
export function podNamespace(pod: Pod): string {
  return pod.metadata.namespace ?? 'default';
}

/** A shared empty label map, so lookups on unlabeled objects don't allocate. */
export const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});
