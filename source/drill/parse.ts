/**
 * Drill files (`apiVersion: kubedrill.io/v1`, `kind: Drill`): YAML → a checked Drill, or every problem as a
 * `file:line` diagnostic like manifests get. The YAML is read by the manifest loader's parser (same limits, same
 * YAML 1.1 rules, same line locator); the drill's own fields are checked here and in parse-*.ts. What needs the
 * running simulation (does this fault type exist, does its target resolve) is checked by the runner before the
 * drill clock starts, and reported the same way.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Cluster } from '../api/kubedrill-kinds.js';
import type { LoadedObject, ManifestDiagnostic } from '../api/manifest.js';
import { type FieldLocator, childLocator, parseManifest } from '../api/manifest-load.js';
import { checkDocument } from '../api/manifest-check.js';
import { readSpecParts } from './parse-spec.js';
import { readProbe } from './parse-probes.js';
import { FieldReader, type YamlMap, isMap } from './parse-fields.js';
import { readTraffic } from './parse-actions.js';
import { DIFFICULTIES, type Drill, type DrillSetup } from './types.js';

export const DRILL_API_VERSION = 'kubedrill.io/v1';

/** A drill, or why there is none. */
export interface DrillParseResult { drill?: Drill; diagnostics: ManifestDiagnostic[] }

/** Default warm-up before the drill clock starts: long enough for images to pull and pods to become Ready. */
export const DEFAULT_WARMUP_MS = 2 * 60_000;

const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Read and check a drill file. Never throws. */
export function loadDrillFile(file: string): DrillParseResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const m = /^[A-Z]+: ([^,]+)/.exec((err as Error).message);
    return { diagnostics: [{ severity: 'error', file, line: 0, message: `cannot read: ${m ? m[1] : (err as Error).message}` }] };
  }
  return parseDrillText(text, file);
}

/** Check drill text; `file` names it in diagnostics and anchors its relative paths. Never throws. */
export function parseDrillText(text: string, file: string): DrillParseResult {
  const docs: { value: unknown; locator: FieldLocator }[] = [];
  const diagnostics = parseManifest(text, file, (value, locator) => docs.push({ value, locator }));
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  if (docs.length !== 1) {
    diagnostics.push({ severity: 'error', file, line: docs[1]?.locator.line ?? 1, message: `a drill file holds exactly one document (kind: Drill), found ${docs.length}` });
    return { diagnostics };
  }
  const { value, locator } = docs[0]!;
  const r = new FieldReader(file, locator);
  const drill = readDrill(r, value, file);
  diagnostics.push(...r.diagnostics);
  diagnostics.sort((a, b) => a.line - b.line);
  return diagnostics.some((d) => d.severity === 'error') || !drill ? { diagnostics } : { drill, diagnostics };
}

function readDrill(r: FieldReader, value: unknown, file: string): Drill | undefined {
  if (!isMap(value)) return r.invalid('', value, 'a drill must be a map with apiVersion, kind, metadata and spec');
  r.known(value, '', ['apiVersion', 'kind', 'metadata', 'spec']);
  if (value.apiVersion !== DRILL_API_VERSION) r.invalid('apiVersion', value.apiVersion, `must be "${DRILL_API_VERSION}"`);
  if (value.kind !== 'Drill') r.invalid('kind', value.kind, 'must be "Drill"');
  const meta = r.map(value, 'metadata', 'metadata', true) ?? {};
  r.known(meta, 'metadata', ['name', 'title', 'description', 'difficulty']);
  const name = r.string(meta, 'name', 'metadata.name', true);
  if (name && !NAME.test(name)) r.invalid('metadata.name', name, "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character");
  if (name) r.object = `Drill/${name}`;
  const title = r.string(meta, 'title', 'metadata.title') ?? name ?? '';
  const description = r.string(meta, 'description', 'metadata.description');
  const difficulty = r.oneOf(meta, 'difficulty', 'metadata.difficulty', DIFFICULTIES) ?? 'intermediate';
  const spec = r.map(value, 'spec', 'spec', true);
  if (!spec) return undefined;
  r.known(spec, 'spec', ['namespace', 'setup', 'duration', 'steadyState', 'timeline', 'objectives', 'hints', 'scoring', 'responses']);
  const dir = path.dirname(file);
  const namespace = r.string(spec, 'namespace', 'spec.namespace') ?? 'default';
  const setup = readSetup(r, spec, dir, namespace);
  const durationMs = r.duration(spec, 'duration', 'spec.duration', true);
  if (durationMs !== undefined && durationMs <= 0) r.invalid('spec.duration', spec.duration, 'must be positive');
  const steady = r.map(spec, 'steadyState', 'spec.steadyState');
  let steadyState: Drill['steadyState'];
  if (steady) {
    r.known(steady, 'spec.steadyState', ['title', 'probes']);
    const probes = (r.list(steady, 'probes', 'spec.steadyState.probes', true) ?? []).map((p, i) => readProbe(r, p, `spec.steadyState.probes[${i}]`, namespace));
    steadyState = { title: r.string(steady, 'title', 'spec.steadyState.title'), probes: probes.filter((p) => p !== undefined) };
  }
  const parts = readSpecParts(r, spec, namespace, durationMs ?? Infinity);
  if (!r.ok || !setup || durationMs === undefined || !name) return undefined;
  return {
    file, dir, name, title, description, difficulty, namespace, setup, durationMs, steadyState, ...parts,
    lineOf: (p: string) => r.locator.lineOf(p),
  };
}

