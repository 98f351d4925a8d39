/** metav1.LabelSelector → compiled Selector, memoised per selector object so a cycle never re-parses. */
import type { LabelSelector } from '../api/meta.js';
import { NOTHING, type Selector } from '../api/label-selector.js';
import { labelSelectorFromObject } from '../api/selectors.js';

const cache = new WeakMap<LabelSelector, Selector>();

/**
 * LabelSelectorAsSelector: an absent selector selects nothing, `{}` selects everything. An invalid selector
 * (validation should have stopped it) also selects nothing, as the scheduler ignores parse errors.
 */
export function compileSelector(sel: LabelSelector | undefined | null): Selector {
  if (!sel) return NOTHING;
  let s = cache.get(sel);
  if (s) return s;
  try { s = labelSelectorFromObject(sel); } catch { s = NOTHING; }
  cache.set(sel, s);
  return s;
}

/** A selector that selects nothing (nil LabelSelector). */
export function isNothing(sel: Selector): boolean {
  return sel === NOTHING;
}

/** A LabelSelector with extra matchLabels ANDed in (matchLabelKeys merging); the input is not modified. */
export function withMatchLabels(sel: LabelSelector | undefined, extra: Record<string, string>): LabelSelector | undefined {
  if (!sel) return undefined; // nil stays nil: upstream merges into labels.Nothing(), which still selects nothing
  return { matchLabels: { ...sel.matchLabels, ...extra }, matchExpressions: sel.matchExpressions };
}
