/**
 * One container of a pod on the simulated node: its place in the lifecycle, what the API should show for it,
 * and what its profile predicts (when it exits, how much memory it uses). Plain data plus pure helpers; the pod
 * worker drives the transitions.
 */
import type { Container, ContainerState, ContainerStateTerminated, Pod } from '../api/core.js';
import { SIM_PREFIX, applySimAnnotations } from './annotations.js';
import type { BackoffEntry } from './backoff.js';
import { type ImageRef, parseImageRef } from './image-ref.js';
import type { ProbeSpec, ProbeTrack } from './probes.js';
import { probeSpec } from './probes.js';
import { containerLimits, containerRequests } from './pod-resources.js';
import type { ProfileCatalog, WorkloadProfile } from './profiles.js';

/** Where a container is in its lifecycle (the kubelet's view; the API view is `state`). */
export type RunPhase =
  | 'pending' // not begun: waiting for the sandbox, earlier init containers, or volumes
  | 'pulling' // image pull requested from the node's puller
  | 'pullFailed' // ErrImagePull / ImagePullBackOff / InvalidImageName / ErrImageNeverPull, re-synced every 10 s
  | 'configError' // CreateContainerConfigError: waits for the ConfigMap/Secret to appear
  | 'starting' // image present; created and started at nextAt
  | 'running'
  | 'backoff' // exited; CrashLoopBackOff until the back-off ends (re-synced every 10 s)
  | 'stopping' // being killed; exits at nextAt
  | 'done'; // exited for good

/** Init container run to completion, restartable init container (sidecar), or regular container. */
export type ContainerKind = 'init' | 'sidecar' | 'regular';

/** A predicted exit: when, with what code and reason. */
export interface PlannedExit {
  at: number;
  exitCode: number;
  reason: string;
}

/** One container's lifecycle state on the node. */
export class ContainerRun {
  phase: RunPhase = 'pending';
  /** Next instant this container has something to do (Infinity: nothing predicted). */
  nextAt = Infinity;
  /** What the API shows as `state` (lastState is derived from the exits below). */
  state: ContainerState;
  /** The most recent exit, and the one before it (lastState shows one of them, as the runtime reports it). */
  lastExit?: ContainerStateTerminated;
  prevExit?: ContainerStateTerminated;
  restartCount = 0;
  ready = false;
  started = false;
  containerID?: string;
  /** Image name as the runtime reports it once the container exists (`docker.io/library/nginx:1.27`). */
  statusImage: string;
  imageID = '';
  /** Running since (epoch ms), while running or stopping. */
  startedAt = 0;
  /** The exit the profile predicts for the current run. */
  exit?: PlannedExit;
  /** Exit to apply when a stop (pod termination, probe kill) completes. */
  stopExit?: PlannedExit;
  probes: ProbeTrack[] = [];
  crashBackoff?: BackoffEntry;
  pullBackoff?: BackoffEntry;
  /** The last pull error, for the ImagePullBackOff waiting message. */
  lastPullError?: string;
  /** Why the image is unavailable, while phase is pullFailed. */
  pullFailure?: 'invalid' | 'never' | 'pull';
  /** Why the image reference does not parse (InvalidImageName). */
  refError?: string;
  /** Object this container waits for (CreateContainerConfigError), as `Kind/namespace/name`. */
  waitsFor?: string;
  /** When the last exit happened (epoch ms): the back-off counts from it. */
  lastExitAt?: number;
  /** Set between a restart decision and the new container running: the start counts as a restart. */
  restarting = false;
  /** Usage this container added to the node's totals while running (subtracted exactly on stop). */
  usage?: { cpuMilli: number; baseBytes: number; leakPerMs: number };
  readonly ref: ImageRef | undefined;
  readonly fieldPath: string;
  readonly startup?: ProbeSpec;
  readonly readiness?: ProbeSpec;
  readonly liveness?: ProbeSpec;
  /** Requests per second reaching this container (the traffic model sets it through the kubelet; see pod-traffic.ts). */
  requestRate = 0;
  /** CPU driven by traffic: requestRate × profile.cpuPerRequestMilli. Base usage comes from the profile. */
  trafficCpuMilli = 0;
  /** Working set driven by traffic: requestRate × profile.memoryPerRequestBytes. */
  trafficMemoryBytes = 0;
  /** CPU demand and memory this run added to its node's totals while running, subtracted exactly when they change. */
  countedCpuMilli = 0;
  countedMemoryBytes = 0;
  /** Memory limit in bytes (0: none). */
  memoryLimit = 0;
  cpuLimit = 0;
  memoryRequest = 0;

