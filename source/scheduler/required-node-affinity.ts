/** nodeaffinity.GetRequiredNodeAffinity: spec.nodeSelector AND required node affinity, compiled once per pod. */
import type { Node, Pod } from '../api/core.js';
import { matchesLabelSet, matchesNodeSelectorTerms } from '../api/selectors.js';
import { podDerived } from './pod-cache.js';

/** Whether a node satisfies the pod's nodeSelector and requiredDuringScheduling node affinity. */
export interface RequiredNodeAffinity {
  /** True when the pod has neither, so every node matches. */
  readonly matchesAll: boolean;
  match(node: Node): boolean;
}

const ALL: RequiredNodeAffinity = Object.freeze({ matchesAll: true, match: () => true });

/** The pod's required node affinity (cached per pod object). */
export function requiredNodeAffinity(pod: Pod): RequiredNodeAffinity {
  const derived = podDerived(pod);
  let r = derived.nodeAffinity;
  if (r) return r;
  const selector = pod.spec?.nodeSelector;
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const hasSelector = selector !== undefined && Object.keys(selector).length > 0;
  if (!hasSelector && !required) r = ALL;
  else {
    r = {
      matchesAll: false,
      match(node: Node): boolean {
        if (hasSelector && !matchesLabelSet(selector, node.metadata.labels)) return false;
        // A present `required` with no terms matches no node (MatchNodeSelectorTerms of an empty list).
        if (required && !matchesNodeSelectorTerms(required.nodeSelectorTerms, node)) return false;
        return true;
      },
    };
  }
  derived.nodeAffinity = r;
  return r;
}
