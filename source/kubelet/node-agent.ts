/**
 * The kubelet of one simulated node: registration, Lease heartbeat and node status (one timer per node every
 * 10 s; the status write is skipped when nothing changed, except every 5 minutes), kubelet admission, pod IPs,
 * the image store, resource usage totals and memory-pressure eviction. Pods are handled by PodWorkers; the
 * KubeletPool routes watch events here and writes their statuses.
 */
import type { Node, Pod } from '../api/core.js';
import { isApiError } from '../api/errors.js';
import type { Engine } from '../engine/engine.js';
import type { TimerHandle } from '../engine/timers.js';
import type { ApiStore } from '../store/store.js';
import type { ContainerRun } from './container-run.js';
import { admissionCheck } from './kubelet-admission.js';
import { FALLBACK_POD_CIDR, IpPool } from './ip-pool.js';
import { hexDigest, type ImageRef } from './image-ref.js';
import { ImagePuller } from './image-puller.js';
import { type KubeletMessages, nodeStatusIsNow } from './messages.js';
import { renewLease } from './node-lease.js';
import { KUBELET_PORT, type NodeHealth, nodeConditions, nodeInfo } from './node-status.js';
import { NodeEviction } from './node-eviction.js';
import { NodeUsage } from './node-usage.js';
import { PodWorker, type WorkerHost } from './pod-worker.js';
import type { ProfileCatalog } from './profiles.js';
import { CONTROL_PLANE_LABEL, STATIC_COMPONENTS, STATIC_IMAGE_SIZES, type StaticComponent, mirrorComponent, staticImage } from './static-pods.js';

/** What a node's kubelet needs from the pool that hosts every node. */
export interface AgentPool {
  readonly engine: Engine;
  readonly catalog: ProfileCatalog;
  readonly messages: KubeletMessages;
  readonly kubeletVersion: string;
  markDirty(w: PodWorker): void;
  setWaits(w: PodWorker, keys: readonly string[]): void;
  requestDelete(w: PodWorker): void;
  /** Delete a pod object now (grace 0) without writing a status (never ran here, or a mirror pod). */
  deletePod(pod: Pod): void;
  queueMirror(agent: NodeAgent, component: StaticComponent): void;
  staticHealthy(component: StaticComponent): boolean;
  workerAdded(w: PodWorker): void;
  workerGone(w: PodWorker): void;
}

/** Lease renewal and node status computation period (nodeStatusUpdateFrequency, 0.25 × lease duration). */
export const HEARTBEAT_MS = 10_000;
/** nodeStatusReportFrequency: an unchanged status is still written this often. */
export const STATUS_REPORT_MS = 5 * 60_000;
const PAUSE_IMAGE = 'registry.k8s.io/pause:3.10';

/** The kubelet of one node. */
export class NodeAgent implements WorkerHost {
  readonly name: string;
  readonly store: ApiStore;
  readonly messages: KubeletMessages;
  readonly nodeIP: string;
  readonly controlPlane: boolean;
  readonly puller: ImagePuller;
  readonly eviction: NodeEviction;
  readonly workers = new Map<string, PodWorker>();
  readonly staticWorkers = new Map<StaticComponent, PodWorker>();
  nodeUid?: string;
  running = false;
  removed = false;
  /** Cut off from the API server (a network partition fault): pods run on, but nothing reaches the store. */
  partitioned = false;
  /** Memory used on the machine outside any pod (a node-pressure fault's hog): counts against memory.available. */
  extraMemoryBytes = 0;
  /** The message of a Ready=False condition when the kubelet knows why (the shutdown manager's "node is shutting down"). */
  notReadyMessage?: string;
  health: NodeHealth = { memoryPressure: false, diskPressure: false, pidPressure: false, ready: true };
  /** Requests of admitted, non-terminal pods. */
  readonly used = { cpuMilli: 0, memoryBytes: 0, pods: 0 };
  private readonly ipPool: IpPool;
  private ipWaiters: PodWorker[] = [];
  private deferred: (() => void)[] = [];
  private cancelHeartbeat?: () => void;
  private lastPostedAt = -Infinity;
  private lastSignature = '';
  /** Usage totals of the running containers (CPU demand, memory with leaks, the noisy-neighbour share). */
  readonly usage = new NodeUsage();

