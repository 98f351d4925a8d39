/**
 * Property-based fuzzing of the API store: seeded random sequences of create / update / updateStatus / patch /
 * delete / bind / watch / time on `new Engine({ seed, freeze: true })`, with the store's invariants checked after
 * every step (store-runner.ts). `FUZZ_SEED=<n>` reruns with another seed; the long run is `npm run fuzz`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../source/api/errors.js';
import type { KubeObject } from '../../source/api/meta.js';
import type { AdmissionPlugin } from '../../source/store/admission.js';
import { TEST_SCALE } from './generators.js';
import { knownBugProblems } from './known-bugs.js';
import { runStoreScenario } from './store-runner.js';
import { type StoreOp, storeScenario } from './store-scenario.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20_260_101);
const ignore = knownBugProblems();

describe('API store under random operations', () => {
  it('throws only ApiErrors, stores only well-formed frozen objects, and every watcher sees every write once, in order', () => {
    fc.assert(fc.property(storeScenario(TEST_SCALE, 30), (scenario) => {
      expect(runStoreScenario(scenario, { ignore })).toEqual([]);
    }), { seed: SEED, numRuns: 300 });
  });

  it('reaches the success and the refusal paths of every operation', () => {
    // Without this, a generator that only produced refused writes would make the property above vacuous.
    const outcomes = new Map<string, number>();
    for (const scenario of fc.sample(storeScenario(TEST_SCALE, 30), { seed: SEED + 1, numRuns: 60 })) runStoreScenario(scenario, { outcomes, ignore });
    const reached = (key: string) => (outcomes.get(key) ?? 0) > 0;
    for (const op of ['create', 'update', 'updateStatus', 'patch', 'delete', 'watch', 'advance']) expect(reached(`${op}:ok`), `${op}:ok`).toBe(true);
    for (const key of ['create:AlreadyExists', 'create:Invalid', 'create:BadRequest', 'update:Conflict', 'update:NotFound',
      'updateStatus:Conflict', 'patch:BadRequest', 'patch:UnsupportedMediaType', 'delete:NotFound', 'delete:Conflict', 'watch:BadRequest']) {
      expect(reached(key), key).toBe(true);
    }
  });
});

describe('the store checker catches a misbehaving store (it is not vacuous)', () => {
  const create = (name: string): StoreOp => ({ op: 'create', dryRun: false, input: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: 'b' } } });
  /** Run two ConfigMap creates with a planted plugin that acts on the second one only. */
  const planted = (plugin: { mutate?: AdmissionPlugin['mutate']; validate?: AdmissionPlugin['validate'] }) => {
    const second = (obj: KubeObject) => obj.kind === 'ConfigMap' && obj.metadata.name === 'two';
    return runStoreScenario({ seed: 1, ops: [create('one'), create('two')] }, {
      admission: [{
        name: 'planted',
        mutate: (obj, ...rest) => (second(obj) ? plugin.mutate?.(obj, ...rest) : undefined),
        validate: (obj, ...rest) => (second(obj) ? plugin.validate?.(obj, ...rest) ?? [] : []),
      }],
    });
  };

  it('accepts a plain scenario', () => {
    const outcomes = new Map<string, number>();
    expect(runStoreScenario({ seed: 1, ops: [create('one'), create('two')] }, { outcomes })).toEqual([]);
    expect(outcomes.get('create:ok')).toBe(2);
  });

  it('reports a TypeError escaping a write', () => {
    const problems = planted({ validate: () => (null as unknown as { x: [] }).x });
    expect(problems[0]).toMatch(/^step 1 \(failed .*\): threw a non-ApiError: TypeError/);
  });

  it('reports an ApiError with an empty message or a JavaScript artefact in it', () => {
    expect(planted({ validate: () => { throw new ApiError('Invalid', ''); } })[0]).toMatch(/empty message/);
    expect(planted({ validate: () => { throw new ApiError('Invalid', 'name undefined'); } })[0]).toMatch(/contains "undefined"/);
  });

  it('reports a write that mutates a stored (frozen) object', () => {
    const problems = planted({
      mutate: (obj, _op, _old, store) => {
        const first = store.tryGet<KubeObject>('ConfigMap', 'default', 'one');
        if (first) (first.data as Record<string, string>).a = 'changed';
      },
    });
    expect(problems[0]).toMatch(/threw a non-ApiError: TypeError: Cannot assign to read only property/);
  });

  it('reports a stored object that is not JSON data', () => {
    expect(planted({ mutate: (obj) => { obj.data = new Map(); } })[0]).toMatch(/not JSON data at \.data/);
  });
});
