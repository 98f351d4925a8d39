/**
 * One pod on a simulated node, as the kubelet's pod worker handles it: admission, volumes, sandbox (pod IP),
 * init containers in order, then the regular containers; termination on deletion, eviction, deadlines. It keeps
 * at most one timer, set to the next transition its containers predict, so a steady pod costs nothing.
 */
import type { Pod } from '../api/core.js';
import type { Condition } from '../api/meta.js';
import type { TimerHandle } from '../engine/timers.js';
import { stamp as timestamp } from './time-text.js';
import { simAnnotationProblems } from './annotations.js';
import { type ContainerRun, containerRuns } from './container-run.js';
import {
  type PullResult, applyHealth, beginRun, createRun, exitRun, pullDone, restartOrBackOff, retryImage, runningTick, startRun, stopRun,
} from './container-steps.js';
import { VolumeWait } from './volume-wait.js';
import type { WorkerHost } from './worker-host.js';
import * as msg from './messages.js';
import { type CpuMem, podRequests } from './pod-resources.js';
import { type PodStatusSource, computePhase } from './pod-status.js';
import type { ProfileCatalog } from './profiles.js';

export type { WorkerHost } from './worker-host.js';

type Stage = 'new' | 'mounting' | 'sandboxWait' | 'running' | 'terminal';

/** One pod on one node. */
export class PodWorker implements PodStatusSource {
  uid: string;
  readonly namespace: string;
  readonly name: string;
  readonly runs: ContainerRun[];
  readonly requests: CpuMem;
  readonly hostNetwork: boolean;
  stage: Stage = 'new';
  startTime?: number;
  podIP?: string;
  sandboxReady = false;
  forcedPhase?: 'Succeeded' | 'Failed';
  podIsTerminal = false;
  reason?: string;
  message?: string;
  disruption?: Condition;
  /** Set once the pod is being torn down (deletion, eviction, deadline): exits no longer restart. */
  stopping = false;
  /** Rejected by admission: the status is only phase/reason/message. */
  rejected = false;
  /** The pod object is gone or going: nothing more to do. */
  disposed = false;
  /** Whether this pod's resources count against the node (admitted and not terminal). */
  holdsResources = false;
  private timer?: TimerHandle;
  private timerAt = Infinity;
  private mount?: VolumeWait;
  private deadlineAt = Infinity;

  constructor(readonly host: WorkerHost, public pod: Pod, catalog: ProfileCatalog, readonly staticComponent?: string) {
    this.uid = pod.metadata.uid!;
    this.namespace = pod.metadata.namespace ?? 'default';
    this.name = pod.metadata.name!;
    this.requests = podRequests(pod);
    this.hostNetwork = pod.spec.hostNetwork === true;
    this.runs = containerRuns(pod, catalog);
  }

  get hostIP(): string {
    return this.host.nodeIP;
  }

  now(): number {
    return this.host.now();
  }

  record(type: 'Normal' | 'Warning', reason: string, message: string, fieldPath?: string): void {
    this.host.record(this, type, reason, message, fieldPath);
  }

  /** The API view changed: the status needs writing. */
  changed(): void {
    this.host.markDirty(this);
  }

  /** The pod reached the kubelet: report bad annotations, admit, then mount volumes. */
  start(): void {
    if (this.stage !== 'new' || this.disposed) return;
    const now = this.now();
    this.startTime = now;
    const names = this.runs.map((r) => r.name);
    for (const p of simAnnotationProblems(this.pod.metadata.annotations, names)) {
      this.record('Warning', 'InvalidSimAnnotation', `annotation ${p.annotation}: ${p.message}`);
    }
    const rejection = this.host.admit(this);
    if (rejection) {
      this.record('Warning', rejection.reason, rejection.message);
      this.rejected = true;
      this.forcedPhase = 'Failed';
      this.reason = rejection.reason;
      this.message = rejection.message;
      this.becomeTerminal();
      return;
    }
    this.holdsResources = true;
    const deadline = this.pod.spec.activeDeadlineSeconds;
    if (typeof deadline === 'number' && deadline > 0) this.deadlineAt = now + deadline * 1000;
    this.stage = 'mounting';
    this.mount = new VolumeWait(now);
    this.changed();
    this.sync();
  }

  /** Run every transition due now, then set the timer for the next one. */
  sync(): void {
    if (this.disposed) return;
    const now = this.now();
    if (this.stage === 'mounting' && this.mount && this.mount.nextAt <= now) this.mountAttempt();
    if (this.stage === 'sandboxWait') this.createSandbox();
    if (this.deadlineAt <= now && !this.podIsTerminal) this.killAll('DeadlineExceeded', 'Pod was active on the node longer than the specified deadline');
    for (let guard = 0; guard < 10_000; guard++) {
      const began = this.stage === 'running' && !this.stopping ? this.beginNext() : false;
      let due: ContainerRun | undefined;
      for (const r of this.runs) if (r.nextAt <= now && (!due || r.nextAt < due.nextAt)) due = r;
      if (!due && !began) break;
      if (due) this.step(due, now);
    }
    this.checkFinished();
    this.reschedule();
  }

