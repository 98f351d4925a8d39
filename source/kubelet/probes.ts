/**
 * Container probes in virtual time. A probe ticks every periodSeconds from the container's start; ticks inside
 * initialDelaySeconds are skipped, and readiness/liveness ticks are skipped until the startup probe has passed
 * (upstream prober worker). The application's health over time comes from the workload profile, so a probe whose
 * answer cannot change any more stops ticking: a healthy steady container costs no timers.
 */
import type { Container, Probe } from '../api/core.js';

/** The three probe kinds, as their failure events name them. */
export type ProbeType = 'Startup' | 'Readiness' | 'Liveness';

/** A probe with upstream's defaults filled in, and the words its failure prints. */
export interface ProbeSpec {
  type: ProbeType;
  initialDelayMs: number;
  periodMs: number;
  successThreshold: number;
  failureThreshold: number;
  /** Grace for a kill after liveness/startup failure (probe-level terminationGracePeriodSeconds), if set. */
  terminationGraceSeconds?: number;
  probe: Probe;
}

/** Per-container probe progress. `next` is the next tick worth evaluating (Infinity: the answer can no longer change). */
export interface ProbeTrack {
  spec: ProbeSpec;
  next: number;
  successes: number;
  failures: number;
}

const num = (v: unknown, dflt: number, min: number): number => (typeof v === 'number' && Number.isFinite(v) && v >= min ? v : dflt);

/** Upstream defaults: delay 0, period 10 s, success 1, failure 3 (timeouts do not matter: the simulated app answers or not). */
export function probeSpec(type: ProbeType, probe: Probe | undefined): ProbeSpec | undefined {
  if (!probe || typeof probe !== 'object') return undefined;
  return {
    type, probe,
    initialDelayMs: num(probe.initialDelaySeconds, 0, 0) * 1000,
    periodMs: num(probe.periodSeconds, 10, 1) * 1000,
    successThreshold: type === 'Readiness' ? num(probe.successThreshold, 1, 1) : 1,
    failureThreshold: num(probe.failureThreshold, 3, 1),
    terminationGraceSeconds: typeof probe.terminationGracePeriodSeconds === 'number' ? probe.terminationGracePeriodSeconds : undefined,
  };
}

/** A fresh track for a container that started running at `startedAt`. */
export function newTrack(spec: ProbeSpec, startedAt: number): ProbeTrack {
  return { spec, next: startedAt + firstTickOffset(spec), successes: 0, failures: 0 };
}

/** Ticks fall on multiples of the period; the first counted one is the first at or after the initial delay. */
function firstTickOffset(spec: ProbeSpec): number {
  return Math.ceil(spec.initialDelayMs / spec.periodMs) * spec.periodMs;
}

/** The first tick at or after `t` for a container started at `startedAt`. */
export function tickAtOrAfter(spec: ProbeSpec, startedAt: number, t: number): number {
  const first = startedAt + firstTickOffset(spec);
  if (t <= first) return first;
  return first + Math.ceil((t - first) / spec.periodMs) * spec.periodMs;
}

/** What the probe's failure detail says, as the HTTP/TCP/exec/gRPC prober would print it. */
export function probeFailureDetail(spec: ProbeSpec, container: Container, podIP: string, refused: boolean): string {
  const p = spec.probe;
  const port = (v: unknown): string => {
    if (typeof v === 'number') return String(v);
    const named = container.ports?.find((cp) => cp.name === v);
    return named ? String(named.containerPort) : String(v ?? '');
  };
  if (p.httpGet) {
    const host = p.httpGet.host || podIP;
    const scheme = (p.httpGet.scheme ?? 'HTTP').toLowerCase();
    const path = p.httpGet.path ?? '/';
    if (refused) return `Get "${scheme}://${host}:${port(p.httpGet.port)}${path}": dial tcp ${host}:${port(p.httpGet.port)}: connect: connection refused`;
    return `HTTP probe failed with statuscode: ${spec.type === 'Readiness' ? 503 : 500}`;
  }
  if (p.tcpSocket) {
    const host = p.tcpSocket.host || podIP;
    return `dial tcp ${host}:${port(p.tcpSocket.port)}: connect: connection refused`;
  }
  if (p.grpc) return `timeout: failed to connect service ":${p.grpc.port}" within 1s`;
  return ''; // an exec probe's failure prints the command's output, which a simulated command does not have
}