  constructor(readonly spec: Container, readonly kind: ContainerKind, public profile: WorkloadProfile, readonly configured: WorkloadProfile, readonly defaultWaiting: string) {
    this.state = { waiting: { reason: defaultWaiting } };
    this.statusImage = spec.image ?? '';
    try {
      this.ref = parseImageRef(spec.image ?? '');
    } catch (err) {
      this.refError = (err as Error).message;
    }
    this.fieldPath = `spec.${kind === 'regular' ? 'containers' : 'initContainers'}{${spec.name}}`;
    this.startup = probeSpec('Startup', spec.startupProbe);
    // Init containers that run to completion have no readiness or liveness probes (validation forbids them).
    if (kind !== 'init') {
      this.readiness = probeSpec('Readiness', spec.readinessProbe);
      this.liveness = probeSpec('Liveness', spec.livenessProbe);
    }
  }

  get name(): string {
    return this.spec.name;
  }

  /** Whether the container process exists (running, or being stopped). */
  get isRunning(): boolean {
    return this.phase === 'running' || this.phase === 'stopping';
  }

  /** The terminated state currently shown, if any. */
  get terminated(): ContainerStateTerminated | undefined {
    return this.state.terminated;
  }

  /** Memory in use at `now`: base plus traffic working set plus leak since start, capped at the limit (the kernel kills at the limit). */
  memoryAt(now: number): number {
    if (!this.usage) return 0;
    const bytes = this.usage.baseBytes + this.trafficMemoryBytes + this.usage.leakPerMs * Math.max(0, now - this.startedAt);
    return this.memoryLimit > 0 ? Math.min(bytes, this.memoryLimit) : bytes;
  }

  /**
   * CPU the container wants: base plus traffic, throttled (never killed) at the limit. The node may give it less
   * when its pods together want more than it has (see NodeUsage.cpuFactor).
   */
  cpuAt(): number {
    if (!this.usage) return 0;
    const cpu = this.usage.cpuMilli + this.trafficCpuMilli;
    return this.cpuLimit > 0 && cpu > this.cpuLimit ? this.cpuLimit : cpu;
  }
}

