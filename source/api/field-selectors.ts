/**
 * Field selectors (`--field-selector`, `?fieldSelector=`): fields.ParseSelector plus each kind's field label
 * conversion (which fields the API server accepts) and selectable-field values (what they compare against).
 */
import { badRequest } from './errors.js';
import type { KubeObject } from './meta.js';

/** One `field=value` or `field!=value` term (`==` is read as `=`). */
export interface FieldRequirement { field: string; op: '=' | '!='; value: string }

/** A parsed field selector for one kind: terms ANDed. */
export interface FieldSelector {
  readonly requirements: readonly FieldRequirement[];
  /** Whether the object satisfies every term; never allocates. */
  matches(obj: KubeObject): boolean;
  /** Upstream String(): terms sorted, `==` printed as `=`, values escaped. */
  toString(): string;
  /** value required by `field=value` if present (for index look-ups, e.g. spec.nodeName) */
  equalsValue(field: string): string | undefined;
}

/** A selectable field's value; numbers stand for their decimal text (compared without building a string). */
type FieldGetter = (obj: KubeObject) => string | number;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const bool = (v: unknown): string => (v === true ? 'true' : 'false');
const sub = (obj: KubeObject, key: string): Record<string, unknown> | undefined => {
  const v = obj[key];
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
};

const name: FieldGetter = (o) => str(o.metadata?.name);
const namespace: FieldGetter = (o) => str(o.metadata?.namespace);
const META = { 'metadata.name': name, 'metadata.namespace': namespace };

function podIP(o: KubeObject): string {
  const status = sub(o, 'status');
  const ips = status?.['podIPs'];
  if (Array.isArray(ips) && ips.length > 0) return str((ips[0] as { ip?: unknown } | undefined)?.ip);
  return str(status?.['podIP']);
}

/** The event "source": the legacy source.component, else reportingComponent (as the registry does). */
function eventSource(o: KubeObject): string {
  const component = str(sub(o, 'source')?.['component']);
  return component !== '' ? component : str(o['reportingComponent']);
}

const involved = (field: string): FieldGetter => (o) => str(sub(o, 'involvedObject')?.[field]);

/** Per-kind supported field labels (pkg/apis/<group>/v1 conversion funcs) and their values (registry ToSelectableFields). */
const FIELDS_BY_KIND: Record<string, Record<string, FieldGetter>> = {
  Pod: {
    ...META,
    'spec.nodeName': (o) => str(sub(o, 'spec')?.['nodeName']),
    'spec.restartPolicy': (o) => str(sub(o, 'spec')?.['restartPolicy']),
    'spec.schedulerName': (o) => str(sub(o, 'spec')?.['schedulerName']),
    'spec.serviceAccountName': (o) => str(sub(o, 'spec')?.['serviceAccountName']),
    'spec.hostNetwork': (o) => bool(sub(o, 'spec')?.['hostNetwork']),
    'status.phase': (o) => str(sub(o, 'status')?.['phase']),
    'status.podIP': podIP,
    'status.nominatedNodeName': (o) => str(sub(o, 'status')?.['nominatedNodeName']),
  },
  Event: {
    ...META,
    'involvedObject.kind': involved('kind'),
    'involvedObject.namespace': involved('namespace'),
    'involvedObject.name': involved('name'),
    'involvedObject.uid': involved('uid'),
    'involvedObject.apiVersion': involved('apiVersion'),
    'involvedObject.resourceVersion': involved('resourceVersion'),
    'involvedObject.fieldPath': involved('fieldPath'),
    reason: (o) => str(o['reason']),
    reportingComponent: (o) => str(o['reportingComponent']),
    source: eventSource,
    type: (o) => str(o['type']),
  },
  // Upstream's Node and Namespace conversions accept no metadata.namespace (they are cluster-scoped).
  Node: { 'metadata.name': name, 'spec.unschedulable': (o) => bool(sub(o, 'spec')?.['unschedulable']) },
  Namespace: { 'metadata.name': name, 'status.phase': (o) => str(sub(o, 'status')?.['phase']) },
  Secret: { ...META, type: (o) => str(o['type']) },
  ReplicaSet: { ...META, 'status.replicas': (o) => num(sub(o, 'status')?.['replicas']) },
  ReplicationController: { ...META, 'status.replicas': (o) => num(sub(o, 'status')?.['replicas']) },
  Job: { ...META, 'status.successful': (o) => num(sub(o, 'status')?.['succeeded']) },
};

