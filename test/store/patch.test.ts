import { describe, expect, it } from 'vitest';
import { ApiError } from '../../source/api/errors.js';
import { applyPatch, jsonMergePatch, jsonPatch, patchTypeFromContentType } from '../../source/store/patch.js';

/** The ApiError `fn` throws (fails the test on success or on any other error). */
function errorOf(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected an ApiError, got success');
}

const UNPROCESSABLE = 'the server rejected our request due to an error in our request';

function deployment(): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web', tier: 'front' } },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27', args: ['-g', 'daemon off;'] }, { name: 'sidecar', image: 'envoy' }] },
      },
    },
  };
}

describe('patchTypeFromContentType', () => {
  it('maps the four upstream media types', () => {
    expect(patchTypeFromContentType('application/json-patch+json')).toBe('json');
    expect(patchTypeFromContentType('application/merge-patch+json')).toBe('merge');
    expect(patchTypeFromContentType('application/strategic-merge-patch+json')).toBe('strategic');
    expect(patchTypeFromContentType('application/apply-patch+yaml')).toBe('apply');
  });

  it('ignores parameters, case and spaces', () => {
    expect(patchTypeFromContentType('application/merge-patch+json; charset=utf-8')).toBe('merge');
    expect(patchTypeFromContentType(' Application/JSON-Patch+JSON ')).toBe('json');
  });

  it('returns undefined for anything else', () => {
    for (const type of ['application/json', 'application/yaml', 'text/plain', '', 'constructor', '__proto__', 'toString']) {
      expect(patchTypeFromContentType(type)).toBeUndefined();
    }
  });
});

describe('jsonMergePatch (RFC 7386 appendix A)', () => {
  const cases: Array<[unknown, unknown, unknown]> = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [['a', 'b'], ['c', 'd'], ['c', 'd']],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  it.each(cases)('%j + %j', (target, patch, expected) => {
    expect(jsonMergePatch(target, patch)).toEqual(expected);
  });

  it('does not mutate the target or the patch', () => {
    const target = { a: { b: 1 }, list: [1] };
    const patch = { a: { c: 2 }, list: [2] };
    const result = jsonMergePatch(target, patch) as { list: number[] };
    expect(target).toEqual({ a: { b: 1 }, list: [1] });
    result.list.push(3);
    expect(patch.list).toEqual([2]);
  });
});

describe('applyPatch: merge', () => {
  it('replaces lists whole and deletes keys set to null', () => {
    const result = applyPatch(deployment(), 'Deployment', 'merge', {
      metadata: { labels: { tier: null } },
      spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } } },
    }) as ReturnType<typeof deployment> & { metadata: { labels: object }; spec: { template: { spec: { containers: unknown[] } } } };
    expect(result.metadata.labels).toEqual({ app: 'web' });
    expect(result.spec.template.spec.containers).toEqual([{ name: 'web', image: 'nginx:1.28' }]);
  });

  it('is how `kubectl scale` patches /scale', () => {
    const scale = { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'web' }, spec: { replicas: 3 } };
    expect(applyPatch(scale, 'Deployment', 'merge', { spec: { replicas: 5 } })).toEqual({ ...scale, spec: { replicas: 5 } });
  });

  it('accepts the raw request body', () => {
    const result = applyPatch(deployment(), 'Deployment', 'merge', '{"spec":{"replicas":1}}') as { spec: { replicas: number } };
    expect(result.spec.replicas).toBe(1);
  });

  it('rejects a patch that is not an object', () => {
    expect(errorOf(() => applyPatch(deployment(), 'Deployment', 'merge', null))).toMatchObject({ reason: 'BadRequest', code: 400, message: 'Invalid JSON Patch' });
    for (const patch of [[], 'not json', 3, true]) {
      expect(errorOf(() => applyPatch(deployment(), 'Deployment', 'merge', patch)).reason).toBe('BadRequest');
    }
  });

  it('rejects a body that is not JSON', () => {
    const err = errorOf(() => applyPatch(deployment(), 'Deployment', 'merge', '{"spec":'));
    expect(err.reason).toBe('BadRequest');
    expect(err.message).toMatch(/^error decoding patch: /);
  });
});

