/**
 * The container lifecycle, one transition per function: image check and pull (with back-off), config check,
 * create + start, probes, exit, and the restart decision with CrashLoopBackOff. Each function is called by the
 * pod worker's sync loop at the instant the transition is due, and leaves `run.nextAt` at the next one.
 */
import { stamp as timestamp } from './time-text.js';
import { inBackOffSince, inBackOffSinceUpdate, nextBackoff } from './backoff.js';
import { type ContainerRun, type PlannedExit, planExit } from './container-run.js';
import { envProblem } from './config-deps.js';
import { defaultPullPolicy, hexDigest, imageIdOf } from './image-ref.js';
import * as msg from './messages.js';
import { type ProbeTrack, newTrack, probeFailureDetail, tickAtOrAfter } from './probes.js';
import type { PodWorker } from './pod-worker.js';

/** The pod worker re-syncs a pod whose last sync failed after this long (kubelet backOffPeriod). */
export const SYNC_RETRY_MS = 10_000;

/** Result of one image pull as the node's puller reports it. */
export interface PullResult {
  ok: boolean;
  pullMs: number;
  totalMs: number;
  error?: string;
}

/** Start (or restart) a container: make sure its image is on the node, then create it. */
export function beginRun(w: PodWorker, r: ContainerRun): void {
  const now = w.now();
  const image = r.spec.image ?? '';
  if (!r.ref) {
    r.pullFailure = 'invalid';
    reportImageProblem(w, r);
    return;
  }
  const policy = r.spec.imagePullPolicy ?? defaultPullPolicy(image);
  // An image annotated as bad fails even if the node has it cached: the workload's image is what is broken.
  const present = !r.profile.imagePullError && w.host.imagePresent(r.ref);
  if (policy === 'Never' && !present) {
    r.pullFailure = 'never';
    reportImageProblem(w, r);
    return;
  }
  if (policy === 'Always' || !present) {
    if (inBackOffSinceUpdate(r.pullBackoff, now)) {
      showPullBackOff(w, r);
      return;
    }
    w.record('Normal', 'Pulling', msg.pulling(image), r.fieldPath);
    r.phase = 'pulling';
    r.nextAt = Infinity;
    w.host.requestPull(w, r);
    return;
  }
  w.record('Normal', 'Pulled', msg.alreadyPresent(image), r.fieldPath);
  createRun(w, r);
}

/** Invalid reference or pull policy Never without the image: report, and re-sync every 10 s. */
function reportImageProblem(w: PodWorker, r: ContainerRun): void {
  const image = r.spec.image ?? '';
  let reason: string;
  let message: string;
  if (r.pullFailure === 'invalid') {
    reason = 'InvalidImageName';
    message = msg.invalidImageName(image, r.refError ?? 'invalid reference format');
    w.record('Warning', 'InspectFailed', message, r.fieldPath);
  } else {
    reason = 'ErrImageNeverPull';
    message = msg.neverPull(image);
    w.record('Warning', 'ErrImageNeverPull', message, r.fieldPath);
  }
  w.record('Warning', 'Failed', `Error: ${reason}`, r.fieldPath);
  setWaiting(w, r, reason, message);
  r.phase = 'pullFailed';
  r.nextAt = w.now() + SYNC_RETRY_MS;
}

function showPullBackOff(w: PodWorker, r: ContainerRun): void {
  const image = r.spec.image ?? '';
  w.record('Normal', 'BackOff', msg.backOffPulling(image), r.fieldPath);
  w.record('Warning', 'Failed', 'Error: ImagePullBackOff', r.fieldPath);
  const detail = r.lastPullError ? `: ErrImagePull: ${r.lastPullError}` : '';
  setWaiting(w, r, 'ImagePullBackOff', `${msg.backOffPulling(image)}${detail}`);
  r.pullFailure = 'pull';
  r.phase = 'pullFailed';
  r.nextAt = w.now() + SYNC_RETRY_MS;
}

/** The node finished (or failed) pulling this container's image. */
export function pullDone(w: PodWorker, r: ContainerRun, result: PullResult): void {
  if (r.phase !== 'pulling') return;
  const image = r.spec.image ?? '';
  const now = w.now();
  if (result.ok) {
    w.record('Normal', 'Pulled', msg.pulled(image, result.pullMs, result.totalMs, r.profile.imageSizeBytes), r.fieldPath);
    createRun(w, r);
    return;
  }
  const err = result.error ?? 'unknown error';
  w.record('Warning', 'Failed', msg.failedToPull(image, err), r.fieldPath);
  w.record('Warning', 'Failed', 'Error: ErrImagePull', r.fieldPath);
  r.pullBackoff = nextBackoff(r.pullBackoff, now, now);
  r.lastPullError = err;
  r.pullFailure = 'pull';
  setWaiting(w, r, 'ErrImagePull', err);
  r.phase = 'pullFailed';
  r.nextAt = now + SYNC_RETRY_MS;
}

/** The 10 s re-sync of a container whose image is not available: check again (pull, back-off, or report). */
export function retryImage(w: PodWorker, r: ContainerRun): void {
  beginRun(w, r);
}

