/** The in-process ClusterClient: a Simulation seen through the same interface a remote cluster will offer. */
import type { Event, Pod } from '../api/core.js';
import type { KubeObject } from '../api/meta.js';
import { type ApiServerStatus, apiServerOf } from '../cluster/api-server.js';
import type { Simulation } from '../cluster/simulation.js';
import * as actions from '../cluster/actions/index.js';
import type { WatchEvent } from '../store/watch.js';
import { describeFor } from './describe.js';
import type {
  ActionResult, ClusterClient, ClusterInfo, DeleteRequest, DrainHandle, DrainRequest, LogRequest, SimulationControls, Unsubscribe,
} from './cluster-client.js';
import { containerLogs } from './logs.js';
import { autoscalingOf, metricsOf, trafficOf } from './in-process-autoscaling.js';

/** An action's result, with the latency a slow API server added (absent when it answered at once). */
export type TimedActionResult = ActionResult & { latencyMs?: number };

export class InProcessClient implements ClusterClient, SimulationControls {
  private speedFactor = 1;
  /** Subscribers are called from the step loop's event dispatch (never inside a write): they should only note the change. */
  private readonly subscribers = new Set<{ kind?: string; handler: (e: WatchEvent, kind: string) => void }>();

  constructor(readonly sim: Simulation) {
    sim.store.watch({}, (event, kind) => {
      for (const s of this.subscribers) if (s.kind === undefined || s.kind === kind) s.handler(event, kind);
    }, { sendInitialEvents: false });
  }

  get seed(): number {
    return this.sim.engine.seed;
  }

  info(): ClusterInfo {
    const name = this.sim.cluster.metadata.name ?? 'kubedrill';
    return { name, context: `kubedrill-${name}`, user: 'kubedrill-admin', kubernetesVersion: this.sim.kubernetesVersion, simulated: true };
  }

  now(): number {
    return this.sim.now();
  }

  list<T extends KubeObject = KubeObject>(kind: string, namespace?: string): T[] {
    return this.sim.store.select<T>(kind, { namespace });
  }

  get<T extends KubeObject = KubeObject>(kind: string, namespace: string | undefined, name: string): T | undefined {
    return this.sim.store.tryGet<T>(kind, namespace, name);
  }

  podsOnNode(node: string): Pod[] {
    return this.sim.store.select<Pod>('Pod', { nodeName: node });
  }

  ownedBy<T extends KubeObject = KubeObject>(kind: string, uid: string): T[] {
    return this.sim.store.select<T>(kind, { ownerUid: uid });
  }

  eventsFor(obj: KubeObject): Event[] {
    const uid = obj.metadata.uid;
    if (!uid) return [];
    const events = this.sim.store.table('Event').index('involvedObject.uid')?.get(uid) ?? new Set<string>();
    const out: Event[] = [];
    for (const key of events) {
      const ev = this.sim.store.table('Event').objects.get(key) as Event | undefined;
      if (ev) out.push(ev);
    }
    return out.sort((a, b) => String(a.lastTimestamp ?? '').localeCompare(String(b.lastTimestamp ?? '')));
  }

  subscribe(kind: string | undefined, handler: (event: WatchEvent, kind: string) => void): Unsubscribe {
    const sub = { kind, handler };
    this.subscribers.add(sub);
    return () => this.subscribers.delete(sub);
  }

  // ---- actions: each returns kubectl's message, or the API error's text ----

  scale(kind: string, namespace: string, name: string, replicas: number): TimedActionResult {
    return this.run(() => actions.scale(this.sim, kind, namespace, name, replicas));
  }

  delete(kind: string, namespace: string | undefined, name: string, req: DeleteRequest = {}): TimedActionResult {
    return this.run(() => actions.deleteObject(this.sim, kind, namespace, name, req));
  }

  cordon(node: string): TimedActionResult {
    return this.run(() => actions.cordon(this.sim, node, true));
  }

  uncordon(node: string): TimedActionResult {
    return this.run(() => actions.cordon(this.sim, node, false));
  }

  drain(node: string, req: DrainRequest = {}): DrainHandle {
    const refused = this.refusal();
    return refused ? failedDrain(refused) : actions.drain(this.sim, node, req);
  }

  rolloutRestart(kind: string, namespace: string, name: string): TimedActionResult {
    return this.run(() => actions.rolloutRestart(this.sim, kind, namespace, name));
  }

