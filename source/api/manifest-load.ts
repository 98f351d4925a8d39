/**
 * Manifest parsing: YAML/JSON text → plain objects, each with a locator that maps a field path to its line.
 * Kubernetes semantics are manifest-check.ts's job; this file only turns text into trustworthy values, and
 * refuses hostile input (size, nesting, alias bombs) with a clear diagnostic in bounded time.
 */
import {
  Composer, LineCounter, type Node as YamlNode, type Document, Parser, isMap, isScalar, isSeq,
} from 'yaml';
import type { ManifestDiagnostic } from './manifest.js';

/** Largest manifest file accepted, in bytes (the API server's own request limit is 3 MiB; bundles are larger). */
export const MAX_MANIFEST_BYTES = 10 * 1024 * 1024;
/** Deepest nesting accepted in one document. Real objects stay under ~20 (a CRD schema may reach ~40). */
export const MAX_NESTING = 100;
/** Alias expansions allowed per document: yaml's guard against "billion laughs". */
const MAX_ALIAS_COUNT = 100;
/**
 * yaml's syntax tree costs about 1 KB per node, and dense input (`[],[],…`, one node per 3 bytes) would take
 * gigabytes. The pre-parse scan counts structural tokens (flow brackets and commas, `- `/`? `/`: ` indicators) and
 * refuses more than this per document (a few hundred MB of tree at worst); real manifests have one token per
 * ~20–40 bytes, and etcd caps an object at 1.5 MiB (~75,000 tokens).
 */
export const MAX_NODES_PER_DOCUMENT = 200_000;
/** The same count for a whole file, which bounds the time a file can take. */
export const MAX_NODES_PER_FILE = 1_000_000;

/** Maps a field path (`spec.template.spec.containers[0].image`) to a 1-based line in the manifest. */
export interface FieldLocator {
  /** Line of the object itself (its first key). */
  readonly line: number;
  /** Line of the field, or of its deepest ancestor present in the file when the field itself is absent. */
  lineOf(path: string): number;
  /** Line of a top-level key (`kind`, `apiVersion`), or the object's line. */
  keyLine(key: string): number;
}

/** Receives each document's value and locator as soon as it is parsed; the syntax tree is dropped afterwards. */
export type DocumentHandler = (value: unknown, locator: FieldLocator) => void;

/**
 * Kubernetes reads YAML as go-yaml does: YAML 1.1 scalars (`yes`/`on` are booleans, `0644` is octal, `<<` merges),
 * but timestamps and base-60 numbers stay strings. JSON files use YAML 1.2, of which JSON is a subset.
 */
function composerOptions(file: string) {
  const json = file.toLowerCase().endsWith('.json');
  return {
    version: json ? '1.2' as const : '1.1' as const,
    // Our own duplicate-key check is linear; yaml's is quadratic in the number of keys of a mapping.
    uniqueKeys: false,
    customTags: json ? undefined : (tags: unknown[]) =>
      tags.filter((t) => {
        const tag = t as { tag?: string; format?: string };
        return tag.format !== 'TIME' && tag.tag !== 'tag:yaml.org,2002:timestamp';
      }) as never, // the Tags type is not exported; the filtered array is the library's own
  };
}

/**
 * Parse a manifest text, handing each non-empty document to `onDocument` in file order. Documents are parsed one
 * at a time, so memory is bounded by the largest document, not the file. Returns the problems found, each with a
 * line; never throws.
 */
export function parseManifest(text: string, file: string, onDocument: DocumentHandler): ManifestDiagnostic[] {
  const diagnostics: ManifestDiagnostic[] = [];
  const error = (line: number, message: string) => diagnostics.push({ severity: 'error', file, line, message });
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_MANIFEST_BYTES) {
    error(1, `file is too large: ${bytes} bytes (the limit is ${MAX_MANIFEST_BYTES} bytes)`);
    return diagnostics;
  }
  const refused = prescan(text);
  if (refused) {
    error(refused.line, refused.message);
    return diagnostics;
  }

  const lc = new LineCounter();
  // Errors at end of input point past the last newline; show them on the last line instead.
  const lineAt = (offset: number) => Math.max(1, lc.linePos(Math.min(offset, text.length - 1)).line);
  const composer = new Composer(composerOptions(file));
  try {
    for (const doc of composer.compose(new Parser(lc.addNewLine).parse(text))) {
      const problem = documentProblem(doc, lineAt);
      if (problem) {
        error(problem.line, problem.message);
        continue;
      }
      for (const w of doc.warnings) diagnostics.push({ severity: 'warning', file, line: lineAt(w.pos[0]), message: w.message });
      const root = doc.contents;
      if (root === null || (isScalar(root) && root.value === null)) continue; // an empty document
      let value: unknown;
      try {
        value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch (err) {
        // ReferenceError from the alias guard, RangeError from runaway recursion: both are input problems.
        error(lineAt(root.range?.[0] ?? 0), `invalid YAML: ${(err as Error).message}`);
        continue;
      }
      if (hasNonJsonCollection(value, 0)) {
        // !!omap / !!set / !!pairs become Map/Set in JS: not JSON, and the API would drop their contents silently.
        error(lineAt(root.range?.[0] ?? 0), 'unsupported YAML type (!!omap, !!set or !!pairs): Kubernetes objects are plain JSON maps and lists');
        continue;
      }
      if (valueDepthExceeds(value, MAX_NESTING)) {
        error(lineAt(root.range?.[0] ?? 0), `nesting too deep: more than ${MAX_NESTING} levels`);
        continue;
      }
      onDocument(value, new NodeLocator(root, lineAt));
    }
  } catch (err) {
    error(1, `invalid YAML: ${(err as Error).message}`); // the library's own guards; not expected
  }
  return diagnostics;
}

