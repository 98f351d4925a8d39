/**
 * Fuzz inputs: valid objects of every kind the simulator holds, built from real manifests (shared/corpus, the Zeus
 * Zap shop, the demo cluster, the image catalogue) and the validation fixtures, and hostile mutations of them.
 * Everything is drawn from fast-check arbitraries, so a seed replays a run and failures shrink.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { KINDS } from '../../source/api/kinds.js';
import { loadManifestText } from '../../source/api/manifest.js';
import type { KubeObject } from '../../source/api/meta.js';
import { everyKind } from '../api/validation/fixtures.js';
import { cloneJson, deepFreeze, defineOwn, nest } from './json-values.js';

export { cloneJson, deepFreeze, deeperThan, defineOwn, isDeepFrozen, nest, nonJsonAt, safeJson } from './json-values.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** A manifest text the fuzzers start from. */
export interface SeedText { file: string; text: string }

function readSeeds(): SeedText[] {
  const files = [join(root, 'fixtures/apps/zeus-zap.yaml'), join(root, 'fixtures/clusters/demo.yaml'), join(root, 'fixtures/images.yaml')];
  // CI clones the project with shared/ beside it (as test/fixtures/corpus.test.ts expects).
  const corpus = resolve(root, '../shared/corpus');
  if (existsSync(corpus)) files.push(...readdirSync(corpus).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(corpus, f)));
  return files.map((file) => ({ file: file.slice(file.lastIndexOf('/') + 1), text: readFileSync(file, 'utf8') }));
}

/** Real manifests: the seeds of text mutations. */
export const SEED_TEXTS: readonly SeedText[] = readSeeds();

/** Namespaces the store scenarios create; templates are spread over them. */
export const NAMESPACES = ['default', 'kube-system', 'zeus-zap'] as const;

/** A small pool of names, so random operations keep meeting the same objects (conflicts, AlreadyExists, NotFound). */
export const NAMES = ['web', 'db', 'api-0', 'cache', 'zeus-zap', 'demo', 'default'] as const;

function stripIdentity(obj: KubeObject): KubeObject {
  const copy = structuredClone(obj);
  const meta = copy.metadata ?? {};
  for (const f of ['uid', 'resourceVersion', 'creationTimestamp', 'generation'] as const) delete meta[f];
  return copy;
}

/** Valid objects, at least one of every kind in source/api/kinds.ts, deep-frozen. Loaded with the manifest loader. */
export const TEMPLATES: readonly KubeObject[] = (() => {
  const out: KubeObject[] = [];
  for (const seed of SEED_TEXTS) for (const { object } of loadManifestText(seed.text, seed.file).objects) out.push(stripIdentity(object));
  const seen = new Set(out.map((o) => o.kind));
  // The validation fixtures fill in kinds no real manifest here carries (Node, Lease, Role, EndpointSlice…).
  for (const o of everyKind() as KubeObject[]) if (!seen.has(o.kind)) out.push(stripIdentity(o));
  for (const o of out) {
    if (o.metadata.namespace && !(NAMESPACES as readonly string[]).includes(o.metadata.namespace)) o.metadata.namespace = 'default';
  }
  const missing = KINDS.filter((k) => !out.some((o) => o.kind === k.kind)).map((k) => k.kind);
  if (missing.length > 0) throw new Error(`fuzz templates miss kinds: ${missing.join(', ')}`);
  return out.map((o) => deepFreeze(o));
})();

// ---- values ----

