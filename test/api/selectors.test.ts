import { describe, expect, it } from 'vitest';
import { ApiError } from '../../source/api/errors.js';
import type { LabelSelector } from '../../source/api/meta.js';
import {
  EVERYTHING, NOTHING, labelSelectorFromObject, matchesLabelSelector, matchesLabelSet, parseLabelSelector,
  selectorFromSet, selectorToString,
} from '../../source/api/selectors.js';

const QNAME = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

function badRequestMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).reason).toBe('BadRequest');
    expect((err as ApiError).code).toBe(400);
    return (err as Error).message;
  }
  throw new Error('expected an ApiError');
}

describe('parseLabelSelector: syntax and String()', () => {
  it.each([
    ['', ''],
    ['a=b', 'a=b'],
    ['a==b', 'a==b'],
    ['a!=b', 'a!=b'],
    ['a', 'a'],
    ['!a', '!a'],
    ['x in (foo,,baz),y,z notin ()', 'x in (,baz,foo),y,z notin ()'],
    ['z=1,a=2,m', 'a=2,m,z=1'], // sorted by key
    ['b,!a', '!a,b'],
    ['a in (c,b,c)', 'a in (b,c)'], // a set: sorted, duplicates gone
    ['a notin (x)', 'a notin (x)'],
    ['a>5,b<3', 'a>5,b<3'],
    ['in in (in),notin notin (notin)', 'in in (in),notin notin (notin)'], // keywords are values in value position
    ['  a = b ,\tc  ', 'a=b,c'],
    ['k=', 'k='],
    ['k in (,)', 'k in ()'],
    ['example.com/app=web', 'example.com/app=web'],
    ['a=b,a!=c', 'a=b,a!=c'], // same key keeps input order
  ])('%j → %j', (text, printed) => {
    expect(parseLabelSelector(text).toString()).toBe(printed);
  });

  it('an empty selector string selects everything', () => {
    const sel = parseLabelSelector('');
    expect(sel.empty).toBe(true);
    expect(sel.matches(undefined)).toBe(true);
    expect(sel.matches({ any: 'thing' })).toBe(true);
    expect(parseLabelSelector('   ').empty).toBe(true);
  });

  it('exposes requirements with upstream operators', () => {
    expect(parseLabelSelector('b in (y,x),!a,c==d').requirements.map((r) => ({ ...r }))).toEqual([
      expect.objectContaining({ key: 'a', operator: 'DoesNotExist', values: [] }),
      expect.objectContaining({ key: 'b', operator: 'In', values: ['x', 'y'] }),
      expect.objectContaining({ key: 'c', operator: 'Equals', values: ['d'] }),
    ]);
  });

  it('lists equality requirements for index look-ups', () => {
    expect(parseLabelSelector('app=web,tier in (fe),env in (a,b),x!=y,z').equalities).toEqual([['app', 'web'], ['tier', 'fe']]);
    expect(EVERYTHING.equalities).toEqual([]);
  });
});

