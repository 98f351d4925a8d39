/**
 * Simulated container logs for `kubectl logs`: deterministic (seeded from pod uid, container and restart count), with
 * start-up lines per image family, probe and request lines up to the virtual now, and the way the instance ended.
 * Lines are synthesised backwards from the end of the instance, so a pod that has run for days costs no more than
 * the last MAX_LOG_LINES lines. Errors carry the kubelet's messages.
 */
import { badRequest } from '../api/errors.js';
import type { Event, Pod } from '../api/core.js';
import { timestampMs } from '../api/print/age.js';
import { int, list, present, record, str } from '../api/print/format.js';
import { type Family, type Instance, familyOf, requestPaths } from './logs/families.js';
import { choose, hashString, pick, unit } from './logs/seeded.js';
import { isoMillis, rfc3339Nano } from './logs/time-format.js';

/** Options of one logs request. */
export interface LogOptions {
  /** The previous (last terminated) instance instead of the current one (`--previous`). */
  previous?: boolean;
  /** Only the last N lines (`--tail`); negative means all. */
  tailLines?: number;
  /** Prefix each line with its RFC3339Nano time (`--timestamps`). */
  timestamps?: boolean;
  /** Virtual now: a running container's log ends here. */
  nowMs: number;
  /** The pod's events: Unhealthy probe events turn the matching probe lines into failures. */
  events?: readonly Event[];
  /** Kubelet version for the probe user agent (`kube-probe/1.32`); defaults to 1.32. */
  kubeletVersion?: string;
}

/** Most lines a request returns: the simulation never synthesises more than this many. */
export const MAX_LOG_LINES = 1000;

const REQUEST_TICK_MS = 1000;
const WORKER_TICK_MS = 30_000;

/** One synthesised line; `order` breaks ties between lines of the same millisecond. */
interface Line { at: number; order: number; text: string }

/** The container instance whose log is read, and how it ended. */
interface Run {
  index: number;
  start: number;
  end: number;
  exit?: { exitCode: number; reason: string };
}

/** Which instance `kubectl logs [--previous]` reads, with the kubelet's errors (validateContainerLogStatus). */
function selectRun(status: Record<string, unknown>, container: string, pod: string, previous: boolean, nowMs: number): Run {
  const state = record(status.state);
  const last = present(record(status.lastState).terminated);
  const running = present(state.running);
  const waiting = present(state.waiting);
  const terminated = present(state.terminated);
  const restarts = int(status.restartCount);
  // The kubelet counts a restart when the next instance starts, so a crash-looping container's last exit is instance N.
  const lastIndex = waiting ? restarts : Math.max(0, restarts - 1);
  const ended = (t: Record<string, unknown>, index: number): Run => {
    const end = timestampMs(t.finishedAt);
    const start = timestampMs(t.startedAt);
    const e = Number.isNaN(end) ? nowMs : end;
    return { index, start: Number.isNaN(start) ? e : Math.min(start, e), end: e, exit: { exitCode: int(t.exitCode), reason: str(t.reason) } };
  };
  if (previous) {
    if (!last || !str(last.containerID)) throw badRequest(`previous terminated container "${container}" in pod "${pod}" not found`);
    return ended(last, lastIndex);
  }
  if (running) {
    const start = timestampMs(running.startedAt);
    return { index: restarts, start: Number.isNaN(start) ? nowMs : Math.min(start, nowMs), end: nowMs };
  }
  if (terminated) {
    if (str(terminated.containerID)) return ended(terminated, restarts);
    if (last && str(last.containerID)) return ended(last, lastIndex);
    throw badRequest(`container "${container}" in pod "${pod}" is terminated`);
  }
  if (last) {
    if (!str(last.containerID)) throw badRequest(`container "${container}" in pod "${pod}" is terminated`);
    return ended(last, lastIndex);
  }
  if (waiting) {
    const reason = str(waiting.reason);
    if (reason === 'ErrImagePull') throw badRequest(`container "${container}" in pod "${pod}" is waiting to start: image can't be pulled`);
    if (reason === 'ImagePullBackOff') throw badRequest(`container "${container}" in pod "${pod}" is waiting to start: trying and failing to pull image`);
    throw badRequest(`container "${container}" in pod "${pod}" is waiting to start: ${reason}`);
  }
  throw badRequest(`container "${container}" in pod "${pod}" is waiting to start - no logs yet`);
}

