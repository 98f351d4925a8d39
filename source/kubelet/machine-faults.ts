/**
 * Node faults at the machine level: powered off (a crash: the kubelet and every container stop at once), the
 * kubelet service stopped (containers run on, nobody manages them), or cut off from the API server (a network
 * partition: the kubelet runs its pods but nothing it writes arrives). Several faults may hold one node; the worst
 * hold wins (off > kubelet stopped > partitioned) and the node comes back only when the last is released.
 *
 * A crashed machine forgets its pods. When it boots, the kubelet registers again (a new boot ID, a `Rebooted`
 * event), lists the pods still bound to it and starts them afresh — each container's restart count one up, its
 * last state `Unknown` / exit code 255, as a runtime reports containers that died with the machine — and deletes
 * the ones the control plane evicted meanwhile.
 */
import type { ContainerStateTerminated, Node } from '../api/core.js';
import { isApiError } from '../api/errors.js';
import type { TimerHandle } from '../engine/timers.js';
import type { KubeletPool } from './kubelet-pool.js';
import type { NodeAgent } from './node-agent.js';
import { nodeInfo } from './node-status.js';
import type { PodWorker } from './pod-worker.js';
import { stamp } from './time-text.js';

/** How a fault holds a node: powered off, kubelet stopped, or partitioned from the API server. */
export type MachineHold = 'off' | 'kubelet-stop' | 'partition';
type MachineState = MachineHold | 'up';

const RANK: Record<MachineState, number> = { up: 0, partition: 1, 'kubelet-stop': 2, off: 3 };

/** The shutdown manager's texts (pkg/kubelet/nodeshutdown). */
export const SHUTDOWN_REASON = 'Terminated';
export const SHUTDOWN_MESSAGE = 'Pod was terminated in response to imminent node shutdown.';
const SHUTTING_DOWN = 'node is shutting down';
/** Priority from which the shutdown manager counts a pod as critical (system-cluster-critical and up). */
const CRITICAL_PRIORITY = 2_000_000_000;

/** What a container had been through when its machine died. */
interface CrashedContainer { restartCount: number; ran: boolean; last?: ContainerStateTerminated }

interface Shutdown { node: string; timers: TimerHandle[] }

/** Machine-level node faults of one kubelet pool. */
export class MachineFaults {
  private readonly holds = new Map<string, Map<string, MachineHold>>();
  private readonly states = new Map<string, MachineState>();
  /** Pods of powered-off machines, by node, then pod uid: restored on the worker the kubelet makes after boot. */
  private readonly crashed = new Map<string, Map<string, Map<string, CrashedContainer>>>();
  private readonly boots = new Map<string, number>();
  /** Nodes booted since their kubelet last started: it reports the reboot when it does. */
  private readonly rebooted = new Set<string>();
  private readonly shutdowns = new Map<string, Shutdown>();
  private restoring?: Map<string, Map<string, CrashedContainer>>;

  constructor(private readonly pool: KubeletPool) {}

  /** The node's machine state under the faults (`up` when none holds it). */
  state(node: string): MachineState {
    return this.states.get(node) ?? 'up';
  }

  /** Hold `node` for `owner` (a fault id). False when the node has no kubelet. */
  hold(owner: string, node: string, kind: MachineHold): boolean {
    if (!this.pool.nodeAgent(node)) return false;
    let h = this.holds.get(node);
    if (!h) this.holds.set(node, (h = new Map()));
    h.set(owner, kind);
    this.apply(node);
    return true;
  }

  /** Drop every hold of `owner` (and cancel its shutdowns); nodes nobody holds come back. */
  release(owner: string): void {
    const shutdown = this.shutdowns.get(owner);
    if (shutdown) this.cancelShutdown(owner, shutdown);
    for (const [node, h] of [...this.holds]) {
      if (!h.delete(owner)) continue;
      if (!h.size) this.holds.delete(node);
      this.apply(node);
    }
  }

  /**
   * Graceful node shutdown: the kubelet reports NotReady ("node is shutting down"), terminates regular pods within
   * `graceSeconds − criticalSeconds`, then critical pods within `criticalSeconds`, and the machine powers off when
   * `graceSeconds` is over. Pods end Failed with reason Terminated. A node whose kubelet is not running just goes off.
   */
  shutdown(owner: string, node: string, graceSeconds: number, criticalSeconds: number): boolean {
    const agent = this.pool.nodeAgent(node);
    if (!agent) return false;
    const engine = this.pool.engine;
    if (!agent.running) return this.hold(owner, node, 'off');
    agent.recordNode('Normal', 'Shutdown', 'Shutdown manager detected shutdown event');
    agent.notReadyMessage = SHUTTING_DOWN;
    agent.health.ready = false;
    agent.postStatusNow();
    const regular = Math.max(0, graceSeconds - criticalSeconds);
    const stop = (critical: boolean, grace: number) => {
      for (const w of [...agent.workers.values()]) {
        if (w.staticComponent || ((w.pod.spec.priority ?? 0) >= CRITICAL_PRIORITY) !== critical) continue;
        w.shutdown(grace, SHUTDOWN_REASON, SHUTDOWN_MESSAGE);
      }
    };
    stop(false, regular);
    const timers = [
      engine.after(regular * 1000, () => stop(true, criticalSeconds), 'node-shutdown-critical'),
      engine.after(graceSeconds * 1000, () => {
        this.shutdowns.delete(owner);
        this.hold(owner, node, 'off');
      }, 'node-shutdown-power-off'),
    ];
    this.shutdowns.set(owner, { node, timers });
    return true;
  }

