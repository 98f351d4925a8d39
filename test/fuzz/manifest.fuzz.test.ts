/**
 * Property-based fuzzing of the manifest loader (loadManifestText) with seeded fast-check runs: random and mutated
 * YAML/JSON texts built from real manifests, plus YAML-specific hostility. A failure prints its seed and path;
 * `FUZZ_SEED=<n>` reruns with another seed. The long run is `npm run fuzz` (bench/fuzz.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type LoadResult, type ManifestDiagnostic, loadManifestText } from '../../source/api/manifest.js';
import type { KubeObject } from '../../source/api/meta.js';
import { SEED_TEXTS, TEST_SCALE } from './generators.js';
import { knownBugProblems } from './known-bugs.js';
import { lineCount, manifestCase, manifestProblems } from './manifest-texts.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20_260_101);
const ignore = knownBugProblems();

describe('manifest loader under fuzzing', () => {
  it('never throws, and every diagnostic has the file, a line inside the text and a plain message', () => {
    fc.assert(fc.property(manifestCase(TEST_SCALE), (c) => {
      expect(manifestProblems(c, ignore)).toEqual([]);
    }), { seed: SEED, numRuns: 500 });
  });

  it('answers in proportion to its input: output bounded by counting, not by the clock', () => {
    // Alias expansion is capped at 100 per document (yaml's maxAliasCount), so the loaded objects are at most ~101×
    // the text; every diagnostic points at input, so there are never more than the text has characters.
    fc.assert(fc.property(manifestCase(TEST_SCALE), ({ file, text }) => {
      const r = loadManifestText(text, file);
      expect(r.diagnostics.length).toBeLessThanOrEqual(text.length + 1);
      expect(JSON.stringify(r.objects.map((o) => o.object)).length).toBeLessThanOrEqual(101 * text.length + 4_096);
    }), { seed: SEED + 1, numRuns: 100 });
  });

  it('loads every seed manifest without errors, at lines inside the file (the fuzz starts from valid input)', () => {
    expect(SEED_TEXTS.length).toBeGreaterThanOrEqual(3);
    for (const { file, text } of SEED_TEXTS) {
      const r = loadManifestText(text, file);
      expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(r.objects.length).toBeGreaterThan(0);
      expect(manifestProblems({ file, text })).toEqual([]);
      for (const { source } of r.objects) expect(source.line).toBeLessThanOrEqual(lineCount(text));
    }
  });

  it('reaches clean loads, YAML errors, alias and nesting guards, and Kubernetes validation', () => {
    // A generator that only produced garbage (or only valid objects) would make the properties above vacuous.
    const seen = new Set<string>();
    for (const { file, text } of fc.sample(manifestCase(TEST_SCALE), { seed: SEED + 2, numRuns: 150 })) {
      const r = loadManifestText(text, file);
      if (r.objects.length > 0) seen.add('object loaded');
      for (const d of r.diagnostics) {
        if (d.message.startsWith('invalid YAML:')) seen.add('YAML error');
        if (/alias/i.test(d.message)) seen.add('alias guard');
        if (d.message.startsWith('nesting too deep')) seen.add('nesting guard');
        if (/ is invalid: /.test(d.message)) seen.add('validation error');
        if (/already defined at line/.test(d.message)) seen.add('duplicate key');
        if (d.severity === 'warning') seen.add('warning');
      }
    }
    expect([...seen].sort()).toEqual([
      'YAML error', 'alias guard', 'duplicate key', 'nesting guard', 'object loaded', 'validation error', 'warning',
    ]);
  });

  it('reports a loader that breaks the properties (the checker is not vacuous)', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n';
    const fake = (result: Partial<LoadResult> | Error) => () => {
      if (result instanceof Error) throw result;
      return { objects: [], diagnostics: [], ...result };
    };
    const diag = (d: Partial<ManifestDiagnostic>): ManifestDiagnostic => ({ severity: 'error', file: 'x.yaml', line: 1, message: 'bad', ...d });
    const check = (result: Partial<LoadResult> | Error) => manifestProblems({ file: 'x.yaml', text }, undefined, fake(result));
    expect(check({})).toEqual([]);
    expect(check(new TypeError('boom'))).toEqual(['threw TypeError: boom']);
    expect(check({ diagnostics: [diag({ line: 6 })] })[0]).toMatch(/line outside 0\.\.5/);
    expect(check({ diagnostics: [diag({ line: -1 })] })[0]).toMatch(/line outside/);
    expect(check({ diagnostics: [diag({ file: 'y.yaml' })] })[0]).toMatch(/file is not "x.yaml"/);
    expect(check({ diagnostics: [diag({ message: ' ' })] })[0]).toMatch(/empty message/);
    expect(check({ diagnostics: [diag({ message: 'oops\n    at load (/src/a.ts:1:2)' })] })[0]).toMatch(/stack trace/);
    expect(check({ diagnostics: [diag({ message: 'name undefined' })] })[0]).toMatch(/contains "undefined"/);
    expect(check({ diagnostics: [diag({ message: 'is [object Object]' })] })[0]).toMatch(/contains "\[object Object\]"/);
    const loaded = (object: unknown, line = 1): Partial<LoadResult> => ({ objects: [{ object: object as KubeObject, source: { file: 'x.yaml', line } }] });
    expect(check(loaded({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }, 9))[0]).toMatch(/outside the text/);
    expect(check(loaded({ apiVersion: 'v1', kind: 'Widget', metadata: { name: 'x' } }))[0]).toMatch(/unknown kind/);
    expect(check(loaded({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: new Map() }))[0]).toMatch(/not JSON data at \.data/);
    // An "undefined" the input itself holds may be echoed back.
    expect(manifestProblems({ file: 'x.yaml', text: 'undefined' }, undefined, fake({ diagnostics: [diag({ message: 'undefined' })] }))).toEqual([]);
  });
});