/** Image present: resolve env references, then create and start after the profile's start time. */
export function createRun(w: PodWorker, r: ContainerRun): void {
  const problem = envProblem(w.host.store, w.pod, r.spec);
  if (problem) {
    w.record('Warning', 'Failed', `Error: ${problem.message}`, r.fieldPath);
    setWaiting(w, r, 'CreateContainerConfigError', problem.message);
    r.phase = 'configError';
    r.nextAt = Infinity;
    r.waitsFor = problem.waitsFor;
    w.updateWaits();
    return;
  }
  if (r.waitsFor) {
    r.waitsFor = undefined;
    w.updateWaits();
  }
  r.phase = 'starting';
  r.nextAt = w.now() + r.profile.startSeconds * 1000;
  // An earlier failure's reason no longer applies while the container is being created.
  const waiting = r.state.waiting?.reason;
  if (waiting && waiting !== r.defaultWaiting && waiting !== 'CrashLoopBackOff') setWaiting(w, r, r.defaultWaiting);
}

function setWaiting(w: PodWorker, r: ContainerRun, reason: string, message?: string): void {
  r.state = { waiting: message ? { reason, message } : { reason } };
  w.changed();
}

/** Created and Started: the container runs from `at`. */
export function startRun(w: PodWorker, r: ContainerRun, at: number): void {
  const p = r.profile;
  if (r.restarting) {
    r.restartCount++;
    r.restarting = false;
  }
  r.containerID = `containerd://${hexDigest(`${w.uid}/${r.name}/${r.restartCount}/${at}`)}`;
  w.record('Normal', 'Created', w.host.messages.created(r.name), r.fieldPath);
  w.record('Normal', 'Started', w.host.messages.started(r.name), r.fieldPath);
  r.state = { running: { startedAt: timestamp(at) } };
  if (r.ref) {
    r.statusImage = r.ref.full;
    r.imageID = imageIdOf(r.ref);
  }
  r.startedAt = at;
  r.usage = { cpuMilli: p.cpuMilli, baseBytes: p.memoryBytes, leakPerMs: (p.memoryLeakBytesPerMinute ?? 0) / 60_000 };
  w.host.usageChanged(r, 1);
  r.exit = planExit(r, at);
  r.started = !r.startup;
  r.ready = r.kind !== 'init' && r.started && !r.readiness;
  r.probes = [];
  if (r.startup) r.probes.push(newTrack(r.startup, at));
  for (const spec of [r.readiness, r.liveness]) {
    if (!spec) continue;
    const t = newTrack(spec, at);
    if (r.startup) t.next = Infinity; // readiness and liveness wait for the startup probe
    r.probes.push(t);
  }
  r.phase = 'running';
  r.nextAt = runningNext(r);
  w.changed();
}

/** Earliest of the planned exit and the probes' next ticks. */
export function runningNext(r: ContainerRun): number {
  let next = r.exit?.at ?? Infinity;
  for (const t of r.probes) if (t.next < next) next = t.next;
  return next;
}

/** Process everything due for a running container up to `now`, in time order. */
export function runningTick(w: PodWorker, r: ContainerRun, now: number): void {
  for (;;) {
    let at = r.exit?.at ?? Infinity;
    let track: ProbeTrack | undefined;
    for (const t of r.probes) {
      if (t.next < at) {
        at = t.next;
        track = t;
      }
    }
    if (at > now) break;
    if (!track) {
      exitRun(w, r, r.exit!, at);
      return;
    }
    probeTick(w, r, track, at);
    if (r.phase !== 'running') return;
  }
  r.nextAt = runningNext(r);
}

function probeTick(w: PodWorker, r: ContainerRun, track: ProbeTrack, t: number): void {
  const p = r.profile;
  const spec = track.spec;
  const up = t >= r.startedAt + p.readySeconds * 1000;
  const fail = (refused: boolean): void => {
    track.successes = 0;
    track.failures++;
    w.record('Warning', 'Unhealthy', `${spec.type} probe failed: ${probeFailureDetail(spec, r.spec, w.podIP ?? '', refused)}`, r.fieldPath);
  };
  if (spec.type === 'Startup') {
    if (up) {
      r.started = true;
      track.next = Infinity;
      for (const other of r.probes) if (other !== track) other.next = tickAtOrAfter(other.spec, r.startedAt, t);
      if (!r.readiness) r.ready = true;
      w.changed();
      return;
    }
    fail(true);
    if (track.failures >= spec.failureThreshold) return killRun(w, r, msg.startupKill(r.name), t, spec.terminationGraceSeconds);
    track.next += spec.periodMs;
    return;
  }
  if (spec.type === 'Readiness') {
    const ok = up && !p.failReadiness;
    if (ok) {
      track.failures = 0;
      track.successes++;
      if (track.successes >= spec.successThreshold && !r.ready) {
        r.ready = true;
        w.changed();
      }
    } else {
      fail(!up);
      if (r.ready && track.failures >= spec.failureThreshold) {
        r.ready = false;
        w.changed();
      }
    }
    // Once ready with a healthy app, the answer cannot change: stop ticking.
    track.next = ok && r.ready ? Infinity : track.next + spec.periodMs;
    return;
  }
  const failAt = p.failLivenessAfterSeconds !== undefined ? r.startedAt + p.failLivenessAfterSeconds * 1000 : Infinity;
  if (up && t < failAt) {
    track.failures = 0;
    track.next = failAt === Infinity ? Infinity : tickAtOrAfter(spec, r.startedAt, failAt);
    return;
  }
  fail(!up);
  if (track.failures >= spec.failureThreshold) return killRun(w, r, msg.livenessKill(r.name), t, spec.terminationGraceSeconds);
  track.next += spec.periodMs;
}

