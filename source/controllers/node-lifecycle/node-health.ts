/**
 * tryUpdateNodeHealth: when a node was last heard from (Lease renewals and Ready heartbeats, stamped with the
 * controller's own clock at the pass that noticed them), and the Unknown conditions a silent node gets.
 */
import type { Node } from '../../api/core.js';
import type { Condition } from '../../api/meta.js';
import { parseTimestamp } from '../../engine/clock.js';
import { readyCondition } from './taints.js';

/** What the controller remembers about a node between passes (nodeHealthData). */
export interface NodeHealth {
  probeTimestamp: number;
  readyTransitionTimestamp: number;
  /** The Ready condition as last seen (undefined: the node had none). */
  savedReady?: Condition;
  /** The Lease renewTime as last seen. */
  leaseRenewTime?: string;
}

/** The conditions a node loses when its kubelet goes silent, in the order upstream writes them. */
const SILENT_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'] as const;

export interface HealthVerdict {
  /** The Ready condition before this pass (a fake Unknown one for a node that never posted). */
  observed: Condition;
  /** The Ready condition after this pass (undefined when the node never posted and is still in its grace). */
  current?: Condition;
  /** The node with Unknown conditions, when the grace period ran out and something changed. */
  update?: Node;
  health: NodeHealth;
}

/**
 * One node's health check. `grace` is the monitor grace period, `startupGrace` the one for a node that has no
 * Ready condition yet; `leaseRenewTime` is the node Lease's current renewTime.
 */
export function checkNodeHealth(node: Node, prior: NodeHealth | undefined, leaseRenewTime: string | undefined,
  now: number, grace: number, startupGrace: number, ts: string): HealthVerdict {
  const created = node.metadata.creationTimestamp ?? ts;
  const currentReady = readyCondition(node);
  let health: NodeHealth;
  let observed: Condition;
  let gracePeriod: number;
  if (!currentReady) {
    observed = { type: 'Ready', status: 'Unknown', lastHeartbeatTime: created, lastTransitionTime: created };
    gracePeriod = startupGrace;
    const createdMs = parseTimestamp(created);
    health = prior
      ? { ...prior, savedReady: undefined }
      : { probeTimestamp: Number.isNaN(createdMs) ? now : createdMs, readyTransitionTimestamp: Number.isNaN(createdMs) ? now : createdMs };
  } else {
    observed = currentReady;
    gracePeriod = grace;
    const saved = prior?.savedReady;
    if (!prior || !saved) {
      health = { probeTimestamp: now, readyTransitionTimestamp: now, savedReady: currentReady, leaseRenewTime: prior?.leaseRenewTime };
    } else if (saved.lastHeartbeatTime !== currentReady.lastHeartbeatTime) {
      // A new heartbeat: the node is alive; a new transition time means its Ready state changed meanwhile.
      const transition = saved.lastTransitionTime !== currentReady.lastTransitionTime ? now : prior.readyTransitionTimestamp;
      health = { ...prior, probeTimestamp: now, readyTransitionTimestamp: transition, savedReady: currentReady };
    } else if (saved !== currentReady) {
      health = { ...prior, savedReady: currentReady };
    } else {
      health = prior; // nothing new: the common case, no allocation
    }
  }
  // A renewed Lease is a heartbeat too (the kubelet writes its status far less often). Most passes see the
  // same renewTime string again, so it is parsed only when it changed.
  if (leaseRenewTime !== undefined && leaseRenewTime !== health.leaseRenewTime && (health.leaseRenewTime === undefined || renewedAfter(leaseRenewTime, health.leaseRenewTime))) {
    health = health === prior ? { ...health } : health;
    health.leaseRenewTime = leaseRenewTime;
    health.probeTimestamp = now;
  }
  if (now <= health.probeTimestamp + gracePeriod) return { observed, current: currentReady, health };

  const conditions = [...(node.status?.conditions ?? [])];
  for (const type of SILENT_CONDITIONS) {
    const i = conditions.findIndex((c) => c.type === type);
    if (i < 0) {
      conditions.push({
        type, status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.',
        lastHeartbeatTime: created, lastTransitionTime: ts,
      });
    } else if (conditions[i]!.status !== 'Unknown') {
      conditions[i] = { ...conditions[i]!, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: ts };
    }
  }
  const current = conditions.find((c) => c.type === 'Ready')!;
  if (currentReady && current === currentReady) return { observed, current, health };
  const update: Node = { ...node, status: { ...node.status, conditions } };
  return { observed, current, update, health: { ...health, savedReady: current, readyTransitionTimestamp: now } };
}

/** Whether MicroTime `a` is later than `b`: same-width RFC 3339 strings order as text, others are parsed. */
function renewedAfter(a: string, b: string): boolean {
  if (a.length === b.length && a.endsWith('Z') && b.endsWith('Z')) return a > b;
  return parseTimestamp(a) > parseTimestamp(b);
}
