/**
 * Random operation sequences against the API store: create, update, status, patch, delete, bind, watch, time.
 * store-runner.ts plays them and checks the invariants; shared by store.fuzz.test.ts and bench/fuzz.ts.
 */
import fc from 'fast-check';
import { KINDS } from '../../source/api/kinds.js';
import { type FuzzScale, type Mutation, hostileValue, mutationArb, objectInput } from './generators.js';

/** How an update names the version it was based on. */
type RvMode = 'current' | 'stale' | 'none' | 'future' | 'garbage';

/** A benign edit (what controllers and users do) or a hostile mutation of the stored object. */
type Edit =
  | { kind: 'label'; value: string } | { kind: 'finalizers'; value: string[] } | { kind: 'replicas'; value: number }
  | { kind: 'mutation'; mutation: Mutation } | { kind: 'replace'; input: unknown };

/** One step of a scenario. `pick` selects a stored object (one pick in ten names one that does not exist). */
export type StoreOp =
  | { op: 'create'; input: unknown; dryRun: boolean }
  | { op: 'update'; pick: number; edit: Edit; rv: RvMode; dryRun: boolean }
  | { op: 'updateStatus'; pick: number; status: unknown; rv: RvMode }
  | { op: 'patch'; pick: number; type: string; body: unknown; status: boolean; dryRun: boolean }
  | { op: 'delete'; pick: number; options: Record<string, unknown> }
  | { op: 'bind'; pick: number; node: string }
  | { op: 'watch'; kind: number; label: string | null; from: 'now' | 'zero' | 'oldest' | 'garbage' }
  | { op: 'stopWatch'; pick: number }
  | { op: 'advance'; ms: number };

const rvMode = fc.constantFrom<RvMode>('current', 'current', 'stale', 'none', 'future', 'garbage');
const FINALIZERS = ['example.com/protect', 'foregroundDeletion', 'orphan', 'kubernetes', 'bad finalizer!'];

function editArb(scale: FuzzScale): fc.Arbitrary<Edit> {
  return fc.oneof(
    fc.record({ kind: fc.constant('label' as const), value: fc.constantFrom('blue', 'green', '', 'bad value!') }),
    fc.record({ kind: fc.constant('finalizers' as const), value: fc.subarray(FINALIZERS, { maxLength: 2 }) }),
    fc.record({ kind: fc.constant('replicas' as const), value: fc.constantFrom(0, 1, 5, -1, 2.5) }),
    fc.record({ kind: fc.constant('mutation' as const), mutation: mutationArb(scale) }),
    fc.record({ kind: fc.constant('replace' as const), input: objectInput(scale) }),
  );
}

const REALISTIC_STATUS = [
  { phase: 'Running', podIP: '10.244.0.5', conditions: [{ type: 'Ready', status: 'True' }] },
  { replicas: 3, readyReplicas: 2, observedGeneration: 1 }, { phase: 'Active' }, { loadBalancer: {} }, {},
  { conditions: [{ type: 'Ready', status: 'Maybe' }] }, { phase: 'Succeeded' }, { phase: 'Failed' },
];

const pointer = fc.array(fc.constantFrom('metadata', 'labels', 'finalizers', 'spec', 'replicas', 'status', 'kind', 'name', '0', '-', '__proto__', '~1'), { maxLength: 4 })
  .map((t) => (t.length ? `/${t.join('/')}` : ''));