/** Strings that break naive code: control characters, lone surrogates, bidi overrides, combining marks, long names. */
export const TRICKY_STRINGS = [
  '', ' ', '\u0000', '\t', '\n', '\r\n', '\ud800', '\udfff', '\u202e', '\u200d', '\ufeff', 'İ', 'ß', 'ﬁ', '👩‍👩‍👧', 'é',
  'e\u0301', '\\', '"', "'", '%s', '${x}', '{{x}}', 'undefined', 'null', 'NaN', '[object Object]', 'toString', '__proto__',
  'constructor', 'hasOwnProperty', 'a'.repeat(63), 'a'.repeat(64), 'a'.repeat(253), 'a'.repeat(254), '-web', 'web-', 'Web',
  'web.', '.web', 'a..b', '0', '-1', '1e3', 'web/x', 'web:1', '..', '.', '*', '*a', '&a', '!!binary', '---', '- x', 'key: v',
] as const;

/** Keys that target prototype pollution and JavaScript's object model. */
export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__'] as const;

/** Numbers at the edges: what JSON cannot carry (NaN, Infinity arrive from YAML's .nan/.inf) and what int32/int64 cannot. */
export const EDGE_NUMBERS = [0, -0, -1, 0.5, 1e-300, 1e308, Infinity, -Infinity, NaN, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, 2 ** 63, -(2 ** 63)] as const;

// Any code point (astral planes, controls); graphemes that matter are in TRICKY_STRINGS (fast-check's grapheme unit is slow).
const unicodeString = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom(...TRICKY_STRINGS));

/** How big hostile inputs get: `npm test` keeps them small enough to run thousands of cases; bench/fuzz.ts goes large. */
export interface FuzzScale {
  /** String lengths past Kubernetes limits (63, 253). */
  hugeLengths: readonly number[];
  /** Nesting depths for deep values. */
  depths: readonly number[];
  /** Repetition counts for generated YAML (documents, keys, brackets) and lengths of long lines. */
  repeats: readonly number[];
}

/** Sizes for the test suite. */
export const TEST_SCALE: FuzzScale = { hugeLengths: [64, 254, 1_024, 20_000], depths: [20, 101, 600], repeats: [10, 101, 1_000, 5_000] };
/** Sizes for the long run: up to the loader's own caps (10 MB files, 200,000 nodes per document). */
export const LONG_SCALE: FuzzScale = {
  hugeLengths: [64, 254, 1_024, 70_000, 1_000_000], depths: [20, 101, 1_000, 3_000], repeats: [10, 101, 1_000, 20_000, 200_000, 1_000_000],
};

const hugeString = (scale: FuzzScale) => fc.tuple(fc.constantFrom(...scale.hugeLengths), fc.constantFrom('a', 'é', '-', '9', '\u0000', '😀'))
  .map(([n, c]) => c.repeat(Math.ceil(n / c.length)));

const hostileKey = fc.oneof({ weight: 4, arbitrary: fc.string({ maxLength: 8 }) }, { weight: 2, arbitrary: fc.constantFrom(...PROTO_KEYS) },
  { weight: 1, arbitrary: unicodeString });

/** Random JSON-ish values with hostile keys and strings (own `__proto__` keys included), at most ~4 levels. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown; object: Record<string, unknown>; array: unknown[] }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    fc.oneof(unicodeString, fc.integer(), fc.double(), fc.constantFrom(...EDGE_NUMBERS), fc.boolean(), fc.constant(null)),
    tie('object'), tie('array')),
  object: fc.array(fc.tuple(hostileKey, tie('value')), { maxLength: 5 }).map((pairs) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of pairs) defineOwn(out, k, v);
    return out;
  }),
  array: fc.array(tie('value'), { maxLength: 5 }),
})).value;

// ---- mutations ----

/** One hostile change at one place in an object. `at` picks the place (modulo the number of places). */
export type Mutation =
  | { op: 'delete' | 'null' | 'wrongType' | 'arrayForObject' | 'objectForArray' | 'empty' | 'duplicate' | 'rename'; at: number }
  | { op: 'set'; at: number; value: unknown }
  | { op: 'deep'; at: number; depth: number; asArray: boolean }
  | { op: 'protoKey'; at: number; key: string; value: unknown };

