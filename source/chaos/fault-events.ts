/**
 * The Kubernetes Events a fault leaves: `FaultInjected` (Warning) when it starts and `FaultReverted` (Normal)
 * when it ends, from the source component `kubedrill-chaos`, on the objects it hit — each Node of a zone or node
 * pool, and for a control-plane component its static pod in kube-system — so the events pane and the debrief
 * timeline show them next to what the cluster did.
 */
import type { Pod } from '../api/core.js';
import { formatDuration } from '../api/duration.js';
import type { KubeObject } from '../api/meta.js';
import type { Simulation } from '../cluster/simulation.js';
import { formatParams } from './params.js';
import { nodesOf } from './targets.js';
import type { ActiveFault, ResolvedTarget } from './types.js';

/** The event source of every fault event. */
export const CHAOS_COMPONENT = 'kubedrill-chaos';
export const FAULT_INJECTED = 'FaultInjected';
export const FAULT_REVERTED = 'FaultReverted';

/** Why a fault ended. */
export type EndCause = 'duration' | 'request' | 'stop-all';

/** The objects a target's events go on. */
function eventObjects(sim: Simulation, target: ResolvedTarget): KubeObject[] {
  if (target.object) return [target.object];
  if (target.kind === 'Zone' || target.kind === 'NodePool') return nodesOf(sim, target);
  if (target.kind === 'ControlPlane') {
    const mirrors = sim.store.select<Pod>('Pod', { namespace: 'kube-system' }).filter((p) => p.metadata.labels?.component === target.name);
    if (mirrors.length) return mirrors;
    const ns = sim.store.tryGet('Namespace', undefined, 'kube-system');
    return ns ? [ns] : [];
  }
  return [];
}

function record(sim: Simulation, targets: readonly ResolvedTarget[], type: 'Normal' | 'Warning', reason: string, message: string): void {
  for (const t of targets) {
    for (const obj of eventObjects(sim, t)) sim.engine.events.record(obj, type, reason, message, { component: CHAOS_COMPONENT });
  }
}

/** `FaultInjected` on every target: the fault type, its id, its parameters and when it reverts itself. */
export function recordInjected(sim: Simulation, fault: ActiveFault, targets: readonly ResolvedTarget[]): void {
  const params = formatParams(fault.spec.params ?? {});
  const ends = fault.spec.durationMs !== undefined ? `; reverts after ${formatDuration(fault.spec.durationMs)}` : '';
  record(sim, targets, 'Warning', FAULT_INJECTED, `Injected fault ${fault.spec.type} (${fault.id})${params ? ` with ${params}` : ''}${ends}`);
}

/** `FaultReverted` on every target: why it ended, and the revert's note (what it left alone). */
export function recordReverted(sim: Simulation, fault: ActiveFault, targets: readonly ResolvedTarget[], cause: EndCause, note?: string): void {
  const why = cause === 'duration' ? `its duration of ${formatDuration(fault.spec.durationMs ?? 0)} elapsed`
    : cause === 'stop-all' ? 'all faults stopped' : 'reverted on request';
  record(sim, targets, 'Normal', FAULT_REVERTED, `Reverted fault ${fault.spec.type} (${fault.id}): ${why}${note ? `; ${note}` : ''}`);
}