/** Periodic ticks at first + k×period (k ≥ 0, time ≤ end), walked from the newest, at most `limit` lines kept. */
function backwards(first: number, period: number, end: number, limit: number, make: (k: number, at: number) => Line | Line[] | undefined): Line[] {
  if (period <= 0 || first > end || limit <= 0) return [];
  const out: Line[] = [];
  const kMax = Math.floor((end - first) / period);
  // Sparse streams skip ticks; the iteration cap keeps a near-silent stream from walking back through days of ticks.
  const maxTicks = limit * 20 + 100;
  for (let k = kMax, n = 0; k >= 0 && out.length < limit && n < maxTicks; k--, n++) {
    const made = make(k, first + k * period);
    if (made === undefined) continue;
    if (Array.isArray(made)) out.push(...made.filter((l) => l.at <= end));
    else out.push(made);
  }
  return out;
}

/** Unhealthy probe events for this container as [from, to, status] windows per probe kind. */
function failureWindows(events: readonly Event[] | undefined, container: string): Map<string, [number, number, number][]> {
  const out = new Map<string, [number, number, number][]>();
  for (const raw of list(events)) {
    const e = record(raw);
    if (e.reason !== 'Unhealthy') continue;
    const fieldPath = str(record(e.involvedObject).fieldPath);
    if (fieldPath && fieldPath !== `spec.containers{${container}}` && fieldPath !== `spec.initContainers{${container}}`) continue;
    const m = /^(Liveness|Readiness|Startup) probe failed: (.*)$/s.exec(str(e.message));
    if (!m) continue;
    const code = /statuscode: (\d+)/.exec(m[2]!);
    const from = timestampMs(e.firstTimestamp || e.eventTime);
    const to = timestampMs(e.lastTimestamp || e.eventTime || e.firstTimestamp);
    if (Number.isNaN(from) || Number.isNaN(to)) continue;
    const kind = m[1]!;
    if (!out.has(kind)) out.set(kind, []);
    out.get(kind)!.push([from, to, code ? Number(code[1]) : 500]);
  }
  return out;
}

/** The IP kubelet probes appear to come from: the pod network's gateway on the node. */
function probeSource(status: Record<string, unknown>): string {
  const ip = str(status.podIP);
  const v4 = /^(\d+\.\d+\.\d+)\.\d+$/.exec(ip);
  return v4 ? `${v4[1]}.1` : str(status.hostIP) || '10.244.0.1';
}

/** Every line of one run, newest `limit` only, oldest first. */
function runLines(family: Family, inst: Instance, c: Record<string, unknown>, run: Run, podStatus: Record<string, unknown>,
  windows: Map<string, [number, number, number][]>, limit: number): Line[] {
  const streams: Line[][] = [];
  streams.push(family.startup(inst, run.start).filter(([dt]) => run.start + dt <= run.end).map(([dt, text], i) => ({ at: run.start + dt, order: i, text })));
  const access = family.access;
  const source = probeSource(podStatus);
  // httpGet probes: the kubelet's GETs show up in the access log.
  (['Liveness', 'Readiness'] as const).forEach((kind, s) => {
    const probe = present(c[kind === 'Liveness' ? 'livenessProbe' : 'readinessProbe']);
    const http = probe && present(probe.httpGet);
    if (!access || !probe || !http) return;
    const period = (int(probe.periodSeconds) || 10) * 1000;
    const first = run.start + int(probe.initialDelaySeconds) * 1000 + pick(inst.seed, 10 + s, 0, 0, Math.max(0, Math.min(period, 5000) - 1));
    const failing = windows.get(kind) ?? [];
    const path = str(http.path) || '/';
    streams.push(backwards(first, period, run.end, limit, (k, at) => {
      const fail = failing.find(([from, to]) => at >= from - period / 2 && at <= to + period / 2);
      const status = fail ? fail[2] : 200;
      const bytes = status !== 200 ? 157 : path === '/' && family.name === 'nginx' ? 615 : 2;
      const text = access(inst, at, { client: source, method: 'GET', path, status, bytes, userAgent: inst.probeAgent, durationMs: pick(inst.seed, 12, k, 0, 2) });
      return { at, order: 100 + s, text };
    }));
  });
  // Client requests, for containers that serve a port.
  if (access && inst.port > 0) {
    const paths = requestPaths(family);
    streams.push(backwards(run.start + REQUEST_TICK_MS, REQUEST_TICK_MS, run.end, limit, (k, tick) => {
      if (unit(inst.seed, 1, k) >= 0.4) return undefined;
      const at = tick + pick(inst.seed, 2, k, 0, REQUEST_TICK_MS - 1);
      const roll = unit(inst.seed, 3, k);
      const status = roll < 0.9 ? 200 : roll < 0.96 ? 304 : 404;
      const client = `10.244.${pick(inst.seed, 4, k, 0, 3)}.${pick(inst.seed, 5, k, 2, 250)}`;
      const agent = choose(inst.seed, 6, k, ['Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', 'curl/8.5.0', 'python-requests/2.32.3', 'Go-http-client/1.1']);
      const text = access(inst, at, {
        client, method: unit(inst.seed, 7, k) < 0.85 ? 'GET' : 'POST', path: choose(inst.seed, 8, k, paths), status,
        bytes: status === 304 ? 0 : pick(inst.seed, 9, k, 120, 9000), userAgent: agent, durationMs: pick(inst.seed, 13, k, 1, 120),
      });
      return { at, order: 200, text };
    }));
  }
  const bg = family.background;
  if (bg) {
    streams.push(backwards(run.start + bg.periodMs, bg.periodMs, run.end, limit, (k, at) =>
      bg.lines(inst, k, at)?.map((text, i) => ({ at: at + i, order: 300 + i, text }))));
  } else if (inst.port === 0 && family.name === 'generic') {
    // A worker without a port still reports progress now and then.
    streams.push(backwards(run.start + WORKER_TICK_MS, WORKER_TICK_MS, run.end, limit, (k, at) =>
      ({ at, order: 300, text: `time=${isoMillis(at)} level=INFO msg="processed batch" items=${pick(inst.seed, 14, k, 1, 250)}` })));
  }
  const lines = streams.flat().sort((a, b) => a.at - b.at || a.order - b.order);
  if (run.exit) lines.push(...endLines(family, inst, run).map((text, i) => ({ at: run.end, order: 1000 + i, text })));
  return lines.slice(Math.max(0, lines.length - limit));
}

