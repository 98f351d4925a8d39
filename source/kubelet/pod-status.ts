/**
 * Pod status as the kubelet's generateAPIPodStatus writes it: phase (getPhase), the kubelet-owned conditions in
 * upstream order with their reasons and messages, container statuses in spec order, IPs, start time and QoS.
 */
import type { ContainerState, ContainerStatus, Pod, PodStatus } from '../api/core.js';
import type { Condition } from '../api/meta.js';
import { podQosClass } from '../api/print/qos.js';
import { stamp as timestamp } from './time-text.js';
import type { ContainerRun } from './container-run.js';
import { incomplete, unready } from './messages.js';

type Phase = NonNullable<PodStatus['phase']>;

/** Condition types the kubelet owns (replaced on every write); others are kept from the existing status. */
const KUBELET_OWNED = new Set(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);

/** What the status builder needs from a pod worker. */
export interface PodStatusSource {
  pod: Pod;
  runs: readonly ContainerRun[];
  hostIP: string;
  podIP?: string;
  startTime?: number;
  sandboxReady: boolean;
  /** Terminal phase already decided (eviction, rejection, deadline, termination); undefined: compute. */
  forcedPhase?: Phase;
  podIsTerminal: boolean;
  reason?: string;
  message?: string;
  disruption?: Condition;
}

/** lastState as the runtime reports it: the previous exit, or the one before a currently shown exit. */
export function lastStateOf(run: ContainerRun): ContainerState {
  const prior = run.state.terminated ? run.prevExit : run.lastExit;
  return prior ? { terminated: prior } : {};
}

