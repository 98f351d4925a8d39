/** Parsing actions (action-types.ts), fault specs and traffic settings from a drill document. */
import { kindInfo } from '../api/kinds.js';
import { tryParseQuantity } from '../api/quantity.js';
import type { FaultMode, FaultSpec, FaultTargetKind } from '../chaos/types.js';
import { parseTrafficModel } from '../traffic/model-parser.js';
import { ACTION_NAMES, type ActionName, type DrillAction } from './action-types.js';
import { type FieldReader, type YamlMap, isMap } from './parse-fields.js';
import type { TrafficSetting } from './types.js';

const ACTION_FIELDS: Record<ActionName, readonly string[]> = {
  scale: ['kind', 'namespace', 'name', 'replicas'],
  cordon: ['node'],
  uncordon: ['node'],
  drain: ['node', 'ignoreDaemonSets', 'deleteEmptyDirData', 'force', 'disableEviction', 'gracePeriod', 'timeout'],
  'rollout-undo': ['kind', 'namespace', 'name', 'toRevision'],
  'rollout-restart': ['kind', 'namespace', 'name'],
  'rollout-pause': ['namespace', 'name'],
  'rollout-resume': ['namespace', 'name'],
  patch: ['kind', 'namespace', 'name', 'patch'],
  delete: ['kind', 'namespace', 'name', 'force', 'gracePeriod'],
  'set-resources': ['kind', 'namespace', 'name', 'container', 'limits', 'requests'],
  'set-image': ['kind', 'namespace', 'name', 'container', 'image'],
  apply: ['path'],
  'stop-faults': [],
  'revert-fault': ['id', 'step'],
  hint: ['index'],
};

/** Keys a step carrying an action may hold besides the action's own (responses: `at`, `after`). */
export function actionFields(name: ActionName): readonly string[] {
  return ['action', ...ACTION_FIELDS[name]];
}

/**
 * Read an action from `value` (a map with `action` and its fields; `extra` keys belong to the enclosing step).
 * `hints` is how many hints the drill has (a `hint` action must name one of them).
 */
export function readAction(r: FieldReader, value: YamlMap, path: string, namespace: string, extra: readonly string[], hints: number): DrillAction | undefined {
  const name = r.oneOf(value, 'action', `${path}.action`, ACTION_NAMES, true);
  if (!name) return undefined;
  r.known(value, path, [...actionFields(name), ...extra]);
  const before = r.diagnostics.length;
  const p = (key: string) => `${path}.${key}`;
  const ns = r.string(value, 'namespace', p('namespace')) ?? namespace;
  const kind = (fallback: string) => {
    const k = r.string(value, 'kind', p('kind')) ?? fallback;
    if (!kindInfo(k)) r.invalid(p('kind'), k, 'not a kind the simulator holds');
    return k;
  };
  const objName = () => r.string(value, 'name', p('name'), true);
  const nsFor = (k: string) => (kindInfo(k)?.namespaced === false ? undefined : ns);
  let a: Record<string, unknown>;
  switch (name) {
    case 'scale':
      a = { kind: kind('Deployment'), namespace: ns, name: objName(), replicas: r.number(value, 'replicas', p('replicas'), { required: true, min: 0, integer: true }) };
      break;
    case 'cordon': case 'uncordon':
      a = { node: r.string(value, 'node', p('node'), true) };
      break;
    case 'drain': {
      a = { node: r.string(value, 'node', p('node'), true) };
      for (const f of ['ignoreDaemonSets', 'deleteEmptyDirData', 'force', 'disableEviction']) {
        const b = r.bool(value, f, p(f));
        if (b !== undefined) a[f] = b;
      }
      const grace = r.number(value, 'gracePeriod', p('gracePeriod'), { min: 0, integer: true });
      if (grace !== undefined) a.gracePeriodSeconds = grace;
      const timeout = r.duration(value, 'timeout', p('timeout'));
      if (timeout !== undefined) a.timeoutMs = timeout;
      break;
    }
    case 'rollout-undo': {
      a = { kind: kind('Deployment'), namespace: ns, name: objName() };
      const rev = r.number(value, 'toRevision', p('toRevision'), { min: 0, integer: true });
      if (rev !== undefined) a.toRevision = rev;
      break;
    }
    case 'rollout-restart':
      a = { kind: kind('Deployment'), namespace: ns, name: objName() };
      break;
    case 'rollout-pause': case 'rollout-resume':
      a = { namespace: ns, name: objName() };
      break;
    case 'patch': {
      const k = kind('Deployment');
      a = { kind: k, namespace: nsFor(k), name: objName(), patch: r.map(value, 'patch', p('patch'), true) };
      break;
    }
    case 'delete': {
      const k = kind('Pod');
      a = { kind: k, namespace: nsFor(k), name: objName() };
      const force = r.bool(value, 'force', p('force'));
      if (force !== undefined) a.force = force;
      const grace = r.number(value, 'gracePeriod', p('gracePeriod'), { min: 0, integer: true });
      if (grace !== undefined) a.gracePeriodSeconds = grace;
      break;
    }
    case 'set-resources': {
      a = { kind: kind('Deployment'), namespace: ns, name: objName() };
      const container = r.string(value, 'container', p('container'));
      if (container !== undefined) a.container = container;
      for (const f of ['limits', 'requests'] as const) {
        const list = r.stringMap(value, f, p(f));
        for (const [res, q] of Object.entries(list ?? {})) if (!tryParseQuantity(q)) r.invalid(`${p(f)}.${res}`, q, 'must be a quantity such as 500m, 1, 512Mi');
        if (list) a[f] = list;
      }
      if (!a.limits && !a.requests) r.error(p('limits'), 'Required value: give limits and/or requests');
      break;
    }
    case 'set-image': {
      a = { kind: kind('Deployment'), namespace: ns, name: objName(), image: r.string(value, 'image', p('image'), true) };
      const container = r.string(value, 'container', p('container'));
      if (container !== undefined) a.container = container;
      break;
    }
    case 'apply':
      a = { path: r.string(value, 'path', p('path'), true) };
      break;
    case 'stop-faults':
      a = {};
      break;
    case 'revert-fault': {
      const id = r.string(value, 'id', p('id'));
      const step = r.string(value, 'step', p('step'));
      if ((id === undefined) === (step === undefined)) r.error(p('id'), 'Required value: give id or step (one of them)');
      a = id !== undefined ? { id } : { step };
      break;
    }
    case 'hint': {
      const index = r.number(value, 'index', p('index'), { required: true, min: 0, integer: true });
      if (index !== undefined && index >= hints) r.invalid(p('index'), index, `the drill has ${hints} hint${hints === 1 ? '' : 's'} (index counts from 0)`);
      a = { index };
      break;
    }
  }
  if (r.diagnostics.length > before) return undefined;
  return { action: name, ...a } as DrillAction;
}

