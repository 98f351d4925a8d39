/** Pod resource totals as kubectl's resourcehelper computes them, for `describe node`. */
import { type Quantity, addQuantities, formatQuantity, tryParseQuantity } from '../../api/quantity.js';
import { list, record } from '../../api/print/format.js';
import { records } from './common.js';

const ZERO: Quantity = { nano: 0n, format: 'DecimalSI' };

/** A quantity field, zero when missing or unparseable. */
export function qty(v: unknown): Quantity {
  return tryParseQuantity(v) ?? ZERO;
}

const max = (a: Quantity, b: Quantity) => (b.nano > a.nano ? b : a);

function addInto(into: Map<string, Quantity>, list_: Record<string, unknown>): void {
  for (const [name, v] of Object.entries(list_)) into.set(name, addQuantities(into.get(name) ?? ZERO, qty(v)));
}

/**
 * PodRequestsAndLimits: regular containers and sidecars summed, then the max with each ordinary init container,
 * plus pod overhead. (Sidecars started before an init container also count toward it; approximated by the sum.)
 */
export function podRequestsAndLimits(pod: unknown): { requests: Map<string, Quantity>; limits: Map<string, Quantity> } {
  const spec = record(record(pod).spec);
  const out = { requests: new Map<string, Quantity>(), limits: new Map<string, Quantity>() };
  for (const which of ['requests', 'limits'] as const) {
    const sum = out[which];
    const inits = records(spec.initContainers);
    for (const c of list(spec.containers)) addInto(sum, record(record(record(c).resources)[which]));
    for (const c of inits) if (c.restartPolicy === 'Always') addInto(sum, record(record(c.resources)[which]));
    for (const c of inits) {
      if (c.restartPolicy === 'Always') continue;
      for (const [name, v] of Object.entries(record(record(c.resources)[which]))) sum.set(name, max(sum.get(name) ?? ZERO, qty(v)));
    }
    addInto(sum, record(spec.overhead));
  }
  return out;
}

/** Quantity.String(). */
export function qstr(q: Quantity | undefined): string {
  return formatQuantity(q ?? ZERO);
}

/** int64(float64(a) / float64(b) * 100), 0 when b is 0 (describe guards the totals the same way). */
export function percent(a: number, b: number): number {
  if (!b) return 0;
  return Math.trunc((a / b) * 100);
}

/** MilliValue() of a quantity. */
export function milli(q: Quantity | undefined): number {
  if (!q) return 0;
  return Number((q.nano + 999_999n) / 1_000_000n);
}

/** Value() of a quantity. */
export function units(q: Quantity | undefined): number {
  if (!q) return 0;
  return Number((q.nano + 999_999_999n) / 1_000_000_000n);
}
