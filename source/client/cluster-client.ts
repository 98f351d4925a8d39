/**
 * ClusterClient: the one interface the surfaces (terminal UI, wallboard, drills' scripted responses) use to
 * read and act on a cluster. The in-process adapter wraps a Simulation; a remote adapter (later) wraps the
 * Kubernetes API. Surfaces never import components (scheduler, kubelet, controllers) directly.
 */
import type { Event, Pod } from '../api/core.js';
import type { KubeObject } from '../api/meta.js';
import type { GroupCost } from '../autoscaling/cost.js';
import type { ActivityEntry } from '../autoscaling/cluster-autoscaler/activity.js';
import type { UnremovableNode } from '../autoscaling/cluster-autoscaler/scale-down-planner.js';
import type { NodeGroupView } from '../autoscaling/cluster-autoscaler/views.js';
import type { DrainOptions } from '../cluster/actions/drain.js';
import type { SeriesScope } from '../metrics/metrics-series.js';
import type { SeriesView } from '../metrics/series.js';
import type { NodeMetricsSample, PodMetricsSample } from '../metrics/types.js';
import type { ServiceSli } from '../traffic/sli.js';
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
  /** metrics-server: PodMetrics / NodeMetrics (what `kubectl top` shows) and the recorded time series. */
  readonly metrics?: MetricsReader;
  /** The Cluster Autoscaler's node groups and activity, and what the nodes cost. */
  readonly autoscaling?: AutoscalingReader;
  /** Per-Service traffic: SLIs and live models; absent when the simulation has no traffic controller. */
  readonly traffic?: TrafficControls;
}

/** The label every simulated node carries naming its pool (the node group). */
export { NODE_POOL_LABEL } from '../autoscaling/cluster-autoscaler/options.js';

export type { ActivityEntry, GroupCost, NodeGroupView, NodeMetricsSample, PodMetricsSample, SeriesScope, SeriesView, ServiceSli, UnremovableNode };

/** The metrics server as surfaces read it. */
export interface MetricsReader {
  /** Scrape period (15 s): one point per series per scrape. */
  readonly resolutionMs: number;
  /** The pod's latest PodMetrics; undefined until it has two scrapes (metrics-server's rule), or while metrics-server is down. */
  podMetrics(namespace: string, name: string): PodMetricsSample | undefined;
  nodeMetrics(name: string): NodeMetricsSample | undefined;
  /** A live view of a recorded series: scopes and keys as in metrics-series.ts (cluster `''`, node, `ns/Kind/name`, `ns/name`). */
  series(scope: SeriesScope, key: string, metric: string): SeriesView | undefined;
  /** The workload series key (`ns/Kind/name`) of a pod, following its controllers; undefined for a bare pod. */
  workloadKey(pod: Pod): string | undefined;
}

/** Total cost so far and what the cluster costs per hour now. */
export interface CostNow {
  total: number;
  ratePerHour: number;
}

/** The Cluster Autoscaler and cost meter as surfaces read them. */
export interface AutoscalingReader {
  /** Autoscaled node groups: sizes, price, health, unneeded nodes. */
  nodeGroups(): NodeGroupView[];
  /** Recent scale-ups, scale-downs and failures, oldest first (bounded). */
  activity(): readonly ActivityEntry[];
  /** Nodes scale-down cannot remove now, with the reason (last scan). */
  unremovableNodes(): readonly UnremovableNode[];
  cost(): CostNow;
  /** The bill per node group (every pool of the Cluster, autoscaled or not). */
  costByGroup(): GroupCost[];
}

/** A Service's traffic model as text, and where it came from. */
export interface TrafficModelInfo {
  text: string;
  source: 'annotation' | 'live';
  /** The instant the model's times count from (virtual ms). */
  originMs: number;
}

/** Per-Service traffic: what the UI shows and the live control (`t`). */
export interface TrafficControls {
  /** Every Service with traffic (or a traffic annotation that did not parse). */
  services(): ServiceSli[];
  sli(namespace: string, name: string): ServiceSli | undefined;
  model(namespace: string, name: string): TrafficModelInfo | undefined;
  /**
   * Set a Service's model live from text (`500`, `spike(base=200,peak=2000,at=1m,for=10m)`): model times count from
   * now, except a diurnal curve, which keeps the simulation's day. Empty text drops the live model (the Service's
   * annotation applies again). A bad model is refused with the parser's message and changes nothing.
   */
  setTraffic(namespace: string, service: string, model: string): ActionResult;
}