/** Old v1 clients send spec.host; the Pod conversion maps it to spec.nodeName. */
const ALIASES: Record<string, Record<string, string>> = { Pod: { 'spec.host': 'spec.nodeName' } };

function fieldsOf(kind: string): Record<string, FieldGetter> {
  return Object.hasOwn(FIELDS_BY_KIND, kind) ? FIELDS_BY_KIND[kind]! : META;
}

/** Upstream splitTerms: split on commas not escaped by a backslash. */
function splitTerms(selector: string): string[] {
  if (selector.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

/** Upstream splitTerm: the first position where `!=`, `==` or `=` starts (no trimming of spaces). */
function splitTerm(term: string): [string, '!=' | '==' | '=', string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of ['!=', '==', '='] as const) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
    }
  }
  return undefined;
}

/** Upstream UnescapeValue: `\\`, `\,` and `\=` only; a bare `,` or `=` is an error (printed as its code point, as Go's %v of a rune). */
function unescapeValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') throw badRequest(`invalid field selector: invalid escape sequence: \\${c}`);
      out += c;
      inSlash = false;
    } else if (c === '\\') inSlash = true;
    else if (c === ',' || c === '=') throw badRequest(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    else out += c;
  }
  if (inSlash) throw badRequest('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** fields.EscapeValue, for printing. */
function escapeValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => `\\${c}`);
}

interface CompiledTerm extends FieldRequirement { get: FieldGetter; number: number }

/** The number a value stands for when compared with a numeric field, NaN if it is not canonical integer text. */
function canonicalInteger(value: string): number {
  return /^(0|-?[1-9][0-9]{0,14})$/.test(value) ? Number(value) : Number.NaN;
}

class TermsSelector implements FieldSelector {
  private readonly text: string;
  constructor(readonly requirements: readonly CompiledTerm[]) {
    this.text = requirements.map((r) => `${r.field}${r.op}${escapeValue(r.value)}`).join(',');
  }

  matches(obj: KubeObject): boolean {
    const terms = this.requirements;
    for (let i = 0; i < terms.length; i++) {
      const term = terms[i]!;
      const got = term.get(obj);
      const equal = typeof got === 'number' ? got === term.number : got === term.value;
      if (equal !== (term.op === '=')) return false;
    }
    return true;
  }

  toString(): string {
    return this.text;
  }

  equalsValue(field: string): string | undefined {
    for (const r of this.requirements) if (r.field === field && r.op === '=') return r.value;
    return undefined;
  }
}

/**
 * fields.ParseSelector for objects of `kind`: `=`, `==`, `!=` joined by commas, only on the fields the API
 * server supports for that kind. Throws ApiError BadRequest (`field label not supported: <f>` and upstream's
 * syntax messages).
 */
export function parseFieldSelector(text: string, kind: string): FieldSelector {
  const parts = splitTerms(text).sort();
  const parsed: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const split = splitTerm(part);
    if (!split) throw badRequest(`invalid selector: '${text}'; can't understand '${part}'`);
    const [field, op, rhs] = split;
    parsed.push({ field, op: op === '!=' ? '!=' : '=', value: unescapeValue(rhs) });
  }
  const supported = fieldsOf(kind);
  const aliases = ALIASES[kind];
  const compiled = parsed.map((r): CompiledTerm => {
    const field = aliases && Object.hasOwn(aliases, r.field) ? aliases[r.field]! : r.field;
    if (!Object.hasOwn(supported, field)) throw badRequest(`field label not supported: ${r.field}`);
    return { field, op: r.op, value: r.value, get: supported[field]!, number: canonicalInteger(r.value) };
  });
  return new TermsSelector(compiled);
}

/** The field labels the API server accepts in field selectors for `kind`. */
export function supportedFieldLabels(kind: string): string[] {
  return Object.keys(fieldsOf(kind));
}
