/** The Containers / Init Containers blocks of a pod or pod template (describe.go describeContainers and friends). */
import { tryParseQuantity } from '../../api/quantity.js';
import { NONE, int, intOrString, joinHostPort, list, present, record, str } from '../../api/print/format.js';
import { goBool, goList, orNone, printBool, records, rfc1123z, sortedResourceNames } from './common.js';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, type PrefixWriter } from './layout.js';

/** Resolves a `fieldRef` env var against the pod (EnvValueRetriever); absent for pod templates. */
export type EnvResolver = (fieldPath: string) => string;

/** describeContainers: one block per container; `space` is "  " inside a Pod Template. */
export function describeContainers(w: PrefixWriter, label: string, containers: unknown, statuses: unknown,
  resolve: EnvResolver | undefined, space: string): void {
  const byName = new Map<string, Record<string, unknown>>();
  for (const s of list(statuses)) byName.set(str(record(s).name), record(s));
  const cs = records(containers);
  w.write(LEVEL_0, `${space}${label}:${cs.length === 0 ? ` ${NONE}` : ''}\n`);
  for (const c of cs) {
    const status = byName.get(str(c.name));
    describeBasicInfo(w, c, status, space);
    describeCommand(w, c);
    if (status) describeContainerState(w, status);
    describeResources(w, c.resources, LEVEL_2);
    describeProbes(w, c);
    if (list(c.envFrom).length > 0) describeEnvFrom(w, c);
    describeEnv(w, c, resolve);
    describeMounts(w, c);
  }
}

function describeBasicInfo(w: PrefixWriter, c: Record<string, unknown>, status: Record<string, unknown> | undefined, space: string): void {
  w.write(LEVEL_1, `${space ? ' ' : ''}${str(c.name)}:\n`);
  if (status) w.write(LEVEL_2, `Container ID:\t${str(status.containerID)}\n`);
  w.write(LEVEL_2, `Image:\t${str(c.image)}\n`);
  if (status) w.write(LEVEL_2, `Image ID:\t${str(status.imageID)}\n`);
  const ports = records(c.ports);
  const portString = ports.map((p) => `${int(p.containerPort)}/${str(p.protocol)}`).join(', ');
  if (portString.includes(',')) w.write(LEVEL_2, `Ports:\t${portString}\n`);
  else w.write(LEVEL_2, `Port:\t${orNone(portString)}\n`);
  const hostPorts = ports.map((p) => `${int(p.hostPort)}/${str(p.protocol)}`).join(', ');
  if (hostPorts.includes(',')) w.write(LEVEL_2, `Host Ports:\t${hostPorts}\n`);
  else w.write(LEVEL_2, `Host Port:\t${orNone(hostPorts)}\n`);
}

function describeCommand(w: PrefixWriter, c: Record<string, unknown>): void {
  for (const [title, items] of [['Command', list(c.command)], ['Args', list(c.args)]] as const) {
    if (items.length === 0) continue;
    w.write(LEVEL_2, `${title}:\n`);
    for (const item of items) for (const line of str(item).split('\n')) w.write(LEVEL_3, `${line}\n`);
  }
}

/** describeResources: Limits then Requests, resource names sorted. */
export function describeResources(w: PrefixWriter, resources: unknown, level: number): void {
  const r = record(resources);
  for (const [title, map] of [['Limits', record(r.limits)], ['Requests', record(r.requests)]] as const) {
    const names = sortedResourceNames(map);
    if (names.length > 0) w.write(level, `${title}:\n`);
    for (const name of names) w.write(level + 1, `${name}:\t${str(map[name])}\n`);
  }
}

/** describeStatus: one container state (Running / Waiting / Terminated). */
function describeState(w: PrefixWriter, title: string, state: Record<string, unknown>): void {
  const running = present(state.running);
  const waiting = present(state.waiting);
  const terminated = present(state.terminated);
  if (running) {
    w.write(LEVEL_2, `${title}:\tRunning\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(running.startedAt)}\n`);
  } else if (waiting) {
    w.write(LEVEL_2, `${title}:\tWaiting\n`);
    if (str(waiting.reason)) w.write(LEVEL_3, `Reason:\t${str(waiting.reason)}\n`);
  } else if (terminated) {
    w.write(LEVEL_2, `${title}:\tTerminated\n`);
    if (str(terminated.reason)) w.write(LEVEL_3, `Reason:\t${str(terminated.reason)}\n`);
    if (str(terminated.message)) w.write(LEVEL_3, `Message:\t${str(terminated.message)}\n`);
    w.write(LEVEL_3, `Exit Code:\t${int(terminated.exitCode)}\n`);
    if (int(terminated.signal) > 0) w.write(LEVEL_3, `Signal:\t${int(terminated.signal)}\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(terminated.startedAt)}\n`);
    w.write(LEVEL_3, `Finished:\t${rfc1123z(terminated.finishedAt)}\n`);
  } else {
    w.write(LEVEL_2, `${title}:\tWaiting\n`);
  }
}

function describeContainerState(w: PrefixWriter, status: Record<string, unknown>): void {
  describeState(w, 'State', record(status.state));
  const last = record(status.lastState);
  if (present(last.terminated)) describeState(w, 'Last State', last);
  w.write(LEVEL_2, `Ready:\t${printBool(status.ready)}\n`);
  w.write(LEVEL_2, `Restart Count:\t${int(status.restartCount)}\n`);
}

/** Go's url.URL{Scheme, Host, Path}.String() for the fields a probe sets. */
function probeURL(scheme: string, host: string, path: string): string {
  let s = scheme ? `${scheme}:` : '';
  if (scheme || host) {
    if (host || path) s += '//';
    s += host;
  }
  if (path && !path.startsWith('/') && host) s += '/';
  return s + path;
}

