/**
 * ClusterStateRegistry's judgements: node readiness per group and cluster-wide (ready, unready, not started
 * within 15 min of creation, unregistered and long-unregistered instances), cluster and node-group health with
 * the max-total-unready rule, whether a group is scaling up, and the per-group status the ConfigMap shows.
 */
import type { Node } from '../../api/core.js';
import { parseTimestamp } from '../../engine/clock.js';
import { formatDuration } from '../../api/duration.js';
import type { SimulatedCloud } from './cloud-provider.js';
import type { NodeGroup, NodeGroupSet } from './node-groups.js';
import type { ClusterAutoscalerOptions } from './options.js';
import type { GroupStatusInput, NodeCounts } from './status.js';

/** MaxNodeStartupTime: an unready node younger than this is "not started", not "unready". */
export const MAX_NODE_STARTUP_MS = 15 * 60_000;

/** Readiness of a set of nodes (and, for a group, of its unregistered instances). */
export interface Readiness extends NodeCounts {
  /** Registered nodes that have not become Ready yet. */
  readonly notStartedNames: string[];
}

const isReady = (n: Node) => !!n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

/** updateReadinessStats over registered nodes. */
export function readinessOf(nodes: Iterable<Node>, now: number): Readiness {
  const r: Readiness = { ready: 0, notStarted: 0, unready: 0, beingDeleted: 0, registered: 0, longUnregistered: 0, unregistered: 0, notStartedNames: [] };
  for (const node of nodes) {
    r.registered++;
    if (isReady(node)) r.ready++;
    else if (parseTimestamp(node.metadata.creationTimestamp) + MAX_NODE_STARTUP_MS > now) {
      r.notStarted++;
      r.notStartedNames.push(node.metadata.name!);
    } else r.unready++;
  }
  return r;
}

/** A group's readiness including its instances that have not registered (long-unregistered after max-node-provision-time). */
export function groupReadiness(group: NodeGroup, now: number, o: ClusterAutoscalerOptions): Readiness {
  const r = readinessOf(group.nodes.values(), now);
  for (const inst of group.provisioning.values()) {
    if (inst.requestedAt + o.maxNodeProvisionTimeMs < now) r.longUnregistered++;
    else r.unregistered++;
  }
  return r;
}

/** IsClusterHealthy: too many unready nodes (beyond ok-total-unready-count and the percentage) stop autoscaling. */
export function clusterHealthy(r: Readiness, o: ClusterAutoscalerOptions): boolean {
  return !(r.unready > o.okTotalUnreadyCount && r.unready > (o.maxTotalUnreadyPercentage / 100) * r.registered);
}

/** IsNodeGroupHealthy: fewer ready nodes than the acceptable minimum, beyond the same tolerances, is unhealthy. */
export function groupHealthy(group: NodeGroup, r: Readiness, o: ClusterAutoscalerOptions): boolean {
  const target = group.targetSize();
  // No readiness entry at all: fine when the group is empty on purpose or just scaling up from zero.
  if (r.registered + r.unregistered + r.longUnregistered === 0) return target === 0 || (group.minSize === 0 && target > 0);
  const minNodes = target - r.longUnregistered - (group.scaleUpRequest?.increase ?? 0);
  const unjustified = Math.max(0, minNodes - r.ready);
  return !(unjustified > o.okTotalUnreadyCount && unjustified > (o.maxTotalUnreadyPercentage / 100) * (r.ready + r.unready + r.notStarted));
}

/** IsNodeGroupScalingUp: a scale-up request is open and nodes are still to come. */
export function isScalingUp(group: NodeGroup, r: Readiness): boolean {
  const provisioned = r.registered - r.notStarted;
  return group.scaleUpRequest !== undefined && group.targetSize() > provisioned;
}

/** The group's entry of the status ConfigMap. */
export function groupStatus(group: NodeGroup, r: Readiness, healthy: boolean, now: number, candidates: number): GroupStatusInput {
  const scaleUp = isScalingUp(group, r) ? 'InProgress' : !healthy ? 'Unhealthy' : group.isBackedOff(now) ? 'Backoff' : 'NoActivity';
  return {
    name: group.id, target: group.targetSize(), minSize: group.minSize, maxSize: group.maxSize, counts: r, healthy, scaleUp, candidates,
    backoff: group.backoff ? { errorCode: group.backoff.errorCode, errorMessage: group.backoff.errorMessage } : undefined,
  };
}

/** Cluster-wide readiness: every registered node plus every group's unregistered instances. */
export function totalReadiness(groups: NodeGroupSet, now: number, o: ClusterAutoscalerOptions): Readiness {
  const total = readinessOf(groups.allNodes.values(), now);
  for (const g of groups.list) {
    const r = groupReadiness(g, now, o);
    total.unregistered += r.unregistered;
    total.longUnregistered += r.longUnregistered;
  }
  return total;
}

/**
 * updateScaleRequests + removeOldUnregisteredNodes: close finished scale-ups, fail those past
 * max-node-provision-time (ScaleUpTimedOut, backoff "timeout"), and delete instances that never registered.
 */
export function expireScaleUps(groups: NodeGroupSet, now: number, o: ClusterAutoscalerOptions, cloud: SimulatedCloud,
  statusEvent: (type: 'Normal' | 'Warning', reason: string, message: string) => void): void {
  for (const g of groups.list) {
    g.expireBackoff(now, o);
    const req = g.scaleUpRequest;
    if (req && !isScalingUp(g, groupReadiness(g, now, o))) g.scaleUpRequest = undefined;
    else if (req && req.expectedAddTime < now) {
      const took = formatDuration(now - req.at);
      statusEvent('Warning', 'ScaleUpTimedOut', `Nodes added to group ${g.id} failed to register within ${took}`);
      g.registerFailure(now, 'timeout', `Scale-up timed out for node group ${g.id} after ${took}`, o);
      g.scaleUpRequest = undefined;
    }
    for (const inst of [...g.provisioning.values()]) {
      if (inst.requestedAt + o.maxNodeProvisionTimeMs >= now) continue;
      // Upstream keeps an unregistered node rather than go below the group's min size.
      if (g.targetSize() - 1 < g.minSize) continue;
      g.provisioning.delete(inst.name);
      cloud.delete(inst.name, now);
      statusEvent('Normal', 'DeleteUnregistered', `Removed unregistered node ${inst.name}`);
    }
  }
}
