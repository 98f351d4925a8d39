/**
 * The fault catalogue: every fault type the fault manager offers, in the order the fault menu and `kubedrill
 * faults` list them — pods, nodes, the control plane, operator errors, traffic.
 */
import type { FaultType } from '../types.js';
import { badRollout } from './bad-rollout.js';
import { controlPlaneFaults } from './control-plane-faults.js';
import { nodeFaults } from './node-faults.js';
import { nodeTaint } from './node-taint.js';
import { blockingQuota, serviceSelectorTypo } from './operator-faults.js';
import { podFaults } from './pod-faults.js';
import { podKill } from './pod-kill.js';
import { trafficFaults } from './traffic-faults.js';

/** Every fault type, in menu order. */
export function faultCatalog(): FaultType[] {
  return [podKill, ...podFaults, ...nodeFaults, nodeTaint, ...controlPlaneFaults, badRollout, serviceSelectorTypo, blockingQuota, ...trafficFaults];
}

/** One fault type by name. */
export function faultType(type: string): FaultType | undefined {
  return faultCatalog().find((t) => t.type === type);
}