/** DescribeProbe: `http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3`. */
export function describeProbe(probe: unknown): string {
  const p = record(probe);
  const attrs = `delay=${int(p.initialDelaySeconds)}s timeout=${int(p.timeoutSeconds)}s period=${int(p.periodSeconds)}s `
    + `#success=${int(p.successThreshold)} #failure=${int(p.failureThreshold)}`;
  const exec = present(p.exec);
  const http = present(p.httpGet);
  const tcp = present(p.tcpSocket);
  const grpc = present(p.grpc);
  if (exec) return `exec ${goList(exec.command)} ${attrs}`;
  if (http) {
    const port = intOrString(http.port);
    const host = port ? joinHostPort(str(http.host), port) : str(http.host);
    return `http-get ${probeURL(str(http.scheme).toLowerCase(), host, str(http.path))} ${attrs}`;
  }
  if (tcp) return `tcp-socket ${str(tcp.host)}:${intOrString(tcp.port)} ${attrs}`;
  if (grpc) return `grpc <pod>:${int(grpc.port)} ${str(grpc.service)} ${attrs}`;
  return `unknown ${attrs}`;
}

function describeProbes(w: PrefixWriter, c: Record<string, unknown>): void {
  if (present(c.livenessProbe)) w.write(LEVEL_2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`);
  if (present(c.readinessProbe)) w.write(LEVEL_2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`);
  if (present(c.startupProbe)) w.write(LEVEL_2, `Startup:\t${describeProbe(c.startupProbe)}\n`);
}

function describeEnvFrom(w: PrefixWriter, c: Record<string, unknown>): void {
  w.write(LEVEL_2, 'Environment Variables from:\n');
  for (const raw of list(c.envFrom)) {
    const e = record(raw);
    const cm = present(e.configMapRef);
    const secret = present(e.secretRef);
    const ref = cm ?? secret;
    const from = cm ? 'ConfigMap' : secret ? 'Secret' : '';
    const optional = goBool(ref?.optional);
    const prefix = str(e.prefix);
    if (prefix) w.write(LEVEL_3, `${str(ref?.name)}\t${from} with prefix '${prefix}'\tOptional: ${optional}\n`);
    else w.write(LEVEL_3, `${str(ref?.name)}\t${from}\tOptional: ${optional}\n`);
  }
}

/** ExtractContainerResourceValue for a resourceFieldRef: the container's limit or request divided by the divisor, rounded up. */
function resourceFieldValue(c: Record<string, unknown>, ref: Record<string, unknown>): string {
  const [kind, name] = str(ref.resource).split('.', 2) as [string, string | undefined];
  if ((kind !== 'limits' && kind !== 'requests') || !name) return '';
  const q = tryParseQuantity(record(record(c.resources)[kind])[name] ?? '0');
  const divisor = tryParseQuantity(ref.divisor ?? '1');
  if (!q || !divisor || divisor.nano === 0n) return '';
  const n = q.nano;
  const d = divisor.nano;
  return String((n + d - 1n) / d);
}

function describeEnv(w: PrefixWriter, c: Record<string, unknown>, resolve: EnvResolver | undefined): void {
  const env = records(c.env);
  w.write(LEVEL_2, `Environment:${env.length === 0 ? `\t${NONE}` : ''}\n`);
  for (const e of env) {
    const name = str(e.name);
    const from = present(e.valueFrom);
    if (!from) {
      str(e.value).split('\n').forEach((line, i) => w.write(LEVEL_3, i === 0 ? `${name}:\t${line}\n` : `\t${line}\n`));
      continue;
    }
    const fieldRef = present(from.fieldRef);
    const resourceRef = present(from.resourceFieldRef);
    const secretRef = present(from.secretKeyRef);
    const cmRef = present(from.configMapKeyRef);
    if (fieldRef) {
      const value = resolve ? resolve(str(fieldRef.fieldPath)) : '';
      w.write(LEVEL_3, `${name}:\t${value} (${str(fieldRef.apiVersion)}:${str(fieldRef.fieldPath)})\n`);
    } else if (resourceRef) {
      const resource = str(resourceRef.resource);
      let value = resourceFieldValue(c, resourceRef);
      if (value === '0' && (resource === 'limits.cpu' || resource === 'limits.memory')) value = 'node allocatable';
      w.write(LEVEL_3, `${name}:\t${value} (${resource})\n`);
    } else if (secretRef) {
      w.write(LEVEL_3, `${name}:\t<set to the key '${str(secretRef.key)}' in secret '${str(secretRef.name)}'>\tOptional: ${goBool(secretRef.optional)}\n`);
    } else if (cmRef) {
      w.write(LEVEL_3, `${name}:\t<set to the key '${str(cmRef.key)}' of config map '${str(cmRef.name)}'>\tOptional: ${goBool(cmRef.optional)}\n`);
    }
  }
}

function describeMounts(w: PrefixWriter, c: Record<string, unknown>): void {
  const mounts = records(c.volumeMounts);
  w.write(LEVEL_2, `Mounts:${mounts.length === 0 ? `\t${NONE}` : ''}\n`);
  // SortableVolumeMounts orders by mount path.
  const sorted = [...mounts].sort((a, b) => (str(a.mountPath) < str(b.mountPath) ? -1 : str(a.mountPath) > str(b.mountPath) ? 1 : 0));
  for (const m of sorted) {
    const flags = [m.readOnly === true ? 'ro' : 'rw'];
    if (str(m.subPath)) flags.push(`path=${JSON.stringify(str(m.subPath))}`);
    w.write(LEVEL_3, `${str(m.mountPath)} from ${str(m.name)} (${flags.join(',')})\n`);
  }
}
