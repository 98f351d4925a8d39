/** Containers: names, images, ports, env, volume mounts, pull policy, resources and probes (validateContainerCommon). */
import {
  child, duplicate, type Errs, forbidden, index, invalid, notFound, notSupported, type Obj, objItems, oneOf, readArr, readInt,
  readObj, readStr, readStrArr, required, text,
} from './field.js';
import { configMapKeyErrors, dns1123LabelErrors, dns1123SubdomainErrors, envVarNameErrors, portNameErrors, portNumErrors, qualifiedNameErrors } from './names.js';
import { validateLifecycle, validateProbe } from './probes.js';
import { validateResourceRequirements } from './resources.js';

/** What container validation needs from the pod: its volume names and grace period, and whether it is a real Pod. */
export interface ContainerContext {
  volumes: ReadonlySet<string>;
  gracePeriod: number | undefined;
  /** Pods get a few extra checks that templates do not (validateContainersOnlyForPod). */
  isPod: boolean;
}

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const ENV_FIELD_PATHS = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName',
  'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs'];
const RESOURCE_FIELD_PATHS = ['limits.cpu', 'limits.ephemeral-storage', 'limits.memory', 'requests.cpu', 'requests.ephemeral-storage', 'requests.memory'];

function validatePorts(errs: Errs, ctr: Obj, path: string): void {
  const ports = readArr(errs, ctr, 'ports', path);
  if (!ports) return;
  const base = child(path, 'ports');
  const names = new Set<string>();
  for (const [port, i] of objItems(errs, ports, base)) {
    const p = index(base, i);
    const name = readStr(errs, port, 'name', p);
    if (name) {
      const msgs = portNameErrors(name);
      for (const msg of msgs) invalid(errs, child(p, 'name'), name, msg);
      if (msgs.length === 0 && names.has(name)) duplicate(errs, child(p, 'name'), name);
      names.add(name);
    }
    const containerPort = readInt(errs, port, 'containerPort', p);
    if (!containerPort) {
      if (port.containerPort === undefined || port.containerPort === null || port.containerPort === 0) required(errs, child(p, 'containerPort'));
    } else for (const msg of portNumErrors(containerPort)) invalid(errs, child(p, 'containerPort'), containerPort, msg);
    const hostPort = readInt(errs, port, 'hostPort', p);
    if (hostPort) for (const msg of portNumErrors(hostPort)) invalid(errs, child(p, 'hostPort'), hostPort, msg);
    oneOf(errs, child(p, 'protocol'), readStr(errs, port, 'protocol', p), PROTOCOLS);
  }
}

function validateKeySelector(errs: Errs, ref: Obj, path: string): void {
  const name = readStr(errs, ref, 'name', path) ?? '';
  for (const msg of dns1123SubdomainErrors(name)) invalid(errs, child(path, 'name'), name, msg);
  const key = readStr(errs, ref, 'key', path);
  if (!key) required(errs, child(path, 'key'));
  else for (const msg of configMapKeyErrors(key)) invalid(errs, child(path, 'key'), key, msg);
}

