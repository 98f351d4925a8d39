import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Quantity, type QuantityFormat, QuantityError, addQuantities, canonicalQuantity, compareQuantities,
  formatMemoryMi, formatMilliCPU, formatQuantity, fromMilli, fromUnits, milliValue, parseQuantity, subQuantities,
  toMilli, toUnits, tryParseQuantity, value,
} from '../../source/api/quantity.js';

const FORMAT_WRONG = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const SUFFIX_WRONG = "unable to parse quantity's suffix";

/** Exact nano-units of a decimal string such as "107374182.4". */
function nanoOf(decimal: string): bigint {
  const [whole, frac = ''] = decimal.split('.');
  return BigInt(whole!) * 1_000_000_000n + BigInt((frac + '000000000').slice(0, 9));
}

const q = (nano: bigint, format: QuantityFormat): Quantity => ({ nano, format });

describe('reference table (behaviour §9 worked examples)', () => {
  const table: [string, string, string][] = [
    ['100m', '0.1', '100m'],
    ['0.5', '0.5', '500m'],
    ['1000m', '1', '1'],
    ['1.5', '1.5', '1500m'],
    ['1500', '1500', '1500'],
    ['2000', '2000', '2k'],
    ['1Gi', '1073741824', '1Gi'],
    ['1024Mi', '1073741824', '1Gi'],
    ['1.5Gi', '1610612736', '1536Mi'],
    ['0.5Ki', '512', '512'],
    ['0.1Gi', '107374182.4', '107374182400m'],
    ['128974848', '128974848', '128974848'],
    ['129e6', '129000000', '129e6'],
    ['129M', '129000000', '129M'],
    ['123Mi', '128974848', '123Mi'],
    ['1E3', '1000', '1e3'],
  ];
  it.each(table)('%s is %s and serialises as %s', (input, amount, canonical) => {
    const parsed = parseQuantity(input);
    expect(parsed.nano).toBe(nanoOf(amount));
    expect(formatQuantity(parsed)).toBe(canonical);
    expect(canonicalQuantity(input)).toBe(canonical);
  });

  it('takes the format from the suffix', () => {
    expect(parseQuantity('1Gi').format).toBe('BinarySI');
    expect(parseQuantity('129M').format).toBe('DecimalSI');
    expect(parseQuantity('129e6').format).toBe('DecimalExponent');
    expect(parseQuantity('1E').format).toBe('DecimalSI'); // a bare E is exa
    expect(parseQuantity('1E').nano).toBe(10n ** 27n);
  });

  it('accessors round up: MilliValue("0.1m") = 1, Value("100m") = 1', () => {
    expect(milliValue(parseQuantity('0.1m'))).toBe(1);
    expect(value(parseQuantity('100m'))).toBe(1);
    expect(value(parseQuantity('0.1Gi'))).toBe(107374183);
    expect(milliValue(parseQuantity('1.5'))).toBe(1500);
    expect(value(parseQuantity('1.5'))).toBe(2);
    expect(value(parseQuantity('-1.5'))).toBe(-2); // away from zero, as int64Amount.AsScaledInt64
  });
});

