/**
 * `%+v` of a *metav1.LabelSelector, as upstream's HPA messages print a metric selector: the gogo-protobuf String()
 * form (`&LabelSelector{MatchLabels:map[string]string{app: web,},MatchExpressions:[]LabelSelectorRequirement{},}`),
 * or `nil` for an unset selector.
 */
import type { LabelSelector } from '../../api/meta.js';

/** Go's %v of a []string: `[a b]`. */
const goSlice = (values: readonly string[] | undefined): string => `[${(values ?? []).join(' ')}]`;

/** The String() of a *metav1.LabelSelector. */
export function goSelectorString(sel: LabelSelector | undefined | null): string {
  if (sel === undefined || sel === null) return 'nil';
  const labels = sel.matchLabels ?? {};
  const keys = Object.keys(labels).sort();
  const matchLabels = `map[string]string{${keys.map((k) => `${k}: ${labels[k]},`).join('')}}`;
  const expressions = (sel.matchExpressions ?? [])
    .map((e) => `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:${goSlice(e.values)},},`).join('');
  return `&LabelSelector{MatchLabels:${matchLabels},MatchExpressions:[]LabelSelectorRequirement{${expressions}},}`;
}
