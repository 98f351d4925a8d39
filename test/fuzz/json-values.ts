/** JSON-value helpers for the fuzzers: copies and freezes that survive deep nesting and own `__proto__` keys. */

/** Freeze a whole value: inputs handed to the store are frozen, so a store that mutates its input throws. */
export function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value]; // iterative: fuzz values nest thousands deep
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object' || Object.isFrozen(v)) continue;
    Object.freeze(v);
    for (const key of Object.keys(v)) stack.push((v as Record<string, unknown>)[key]);
  }
  return value;
}

/** Set an own, enumerable property, even `__proto__` (as JSON.parse and YAML parsers create it). */
export function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** JSON-shaped copy that keeps own `__proto__` keys (structuredClone and spreads would lose or follow them). */
export function cloneJson<T>(value: T): T {
  const copyOf = (v: unknown): unknown => (v === null || typeof v !== 'object' ? v : Array.isArray(v) ? new Array(v.length) : {});
  const root = copyOf(value);
  // Iterative: fuzz values nest thousands deep.
  const stack: [unknown, unknown][] = [[value, root]];
  while (stack.length > 0) {
    const [from, to] = stack.pop()!;
    if (from === null || typeof from !== 'object') continue;
    for (const key of Object.keys(from)) {
      const child = copyOf((from as Record<string, unknown>)[key]);
      if (Array.isArray(to)) to[Number(key)] = child;
      else defineOwn(to as Record<string, unknown>, key, child);
      stack.push([(from as Record<string, unknown>)[key], child]);
    }
  }
  return root as T;
}

/**
 * Where a value stops being JSON-shaped data (a Map, a Set, a byte array, an object with a foreign prototype, a
 * function), or undefined. Undefined members and non-finite numbers pass: in-process callers may hand them over.
 */
export function nonJsonAt(v: unknown): string | undefined {
  const stack: [unknown, string][] = [[v, '']];
  while (stack.length > 0) {
    const [x, path] = stack.pop()!;
    if (x === null || x === undefined || typeof x === 'string' || typeof x === 'boolean' || typeof x === 'number') continue;
    if (typeof x !== 'object') return `${path || '.'}: a ${typeof x}`;
    const proto: unknown = Object.getPrototypeOf(x);
    if (!Array.isArray(x) && proto !== Object.prototype && proto !== null) return `${path || '.'}: an object with a foreign prototype (${String((x as object).constructor?.name)})`;
    for (const k of Object.keys(x)) stack.push([(x as Record<string, unknown>)[k], `${path}.${k}`]);
  }
  return undefined;
}

/** Whether a value nests deeper than `limit` (iterative, stops early). */
export function deeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d >= limit) return true;
    for (const k of Object.keys(v)) stack.push([(v as Record<string, unknown>)[k], d + 1]);
  }
  return false;
}

/** `depth` levels of `{a: …}` or `[…]` around a leaf. */
export function nest(depth: number, asArray: boolean, leaf: unknown = 'x'): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v };
  return v;
}

/** JSON text, or undefined when the value is too deep for JSON.stringify. */
export function safeJson(v: unknown): string | undefined {
  try {
    return JSON.stringify(v);
  } catch {
    return undefined;
  }
}

/** Whether every object in a value is frozen. */
export function isDeepFrozen(v: unknown): boolean {
  const stack = [v];
  while (stack.length > 0) {
    const x = stack.pop();
    if (x === null || typeof x !== 'object') continue;
    if (!Object.isFrozen(x)) return false;
    for (const k of Object.keys(x)) stack.push((x as Record<string, unknown>)[k]);
  }
  return true;
}