/** Places mutations aim at more often: identity, the fields admission and the store branch on. */
const HOT_PATHS = [
  [], ['kind'], ['apiVersion'], ['metadata'], ['metadata', 'name'], ['metadata', 'namespace'], ['metadata', 'generateName'],
  ['metadata', 'labels'], ['metadata', 'annotations'], ['metadata', 'finalizers'], ['metadata', 'ownerReferences'],
  ['metadata', 'resourceVersion'], ['metadata', 'uid'], ['metadata', 'deletionTimestamp'], ['spec'], ['status'], ['spec', 'replicas'],
  ['spec', 'selector'], ['spec', 'template'], ['spec', 'template', 'spec', 'containers'], ['spec', 'containers'], ['spec', 'nodeName'],
  ['data'], ['spec', 'ports'],
];

/** One mutation: where, what, and its payload. */
export function mutationArb(scale: FuzzScale): fc.Arbitrary<Mutation> {
  return fc.oneof(
    fc.record({ op: fc.constantFrom('delete', 'null', 'wrongType', 'arrayForObject', 'objectForArray', 'empty', 'duplicate', 'rename'), at: fc.nat() }),
    fc.record({ op: fc.constant('set'), at: fc.nat(), value: fc.oneof(hostileValue, unicodeString, hugeString(scale), fc.constantFrom(...EDGE_NUMBERS)) }),
    fc.record({ op: fc.constant('deep'), at: fc.nat(), depth: fc.constantFrom(...scale.depths), asArray: fc.boolean() }),
    fc.record({ op: fc.constant('protoKey'), at: fc.nat(), key: fc.constantFrom(...PROTO_KEYS), value: fc.oneof(fc.constant({ polluted: 'yes' }), hostileValue) }),
  ) as fc.Arbitrary<Mutation>;
}

/** Paths in a JSON value (the root included), parents before children; bounded so deep values stay cheap. */
export function pathsOf(value: unknown, limit = 2_000, maxDepth = 40): (string | number)[][] {
  const out: (string | number)[][] = [];
  const walk = (v: unknown, path: (string | number)[]) => {
    if (out.length >= limit || path.length > maxDepth) return;
    out.push(path);
    if (Array.isArray(v)) v.forEach((item, i) => walk(item, [...path, i]));
    else if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) walk((v as Record<string, unknown>)[k], [...path, k]);
  };
  walk(value, []);
  return out;
}

function wrongTypeOf(v: unknown): unknown {
  if (typeof v === 'string') return v.length % 2 ? 42 : true;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 1;
  if (Array.isArray(v)) return 'a,b';
  if (v !== null && typeof v === 'object') return 'object';
  return { value: v };
}

function emptyOf(v: unknown): unknown {
  if (typeof v === 'string') return '';
  if (typeof v === 'number') return 0;
  if (Array.isArray(v)) return [];
  if (v !== null && typeof v === 'object') return {};
  return v;
}

/** Apply a mutation to `root` (mutated in place unless it is the root that changes); returns the new root. */
export function applyMutation(root: unknown, m: Mutation): unknown {
  const all = pathsOf(root);
  const hot = HOT_PATHS.filter((p) => resolvePath(root, p).found);
  // Even `at` values aim at the hot fields, odd ones anywhere.
  const path = m.at % 2 === 0 && hot.length > 0 ? hot[(m.at >> 1) % hot.length]! : all[(m.at >> 1) % all.length]!;
  const current = resolvePath(root, path).value;
  let next: unknown;
  switch (m.op) {
    case 'delete': return removeAt(root, path);
    case 'null': next = null; break;
    case 'wrongType': next = wrongTypeOf(current); break;
    case 'arrayForObject': next = Array.isArray(current) ? current : [current]; break;
    case 'objectForArray': next = Array.isArray(current) ? Object.fromEntries(current.map((v, i) => [String(i), v])) : { 0: current }; break;
    case 'empty': next = emptyOf(current); break;
    case 'duplicate': next = Array.isArray(current) && current.length > 0 ? [...current, cloneJson(current[0])] : current; break;
    case 'rename': return renameAt(root, path);
    case 'set': next = cloneJson(m.value); break;
    case 'deep': next = nest(m.depth, m.asArray, current === undefined ? 'x' : current); break;
    case 'protoKey': {
      const target = current !== null && typeof current === 'object' && !Array.isArray(current) ? current as Record<string, unknown> : undefined;
      if (target) {
        defineOwn(target, m.key, cloneJson(m.value));
        return root;
      }
      const wrapped: Record<string, unknown> = {};
      defineOwn(wrapped, m.key, cloneJson(m.value));
      next = wrapped;
      break;
    }
  }
  return setAt(root, path, next);
}

