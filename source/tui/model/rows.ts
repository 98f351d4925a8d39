/**
 * Rows in sort order with, alongside, their search texts and fault flags (each once a filter needs it), edited in
 * step so a filter pass over 150,000 rows reads dense arrays instead of objects.
 */
import type { KubeObject } from '../../api/meta.js';
import { type Compare, applyMerge, indexOfSorted, lowerBound, planMerge, sameObject } from './order.js';

/** Rows in order, with their search texts and fault flags alongside once a filter has needed them. */
export interface Rows {
  objs: KubeObject[];
  texts: string[] | undefined;
  faults?: boolean[] | undefined;
}

/** How the values kept beside a row are computed from its object. */
export interface RowInfo {
  text: (o: KubeObject) => string;
  fault: (o: KubeObject) => boolean;
}

/** Replace row `i` (and the values kept beside it). */
export function setAt(rows: Rows, i: number, o: KubeObject, info: RowInfo): void {
  rows.objs[i] = o;
  if (rows.texts) rows.texts[i] = info.text(o);
  if (rows.faults) rows.faults[i] = info.fault(o);
}

/** Remove the version `o` from sorted rows (binary search, scan as a fallback); returns its index or -1. */
export function removeRow(rows: Rows, o: KubeObject, cmp: Compare): number {
  let i = indexOfSorted(rows.objs, o, cmp);
  if (i < 0) i = rows.objs.findIndex((r) => sameObject(r, o));
  if (i < 0) return -1;
  rows.objs.splice(i, 1);
  rows.texts?.splice(i, 1);
  rows.faults?.splice(i, 1);
  return i;
}

/** Insert `o` in order (replacing another version of it found there); returns its index. */
export function insertRow(rows: Rows, o: KubeObject, cmp: Compare, info: RowInfo): number {
  const i = lowerBound(rows.objs, o, cmp);
  if (i < rows.objs.length && sameObject(rows.objs[i]!, o)) {
    setAt(rows, i, o, info);
    return i;
  }
  rows.objs.splice(i, 0, o);
  rows.texts?.splice(i, 0, info.text(o));
  rows.faults?.splice(i, 0, info.fault(o));
  return i;
}

/** In place: drop `gone`, merge `added` (sorted by `cmp`) by a binary-searched plan; kept values move with their rows. */
export function mergeRows(rows: Rows, gone: ReadonlySet<KubeObject>, added: readonly KubeObject[], cmp: Compare, info: RowInfo): void {
  const { objs, texts, faults } = rows;
  const plan = planMerge(objs, gone, added, cmp);
  const before = objs.length;
  const total = before - plan.removeAt.length + added.length;
  const resize = () => {
    objs.length = total;
    if (texts) texts.length = total;
    if (faults) faults.length = total;
  };
  if (total > before) resize();
  applyMerge(before, plan, (from, to) => {
    objs[to] = objs[from]!;
    if (texts) texts[to] = texts[from]!;
    if (faults) faults[to] = faults[from]!;
  }, (at, j) => {
    const o = added[j]!;
    objs[at] = o;
    if (texts) texts[at] = info.text(o);
    if (faults) faults[at] = info.fault(o);
  });
  if (total < before) resize();
}

/**
 * Rows of `from` that pass into `out` (reused arrays), carrying the kept values along: `keep(i)` decides per row
 * index, so callers test dense texts / flags without touching objects. Returns `out`.
 */
export function filterRows(from: Rows, out: Rows, keep: (i: number) => boolean): Rows {
  const src = from.objs, objs = out.objs;
  const srcTexts = from.texts, srcFaults = from.faults;
  const texts = srcTexts ? (out.texts ?? []) : undefined;
  const faults = srcFaults ? (out.faults ?? []) : undefined;
  let n = 0;
  for (let i = 0; i < src.length; i++) {
    if (!keep(i)) continue;
    objs[n] = src[i]!;
    if (texts) texts[n] = srcTexts![i]!;
    if (faults) faults[n] = srcFaults![i]!;
    n++;
  }
  objs.length = n;
  if (texts) texts.length = n;
  if (faults) faults.length = n;
  out.texts = texts;
  out.faults = faults;
  return out;
}
