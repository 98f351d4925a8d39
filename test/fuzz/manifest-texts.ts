/**
 * Manifest texts for fuzzing the loader: serialized valid and mutated objects, real manifests with text edits, and
 * YAML-specific hostility (alias bombs, tags, duplicate keys, tabs, long lines, odd `---`, BOM, CRLF, deep nesting).
 * Plus `manifestProblems`, the properties every load must satisfy, shared by the tests and bench/fuzz.ts.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { kindInfo } from '../../source/api/kinds.js';
import { loadManifestText } from '../../source/api/manifest.js';
import { type FuzzScale, SEED_TEXTS, TRICKY_STRINGS, deeperThan, hostileValue, nonJsonAt, objectInput } from './generators.js';

/** A file name and its text, as `loadManifestText(text, file)` takes them. */
export interface ManifestCase { file: string; text: string }

const fileName = fc.constantFrom('app.yaml', 'app.yml', 'bundle.json', 'dir/ünïcode manifest.yaml', 'UPPER.JSON', 'noext');

/** JSON text; a value too deep for JSON.stringify's recursion becomes the same depth of brackets. */
function toJson(value: unknown, indent?: number): string {
  try {
    return JSON.stringify(value, null, indent) ?? 'null';
  } catch {
    return '['.repeat(10_000) + ']'.repeat(10_000);
  }
}

function toYaml(value: unknown): string {
  // yaml's stringify costs depth² on deep values (and recurses): those go out as JSON, which is valid YAML.
  if (deeperThan(value, 40)) return toJson(value);
  try {
    return stringify(value, { aliasDuplicateObjects: false, lineWidth: 0 });
  } catch {
    return toJson(value);
  }
}

/** One to four objects as a YAML stream, a JSON document, or a `kind: List`. */
const serialized = (scale: FuzzScale) => fc.tuple(fc.array(objectInput(scale), { minLength: 1, maxLength: 4 }), fc.constantFrom('yaml', 'json', 'list', 'json-list'))
  .map(([objs, form]) => {
    switch (form) {
      case 'yaml': return objs.map(toYaml).join('---\n');
      case 'json': return toJson(objs[0], 2);
      case 'list': return toYaml({ apiVersion: 'v1', kind: 'List', items: objs });
      default: return toJson({ apiVersion: 'v1', kind: 'List', items: objs });
    }
  });

/** Pieces of YAML syntax spliced into texts. */
const TOKENS = [
  ':', ': ', '-', '- ', '? ', '\t', '\n', '\r', '\r\n', ' ', '  ', '#', '"', "'", '\\', '{', '}', '[', ']', ',', '|', '>', '|-', '>+2',
  '&a ', '*a', '*nope', '<<: *a\n', '!!binary ', '!!python/object/apply:os.system ', '!!js/function ', '!!set ', '!!omap ', '!!pairs ',
  '!!timestamp ', '!!float ', '!!int ', '!!str ', '!!map ', '!!seq ', '!!null ', '!!bool ', '!custom ', '!<tag:yaml.org,2002:str> ',
  '!!merge ', '\n---\n', '---', '...', '\n...\n', '--- |\n', '%YAML 1.2\n', '%YAML 1.1\n---\n', '%TAG ! tag:example.com,2000:\n', '%FOO bar\n',
  '\ufeff', '\u0000', '\u2028', '\u0085', 'yes', 'no', 'on', 'off', '~', 'null', '.nan', '.inf', '-.inf', '0x1F', '0o17', '0777', '1_000',
  '190:20:30', '2001-12-14t21:59:43.10-05:00', '1e400', '"\\x00\\uD800\\U0001F600"', '"\\q"', "'it''s'", 'apiVersion: v1\n', 'kind: Pod\n',
  'kind: List\n', 'items:\n', 'metadata:\n', '  name: x\n', '__proto__: {polluted: yes}\n', 'constructor: {prototype: {polluted: yes}}\n',
] as const;

/** One edit to a text; positions are taken modulo the text's length. */
type TextEdit =
  | { op: 'insert'; at: number; token: string }
  | { op: 'delete' | 'truncate' | 'duplicateLine' | 'tabIndent' | 'tag'; at: number; len: number }
  | { op: 'crlf' | 'cr' | 'bom' | 'trailingSpace' }
  | { op: 'longLine'; at: number; length: number };

const textEdit = (scale: FuzzScale): fc.Arbitrary<TextEdit> => fc.oneof(
  fc.record({ op: fc.constant('insert'), at: fc.nat(), token: fc.oneof(fc.constantFrom(...TOKENS), fc.constantFrom(...TRICKY_STRINGS)) }),
  fc.record({ op: fc.constantFrom('delete', 'truncate', 'duplicateLine', 'tabIndent', 'tag'), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constantFrom('crlf', 'cr', 'bom', 'trailingSpace') }),
  fc.record({ op: fc.constant('longLine'), at: fc.nat(), length: fc.constantFrom(...scale.repeats.map((n) => n * 10)) }),
) as fc.Arbitrary<TextEdit>;

