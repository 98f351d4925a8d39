/** Node status as the kubelet's setters build it: conditions with upstream reasons and messages, nodeInfo, daemon endpoints. */
import type { NodeStatus } from '../api/core.js';
import type { Condition } from '../api/meta.js';
import { stamp as timestamp } from './time-text.js';
import { hexDigest } from './image-ref.js';

/** What the kubelet currently believes about its node. */
export interface NodeHealth {
  memoryPressure: boolean;
  diskPressure: boolean;
  pidPressure: boolean;
  ready: boolean;
}

interface ConditionText { type: string; reason: string; message: string; event: string }

/** Condition texts for the "good" and "bad" state of each condition, and the event each transition records. */
const TEXTS: Record<string, [ok: ConditionText, bad: ConditionText]> = {
  MemoryPressure: [
    { type: 'MemoryPressure', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available', event: 'NodeHasSufficientMemory' },
    { type: 'MemoryPressure', reason: 'KubeletHasInsufficientMemory', message: 'kubelet has insufficient memory available', event: 'NodeHasInsufficientMemory' },
  ],
  DiskPressure: [
    { type: 'DiskPressure', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure', event: 'NodeHasNoDiskPressure' },
    { type: 'DiskPressure', reason: 'KubeletHasDiskPressure', message: 'kubelet has disk pressure', event: 'NodeHasDiskPressure' },
  ],
  PIDPressure: [
    { type: 'PIDPressure', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available', event: 'NodeHasSufficientPID' },
    { type: 'PIDPressure', reason: 'KubeletHasInsufficientPID', message: 'kubelet has insufficient PID available', event: 'NodeHasInsufficientPID' },
  ],
  Ready: [
    { type: 'Ready', reason: 'KubeletReady', message: 'kubelet is posting ready status', event: 'NodeReady' },
    { type: 'Ready', reason: 'KubeletNotReady', message: 'container runtime status check may not have completed yet', event: 'NodeNotReady' },
  ],
};

/** A condition as the kubelet computes it, with the event name its transition records. */
export interface ComputedCondition { condition: Condition; event: string; changed: boolean }

/**
 * The four kubelet conditions in upstream order (MemoryPressure, DiskPressure, PIDPressure, Ready), each compared
 * with the node's current condition: `changed` (new, or a different status) means a transition time of now and
 * an event.
 */
export function nodeConditions(health: NodeHealth, existing: Condition[] | undefined, now: number): ComputedCondition[] {
  const ts = timestamp(now);
  const flags: [string, boolean][] = [
    ['MemoryPressure', health.memoryPressure], ['DiskPressure', health.diskPressure], ['PIDPressure', health.pidPressure], ['Ready', !health.ready],
  ];
  return flags.map(([type, bad]) => {
    const text = TEXTS[type]![bad ? 1 : 0];
    // Pressure conditions are "True" when bad; Ready is "True" when good.
    const status = type === 'Ready' ? (bad ? 'False' : 'True') : (bad ? 'True' : 'False');
    const prev = existing?.find((c) => c.type === type);
    const changed = !prev || prev.status !== status;
    const condition: Condition = {
      type, status, lastHeartbeatTime: ts,
      lastTransitionTime: !changed && prev?.lastTransitionTime ? prev.lastTransitionTime : ts,
      reason: text.reason, message: text.message,
    };
    return { condition, event: text.event, changed };
  });
}

/** A UUID-shaped id derived from a seed string. */
function uuidOf(seed: string): string {
  const h = hexDigest(seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** nodeInfo of a simulated Ubuntu node running containerd. bootID changes when the machine (not the kubelet) restarts. */
export function nodeInfo(nodeName: string, kubeletVersion: string, boot: number): NonNullable<NodeStatus['nodeInfo']> {
  return {
    machineID: hexDigest(`machine/${nodeName}`).slice(0, 32),
    systemUUID: uuidOf(`system/${nodeName}`),
    bootID: uuidOf(`boot/${nodeName}/${boot}`),
    kernelVersion: '6.8.0-1021-aws',
    osImage: 'Ubuntu 22.04.5 LTS',
    containerRuntimeVersion: 'containerd://1.7.24',
    kubeletVersion,
    operatingSystem: 'linux',
    architecture: 'amd64',
  };
}

/** The kubelet's API port, as daemonEndpoints reports it. */
export const KUBELET_PORT = 10250;