const TARGET_KINDS: readonly FaultTargetKind[] = ['Pod', 'Node', 'Deployment', 'StatefulSet', 'DaemonSet', 'Service', 'Zone', 'NodePool', 'ControlPlane'];
const MODES: readonly FaultMode[] = ['one', 'all', 'fixed', 'fixed-percent', 'random-max-percent'];

/**
 * Read a fault request. Only its shape is checked here; whether the type exists, its parameters fit and its target
 * resolves is the injector's call (FaultInjector.validate), made once the simulation is built.
 */
export function readFault(r: FieldReader, value: unknown, path: string, namespace: string): FaultSpec | undefined {
  if (!isMap(value)) return r.invalid(path, value, 'must be a fault: a map with type and target');
  r.known(value, path, ['type', 'target', 'params', 'duration']);
  const before = r.diagnostics.length;
  const type = r.string(value, 'type', `${path}.type`, true);
  const t = r.map(value, 'target', `${path}.target`, true);
  let target: FaultSpec['target'] | undefined;
  if (t) {
    const tp = `${path}.target`;
    r.known(t, tp, ['kind', 'namespace', 'name', 'selector', 'mode', 'value']);
    const kind = r.oneOf(t, 'kind', `${tp}.kind`, TARGET_KINDS, true);
    const namespaced = kind === 'Pod' || kind === 'Deployment' || kind === 'StatefulSet' || kind === 'DaemonSet' || kind === 'Service';
    target = { kind: kind ?? 'Pod' };
    const ns = r.string(t, 'namespace', `${tp}.namespace`) ?? (namespaced ? namespace : undefined);
    if (ns !== undefined) target.namespace = ns;
    const name = r.string(t, 'name', `${tp}.name`);
    if (name !== undefined) target.name = name;
    const selector = r.selector(t, 'selector', `${tp}.selector`);
    if (selector) target.selector = selector;
    const mode = r.oneOf(t, 'mode', `${tp}.mode`, MODES);
    if (mode) target.mode = mode;
    const v = r.number(t, 'value', `${tp}.value`, { min: 0 });
    if (v !== undefined) target.value = v;
    if (name === undefined && !selector && kind !== 'ControlPlane') r.error(`${tp}.name`, 'Required value: give name or selector');
  }
  const params = r.map(value, 'params', `${path}.params`);
  const out: FaultSpec = { type: type ?? '', target: target ?? { kind: 'Pod' } };
  if (params) {
    out.params = {};
    for (const [k, v] of Object.entries(params)) {
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out.params[k] = v;
      else r.invalid(`${path}.params.${k}`, v, 'must be a string, number or boolean');
    }
  }
  const duration = r.duration(value, 'duration', `${path}.duration`);
  if (duration !== undefined) out.durationMs = duration;
  return r.diagnostics.length > before ? undefined : out;
}

/** Read `{service, namespace, model}` (a traffic model as text, e.g. `spike(base=200,peak=2000,at=1m,for=5m)`). */
export function readTraffic(r: FieldReader, value: unknown, path: string, namespace: string): TrafficSetting | undefined {
  if (!isMap(value)) return r.invalid(path, value, 'must be a map with service and model');
  r.known(value, path, ['service', 'namespace', 'model']);
  const service = r.string(value, 'service', `${path}.service`, true);
  const ns = r.string(value, 'namespace', `${path}.namespace`) ?? namespace;
  const raw = value.model;
  if (raw === undefined || raw === null) return r.required(`${path}.model`);
  const text = typeof raw === 'number' ? String(raw) : raw;
  if (typeof text !== 'string') return r.invalid(`${path}.model`, raw, 'must be a traffic model such as 200 or spike(base=200,peak=2000,at=1m,for=5m)');
  try {
    const model = parseTrafficModel(text);
    return service ? { namespace: ns, service, model, text } : undefined;
  } catch (err) {
    return r.invalid(`${path}.model`, text, (err as Error).message);
  }
}
