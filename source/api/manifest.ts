/**
 * Manifest loading: files and directories of YAML/JSON → Kubernetes objects, each with the file and line it came
 * from, plus diagnostics (`file:line: error: ...`) for everything that would not load on a real cluster.
 *
 * LoadResult.objects holds only objects free of errors, *undefaulted* (the store defaults on create), with unknown
 * fields dropped and removed-but-compatible API versions converted, as the API server would store them. Objects of
 * kinds the simulator does not model are skipped with a warning (see manifest-kinds.ts for the rule).
 */
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { kindInfo } from './kinds.js';
import { checkDocument } from './manifest-check.js';
import { MAX_MANIFEST_BYTES, parseManifest } from './manifest-load.js';
import type { KubeObject } from './meta.js';

/** Where an object or problem is in a manifest: 1-based line. */
export interface SourcePos { file: string; line: number; column?: number }

/** One problem found while loading. `line` is 1-based; 0 means the file as a whole (it could not be read). */
export interface ManifestDiagnostic {
  severity: 'error' | 'warning';
  file: string;
  line: number;
  message: string;
  /** The object concerned, as `Kind/name` (e.g. `Deployment/web`), when there is one. */
  object?: string;
}

/** An object that loaded cleanly, and where it was defined. */
export interface LoadedObject { object: KubeObject; source: SourcePos }

/** Everything loaded from a set of manifests. */
export interface LoadResult { objects: LoadedObject[]; diagnostics: ManifestDiagnostic[] }

/** The file extensions a directory walk picks up; files named explicitly load whatever their extension. */
const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/**
 * Load manifest text: multi-document YAML (`---`), `kind: List` (items flattened, each at its own line) or JSON (one
 * object or a List). Empty documents are skipped. Never throws.
 */
export function loadManifestText(text: string, file: string): LoadResult {
  const result: LoadResult = { objects: [], diagnostics: [] };
  loadInto(text, file, result);
  warnDuplicates(result);
  return result;
}

function loadInto(text: string, file: string, result: LoadResult): void {
  const checked: LoadResult = { objects: result.objects, diagnostics: [] };
  const parseProblems = parseManifest(text, file, (value, locator) => checkDocument(value, locator, file, checked));
  // Parser and checker problems interleaved in file order (the sort is stable: one line keeps its order).
  const diagnostics = [...checked.diagnostics, ...parseProblems].sort((a, b) => a.line - b.line);
  for (const d of diagnostics) result.diagnostics.push(d); // not push(...): 100k+ diagnostics would overflow the stack
}

/**
 * Load files and directories (walked recursively for *.yaml, *.yml and *.json, in sorted order so results are
 * deterministic). A path that cannot be read becomes an error diagnostic naming it. Never throws.
 */
export function loadManifestPaths(paths: string[]): LoadResult {
  const result: LoadResult = { objects: [], diagnostics: [] };
  const visited = new Set<string>();
  for (const path of paths) loadPath(path, true, result, visited);
  warnDuplicates(result);
  return result;
}

function fileError(result: LoadResult, file: string, message: string): void {
  result.diagnostics.push({ severity: 'error', file, line: 0, message });
}

/** Node's error text without the syscall noise: `ENOENT: no such file or directory, stat 'x'` → `no such file or directory`. */
function reason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const m = /^[A-Z]+: ([^,]+)/.exec(e.message ?? '');
  return m ? m[1]! : String(e.message ?? err);
}

function loadPath(path: string, explicit: boolean, result: LoadResult, visited: Set<string>): void {
  let real: string;
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(path);
    real = realpathSync(path);
  } catch (err) {
    fileError(result, path, `cannot read: ${reason(err)}`);
    return;
  }
  if (visited.has(real)) return; // the same file named twice, or a symlink loop
  visited.add(real);
  if (stats.isDirectory()) {
    let entries: string[];
    try {
      entries = readdirSync(path).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    } catch (err) {
      fileError(result, path, `cannot read directory: ${reason(err)}`);
      return;
    }
    const before = result.objects.length + result.diagnostics.length;
    for (const entry of entries) {
      const child = join(path, entry);
      let isDir = false;
      try {
        isDir = statSync(child).isDirectory();
      } catch {
        // A dangling symlink: only worth reporting if it looks like a manifest.
      }
      if (isDir || MANIFEST_EXTENSIONS.has(extname(entry).toLowerCase())) loadPath(child, false, result, visited);
    }
    if (explicit && result.objects.length + result.diagnostics.length === before) {
      result.diagnostics.push({ severity: 'warning', file: path, line: 0, message: 'no manifests found (looked for *.yaml, *.yml and *.json)' });
    }
    return;
  }
  if (!stats.isFile()) {
    fileError(result, path, 'not a regular file');
    return;
  }
  if (stats.size > MAX_MANIFEST_BYTES) {
    result.diagnostics.push({ severity: 'error', file: path, line: 1, message: `file is too large: ${stats.size} bytes (the limit is ${MAX_MANIFEST_BYTES} bytes)` });
    return;
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    fileError(result, path, `cannot read: ${reason(err)}`);
    return;
  }
  loadInto(text, path, result);
}

/** Two definitions of one object would make the second `apply` overwrite the first: worth knowing. */
function warnDuplicates(result: LoadResult): void {
  const seen = new Map<string, SourcePos>();
  for (const { object, source } of result.objects) {
    const name = object.metadata?.name;
    if (!name) continue; // generateName objects never collide
    const namespace = kindInfo(object.kind)?.namespaced ? object.metadata.namespace ?? 'default' : '';
    const key = `${object.kind}/${namespace}/${name}`;
    const first = seen.get(key);
    if (!first) {
      seen.set(key, source);
      continue;
    }
    result.diagnostics.push({
      severity: 'warning', file: source.file, line: source.line, object: `${object.kind}/${name}`,
      message: `${describeObject(object)} is defined again (first at ${first.file}:${first.line})`,
    });
  }
}

/** `Deployment/web (shop)`, or `Namespace/shop` for a cluster-scoped kind; unset namespaces are `default`. */
export function describeObject(object: KubeObject): string {
  const name = `${object.kind}/${object.metadata?.name ?? object.metadata?.generateName ?? ''}`;
  return kindInfo(object.kind)?.namespaced ? `${name} (${object.metadata?.namespace ?? 'default'})` : name;
}

/** `fixtures/apps/bad.yaml:14: error: Deployment.apps "web" is invalid: ...`; line 0 prints as the file alone. */
export function formatDiagnostic(d: ManifestDiagnostic): string {
  return `${d.file}${d.line > 0 ? `:${d.line}` : ''}: ${d.severity}: ${d.message}`;
}
