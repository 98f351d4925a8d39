/** NodeUnschedulable: a cordoned node (spec.unschedulable) only takes pods tolerating its unschedulable taint. */
import type { Taint } from '../../api/core.js';
import type { FilterPlugin } from '../framework.js';
import { tolerationsTolerateTaint } from '../taints.js';
import { rejection } from '../types.js';

/** ErrReasonUnschedulable. */
export const REASON_UNSCHEDULABLE = 'node(s) were unschedulable';

const UNSCHEDULABLE_TAINT: Taint = Object.freeze({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' });
const REJECTED = rejection('NodeUnschedulable', 'UnschedulableAndUnresolvable', REASON_UNSCHEDULABLE);

/** The NodeUnschedulable filter. */
export const nodeUnschedulable: FilterPlugin<undefined> = {
  name: 'NodeUnschedulable',
  filter(ctx, _state, info) {
    if (!info.unschedulable) return undefined;
    return tolerationsTolerateTaint(ctx.pod.spec?.tolerations, UNSCHEDULABLE_TAINT) ? undefined : REJECTED;
  },
};