const jsonPatchOps = fc.array(fc.record({
  op: fc.constantFrom('add', 'remove', 'replace', 'test', 'move', 'copy', 'nope'), path: pointer, from: pointer, value: hostileValue,
}, { requiredKeys: ['op', 'path'] }), { maxLength: 4 });
const REALISTIC_PATCHES = [
  { metadata: { labels: { track: 'canary' } } }, { metadata: { finalizers: null } }, { metadata: { finalizers: ['example.com/protect'] } },
  { spec: { replicas: 7 } }, { spec: { replicas: -3 } }, { metadata: { name: 'renamed', namespace: 'kube-system', uid: 'forged' } },
  { status: { phase: 'Running' } }, { metadata: null }, { kind: 'Secret' }, { spec: { template: { spec: { containers: [{ name: 'x', $patch: 'delete' }] } } } },
];
const REALISTIC_JSON_PATCHES = [
  [{ op: 'add', path: '/metadata/labels', value: { track: 'blue' } }], [{ op: 'remove', path: '/metadata/finalizers' }],
  [{ op: 'add', path: '/metadata/finalizers', value: ['example.com/protect'] }], [{ op: 'replace', path: '/spec/replicas', value: 2 }],
  [{ op: 'test', path: '/kind', value: 'Pod' }, { op: 'add', path: '/metadata/annotations', value: { a: 'b' } }], [{ op: 'remove', path: '/metadata' }],
];
const patchBody = fc.oneof(
  fc.constantFrom(...REALISTIC_PATCHES), fc.constantFrom(...REALISTIC_JSON_PATCHES), hostileValue, jsonPatchOps,
  fc.oneof(fc.constantFrom(...REALISTIC_PATCHES), jsonPatchOps).map((v) => JSON.stringify(v)),
  fc.constantFrom('{', '', 'null', '[]', '"x"', 'metadata: {labels: {a: b}}', 'a: &a [*a, *a]', '\ufeff{}'),
);

const deleteOptions = fc.record({
  gracePeriodSeconds: fc.constantFrom(0, 1, 30, -1, 0.5, NaN, Infinity, '5', 2 ** 53),
  propagationPolicy: fc.constantFrom('Background', 'Foreground', 'Orphan', 'bogus'),
  preconditions: fc.record({ uid: fc.constantFrom('right', 'right', 'wrong'), resourceVersion: fc.constantFrom('right', 'right', 'stale') }, { requiredKeys: [] }),
  dryRun: fc.boolean(),
}, { requiredKeys: [] });

/** One scenario step. */
export function storeOp(scale: FuzzScale): fc.Arbitrary<StoreOp> {
  const pick = fc.nat({ max: 200 });
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ op: fc.constant('create' as const), input: objectInput(scale), dryRun: fc.boolean() }) },
    { weight: 4, arbitrary: fc.record({ op: fc.constant('update' as const), pick, edit: editArb(scale), rv: rvMode, dryRun: fc.boolean() }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('updateStatus' as const), pick, status: fc.oneof(fc.constantFrom(...REALISTIC_STATUS), hostileValue), rv: rvMode }) },
    { weight: 4, arbitrary: fc.record({
      op: fc.constant('patch' as const), pick, type: fc.constantFrom('merge', 'strategic', 'json', 'apply', 'xml'), body: patchBody, status: fc.boolean(), dryRun: fc.boolean(),
    }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), pick, options: deleteOptions }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('bind' as const), pick, node: fc.constantFrom('node-1', '') }) },
    { weight: 1, arbitrary: fc.record({
      op: fc.constant('watch' as const), kind: fc.nat({ max: KINDS.length }), label: fc.constantFrom(null, 'app', 'track'),
      from: fc.constantFrom('now', 'zero', 'oldest', 'garbage'),
    }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('stopWatch' as const), pick }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('advance' as const), ms: fc.constantFrom(0, 1_000, 31_000, 3_700_000) }) },
  );
}

/** A scenario: the engine's seed and the steps. */
export interface StoreScenario { seed: number; ops: StoreOp[] }

export function storeScenario(scale: FuzzScale, maxOps = 30): fc.Arbitrary<StoreScenario> {
  return fc.record({ seed: fc.nat({ max: 1_000 }), ops: fc.array(storeOp(scale), { minLength: 1, maxLength: maxOps, size: 'medium' }) });
}

export type { Edit, RvMode };