  private step(r: ContainerRun, now: number): void {
    switch (r.phase) {
      case 'pullFailed': return retryImage(this, r);
      case 'starting': return startRun(this, r, r.nextAt);
      case 'running': return runningTick(this, r, now);
      case 'backoff': return restartOrBackOff(this, r);
      case 'stopping': return exitRun(this, r, r.stopExit!, r.nextAt);
      default: r.nextAt = Infinity;
    }
  }

  /** Init containers one at a time (a sidecar only has to start), then every regular container at once. */
  private beginNext(): boolean {
    for (const r of this.runs) {
      if (r.kind === 'regular') break;
      if (r.kind === 'init' && r.phase === 'done' && r.state.terminated?.exitCode === 0) continue;
      if (r.kind === 'sidecar' && r.started) continue;
      if (r.phase === 'pending') {
        beginRun(this, r);
        return true;
      }
      return false;
    }
    let began = false;
    for (const r of this.runs) {
      if (r.kind === 'regular' && r.phase === 'pending') {
        beginRun(this, r);
        began = true;
      }
    }
    return began;
  }

  private mountAttempt(): void {
    const m = this.mount!;
    const ok = m.attempt(this.host.store, this.pod, this.now(), this.host.messages.mountTimeout(), (message) => this.record('Warning', 'FailedMount', message));
    if (ok) {
      this.mount = undefined;
      this.stage = 'sandboxWait';
      this.updateWaits();
      this.createSandbox();
      return;
    }
    this.updateWaits();
  }

  /** Tell the node which objects this pod still waits for (volumes while mounting, env sources of config errors). */
  updateWaits(): void {
    const keys = this.stage === 'mounting' && this.mount ? [...this.mount.waitsFor] : [];
    for (const r of this.runs) if (r.waitsFor && r.phase === 'configError') keys.push(r.waitsFor);
    this.host.setWaits(this, keys);
  }

  private createSandbox(): void {
    const ip = this.hostNetwork ? this.host.nodeIP : this.host.allocateIp(this);
    if (!ip) {
      this.stage = 'sandboxWait';
      return;
    }
    this.podIP = ip;
    this.sandboxReady = true;
    this.stage = 'running';
    this.changed();
  }

  /** An object this pod waits for changed: re-check volumes and config errors now. */
  recheck(): void {
    if (this.disposed || this.podIsTerminal) return;
    if (this.stage === 'mounting' && this.mount) this.mount.nextAt = this.now();
    for (const r of this.runs) if (r.phase === 'configError') createRun(this, r);
    this.sync();
  }

  /** The node's puller finished this container's image. */
  pulled(r: ContainerRun, result: PullResult): void {
    if (this.disposed) return;
    pullDone(this, r, result);
    this.sync();
  }

  /** A static pod's mirror pod was re-created: report on the new object. */
  rebind(pod: Pod): void {
    this.pod = pod;
    this.uid = pod.metadata.uid!;
    this.changed();
  }

  /** Graceful deletion: stop running containers within the grace period, then delete the object. */
  terminate(): void {
    if (this.disposed) return;
    const grace = this.pod.metadata.deletionGracePeriodSeconds ?? 30;
    if (this.podIsTerminal) {
      this.host.requestDelete(this);
      return;
    }
    this.stopContainers(grace);
  }

  /**
   * The kubelet ends the pod on its own account (graceful node shutdown): its containers stop within `graceSeconds`
   * (at most the pod's terminationGracePeriodSeconds) and it ends Failed with this reason and message and a
   * DisruptionTarget condition (TerminationByKubelet). The object stays; its controller replaces it.
   */
  shutdown(graceSeconds: number, reason: string, message: string): void {
    if (this.disposed || this.podIsTerminal) return;
    this.reason = reason;
    this.message = message;
    this.disruption = {
      type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: timestamp(this.now()),
      reason: 'TerminationByKubelet', message,
    };
    this.changed();
    this.stopContainers(Math.min(graceSeconds, this.pod.spec.terminationGracePeriodSeconds ?? 30));
  }

  /** Stop every container within `grace` seconds (the earlier deadline wins when already stopping). */
  private stopContainers(grace: number): void {
    const first = !this.stopping;
    this.stopping = true;
    this.host.cancelPulls(this);
    const now = this.now();
    for (const r of this.runs) {
      if (r.phase === 'running') {
        if (first) this.record('Normal', 'Killing', msg.stopping(r.name), r.fieldPath);
        stopRun(r, now, grace);
      } else if (r.phase === 'stopping') {
        stopRun(r, now, grace);
      } else if (r.phase !== 'done') {
        r.phase = 'done';
        r.nextAt = Infinity;
      }
    }
    this.sync();
  }

