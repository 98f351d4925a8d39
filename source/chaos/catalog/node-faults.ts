/**
 * Node faults (Chaos Mesh's host faults, Litmus' node-restart / kubelet-service-kill / node-memory-hog, and the
 * zone outage of a game day): the machine crashes, shuts down gracefully or restarts; the kubelet service stops;
 * the node is cut off from the API server; the node runs short of memory, disk or PIDs. Everything after that is
 * the cluster's own doing: the node lifecycle controller marks the silent node NotReady/Unknown after the grace
 * period and taints it, the taint-eviction controller evicts its pods after their tolerationSeconds, controllers
 * replace them, and when the node comes back its kubelet registers again and cleans up or restarts its pods.
 */
import type { Node } from '../../api/core.js';
import { formatDuration } from '../../api/duration.js';
import type { Simulation } from '../../cluster/simulation.js';
import { type MachineHold, PRESSURE_RESOURCES, type PressureResource, kubeletFaults } from '../../kubelet/fault-hooks.js';
import { nodesOf } from '../targets.js';
import type { FaultParam, FaultTargetKind, FaultType, ResolvedTarget } from '../types.js';

/** Node faults aim at a node, every node of a zone, or every node of a node pool. */
const NODE_KINDS: FaultTargetKind[] = ['Node', 'Zone', 'NodePool'];

/** The names of the nodes the targets cover, each once, in target order. */
export function targetNodes(sim: Simulation, targets: readonly ResolvedTarget[]): string[] {
  const names = new Set<string>();
  for (const t of targets) for (const n of nodesOf(sim, t)) names.add(n.metadata.name!);
  return [...names];
}

/** Nodes without a simulated kubelet (a Node object added by hand) cannot crash or be cut off. */
function checkKubelets(sim: Simulation, targets: readonly ResolvedTarget[]): string[] {
  const known = new Set(sim.kubelets.nodeNames());
  return targetNodes(sim, targets).filter((n) => !known.has(n)).map((n) => `target: node ${JSON.stringify(n)} has no simulated kubelet (nothing runs there to stop)`);
}

/** A fault that holds its nodes in one machine state until reverted. */
function machineFault(type: string, description: string, appliesTo: FaultTargetKind[], kind: MachineHold): FaultType {
  return {
    type, description, appliesTo, params: [],
    checkTargets: (sim, targets) => checkKubelets(sim, targets),
    inject({ sim, id }, targets) {
      const hooks = kubeletFaults(sim.kubelets);
      for (const n of targetNodes(sim, targets)) hooks.holdNode(id, n, kind);
      return () => hooks.release(id);
    },
  };
}

const CRASH = 'The machine dies: the kubelet stops and its containers with it. The node goes NotReady (Unknown) after the node-monitor grace period and its pods are evicted after their tolerationSeconds; on revert the machine boots, the kubelet registers again and restarts or cleans up its pods.';

const nodeCrash = machineFault('node-crash', CRASH, NODE_KINDS, 'off');
const zoneOutage = machineFault('zone-outage', `Every node of a zone crashes at once. ${CRASH}`, ['Zone'], 'off');
const nodePoolOutage = machineFault('node-pool-outage', `Every node of a node pool crashes at once. ${CRASH}`, ['NodePool'], 'off');
const networkPartition = machineFault('network-partition',
  "The node is cut off from the API server: its pods keep running and its kubelet keeps managing them, but no heartbeat, status or event reaches the store, so the node goes NotReady (Unknown) and its pods are replaced after eviction. On heal the kubelet re-posts everything and finishes the evictions.",
  NODE_KINDS, 'partition');
const kubeletStop = machineFault('kubelet-stop',
  'The kubelet service stops: no heartbeats, and nothing manages the pods (containers keep running as they were, restarts and probes wait). On revert the kubelet starts and catches up.',
  NODE_KINDS, 'kubelet-stop');

const nodeRestart: FaultType = {
  type: 'node-restart',
  description: 'The machine crashes and boots again after `delay` (the fault then ends by itself): pods still bound to it restart (restart count +1, last state Unknown), evicted ones are cleaned up.',
  appliesTo: NODE_KINDS,
  params: [{ name: 'delay', type: 'duration', description: 'how long the machine is down', default: '1m' }],
  validateParams: (p) => ((p.delay as number) > 0 ? [] : ['params.delay: must be longer than 0s']),
  checkTargets: (sim, targets) => checkKubelets(sim, targets),
  inject({ sim, id }, targets, params) {
    const hooks = kubeletFaults(sim.kubelets);
    const delay = params.delay as number;
    const nodes = targetNodes(sim, targets);
    for (const n of nodes) hooks.holdNode(id, n, 'off');
    let booted = false;
    const timer = sim.engine.after(delay, () => {
      booted = true;
      hooks.release(id);
      // The restart is over: end the fault too, so it leaves the active list with a FaultReverted event.
      const manager = sim.faults;
      if (manager?.active().some((f) => f.id === id && f.spec.type === 'node-restart')) manager.revert(id);
    }, `chaos:${id}:boot`);
    return () => {
      if (booted) return `${nodes.length === 1 ? 'the node' : 'the nodes'} booted after the restart delay of ${formatDuration(delay)}`;
      sim.engine.timers.cancel(timer);
      hooks.release(id);
      return undefined;
    };
  },
};

