/**
 * Validation and defaulting see objects straight from YAML, so any shape must give errors, never an exception.
 * These tests call the unchecked validator (no safety net), so a throw here is a real bug.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../../../source/api/defaults/index.js';
import { formatFieldError } from '../../../source/api/errors.js';
import { validateUnchecked } from '../../../source/api/validation/dispatch.js';
import { validateObject } from '../../../source/api/validation/index.js';
import { clone, everyKind, type Loose } from './fixtures.js';

/** Every path (as key lists) inside a JSON value, objects and arrays included. */
function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

function setAt(obj: Loose, path: (string | number)[], value: unknown): Loose {
  if (path.length === 0) return value;
  const copy = clone(obj);
  let cur = copy;
  for (const key of path.slice(0, -1)) cur = cur[key];
  cur[path[path.length - 1]!] = value;
  return copy;
}

/** Defaulting then validation, as admission runs them; both must survive anything. */
function admit(obj: Loose, old?: Loose): string[] {
  const copy = obj && typeof obj === 'object' ? clone(obj) : obj;
  applyDefaults(copy);
  return validateUnchecked(copy, old).map(formatFieldError);
}

const WEIRD: unknown[] = [null, 'text', '', -1, 0, 1.5, 1e308, true, [], [1, 'a', null], {}, { nested: { deep: [] } }, '99999999999999999999Gi'];

describe('wrong types everywhere', () => {
  it('replaces every field of every kind with every weird value without throwing', () => {
    let checked = 0;
    for (const obj of everyKind()) {
      for (const path of paths(obj)) {
        for (const value of WEIRD) {
          const mutated = setAt(obj, path, value);
          expect(() => admit(mutated)).not.toThrow();
          expect(() => admit(mutated, obj)).not.toThrow();
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(3000);
  });

  it('reports a wrong scalar type as a type error on the exact field', () => {
    const dep = everyKind().find((o) => o.kind === 'Deployment');
    expect(admit(setAt(dep, ['spec', 'replicas'], '3'))).toEqual(['spec.replicas: Invalid value: "3": must be of type integer']);
    expect(admit(setAt(dep, ['spec', 'template', 'spec', 'containers'], { name: 'x' })))
      .toContain('spec.template.spec.containers: Invalid value: object: must be of type array');
    expect(admit(setAt(dep, ['metadata', 'labels'], { app: 'web', version: 1 })))
      .toContain('metadata.labels[version]: Invalid value: 1: must be of type string');
  });

  it('treats null as absent, as JSON decoding does (so defaults apply)', () => {
    const dep = everyKind().find((o) => o.kind === 'Deployment');
    const copy = setAt(dep, ['spec', 'replicas'], null);
    applyDefaults(copy);
    expect(copy.spec.replicas).toBe(1);
    expect(validateObject(copy)).toEqual([]);
  });

  it('does not mistake Object.prototype members for kinds or table entries (found by the property test)', () => {
    for (const kind of ['valueOf', 'toString', 'constructor', 'hasOwnProperty', '__proto__']) {
      for (const obj of everyKind().slice(0, 3)) {
        const mutated = { ...clone(obj), kind };
        expect(() => admit(mutated)).not.toThrow();
        expect(admit(mutated)).toEqual([]);
      }
    }
    const pc = { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'system-constructor' }, value: 1 };
    expect(admit(pc)).toEqual(["metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-constructor is not a known system priority class"]);
  });

  it('survives non-objects at the top level', () => {
    for (const value of WEIRD) expect(() => admit(value)).not.toThrow();
    expect(admit('text')).toEqual([': Invalid value: string: must be of type object']);
  });
});

describe('random mutations of valid objects (property)', () => {
  const valids = everyKind();
  // Keys that collide with Object.prototype members or with real field names are where shape bugs hide.
  const key = fc.constantFrom('valueOf', 'toString', 'constructor', '__proto__', 'hasOwnProperty', 'toJSON', 'cpu', 'storage', 'name', 'None', 'In', 'spec', 'labels', 'type');
  const leaf = fc.oneof(key, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
  const jsonValue = fc.oneof(fc.jsonValue({ maxDepth: 3 }), key, fc.dictionary(key, fc.oneof(leaf, fc.dictionary(key, leaf))), fc.array(fc.oneof(key, fc.dictionary(key, leaf))));

  it('never throws, whatever is written wherever', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: valids.length - 1 }), fc.nat(), fc.array(jsonValue, { minLength: 1, maxLength: 4 }), fc.boolean(),
      (k, pick, values, asUpdate) => {
        let obj = valids[k];
        let at = pick;
        for (const value of values) {
          const all = paths(obj);
          obj = setAt(obj, all[at % all.length]!, value);
          at = Math.floor(at / 3) + 7;
        }
        admit(obj, asUpdate ? valids[k] : undefined);
      },
    ), { numRuns: 5000 });
  });

  it('never throws when fields are deleted', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: valids.length - 1 }), fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), (k, picks) => {
      let obj = clone(valids[k]);
      for (const pick of picks) {
        const all = paths(obj).filter((p) => p.length > 0);
        if (all.length === 0) break;
        const path = all[pick % all.length]!;
        let cur = obj;
        for (const key of path.slice(0, -1)) cur = cur[key];
        if (Array.isArray(cur)) cur.splice(path[path.length - 1] as number, 1);
        else delete cur[path[path.length - 1]!];
      }
      admit(obj, valids[k]);
    }), { numRuns: 2000 });
  });

  it('the public validateObject returns errors rather than throwing for the same inputs', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: valids.length - 1 }), jsonValue, (k, value) => {
      const obj = clone(valids[k]);
      obj.spec = value;
      expect(Array.isArray(validateObject(obj))).toBe(true);
    }), { numRuns: 500 });
  });
});