function resolvePath(root: unknown, path: readonly (string | number)[]): { found: boolean; value: unknown } {
  let v = root;
  for (const seg of path) {
    if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, seg)) return { found: false, value: undefined };
    v = (v as Record<string, unknown>)[seg];
  }
  return { found: true, value: v };
}

function setAt(root: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const parent = resolvePath(root, path.slice(0, -1)).value as Record<string, unknown>;
  defineOwn(parent, String(path[path.length - 1]), value);
  return root;
}

function removeAt(root: unknown, path: readonly (string | number)[]): unknown {
  if (path.length === 0) return undefined;
  const parent = resolvePath(root, path.slice(0, -1)).value;
  const last = path[path.length - 1]!;
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else delete (parent as Record<string, unknown>)[last];
  return root;
}

function renameAt(root: unknown, path: readonly (string | number)[]): unknown {
  const last = path[path.length - 1];
  if (typeof last !== 'string') return root;
  const parent = resolvePath(root, path.slice(0, -1)).value as Record<string, unknown>;
  defineOwn(parent, `${last}x`, parent[last]); // a typo: `replicasx`
  delete parent[last];
  return root;
}

// ---- objects ----

/** A template, optionally renamed into the name pool, relabelled and moved to another namespace: still valid. */
const templatesByKind = KINDS.map((k) => TEMPLATES.filter((t) => t.kind === k.kind));
/** A template, every kind equally likely (the corpus alone is mostly Deployments and Services). */
const template = fc.constantFrom(...templatesByKind).chain((ts) => fc.constantFrom(...ts));

export const validObject: fc.Arbitrary<KubeObject> = fc.record({
  template,
  name: fc.option(fc.constantFrom(...NAMES), { nil: undefined }),
  namespace: fc.option(fc.constantFrom(...NAMESPACES), { nil: undefined }),
  label: fc.option(fc.constantFrom('blue', 'green', 'canary'), { nil: undefined }),
  generateName: fc.boolean(),
}).map(({ template, name, namespace, label, generateName }) => {
  const obj = cloneJson(template);
  if (name) obj.metadata.name = name;
  if (generateName && template.kind !== 'Namespace') {
    delete obj.metadata.name;
    obj.metadata.generateName = `${template.metadata.name}-`;
  }
  if (namespace && obj.metadata.namespace) obj.metadata.namespace = namespace;
  if (label) obj.metadata.labels = { ...obj.metadata.labels, track: label };
  return obj;
});

/** A valid object with one to three hostile mutations. */
export function mutatedObject(scale: FuzzScale): fc.Arbitrary<unknown> {
  return fc.tuple(validObject, fc.array(mutationArb(scale), { minLength: 1, maxLength: 3 }))
    // fast-check keeps `obj` for shrinking: mutate a copy.
    .map(([obj, mutations]) => mutations.reduce<unknown>((o, m) => applyMutation(o, m), cloneJson(obj)));
}

/** What a client might send as an object: mostly valid, often mutated, sometimes anything at all. */
export function objectInput(scale: FuzzScale): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: validObject },
    { weight: 4, arbitrary: mutatedObject(scale) },
    { weight: 1, arbitrary: hostileValue },
  );
}