const TAGS = ['!!binary', '!!python/object:os.system', '!!set', '!!omap', '!!pairs', '!!str', '!!int', '!!float', '!!map', '!!seq', '!!null', '!x'];

/** Apply a text edit (pure). */
export function applyTextEdit(text: string, e: TextEdit): string {
  const n = text.length;
  const at = 'at' in e ? (n === 0 ? 0 : e.at % (n + 1)) : 0;
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = text.indexOf('\n', at) < 0 ? n : text.indexOf('\n', at);
  switch (e.op) {
    case 'insert': return text.slice(0, at) + e.token + text.slice(at);
    case 'delete': return text.slice(0, at) + text.slice(at + e.len);
    case 'truncate': return text.slice(0, at);
    case 'duplicateLine': return text.slice(0, lineEnd) + '\n' + text.slice(lineStart, lineEnd) + text.slice(lineEnd);
    case 'tabIndent': return text.slice(0, lineStart) + text.slice(lineStart, lineEnd).replace(/^ +/, (s) => '\t'.repeat(Math.ceil(s.length / 2))) + text.slice(lineEnd);
    case 'tag': {
      // Put a tag in front of the value on this line (`image: !!binary nginx`).
      const colon = text.indexOf(': ', lineStart);
      if (colon < 0 || colon > lineEnd) return text;
      return text.slice(0, colon + 2) + TAGS[e.len % TAGS.length] + ' ' + text.slice(colon + 2);
    }
    case 'crlf': return text.replace(/\r?\n/g, '\r\n');
    case 'cr': return text.replace(/\r?\n/g, '\r');
    case 'bom': return '\ufeff' + text;
    case 'trailingSpace': return text.replace(/\n/g, ' \t\n');
    case 'longLine': return text.slice(0, lineEnd) + `\nlong: ${'a'.repeat(e.length)}` + text.slice(lineEnd);
  }
}

/** A real manifest or a serialized object with one to five text edits. */
const editedText = (scale: FuzzScale) => fc.tuple(
  fc.oneof(fc.constantFrom(...SEED_TEXTS.map((s) => s.text)), serialized(scale)), fc.array(textEdit(scale), { minLength: 1, maxLength: 5 }),
).map(([text, edits]) => edits.reduce(applyTextEdit, text));

const MANIFEST_HEAD = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\n';

/** Billion laughs: `levels` anchors, each aliasing the previous `fanout` times. */
const aliasBomb = fc.record({ levels: fc.integer({ min: 2, max: 12 }), fanout: fc.integer({ min: 2, max: 10 }), merge: fc.boolean() })
  .map(({ levels, fanout, merge }) => {
    const lines = [MANIFEST_HEAD, 'data:\n', '  l0: &l0 "lol"\n'];
    for (let i = 1; i < levels; i++) {
      lines.push(merge
        ? `  l${i}: &l${i}\n    <<: [${Array.from({ length: fanout }, () => `*l${i - 1}`).join(', ')}]\n    k${i}: v\n`
        : `  l${i}: &l${i} [${Array.from({ length: fanout }, () => `*l${i - 1}`).join(', ')}]\n`);
    }
    return lines.join('');
  });

