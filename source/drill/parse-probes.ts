/** Parsing probes (the vocabulary in probe-types.ts) from a drill document, with file:line problems. */
import { kindInfo } from '../api/kinds.js';
import { type FieldReader, expandRange, isMap, show } from './parse-fields.js';
import { type CountBound, PROBE_TYPES, type ProbeSpec, type ProbeType, READY_KINDS } from './probe-types.js';

/** Fields every probe may carry besides its own. */
const COMMON = ['type', 'label'];

const FIELDS: Record<ProbeType, readonly string[]> = {
  'service-availability': ['namespace', 'service', 'min', 'window'],
  'service-latency': ['namespace', 'service', 'max'],
  'service-endpoints': ['namespace', 'service', 'min'],
  'ready-replicas': ['namespace', 'kind', 'name', 'min'],
  'no-pending-pods': ['namespace', 'allNamespaces', 'selector', 'longerThan'],
  'pod-count': ['namespace', 'allNamespaces', 'selector', 'status', 'min', 'max', 'equals'],
  'nodes-ready': ['selector', 'min', 'max', 'equals'],
  'node-drained': ['node'],
  cost: ['max', 'maxPerHour'],
  pvc: ['namespace', 'name', 'names', 'phase', 'keep'],
  hpa: ['namespace', 'name', 'min', 'max', 'equals', 'atMax'],
  'no-pdb-violations': ['namespace', 'allNamespaces'],
  field: ['namespace', 'kind', 'name', 'path', 'equals'],
};

type Obj = Record<string, unknown>;

/** Read one probe at `path`; `namespace` is the drill's default namespace. Undefined (with diagnostics) when invalid. */
export function readProbe(r: FieldReader, value: unknown, path: string, namespace: string): ProbeSpec | undefined {
  if (!isMap(value)) return r.invalid(path, value, 'must be a probe: a map with a `type`');
  const type = r.oneOf(value, 'type', `${path}.type`, PROBE_TYPES, true);
  if (!type) return undefined;
  r.known(value, path, [...COMMON, ...FIELDS[type]]);
  const before = r.diagnostics.length;
  const label = r.string(value, 'label', `${path}.label`);
  const ns = r.string(value, 'namespace', `${path}.namespace`) ?? namespace;
  const p = (key: string) => `${path}.${key}`;
  const allNs = r.bool(value, 'allNamespaces', p('allNamespaces'));
  const scanNs = allNs ? undefined : ns;
  let spec: Obj | undefined;
  switch (type) {
    case 'service-availability': {
      const w = value.window;
      const windowMs = w === 'drill' ? 'drill' as const : w === undefined ? 60_000 : r.duration(value, 'window', p('window'));
      if (typeof windowMs === 'number' && windowMs <= 0) r.invalid(p('window'), w, 'must be positive, or "drill" for the whole drill');
      spec = { namespace: ns, service: r.string(value, 'service', p('service'), true), min: r.number(value, 'min', p('min'), { required: true, min: 0, max: 100 }), windowMs };
      break;
    }
    case 'service-latency':
      spec = { namespace: ns, service: r.string(value, 'service', p('service'), true), maxMs: r.duration(value, 'max', p('max'), true) };
      break;
    case 'service-endpoints':
      spec = { namespace: ns, service: r.string(value, 'service', p('service'), true), min: r.number(value, 'min', p('min'), { min: 0, integer: true }) ?? 1 };
      break;
    case 'ready-replicas':
      spec = {
        namespace: ns, kind: r.oneOf(value, 'kind', p('kind'), READY_KINDS) ?? 'Deployment', name: r.string(value, 'name', p('name'), true),
        min: r.number(value, 'min', p('min'), { required: true, min: 0, integer: true }),
      };
      break;
    case 'no-pending-pods':
      spec = { namespace: scanNs, selector: r.selector(value, 'selector', p('selector')), longerThanMs: r.duration(value, 'longerThan', p('longerThan')) ?? 0 };
      break;
    case 'pod-count':
      spec = { namespace: scanNs, selector: r.selector(value, 'selector', p('selector')), status: r.string(value, 'status', p('status')), ...bounds(r, value, path, true) };
      break;
    case 'nodes-ready':
      spec = { selector: r.selector(value, 'selector', p('selector')), ...bounds(r, value, path, true) };
      break;
    case 'node-drained':
      spec = { node: r.string(value, 'node', p('node'), true) };
      break;
    case 'cost': {
      const max = r.number(value, 'max', p('max'), { min: 0 });
      const maxPerHour = r.number(value, 'maxPerHour', p('maxPerHour'), { min: 0 });
      if (value.max === undefined && value.maxPerHour === undefined) r.error(p('max'), 'Required value: give max (dollars) or maxPerHour');
      spec = { max, maxPerHour };
      break;
    }
    case 'pvc':
      spec = { namespace: ns, names: pvcNames(r, value, path), phase: r.string(value, 'phase', p('phase')) ?? 'Bound', keep: r.bool(value, 'keep', p('keep')) ?? true };
      break;
    case 'hpa': {
      const atMax = r.bool(value, 'atMax', p('atMax')) ?? false;
      spec = { namespace: ns, name: r.string(value, 'name', p('name'), true), atMax, ...bounds(r, value, path, !atMax) };
      break;
    }
    case 'no-pdb-violations':
      spec = { namespace: scanNs };
      break;
    case 'field': {
      const kind = r.string(value, 'kind', p('kind'), true);
      if (kind && !kindInfo(kind)) r.invalid(p('kind'), kind, 'not a kind the simulator holds');
      if (!('equals' in value)) r.required(p('equals'));
      const fieldPath = r.string(value, 'path', p('path'), true);
      const namespaced = kind ? kindInfo(kind)?.namespaced : true;
      spec = { namespace: namespaced ? ns : undefined, kind, name: r.string(value, 'name', p('name'), true), fieldPath, equals: value.equals ?? null };
      break;
    }
  }
  if (r.diagnostics.length > before) return undefined;
  const probe = { type, path, label: '', ...spec } as ProbeSpec;
  probe.label = label ?? describeProbe(probe);
  return probe;
}