/** How the instance ended: OOM kill, SIGTERM (graceful), SIGKILL, completion or a crash. */
function endLines(family: Family, inst: Instance, run: Run): string[] {
  const { exitCode, reason } = run.exit!;
  if (reason === 'OOMKilled') return ['Killed'];
  if (exitCode === 0) return reason === 'Completed' && family.name === 'generic' ? family.completed(inst, run.end) : family.shutdown(inst, run.end);
  if (exitCode === 143) return family.shutdown(inst, run.end);
  // SIGKILL after the grace period: the shutdown began and never finished.
  if (exitCode === 137) return family.shutdown(inst, run.end).slice(0, 1);
  return family.fatal(inst, run.end, exitCode, run.end - run.start);
}

/** `kubectl logs <pod> -c <container>` of a simulated pod; throws the API's BadRequest errors. */
export function containerLogs(pod: Pod, container: string, opts: LogOptions): string[] {
  const meta = record(pod?.metadata);
  const spec = record(pod?.spec);
  const status = record(pod?.status);
  const podName = str(meta.name);
  const specs = [...list(spec.containers), ...list(spec.initContainers)].map(record);
  const c = specs.find((x) => str(x.name) === container);
  if (!c) throw badRequest(`container ${container} is not valid for pod ${podName}`);
  // An unscheduled pod has no node to read from: the API server returns an empty log.
  if (!str(spec.nodeName)) return [];
  const cs = [...list(status.containerStatuses), ...list(status.initContainerStatuses)].map(record).find((s) => str(s.name) === container);
  if (!cs) throw badRequest(`container "${container}" in pod "${podName}" is not available`);
  const nowMs = Number.isFinite(opts.nowMs) ? opts.nowMs : 0;
  const run = selectRun(cs, container, podName, opts.previous === true, nowMs);
  const tail = typeof opts.tailLines === 'number' && opts.tailLines >= 0 ? Math.trunc(opts.tailLines) : Infinity;
  const limit = Math.min(tail, MAX_LOG_LINES);
  if (limit === 0) return [];
  const image = str(c.image);
  const tagMatch = /:([^/:@]+)(?:@.*)?$/.exec(image);
  const tag = tagMatch && tagMatch[1] !== 'latest' ? tagMatch[1]! : '';
  const kubelet = /^v?(\d+)\.(\d+)/.exec(opts.kubeletVersion ?? '');
  const inst: Instance = {
    seed: hashString(`${str(meta.uid)}/${container}/${run.index}`),
    pod: podName,
    namespace: str(meta.namespace),
    container,
    image,
    tag,
    port: int(record(list(c.ports)[0]).containerPort),
    probeAgent: `kube-probe/${kubelet ? `${kubelet[1]}.${kubelet[2]}` : '1.32'}`,
  };
  const lines = runLines(familyOf(image), inst, c, run, status, failureWindows(opts.events, container), limit);
  if (!opts.timestamps) return lines.map((l) => l.text);
  // Sub-millisecond digits depend only on the line, so --tail never changes a line's time; order keeps them monotonic.
  return lines.map((l) => `${rfc3339Nano(l.at, Math.floor(unit(inst.seed, 50, l.at) * 800_000) + l.order * 100)} ${l.text}`);
}
