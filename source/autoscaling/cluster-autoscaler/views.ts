/** The read model the UI and drills get from the cluster autoscaler. */
import { groupHealthy, groupReadiness, groupStatus } from './cluster-state.js';
import type { NodeGroup } from './node-groups.js';
import type { ClusterAutoscalerOptions } from './options.js';
import type { UnneededNode } from './scale-down-planner.js';

/** A node group as the UI shows it. */
export interface NodeGroupView {
  name: string;
  minSize: number;
  maxSize: number;
  /** Registered nodes. */
  current: number;
  /** Instances requested and not registered yet. */
  upcoming: number;
  /** Nodes being drained or deleted. */
  deleting: number;
  target: number;
  costPerHour: number;
  provisioningDelaySeconds: number;
  health: 'Healthy' | 'Unhealthy';
  scaleUp: 'InProgress' | 'Unhealthy' | 'Backoff' | 'NoActivity';
  backoffUntil?: number;
  /** Unneeded nodes of the group with the time they became unneeded. */
  unneeded: { node: string; since: number }[];
}

/** One group's view at `now`. */
export function nodeGroupView(g: NodeGroup, now: number, o: ClusterAutoscalerOptions, unneeded: readonly UnneededNode[]): NodeGroupView {
  const r = groupReadiness(g, now, o);
  const healthy = groupHealthy(g, r, o);
  return {
    name: g.id, minSize: g.minSize, maxSize: g.maxSize, current: g.nodes.size, upcoming: g.provisioning.size, deleting: g.deleting.size,
    target: g.targetSize(), costPerHour: g.costPerHour, provisioningDelaySeconds: g.provisioningDelayMs / 1000,
    health: healthy ? 'Healthy' : 'Unhealthy', scaleUp: groupStatus(g, r, healthy, now, 0).scaleUp,
    backoffUntil: g.isBackedOff(now) ? g.backoff!.until : undefined,
    unneeded: unneeded.filter((u) => u.group === g).map((u) => ({ node: u.node, since: u.since })),
  };
}