describe('parseQuantity (upstream TestQuantityParse)', () => {
  const table: [string, bigint, QuantityFormat][] = [
    ['0', 0n, 'DecimalSI'], ['0n', 0n, 'DecimalSI'], ['0Ki', 0n, 'BinarySI'], ['0Mi', 0n, 'BinarySI'],
    ['1Ki', 1024n * 10n ** 9n, 'BinarySI'], ['3Ei', 3n * 2n ** 60n * 10n ** 9n, 'BinarySI'],
    ['5n', 5n, 'DecimalSI'], ['4u', 4000n, 'DecimalSI'], ['3m', 3_000_000n, 'DecimalSI'], ['50k', 5n * 10n ** 13n, 'DecimalSI'],
    ['1E-3', 1_000_000n, 'DecimalExponent'], ['1e9', 10n ** 18n, 'DecimalExponent'],
    ['100.035k', 100035n * 10n ** 9n, 'DecimalSI'], ['0.0005k', 5n * 10n ** 8n, 'DecimalSI'],
    ['0.5e-2', 5n * 10n ** 6n, 'DecimalExponent'], ['1.3E+6', 13n * 10n ** 14n, 'DecimalExponent'],
    ['6.987654321G', 6987654321n * 10n ** 9n, 'DecimalSI'], ['1.01E', 101n * 10n ** 25n, 'DecimalSI'],
    // rounds up to nano precision
    ['3.001n', 4n, 'DecimalSI'], ['1.1E-9', 2n, 'DecimalExponent'], ['0.0000000001', 1n, 'DecimalSI'],
    ['0.9n', 1n, 'DecimalSI'], ['0.00000012345', 124n, 'DecimalSI'], ['0.00000012354', 124n, 'DecimalSI'],
    // BinarySI saturates at 2^63-1; decimal values are not capped
    ['9Ei', (2n ** 63n - 1n) * 10n ** 9n, 'BinarySI'], ['9223372036854775807Ki', (2n ** 63n - 1n) * 10n ** 9n, 'BinarySI'],
    ['12E', 12n * 10n ** 27n, 'DecimalSI'],
    ['100.035Ki', 10243584n * 10n ** 7n, 'BinarySI'], ['0.5Mi', 524288n * 10n ** 9n, 'BinarySI'],
    ['0.000000000001Ki', 2n, 'DecimalSI'], // rounds up, changes format
    ['.001', 1_000_000n, 'DecimalSI'], ['1.', 10n ** 9n, 'DecimalSI'], ['1.G', 10n ** 18n, 'DecimalSI'],
    ['007', 7n * 10n ** 9n, 'DecimalSI'], ['.', 0n, 'DecimalSI'],
  ];
  it.each(table)('%s', (input, nano, format) => {
    expect(parseQuantity(input)).toEqual({ nano, format });
    expect(parseQuantity(`+${input}`)).toEqual({ nano, format });
    expect(parseQuantity(`-${input}`)).toEqual({ nano: -nano, format });
  });

  it('accepts a lone sign or point as zero, as upstream parseQuantityString does', () => {
    for (const text of ['+', '-', '-.', '+.', '.']) expect(parseQuantity(text)).toEqual({ nano: 0n, format: 'DecimalSI' });
    expect(() => parseQuantity('--1')).toThrow(SUFFIX_WRONG); // the second sign starts a suffix
    expect(() => parseQuantity('--.')).toThrow(FORMAT_WRONG);
  });

  it('accepts JSON numbers', () => {
    expect(formatQuantity(parseQuantity(0.5))).toBe('500m');
    expect(formatQuantity(parseQuantity(2))).toBe('2');
    expect(parseQuantity(1e21).nano).toBe(10n ** 30n);
    expect(parseQuantity(-3).nano).toBe(-3n * 10n ** 9n);
    expect(() => parseQuantity(Number.NaN)).toThrow(QuantityError);
    expect(() => parseQuantity(Number.POSITIVE_INFINITY)).toThrow(QuantityError);
  });

  const invalid: [string, string][] = [
    ['', FORMAT_WRONG], ['aoeu', FORMAT_WRONG], ['1.1.M', FORMAT_WRONG], ['1+1.0M', FORMAT_WRONG],
    ['0.1am', FORMAT_WRONG], [' 1', FORMAT_WRONG], ['1 ', FORMAT_WRONG], ['1GB', FORMAT_WRONG], ['1 Gi', FORMAT_WRONG],
    ['0.1mi', SUFFIX_WRONG], ['.5i', SUFFIX_WRONG], ['1i', SUFFIX_WRONG], ['-3.01i', SUFFIX_WRONG], ['-3.01e-', SUFFIX_WRONG],
    ['1K', SUFFIX_WRONG], ['1KiB', FORMAT_WRONG], ['1Ki3', SUFFIX_WRONG], ['1e', SUFFIX_WRONG], ['1e99999999999999999999', SUFFIX_WRONG],
  ];
  it.each(invalid)('rejects %j', (input, message) => {
    expect(() => parseQuantity(input)).toThrow(QuantityError);
    expect(() => parseQuantity(input)).toThrow(message);
  });

  it('QuantityError is an Error with its upstream message', () => {
    const err = new QuantityError();
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toBe(FORMAT_WRONG);
    expect(err.name).toBe('QuantityError');
  });

  it('tryParseQuantity returns undefined instead of throwing', () => {
    expect(tryParseQuantity('100m')).toEqual({ nano: 100_000_000n, format: 'DecimalSI' });
    expect(tryParseQuantity(3)?.nano).toBe(3n * 10n ** 9n);
    expect(tryParseQuantity('1K')).toBeUndefined();
    expect(tryParseQuantity('nope')).toBeUndefined();
    expect(tryParseQuantity(undefined)).toBeUndefined();
    expect(tryParseQuantity({})).toBeUndefined();
    expect(tryParseQuantity(null)).toBeUndefined();
  });
});

