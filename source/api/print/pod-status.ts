/** The pod READY / STATUS / RESTARTS cells, ported from upstream's server-side printer (`printPod`). */
import type { Pod } from '../core.js';
import { humanDuration, timestampMs } from './age.js';
import { int, list, present, record, str } from './format.js';

export { podQosClass, type QosClass } from './qos.js';

/** What one pass over a pod's status yields; the TUI can call this once per row instead of three helpers. */
export interface PodSummary {
  /** Ready containers (regular, plus started restartable init containers that are ready). */
  ready: number;
  /** Regular containers plus restartable (sidecar) init containers. */
  total: number;
  /** The STATUS cell. */
  reason: string;
  /** Restart count as the RESTARTS cell sums it. */
  restarts: number;
  /** Latest `lastState.terminated.finishedAt` among the counted containers, epoch ms; NaN when none. */
  lastRestartMs: number;
}

const isTrue = (conditions: readonly unknown[], type: string): boolean =>
  conditions.some((c) => record(c).type === type && record(c).status === 'True');

/** `Signal:<n>` or `ExitCode:<n>` for a terminated state without a reason. */
function exitText(terminated: Record<string, unknown>): string {
  const signal = int(terminated.signal);
  return signal !== 0 ? `Signal:${signal}` : `ExitCode:${int(terminated.exitCode)}`;
}

/** Computes READY, STATUS and RESTARTS together, exactly as upstream's printPod walks the statuses. */
export function podSummary(pod: Pod): PodSummary {
  const meta = record(pod?.metadata);
  const spec = record(pod?.spec);
  const status = record(pod?.status);
  const initSpecs = list(spec.initContainers);
  const conditions = list(status.conditions);

  // Restartable init containers (sidecars) count toward READY's total.
  let sidecars: Set<string> | undefined;
  for (const c of initSpecs) {
    if (record(c).restartPolicy === 'Always') (sidecars ??= new Set()).add(str(record(c).name));
  }
  const total = list(spec.containers).length + (sidecars?.size ?? 0);

  const phase = str(status.phase);
  let reason = str(status.reason) || phase;
  for (const c of conditions) {
    const cond = record(c);
    if (cond.type === 'PodScheduled' && cond.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestartMs = NaN;
  let lastSidecarRestartMs = NaN;
  let initializing = false;

  const initStatuses = list(status.initContainerStatuses);
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = record(initStatuses[i]);
    const count = int(cs.restartCount);
    const finished = timestampMs(record(record(cs.lastState).terminated).finishedAt);
    restarts += count;
    lastRestartMs = newest(lastRestartMs, finished);
    const sidecar = sidecars?.has(str(cs.name)) ?? false;
    if (sidecar) {
      sidecarRestarts += count;
      lastSidecarRestartMs = newest(lastSidecarRestartMs, finished);
    }
    const state = record(cs.state);
    const terminated = present(state.terminated);
    const waiting = present(state.waiting);
    if (terminated && int(terminated.exitCode) === 0) continue;
    if (sidecar && cs.started === true) {
      if (cs.ready === true) ready++;
      continue;
    }
    initializing = true;
    if (terminated) {
      reason = `Init:${str(terminated.reason) || exitText(terminated)}`;
    } else if (waiting && str(waiting.reason) !== '' && waiting.reason !== 'PodInitializing') {
      reason = `Init:${str(waiting.reason)}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    break;
  }

  if (!initializing || isTrue(conditions, 'Initialized')) {
    // Once initialised, only sidecar restarts carry over from the init containers.
    restarts = sidecarRestarts;
    lastRestartMs = lastSidecarRestartMs;
    let hasRunning = false;
    const statuses = list(status.containerStatuses);
    // Last to first, so the first container's waiting/terminated reason wins.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = record(statuses[i]);
      restarts += int(cs.restartCount);
      lastRestartMs = newest(lastRestartMs, timestampMs(record(record(cs.lastState).terminated).finishedAt));
      const state = record(cs.state);
      const waiting = record(state.waiting);
      const terminated = present(state.terminated);
      if (str(waiting.reason) !== '') {
        reason = str(waiting.reason);
      } else if (terminated) {
        reason = str(terminated.reason) || exitText(terminated);
      } else if (cs.ready === true && present(state.running)) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) reason = isTrue(conditions, 'Ready') ? 'Running' : 'NotReady';
  }

  if (meta.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (meta.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';

  return { ready, total, reason, restarts, lastRestartMs };
}

/** The later of two instants, ignoring NaN (Go's zero time never wins `Before`). */
function newest(a: number, b: number): number {
  if (Number.isNaN(b)) return a;
  return Number.isNaN(a) || b > a ? b : a;
}

/** The STATUS column of `kubectl get pods` (e.g. `Running`, `CrashLoopBackOff`, `Init:1/2`, `Terminating`). */
export function podStatusReason(pod: Pod): string {
  return podSummary(pod).reason;
}

/** The READY column, e.g. `1/2`; restartable init containers count toward the total. */
export function podReady(pod: Pod): string {
  const s = podSummary(pod);
  return `${s.ready}/${s.total}`;
}

/** The RESTARTS column: `0`, or `5 (2m10s ago)` from the latest last-termination time. */
export function podRestarts(pod: Pod, nowMs: number): string {
  const s = podSummary(pod);
  return formatRestarts(s.restarts, s.lastRestartMs, nowMs);
}

/** RESTARTS text from a count and the last restart instant (NaN when unknown). */
export function formatRestarts(restarts: number, lastRestartMs: number, nowMs: number): string {
  if (restarts === 0 || Number.isNaN(lastRestartMs)) return String(restarts);
  return `${restarts} (${humanDuration(nowMs - lastRestartMs)} ago)`;
}
