/** NodePorts: a pod's hostPorts must be free on the node (0.0.0.0 clashes with every address). */
import type { FilterPlugin, PreFilterResult } from '../framework.js';
import { type HostPort, podHostPorts } from '../host-ports.js';
import { rejection } from '../types.js';

/** ErrReason. */
export const REASON_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports";

const REJECTED = rejection('NodePorts', 'Unschedulable', REASON_NODE_PORTS);
const SKIP: PreFilterResult<readonly HostPort[]> = Object.freeze({ skip: true });

/** The NodePorts filter; skipped for pods without host ports. */
export const nodePorts: FilterPlugin<readonly HostPort[]> = {
  name: 'NodePorts',
  preFilter(ctx) {
    const ports = podHostPorts(ctx.pod);
    return ports.length ? { state: ports } : SKIP;
  },
  filter(_ctx, ports, info) {
    if (info.usedPorts.isEmpty) return undefined;
    for (const p of ports) if (info.usedPorts.conflicts(p)) return REJECTED;
    return undefined;
  },
};