describe('formatQuantity (upstream TestQuantityString / TestQuantityParseEmit)', () => {
  const N = 10n ** 9n;
  const table: [Quantity, string][] = [
    [q(1024n ** 3n * N, 'BinarySI'), '1Gi'], [q(300n * 1024n ** 2n * N, 'BinarySI'), '300Mi'],
    [q(6n * 1024n * N, 'BinarySI'), '6Ki'], [q(1001n * 1024n ** 3n * N, 'BinarySI'), '1001Gi'],
    [q(1024n ** 4n * N, 'BinarySI'), '1Ti'], [q(5n * N, 'BinarySI'), '5'], [q(500_000_000n, 'BinarySI'), '500m'],
    [q(10n ** 9n * N, 'DecimalSI'), '1G'], [q(1_000_000n, 'DecimalSI'), '1m'], [q(80_000_000n, 'DecimalSI'), '80m'],
    [q(1_080_000_000n, 'DecimalSI'), '1080m'], [q(300n * 10n ** 6n * N, 'DecimalSI'), '300M'],
    [q(1234567n * 10n ** 6n * N, 'DecimalSI'), '1234567M'], [q(1_234_567_000_000n, 'BinarySI'), '1234567m'],
    [q(3000n * N, 'DecimalSI'), '3k'], [q(1025n * N, 'BinarySI'), '1025'], [q(0n, 'DecimalSI'), '0'],
    [q(0n, 'BinarySI'), '0'], [q(0n, 'DecimalExponent'), '0'], [q(10n ** 9n * N, 'DecimalExponent'), '1e9'],
    [q(1_000_000n, 'DecimalExponent'), '1e-3'], [q(1n, 'DecimalExponent'), '1e-9'], [q(80_000_000n, 'DecimalExponent'), '80e-3'],
    [q(300n * 10n ** 6n * N, 'DecimalExponent'), '300e6'], [q(3000n * N, 'DecimalExponent'), '3e3'],
    [q(1n, 'DecimalSI'), '1n'], [q(1080n, 'DecimalSI'), '1080n'], [q(1000n, 'DecimalSI'), '1u'], [q(80_000n, 'DecimalSI'), '80u'],
    [q(1536n * 1024n ** 2n * N, 'BinarySI'), '1536Mi'], [q(1536n * N, 'BinarySI'), '1536'], // 1.5Ki is not exact: plain units
  ];
  it.each(table)('%o → %s', (quantity, text) => {
    expect(formatQuantity(quantity)).toBe(text);
    if (quantity.nano !== 0n) expect(formatQuantity({ ...quantity, nano: -quantity.nano })).toBe(`-${text}`);
    expect(parseQuantity(text).nano).toBe(quantity.nano);
  });

  it.each([
    ['1Ki', '1Ki'], ['1Mi', '1Mi'], ['1024Mi', '1Gi'], ['1000M', '1G'], ['.001Ki', '1024m'], ['.000001Ki', '1024u'],
    ['.000000001Ki', '1024n'], ['.000000000001Ki', '2n'], ['1.5e3', '1500'], ['1.3E+6', '1300e3'], ['0.5Mi', '512Ki'],
    ['1024Ei', '9223372036854775807'], ['1000E', '1e21'], ['-0', '0'], ['+1Ki', '1Ki'],
    // Only nano rounding here; the core/v1 ResourceList defaulter's RoundUp(milli) is what turns this into 301m.
    ['0.30000000000000004', '300000001n'],
  ])('%s → %s', (input, text) => {
    expect(canonicalQuantity(input)).toBe(text);
  });

  it('canonicalQuantity throws QuantityError for bad input, also when asked again', () => {
    expect(() => canonicalQuantity('1K')).toThrow(QuantityError);
    expect(() => canonicalQuantity('1K')).toThrow(SUFFIX_WRONG);
  });
});

