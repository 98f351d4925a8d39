/** Rows in sort order with their search texts alongside (once a text filter needs them), edited in step. */
import type { KubeObject } from '../../api/meta.js';
import { type Compare, applyMerge, indexOfSorted, lowerBound, planMerge, sameObject } from './order.js';

/** Rows in order, with their search texts alongside once a text filter has needed them. */
export interface Rows {
  objs: KubeObject[];
  texts: string[] | undefined;
}

/** Replace row `i` (and its text when texts are kept). */
export function setAt(rows: Rows, i: number, o: KubeObject, text: string): void {
  rows.objs[i] = o;
  if (rows.texts) rows.texts[i] = text;
}

/** Remove the version `o` from sorted rows (binary search, scan as a fallback); returns its index or -1. */
export function removeRow(rows: Rows, o: KubeObject, cmp: Compare): number {
  let i = indexOfSorted(rows.objs, o, cmp);
  if (i < 0) i = rows.objs.findIndex((r) => sameObject(r, o));
  if (i < 0) return -1;
  rows.objs.splice(i, 1);
  rows.texts?.splice(i, 1);
  return i;
}

/** Insert `o` in order (replacing another version of it found there); returns its index. */
export function insertRow(rows: Rows, o: KubeObject, cmp: Compare, text: (o: KubeObject) => string): number {
  const i = lowerBound(rows.objs, o, cmp);
  if (i < rows.objs.length && sameObject(rows.objs[i]!, o)) {
    setAt(rows, i, o, rows.texts ? text(o) : '');
    return i;
  }
  rows.objs.splice(i, 0, o);
  rows.texts?.splice(i, 0, text(o));
  return i;
}

/** In place: drop `gone`, merge `added` (sorted by `cmp`) by a binary-searched plan; texts move with their rows. */
export function mergeRows(rows: Rows, gone: ReadonlySet<KubeObject>, added: readonly KubeObject[], cmp: Compare, text: (o: KubeObject) => string): void {
  const objs = rows.objs, texts = rows.texts;
  const plan = planMerge(objs, gone, added, cmp);
  const before = objs.length;
  const total = before - plan.removeAt.length + added.length;
  if (total > before) {
    objs.length = total;
    if (texts) texts.length = total;
  }
  applyMerge(before, plan, (from, to) => {
    objs[to] = objs[from]!;
    if (texts) texts[to] = texts[from]!;
  }, (at, j) => {
    objs[at] = added[j]!;
    if (texts) texts[at] = text(added[j]!);
  });
  if (total < before) {
    objs.length = total;
    if (texts) texts.length = total;
  }
}