/** Seconds a `sleep N` command runs for (`sleep 3600`, `sh -c "echo hi && sleep 30"`); undefined if none. */
export function sleepSeconds(c: Container): number | undefined {
  const text = [...(c.command ?? []), ...(c.args ?? [])].join(' ').trim();
  const m = /(?:^|[\s;&|])sleep\s+(\d+(?:\.\d+)?)(s|m|h|d)?\s*[;"']?\s*$/.exec(text);
  if (!m) return undefined;
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[m[2] as 's' | 'm' | 'h' | 'd'] ?? 1;
  return Number(m[1]) * unit;
}

const reasonFor = (code: number): string => (code === 0 ? 'Completed' : 'Error');

/**
 * The exit a fresh run started at `startedAt` will make, from the profile: crash-after, a finite duration
 * (Job pods, `sleep N`, images that exit without a command, init containers), or the OOM kill when the memory
 * limit is reached. Undefined: it runs until stopped.
 */
export function planExit(run: ContainerRun, startedAt: number): PlannedExit | undefined {
  const p = run.profile;
  const candidates: PlannedExit[] = [];
  if (p.crashAfterSeconds !== undefined) {
    const code = p.exitCode ?? 1;
    candidates.push({ at: startedAt + p.crashAfterSeconds * 1000, exitCode: code, reason: reasonFor(code) });
  }
  let duration = p.durationSeconds ?? sleepSeconds(run.spec);
  if (duration === undefined && p.exitsWithoutCommand && !run.spec.command?.length && !run.spec.args?.length) duration = 0;
  // An init container must finish; without a duration it is a short set-up task.
  if (duration === undefined && run.kind === 'init') duration = 1;
  if (duration !== undefined) {
    const code = p.exitCode ?? 0;
    candidates.push({ at: startedAt + duration * 1000, exitCode: code, reason: reasonFor(code) });
  }
  const oom = oomAt(run, startedAt);
  if (oom !== Infinity) candidates.push({ at: oom, exitCode: 137, reason: 'OOMKilled' });
  let best: PlannedExit | undefined;
  for (const c of candidates) if (!best || c.at < best.at) best = c;
  return best;
}

/**
 * When the memory limit is reached with the current traffic: base + traffic working set over the limit kills
 * one second after start, a leak kills when it fills the rest; Infinity when neither (or no limit).
 */
function oomAt(run: ContainerRun, startedAt: number): number {
  const limit = run.memoryLimit;
  if (limit <= 0) return Infinity;
  // A running container's own usage (a fault may have changed it mid-run, see fault-hooks.ts), else its profile.
  const u = run.usage;
  const base = (u ? u.baseBytes : run.profile.memoryBytes) + run.trafficMemoryBytes;
  if (base >= limit) return startedAt + 1000;
  const leak = u ? u.leakPerMs : (run.profile.memoryLeakBytesPerMinute ?? 0) / 60_000;
  return leak > 0 ? startedAt + Math.ceil((limit - base) / leak) : Infinity;
}

const isOomExit = (e: PlannedExit | undefined): boolean => e !== undefined && e.reason === 'OOMKilled';

/**
 * Re-plan a running container's exit after its traffic working set changed at `now`: more traffic can bring the
 * OOM kill forward (to now, if already over the limit), less can put it off. Returns whether the exit changed.
 * Cheap when nothing changes (no limit, or under it without a leak): no allocation.
 */
export function replanMemoryExit(run: ContainerRun, now: number): boolean {
  if (run.phase !== 'running' || run.memoryLimit <= 0) return false;
  const oom = oomAt(run, run.startedAt);
  const current = run.exit;
  if (oom === Infinity && !isOomExit(current)) return false;
  if (isOomExit(current) && current!.at === Math.max(oom, now)) return false;
  const next = planExit(run, run.startedAt);
  if (next && next.at < now) next.at = now; // already past the limit: the kernel kills now
  if (next?.at === current?.at && next?.reason === current?.reason) return false;
  run.exit = next;
  return true;
}

function hasSimAnnotations(annotations: Record<string, string> | undefined): boolean {
  if (!annotations) return false;
  for (const k in annotations) if (k.startsWith(SIM_PREFIX)) return true;
  return false;
}

/** The runs of a pod's containers: init containers (sidecars when restartPolicy Always) in order, then the regular ones. */
export function containerRuns(pod: Pod, catalog: ProfileCatalog): ContainerRun[] {
  const inits = pod.spec.initContainers ?? [];
  // Containers without a runtime status show PodInitializing when the pod has init containers.
  const waiting = inits.length ? 'PodInitializing' : 'ContainerCreating';
  const annotations = pod.metadata.annotations;
  const withAnnotations = hasSimAnnotations(annotations);
  const make = (c: Container, kind: ContainerKind): ContainerRun => {
    const base = catalog.profileFor(c.image ?? '');
    const configured = withAnnotations ? applySimAnnotations(base, annotations, c.name).profile : base;
    const run = new ContainerRun(c, kind, configured, configured, waiting);
    const limits = containerLimits(c);
    run.memoryLimit = limits.memoryBytes;
    run.cpuLimit = limits.cpuMilli;
    run.memoryRequest = containerRequests(c).memoryBytes;
    return run;
  };
  return [
    ...inits.map((c) => make(c, c.restartPolicy === 'Always' ? 'sidecar' : 'init')),
    ...(pod.spec.containers ?? []).map((c) => make(c, 'regular')),
  ];
}