describe('arithmetic (upstream TestAdd / TestSub / TestQuantityCmp)', () => {
  const p = parseQuantity;
  it('adds exactly and keeps the left format unless the left is zero', () => {
    expect(addQuantities(p('10'), p('1Ki'))).toEqual({ nano: 1034n * 10n ** 9n, format: 'DecimalSI' });
    expect(addQuantities(p('1Ki'), p('1'))).toEqual({ nano: 1025n * 10n ** 9n, format: 'BinarySI' });
    expect(addQuantities(p('0'), p('50Mi')).format).toBe('BinarySI');
    expect(formatQuantity(addQuantities(p('0.1'), p('0.2')))).toBe('300m'); // no float drift
    expect(formatQuantity(addQuantities(p('512Mi'), p('512Mi')))).toBe('1Gi');
  });

  it('subtracts exactly and keeps the left format unless the left is zero', () => {
    expect(subQuantities(p('10'), p('1'))).toEqual({ nano: 9n * 10n ** 9n, format: 'DecimalSI' });
    expect(subQuantities(p('10Ki'), p('1Ki')).format).toBe('BinarySI');
    expect(subQuantities(p('0'), p('50Mi'))).toEqual({ nano: -50n * 2n ** 20n * 10n ** 9n, format: 'BinarySI' });
    expect(formatQuantity(subQuantities(p('1'), p('1500m')))).toBe('-500m');
  });

  it.each([['0', '0', 0], ['100m', '50m', 1], ['50m', '100m', -1], ['10000T', '100Gi', 1], ['1Gi', '1024Mi', 0], ['1G', '1Gi', -1]] as const)(
    'compare(%s, %s) = %d', (a, b, expected) => {
      expect(compareQuantities(p(a), p(b))).toBe(expected);
      expect(compareQuantities(p(b), p(a))).toBe(-expected || 0);
    });
});

describe('constructors (upstream TestMilliNewSet / TestNewSet)', () => {
  it.each([[1, 'DecimalSI', '1m'], [1000, 'DecimalSI', '1'], [1234000, 'DecimalSI', '1234'], [1024, 'BinarySI', '1024m'],
    [1000000, 'DecimalExponent', '1e3'], [1024 * 1024, 'BinarySI', '1048576m']] as const)('fromMilli(%d, %s) → %s', (milli, format, text) => {
    expect(formatQuantity(fromMilli(milli, format))).toBe(text);
  });

  it.each([[1, 'DecimalSI', '1'], [1000, 'DecimalSI', '1k'], [1234000, 'DecimalSI', '1234k'], [1024, 'BinarySI', '1Ki'],
    [1000000, 'DecimalExponent', '1e6'], [1024 * 1024, 'BinarySI', '1Mi']] as const)('fromUnits(%d, %s) → %s', (units, format, text) => {
    const made = fromUnits(units, format);
    expect(formatQuantity(made)).toBe(text);
    expect(value(parseQuantity(formatQuantity(made)))).toBe(units);
  });

  it('defaults to DecimalSI and rounds fractions up to nano', () => {
    expect(fromMilli(250)).toEqual({ nano: 250_000_000n, format: 'DecimalSI' });
    expect(fromUnits(0.1).nano).toBe(100_000_000n);
    expect(fromMilli(0.5).nano).toBe(500_000n);
    expect(fromMilli(1e-7).nano).toBe(1n);
    expect(fromMilli(-1.5).nano).toBe(-1_500_000n);
    expect(() => fromMilli(Number.NaN)).toThrow(QuantityError);
  });
});

