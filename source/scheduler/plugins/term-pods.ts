/** Iterate the assigned pods an affinity term selects, through the snapshot's namespace/label index. */
import type { Pod } from '../../api/core.js';
import { NOTHING } from '../../api/label-selector.js';
import type { CycleContext } from '../framework.js';
import type { NodeInfo } from '../node-info.js';
import type { AffinityTerm } from '../pod-affinity-terms.js';

/** Call fn for every pod on a listed node that the term matches (namespaces or namespaceSelector, and selector). */
export function forEachTermPod(ctx: CycleContext, term: AffinityTerm, fn: (pod: Pod, info: NodeInfo) => void): void {
  const snap = ctx.snapshot;
  for (const ns of term.namespaces) ctx.stats.podsVisited += snap.forEachMatchingPod(ns, term.selector, fn);
  if (term.nsSelector === NOTHING) return;
  for (const ns of snap.namespaces()) {
    if (term.namespaces.has(ns) || !term.nsSelector.matches(snap.namespaceLabels(ns))) continue;
    ctx.stats.podsVisited += snap.forEachMatchingPod(ns, term.selector, fn);
  }
}
