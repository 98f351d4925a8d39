/**
 * Label and field selectors as the API server and controllers use them. This module is the public entry:
 * metav1.LabelSelector conversion lives here; parsing, matching and node affinity are re-exported.
 */
import { ApiError, badRequest } from './errors.js';
import {
  EVERYTHING, NOTHING, type RequirementInput, type Selector, type SelectorOperator, checkRequirement, selectorOf,
} from './label-selector.js';
import type { LabelSelector } from './meta.js';

export { EVERYTHING, NOTHING, type Requirement, type Selector, type SelectorOperator } from './label-selector.js';
export { parseLabelSelector } from './label-selector-parser.js';
export { type FieldRequirement, type FieldSelector, parseFieldSelector, supportedFieldLabels } from './field-selectors.js';
export { type NodeSelectorTarget, matchesNodeSelectorTerm, matchesNodeSelectorTerms } from './node-selector.js';

/**
 * metav1.LabelSelectorAsSelector: undefined/null → NOTHING, `{}` → EVERYTHING, otherwise matchLabels and
 * matchExpressions ANDed. Throws ApiError BadRequest for an unknown operator or an invalid key/value.
 */
export function labelSelectorFromObject(sel: LabelSelector | undefined | null): Selector {
  if (sel === undefined || sel === null) return NOTHING;
  const matchLabels = sel.matchLabels ?? {};
  const expressions = sel.matchExpressions ?? [];
  const keys = Object.keys(matchLabels).sort();
  if (keys.length + expressions.length === 0) return EVERYTHING;
  const reqs: RequirementInput[] = [];
  for (const key of keys) {
    const values = [matchLabels[key]!];
    checkRequirement(key, 'Equals', values);
    reqs.push({ key, operator: 'Equals', values });
  }
  for (const expr of expressions) {
    const operator: SelectorOperator = expr.operator;
    switch (operator) {
      case 'In': case 'NotIn': case 'Exists': case 'DoesNotExist': break;
      default: throw badRequest(`${JSON.stringify(expr.operator)} is not a valid label selector operator`);
    }
    // Upstream copies values with append(nil, …), so "no values" prints as null in the error.
    checkRequirement(expr.key, operator, expr.values?.length ? expr.values : undefined);
    reqs.push({ key: expr.key, operator, values: expr.values ?? [] });
  }
  return selectorOf(reqs);
}

/**
 * Equality selector for a map selector (Service.spec.selector, ReplicationController.spec.selector).
 * Unlike labels.SelectorFromSet, an undefined or empty map gives NOTHING: a Service without a selector gets no
 * endpoints from the endpoints controller, and an RC's selector is never empty once defaulted from its template,
 * so "select everything" is never what these callers mean. For pod.spec.nodeSelector use matchesLabelSet.
 */
export function selectorFromSet(labels: Record<string, string> | undefined): Selector {
  if (labels === undefined) return NOTHING;
  const keys = Object.keys(labels);
  if (keys.length === 0) return NOTHING;
  return selectorOf(keys.map((key) => ({ key, operator: 'Equals' as const, values: [labels[key]!] })));
}

/** labels.SelectorFromSet(set).Matches(labels): every pair present and equal; an empty set matches everything. */
export function matchesLabelSet(set: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (set === undefined) return true;
  for (const key in set) {
    if (!Object.hasOwn(set, key)) continue;
    if (labels === undefined || !Object.hasOwn(labels, key) || labels[key] !== set[key]) return false;
  }
  return true;
}

/**
 * metav1.FormatLabelSelector, kubectl's SELECTOR column: `app=web,tier in (a,b)`, `<none>` when empty or
 * nil, `<error>` when invalid. (Scale/HPA status.selector use labelSelectorFromObject(sel).toString(), "" when empty.)
 */
export function selectorToString(sel: LabelSelector | undefined | null): string {
  try {
    return labelSelectorFromObject(sel).toString() || '<none>';
  } catch (err) {
    if (err instanceof ApiError) return '<error>';
    throw err;
  }
}

const compiledSelectors = new WeakMap<LabelSelector, Selector>();

/**
 * Whether the labels match a metav1.LabelSelector (undefined selects nothing, `{}` everything). Compiled
 * selectors are cached per selector object, so spec objects must be replaced, not mutated. An invalid selector
 * (rejected by validation upstream) matches nothing rather than throwing in a hot path.
 */
export function matchesLabelSelector(sel: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  if (sel === undefined || sel === null) return false;
  let compiled = compiledSelectors.get(sel);
  if (!compiled) {
    try {
      compiled = labelSelectorFromObject(sel);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      compiled = NOTHING;
    }
    compiledSelectors.set(sel, compiled);
  }
  return compiled.matches(labels);
}
