/**
 * Column layout for a table window: widths from the visible rows only, columns dropped by priority when the
 * terminal is narrow, the flexible column (MESSAGE, NAME) shrunk last. Pure, so it is tested on its own.
 */
import { textWidth } from '../text.js';

/** Columns that take what space is left instead of their natural width (and are truncated). */
const FLEX = new Set(['MESSAGE', 'LABELS', 'NAME', 'OBJECT', 'IMAGE', 'IMAGES', 'SELECTOR', 'DATA', 'TAINTS', 'MODEL', 'LAST ACTIVITY']);
/** Columns dropped last, in the order they go (NAME never goes). */
const ESSENTIAL = ['NAMESPACE', 'AGE', 'READY', 'LAST SEEN', 'TYPE', 'MESSAGE', 'STATUS'];
/** Gap between columns. */
export const GAP = 2;
/** Narrowest a flexible column gets before columns are dropped instead (names stay readable). */
/** A message narrower than this is hard to read: a view's preferred columns go first. */
const COMFORT_MESSAGE = 36;
const minFlex = (name: string) => (name === 'NAME' || name === 'MESSAGE' ? 20 : 12);

export interface ColumnLayout {
  /** Indexes of the columns shown, in order. */
  keep: number[];
  /** Width of each kept column. */
  widths: number[];
}

/**
 * The order columns are dropped in: `first` (a pane's own preference), then wide-only ones from the right, then
 * the rest from the right, essentials last.
 */
export function dropOrder(names: readonly string[], priorities: readonly number[], first: readonly string[] = []): number[] {
  const preferred = first.map((n) => names.indexOf(n)).filter((i) => i >= 0);
  const idx = names.map((_, i) => i).filter((i) => names[i] !== 'NAME' && !preferred.includes(i));
  const wide = idx.filter((i) => (priorities[i] ?? 0) > 0).reverse();
  const normal = idx.filter((i) => (priorities[i] ?? 0) === 0 && !ESSENTIAL.includes(names[i]!)).reverse();
  const essential = ESSENTIAL.map((n) => names.indexOf(n)).filter((i) => i >= 0);
  return [...preferred, ...wide, ...normal, ...essential.filter((i) => !preferred.includes(i))];
}

/** Lay out columns within `width` cells (the row marker column included by the caller's budget). */
export function layoutColumns(names: readonly string[], priorities: readonly number[], rows: readonly (readonly string[])[], width: number, dropFirst: readonly string[] = []): ColumnLayout {
  const natural = names.map((n, i) => {
    let w = textWidth(n) + 1; // room for the sort arrow
    for (const r of rows) {
      const c = r[i];
      if (c !== undefined) w = Math.max(w, textWidth(c));
    }
    return w;
  });
  let keep = names.map((_, i) => i);
  const order = dropOrder(names, priorities, dropFirst);
  const total = (cols: number[]) => {
    let t = 0;
    for (const i of cols) t += FLEX.has(names[i]!) ? Math.min(natural[i]!, minFlex(names[i]!)) : natural[i]!;
    return t + GAP * Math.max(0, cols.length - 1);
  };
  // A view's preferred drops go as soon as a flexible column would be squeezed below a readable width (a pane
  // would rather lose its NAMESPACE column than cut every MESSAGE short); the rest only when nothing else fits.
  const comfortable = (i: number) => (FLEX.has(names[i]!) ? Math.min(natural[i]!, names[i] === 'MESSAGE' ? COMFORT_MESSAGE : minFlex(names[i]!)) : natural[i]!);
  const comfortTotal = (cols: number[]) => cols.reduce((t, i) => t + comfortable(i), 0) + GAP * Math.max(0, cols.length - 1);
  for (const name of dropFirst) {
    const d = names.indexOf(name);
    if (d >= 0 && comfortTotal(keep) > width) keep = keep.filter((i) => i !== d);
  }
  for (const d of order) {
    if (total(keep) <= width) break;
    keep = keep.filter((i) => i !== d);
  }
  // Space left over goes to the flexible columns (up to their natural width), left to right.
  const widths = keep.map((i) => (FLEX.has(names[i]!) ? Math.min(natural[i]!, minFlex(names[i]!)) : natural[i]!));
  let spare = width - (widths.reduce((a, b) => a + b, 0) + GAP * Math.max(0, keep.length - 1));
  // MESSAGE first (an event's point), then NAME, then the other flexible columns left to right.
  const rank = (name: string) => (name === 'MESSAGE' ? 0 : name === 'NAME' ? 1 : 2);
  const flexible = keep.map((i, k) => ({ i, k })).filter(({ i }) => FLEX.has(names[i]!)).sort((a, b) => rank(names[a.i]!) - rank(names[b.i]!) || a.k - b.k);
  for (const { i, k } of flexible) {
    if (spare <= 0) break;
    const add = Math.min(spare, natural[i]! - widths[k]!);
    widths[k]! += add;
    spare -= add;
  }
  // Still too wide (one column left, very narrow terminal): cut the first column down.
  if (spare < 0 && widths.length) widths[0] = Math.max(1, widths[0]! + spare);
  return { keep, widths };
}
