/**
 * Kubernetes checks on parsed manifest documents: List flattening, apiVersion/kind resolution, strict schema,
 * then defaulting + validation on a copy, as `kubectl apply --dry-run=server` would report them.
 */
import { convertHpaV1, applyDefaults } from './defaults/index.js';
import { invalid } from './errors.js';
import { type KindInfo, acceptsApiVersion, kindInfo, qualifiedKind } from './kinds.js';
import type { LoadedObject, ManifestDiagnostic } from './manifest.js';
import { childLocator, type FieldLocator, splitFieldPath } from './manifest-load.js';
import { isKnownUnsimulatedKind, removedVersion, V1BETA1_EMPTY_SELECTOR_KEY } from './manifest-kinds.js';
import type { KubeObject } from './meta.js';
import { checkSchema } from './schema/index.js';
import { validateObject } from './validation/index.js';

type Obj = Record<string, unknown>;

/** Where a document's results go. */
export interface CheckSink {
  objects: LoadedObject[];
  diagnostics: ManifestDiagnostic[];
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Check one parsed document: a single object, or a List whose items are checked one by one at their own lines. */
export function checkDocument(value: unknown, locator: FieldLocator, file: string, sink: CheckSink): void {
  if (isObj(value) && isListKind(value.kind) && Array.isArray(value.items)) {
    const itemKind = value.kind === 'List' ? undefined : (value.kind as string).slice(0, -'List'.length);
    value.items.forEach((item, i) => {
      const at = childLocator(locator, `items[${i}]`);
      // Typed lists (DeploymentList) leave kind and apiVersion out of their items.
      if (itemKind && isObj(item)) {
        item.kind ??= itemKind;
        item.apiVersion ??= value.apiVersion;
      }
      checkDocument(item, at, file, sink);
    });
    return;
  }
  checkObject(value, locator, file, sink);
}

/** `List`, or `<Kind>List` for a kind the simulator holds. */
function isListKind(kind: unknown): boolean {
  return kind === 'List' || (typeof kind === 'string' && kind.endsWith('List') && kindInfo(kind.slice(0, -4)) !== undefined);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a sequence';
  return `a ${typeof value}`;
}

function objectName(obj: Obj): string {
  const meta = isObj(obj.metadata) ? obj.metadata : {};
  if (typeof meta.name === 'string') return meta.name;
  return typeof meta.generateName === 'string' ? meta.generateName : '';
}

function checkObject(value: unknown, loc: FieldLocator, file: string, sink: CheckSink): void {
  const report = (severity: ManifestDiagnostic['severity'], line: number, message: string, object?: string) => {
    sink.diagnostics.push(object === undefined ? { severity, file, line, message } : { severity, file, line, message, object });
  };
  if (!isObj(value)) {
    report('error', loc.line, `expected a Kubernetes object (a mapping with apiVersion and kind), found ${describe(value)}`);
    return;
  }
  dropNulls(value);
  const { apiVersion, kind } = value;
  const missing: string[] = [];
  if (typeof apiVersion !== 'string' || apiVersion === '') missing.push(apiVersion === undefined || apiVersion === '' ? 'apiVersion not set' : 'apiVersion must be a string');
  if (typeof kind !== 'string' || kind === '') missing.push(kind === undefined || kind === '' ? 'kind not set' : 'kind must be a string');
  if (missing.length > 0) {
    report('error', loc.line, `error validating data: ${missing.join(', ')}`);
    return;
  }
  const av = apiVersion as string;
  const k = kind as string;
  const name = objectName(value);
  const label = `${k}/${name}`;

  const info = kindInfo(k);
  if (!info) {
    if (isKnownUnsimulatedKind(av, k)) report('warning', loc.keyLine('kind'), `kind ${k} (${av}) is not simulated; skipped`, label);
    else report('error', loc.keyLine('kind'), `no matches for kind "${k}" in version "${av}"`, label);
    return;
  }
  let obj = value as KubeObject;
  if (!acceptsApiVersion(info, av)) {
    const removed = removedVersion(av, k);
    if (!removed) {
      report('error', loc.keyLine('apiVersion'), `no matches for kind "${k}" in version "${av}" (${k} is served as ${info.apiVersion})`, label);
      return;
    }
    report('warning', loc.keyLine('apiVersion'), `${removed.warning}; loaded as ${removed.servedAs}`, label);
    obj.apiVersion = removed.servedAs;
    if (k === 'PodDisruptionBudget') keepV1beta1EmptySelector(obj);
  }
  if (k === 'HorizontalPodAutoscaler' && av === 'autoscaling/v1') obj = convertHpaV1(obj);

  const who = `${qualifiedKind(info)} ${JSON.stringify(name)}`;
  let typeErrors = 0;
  for (const issue of checkSchema(obj, k)) {
    const line = loc.lineOf(issue.path);
    if (issue.kind === 'unknown') {
      // The API server drops unknown fields (fieldValidation=Warn) and says so; the simulator holds what it would.
      report('warning', line, `${who}: ${issue.message}`, label);
      deleteAtPath(obj, issue.path);
    } else {
      report('error', line, `${who} is invalid: ${issue.message}`, label);
      typeErrors++;
    }
  }
  // Defaulting and validation assume the schema's types; a wrongly typed object stops here.
  if (typeErrors > 0) return;

  const problem = validateDefaulted(obj, info, name);
  if (problem) {
    report('error', loc.lineOf(problem.field), problem.message, label);
    return;
  }
  sink.objects.push({ object: obj, source: { file, line: loc.line } });
}

/** Default and validate a copy (the store defaults the original on create). */
function validateDefaulted(obj: KubeObject, info: KindInfo, name: string): { field: string; message: string } | undefined {
  const copy = structuredClone(obj);
  try {
    applyDefaults(copy);
  } catch (err) {
    // Defaulting assumes shapes the schema has checked; if it still trips, say so without a stack trace.
    return { field: '', message: `${qualifiedKind(info)} ${JSON.stringify(name)} could not be defaulted: ${(err as Error).message}` };
  }
  const errors = validateObject(copy);
  if (errors.length === 0) return undefined;
  return { field: errors[0]!.field, message: invalid(info, name, errors).message };
}

/** JSON null means "unset" to the API server's decoder (`creationTimestamp: null`, `resources: {}` dumps). */
function dropNulls(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) dropNulls(item);
  } else if (isObj(value)) {
    for (const key of Object.keys(value)) {
      if (value[key] === null) delete value[key];
      else dropNulls(value[key]);
    }
  }
}

/** Remove the field at a schema path such as `spec.template.spec.containers[0].imagePullPolicyy`. */
function deleteAtPath(root: unknown, path: string): void {
  const segments = splitFieldPath(path);
  const last = segments.pop();
  let node: unknown = root;
  for (const s of segments) {
    if (Array.isArray(node) && /^\d+$/.test(s)) node = node[Number(s)];
    else if (isObj(node)) node = node[s];
    else return;
  }
  if (last !== undefined && isObj(node)) delete node[last];
}

/** See V1BETA1_EMPTY_SELECTOR_KEY: a v1beta1 PDB with `selector: {}` selected no pods, and still must not. */
function keepV1beta1EmptySelector(pdb: KubeObject): void {
  const spec = pdb.spec;
  if (!isObj(spec) || !isObj(spec.selector)) return;
  const sel = spec.selector;
  const empty = (v: unknown) => v === undefined || (Array.isArray(v) && v.length === 0) || (isObj(v) && Object.keys(v).length === 0);
  if (empty(sel.matchLabels) && empty(sel.matchExpressions)) {
    spec.selector = { matchExpressions: [{ key: V1BETA1_EMPTY_SELECTOR_KEY, operator: 'Exists' }] };
  }
}