function validateValueFrom(errs: Errs, env: Obj, path: string): void {
  const from = readObj(errs, env, 'valueFrom', path);
  if (!from) return;
  const p = child(path, 'valueFrom');
  let sources = 0;
  const fieldRef = readObj(errs, from, 'fieldRef', p);
  if (fieldRef) {
    sources++;
    const fp = child(p, 'fieldRef');
    const apiVersion = readStr(errs, fieldRef, 'apiVersion', fp);
    const fieldPath = readStr(errs, fieldRef, 'fieldPath', fp);
    if (!apiVersion) required(errs, child(fp, 'apiVersion'));
    else if (!fieldPath) required(errs, child(fp, 'fieldPath'));
    else {
      const sub = /^(metadata\.(?:labels|annotations))\['(.*)'\]$/.exec(fieldPath);
      if (sub) {
        for (const msg of qualifiedNameErrors(sub[1] === 'metadata.annotations' ? sub[2]!.toLowerCase() : sub[2]!)) invalid(errs, fp, sub[2], msg);
      } else if (!ENV_FIELD_PATHS.includes(fieldPath)) notSupported(errs, child(fp, 'fieldPath'), fieldPath, ENV_FIELD_PATHS.slice().sort());
    }
  }
  const resourceFieldRef = readObj(errs, from, 'resourceFieldRef', p);
  if (resourceFieldRef) {
    sources++;
    const rp = child(p, 'resourceFieldRef');
    const resource = readStr(errs, resourceFieldRef, 'resource', rp);
    if (!resource) required(errs, child(rp, 'resource'));
    else if (!RESOURCE_FIELD_PATHS.includes(resource) && !/^(limits|requests)\.hugepages-/.test(resource)) {
      notSupported(errs, child(rp, 'resource'), resource, RESOURCE_FIELD_PATHS);
    }
  }
  for (const key of ['configMapKeyRef', 'secretKeyRef']) {
    const ref = readObj(errs, from, key, p);
    if (ref) {
      sources++;
      validateKeySelector(errs, ref, child(p, key));
    }
  }
  const value = typeof env.value === 'string' ? env.value : '';
  if (sources === 0) invalid(errs, p, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`');
  else if (value !== '') invalid(errs, p, '', 'may not be specified when `value` is not empty');
  else if (sources > 1) invalid(errs, p, '', 'may not have more than one field specified at a time');
}

function validateEnv(errs: Errs, ctr: Obj, path: string): void {
  const envs = readArr(errs, ctr, 'env', path);
  if (envs) {
    const base = child(path, 'env');
    for (const [env, i] of objItems(errs, envs, base)) {
      const p = index(base, i);
      const name = readStr(errs, env, 'name', p);
      if (!name) required(errs, child(p, 'name'));
      else for (const msg of envVarNameErrors(name)) invalid(errs, child(p, 'name'), name, msg);
      readStr(errs, env, 'value', p);
      validateValueFrom(errs, env, p);
    }
  }
  const envFrom = readArr(errs, ctr, 'envFrom', path);
  if (!envFrom) return;
  const base = child(path, 'envFrom');
  for (const [src, i] of objItems(errs, envFrom, base)) {
    const p = index(base, i);
    const prefix = readStr(errs, src, 'prefix', p);
    if (prefix) for (const msg of envVarNameErrors(prefix)) invalid(errs, child(p, 'prefix'), prefix, msg);
    let sources = 0;
    for (const key of ['configMapRef', 'secretRef']) {
      const ref = readObj(errs, src, key, p);
      if (!ref) continue;
      sources++;
      const name = readStr(errs, ref, 'name', child(p, key));
      if (!name) required(errs, child(child(p, key), 'name'));
      else for (const msg of dns1123SubdomainErrors(name.endsWith('-') ? `${name.slice(0, -1)}a` : name)) invalid(errs, child(child(p, key), 'name'), name, msg);
    }
    // Upstream reports these two on the list, not the item.
    if (sources === 0) invalid(errs, base, '', 'must specify one of: `configMapRef` or `secretRef`');
    else if (sources > 1) invalid(errs, base, '', 'may not have more than one field specified at a time');
  }
}

function validateVolumeMounts(errs: Errs, ctr: Obj, path: string, volumes: ReadonlySet<string>): void {
  const mounts = readArr(errs, ctr, 'volumeMounts', path);
  if (!mounts) return;
  const base = child(path, 'volumeMounts');
  const mountPaths = new Set<string>();
  for (const [mount, i] of objItems(errs, mounts, base)) {
    const p = index(base, i);
    const name = readStr(errs, mount, 'name', p) ?? '';
    if (!name) required(errs, child(p, 'name'));
    if (!volumes.has(name)) notFound(errs, child(p, 'name'), name);
    const mountPath = readStr(errs, mount, 'mountPath', p) ?? '';
    if (!mountPath) required(errs, child(p, 'mountPath'));
    if (mountPaths.has(mountPath)) invalid(errs, child(p, 'mountPath'), mountPath, 'must be unique');
    mountPaths.add(mountPath);
  }
}

/** Checks every container kind shares: regular, init and (in real clusters) ephemeral. */
function validateContainerCommon(errs: Errs, ctr: Obj, path: string, ctx: ContainerContext): void {
  const name = readStr(errs, ctr, 'name', path);
  if (!name) required(errs, child(path, 'name'));
  else for (const msg of dns1123LabelErrors(name)) invalid(errs, child(path, 'name'), name, msg);
  const image = readStr(errs, ctr, 'image', path);
  if (!image) {
    if (ctr.image === undefined || ctr.image === null || ctr.image === '') required(errs, child(path, 'image'));
  } else if (ctx.isPod && image.trim() !== image) invalid(errs, child(path, 'image'), image, 'must not have leading or trailing whitespace');
  readStrArr(errs, ctr, 'command', path);
  readStrArr(errs, ctr, 'args', path);
  readStr(errs, ctr, 'workingDir', path);
  const tmp = readStr(errs, ctr, 'terminationMessagePolicy', path);
  oneOf(errs, child(path, 'terminationMessagePolicy'), tmp, ['File', 'FallbackToLogsOnError']);
  validatePorts(errs, ctr, path);
  validateEnv(errs, ctr, path);
  validateVolumeMounts(errs, ctr, path, ctx.volumes);
  const policy = readStr(errs, ctr, 'imagePullPolicy', path);
  oneOf(errs, child(path, 'imagePullPolicy'), policy, ['Always', 'IfNotPresent', 'Never']);
  const resources = readObj(errs, ctr, 'resources', path);
  if (resources) validateResourceRequirements(errs, resources, child(path, 'resources'));
}

/** AccumulateUniqueHostPorts for one container at `path` (its index in the list). */
function hostPortKeys(errs: Errs, ctr: Obj, path: string, seen: Set<string>): void {
  if (!Array.isArray(ctr.ports)) return;
  ctr.ports.forEach((port, i) => {
    if (typeof port !== 'object' || port === null) return;
    const { hostPort, protocol, hostIP } = port as Obj;
    if (typeof hostPort !== 'number' || hostPort === 0) return;
    const key = `${text(protocol)}/${text(hostIP)}/${hostPort}`;
    if (seen.has(key)) duplicate(errs, child(index(child(path, 'ports'), i), 'hostPort'), key);
    seen.add(key);
  });
}

/** validateContainers: at least one, unique names, probes and lifecycle allowed, host ports not clashing. */
export function validateContainers(errs: Errs, spec: Obj, path: string, ctx: ContainerContext): Set<string> {
  const names = new Set<string>();
  const list = readArr(errs, spec, 'containers', path);
  const base = child(path, 'containers');
  if (!list) {
    if (spec.containers === undefined || spec.containers === null) required(errs, base);
    return names;
  }
  if (list.length === 0) {
    required(errs, base);
    return names;
  }
  const hostPorts = new Set<string>();
  for (const [ctr, i] of objItems(errs, list, base)) {
    const p = index(base, i);
    validateContainerCommon(errs, ctr, p, ctx);
    const name = typeof ctr.name === 'string' ? ctr.name : '';
    if (names.has(name)) duplicate(errs, child(p, 'name'), name);
    names.add(name);
    validateLifecycle(errs, ctr, p, ctx.gracePeriod);
    validateProbe(errs, ctr, 'livenessProbe', p, ctx.gracePeriod);
    validateProbe(errs, ctr, 'readinessProbe', p, ctx.gracePeriod);
    validateProbe(errs, ctr, 'startupProbe', p, ctx.gracePeriod);
    if (ctr.restartPolicy !== undefined && ctr.restartPolicy !== null) forbidden(errs, child(p, 'restartPolicy'), 'may not be set for non-init containers');
    hostPortKeys(errs, ctr, p, hostPorts);
  }
  return names;
}

/** validateInitContainers: names unique across all containers; probes only for restartable (sidecar) ones. */
export function validateInitContainers(errs: Errs, spec: Obj, path: string, ctx: ContainerContext, regularNames: Set<string>): void {
  const list = readArr(errs, spec, 'initContainers', path);
  if (!list) return;
  const base = child(path, 'initContainers');
  const names = new Set(regularNames);
  for (const [ctr, i] of objItems(errs, list, base)) {
    const p = index(base, i);
    validateContainerCommon(errs, ctr, p, ctx);
    const restartPolicy = readStr(errs, ctr, 'restartPolicy', p);
    if (restartPolicy !== undefined && restartPolicy !== 'Always') notSupported(errs, child(p, 'restartPolicy'), restartPolicy, ['Always']);
    const name = typeof ctr.name === 'string' ? ctr.name : '';
    if (names.has(name)) duplicate(errs, child(p, 'name'), name);
    else if (name) names.add(name);
    // Init containers run one at a time, so each is checked alone — and upstream then indexes it as [0].
    hostPortKeys(errs, ctr, index(base, 0), new Set<string>());
    if (restartPolicy === 'Always') {
      validateLifecycle(errs, ctr, p, ctx.gracePeriod);
      validateProbe(errs, ctr, 'livenessProbe', p, ctx.gracePeriod);
      validateProbe(errs, ctr, 'readinessProbe', p, ctx.gracePeriod);
      validateProbe(errs, ctr, 'startupProbe', p, ctx.gracePeriod);
    } else {
      for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (ctr[f] !== undefined && ctr[f] !== null) forbidden(errs, child(p, f), 'may not be set for init containers without restartPolicy=Always');
      }
    }
  }
}
