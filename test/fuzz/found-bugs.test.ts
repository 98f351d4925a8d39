/**
 * Bugs the fuzzers found, each as the smallest input that shows it (shrunk by hand from the fuzz counterexample;
 * the seed that found it is named). Each test states the correct behaviour, so it fails until the bug is fixed.
 */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../source/api/errors.js';
import { loadManifestText } from '../../source/api/manifest.js';
import type { KubeObject } from '../../source/api/meta.js';
import { testEngine } from '../helpers.js';

/** What the call threw: an ApiError's reason and message, or the name of anything else (a crash). */
function outcome(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (err) {
    return err instanceof ApiError ? `${err.reason}: ${err.message}` : `crash: ${(err as Error).name}: ${(err as Error).message}`;
  }
}

const obj = (o: unknown) => o as KubeObject;

describe('store: identity fields that are not strings (store fuzz, seeds 1 and 2)', () => {
  // store.ts kindFor() printed apiVersion with String(), which throws for an object whose toString is not a function
  // (JSON can carry `{"toString": 0}`), and printed a missing one as "undefined".
  it('an apiVersion that is an object is a BadRequest, not a TypeError', () => {
    const store = testEngine().store;
    expect(outcome(() => store.create(obj({ apiVersion: { toString: 0 }, kind: 'Pod', metadata: { name: 'x' } }))))
      .toBe('BadRequest: no kind "Pod" is registered for version ""');
    expect(outcome(() => store.create(obj({ kind: 'ConfigMap', metadata: { name: 'x' } }))))
      .toBe('BadRequest: no kind "ConfigMap" is registered for version ""');
  });

  // store.ts create()/update() turn metadata.name and metadata.namespace into strings (String(), template
  // literals, objectKey) before admission validates their type: a TypeError for `{"toString": 0}`, and objects
  // named "[object Object]" in messages otherwise. Validation already has the right words for the field
  // (`metadata.name: Invalid value: object: must be of type string`); the store must not stringify first.
  it('a metadata.name or metadata.namespace that is an object is refused with an ApiError naming the field', () => {
    const store = testEngine().store;
    for (const metadata of [{ name: { toString: 0 } }, { name: {} }, { name: 'x', namespace: { toString: 0 } }, { name: 'x', namespace: ['default'] }]) {
      const create = outcome(() => store.create(obj({ apiVersion: 'v1', kind: 'ConfigMap', metadata })));
      expect(create).toMatch(/^(BadRequest|Invalid): .*metadata\.(name|namespace)/);
      expect(create).not.toContain('[object Object]');
      const update = outcome(() => store.update(obj({ apiVersion: 'v1', kind: 'ConfigMap', metadata })));
      expect(update).toMatch(/^(BadRequest|Invalid|NotFound): /);
      expect(update).not.toContain('[object Object]');
    }
  });
});

