/**
 * Every simulated node's kubelet in one component: one Pod watch routed by spec.nodeName (5,000 nodes must not
 * mean 5,000 watches), one watch each on ConfigMaps, Secrets and PVCs that wakes only the pods waiting for the
 * object that changed, and a single queue of status writes flushed by the step loop.
 */
import type { Node, Pod } from '../api/core.js';
import { isApiError } from '../api/errors.js';
import { toMilli as milli, toUnits as units } from '../api/quantity.js';
import type { Component, Engine } from '../engine/engine.js';
import type { WatchEvent } from '../store/watch.js';
import { depKey } from './config-deps.js';
import { KubeletMessages } from './messages.js';
import { type AgentPool, NodeAgent } from './node-agent.js';
import { ensureNamespace } from './node-lease.js';
import { buildPodStatus, rejectedStatus } from './pod-status.js';
import { PodTraffic } from './pod-traffic.js';
import type { PodWorker } from './pod-worker.js';
import type { ProfileCatalog } from './profiles.js';
import { STATIC_COMPONENTS, type StaticComponent, mirrorPod } from './static-pods.js';

/** How the kubelets are built: the behaviour catalogue and the kubelet version (event wording depends on it). */
export interface KubeletPoolOptions {
  catalog: ProfileCatalog;
  /** e.g. "v1.32.2": event message forms depend on it. */
  kubeletVersion: string;
}

/** Resource usage of one pod's containers. */
export interface PodUsage { containers: { name: string; cpuMilli: number; memoryBytes: number }[] }

/** Every node's kubelet as one engine component; register it with `engine.register(pool)`. */
export class KubeletPool implements Component, AgentPool {
  readonly name = 'kubelet';
  readonly catalog: ProfileCatalog;
  readonly messages: KubeletMessages;
  readonly kubeletVersion: string;
  private readonly agents = new Map<string, NodeAgent>();
  private readonly byKey = new Map<string, PodWorker>();
  private readonly dirty = new Set<PodWorker>();
  private readonly deletes = new Set<PodWorker>();
  private rawDeletes: Pod[] = [];
  private mirrors: { agent: NodeAgent; component: StaticComponent }[] = [];
  private readonly waiters = new Map<string, Set<PodWorker>>();
  private readonly waitsOf = new Map<PodWorker, readonly string[]>();
  private readonly rechecks = new Set<PodWorker>();
  private readonly unhealthy = new Set<StaticComponent>();
  /** Chaos hooks (fault-hooks.ts): told about every new pod worker before it starts. */
  onWorkerAdded?: (w: PodWorker) => void;

  constructor(readonly engine: Engine, opts: KubeletPoolOptions) {
    this.catalog = opts.catalog;
    this.kubeletVersion = opts.kubeletVersion;
    this.messages = new KubeletMessages(opts.kubeletVersion);
    const store = engine.store;
    store.watch({ kind: 'Pod', matches: (o) => !!(o as Pod).spec?.nodeName }, (e) => this.onPod(e), { sendInitialEvents: false });
    for (const kind of ['ConfigMap', 'Secret', 'PersistentVolumeClaim']) {
      store.watch({ kind }, (e) => this.onDependency(kind, e), { sendInitialEvents: false });
    }
  }

  // ---- public surface ----

  /** Register a node: the kubelet creates (or updates) the Node, its Lease, and starts heartbeating and running pods. */
  addNode(node: Node): void {
    const name = node.metadata?.name;
    if (!name) throw new Error('addNode: the Node needs metadata.name');
    if (this.agents.has(name)) throw new Error(`addNode: node "${name}" already has a kubelet`);
    const agent = new NodeAgent(this, node);
    this.agents.set(name, agent);
    agent.start(true);
  }

  /** The machine is gone: its kubelet stops and the Node object is deleted. Pods bound to it are left to the control plane. */
  removeNode(name: string): void {
    const agent = this.agents.get(name);
    if (!agent) {
      try {
        this.engine.store.delete('Node', undefined, name);
      } catch (err) {
        if (!isApiError(err)) throw err;
      }
      return;
    }
    for (const w of [...agent.workers.values(), ...agent.staticWorkers.values()]) this.forget(w);
    agent.remove();
    this.agents.delete(name);
  }

  /** Fault: the kubelet stops talking to the API (no heartbeats, no pod changes); its containers keep running. */
  stopKubelet(name: string): void {
    this.agentOf(name).stop();
  }

  startKubelet(name: string): void {
    const agent = this.agentOf(name);
    agent.start(false);
    // While it was away the node controller may have marked its pods not Ready; the kubelet re-posts what it sees.
    for (const w of agent.workers.values()) this.markDirty(w);
  }

  isRunning(name: string): boolean {
    return this.agents.get(name)?.running ?? false;
  }