/** Kill a container after a failed liveness/startup probe; it exits when its stop time (capped by the grace period) ends. */
function killRun(w: PodWorker, r: ContainerRun, message: string, t: number, probeGrace?: number): void {
  w.record('Normal', 'Killing', message, r.fieldPath);
  const grace = probeGrace ?? w.pod.spec.terminationGracePeriodSeconds ?? 30;
  stopRun(r, t, grace, { exitCode: 137, reason: 'Error' });
}

/** Begin stopping a running container at `t`: it exits after its stop time, or is killed when `graceSeconds` ends. */
export function stopRun(r: ContainerRun, t: number, graceSeconds: number, forced?: { exitCode: number; reason: string }): void {
  const stopMs = r.profile.stopSeconds * 1000;
  const graceMs = Math.max(0, graceSeconds) * 1000;
  const graceful = stopMs <= graceMs;
  const at = t + Math.min(stopMs, graceMs);
  const exit: PlannedExit = forced
    ? { at, ...forced }
    : graceful ? { at, exitCode: 0, reason: 'Completed' } : { at, exitCode: 137, reason: 'Error' };
  if (r.phase === 'stopping' && r.stopExit && r.stopExit.at <= at) return;
  r.stopExit = exit;
  r.phase = 'stopping';
  r.nextAt = at;
  for (const track of r.probes) track.next = Infinity;
}

/** The container process ended at `at`: show it terminated, then decide whether and when it restarts. */
export function exitRun(w: PodWorker, r: ContainerRun, exit: PlannedExit, at: number): void {
  if (r.usage) {
    w.host.usageChanged(r, -1);
    r.usage = undefined;
  }
  const term = { exitCode: exit.exitCode, reason: exit.reason, startedAt: timestamp(r.startedAt), finishedAt: timestamp(at), containerID: r.containerID };
  r.prevExit = r.lastExit;
  r.lastExit = term;
  r.lastExitAt = at;
  r.state = { terminated: term };
  r.ready = r.kind === 'init' && exit.exitCode === 0;
  r.started = false;
  r.probes = [];
  r.exit = undefined;
  r.stopExit = undefined;
  w.changed();
  if (w.stopping) {
    r.phase = 'done';
    r.nextAt = Infinity;
    return;
  }
  const policy = w.pod.spec.restartPolicy ?? 'Always';
  const restart = r.kind === 'sidecar' ? true
    : r.kind === 'init' ? exit.exitCode !== 0 && policy !== 'Never'
      : policy === 'Always' || (policy === 'OnFailure' && exit.exitCode !== 0);
  if (!restart) {
    r.phase = 'done';
    r.nextAt = Infinity;
    return;
  }
  restartOrBackOff(w, r);
}

/** doBackOff: within the back-off since the last exit → CrashLoopBackOff (re-synced every 10 s); else restart now. */
export function restartOrBackOff(w: PodWorker, r: ContainerRun): void {
  const now = w.now();
  const finishedAt = r.lastExitAt ?? now;
  if (inBackOffSince(r.crashBackoff, finishedAt, now)) {
    const pod = msg.formatPod(w.name, w.namespace, w.uid);
    w.record('Warning', 'BackOff', msg.backOffRestart(r.name, pod), r.fieldPath);
    setWaiting(w, r, 'CrashLoopBackOff', msg.backOffWaiting(r.crashBackoff!.backoffMs, r.name, pod));
    r.phase = 'backoff';
    r.nextAt = now + SYNC_RETRY_MS;
    return;
  }
  r.crashBackoff = nextBackoff(r.crashBackoff, finishedAt, now);
  r.restarting = true;
  beginRun(w, r);
}

/** A static pod's component went down (crashes 5 s after each start, never ready) or came back. */
export function applyHealth(r: ContainerRun, healthy: boolean, now: number): void {
  r.profile = healthy ? r.configured : { ...r.configured, crashAfterSeconds: 5, exitCode: 1, failReadiness: true, durationSeconds: undefined };
  if (r.phase !== 'running') return;
  if (!healthy) {
    r.exit = { at: now, exitCode: 1, reason: 'Error' };
  } else {
    r.exit = planExit(r, r.startedAt);
    for (const t of r.probes) if (t.spec.type === 'Readiness' && !r.ready && r.started) t.next = tickAtOrAfter(t.spec, r.startedAt, now);
  }
  r.nextAt = runningNext(r);
}
