/**
 * The long fuzz run (`npm run fuzz -- [--runs N] [--seed S] [--strict]`): the properties of test/fuzz at full size
 * (LONG_SCALE: 10 MB texts, million-node YAML, megabyte strings) for N manifest texts and N store scenarios.
 * Prints one JSON line per input path: `{ path, cases, failures, seed }`, plus the distinct problems (with how to
 * replay each) when there are failures, and for the loader its slowest case. Known bugs (test/fuzz/known-bugs.ts)
 * that still reproduce are left out unless `--strict`. Not part of `npm test`.
 */
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { LONG_SCALE } from '../test/fuzz/generators.js';
import { knownBugProblems } from '../test/fuzz/known-bugs.js';
import { manifestCase, manifestProblems } from '../test/fuzz/manifest-texts.js';
import { runStoreScenario } from '../test/fuzz/store-runner.js';
import { type StoreScenario, storeScenario } from '../test/fuzz/store-scenario.js';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const runs = Number(flag('runs') ?? 2_000);
const seed = Number(flag('seed') ?? 1);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)) {
  process.stderr.write('usage: node --import tsx bench/fuzz.ts [--runs N] [--seed S] [--strict]\n');
  process.exit(2);
}
const ignore = process.argv.includes('--strict') ? undefined : knownBugProblems(true);
const emit = (o: object) => process.stdout.write(JSON.stringify(o) + '\n');

/** Distinct problems (numbers blurred, so one bug counts once), with a count and the first case that showed it. */
class Problems {
  private readonly seen = new Map<string, { count: number; example: string; replay: string }>();
  add(problem: string, replay: string): void {
    const key = problem.replace(/^step \d+ \(.*?\): /, '').replace(/\d+/g, 'N').slice(0, 200);
    const entry = this.seen.get(key);
    if (entry) entry.count++;
    else this.seen.set(key, { count: 1, example: problem.slice(0, 1_000), replay });
  }
  list(): object[] {
    return [...this.seen.values()].sort((a, b) => b.count - a.count).slice(0, 10);
  }
}

/** Run `check` on `runs` values of `arb` drawn lazily from `seed`; a value's replay is `fc.sample(arb, { seed, numRuns: i + 1 })[i]`. */
function forEachCase<T>(arb: fc.Arbitrary<T>, check: (value: T, index: number) => void): void {
  let index = 0;
  fc.check(fc.property(arb, (value) => {
    check(value, index++);
    return true;
  }), { seed, numRuns: runs });
}

// ---- the manifest loader ----
{
  const problems = new Problems();
  let failures = 0;
  let slowest = { ms: 0, bytes: 0, replay: '' };
  let bytes = 0;
  forEachCase(manifestCase(LONG_SCALE), (c, i) => {
    const replay = `fc.sample(manifestCase(LONG_SCALE), { seed: ${seed}, numRuns: ${i + 1} })[${i}]`;
    const t0 = performance.now();
    const found = manifestProblems(c, ignore);
    const ms = performance.now() - t0;
    bytes += c.text.length;
    if (ms > slowest.ms) slowest = { ms: Math.round(ms), bytes: c.text.length, replay };
    if (found.length > 0) failures++;
    for (const p of found) problems.add(p, replay);
  });
  emit({ path: 'manifest.loadManifestText', cases: runs, failures, seed, megabytes: Math.round(bytes / 1e6), slowest, ...(failures ? { problems: problems.list() } : {}) });
}

// ---- the API store ----
{
  const outcomes = new Map<string, number>();
  const problemsByOp = new Map<string, Problems>();
  forEachCase(storeScenario(LONG_SCALE, 60), (scenario: StoreScenario, i) => {
    for (const p of runStoreScenario(scenario, { outcomes, ignore })) {
      const op = /"op":"(\w+)"/.exec(p)?.[1] ?? 'setup';
      if (!problemsByOp.has(op)) problemsByOp.set(op, new Problems());
      problemsByOp.get(op)!.add(p, `fc.sample(storeScenario(LONG_SCALE, 60), { seed: ${seed}, numRuns: ${i + 1} })[${i}]`);
    }
  });
  const ops = [...new Set([...outcomes.keys()].map((k) => k.slice(0, k.indexOf(':'))))].sort();
  for (const op of ops) {
    let cases = 0;
    for (const [k, n] of outcomes) if (k.startsWith(`${op}:`) && !k.endsWith(':problem')) cases += n;
    const failures = outcomes.get(`${op}:problem`) ?? 0;
    emit({ path: `store.${op}`, cases, failures, seed, ...(failures ? { problems: problemsByOp.get(op)?.list() ?? [] } : {}) });
  }
}
