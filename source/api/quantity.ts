/**
 * Kubernetes resource.Quantity: parsing, canonical serialisation and arithmetic, exactly as apimachinery does it.
 * Values are held as exact bigint nano-units (10⁻⁹), so there is never any float drift.
 */

/** Which suffix family a quantity is written with; kept across arithmetic (left operand wins). */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** An exact quantity: value in nano-units plus the format it serialises with. */
export interface Quantity { readonly nano: bigint; readonly format: QuantityFormat }

const FORMAT_WRONG = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const NUMERIC_WRONG = 'unable to parse numeric part of quantity';
const SUFFIX_WRONG = "unable to parse quantity's suffix";

/** A quantity that does not parse; the message is upstream's (ErrFormatWrong, ErrSuffix or ErrNumeric). */
export class QuantityError extends Error {
  constructor(message: string = FORMAT_WRONG) {
    super(message);
    this.name = 'QuantityError';
  }
}

const NANO_PER_UNIT = 1_000_000_000n;
const NANO_PER_MILLI = 1_000_000n;
/** Upstream caps BinarySI values at 2^63-1 units (decimal values are not capped). */
const MAX_BINARY_NANO = ((1n << 63n) - 1n) * NANO_PER_UNIT;
/** Guard against `1e999999999` building a gigantic bigint; far beyond any real resource amount. */
const MAX_DECIMAL_SHIFT = 4096;

const DECIMAL_SUFFIXES = new Map<string, number>([
  ['n', -9], ['u', -6], ['m', -3], ['', 0], ['k', 3], ['M', 6], ['G', 9], ['T', 12], ['P', 15], ['E', 18],
]);
const BINARY_SUFFIXES = new Map<string, number>([['Ki', 10], ['Mi', 20], ['Gi', 30], ['Ti', 40], ['Pi', 50], ['Ei', 60]]);
const DECIMAL_SUFFIX_BY_EXPONENT = new Map([...DECIMAL_SUFFIXES].map(([s, e]) => [e, s]));
const BINARY_SUFFIX_BY_POWER = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

interface Scanned { negative: boolean; num: string; denom: string; suffix: string }

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const SUFFIX_CHARS = 'eEinumkKMGTP';

/** Upstream's parseQuantityString: sign, number (leading zeros stripped), fraction, suffix. */
function scan(str: string): Scanned {
  const end = str.length;
  let pos = 0;
  let negative = false;
  if (str[0] === '-') { negative = true; pos++; } else if (str[0] === '+') pos++;
  while (pos < end && str.charCodeAt(pos) === 48) pos++;
  if (pos >= end) return { negative, num: '0', denom: '', suffix: '' };
  let start = pos;
  while (pos < end && isDigit(str.charCodeAt(pos))) pos++;
  const num = pos > start ? str.slice(start, pos) : '0';
  let denom = '';
  if (pos < end && str[pos] === '.') {
    start = ++pos;
    while (pos < end && isDigit(str.charCodeAt(pos))) pos++;
    denom = str.slice(start, pos);
  }
  const suffixStart = pos;
  while (pos < end && SUFFIX_CHARS.includes(str[pos]!)) pos++;
  if (pos < end && (str[pos] === '-' || str[pos] === '+')) pos++;
  while (pos < end && isDigit(str.charCodeAt(pos))) pos++;
  if (pos < end) throw new QuantityError(FORMAT_WRONG);
  return { negative, num, denom, suffix: str.slice(suffixStart) };
}

interface Suffix { base: 2 | 10; exponent: number; format: QuantityFormat }

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** Upstream's suffixHandler.interpret: SI table, binary table, then `e<int>` / `E<int>`. */
function interpret(suffix: string): Suffix {
  const dec = DECIMAL_SUFFIXES.get(suffix);
  if (dec !== undefined) return { base: 10, exponent: dec, format: 'DecimalSI' };
  const bin = BINARY_SUFFIXES.get(suffix);
  if (bin !== undefined) return { base: 2, exponent: bin, format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E')) {
    const text = suffix.slice(1);
    if (/^[+-]?[0-9]+$/.test(text)) {
      const parsed = BigInt(text);
      // strconv.ParseInt(…, 64) then int32(…): out-of-int64 fails, the rest wraps like Go.
      if (parsed >= INT64_MIN && parsed <= INT64_MAX) {
        return { base: 10, exponent: Number(BigInt.asIntN(32, parsed)), format: 'DecimalExponent' };
      }
    }
  }
  throw new QuantityError(SUFFIX_WRONG);
}