describe('toMilli / toUnits (hot path)', () => {
  it('reads CPU as millicores and memory as bytes, rounding up', () => {
    expect(toMilli('250m')).toBe(250);
    expect(toMilli('1.5')).toBe(1500);
    expect(toMilli('0.1m')).toBe(1);
    expect(toMilli(2)).toBe(2000);
    expect(toMilli(0.25)).toBe(250);
    expect(toUnits('128Mi')).toBe(134217728);
    expect(toUnits('1G')).toBe(1e9);
    expect(toUnits('100m')).toBe(1);
    expect(toUnits(110)).toBe(110);
    expect(toUnits(0.5)).toBe(1);
  });

  it('treats undefined as zero and gives the same answer from the cache', () => {
    expect(toMilli(undefined)).toBe(0);
    expect(toUnits(undefined)).toBe(0);
    for (let i = 0; i < 3; i++) {
      expect(toMilli('100m')).toBe(100);
      expect(toUnits('1Gi')).toBe(1073741824);
    }
  });

  it('throws QuantityError for invalid input every time (errors are not cached as values)', () => {
    for (let i = 0; i < 2; i++) {
      expect(() => toMilli('1K')).toThrow(QuantityError);
      expect(() => toUnits('lots')).toThrow(FORMAT_WRONG);
    }
  });

  it('stays correct past the cache bound', () => {
    for (let i = 0; i < 12_000; i++) expect(toMilli(`${i}m`)).toBe(i);
    expect(toMilli('5m')).toBe(5);
  });
});

describe('kubectl top cells', () => {
  it('formats CPU as millicores', () => {
    expect(formatMilliCPU(250)).toBe('250m');
    expect(formatMilliCPU(0)).toBe('0m');
    expect(formatMilliCPU(0.2)).toBe('1m');
    expect(formatMilliCPU(1500)).toBe('1500m');
  });
  it('formats memory as whole Mi, truncated', () => {
    expect(formatMemoryMi(128974848)).toBe('123Mi');
    expect(formatMemoryMi(1048575)).toBe('0Mi');
    expect(formatMemoryMi(1048576)).toBe('1Mi');
    expect(formatMemoryMi(0)).toBe('0Mi');
    expect(formatMemoryMi(2 * 1048576 - 0.5)).toBe('2Mi'); // bytes round up first (Value())
  });
});

describe('properties', () => {
  const suffix = fc.oneof(
    fc.constantFrom('', 'n', 'u', 'm', 'k', 'M', 'G', 'T', 'P', 'E', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'),
    fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), fc.integer({ min: 0, max: 30 })).map(([e, s, n]) => `${e}${s}${n}`),
  );
  const digits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 22 });
  const quantityText = fc.tuple(fc.constantFrom('', '+', '-'), digits, fc.option(fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 12 })), suffix)
    .map(([sign, whole, frac, suf]) => `${sign}${whole}${frac === null ? '' : `.${frac}`}${suf}`);

  it('format(parse(x)) parses back to the same value, and formatting is idempotent', () => {
    fc.assert(fc.property(quantityText, (text) => {
      const parsed = parseQuantity(text);
      const canonical = formatQuantity(parsed);
      const reparsed = parseQuantity(canonical);
      expect(reparsed.nano).toBe(parsed.nano);
      expect(formatQuantity(reparsed)).toBe(canonical);
    }), { numRuns: 2000 });
  });

  it('a whole number of Mi or m is exact', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 40 }), (n) => {
      expect(toUnits(`${n}Mi`)).toBe(n * 1048576);
      expect(milliValue(parseQuantity(`${n}m`))).toBe(n);
    }));
  });

  it('parse never throws anything but QuantityError', () => {
    const chars = fc.constantFrom(...'0123456789.+-eEinumkKMGTPx :');
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: chars, maxLength: 14 })), (text) => {
      try {
        parseQuantity(text);
      } catch (err) {
        expect(err).toBeInstanceOf(QuantityError);
      }
    }), { numRuns: 3000 });
  });
});
