/**
 * How chaos faults change a container's behaviour: a patch on its workload profile (extra CPU or memory, a leak,
 * crashing at every start, failing readiness, a slower start, an image that cannot be pulled), layered over the
 * profile its image and annotations give it. A running container takes the change at once: its usage moves on
 * the node's totals, its exit (crash, OOM kill) is planned again and a readiness probe that had gone quiet ticks
 * again. A leak added while the container runs grows from that moment, not from the container's start.
 */
import { planExit, type ContainerRun } from './container-run.js';
import { runningNext } from './container-steps.js';
import { tickAtOrAfter } from './probes.js';
import type { PodWorker } from './pod-worker.js';
import type { WorkloadProfile } from './profiles.js';

/** What one fault does to a container. Numbers add to the profile's; flags switch a behaviour on. */
export interface ProfilePatch {
  /** Extra CPU (millicores): a CPU hog inside the container. */
  cpuMilli?: number;
  /** Extra memory (bytes): a memory hog. */
  memoryBytes?: number;
  /** Extra memory growth (bytes per minute): a leak, OOMKilled at the limit. */
  leakBytesPerMinute?: number;
  /** The process exits with code 1 as soon as it starts (the pod crash-loops). */
  crash?: boolean;
  /** The application stops answering its readiness probe. */
  failReadiness?: boolean;
  /** Extra seconds from image present to running (a slow container start). */
  startSeconds?: number;
  /** Extra seconds from running to answering probes (a slow application start). */
  readySeconds?: number;
  /**
   * Extra seconds before the container can be Ready: the application answers its probes later when it has a
   * readiness or startup probe (one without probes is Ready once running), else the container starts later.
   */
  slowStartSeconds?: number;
  /** Every pull of the image fails with this error (containerd's wording is built from it). */
  imagePullError?: string;
}

/** A patch in force on one pod: which fault owns it, since when, and which containers (undefined: every long-running one). */
export interface PatchEntry {
  owner: string;
  patch: ProfilePatch;
  containers?: ReadonlySet<string>;
  /** When the fault started (epoch ms): a leak on a running container grows from here. */
  since: number;
}

/** Whether a patch entry acts on this container (by name, or every container but run-to-completion init ones). */
export function appliesTo(e: PatchEntry, r: ContainerRun): boolean {
  return e.containers ? r.kind === 'regular' && e.containers.has(r.name) : r.kind !== 'init';
}

/** The container's configured profile with every applicable patch laid over it (the configured one when none applies). */
export function patchedProfile(base: WorkloadProfile, entries: readonly PatchEntry[], r: ContainerRun): WorkloadProfile {
  let cpu = 0, memory = 0, leak = 0, start = 0, ready = 0, any = false;
  let crash = false, failReadiness = false;
  let pullError: string | undefined;
  for (const e of entries) {
    if (!appliesTo(e, r)) continue;
    const p = e.patch;
    any = true;
    cpu += p.cpuMilli ?? 0;
    memory += p.memoryBytes ?? 0;
    leak += p.leakBytesPerMinute ?? 0;
    start += p.startSeconds ?? 0;
    ready += p.readySeconds ?? 0;
    if (p.slowStartSeconds) {
      if (r.readiness || r.startup) ready += p.slowStartSeconds;
      else start += p.slowStartSeconds;
    }
    crash ||= !!p.crash;
    failReadiness ||= !!p.failReadiness;
    pullError ??= p.imagePullError;
  }
  if (!any) return base;
  const out: WorkloadProfile = {
    ...base,
    cpuMilli: base.cpuMilli + cpu,
    memoryBytes: base.memoryBytes + memory,
    startSeconds: base.startSeconds + start,
    readySeconds: base.readySeconds + ready,
  };
  if (leak) out.memoryLeakBytesPerMinute = (base.memoryLeakBytesPerMinute ?? 0) + leak;
  if (crash) {
    out.crashAfterSeconds = 0;
    out.exitCode = 1;
  }
  if (failReadiness) out.failReadiness = true;
  if (pullError !== undefined) out.imagePullError = pullError;
  return out;
}

/** Memory a leak added after the container started would have grown by the start: subtracted, so it grows from `since`. */
function lateLeakBytes(entries: readonly PatchEntry[], r: ContainerRun): number {
  let bytes = 0;
  for (const e of entries) {
    const perMinute = e.patch.leakBytesPerMinute;
    if (perMinute && appliesTo(e, r) && e.since > r.startedAt) bytes += (perMinute / 60_000) * (e.since - r.startedAt);
  }
  return bytes;
}

/**
 * Lay the patches over one container. A container that is not running only gets its profile (used from its next
 * start); a running one also gets its usage, planned exit and readiness probe updated. Returns whether the pod
 * worker must sync (something may be due now).
 */
export function refreshRun(r: ContainerRun, entries: readonly PatchEntry[], host: PodWorker['host'], now: number): boolean {
  const profile = patchedProfile(r.configured, entries, r);
  const before = r.profile;
  if (profile === before) return false;
  r.profile = profile;
  if (r.phase !== 'running' || !r.usage) return false;
  // The usage a start with this profile gives, taken off the node's totals and put back as a whole.
  host.usageChanged(r, -1);
  r.usage = {
    cpuMilli: profile.cpuMilli,
    baseBytes: profile.memoryBytes - lateLeakBytes(entries, r),
    leakPerMs: (profile.memoryLeakBytesPerMinute ?? 0) / 60_000,
  };
  host.usageChanged(r, 1);
  const exit = planExit(r, r.startedAt);
  // An exit the new profile puts in the past (a crash, memory already over the limit) happens now.
  r.exit = exit && exit.at < now ? { ...exit, at: now } : exit;
  // A ready container whose probe had nothing left to learn stops ticking; an application that now fails (or no
  // longer fails) its readiness probe must be probed again. Other changes leave a Ready container Ready.
  if (r.started && !before.failReadiness !== !profile.failReadiness) for (const t of r.probes) if (t.spec.type === 'Readiness' && t.next === Infinity) t.next = tickAtOrAfter(t.spec, r.startedAt, now);
  r.nextAt = runningNext(r);
  return true;
}

/** The container is killed from outside (SIGKILL, exit 137): its exit is due now. Returns false when it is not running. */
export function killRun(r: ContainerRun, now: number): boolean {
  if (r.phase !== 'running') return false;
  r.exit = { at: now, exitCode: 137, reason: 'Error' };
  r.nextAt = now;
  return true;
}

/** Let the worker act on a change now, or when its kubelet runs again (a stopped kubelet does nothing meanwhile). */
export function kick(w: PodWorker): void {
  if (w.disposed) return;
  if (w.host.running) w.sync();
  else w.host.schedule(0, () => w.sync(), 'kubelet-fault');
}
