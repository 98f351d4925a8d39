/** NodeName: a pod that names its node (spec.nodeName) fits only that node. */
import type { FilterPlugin } from '../framework.js';
import { rejection } from '../types.js';

/** ErrReason. */
export const REASON_NODE_NAME = "node(s) didn't match the requested node name";

const REJECTED = rejection('NodeName', 'UnschedulableAndUnresolvable', REASON_NODE_NAME);

/** The NodeName filter. */
export const nodeName: FilterPlugin<undefined> = {
  name: 'NodeName',
  filter(ctx, _state, info) {
    const wanted = ctx.pod.spec?.nodeName;
    return !wanted || wanted === info.name ? undefined : REJECTED;
  },
};