/** min / max / equals: at least one is required unless `optional`. */
function bounds(r: FieldReader, value: Obj, path: string, required: boolean): CountBound {
  const opts = { min: 0, integer: true };
  const b: CountBound = {
    min: r.number(value, 'min', `${path}.min`, opts), max: r.number(value, 'max', `${path}.max`, opts), equals: r.number(value, 'equals', `${path}.equals`, opts),
  };
  if (required && value.min === undefined && value.max === undefined && value.equals === undefined) r.error(`${path}.min`, 'Required value: give min, max or equals');
  return b;
}

function pvcNames(r: FieldReader, value: Obj, path: string): string[] | undefined {
  if (value.name !== undefined && value.names !== undefined) return r.invalid(`${path}.names`, value.names, 'give name or names, not both');
  if (value.name !== undefined) {
    const n = r.string(value, 'name', `${path}.name`, true);
    return n ? expandRange(n) : undefined;
  }
  const list = r.list(value, 'names', `${path}.names`);
  if (!list) return r.required(`${path}.name`);
  const out: string[] = [];
  list.forEach((n, i) => {
    if (typeof n === 'string' && n) out.push(...expandRange(n));
    else r.invalid(`${path}.names[${i}]`, n, 'must be a claim name');
  });
  return out;
}

function boundText(b: CountBound): string {
  const parts = [];
  if (b.equals !== undefined) parts.push(`= ${b.equals}`);
  if (b.min !== undefined) parts.push(`≥ ${b.min}`);
  if (b.max !== undefined) parts.push(`≤ ${b.max}`);
  return parts.join(' and ');
}

/** A short description of a probe for reports (`frontend availability ≥ 99.9% over 1m`). */
export function describeProbe(p: ProbeSpec): string {
  switch (p.type) {
    case 'service-availability': return `${p.service} availability ≥ ${p.min}% ${p.windowMs === 'drill' ? 'over the drill' : `over ${fmt(p.windowMs)}`}`;
    case 'service-latency': return `${p.service} latency ≤ ${fmt(p.maxMs)}`;
    case 'service-endpoints': return `${p.service} has ≥ ${p.min} ready endpoint${p.min === 1 ? '' : 's'}`;
    case 'ready-replicas': return `${p.kind.toLowerCase()}/${p.name} ready replicas ≥ ${p.min}`;
    case 'no-pending-pods': return p.longerThanMs ? `no pod Pending longer than ${fmt(p.longerThanMs)}` : 'no pod Pending';
    case 'pod-count': return `pods${p.status ? ` ${p.status}` : ''} ${boundText(p)}`;
    case 'nodes-ready': return `Ready nodes ${boundText(p)}`;
    case 'node-drained': return `${p.node} drained`;
    case 'cost': return [p.max !== undefined ? `cost ≤ $${p.max}` : '', p.maxPerHour !== undefined ? `cost rate ≤ $${p.maxPerHour}/h` : ''].filter(Boolean).join(' and ');
    case 'pvc': return `${p.names.join(', ')} ${p.keep ? 'kept and ' : ''}${p.phase}`;
    case 'hpa': return `hpa/${p.name} ${p.atMax ? 'at max replicas' : `replicas ${boundText(p)}`}`;
    case 'no-pdb-violations': return 'no PodDisruptionBudget violated';
    case 'field': return `${p.kind.toLowerCase()}/${p.name} ${p.fieldPath} = ${show(p.equals)}`;
  }
}

function fmt(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