const nodeShutdown: FaultType = {
  type: 'node-shutdown',
  description: "Graceful node shutdown: the kubelet reports NotReady (node is shutting down), terminates its pods within the shutdown grace period (critical pods last) — they end Failed, reason Terminated — and the machine powers off. On revert it boots again.",
  appliesTo: NODE_KINDS,
  params: [
    { name: 'grace', type: 'duration', description: "the kubelet's shutdownGracePeriod", default: '30s' },
    { name: 'criticalGrace', type: 'duration', description: "shutdownGracePeriodCriticalPods: the part of grace kept for critical pods", default: '10s' },
  ],
  validateParams(p) {
    const grace = p.grace as number, critical = p.criticalGrace as number;
    const problems: string[] = [];
    const graceOk = grace % 1000 === 0 && grace > 0;
    if (!graceOk) problems.push(`params.grace: must be whole seconds, more than 0, got ${grace}ms`);
    if (critical % 1000 !== 0 || critical < 0) problems.push(`params.criticalGrace: must be whole seconds, got ${critical}ms`);
    else if (graceOk && critical > grace) problems.push(`params.criticalGrace: must not be longer than grace (${formatDuration(grace)})`);
    return problems;
  },
  checkTargets: (sim, targets) => checkKubelets(sim, targets),
  inject({ sim, id }, targets, params) {
    const hooks = kubeletFaults(sim.kubelets);
    for (const n of targetNodes(sim, targets)) hooks.machines.shutdown(id, n, (params.grace as number) / 1000, (params.criticalGrace as number) / 1000);
    return () => hooks.release(id);
  },
};

const PRESSURE_TAINTS: Record<PressureResource, string> = { memory: 'MemoryPressure', disk: 'DiskPressure', pid: 'PIDPressure' };

const nodePressure: FaultType = {
  type: 'node-pressure',
  description: 'The node runs short of memory, disk or PIDs: its kubelet reports MemoryPressure / DiskPressure / PIDPressure (a NoSchedule taint follows); for memory a process outside the pods takes memory until the kubelet evicts pods to stay over its 100Mi threshold. The condition clears 5 minutes after revert.',
  appliesTo: NODE_KINDS,
  params: [
    { name: 'resource', type: 'string', description: `what runs short: ${PRESSURE_RESOURCES.join(', ')}`, default: 'memory' },
    { name: 'memory', type: 'quantity', description: 'for memory: what the hog takes (default: enough to bring memory.available just under 100Mi)' } satisfies FaultParam,
  ],
  validateParams(p) {
    const problems: string[] = [];
    if (!(PRESSURE_RESOURCES as readonly unknown[]).includes(p.resource)) problems.push(`params.resource: must be one of ${PRESSURE_RESOURCES.join(', ')}, got ${JSON.stringify(p.resource)}`);
    else if (p.memory !== undefined && p.resource !== 'memory') problems.push(`params.memory: only used with resource memory`);
    if (p.memory !== undefined && !((p.memory as number) >= 1)) problems.push(`params.memory: must be at least 1 byte, got ${p.memory}`);
    return problems;
  },
  checkTargets(sim, targets, p) {
    const problems = checkKubelets(sim, targets);
    for (const n of targetNodes(sim, targets)) {
      const node = sim.store.tryGet<Node>('Node', undefined, n);
      const type = PRESSURE_TAINTS[p.resource as PressureResource];
      if (node?.status?.conditions?.some((c) => c.type === type && c.status === 'True')) problems.push(`target: node ${JSON.stringify(n)} already reports ${type}`);
    }
    return problems;
  },
  inject({ sim, id }, targets, params) {
    const hooks = kubeletFaults(sim.kubelets);
    const resource = params.resource as PressureResource;
    const hog = params.memory === undefined ? undefined : Math.round(params.memory as number);
    for (const n of targetNodes(sim, targets)) hooks.pressure.apply(id, n, resource, hog);
    return () => hooks.release(id);
  },
};

/** The node faults, in menu order (node-taint is listed by the catalogue itself). */
export const nodeFaults: FaultType[] = [nodeCrash, nodeShutdown, nodeRestart, networkPartition, kubeletStop, nodePressure, zoneOutage, nodePoolOutage];