  /** Simulated control-plane component health, shown by its static pod (crash-looping and not ready when down). */
  setStaticPodHealth(component: StaticComponent, healthy: boolean): void {
    if (!STATIC_COMPONENTS.includes(component)) throw new Error(`unknown static pod component "${component}" (expected one of ${STATIC_COMPONENTS.join(', ')})`);
    if (healthy) this.unhealthy.delete(component);
    else this.unhealthy.add(component);
    for (const agent of this.agents.values()) agent.staticWorkers.get(component)?.setHealthy(healthy);
  }

  /**
   * A pod's current usage per running container (CPU as the node gives it: throttled at the limit, shared out on an
   * oversubscribed node); undefined for an unknown pod or a node whose kubelet is down or cut off.
   */
  podUsage(namespace: string, name: string): PodUsage | undefined {
    const w = this.byKey.get(`${namespace}/${name}`);
    if (!w || w.disposed || !w.host.running || (w.host as NodeAgent).partitioned) return undefined;
    const now = this.engine.now();
    const factor = (w.host as NodeAgent).usage.cpuFactor(); // a worker's host is always its node's agent
    // The metrics server asks for every pod every 15 s: one pass, no intermediate arrays.
    const containers: PodUsage['containers'] = [];
    for (const r of w.runs) {
      if (r.kind === 'init' || !r.isRunning) continue;
      containers.push({ name: r.name, cpuMilli: r.cpuAt() * factor, memoryBytes: Math.round(r.memoryAt(now)) });
    }
    return { containers };
  }

  /** A node's usage: its containers plus the system daemons (which use the node's reserved memory); undefined when down. */
  nodeUsage(name: string): { cpuMilli: number; memoryBytes: number } | undefined {
    const agent = this.agents.get(name);
    if (!agent || !agent.running || agent.partitioned) return undefined;
    const system = systemUsage(agent.nodeObject());
    return { cpuMilli: Math.round(agent.usage.cpuUsed() + system.cpuMilli), memoryBytes: Math.round(agent.podMemory() + system.memoryBytes) };
  }

  /**
   * The traffic hook of a pod on a simulated node (see pod-traffic.ts): undefined for a pod no kubelet runs, or
   * when `uid` is given and the pod of that name is another one. Callers keep the handle while it is `alive`.
   */
  podTraffic(namespace: string, name: string, uid?: string): PodTraffic | undefined {
    const w = this.byKey.get(`${namespace}/${name}`);
    if (!w || w.disposed || (uid !== undefined && w.uid !== uid)) return undefined;
    const agent = this.agents.get(w.pod.spec.nodeName!);
    return agent ? new PodTraffic(w, agent) : undefined;
  }

  /** Set the requests per second reaching a pod (drives its CPU and memory); false when no kubelet runs it. */
  setPodRequestRate(namespace: string, name: string, rps: number): boolean {
    const handle = this.podTraffic(namespace, name);
    handle?.setRequestRate(rps);
    return handle !== undefined;
  }

  /** Names of nodes with a kubelet (running or stopped). */
  nodeNames(): string[] {
    return [...this.agents.keys()];
  }

  /** The kubelet of a node (fault hooks); undefined when the node has none. */
  nodeAgent(name: string): NodeAgent | undefined {
    return this.agents.get(name);
  }

  /** The worker of a pod on a simulated node (fault hooks); undefined when no kubelet runs it. */
  podWorker(namespace: string, name: string): PodWorker | undefined {
    return this.byKey.get(`${namespace}/${name}`);
  }

  private agentOf(name: string): NodeAgent {
    const agent = this.agents.get(name);
    if (!agent) throw new Error(`no kubelet for node "${name}"`);
    return agent;
  }

  // ---- watch routing ----

  private onPod(e: WatchEvent): void {
    const pod = e.object as Pod;
    const agent = this.agents.get(pod.spec.nodeName!);
    if (!agent || !agent.running || agent.partitioned) return; // a stopped or cut-off kubelet re-lists its pods when back
    if (e.type === 'DELETED') agent.podGone(pod);
    else agent.upsert(pod, e.oldObject as Pod | undefined);
  }

  private onDependency(kind: string, e: WatchEvent): void {
    if (e.type === 'DELETED' || this.waiters.size === 0) return;
    const set = this.waiters.get(depKey(kind, e.object.metadata.namespace ?? 'default', e.object.metadata.name!));
    if (set) for (const w of set) this.rechecks.add(w);
  }

  // ---- AgentPool ----

  markDirty(w: PodWorker): void {
    this.dirty.add(w);
  }

  setWaits(w: PodWorker, keys: readonly string[]): void {
    const before = this.waitsOf.get(w);
    if (!before && !keys.length) return;
    for (const k of before ?? []) {
      const set = this.waiters.get(k);
      set?.delete(w);
      if (set && !set.size) this.waiters.delete(k);
    }
    if (!keys.length) {
      this.waitsOf.delete(w);
      return;
    }
    this.waitsOf.set(w, keys);
    for (const k of keys) {
      let set = this.waiters.get(k);
      if (!set) this.waiters.set(k, (set = new Set()));
      set.add(w);
    }
  }

