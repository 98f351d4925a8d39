/**
 * Manifest parsing: YAML/JSON text → plain objects, each with a locator that maps a field path to its line.
 * Kubernetes semantics are manifest-check.ts's job; this file only turns text into trustworthy values, and
 * refuses hostile input (size, nesting, alias bombs) with a clear diagnostic in bounded time.
 */
import {
  LineCounter, type Node as YamlNode, type Document, isMap, isScalar, isSeq, parseAllDocuments,
} from 'yaml';
import type { ManifestDiagnostic } from './manifest.js';

/** Largest manifest file accepted, in bytes (the API server's own request limit is 3 MiB; bundles are larger). */
export const MAX_MANIFEST_BYTES = 10 * 1024 * 1024;
/** Deepest nesting accepted in one document. Real objects stay under ~20 (a CRD schema may reach ~40). */
export const MAX_NESTING = 100;
/** Alias expansions allowed per document: yaml's guard against "billion laughs". */
const MAX_ALIAS_COUNT = 100;
/** The cheap pre-parse scan rejects pathological nesting before the parser spends memory on it. */
const PRESCAN_LIMIT = 1000;

/** Maps a field path (`spec.template.spec.containers[0].image`) to a 1-based line in the manifest. */
export interface FieldLocator {
  /** Line of the object itself (its first key). */
  readonly line: number;
  /** Line of the field, or of its deepest ancestor present in the file when the field itself is absent. */
  lineOf(path: string): number;
  /** Line of a top-level key (`kind`, `apiVersion`), or the object's line. */
  keyLine(key: string): number;
}

/** One mapping found in a manifest: its value as JSON-like data and where its fields are. */
export interface ParsedDocument {
  value: unknown;
  locator: FieldLocator;
}

/** What parsing a manifest file produced: documents in file order, and problems found on the way. */
export interface ParsedManifest {
  documents: ParsedDocument[];
  diagnostics: ManifestDiagnostic[];
}

/**
 * Kubernetes reads YAML as go-yaml does: YAML 1.1 scalars (`yes`/`on` are booleans, `0644` is octal, `<<` merges),
 * but timestamps and base-60 numbers stay strings. JSON files use YAML 1.2, of which JSON is a subset.
 */
function parseOptions(file: string, lineCounter: LineCounter) {
  const json = file.toLowerCase().endsWith('.json');
  return {
    version: json ? '1.2' as const : '1.1' as const,
    lineCounter,
    prettyErrors: false,
    // Our own duplicate-key check is linear; yaml's is quadratic in the number of keys of a mapping.
    uniqueKeys: false,
    customTags: json ? undefined : (tags: unknown[]) =>
      tags.filter((t) => {
        const tag = t as { tag?: string; format?: string };
        return tag.format !== 'TIME' && tag.tag !== 'tag:yaml.org,2002:timestamp';
      }) as never, // the Tags type is not exported; the filtered array is the library's own
  };
}

/** Parse a manifest text into documents. Never throws: every problem becomes a diagnostic with a line. */
export function parseManifest(text: string, file: string): ParsedManifest {
  const diagnostics: ManifestDiagnostic[] = [];
  const error = (line: number, message: string) => diagnostics.push({ severity: 'error', file, line, message });
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_MANIFEST_BYTES) {
    error(1, `file is too large: ${bytes} bytes (the limit is ${MAX_MANIFEST_BYTES} bytes)`);
    return { documents: [], diagnostics };
  }
  const tooDeep = prescanNesting(text);
  if (tooDeep) {
    error(tooDeep, `nesting too deep: more than ${PRESCAN_LIMIT} levels`);
    return { documents: [], diagnostics };
  }

  const lc = new LineCounter();
  const lineAt = (offset: number) => Math.max(1, lc.linePos(offset).line);
  let docs: Document.Parsed[];
  try {
    const parsed = parseAllDocuments(text, parseOptions(file, lc));
    docs = Array.isArray(parsed) ? parsed : []; // an EmptyStream: comments only
  } catch (err) {
    error(1, `invalid YAML: ${(err as Error).message}`);
    return { documents: [], diagnostics };
  }

  const documents: ParsedDocument[] = [];
  for (const doc of docs) {
    // yaml often reports one mistake several times; the first is the useful one.
    const first = doc.errors[0];
    if (first) {
      error(lineAt(first.pos[0]), `invalid YAML: ${first.message}`);
      continue;
    }
    for (const w of doc.warnings) diagnostics.push({ severity: 'warning', file, line: lineAt(w.pos[0]), message: w.message });
    const root = doc.contents;
    if (root === null || (isScalar(root) && root.value === null)) continue; // an empty document
    const shapeProblem = checkShape(root, lineAt);
    if (shapeProblem) {
      error(shapeProblem.line, shapeProblem.message);
      continue;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      // ReferenceError from the alias guard, RangeError from runaway recursion: both are input problems.
      error(lineAt(root.range?.[0] ?? 0), `invalid YAML: ${(err as Error).message}`);
      continue;
    }
    if (valueDepthExceeds(value, MAX_NESTING)) {
      error(lineAt(root.range?.[0] ?? 0), `nesting too deep: more than ${MAX_NESTING} levels`);
      continue;
    }
    documents.push({ value, locator: new NodeLocator(root, lineAt) });
  }
  return { documents, diagnostics };
}