function readSetup(r: FieldReader, spec: YamlMap, dir: string, namespace: string): DrillSetup | undefined {
  const s = r.map(spec, 'setup', 'spec.setup', true);
  if (!s) return undefined;
  r.known(s, 'spec.setup', ['cluster', 'manifests', 'seed', 'speed', 'warmup', 'traffic']);
  let cluster: DrillSetup['cluster'] | undefined;
  const c = s.cluster;
  if (typeof c === 'string') {
    const file = path.resolve(dir, c);
    if (!existsSync(file)) r.invalid('spec.setup.cluster', c, `no such file (looked for ${file})`);
    else cluster = { file };
  } else if (isMap(c)) {
    cluster = inlineCluster(r, c);
  } else if (c === undefined || c === null) r.required('spec.setup.cluster');
  else r.invalid('spec.setup.cluster', c, 'must be a path to a Cluster file or an inline Cluster (kind: Cluster)');
  const manifests: string[] = [];
  (r.list(s, 'manifests', 'spec.setup.manifests') ?? []).forEach((m, i) => {
    const at = `spec.setup.manifests[${i}]`;
    if (typeof m !== 'string' || !m) return void r.invalid(at, m, 'must be a path to a manifest file or directory');
    const resolved = path.resolve(dir, m);
    if (!existsSync(resolved)) r.invalid(at, m, `no such file or directory (looked for ${resolved})`);
    manifests.push(resolved);
  });
  const seed = r.number(s, 'seed', 'spec.setup.seed', { min: 0, max: 2 ** 32 - 1, integer: true });
  const speed = r.number(s, 'speed', 'spec.setup.speed', { min: 0 }) ?? 1;
  const warmupMs = r.duration(s, 'warmup', 'spec.setup.warmup') ?? DEFAULT_WARMUP_MS;
  const traffic = (r.list(s, 'traffic', 'spec.setup.traffic') ?? []).map((t, i) => readTraffic(r, t, `spec.setup.traffic[${i}]`, namespace));
  if (!cluster) return undefined;
  return { cluster, manifests, seed, speed, warmupMs, traffic: traffic.filter((t) => t !== undefined) };
}

/** An inline Cluster, checked like a manifest (schema, defaulting, validation) at its own lines. */
function inlineCluster(r: FieldReader, value: YamlMap): DrillSetup['cluster'] | undefined {
  const locator = childLocator(r.locator, 'spec.setup.cluster');
  const sink: { objects: LoadedObject[]; diagnostics: ManifestDiagnostic[] } = { objects: [], diagnostics: [] };
  checkDocument(value, locator, r.file, sink);
  r.diagnostics.push(...sink.diagnostics);
  const obj = sink.objects[0]?.object;
  if (!obj) return undefined;
  if (obj.kind !== 'Cluster') return r.invalid('spec.setup.cluster.kind', obj.kind, 'must be "Cluster" (kubedrill.io/v1)');
  return { inline: obj as Cluster, line: locator.line };
}