/** Hand-made YAML hostility, each with a size parameter. */
const hostileYaml = (scale: FuzzScale) => fc.tuple(fc.integer({ min: 0, max: 16 }), fc.constantFrom(...scale.repeats)).map(([which, n]) => {
  switch (which) {
    case 0: return '['.repeat(n) + ']'.repeat(n);
    case 1: return '{a: '.repeat(n) + '1' + '}'.repeat(n);
    case 2: return MANIFEST_HEAD + 'data:\n' + Array.from({ length: Math.min(n, 2_000) }, (_, i) => `${' '.repeat(i + 2)}k${i}:`).join('\n') + ' x\n';
    case 3: return '---\n'.repeat(n);
    case 4: return `[${'[],'.repeat(n)}]`;
    case 5: return MANIFEST_HEAD + 'data: &a [*a]\n';
    case 6: return `${MANIFEST_HEAD}data:\n  k: v\n  k: w\n`.repeat(Math.min(n, 50));
    case 7: return `${MANIFEST_HEAD}data:\n  ? [a, b]\n  : c\n  {x: y}: z\n`;
    case 8: return `${MANIFEST_HEAD}data:\n  k: |9\n   x\n  j: >-2\n x\n`;
    case 9: return `${MANIFEST_HEAD}binaryData:\n  b: !!binary ${'aGVsbG8='.repeat(Math.min(n, 20_000))}\ndata: !!omap\n  - a: b\n`;
    case 10: return `${MANIFEST_HEAD}data:\n  *a : b\n  &k key: *k\n`;
    case 11: return '%YAML 2.0\n%TAG !x! tag:x,2000:\n--- !x!thing\n' + MANIFEST_HEAD;
    case 12: return `${MANIFEST_HEAD}data:\n` + Array.from({ length: Math.min(n, 20_000) }, (_, i) => `  k${i}: &a${i} v`).join('\n') + '\n';
    case 13: return `{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x",}, // comment\n "data": {"a": 1e999, "b": -0, "c": 0.0000001}}`;
    case 14: return `${MANIFEST_HEAD}data:\n  k: "${'\\u0000\\ud800'.repeat(Math.min(n, 1_000))}"\n`;
    case 15: return 'x\n---\n'.repeat(n); // one error per tiny document
    default: return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n    ports:\n    - containerPort: .nan\n    - containerPort: .inf\n    - containerPort: 0x50\n    - containerPort: 0o120\n`;
  }
});

/** Soup: YAML tokens in random order, random JSON, random strings. */
const soup = fc.oneof(
  fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((t) => t.join('')),
  hostileValue.map((v) => toJson(v)),
  fc.json(),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

/** Every kind of manifest text the loader should survive. */
export function manifestCase(scale: FuzzScale): fc.Arbitrary<ManifestCase> {
  return fc.record({
    file: fileName,
    text: fc.oneof({ weight: 3, arbitrary: serialized(scale) }, { weight: 4, arbitrary: editedText(scale) }, { weight: 2, arbitrary: aliasBomb },
      { weight: 2, arbitrary: hostileYaml(scale) }, { weight: 2, arbitrary: soup }),
  });
}

// ---- properties ----

const STACK_FRAME = /\n\s+at \S|\bat \S+ \(.*:\d+:\d+\)|\.ts:\d+:\d+/;
const SEVERITIES = new Set(['error', 'warning']);

/** Lines in a text, counting every YAML line break (LF, CRLF, CR). */
export function lineCount(text: string): number {
  return text.split(/\r\n|\r|\n/).length;
}

/**
 * Everything wrong with loading `text`: a throw, a diagnostic without file/line/message or with a stack trace or a
 * JavaScript artefact ("undefined", "[object Object]") the input did not contain, an object at a line outside the
 * text or that is not JSON data (a Map from `!!omap`), prototype pollution. Empty when the loader behaved. Problems
 * matching `ignore` (known bugs) are left out.
 */
export function manifestProblems({ file, text }: ManifestCase, ignore?: RegExp, load: typeof loadManifestText = loadManifestText): string[] {
  const problems = collect(file, text, load);
  return ignore ? problems.filter((p) => !ignore.test(p)) : problems;
}

function collect(file: string, text: string, load: typeof loadManifestText): string[] {
  const problems: string[] = [];
  let result: ReturnType<typeof loadManifestText>;
  try {
    result = load(text, file);
  } catch (err) {
    return [`threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`];
  }
  const lines = lineCount(text);
  for (const d of result.diagnostics) {
    const where = `diagnostic ${JSON.stringify(d).slice(0, 300)}`;
    if (d.file !== file) problems.push(`${where}: file is not ${JSON.stringify(file)}`);
    if (!Number.isInteger(d.line) || d.line < 0 || d.line > lines) problems.push(`${where}: line outside 0..${lines}`);
    if (typeof d.message !== 'string' || d.message.trim() === '') problems.push(`${where}: empty message`);
    else {
      if (STACK_FRAME.test(d.message)) problems.push(`${where}: stack trace in message`);
      for (const artefact of ['undefined', '[object Object]']) {
        if (d.message.includes(artefact) && !text.includes(artefact)) problems.push(`${where}: message contains "${artefact}"`);
      }
    }
    if (!SEVERITIES.has(d.severity)) problems.push(`${where}: bad severity`);
  }
  for (const { object, source } of result.objects) {
    const where = `object ${String(object?.kind)}/${String(object?.metadata?.name)}`;
    if (source.file !== file || !Number.isInteger(source.line) || source.line < 1 || source.line > lines) {
      problems.push(`${where}: source ${JSON.stringify(source)} outside the text (${lines} lines)`);
    }
    if (typeof object.kind !== 'string' || !kindInfo(object.kind)) problems.push(`${where}: loaded an unknown kind`);
    if (object.metadata === null || typeof object.metadata !== 'object') problems.push(`${where}: loaded without metadata`);
    const nonJson = nonJsonAt(object);
    if (nonJson) problems.push(`${where}: loaded object is not JSON data at ${nonJson}`);
  }
  if (Object.keys(Object.prototype).length > 0 || ({} as Record<string, unknown>).polluted !== undefined) {
    problems.push(`Object.prototype polluted: ${Object.keys(Object.prototype).join(', ')}`);
  }
  return problems;
}
