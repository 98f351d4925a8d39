/**
 * TaintToleration: Filter rejects nodes with an untolerated NoSchedule/NoExecute taint; Score counts the
 * PreferNoSchedule taints the pod does not tolerate (fewer is better: reversed DefaultNormalizeScore, weight 3).
 */
import type { Pod, Toleration } from '../../api/core.js';
import type { FilterPlugin, ScorePlugin } from '../framework.js';
import type { NodeInfo } from '../node-info.js';
import { podDerived } from '../pod-cache.js';
import { findUntoleratedTaint, tolerationsTolerateTaint } from '../taints.js';
import { rejection } from '../types.js';
import { defaultNormalizeScore } from './normalize.js';

/** ErrReasonNotMatch in the v1.35 form (earlier releases named the first taint: `{<key>: <value>}`). */
export const REASON_UNTOLERATED_TAINT = 'node(s) had untolerated taint(s)';

const REJECTED = rejection('TaintToleration', 'UnschedulableAndUnresolvable', REASON_UNTOLERATED_TAINT);

/** The TaintToleration filter. */
export const taintTolerationFilter: FilterPlugin<undefined> = {
  name: 'TaintToleration',
  filter(ctx, _state, info) {
    const taints = info.taints;
    return taints && findUntoleratedTaint(taints, ctx.pod.spec?.tolerations) ? REJECTED : undefined;
  },
};

const NO_TOLERATIONS: readonly Toleration[] = Object.freeze([]);

/** getAllTolerationPreferNoSchedule, cached per pod object (an update replaces the object, never mutates it). */
function preferNoScheduleTolerations(pod: Pod): readonly Toleration[] {
  const derived = podDerived(pod);
  let t = derived.preferNoScheduleTolerations;
  if (!t) {
    const all = pod.spec?.tolerations;
    t = all?.length ? Object.freeze(all.filter((x) => !x.effect || x.effect === 'PreferNoSchedule')) : NO_TOLERATIONS;
    derived.preferNoScheduleTolerations = t;
  }
  return t;
}

/** countIntolerableTaintsPreferNoSchedule. */
function intolerablePreferNoSchedule(tolerations: readonly Toleration[], info: NodeInfo): number {
  const taints = info.taints;
  if (!taints) return 0;
  let intolerable = 0;
  for (let i = 0; i < taints.length; i++) {
    const taint = taints[i]!;
    if (taint.effect === 'PreferNoSchedule' && !tolerationsTolerateTaint(tolerations, taint)) intolerable++;
  }
  return intolerable;
}

/** The TaintToleration score: only the pod's PreferNoSchedule and empty-effect tolerations count. */
export const taintTolerationScore: ScorePlugin<readonly Toleration[]> = {
  name: 'TaintToleration',
  weight: 3,
  preScore(ctx) {
    return { state: preferNoScheduleTolerations(ctx.pod) };
  },
  score(_ctx, tolerations, info) {
    return intolerablePreferNoSchedule(tolerations, info);
  },
  scoreAll(_ctx, tolerations, nodes, out) {
    for (let i = 0; i < nodes.length; i++) out[i] = intolerablePreferNoSchedule(tolerations, nodes[i]!);
  },
  normalize(_ctx, _state, scores) {
    defaultNormalizeScore(scores, true);
  },
};