  constructor(private readonly pool: AgentPool, private readonly node: Node) {
    this.name = node.metadata.name!;
    this.store = pool.engine.store;
    this.messages = pool.messages;
    this.nodeIP = node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? fallbackIP(this.name);
    this.controlPlane = node.metadata.labels?.[CONTROL_PLANE_LABEL] !== undefined;
    try {
      this.ipPool = new IpPool(node.spec?.podCIDR || FALLBACK_POD_CIDR);
    } catch (err) {
      throw new Error(`node "${this.name}": spec.podCIDR: ${(err as Error).message}`);
    }
    this.usage.observeNode(node);
    this.puller = new ImagePuller(this);
    this.eviction = new NodeEviction(this);
    this.puller.preload(PAUSE_IMAGE, 320_368);
    if (this.controlPlane) {
      for (const c of STATIC_COMPONENTS) this.puller.preload(staticImage(c, pool.kubeletVersion), STATIC_IMAGE_SIZES[c]);
    }
  }

  now(): number {
    return this.pool.engine.now();
  }

  // ---- lifecycle ----

  /** Start the kubelet: register or update the Node, renew the Lease, sync pods, and heartbeat every 10 s. */
  start(first: boolean): void {
    if (this.running || this.removed) return;
    this.running = true;
    this.recordNode('Normal', 'Starting', 'Starting kubelet.');
    this.postStatus(true);
    this.renewLease();
    this.cancelHeartbeat = this.pool.engine.every(HEARTBEAT_MS, () => this.heartbeat(), 'kubelet-heartbeat');
    this.resync();
    if (!first) {
      const deferred = this.deferred;
      this.deferred = [];
      for (const fn of deferred) fn();
    }
    if (this.controlPlane) for (const c of STATIC_COMPONENTS) if (!this.staticWorkers.has(c)) this.pool.queueMirror(this, c);
  }