  rolloutUndo(kind: string, namespace: string, name: string, toRevision?: number): TimedActionResult {
    return this.run(() => actions.rolloutUndo(this.sim, kind, namespace, name, toRevision));
  }

  rolloutPause(namespace: string, name: string, paused: boolean): TimedActionResult {
    return this.run(() => actions.rolloutPause(this.sim, namespace, name, paused));
  }

  triggerCronJob(namespace: string, name: string): TimedActionResult {
    return this.run(() => actions.triggerCronJob(this.sim, namespace, name));
  }

  suspendCronJob(namespace: string, name: string, suspend: boolean): TimedActionResult {
    return this.run(() => actions.suspendCronJob(this.sim, namespace, name, suspend));
  }

  patch(kind: string, namespace: string | undefined, name: string, patch: unknown): TimedActionResult {
    return this.run(() => actions.patchObject(this.sim, kind, namespace, name, patch));
  }

  applyPath(path: string): ActionResult & { lines: string[] } {
    const refused = this.refusal();
    if (refused) return { ok: false, message: refused, lines: [refused] };
    const r = actions.applyPath(this.sim, path);
    this.sim.engine.settle();
    return r;
  }

  describe(kind: string, namespace: string | undefined, name: string): string {
    this.throwIfRefused();
    return describeFor(this, kind, namespace, name);
  }

  logs(namespace: string, pod: string, req: LogRequest = {}): string[] {
    this.throwIfRefused();
    const p = this.get<Pod>('Pod', namespace, pod);
    if (!p) throw new Error(`pods "${pod}" not found`);
    const names = p.spec.containers.map((c) => c.name);
    const container = req.container ?? (names.length === 1 ? names[0]! : undefined);
    if (!container) throw new Error(`a container name must be specified for pod ${pod}, choose one of: [${names.join(' ')}]`);
    return containerLogs(p, container, { previous: req.previous, tailLines: req.tailLines, timestamps: req.timestamps, nowMs: this.now(), events: this.eventsFor(p) });
  }

  // ---- simulation controls ----

  /**
   * The API server as clients see it (faults: api-server-down / -slow): the header shows it. While it is down,
   * actions, describe and logs fail with kubectl's error; lists keep showing the last state, as a client's cache does.
   */
  apiServerStatus(): ApiServerStatus {
    return apiServerOf(this.sim).status();
  }

  speed(): number {
    return this.speedFactor;
  }

  setSpeed(factor: number): void {
    if (!(factor >= 0) || !Number.isFinite(factor)) throw new Error(`speed must be a non-negative number, got ${factor}`);
    this.speedFactor = factor;
  }

  advance(ms: number): void {
    this.sim.advance(ms);
  }

  schedulingRecord(pod: Pod) {
    return this.sim.schedulingRecord(pod);
  }

  podUsage(namespace: string, name: string) {
    return this.sim.kubelets.podUsage(namespace, name);
  }

  nodeUsage(name: string) {
    return this.sim.kubelets.nodeUsage(name);
  }

  /** metrics-server, autoscaling and traffic surfaces (in-process-autoscaling.ts). */
  get metrics() {
    return metricsOf(this.sim);
  }

  get autoscaling() {
    return autoscalingOf(this.sim);
  }

  get traffic() {
    return trafficOf(this.sim);
  }

  /**
   * Run an action and settle the simulation, so its effects are visible at once; errors become the flash message.
   * While the API server is down the action is refused with kubectl's error; while it is slow the result carries the
   * added latency (the request itself is applied at once: the interface answers synchronously).
   */
  private run(fn: () => string): TimedActionResult {
    const refused = this.refusal();
    if (refused) return { ok: false, message: refused };
    const latencyMs = apiServerOf(this.sim).latencyMs;
    const slow = latencyMs > 0 ? { latencyMs } : {};
    try {
      const message = fn();
      this.sim.engine.settle();
      return { ok: true, message, ...slow };
    } catch (err) {
      return { ok: false, message: err instanceof Error ? err.message : String(err), ...slow };
    }
  }

  /** kubectl's connection error while the API server is down. */
  private refusal(): string | undefined {
    return apiServerOf(this.sim).connectionError();
  }

  private throwIfRefused(): void {
    const refused = this.refusal();
    if (refused) throw new Error(refused);
  }
}

/** A drain that could not start: its one line is the error. */
function failedDrain(message: string): DrainHandle {
  return { lines: [message], state: 'failed', onLine: () => () => undefined, cancel: () => undefined };
}