/** |n| / d rounded away from zero, sign kept: upstream rounds quantities "up" so a request never shrinks to nothing. */
function divideRoundingUp(n: bigint, d: bigint): bigint {
  const q = n / d;
  if (q * d === n) return q;
  return n < 0n ? q - 1n : q + 1n;
}

function parseString(str: string): Quantity {
  if (str.length === 0) throw new QuantityError(FORMAT_WRONG);
  if (str === '0') return { nano: 0n, format: 'DecimalSI' };
  const { negative, num, denom, suffix } = scan(str);
  const { base, exponent, format } = interpret(suffix);
  const digits = BigInt(num + denom);
  let nano: bigint;
  if (base === 10) {
    // value = digits × 10^(exponent − len(denom)); in nano-units shift by a further 9.
    const shift = exponent - denom.length + 9;
    if (digits === 0n) nano = 0n;
    else if (shift >= 0) {
      if (shift > MAX_DECIMAL_SHIFT) throw new QuantityError(NUMERIC_WRONG);
      nano = digits * 10n ** BigInt(shift);
    } else if (-shift > num.length + denom.length + 1) nano = 1n; // far below 1n: rounds up to 1n
    else nano = divideRoundingUp(digits, 10n ** BigInt(-shift));
  } else {
    nano = divideRoundingUp(digits * (1n << BigInt(exponent)) * NANO_PER_UNIT, 10n ** BigInt(denom.length));
  }
  let finalFormat = format;
  if (format === 'BinarySI') {
    if (nano > MAX_BINARY_NANO) nano = MAX_BINARY_NANO;
    // A fractional binary amount below one unit is shown in decimal ("0.000000000001Ki" → "2n").
    if (nano > 0n && nano < NANO_PER_UNIT) finalFormat = 'DecimalSI';
  }
  return { nano: negative ? -nano : nano, format: finalFormat };
}

/** Parse a quantity string (or a JSON number) as ParseQuantity does; throws QuantityError. */
export function parseQuantity(input: string | number): Quantity {
  if (typeof input === 'number') return parseString(String(input));
  if (typeof input !== 'string') throw new QuantityError(FORMAT_WRONG);
  return parseString(input);
}

/** Parse if the input is a valid quantity string or number, else undefined. */
export function tryParseQuantity(input: unknown): Quantity | undefined {
  if (typeof input !== 'string' && typeof input !== 'number') return undefined;
  try {
    return parseQuantity(input);
  } catch (err) {
    if (err instanceof QuantityError) return undefined;
    throw err;
  }
}

/** Mantissa and base-10 exponent with every factor of 10 moved into the exponent, exponent lowered to a multiple of 3. */
function canonicalDecimal(nano: bigint): [bigint, number] {
  let mantissa = nano;
  let exponent = -9;
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent++;
  }
  const rem = exponent % 3; // truncated like Go: -1/-2 lower to the multiple of 3 below
  if (rem === 1 || rem === -2) { mantissa *= 10n; exponent -= 1; }
  else if (rem === 2 || rem === -1) { mantissa *= 100n; exponent -= 2; }
  return [mantissa, exponent];
}

/** Canonical serialisation (CanonicalizeBytes): what GET returns and kubectl prints. */
export function formatQuantity(q: Quantity): string {
  const nano = q.nano;
  if (nano === 0n) return '0';
  if (q.format === 'BinarySI') {
    const abs = nano < 0n ? -nano : nano;
    // Below 1Ki, or not a whole number of units, BinarySI would lose precision: fall back to DecimalSI.
    if (abs >= 1024n * NANO_PER_UNIT && nano % NANO_PER_UNIT === 0n) {
      let units = nano / NANO_PER_UNIT;
      let power = 0;
      while (power < BINARY_SUFFIX_BY_POWER.length - 1 && units % 1024n === 0n) {
        units /= 1024n;
        power++;
      }
      return `${units}${BINARY_SUFFIX_BY_POWER[power]}`;
    }
  }
  const [mantissa, exponent] = canonicalDecimal(nano);
  if (q.format === 'DecimalExponent') return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
  // Beyond `E` upstream has no suffix and would print a wrong number; the exponent form keeps the value.
  const suffix = DECIMAL_SUFFIX_BY_EXPONENT.get(exponent);
  return suffix === undefined ? `${mantissa}e${exponent}` : `${mantissa}${suffix}`;
}

/** Bounded memo for hot-path look-ups; quantities in a cluster are few distinct strings. */
const CACHE_LIMIT = 10_000;
function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
}