  /** Node-pressure eviction: kill at once (hard threshold, grace 0); the pod stays as Failed/Evicted. */
  evict(message: string): void {
    if (this.disposed || this.podIsTerminal) return;
    this.record('Warning', 'Evicted', message);
    this.disruption = {
      type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: timestamp(this.now()),
      reason: 'TerminationByKubelet', message,
    };
    this.killAll('Evicted', message, true);
    this.sync();
  }

  /**
   * Kill every container now and end the pod as Failed with this reason (eviction, active deadline). The
   * statuses keep the containers' last observed state (not ready), as the kubelet's final status does, so
   * kubectl prints the pod's reason (Evicted, DeadlineExceeded) rather than a container's.
   */
  private killAll(reason: string, message: string, quiet = false): void {
    if (!quiet) this.record('Warning', reason, message);
    this.stopping = true;
    this.host.cancelPulls(this);
    for (const r of this.runs) {
      if (r.isRunning) this.record('Normal', 'Killing', msg.stopping(r.name), r.fieldPath);
      if (r.usage) {
        this.host.usageChanged(r, -1);
        r.usage = undefined;
      }
      r.ready = false;
      r.started = false;
      r.probes = [];
      r.phase = 'done';
      r.nextAt = Infinity;
    }
    this.forcedPhase = 'Failed';
    this.reason = reason;
    this.message = message;
    this.becomeTerminal();
  }

  /** Terminal without deletion (all containers done under OnFailure/Never), or the end of a deletion. */
  private checkFinished(): void {
    if (this.podIsTerminal || this.stage === 'new') return;
    if (this.stopping) {
      if (this.runs.some((r) => r.isRunning)) return;
      this.podIsTerminal = true;
      const phase = computePhase(this);
      // A pod torn down before its containers finished is Failed unless every container succeeded (and the
      // kubelet did not end it for a reason of its own, such as a node shutdown).
      this.forcedPhase = phase === 'Succeeded' && this.reason === undefined ? 'Succeeded' : 'Failed';
      this.becomeTerminal();
      if (this.pod.metadata.deletionTimestamp) this.host.requestDelete(this);
      return;
    }
    if ((this.pod.spec.restartPolicy ?? 'Always') === 'Always') return;
    const phase = computePhase(this);
    if (phase === 'Succeeded' || phase === 'Failed') {
      this.forcedPhase = phase;
      this.becomeTerminal();
    }
  }

  private becomeTerminal(): void {
    this.podIsTerminal = true;
    this.stage = 'terminal';
    this.mount = undefined;
    this.deadlineAt = Infinity;
    for (const r of this.runs) {
      if (r.usage) {
        this.host.usageChanged(r, -1);
        r.usage = undefined;
      }
      r.nextAt = Infinity;
      if (r.phase !== 'done') r.phase = 'done';
    }
    this.release();
    this.changed();
  }

  /** Give back the pod IP, resources, waits and pulls. */
  private release(): void {
    if (this.podIP && !this.hostNetwork) this.host.releaseIp(this.podIP);
    this.sandboxReady = false;
    this.host.setWaits(this, []);
    this.host.cancelPulls(this);
    if (this.holdsResources) {
      this.holdsResources = false;
      this.host.released(this);
    }
    this.host.cancel(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  /** The pod object is gone (deleted, force-deleted, or the node removed): forget it. */
  dispose(): void {
    if (this.disposed) return;
    for (const r of this.runs) {
      if (r.usage) {
        this.host.usageChanged(r, -1);
        r.usage = undefined;
      }
    }
    if (!this.podIsTerminal) this.release();
    this.disposed = true;
  }

  /** A static pod's health changed: unhealthy makes its containers crash and fail readiness until healed. */
  setHealthy(healthy: boolean): void {
    if (this.disposed || this.podIsTerminal) return;
    for (const r of this.runs) applyHealth(r, healthy, this.now());
    this.sync();
  }

  private reschedule(): void {
    let next = this.mount && this.stage === 'mounting' ? this.mount.nextAt : Infinity;
    if (this.deadlineAt < next) next = this.deadlineAt;
    for (const r of this.runs) if (r.nextAt < next) next = r.nextAt;
    if (next === this.timerAt || this.disposed) return;
    this.host.cancel(this.timer);
    this.timer = undefined;
    this.timerAt = next;
    if (next === Infinity) return;
    this.timer = this.host.schedule(Math.max(0, next - this.now()), () => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.sync();
    }, 'kubelet-pod');
  }
}