/**
 * Walk the syntax tree once, iteratively: nesting depth, mapping keys that are not scalars (which JavaScript
 * objects cannot hold, and whose stringification is exponential), and duplicate keys (go-yaml's error).
 */
function checkShape(root: YamlNode, lineAt: (offset: number) => number): { line: number; message: string } | undefined {
  const stack: { node: YamlNode; depth: number }[] = [{ node: root, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth > MAX_NESTING) return { line: lineAt(node.range?.[0] ?? 0), message: `nesting too deep: more than ${MAX_NESTING} levels` };
    if (isMap(node)) {
      const seen = new Map<string, number>();
      for (const pair of node.items) {
        const key = pair.key as YamlNode | null;
        const keyLine = lineAt(key?.range?.[0] ?? node.range?.[0] ?? 0);
        if (key !== null && !isScalar(key)) return { line: keyLine, message: 'mapping keys must be strings' };
        const raw = key === null ? null : key.value;
        if (typeof raw !== 'symbol') { // `<<` merge keys may repeat
          const name = String(raw);
          const earlier = seen.get(name);
          if (earlier !== undefined) return { line: keyLine, message: `mapping key "${name}" already defined at line ${earlier}` };
          seen.set(name, keyLine);
        }
        if (pair.value) stack.push({ node: pair.value as YamlNode, depth: depth + 1 });
      }
    } else if (isSeq(node)) {
      for (const item of node.items) if (item) stack.push({ node: item as YamlNode, depth: depth + 1 });
    }
  }
  return undefined;
}

/** Depth of a plain value, iteratively (aliases can make the value deeper than the tree it came from). */
function valueDepthExceeds(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * A character scan that finds absurd nesting before the parser does (yaml spends hundreds of MB on a few MB of
 * `[[[[` or `- - - -`). It over-counts brackets inside strings, so its limit is far above any real manifest.
 * Returns the offending line, or 0.
 */
function prescanNesting(text: string): number {
  let line = 1;
  let flow = 0;
  let atLineStart = true;
  let indicators = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) { line++; atLineStart = true; indicators = 0; continue; }
    if (atLineStart) {
      if (c === 32 || c === 9) continue;
      const next = text.charCodeAt(i + 1);
      // `- `, `? ` and `: ` at the start of a line each open a block collection on the same line.
      if ((c === 45 || c === 63 || c === 58) && (next === 32 || next === 9 || next === 10 || Number.isNaN(next))) {
        if (++indicators > PRESCAN_LIMIT) return line;
        i++;
        continue;
      }
      atLineStart = false;
      // A top-level plain key cannot sit inside a flow collection: forget brackets left open by strings.
      if (i === 0 || text.charCodeAt(i - 1) === 10) if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) flow = 0;
    }
    if (c === 91 || c === 123) { if (++flow > PRESCAN_LIMIT) return line; }
    else if ((c === 93 || c === 125) && flow > 0) flow--;
  }
  return 0;
}

const PATH_SEGMENT = /([^.[\]]+)|\[([^\]]*)\]/g;

/** Split `a.b[0].c[app.kubernetes.io/name]` into segments. */
export function splitFieldPath(path: string): string[] {
  const segments: string[] = [];
  for (const m of path.matchAll(PATH_SEGMENT)) segments.push(m[1] ?? m[2] ?? '');
  return segments;
}

/** FieldLocator over a yaml syntax node. */
class NodeLocator implements FieldLocator {
  readonly line: number;
  constructor(private readonly root: YamlNode, private readonly lineAt: (offset: number) => number) {
    this.line = lineAt(root.range?.[0] ?? 0);
  }

  lineOf(path: string): number {
    let node: unknown = this.root;
    let line = this.line;
    for (const segment of splitFieldPath(path)) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === segment);
        if (!pair) return line;
        line = this.lineAt((pair.key as YamlNode).range?.[0] ?? 0);
        node = pair.value;
      } else if (isSeq(node) && /^\d+$/.test(segment)) {
        const item = node.items[Number(segment)] as YamlNode | undefined;
        if (!item) return line;
        line = this.lineAt(item.range?.[0] ?? 0);
        node = item;
      } else {
        return line; // a scalar, an alias, or a path that does not match the shape
      }
    }
    return line;
  }

  keyLine(key: string): number {
    if (!isMap(this.root)) return this.line;
    const pair = this.root.items.find((p) => isScalar(p.key) && p.key.value === key);
    return pair ? this.lineAt((pair.key as YamlNode).range?.[0] ?? 0) : this.line;
  }
}

/** A locator for a sub-node of a document, such as one item of a `kind: List`. */
export function childLocator(parent: FieldLocator, prefix: string): FieldLocator {
  const line = parent.lineOf(prefix);
  return {
    line,
    lineOf: (path) => parent.lineOf(path ? `${prefix}.${path}` : prefix),
    keyLine: (key) => parent.lineOf(`${prefix}.${key}`),
  };
}