describe('jsonPatch (RFC 6902 appendix A)', () => {
  it('A.1 adds an object member', () => {
    expect(jsonPatch({ foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux' }])).toEqual({ baz: 'qux', foo: 'bar' });
  });
  it('A.2 adds an array element', () => {
    expect(jsonPatch({ foo: ['bar', 'baz'] }, [{ op: 'add', path: '/foo/1', value: 'qux' }])).toEqual({ foo: ['bar', 'qux', 'baz'] });
  });
  it('A.3 removes an object member', () => {
    expect(jsonPatch({ baz: 'qux', foo: 'bar' }, [{ op: 'remove', path: '/baz' }])).toEqual({ foo: 'bar' });
  });
  it('A.4 removes an array element', () => {
    expect(jsonPatch({ foo: ['bar', 'qux', 'baz'] }, [{ op: 'remove', path: '/foo/1' }])).toEqual({ foo: ['bar', 'baz'] });
  });
  it('A.5 replaces a value', () => {
    expect(jsonPatch({ baz: 'qux', foo: 'bar' }, [{ op: 'replace', path: '/baz', value: 'boo' }])).toEqual({ baz: 'boo', foo: 'bar' });
  });
  it('A.6 moves a value', () => {
    expect(jsonPatch({ foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } }, [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }]))
      .toEqual({ foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } });
  });
  it('A.7 moves an array element', () => {
    expect(jsonPatch({ foo: ['all', 'grass', 'cows', 'eat'] }, [{ op: 'move', from: '/foo/1', path: '/foo/3' }]))
      .toEqual({ foo: ['all', 'cows', 'eat', 'grass'] });
  });
  it('A.8 tests values that match', () => {
    const doc = { baz: 'qux', foo: ['a', 2, 'c'] };
    expect(jsonPatch(doc, [{ op: 'test', path: '/baz', value: 'qux' }, { op: 'test', path: '/foo/1', value: 2 }])).toEqual(doc);
  });
  it('A.9 fails a test that does not match, as upstream: 422 with the generic message and the path in the cause', () => {
    const err = errorOf(() => jsonPatch({ baz: 'qux' }, [{ op: 'test', path: '/baz', value: 'bar' }]));
    expect(err).toMatchObject({ reason: 'Invalid', code: 422, message: UNPROCESSABLE });
    expect(err.details?.causes).toEqual([{ reason: 'FieldValueInvalid', message: 'Testing value /baz failed', field: '/baz' }]);
  });
  it('A.10 adds a nested member object', () => {
    expect(jsonPatch({ foo: 'bar' }, [{ op: 'add', path: '/child', value: { grandchild: {} } }])).toEqual({ foo: 'bar', child: { grandchild: {} } });
  });
  it('A.11 ignores unrecognised members of an operation', () => {
    expect(jsonPatch({ foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux', xyz: 123 }])).toEqual({ foo: 'bar', baz: 'qux' });
  });
  it('A.12 refuses to add to a nonexistent target', () => {
    const err = errorOf(() => jsonPatch({ foo: 'bar' }, [{ op: 'add', path: '/baz/bat', value: 'qux' }]));
    expect(err.reason).toBe('Invalid');
    expect(err.details?.causes?.[0]?.message).toBe('jsonpatch add operation does not apply: doc is missing path: /baz/bat');
  });
  it('A.14 unescapes ~01 as ~1, not /', () => {
    expect(jsonPatch({ '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: 10 }])).toEqual({ '/': 9, '~1': 10 });
  });
  it('A.15 compares strings and numbers strictly', () => {
    expect(errorOf(() => jsonPatch({ '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: '10' }])).reason).toBe('Invalid');
  });
  it('A.16 appends an array value with "-"', () => {
    expect(jsonPatch({ foo: ['bar'] }, [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }])).toEqual({ foo: ['bar', ['abc', 'def']] });
  });
});

describe('jsonPatch: upstream behaviour and bad input', () => {
  it('copies values and tests deep equality regardless of member order', () => {
    const result = jsonPatch({ a: { x: 1, y: [1, 2] } }, [
      { op: 'copy', from: '/a', path: '/b' },
      { op: 'test', path: '/b', value: { y: [1, 2], x: 1 } },
      { op: 'add', path: '/b/y/-', value: 3 },
    ]);
    expect(result).toEqual({ a: { x: 1, y: [1, 2] }, b: { x: 1, y: [1, 2, 3] } });
  });

  it('counts negative indices from the end, as evanphx/json-patch does', () => {
    expect(jsonPatch({ a: [1, 2, 3] }, [{ op: 'remove', path: '/a/-1' }])).toEqual({ a: [1, 2] });
    expect(jsonPatch({ a: [1, 2, 3] }, [{ op: 'replace', path: '/a/-3', value: 0 }])).toEqual({ a: [0, 2, 3] });
  });

  it('passes a test of an absent path against null (upstream asserts absence this way)', () => {
    expect(jsonPatch({ a: 1 }, [{ op: 'test', path: '/b', value: null }])).toEqual({ a: 1 });
    expect(errorOf(() => jsonPatch({ a: 1 }, [{ op: 'test', path: '/b', value: 1 }])).reason).toBe('Invalid');
  });

  it('replaces and tests the whole document with the empty pointer', () => {
    expect(jsonPatch({ a: 1 }, [{ op: 'replace', path: '', value: { b: 2 } }])).toEqual({ b: 2 });
    expect(errorOf(() => jsonPatch({ a: 1 }, [{ op: 'remove', path: '' }])).reason).toBe('Invalid');
  });

  it('applies all operations or none: a later failure leaves the target untouched', () => {
    const target = { a: 1 };
    errorOf(() => jsonPatch(target, [{ op: 'replace', path: '/a', value: 2 }, { op: 'test', path: '/a', value: 1 }]));
    expect(target).toEqual({ a: 1 });
  });

  it('names the failing path of replace, remove, move, copy and bad indices', () => {
    const cause = (ops: unknown) => errorOf(() => jsonPatch({ a: [1], o: {} }, ops)).details?.causes?.[0]?.message;
    expect(cause([{ op: 'replace', path: '/o/x', value: 1 }])).toBe('jsonpatch replace operation does not apply: doc is missing key: /o/x');
    expect(cause([{ op: 'remove', path: '/o/x' }])).toBe('Unable to remove nonexistent key: x: missing value');
    expect(cause([{ op: 'move', from: '/o', path: '/o/inner' }])).toBe('Unable to move /o into one of its children: /o/inner');
    expect(cause([{ op: 'copy', from: '/nope', path: '/b' }])).toBe('jsonpatch copy operation does not apply: doc is missing from path: /nope');
    expect(cause([{ op: 'add', path: '/a/5', value: 1 }])).toBe('Unable to access invalid index: 5');
    expect(cause([{ op: 'replace', path: '/a/x', value: 1 }])).toBe("value was not a proper array index: 'x'");
    expect(cause([{ op: 'replace', path: '/a/-', value: 1 }])).toBe("value was not a proper array index: '-'");
  });

  it('answers 422 for malformed operations, as upstream decides at apply time', () => {
    const cause = (ops: unknown) => {
      const err = errorOf(() => jsonPatch({}, ops));
      expect(err.code).toBe(422);
      return err.details?.causes?.[0]?.message;
    };
    expect(cause([{ op: 'frobnicate', path: '/a' }])).toBe('Unexpected kind: frobnicate');
    expect(cause([{ path: '/a' }])).toBe('Unexpected kind: unknown');
    expect(cause([null])).toBe('Unexpected kind: unknown');
    expect(cause([{ op: 'add', value: 1 }])).toBe('jsonpatch add operation is missing the "path" field');
    expect(cause([{ op: 'add', path: '/a' }])).toBe('jsonpatch add operation is missing the "value" field');
    expect(cause([{ op: 'move', path: '/a' }])).toBe('jsonpatch move operation is missing the "from" field');
    expect(cause([{ op: 'add', path: 'a', value: 1 }])).toBe('invalid JSON pointer "a": it must be empty or start with "/"');
    expect(cause([{ op: 'add', path: '/a~2', value: 1 }])).toBe('invalid JSON pointer "/a~2": "~" must be followed by "0" or "1"');
  });

  it('answers 400 for a document that is not an array of objects, with Go\'s decode message', () => {
    expect(errorOf(() => jsonPatch({}, { op: 'add' }))).toMatchObject({
      reason: 'BadRequest', message: 'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    });
    expect(errorOf(() => jsonPatch({}, ['add'])).message).toBe('json: cannot unmarshal string into Go value of type jsonpatch.Operation');
    expect(errorOf(() => jsonPatch({}, 7)).message).toBe('json: cannot unmarshal number into Go value of type jsonpatch.Patch');
  });

  it('refuses more than 10,000 operations with 413', () => {
    const ops = Array.from({ length: 10_001 }, () => ({ op: 'test', path: '', value: {} }));
    expect(errorOf(() => jsonPatch({}, ops))).toMatchObject({
      reason: 'RequestEntityTooLarge', code: 413, message: 'The allowed maximum operations in a JSON patch is 10000, got 10001',
    });
    expect(jsonPatch({}, ops.slice(1))).toEqual({});
  });

  it('stops a copy bomb instead of doubling the document forever', () => {
    // Each op appends the array to itself, doubling it: 64 ops would be 2^64 values.
    const ops = Array.from({ length: 64 }, () => ({ op: 'copy', from: '/a', path: '/a/-' }));
    const err = errorOf(() => jsonPatch({ a: [1, 2, 3, 4] }, ops));
    expect(err.reason).toBe('Invalid');
    expect(err.details?.causes?.[0]?.message).toMatch(/accumulated size increase of copy exceeds the limit/);
  });
});

describe('applyPatch: json', () => {
  it('patches a container image by index', () => {
    const result = applyPatch(deployment(), 'Deployment', 'json', [
      { op: 'test', path: '/spec/template/spec/containers/0/name', value: 'web' },
      { op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'nginx:1.28' },
      { op: 'add', path: '/spec/template/spec/containers/0/args/-', value: '-q' },
    ]) as { spec: { template: { spec: { containers: Array<{ image: string; args: string[] }> } } } };
    expect(result.spec.template.spec.containers[0]).toMatchObject({ image: 'nginx:1.28', args: ['-g', 'daemon off;', '-q'] });
  });

  it('escapes / in label keys as ~1', () => {
    const result = applyPatch(deployment(), 'Deployment', 'json', [{ op: 'add', path: '/metadata/labels/app.kubernetes.io~1name', value: 'web' }]) as
      { metadata: { labels: Record<string, string> } };
    expect(result.metadata.labels['app.kubernetes.io/name']).toBe('web');
  });

  it('refuses a patch that leaves something other than an object', () => {
    expect(errorOf(() => applyPatch(deployment(), 'Deployment', 'json', [{ op: 'replace', path: '', value: [1] }])).reason).toBe('BadRequest');
  });
});

describe('applyPatch: hostile input', () => {
  it('never touches Object.prototype through __proto__ or constructor', () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const proto = JSON.parse('{"metadata":{"__proto__":{"polluted":true}}}');
    for (const type of ['merge', 'strategic', 'apply'] as const) {
      expect(errorOf(() => applyPatch(deployment(), 'Deployment', type, proto))).toMatchObject({
        reason: 'BadRequest', message: 'invalid patch: the key "__proto__" is not allowed',
      });
    }
    expect(errorOf(() => applyPatch(deployment(), 'Deployment', 'json', [{ op: 'add', path: '/__proto__/polluted', value: true }])).reason).toBe('BadRequest');
    expect(errorOf(() => applyPatch(deployment(), 'Deployment', 'json', [{ op: 'add', path: '/constructor/prototype/polluted', value: true }])).reason).toBe('Invalid');
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('treats "constructor" as an ordinary key', () => {
    for (const type of ['merge', 'strategic'] as const) {
      const result = applyPatch(deployment(), 'Deployment', type, { metadata: { labels: { constructor: 'x', toString: 'y' } } }) as
        { metadata: { labels: Record<string, unknown> } };
      expect(Object.hasOwn(result.metadata.labels, 'constructor')).toBe(true);
      expect(result.metadata.labels).toEqual({ app: 'web', tier: 'front', constructor: 'x', toString: 'y' });
    }
    const removed = applyPatch({ metadata: { name: 'a' } }, 'ConfigMap', 'merge', { metadata: { constructor: null } });
    expect(removed).toEqual({ metadata: { name: 'a' } });
  });

  it('answers 400 for nesting deeper than 100 levels (patch or body)', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 5_000; i++) deep = { a: deep };
    for (const type of ['merge', 'strategic', 'apply'] as const) {
      expect(errorOf(() => applyPatch(deployment(), 'Deployment', type, deep))).toMatchObject({ reason: 'BadRequest' });
    }
    expect(errorOf(() => applyPatch(deployment(), 'Deployment', 'json', [{ op: 'add', path: '/x', value: deep }])).reason).toBe('BadRequest');
    const body = `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`;
    expect(errorOf(() => applyPatch(deployment(), 'Deployment', 'merge', body)).reason).toBe('BadRequest');
  });

  it('answers 400 for values that are not JSON', () => {
    for (const value of [() => 1, Symbol('s'), 10n, new Date(0), new Map()]) {
      expect(errorOf(() => applyPatch(deployment(), 'Deployment', 'merge', { spec: { x: value } })).reason).toBe('BadRequest');
    }
  });

  it('handles huge arrays in linear time', () => {
    const finalizers = Array.from({ length: 100_000 }, (_, i) => `f${i}`);
    const original = { metadata: { name: 'a', finalizers } };
    const started = performance.now();
    const result = applyPatch(original, 'ConfigMap', 'strategic', { metadata: { finalizers: [...finalizers].reverse() } }) as
      { metadata: { finalizers: string[] } };
    expect(result.metadata.finalizers).toHaveLength(100_000);
    expect(result.metadata.finalizers[0]).toBe('f99999');
    // Not a timing assertion on speed, only a guard against a quadratic algorithm (which takes minutes here).
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('answers 415 for an unknown patch type', () => {
    expect(errorOf(() => applyPatch(deployment(), 'Deployment', 'xml' as never, {}))).toMatchObject({ reason: 'UnsupportedMediaType', code: 415 });
  });
});
