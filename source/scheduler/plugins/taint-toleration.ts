/**
 * TaintToleration: Filter rejects nodes with an untolerated NoSchedule/NoExecute taint; Score counts the
 * PreferNoSchedule taints the pod does not tolerate (fewer is better: reversed DefaultNormalizeScore, weight 3).
 */
import type { Toleration } from '../../api/core.js';
import type { FilterPlugin, ScorePlugin } from '../framework.js';
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
    return findUntoleratedTaint(info.node?.spec?.taints, ctx.pod.spec?.tolerations) ? REJECTED : undefined;
  },
};

/** The TaintToleration score: only the pod's PreferNoSchedule and empty-effect tolerations count. */
export const taintTolerationScore: ScorePlugin<readonly Toleration[]> = {
  name: 'TaintToleration',
  weight: 3,
  preScore(ctx) {
    const tolerations = (ctx.pod.spec?.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
    return { state: tolerations };
  },
  score(_ctx, tolerations, info) {
    let intolerable = 0;
    for (const taint of info.node?.spec?.taints ?? []) {
      if (taint.effect === 'PreferNoSchedule' && !tolerationsTolerateTaint(tolerations, taint)) intolerable++;
    }
    return intolerable;
  },
  normalize(_ctx, _state, scores) {
    defaultNormalizeScore(scores, true);
  },
};