  requestDelete(w: PodWorker): void {
    this.deletes.add(w);
  }

  deletePod(pod: Pod): void {
    this.rawDeletes.push(pod);
  }

  queueMirror(agent: NodeAgent, component: StaticComponent): void {
    this.mirrors.push({ agent, component });
  }

  staticHealthy(component: StaticComponent): boolean {
    return !this.unhealthy.has(component);
  }

  workerAdded(w: PodWorker): void {
    this.byKey.set(`${w.namespace}/${w.name}`, w);
    this.onWorkerAdded?.(w);
  }

  workerGone(w: PodWorker): void {
    this.forget(w);
  }

  private forget(w: PodWorker): void {
    const key = `${w.namespace}/${w.name}`;
    if (this.byKey.get(key) === w) this.byKey.delete(key);
    this.setWaits(w, []);
    this.dirty.delete(w);
    this.deletes.delete(w);
    this.rechecks.delete(w);
  }

  // ---- the step loop ----

  runOnce(): boolean {
    let did = false;
    if (this.rechecks.size) {
      const batch = [...this.rechecks];
      this.rechecks.clear();
      for (const w of batch) {
        if (w.host.running) w.recheck();
        else this.rechecks.add(w); // looked at again when its kubelet starts
      }
      did = batch.some((w) => w.host.running) || did;
    }
    if (this.mirrors.length) {
      const batch = this.mirrors;
      this.mirrors = [];
      for (const m of batch) did = this.createMirror(m.agent, m.component) || did;
    }
    if (this.dirty.size) {
      const batch = [...this.dirty];
      for (const w of batch) {
        if (!w.host.running || (w.host as NodeAgent).partitioned) continue; // written when it is back
        this.dirty.delete(w);
        did = this.writeStatus(w) || did;
      }
    }
    if (this.deletes.size) {
      const batch = [...this.deletes];
      for (const w of batch) {
        if (!w.host.running || (w.host as NodeAgent).partitioned || this.dirty.has(w)) continue;
        this.deletes.delete(w);
        this.deleteNow(w.namespace, w.name, w.uid);
        did = true;
      }
    }
    if (this.rawDeletes.length) {
      const batch = this.rawDeletes;
      this.rawDeletes = [];
      for (const pod of batch) this.deleteNow(pod.metadata.namespace ?? 'default', pod.metadata.name!, pod.metadata.uid!);
      did = true;
    }
    return did;
  }

  private writeStatus(w: PodWorker): boolean {
    if (w.disposed) return false;
    const store = this.engine.store;
    const current = store.tryGet<Pod>('Pod', w.namespace, w.name);
    if (!current || current.metadata.uid !== w.uid) return false;
    w.pod = current;
    const status = w.rejected ? rejectedStatus(current, w.reason!, w.message!) : buildPodStatus(w, this.engine.now());
    try {
      return store.updateStatus<Pod>({ ...current, status }) !== current;
    } catch (err) {
      if (isApiError(err)) return false;
      throw err;
    }
  }

  private deleteNow(namespace: string, name: string, uid: string): void {
    try {
      this.engine.store.delete('Pod', namespace, name, { gracePeriodSeconds: 0, preconditions: { uid } });
    } catch (err) {
      if (!isApiError(err)) throw err; // already gone, or replaced by a new pod of the same name
    }
  }

  private createMirror(agent: NodeAgent, component: StaticComponent): boolean {
    if (agent.removed || !agent.running) return false;
    const store = this.engine.store;
    const name = `${component}-${agent.name}`;
    if (store.tryGet('Pod', 'kube-system', name)) return false;
    ensureNamespace(store, 'kube-system');
    try {
      store.create(mirrorPod(component, { name: agent.name, uid: agent.nodeUid, ip: agent.nodeIP }, this.kubeletVersion, this.engine.clock.microTimestamp().replace('000Z', '000000Z')));
      return true;
    } catch (err) {
      if (isApiError(err)) return false;
      throw err;
    }
  }
}

/** What the system daemons use: the node's memory reserve (capacity − allocatable), and half its CPU reserve. */
function systemUsage(node: Node): { cpuMilli: number; memoryBytes: number } {
  const cap = node.status?.capacity ?? {};
  const alloc = node.status?.allocatable ?? cap;
  const diff = (fn: (q: string) => number, a?: string, b?: string): number => {
    try {
      return a !== undefined && b !== undefined ? Math.max(0, fn(a) - fn(b)) : 0;
    } catch {
      return 0;
    }
  };
  return { cpuMilli: diff(milli, cap.cpu, alloc.cpu) / 2, memoryBytes: diff(units, cap.memory, alloc.memory) };
}