describe('parseLabelSelector: errors (labels.Parse messages, 400 BadRequest)', () => {
  it.each([
    ['a b', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
    ['a in', "unable to parse requirement: found '' expected: '('"],
    ['a in b', "unable to parse requirement: found 'b' expected: '('"],
    ['a in (b', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['a in (b c)', "unable to parse requirement: found 'c', expected: ',' or ')'"],
    ['a in (=)', "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
    ['a=b,', "found '', expected: identifier after ','"],
    ['a,,b', "found ',', expected: identifier after ','"],
    [',a', "found ',', expected: !, identifier, or 'end of string'"],
    ['=a', "found '=', expected: !, identifier, or 'end of string'"],
    ['a=!b', "unable to parse requirement: found '!', expected: identifier"],
    ['a=(b)', "unable to parse requirement: found '(', expected: identifier"],
    ['!a=b', "found '=', expected: ',' or 'end of string'"],
    ['a=b c', "found 'c', expected: ',' or 'end of string'"],
    ['!', "unable to parse requirement: found '', expected: identifier"],
    ['a$b', `unable to parse requirement: <nil>: Invalid value: "a$b": name part ${QNAME}`],
    ['-a', `unable to parse requirement: <nil>: Invalid value: "-a": name part ${QNAME}`],
    ['a=b$c', `unable to parse requirement: values[0][a]: Invalid value: "b$c": ${LABEL_VALUE}`],
    ['a>x', "unable to parse requirement: values[0]: Invalid value: \"x\": for 'Gt', 'Lt' operators, the value must be an integer"],
    ['a<', "unable to parse requirement: values[0]: Invalid value: \"\": for 'Gt', 'Lt' operators, the value must be an integer"],
    [`a=${'v'.repeat(64)}`, `unable to parse requirement: values[0][a]: Invalid value: "${'v'.repeat(64)}": must be no more than 63 characters`],
  ])('%j', (text, message) => {
    expect(badRequestMessage(() => parseLabelSelector(text))).toBe(message);
  });
});

describe('label matching (labels.Requirement.Matches)', () => {
  const web = { app: 'web', tier: 'frontend', size: '10' };
  const db = { app: 'db' };
  const none = {};
  const cases: [string, Record<string, string> | undefined, boolean][] = [
    ['app=web', web, true], ['app=web', db, false], ['app=web', none, false], ['app==web', web, true],
    ['app!=web', db, true], ['app!=web', web, false], ['tier!=frontend', db, true], // != matches a missing key
    ['app in (web,db)', db, true], ['app in (x)', web, false], ['tier in (frontend)', db, false],
    ['app notin (web)', web, false], ['app notin (web)', db, true], ['tier notin (frontend)', db, true], // notin too
    ['tier', web, true], ['tier', db, false], ['!tier', db, true], ['!tier', web, false],
    ['app=web,tier', web, true], ['app=web,tier', db, false], // comma is AND
    ['size>9', web, true], ['size>10', web, false], ['size<11', web, true], ['size<10', web, false],
    ['size>9', db, false], ['app>1', web, false], // missing key or non-integer label value never matches Gt/Lt
    ['k=', { k: '' }, true], ['k=', none, false], ['k in ()', { k: '' }, true],
    ['constructor', none, false], ['!toString', none, true], ['constructor=x', { constructor: 'x' }, true], // no prototype leaks
    ['app=web', undefined, false], ['app!=web', undefined, true], ['!app', undefined, true],
  ];
  it.each(cases)('%j on %j → %s', (text, labels, expected) => {
    expect(parseLabelSelector(text).matches(labels)).toBe(expected);
  });

  it('compares Gt/Lt as int64, past the float-exact range', () => {
    expect(parseLabelSelector('n>9007199254740993').matches({ n: '9007199254740994' })).toBe(true);
    expect(parseLabelSelector('n>9007199254740993').matches({ n: '9007199254740993' })).toBe(false);
    expect(parseLabelSelector('n<0').matches({ n: '-9223372036854775808' })).toBe(true);
    expect(parseLabelSelector('n<0').matches({ n: '-9223372036854775809' })).toBe(false); // out of int64
    expect(parseLabelSelector('n>5').matches({ n: '+6' })).toBe(true);
    expect(parseLabelSelector('n>5').matches({ n: '6.0' })).toBe(false);
  });

  it('handles a long In set', () => {
    const sel = parseLabelSelector('zone in (a,b,c,d,e,f,g)');
    expect(sel.matches({ zone: 'f' })).toBe(true);
    expect(sel.matches({ zone: 'h' })).toBe(false);
  });
});

describe('EVERYTHING and NOTHING', () => {
  it('EVERYTHING matches all and is empty', () => {
    expect(EVERYTHING.matches(undefined)).toBe(true);
    expect(EVERYTHING.matches({ a: 'b' })).toBe(true);
    expect(EVERYTHING.empty).toBe(true);
    expect(EVERYTHING.toString()).toBe('');
  });
  it('NOTHING matches none and is not empty (as labels.Nothing())', () => {
    expect(NOTHING.matches(undefined)).toBe(false);
    expect(NOTHING.matches({ a: 'b' })).toBe(false);
    expect(NOTHING.empty).toBe(false);
    expect(NOTHING.toString()).toBe('');
    expect(NOTHING.requirements).toEqual([]);
  });
});

describe('labelSelectorFromObject (metav1.LabelSelectorAsSelector)', () => {
  it('undefined/null select nothing, {} selects everything', () => {
    expect(labelSelectorFromObject(undefined)).toBe(NOTHING);
    expect(labelSelectorFromObject(null)).toBe(NOTHING);
    expect(labelSelectorFromObject({})).toBe(EVERYTHING);
    expect(labelSelectorFromObject({ matchLabels: {}, matchExpressions: [] })).toBe(EVERYTHING);
  });

  it('ANDs matchLabels and matchExpressions', () => {
    const sel = labelSelectorFromObject({
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }, { key: 'canary', operator: 'DoesNotExist' }],
    });
    expect(sel.toString()).toBe('app=web,!canary,tier in (a,b)');
    expect(sel.matches({ app: 'web', tier: 'a' })).toBe(true);
    expect(sel.matches({ app: 'web', tier: 'c' })).toBe(false);
    expect(sel.matches({ app: 'web', tier: 'a', canary: 'yes' })).toBe(false);
    expect(sel.equalities).toEqual([['app', 'web']]);
  });

  it.each([
    [{ matchExpressions: [{ key: 'a', operator: 'Equals' }] }, '"Equals" is not a valid label selector operator'],
    [{ matchExpressions: [{ key: 'a', operator: 'In' }] }, "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty"],
    [{ matchExpressions: [{ key: 'a', operator: 'NotIn', values: [] }] }, "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty"],
    [{ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }, 'values: Invalid value: ["x"]: values set must be empty for exists and does not exist'],
    [{ matchLabels: { 'a b': 'c' } }, `key: Invalid value: "a b": name part ${QNAME}`],
    [{ matchLabels: { a: 'b c' } }, `values[0][a]: Invalid value: "b c": ${LABEL_VALUE}`],
    [{ matchLabels: { '/a': 'b' } }, 'key: Invalid value: "/a": prefix part must be non-empty'],
  ])('rejects %j', (sel, message) => {
    expect(badRequestMessage(() => labelSelectorFromObject(sel as LabelSelector))).toBe(message);
  });
});

describe('selectorFromSet (Service / ReplicationController selectors)', () => {
  it('undefined or {} selects nothing', () => {
    expect(selectorFromSet(undefined)).toBe(NOTHING);
    expect(selectorFromSet({})).toBe(NOTHING);
    expect(selectorFromSet({}).matches({ app: 'web' })).toBe(false);
  });
  it('is an AND of equalities, printed sorted', () => {
    const sel = selectorFromSet({ tier: 'fe', app: 'web' });
    expect(sel.toString()).toBe('app=web,tier=fe');
    expect(sel.matches({ app: 'web', tier: 'fe', extra: 'x' })).toBe(true);
    expect(sel.matches({ app: 'web' })).toBe(false);
    expect(sel.equalities).toEqual([['app', 'web'], ['tier', 'fe']]);
  });
});

describe('matchesLabelSet (pod.spec.nodeSelector)', () => {
  it('an empty or missing set matches everything', () => {
    expect(matchesLabelSet(undefined, undefined)).toBe(true);
    expect(matchesLabelSet({}, { a: 'b' })).toBe(true);
  });
  it('requires every pair', () => {
    expect(matchesLabelSet({ disk: 'ssd' }, { disk: 'ssd', zone: 'a' })).toBe(true);
    expect(matchesLabelSet({ disk: 'ssd' }, { disk: 'hdd' })).toBe(false);
    expect(matchesLabelSet({ disk: 'ssd' }, undefined)).toBe(false);
    expect(matchesLabelSet({ constructor: 'x' }, {})).toBe(false);
  });
});

describe('selectorToString (metav1.FormatLabelSelector)', () => {
  it.each([
    [{ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In' as const, values: ['b', 'a'] }] }, 'app=web,tier in (a,b)'],
    [{ matchLabels: { b: '2', a: '1' } }, 'a=1,b=2'],
    [{ matchExpressions: [{ key: 'x', operator: 'Exists' as const }, { key: 'y', operator: 'NotIn' as const, values: ['z'] }] }, 'x,y notin (z)'],
    [{}, '<none>'],
    [undefined, '<none>'],
    [{ matchExpressions: [{ key: 'a', operator: 'Gt' as never, values: ['1'] }] }, '<error>'],
  ])('%j → %s', (sel, text) => {
    expect(selectorToString(sel)).toBe(text);
  });
});

describe('matchesLabelSelector', () => {
  it('undefined selects nothing, {} everything', () => {
    expect(matchesLabelSelector(undefined, { a: 'b' })).toBe(false);
    expect(matchesLabelSelector({}, { a: 'b' })).toBe(true);
    expect(matchesLabelSelector({}, undefined)).toBe(true);
  });
  it('matches through the per-object cache consistently', () => {
    const sel: LabelSelector = { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] };
    for (let i = 0; i < 3; i++) {
      expect(matchesLabelSelector(sel, { app: 'web' })).toBe(true);
      expect(matchesLabelSelector(sel, { app: 'web', env: 'prod' })).toBe(false);
      expect(matchesLabelSelector(sel, { app: 'db' })).toBe(false);
    }
  });
  it('an invalid selector matches nothing instead of throwing', () => {
    const sel = { matchExpressions: [{ key: 'a', operator: 'Bogus' }] } as unknown as LabelSelector;
    expect(matchesLabelSelector(sel, { a: 'b' })).toBe(false);
    expect(matchesLabelSelector(sel, {})).toBe(false);
  });
});
