/**
 * ClusterClient: the one interface the surfaces (terminal UI, wallboard, drills' scripted responses) use to
 * read and act on a cluster. The in-process adapter wraps a Simulation; a remote adapter (later) wraps the
 * Kubernetes API. Surfaces never import components (scheduler, kubelet, controllers) directly.
 */
import type { Event, Pod } from '../api/core.js';
import type { KubeObject } from '../api/meta.js';
import type { DrainOptions } from '../cluster/actions/drain.js';
import type { WatchEvent } from '../store/watch.js';

export interface ClusterInfo {
  /** Cluster name (Cluster metadata.name), shown in the header. */
  name: string;
  /** kubeconfig-style context name. */
  context: string;
  user: string;
  kubernetesVersion: string;
  /** True for a simulation (speed, faults, drills available); false when attached to a real cluster. */
  simulated: boolean;
}

/** What an action tells the operator: shown in the flash line (kubectl's wording), and whether it failed. */
export interface ActionResult {
  ok: boolean;
  message: string;
}

export interface DeleteRequest {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  gracePeriodSeconds?: number;
  /** kubectl --force: with grace 0, remove at once without waiting for the kubelet. */
  force?: boolean;
}

/** kubectl drain's options (the operator action's own type). */
export type DrainRequest = DrainOptions;

/** A drain in progress: kubectl's output lines as they happen, and how it ended. */
export interface DrainHandle {
  readonly lines: readonly string[];
  readonly state: 'running' | 'done' | 'failed';
  onLine(fn: (line: string) => void): () => void;
  cancel(): void;
}

export type Unsubscribe = () => void;

export interface LogRequest {
  container?: string;
  previous?: boolean;
  tailLines?: number;
  timestamps?: boolean;
}

export interface ClusterClient {
  info(): ClusterInfo;
  /** The cluster's notion of now (virtual time in a simulation), for AGE columns. */
  now(): number;
  /** Objects of a kind, optionally in one namespace. Cost is proportional to the result: views must not call it per frame. */
  list<T extends KubeObject = KubeObject>(kind: string, namespace?: string): T[];
  get<T extends KubeObject = KubeObject>(kind: string, namespace: string | undefined, name: string): T | undefined;
  /** Pods on a node (indexed). */
  podsOnNode(node: string): Pod[];
  /** Objects owned by `uid` (indexed): a Deployment's ReplicaSets, a ReplicaSet's pods. */
  ownedBy<T extends KubeObject = KubeObject>(kind: string, uid: string): T[];
  /** Events about one object, oldest first. */
  eventsFor(obj: KubeObject): Event[];
  /** Changes to a kind (or every kind), delivered after the cluster settles; returns an unsubscribe function. */
  subscribe(kind: string | undefined, handler: (event: WatchEvent, kind: string) => void): Unsubscribe;

  scale(kind: string, namespace: string, name: string, replicas: number): ActionResult;
  delete(kind: string, namespace: string | undefined, name: string, req?: DeleteRequest): ActionResult;
  cordon(node: string): ActionResult;
  uncordon(node: string): ActionResult;
  drain(node: string, req?: DrainRequest): DrainHandle;
  rolloutRestart(kind: string, namespace: string, name: string): ActionResult;
  rolloutUndo(kind: string, namespace: string, name: string, toRevision?: number): ActionResult;
  rolloutPause(namespace: string, name: string, paused: boolean): ActionResult;
  triggerCronJob(namespace: string, name: string): ActionResult;
  suspendCronJob(namespace: string, name: string, suspend: boolean): ActionResult;
  /** Patch an object (merge patch), e.g. an edited image or resources. */
  patch(kind: string, namespace: string | undefined, name: string, patch: unknown): ActionResult;
  /** `kubectl apply -f PATH` (files or directories): one line per object, kubectl's wording. */
  applyPath(path: string): ActionResult & { lines: string[] };
  /** `kubectl describe` text for an object. */
  describe(kind: string, namespace: string | undefined, name: string): string;
  /** Container logs (simulated in a simulation). */
  logs(namespace: string, pod: string, req?: LogRequest): string[];
}

/** Simulation-only controls, absent when attached to a real cluster. */
export interface SimulationControls {
  readonly seed: number;
  /** Speed factor of virtual vs wall time; 0 = paused. */
  speed(): number;
  setSpeed(factor: number): void;
  /** Advance virtual time (the UI's clock tick and the `.` step key). */
  advance(ms: number): void;
  /** The scheduler's last attempt for a pod: "why Pending" / "why this node". */
  schedulingRecord(pod: Pod): import('../scheduler/scheduler.js').SchedulingRecord | undefined;
  /** Current usage of a pod's containers / a node, when the kubelet reports it. */
  podUsage(namespace: string, name: string): { containers: { name: string; cpuMilli: number; memoryBytes: number }[] } | undefined;
  nodeUsage(name: string): { cpuMilli: number; memoryBytes: number } | undefined;
}