  /** Stop the kubelet (a fault): no heartbeats, no status writes, pod transitions wait until it starts again. */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.cancelHeartbeat?.();
    this.cancelHeartbeat = undefined;
  }

  /** Post node status now rather than at the next heartbeat (the shutdown manager's syncNodeStatus). */
  postStatusNow(): void {
    if (this.running && !this.partitioned) this.postStatus(false);
  }

  /** A partition healed: post node status and the Lease, re-list the pods and re-report every one of them. */
  reconnect(): void {
    if (!this.partitioned) return;
    this.partitioned = false;
    if (!this.running) return;
    this.postStatus(false);
    this.renewLease();
    this.resync();
    for (const w of this.workers.values()) this.pool.markDirty(w);
  }

  /** The machine is gone: forget every pod and delete the Node object. */
  remove(): void {
    this.stop();
    this.removed = true;
    this.puller.clear();
    for (const w of this.workers.values()) w.dispose();
    for (const w of this.staticWorkers.values()) w.dispose();
    this.workers.clear();
    this.staticWorkers.clear();
    this.deferred = [];
    try {
      this.store.delete('Node', undefined, this.name);
    } catch (err) {
      if (!isApiError(err)) throw err;
    }
  }

  private heartbeat(): void {
    if (!this.running) return;
    if (this.partitioned) {
      this.eviction.check(); // local: the eviction manager needs no API server
      return;
    }
    this.renewLease();
    this.usage.observeNode(this.nodeObject());
    this.eviction.check();
    const signature = `${+this.health.memoryPressure}${+this.health.diskPressure}${+this.health.pidPressure}${+this.health.ready}|${this.puller.version}`;
    if (signature !== this.lastSignature || this.now() - this.lastPostedAt >= STATUS_REPORT_MS) this.postStatus(false);
  }

  private renewLease(): void {
    renewLease(this.store, this.name, this.nodeUid, this.pool.engine.clock.microTimestamp());
  }

  /** Write node status (registering the Node if it does not exist) and record condition transition events. */
  private postStatus(starting: boolean): void {
    const now = this.now();
    const existing = this.store.tryGet<Node>('Node', undefined, this.name);
    const base = existing ?? this.node;
    const conditions = nodeConditions(this.health, existing?.status?.conditions, now);
    const ready = conditions.find((c) => c.condition.type === 'Ready')!;
    if (this.notReadyMessage && ready.condition.status === 'False') ready.condition.message = this.notReadyMessage;
    const given = base.status?.nodeInfo ?? {};
    const info = nodeInfo(this.name, this.pool.kubeletVersion, 0);
    for (const [k, v] of Object.entries(given)) if (v && k !== 'kubeletVersion') (info as Record<string, string>)[k] = v;
    const status = {
      ...base.status,
      conditions: conditions.map((c) => c.condition),
      daemonEndpoints: { kubeletEndpoint: { Port: KUBELET_PORT } },
      nodeInfo: info,
      images: this.puller.statusImages(),
    };
    try {
      const written = existing
        ? this.store.updateStatus<Node>({ ...existing, status })
        : this.store.create<Node>({ ...this.node, status });
      this.nodeUid = written.metadata.uid;
      this.usage.observeNode(written);
    } catch (err) {
      if (!isApiError(err)) throw err;
      return;
    }
    this.lastPostedAt = now;
    this.lastSignature = `${+this.health.memoryPressure}${+this.health.diskPressure}${+this.health.pidPressure}${+this.health.ready}|${this.puller.version}`;
    for (const c of conditions) if (c.changed && c.condition.type !== 'Ready') this.recordNode('Normal', c.event, nodeStatusIsNow(this.name, c.event));
    if (starting) this.recordNode('Normal', 'NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods');
    if (ready.changed) this.recordNode('Normal', ready.event, nodeStatusIsNow(this.name, ready.event));
  }

  /** Events about the node reference it as the kubelet does: kind Node, uid = the node's name. */
  recordNode(type: 'Normal' | 'Warning', reason: string, message: string): void {
    if (this.partitioned) return; // events of a cut-off node never reach the API
    this.pool.engine.events.record({ kind: 'Node', name: this.name, uid: this.name }, type, reason, message, { component: 'kubelet', host: this.name });
  }

  // ---- pods ----

  /** Reconcile workers with the pods bound to this node in the store (start, kubelet restart). */
  resync(): void {
    const pods = this.store.select<Pod>('Pod', { nodeName: this.name });
    const seen = new Set<string>();
    for (const pod of pods) {
      seen.add(pod.metadata.uid!);
      this.upsert(pod, undefined);
    }
    for (const [uid, w] of [...this.workers]) if (!seen.has(uid)) this.podGone(w.pod);
  }

  /** A pod bound to this node was added or changed. */
  upsert(pod: Pod, old: Pod | undefined): void {
    const uid = pod.metadata.uid!;
    let w = this.workers.get(uid);
    if (!w) {
      const component = this.controlPlane ? mirrorComponent(pod) : undefined;
      const known = component ? this.staticWorkers.get(component) : undefined;
      if (known) {
        // The mirror pod was re-created: the static pod kept running; report it on the new object.
        known.rebind(pod);
        this.workers.set(uid, known);
        return;
      }
    }
    if (w) {
      w.pod = pod;
      const del = pod.metadata.deletionTimestamp;
      if (del && (old === undefined || old.metadata.deletionTimestamp !== del || old.metadata.deletionGracePeriodSeconds !== pod.metadata.deletionGracePeriodSeconds)) {
        if (w.staticComponent) this.pool.deletePod(pod); // a mirror pod is deleted and re-created; the static pod runs on
        else w.terminate();
      }
      return;
    }
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return; // finished before this kubelet saw it
    if (pod.metadata.deletionTimestamp) {
      this.pool.deletePod(pod); // never ran here: nothing to stop
      return;
    }
    const component = this.controlPlane ? mirrorComponent(pod) : undefined;
    w = new PodWorker(this, pod, this.pool.catalog, component);
    this.workers.set(uid, w);
    this.pool.workerAdded(w);
    if (component) {
      this.staticWorkers.set(component, w);
      if (!this.pool.staticHealthy(component)) w.setHealthy(false);
    }
    w.start();
  }

  /** A pod bound to this node was deleted from the store. */
  podGone(pod: Pod): void {
    const uid = pod.metadata.uid!;
    const w = this.workers.get(uid);
    if (!w) return;
    this.workers.delete(uid);
    if (w.staticComponent && this.staticWorkers.get(w.staticComponent as StaticComponent) === w && !this.removed) {
      this.pool.queueMirror(this, w.staticComponent as StaticComponent);
      return;
    }
    w.dispose();
    this.pool.workerGone(w);
  }

  // ---- WorkerHost ----

  schedule(delayMs: number, fn: () => void, label: string): TimerHandle {
    return this.pool.engine.after(delayMs, () => {
      if (this.removed) return;
      if (!this.running) this.deferred.push(fn);
      else fn();
    }, label);
  }

  cancel(handle: TimerHandle | undefined): void {
    if (handle) this.pool.engine.timers.cancel(handle);
  }

  record(w: PodWorker, type: 'Normal' | 'Warning', reason: string, message: string, fieldPath?: string): void {
    if (this.partitioned) return;
    this.pool.engine.events.record(
      { kind: 'Pod', namespace: w.namespace, name: w.name, uid: w.uid, apiVersion: 'v1' },
      type, reason, message, { component: 'kubelet', host: this.name }, fieldPath,
    );
  }

  markDirty(w: PodWorker): void {
    this.pool.markDirty(w);
  }

  imagePresent(ref: ImageRef): boolean {
    return this.puller.present(ref);
  }

  requestPull(w: PodWorker, run: ContainerRun): void {
    this.puller.request(w, run);
  }

  cancelPulls(w: PodWorker): void {
    this.puller.cancel(w);
  }

  allocateIp(w: PodWorker): string | undefined {
    const ip = this.ipPool.allocate();
    if (ip) return ip;
    if (!this.ipWaiters.includes(w)) {
      this.ipWaiters.push(w);
      const sandbox = hexDigest(`sandbox/${w.uid}`);
      this.record(w, 'Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${sandbox}": plugin type="bridge" failed (add): failed to allocate for range 0: no IP addresses available in range set: ${this.ipPool.rangeText()}`);
    }
    return undefined;
  }

  releaseIp(ip: string): void {
    this.ipPool.release(ip);
    this.ipWaiters = this.ipWaiters.filter((w) => !w.disposed && !w.podIsTerminal);
    const next = this.ipWaiters.shift();
    // Retry from the timer queue, not from inside another pod's transition.
    if (next) this.schedule(0, () => next.sync(), 'kubelet-sandbox-retry');
  }

  usageChanged(run: ContainerRun, sign: 1 | -1): void {
    this.usage.changed(run, sign);
  }

  setWaits(w: PodWorker, keys: readonly string[]): void {
    this.pool.setWaits(w, keys);
  }

  released(w: PodWorker): void {
    this.used.cpuMilli -= w.requests.cpuMilli;
    this.used.memoryBytes -= w.requests.memoryBytes;
    this.used.pods--;
  }

  requestDelete(w: PodWorker): void {
    this.pool.requestDelete(w);
  }

  /** Kubelet admission; an admitted pod's requests count against the node until it is terminal. */
  admit(w: PodWorker): { reason: string; message: string } | undefined {
    const rejection = w.staticComponent ? undefined : admissionCheck(w.pod, w.requests, this.nodeObject(), this.used, this.health.memoryPressure);
    if (rejection) return rejection;
    this.used.cpuMilli += w.requests.cpuMilli;
    this.used.memoryBytes += w.requests.memoryBytes;
    this.used.pods++;
    return undefined;
  }

  // ---- usage ----

  /** Memory used by this node's containers now (bytes). */
  podMemory(now = this.now()): number {
    return this.usage.memory(now) + this.extraMemoryBytes;
  }

  /** CPU this node's containers want (each throttled at its limit), millicores. */
  podCpu(): number {
    return this.usage.cpuDemand();
  }

  /** The node object as currently stored (or as given, before registration). */
  nodeObject(): Node {
    return this.store.tryGet<Node>('Node', undefined, this.name) ?? this.node;
  }
}

/** An address for a node that lists no InternalIP (derived from its name, stable across runs). */
function fallbackIP(name: string): string {
  const h = parseInt(hexDigest(`ip/${name}`).slice(0, 4), 16);
  return `10.250.${(h >> 8) & 255}.${Math.max(2, h & 255)}`;
}
