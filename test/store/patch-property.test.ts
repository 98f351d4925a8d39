import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../source/api/errors.js';
import { applyPatch, jsonMergePatch, jsonPatch, strategicMergePatch, type PatchType } from '../../source/store/patch.js';

/** Keys that exercise merge lists, directives and prototype names (`__proto__` rare: it fails the whole patch). */
const KEYS = [
  'metadata', 'spec', 'status', 'template', 'jobTemplate', 'containers', 'initContainers', 'env', 'ports', 'finalizers', 'conditions',
  'labels', 'name', 'type', 'image', 'containerPort', 'value', 'args', 'tolerations', 'ownerReferences', 'uid',
  '$patch', '$retainKeys', '$setElementOrder/containers', '$setElementOrder/finalizers', '$deleteFromPrimitiveList/finalizers',
  '$setElementOrder', '$deleteFromPrimitiveListX', 'constructor', 'toString', 'hasOwnProperty',
];
const SCALAR = fc.oneof(
  fc.constantFrom('a', 'b', 'c', 'replace', 'delete', 'merge', 'name', 'containers', 'type', 'metadata'),
  fc.integer({ min: -3, max: 5 }), fc.boolean(), fc.constant(null),
);

function valueArbitrary(keys: string[], proto = false) {
  const key = proto
    ? fc.oneof({ weight: 60, arbitrary: fc.constantFrom(...keys) }, { weight: 1, arbitrary: fc.constant('__proto__') })
    : fc.constantFrom(...keys);
  return fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, SCALAR, tie('object'), tie('array')),
    object: fc.dictionary(key, tie('value'), { maxKeys: 5 }),
    array: fc.array(tie('value'), { maxLength: 4 }),
  }));
}

const hostile = valueArbitrary(KEYS, true);
const plainKeys = KEYS.filter((k) => !k.startsWith('$'));

/** Pod-shaped documents, so merge lists, their keys and list directives meet real structure. */
const containerName = fc.constantFrom('a', 'b', 'c');
const container = fc.record({
  name: containerName, image: fc.constantFrom('nginx', 'redis', null),
  env: fc.array(fc.record({ name: fc.constantFrom('X', 'Y'), value: fc.constantFrom('1', '2', null) }, { requiredKeys: ['name'] }), { maxLength: 3 }),
  $patch: fc.constantFrom('delete', 'replace', 'merge', 'bogus'),
}, { requiredKeys: [] });
const podish = fc.record({
  metadata: fc.record({
    finalizers: fc.array(fc.constantFrom('f1', 'f2', 'f3'), { maxLength: 3 }),
    '$deleteFromPrimitiveList/finalizers': fc.array(fc.constantFrom('f1', 'f2'), { maxLength: 2 }),
    '$setElementOrder/finalizers': fc.array(fc.constantFrom('f1', 'f2', 'f3'), { maxLength: 3 }),
    labels: fc.dictionary(fc.constantFrom('app', 'tier', 'constructor'), fc.constantFrom('x', null), { maxKeys: 2 }),
  }, { requiredKeys: [] }),
  spec: fc.record({
    containers: fc.array(container, { maxLength: 4 }),
    '$setElementOrder/containers': fc.array(fc.record({ name: containerName }), { maxLength: 4 }),
    tolerations: fc.array(fc.record({ key: fc.constantFrom('k1', 'k2') }), { maxLength: 2 }),
    $retainKeys: fc.constantFrom(['containers'], ['tolerations', 'containers']),
  }, { requiredKeys: [] }),
}, { requiredKeys: [] });
const plain = valueArbitrary(plainKeys);

const pointer = fc.array(fc.constantFrom('metadata', 'spec', 'containers', 'finalizers', '0', '1', '-', '-1', '01', 'name', 'a', '~0', '~1', '~2', '__proto__', 'constructor'), { maxLength: 4 })
  .map((tokens) => (tokens.length === 0 ? '' : `/${tokens.join('/')}`));
const operation = fc.record(
  { op: fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test', 'bogus'), path: pointer, from: pointer, value: hostile.value },
  { requiredKeys: ['op'] },
);
const patchArbitrary = fc.oneof(podish, podish, hostile.value, hostile.object, fc.array(fc.oneof(operation, operation, hostile.value), { maxLength: 6 }), fc.jsonValue());

const ALLOWED_REASONS = ['BadRequest', 'Invalid', 'RequestEntityTooLarge', 'UnsupportedMediaType'];

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

function objectsIn(value: unknown, into = new Set<object>()): Set<object> {
  if (value !== null && typeof value === 'object') {
    into.add(value);
    for (const key of Object.keys(value)) objectsIn((value as Record<string, unknown>)[key], into);
  }
  return into;
}

describe('applyPatch properties', () => {
  it('throws nothing but a client ApiError, never mutates or shares the original or the patch', () => {
    const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).join();
    fc.assert(fc.property(
      fc.oneof(podish, hostile.object), fc.constantFrom('Pod', 'Deployment', 'Node', 'Service', 'CronJob', 'Widget'),
      fc.constantFrom<PatchType>('json', 'merge', 'strategic', 'apply'), patchArbitrary,
      (original, kind, type, patch) => {
        const originalText = JSON.stringify(original);
        const patchText = JSON.stringify(patch);
        deepFreeze(original);
        deepFreeze(patch);
        try {
          const result = applyPatch(original, kind, type, patch);
          expect(typeof result === 'object' && result !== null && !Array.isArray(result)).toBe(true);
          const foreign = objectsIn(original, objectsIn(patch));
          for (const object of objectsIn(result)) expect(foreign.has(object)).toBe(false);
        } catch (err) {
          expect(err).toBeInstanceOf(ApiError);
          expect(ALLOWED_REASONS).toContain((err as ApiError).reason);
        }
        expect(JSON.stringify(original)).toBe(originalText);
        expect(JSON.stringify(patch)).toBe(patchText);
      },
    ), { numRuns: 3000 });
    expect(Object.getOwnPropertyNames(Object.prototype).join()).toBe(prototypeBefore);
  });

  it('a JSON merge patch is idempotent (RFC 7386)', () => {
    fc.assert(fc.property(plain.object, plain.object, (target, patch) => {
      const once = jsonMergePatch(target, patch);
      expect(jsonMergePatch(once, patch)).toEqual(once);
    }), { numRuns: 1000 });
  });

  it('without lists or directives, a strategic merge patch is a JSON merge patch', () => {
    const noLists = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, SCALAR, tie('object')),
      object: fc.dictionary(fc.constantFrom(...plainKeys), tie('value'), { maxKeys: 5 }),
    }));
    fc.assert(fc.property(plain.object, noLists.object, (target, patch) => {
      expect(strategicMergePatch(target, patch, 'ConfigMap')).toEqual(jsonMergePatch(target, patch));
    }), { numRuns: 1000 });
  });

  it('JSON patch: adding then removing a new member gives back the document', () => {
    fc.assert(fc.property(plain.object, plain.value, (doc, value) => {
      const key = 'fresh~/key';
      const path = `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      expect(jsonPatch(doc, [{ op: 'add', path, value }, { op: 'remove', path }])).toEqual(doc);
    }), { numRuns: 500 });
  });
});