describe('store: update hands admission the stored (frozen, shared) status (store fuzz, seed 4)', () => {
  // store.ts update(): `next.status = old.status` shares the stored status with the object admission mutates.
  // Namespace defaulting then writes status.phase into it: a TypeError when stored objects are frozen, and
  // without freezing a silent change to the stored object (no new resourceVersion, no watch event).
  it('a main-path update of a Namespace whose status lacks phase succeeds and leaves the old version untouched', () => {
    const store = testEngine().store;
    store.create(obj({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }));
    const emptied = store.updateStatus(obj({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' }, status: {} }));
    expect(outcome(() => store.update(obj({ ...emptied, metadata: { ...emptied.metadata, labels: { team: 'a' } } })))).toBe('ok');
    expect(emptied.status).toEqual({});
  });
});

describe('default admission: a Pod whose spec is not an object (store fuzz, seed 6)', () => {
  // default-admission.ts: priorityAdmission checked `!obj.spec` and then wrote spec.priority, which throws for a
  // string or number spec; DefaultTolerationSeconds wrote spec.tolerations the same way. Validation must answer.
  it('is Invalid (spec: must be of type object), not a TypeError', () => {
    const store = testEngine().store;
    for (const spec of ['nginx', 5]) {
      expect(outcome(() => store.create(obj({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec })))).toMatch(/^Invalid: Pod "p" is invalid: .*spec/);
    }
  });
});

describe('manifest loader: YAML tags that build a Map or Set (manifest fuzz, by hand from !!omap / !!set)', () => {
  // manifest-load.ts converts documents with yaml's toJS(), which turns `!!omap` into a Map and `!!set` into a Set.
  // The checker sees an object, so the manifest loads clean; store.create's deepClone then copies the Map/Set as {}
  // and the data is silently lost. Loaded objects must be plain JSON data, or the document an error.
  it.each([
    ['!!omap', 'data: !!omap\n  - colour: blue\n'],
    ['!!set', 'data: !!set\n  ? colour\n'],
  ])('%s: the ConfigMap is refused or loads as plain data', (_tag, body) => {
    const r = loadManifestText(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n${body}`, 'x.yaml');
    for (const { object } of r.objects) {
      const data = object.data as object;
      expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    }
    expect(r.objects.length + r.diagnostics.filter((d) => d.severity === 'error').length).toBe(1);
  });
});

describe('garbage collector: a stored object deeper than patches allow (store fuzz, seed 10)', () => {
  // The store keeps unknown fields at any depth (upstream prunes unknown fields of built-in kinds), but every patch
  // of such an object fails: patch/json-value.ts refuses documents deeper than 100 levels, the original included.
  // The orphan finalizer's patch (gc.ts dropFinalizer) then fails, and GarbageCollector.safely() rethrows every
  // ApiError but NotFound/Conflict, so Engine.settle() throws: one odd object stops the whole simulation.
  it('deleting it with propagationPolicy Orphan completes and the step loop keeps running', () => {
    const engine = testEngine();
    let junk: unknown = 'x';
    for (let i = 0; i < 150; i++) junk = { a: junk };
    // Fixed by refusing such objects at the door: every stored object stays within the patch code's depth limit.
    expect(outcome(() => engine.store.create(obj({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'deep' }, data: { a: 'b' }, junk }))))
      .toMatch(/^BadRequest: the object is nested more than 100 levels deep/);
    engine.store.create(obj({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'deep' }, data: { a: 'b' } }));
    engine.store.delete('ConfigMap', 'default', 'deep', { propagationPolicy: 'Orphan' });
    expect(() => engine.settle()).not.toThrow();
    expect(engine.store.tryGet('ConfigMap', 'default', 'deep')).toBeUndefined();
  });
});

describe('store.delete: the propagation policy replaces the other GC finalizer (store fuzz, seed 13)', () => {
  // Upstream's deletionFinalizersForGarbageCollection first removes both `orphan` and `foregroundDeletion`, then
  // adds the one the request's policy asks for (none for Background). store.delete only added, so an object that
  // carried `orphan` and was deleted with Foreground held both, a combination validation forbids: the collector's
  // next write to it was Invalid, and GarbageCollector.safely() rethrew that out of Engine.settle().
  it('Foreground on an object with the orphan finalizer swaps it for foregroundDeletion, and the object goes', () => {
    const engine = testEngine();
    engine.store.create(obj({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', finalizers: ['orphan'] } }));
    const terminating = engine.store.delete('ConfigMap', 'default', 'cfg', { propagationPolicy: 'Foreground' });
    expect(terminating.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(() => engine.settle()).not.toThrow();
    expect(engine.store.tryGet('ConfigMap', 'default', 'cfg')).toBeUndefined();
  });

  it('Background on an object with the orphan finalizer removes it (nothing left to wait for)', () => {
    const engine = testEngine();
    engine.store.create(obj({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', finalizers: ['orphan'] } }));
    engine.store.delete('ConfigMap', 'default', 'cfg', { propagationPolicy: 'Background' });
    expect(engine.store.tryGet('ConfigMap', 'default', 'cfg')).toBeUndefined();
  });
});

describe('store.delete: an enormous grace period (store fuzz, seed 23)', () => {
  // store.ts timestamp() built `new Date(now + grace × 1000)`, an Invalid Date past year 275760: toISOString threw
  // a RangeError out of delete. Upstream validates only gracePeriodSeconds ≥ 0, so the request must be served.
  it('a bound pod deleted with gracePeriodSeconds 2^53 gets a valid deletionTimestamp', () => {
    const store = testEngine().store;
    store.create(obj({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'nginx' }] } }));
    let deleted: KubeObject | undefined;
    expect(outcome(() => (deleted = store.delete('Pod', 'default', 'p', { gracePeriodSeconds: 2 ** 53 })))).toBe('ok');
    expect(deleted?.metadata.deletionTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });
});

describe('store.update: finalizers that are not a list on a terminating object (store fuzz, seed 24)', () => {
  // store.ts update() checked "no new finalizers while terminating" with (finalizers ?? []).some(...) before
  // validation ran: a TypeError for `finalizers: {…}`. Validation must answer instead.
  it('is Invalid, not a TypeError', () => {
    const store = testEngine().store;
    store.create(obj({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', finalizers: ['example.com/keep'] } }));
    const terminating = store.delete('ConfigMap', 'default', 'cfg');
    const update = outcome(() => store.update(obj({ ...terminating, metadata: { ...terminating.metadata, finalizers: { a: 'example.com/keep' } } })));
    expect(update).toMatch(/^Invalid: ConfigMap "cfg" is invalid: metadata\.finalizers/);
  });
});

describe('store deepClone: an own "__proto__" member (store fuzz, seed 27)', () => {
  // clone.ts deepClone assigned out[key] for every key, so a JSON body's "__proto__" member became the copy's
  // prototype: fields hidden from JSON but read by everything else (a namespace or nodeName smuggled in), and later
  // patches of the object failed ("object of type Object is not a JSON value"), crashing the collector's writes.
  it('stays a plain member: validation sees it, nothing is inherited', () => {
    const store = testEngine().store;
    const cm = JSON.parse('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x","__proto__":{"namespace":"kube-system"}},"data":{"__proto__":{"a":"b"}}}');
    expect(outcome(() => store.create(cm))).toMatch(/^Invalid: ConfigMap "x" is invalid: .*data\[__proto__\]/);
    const pod = JSON.parse('{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"__proto__":{"nodeName":"node-1"},"containers":[{"name":"c","image":"nginx"}]}}');
    const stored = store.create<KubeObject>(pod);
    expect((stored.spec as { nodeName?: string }).nodeName).toBeUndefined();
    expect(Object.getPrototypeOf(stored.spec)).toBe(Object.prototype);
  });
});

describe('store.updateStatus: the status subresource stores anything (store fuzz, seed 5)', () => {
  // store.ts update() with subresource 'status' copies input.status without admission: no type check, no
  // validation. Upstream decodes the body into the kind's type (status: 42 is a 400) and validates the status
  // update (ValidatePodStatusUpdate and the like: conditions must be a list of conditions). Readers that trust the
  // stored shape (printers, controllers, the UI) then meet a status of 42 or conditions of "nope".
  it.each([
    ['a number', 42],
    ['a list', [1]],
    ['conditions that are not a list', { phase: 'Running', conditions: 'nope' }],
    ['a phase that is an object', { phase: { a: 1 } }],
  ])('a Pod status that is %s is refused', (_what, status) => {
    const store = testEngine().store;
    const pod = store.create<KubeObject>(obj({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }));
    expect(outcome(() => store.updateStatus({ ...pod, status }))).toMatch(/^(BadRequest|Invalid): /);
  });
});

describe('manifest loader: a file with very many diagnostics (bench/fuzz.ts, seed 7)', () => {
  // manifest.ts loadInto() appends with result.diagnostics.push(...diagnostics): past ~120,000 diagnostics the
  // spread overflows the stack and loadManifestText throws a RangeError, though it promises never to throw. 130,000
  // one-line documents (780 KB, far under the 10 MB and 1,000,000-node caps) are enough.
  it('answers 130,000 tiny invalid documents with errors (all, or capped), without throwing', () => {
    let r: ReturnType<typeof loadManifestText> | undefined;
    expect(outcome(() => (r = loadManifestText('x\n---\n'.repeat(130_000), 'many.yaml')))).toBe('ok');
    expect(r!.objects).toEqual([]);
    expect(r!.diagnostics.length).toBeGreaterThan(0);
    expect(r!.diagnostics.every((d) => d.severity === 'error' && d.line >= 1 && d.line <= 260_001)).toBe(true);
  });
});

describe('field errors: printing a deeply nested invalid value (bench/fuzz.ts, seed 7)', () => {
  // errors.ts printValue() prints a FieldError's value with JSON.stringify, which recurses: a value a few thousand
  // levels deep (JSON.parse builds one happily) overflows the stack while the Invalid error is being built, so a
  // RangeError escapes store.create instead of the 422.
  it('a ResourceQuota whose spec.hard.pods nests 5,000 levels is Invalid, not a RangeError', () => {
    const store = testEngine().store;
    let pods: unknown = 'x';
    for (let i = 0; i < 5_000; i++) pods = [pods];
    expect(outcome(() => store.create(obj({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard: { pods } } }))))
      .toMatch(/^(Invalid: ResourceQuota "q" is invalid: spec\.hard\[pods\]|BadRequest: the object is nested more than 100 levels deep)/);
  });
});

describe('store.bind: an empty target node (store fuzz, by hand from the bind operation)', () => {
  // Upstream's ValidatePodBinding answers `target.name: Required value`; store.bind accepts "" and records the pod
  // as PodScheduled=True with spec.nodeName "", a pod no kubelet will ever run and the scheduler will never retry.
  it('is refused', () => {
    const store = testEngine().store;
    store.create(obj({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }));
    expect(outcome(() => store.bind('default', 'p', ''))).toMatch(/^(Invalid|BadRequest): .*target\.name/);
  });
});