const canonicalCache = new Map<string, string>();

/** Parse and re-serialise in canonical form (`0.5` → `500m`, `1024Mi` → `1Gi`); throws QuantityError. */
export function canonicalQuantity(input: string | number): string {
  if (typeof input === 'string') {
    const hit = canonicalCache.get(input);
    if (hit !== undefined) return hit;
    const out = formatQuantity(parseQuantity(input));
    remember(canonicalCache, input, out);
    return out;
  }
  return formatQuantity(parseQuantity(input));
}

/** ceil(q × 1000), rounded away from zero like MilliValue(): CPU in millicores. */
export function milliValue(q: Quantity): number {
  return Number(divideRoundingUp(q.nano, NANO_PER_MILLI));
}

/** ceil(q), rounded away from zero like Value(): memory in bytes, counts. */
export function value(q: Quantity): number {
  return Number(divideRoundingUp(q.nano, NANO_PER_UNIT));
}

const milliCache = new Map<string, number>();
const unitCache = new Map<string, number>();

/** MilliValue of a quantity string or number, memoised (hot path); undefined → 0; invalid → QuantityError. */
export function toMilli(input: string | number | undefined): number {
  if (input === undefined) return 0;
  if (typeof input === 'number') {
    if (Number.isSafeInteger(input) && Math.abs(input) <= 9_007_199_254_740) return input * 1000;
    return milliValue(parseQuantity(input));
  }
  const hit = milliCache.get(input);
  if (hit !== undefined) return hit;
  const milli = milliValue(parseQuantity(input));
  remember(milliCache, input, milli);
  return milli;
}

/** Value of a quantity string or number (bytes, pods), memoised (hot path); undefined → 0; invalid → QuantityError. */
export function toUnits(input: string | number | undefined): number {
  if (input === undefined) return 0;
  if (typeof input === 'number') {
    if (Number.isSafeInteger(input)) return input;
    return value(parseQuantity(input));
  }
  const hit = unitCache.get(input);
  if (hit !== undefined) return hit;
  const units = value(parseQuantity(input));
  remember(unitCache, input, units);
  return units;
}

/** a + b. Keeps a's format, except that a zero a takes b's (as Quantity.Add does). */
export function addQuantities(a: Quantity, b: Quantity): Quantity {
  return { nano: a.nano + b.nano, format: a.nano === 0n ? b.format : a.format };
}

/** a − b. Keeps a's format, except that a zero a takes b's (as Quantity.Sub does). */
export function subQuantities(a: Quantity, b: Quantity): Quantity {
  return { nano: a.nano - b.nano, format: a.nano === 0n ? b.format : a.format };
}

/** Cmp: -1, 0 or 1. */
export function compareQuantities(a: Quantity, b: Quantity): -1 | 0 | 1 {
  return a.nano < b.nano ? -1 : a.nano > b.nano ? 1 : 0;
}

/** Exact nano-units of a JS number of units (via its decimal text, so 0.1 means exactly 0.1). */
function numberToNano(units: number): bigint {
  if (Number.isSafeInteger(units)) return BigInt(units) * NANO_PER_UNIT;
  return parseString(String(units)).nano;
}

/** NewMilliQuantity: a quantity of `milli` thousandths (fractions round up to nano). */
export function fromMilli(milli: number, format: QuantityFormat = 'DecimalSI'): Quantity {
  // ceil(ceil(x)/k) = ceil(x/k), so rounding the unit value first and then dividing is exact.
  const nano = Number.isSafeInteger(milli) ? BigInt(milli) * NANO_PER_MILLI : divideRoundingUp(numberToNano(milli), 1000n);
  return { nano, format };
}

/** NewQuantity: a quantity of `units` whole units (fractions round up to nano). */
export function fromUnits(units: number, format: QuantityFormat = 'DecimalSI'): Quantity {
  return { nano: numberToNano(units), format };
}

const roundAwayFromZero = (n: number): number => (n < 0 ? -Math.ceil(-n) : Math.ceil(n));

/** kubectl top's CPU cell: `fmt.Sprintf("%vm", MilliValue())`, e.g. "250m". */
export function formatMilliCPU(milli: number): string {
  return `${roundAwayFromZero(milli) || 0}m`;
}

/** kubectl top's memory cell: `Value()/(1024*1024)` truncated, e.g. "123Mi". */
export function formatMemoryMi(bytes: number): string {
  return `${Math.trunc(roundAwayFromZero(bytes) / 1048576) || 0}Mi`;
}
