/**
 * Kubelet admission (predicateAdmitHandler and the eviction manager's admit check): a pod bound to the node is
 * refused when the node is under memory pressure (BestEffort pods), does not match its node selector/affinity,
 * or does not fit the node's allocatable pods, CPU and memory next to the pods already admitted.
 */
import type { Node, Pod } from '../api/core.js';
import { matchesNodeSelectorTerms } from '../api/node-selector.js';
import { podQosClass } from '../api/print/qos.js';
import { toMilli, toUnits } from '../api/quantity.js';
import { CRITICAL_PRIORITY, MEMORY_PRESSURE_ADMIT_MESSAGE } from './eviction.js';
import { notEnoughResource } from './messages.js';
import type { CpuMem } from './pod-resources.js';

/** Why a pod was refused: the pod's status.reason and the message (the status adds "Pod was rejected: "). */
export interface Rejection { reason: string; message: string }

/** Check a pod against the node; undefined admits it. `used` = requests of the pods already admitted. */
export function admissionCheck(pod: Pod, req: CpuMem, node: Node, used: { cpuMilli: number; memoryBytes: number; pods: number }, memoryPressure: boolean): Rejection | undefined {
  const priority = pod.spec.priority ?? 0;
  if (memoryPressure && priority < CRITICAL_PRIORITY && podQosClass(pod) === 'BestEffort') {
    return { reason: 'Evicted', message: MEMORY_PRESSURE_ADMIT_MESSAGE };
  }
  if (!matchesNode(pod, node)) return { reason: 'NodeAffinity', message: "Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector" };
  const alloc = node.status?.allocatable ?? node.status?.capacity ?? {};
  const pods = quantityOr(toUnits, alloc.pods, 110);
  if (used.pods + 1 > pods) return { reason: 'OutOfpods', message: notEnoughResource('pods', 1, used.pods, pods) };
  const cpu = quantityOr(toMilli, alloc.cpu, 0);
  if (req.cpuMilli > 0 && used.cpuMilli + req.cpuMilli > cpu) return { reason: 'OutOfcpu', message: notEnoughResource('cpu', req.cpuMilli, used.cpuMilli, cpu) };
  const mem = quantityOr(toUnits, alloc.memory, 0);
  if (req.memoryBytes > 0 && used.memoryBytes + req.memoryBytes > mem) return { reason: 'OutOfmemory', message: notEnoughResource('memory', req.memoryBytes, used.memoryBytes, mem) };
  return undefined;
}

function quantityOr(fn: (q: string) => number, v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  try {
    return fn(v);
  } catch {
    return dflt;
  }
}

/** nodeSelector and required node affinity, as the kubelet re-checks them at admission. */
function matchesNode(pod: Pod, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(pod.spec.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const terms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  return !terms || matchesNodeSelectorTerms(terms, node);
}