  /** Called by the kubelet for every new pod worker: a pod its machine had before a crash gets its history back. */
  workerAdded(w: PodWorker): void {
    const record = this.restoring?.get(w.uid);
    if (!record) return;
    for (const r of w.runs) {
      const c = record.get(r.name);
      if (!c) continue;
      if (c.ran) r.restartCount = c.restartCount + 1;
      if (c.last) r.lastExit = c.last;
    }
  }

  private cancelShutdown(owner: string, s: Shutdown): void {
    this.shutdowns.delete(owner);
    for (const t of s.timers) this.pool.engine.timers.cancel(t);
    const agent = this.pool.nodeAgent(s.node);
    if (!agent) return;
    agent.recordNode('Normal', 'Shutdown', 'Shutdown manager detected shutdown cancellation');
    agent.notReadyMessage = undefined;
    agent.health.ready = true;
    agent.postStatusNow();
  }

  /** Move the node from its current state to the one its holds call for. */
  private apply(node: string): void {
    const agent = this.pool.nodeAgent(node);
    if (!agent || agent.removed) {
      this.states.delete(node);
      return;
    }
    let to: MachineState = 'up';
    for (const kind of this.holds.get(node)?.values() ?? []) if (RANK[kind] > RANK[to]) to = kind;
    const from = this.state(node);
    if (from === to) return;
    if (to === 'up') this.states.delete(node);
    else this.states.set(node, to);
    if (to === 'off') return this.powerOff(agent);
    if (from === 'off') this.boot(agent);
    if (to === 'kubelet-stop') {
      agent.partitioned = false;
      agent.stop();
      return;
    }
    if (!agent.running) {
      agent.partitioned = false;
      this.startKubelet(agent);
    }
    // A kubelet that comes back behind a partition still registers; what it does after that stays on the node.
    if (to === 'partition') agent.partitioned = true;
    else if (agent.partitioned) agent.reconnect();
  }

  private startKubelet(agent: NodeAgent): void {
    this.restoring = this.crashed.get(agent.name);
    try {
      this.pool.startKubelet(agent.name);
    } finally {
      this.restoring = undefined;
      this.crashed.delete(agent.name);
    }
    if (this.rebooted.delete(agent.name)) {
      const bootID = agent.nodeObject().status?.nodeInfo?.bootID ?? '';
      agent.recordNode('Warning', 'Rebooted', `Node ${agent.name} has been rebooted, boot id: ${bootID}`);
    }
  }

  /** The machine dies: the kubelet stops, every container with it; the Node object and the image store stay. */
  private powerOff(agent: NodeAgent): void {
    const now = this.pool.engine.now();
    // A shutdown under way ends with the machine: its fault now holds the node off like the crash does.
    for (const [owner, s] of [...this.shutdowns]) {
      if (s.node !== agent.name) continue;
      for (const t of s.timers) this.pool.engine.timers.cancel(t);
      this.shutdowns.delete(owner);
      this.holds.get(agent.name)?.set(owner, 'off');
    }
    agent.partitioned = false;
    agent.stop();
    agent.puller.clear();
    const records = this.crashed.get(agent.name) ?? new Map<string, Map<string, CrashedContainer>>();
    for (const w of new Set([...agent.workers.values(), ...agent.staticWorkers.values()])) {
      if (!w.disposed && !w.podIsTerminal) records.set(w.uid, crashRecord(w, now));
      w.dispose();
      this.pool.workerGone(w);
    }
    agent.workers.clear();
    agent.staticWorkers.clear();
    this.crashed.set(agent.name, records);
  }

  /** The machine starts: a new boot ID, fresh kubelet health; the kubelet itself starts unless a fault stops it. */
  private boot(agent: NodeAgent): void {
    const n = (this.boots.get(agent.name) ?? 0) + 1;
    this.boots.set(agent.name, n);
    this.rebooted.add(agent.name);
    agent.health = { memoryPressure: false, diskPressure: agent.health.diskPressure, pidPressure: agent.health.pidPressure, ready: true };
    agent.notReadyMessage = undefined;
    const store = this.pool.engine.store;
    const node = store.tryGet<Node>('Node', undefined, agent.name);
    if (!node) return;
    const bootID = nodeInfo(agent.name, this.pool.kubeletVersion, n).bootID;
    try {
      store.updateStatus<Node>({ ...node, status: { ...node.status, nodeInfo: { ...nodeInfo(agent.name, this.pool.kubeletVersion, 0), ...node.status?.nodeInfo, bootID } } });
    } catch (err) {
      if (!isApiError(err)) throw err;
    }
  }
}

/** What the runtime will report about a pod's containers after its machine died at `now`. */
function crashRecord(w: PodWorker, now: number): Map<string, CrashedContainer> {
  const out = new Map<string, CrashedContainer>();
  for (const r of w.runs) {
    const last: ContainerStateTerminated | undefined = r.isRunning
      ? { exitCode: 255, reason: 'Unknown', startedAt: stamp(r.startedAt), finishedAt: stamp(now), containerID: r.containerID }
      : r.lastExit;
    out.set(r.name, { restartCount: r.restartCount, ran: r.containerID !== undefined, last });
  }
  return out;
}