/** upstream getPhase over the API view of the containers. */
export function computePhase(src: PodStatusSource): Phase {
  const { pod, runs } = src;
  const restartPolicy = pod.spec.restartPolicy ?? 'Always';
  let pendingInitialization = 0;
  let failedInitialization = 0;
  let running = 0, waiting = 0, stopped = 0, succeeded = 0;
  for (const r of runs) {
    const t = r.state.terminated;
    if (r.kind === 'sidecar') {
      if (!r.started) pendingInitialization++;
      continue;
    }
    if (r.kind === 'init') {
      if (t && t.exitCode === 0) continue;
      if (t && t.exitCode !== 0) failedInitialization++;
      else if (r.state.waiting && r.lastExit && r.lastExit.exitCode !== 0) failedInitialization++;
      pendingInitialization++;
      continue;
    }
    if (r.state.running) running++;
    else if (t) {
      stopped++;
      if (t.exitCode === 0) succeeded++;
    } else if (r.state.waiting) {
      if (r.lastExit) stopped++;
      else waiting++;
    }
  }
  if (failedInitialization > 0 && restartPolicy === 'Never') return 'Failed';
  if (pendingInitialization > 0 && !src.podIsTerminal) return 'Pending';
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (src.podIsTerminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (restartPolicy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (restartPolicy === 'Never') return 'Failed';
    return 'Running';
  }
  return src.podIsTerminal ? 'Failed' : 'Pending';
}

function apiContainerStatus(r: ContainerRun): ContainerStatus {
  const s: ContainerStatus = {
    name: r.name, state: r.state, lastState: lastStateOf(r), ready: r.ready, restartCount: r.restartCount,
    image: r.statusImage, imageID: r.imageID,
  };
  if (r.containerID) s.containerID = r.containerID;
  s.started = r.started;
  return s;
}

function cond(type: string, ok: boolean, reason?: string, message?: string): Condition {
  const c: Condition = { type, status: ok ? 'True' : 'False', lastProbeTime: null };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  return c;
}

function readinessGateProblems(pod: Pod): string[] {
  const out: string[] = [];
  for (const gate of pod.spec.readinessGates ?? []) {
    const c = pod.status?.conditions?.find((x) => x.type === gate.conditionType);
    if (!c) out.push(`corresponding condition of pod readiness gate "${gate.conditionType}" does not exist.`);
    else if (c.status !== 'True') out.push(`the status of pod readiness gate "${gate.conditionType}" is not "True", but ${c.status}`);
  }
  return out;
}

/** The kubelet-owned conditions, in the order the kubelet writes them. */
function kubeletConditions(src: PodStatusSource, phase: Phase): Condition[] {
  const runs = src.runs;
  const inits = runs.filter((r) => r.kind !== 'regular');
  // A sidecar is complete once started; a run-to-completion init container once it exited 0.
  const incompleteInits = inits.filter((r) => (r.kind === 'sidecar' ? !r.started : !(r.state.terminated && r.state.terminated.exitCode === 0))).map((r) => r.name);
  const anyRegularStarted = runs.some((r) => r.kind === 'regular' && (r.containerID !== undefined));
  let initialized: Condition;
  if (inits.length === 0) initialized = cond('Initialized', true);
  else if (phase === 'Succeeded') initialized = cond('Initialized', true, 'PodCompleted');
  else if (incompleteInits.length > 0 && !anyRegularStarted) initialized = cond('Initialized', false, 'ContainersNotInitialized', incomplete(incompleteInits));
  else initialized = cond('Initialized', true);

  let containersReady: Condition;
  let ready: Condition;
  if (phase === 'Succeeded' || phase === 'Failed') {
    const reason = phase === 'Succeeded' ? 'PodCompleted' : 'PodFailed';
    containersReady = cond('ContainersReady', false, reason);
    ready = cond('Ready', false, reason);
  } else {
    const notReady = runs.filter((r) => r.kind !== 'init' && !r.ready).map((r) => r.name);
    if (notReady.length) {
      containersReady = cond('ContainersReady', false, 'ContainersNotReady', unready(notReady));
      ready = cond('Ready', false, 'ContainersNotReady', unready(notReady));
    } else {
      containersReady = cond('ContainersReady', true);
      const gates = readinessGateProblems(src.pod);
      ready = gates.length ? cond('Ready', false, 'ReadinessGatesNotReady', gates.join(', ')) : cond('Ready', true);
    }
  }
  const sandbox = cond('PodReadyToStartContainers', src.sandboxReady && !src.podIsTerminal);
  return [sandbox, initialized, ready, containersReady, cond('PodScheduled', true)];
}

/** Keep lastTransitionTime when a condition's status did not change, as the status manager does. */
function stampTransitions(conditions: Condition[], old: Condition[] | undefined, now: number): void {
  const nowText = timestamp(now);
  for (const c of conditions) {
    const prev = old?.find((o) => o.type === c.type);
    c.lastTransitionTime = prev && prev.status === c.status && prev.lastTransitionTime ? prev.lastTransitionTime : nowText;
  }
}

/** The full status the kubelet writes for a pod now. */
export function buildPodStatus(src: PodStatusSource, now: number): PodStatus {
  const phase = src.forcedPhase ?? computePhase(src);
  const oldConditions = src.pod.status?.conditions;
  const own = kubeletConditions(src, phase);
  stampTransitions(own, oldConditions, now);
  const kept = (oldConditions ?? []).filter((c) => !KUBELET_OWNED.has(c.type) && !(src.disruption && c.type === 'DisruptionTarget'));
  const conditions = [...kept, ...own];
  if (src.disruption) conditions.push(src.disruption);
  const status: PodStatus = { phase, conditions };
  if (src.message) status.message = src.message;
  if (src.reason) status.reason = src.reason;
  if (src.pod.status?.nominatedNodeName) status.nominatedNodeName = src.pod.status.nominatedNodeName;
  status.hostIP = src.hostIP;
  status.hostIPs = [{ ip: src.hostIP }];
  if (src.podIP) {
    status.podIP = src.podIP;
    status.podIPs = [{ ip: src.podIP }];
  }
  if (src.startTime !== undefined) status.startTime = timestamp(src.startTime);
  const inits = src.runs.filter((r) => r.kind !== 'regular');
  if (inits.length) status.initContainerStatuses = inits.map(apiContainerStatus);
  status.containerStatuses = src.runs.filter((r) => r.kind === 'regular').map(apiContainerStatus);
  status.qosClass = podQosClass(src.pod);
  return status;
}

/** The status of a pod the kubelet refused to admit: only phase, reason, message and QoS, as rejectPod writes it. */
export function rejectedStatus(pod: Pod, reason: string, message: string): PodStatus {
  const status: PodStatus = { phase: 'Failed' };
  if (pod.status?.conditions) status.conditions = pod.status.conditions;
  status.message = `Pod was rejected: ${message}`;
  status.reason = reason;
  status.qosClass = podQosClass(pod);
  return status;
}