/** Why a parsed document cannot be used: its first YAML error (the rest are usually echoes), or its shape. */
function documentProblem(doc: Document.Parsed, lineAt: (offset: number) => number): { line: number; message: string } | undefined {
  const first = doc.errors[0];
  if (first) {
    // The composer turns its own stack overflow into RESOURCE_EXHAUSTION: deep nesting, said plainly.
    const message = first.code === 'RESOURCE_EXHAUSTION' ? `nesting too deep: more than ${MAX_NESTING} levels` : `invalid YAML: ${first.message}`;
    return { line: lineAt(first.pos[0]), message };
  }
  return doc.contents ? checkShape(doc.contents, lineAt) : undefined;
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
      const seen = new Map<string, number>(); // key → offset; lines are only worked out for an error
      for (const pair of node.items) {
        const key = pair.key as YamlNode | null;
        const offset = key?.range?.[0] ?? node.range?.[0] ?? 0;
        if (key !== null && !isScalar(key)) return { line: lineAt(offset), message: 'mapping keys must be strings' };
        const raw = key === null ? null : key.value;
        if (typeof raw !== 'symbol') { // `<<` merge keys may repeat
          const name = String(raw);
          const earlier = seen.get(name);
          if (earlier !== undefined) return { line: lineAt(offset), message: `mapping key "${name}" already defined at line ${lineAt(earlier)}` };
          seen.set(name, offset);
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
 * A character scan that refuses absurd input before the parser spends seconds and gigabytes on it: nesting
 * (`[[[[`, `- - - -` on one line) and node counts (see MAX_NODES_PER_DOCUMENT). It over-counts (brackets in
 * strings, `- ` in plain text), so its limits sit far above any real manifest.
 */
function prescan(text: string): { line: number; message: string } | undefined {
  let line = 1;
  let flow = 0;
  let indicators = 0; // consecutive `- `, `? `, `: ` on this line: each may open a block collection
  let inDocument = 0;
  let inFile = 0;
  const tooDeep = () => ({ line, message: `nesting too deep: more than ${MAX_NESTING} levels` });
  const tooMany = () => inFile > MAX_NODES_PER_FILE
    ? { line, message: `too many YAML nodes: more than ${MAX_NODES_PER_FILE} in one file` }
    : { line, message: `too many YAML nodes: more than ${MAX_NODES_PER_DOCUMENT} in one document` };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      indicators = 0;
      // `---` or `...` at the start of a line ends a document.
      if ((text.startsWith('---', i + 1) || text.startsWith('...', i + 1)) && flow === 0) inDocument = 0;
      continue;
    }
    if (c === 32 || c === 9 || c === 13) continue;
    const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 10;
    const indicator = (c === 45 || c === 63 || c === 58) && (next === 32 || next === 9 || next === 10 || next === 13);
    if (indicator || c === 91 || c === 123 || c === 44) {
      if (++inDocument > MAX_NODES_PER_DOCUMENT || ++inFile > MAX_NODES_PER_FILE) return tooMany();
    }
    if (indicator) {
      if (++indicators > MAX_NESTING) return tooDeep();
      continue;
    }
    indicators = 0;
    if (c === 91 || c === 123) {
      if (++flow > MAX_NESTING) return tooDeep();
    } else if (c === 93 || c === 125) {
      if (flow > 0) flow--;
    } else if (flow > 0 && (i === 0 || text.charCodeAt(i - 1) === 10) && ((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) {
      // A plain key at column 0 cannot sit inside a flow collection: forget brackets left open inside strings.
      flow = 0;
    }
  }
  return undefined;
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

/** Whether a Map or Set (from !!omap / !!set / !!pairs) appears anywhere in a loaded value. */
function hasNonJsonCollection(value: unknown, depth: number): boolean {
  if (value === null || typeof value !== 'object' || depth > MAX_NESTING + 1) return false;
  if (value instanceof Map || value instanceof Set) return true;
  if (Array.isArray(value)) return value.some((v) => hasNonJsonCollection(v, depth + 1));
  return Object.values(value).some((v) => hasNonJsonCollection(v, depth + 1));
}
