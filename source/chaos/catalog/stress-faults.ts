/**
 * Stress faults (Chaos Mesh's StressChaos, Litmus' pod-cpu-hog / pod-memory-hog): a CPU hog adds to what a
 * container uses (kubectl top and the HPA see it; the CPU limit throttles it, never kills), a memory hog adds to
 * its working set and a leak makes it grow from now on — over the memory limit the kernel kills it (OOMKilled, exit
 * 137), and without a limit the node runs short of memory and its kubelet evicts pods. Revert frees what they took.
 */
import { parseLeakPerMinute } from '../../kubelet/profile-values.js';
import type { FaultType } from '../types.js';
import { patchFault } from './patch-fault.js';

const cpuHog = patchFault({
  type: 'cpu-hog',
  description: 'A process in the container burns `cpu` more CPU: visible in kubectl top and to the HPA, throttled at the CPU limit.',
  params: [{ name: 'cpu', type: 'quantity', description: 'extra CPU, e.g. 500m or 2', default: '500m' }],
  choice: 'first',
  patch: (p) => ({ cpuMilli: (p.cpu as number) * 1000 }),
  validateParams: (p) => ((p.cpu as number) > 0 ? [] : [`params.cpu: must be more than 0, got ${p.cpu}`]),
});

const memoryHog = patchFault({
  type: 'memory-hog',
  description: 'A process in the container holds `memory` more: OOMKilled when that takes it over its memory limit; without a limit the node may come under memory pressure.',
  params: [{ name: 'memory', type: 'quantity', description: 'extra memory, e.g. 256Mi or 1Gi', default: '256Mi' }],
  choice: 'first',
  patch: (p) => ({ memoryBytes: p.memory as number }),
  validateParams: (p) => ((p.memory as number) >= 1 ? [] : [`params.memory: must be at least 1 byte, got ${p.memory}`]),
});

const memoryLeak = patchFault({
  type: 'memory-leak',
  description: "The container's memory grows by `rate` from now on (and after each restart): OOMKilled at its memory limit, then CrashLoopBackOff; without a limit the node comes under memory pressure and evicts pods.",
  params: [{ name: 'rate', type: 'string', description: 'growth per time unit, e.g. 50Mi/min, 1Mi/s or 1Gi/h', default: '50Mi/min' }],
  choice: 'first',
  patch: (p) => ({ leakBytesPerMinute: parseLeakPerMinute(p.rate) }),
  validateParams(p) {
    try {
      return parseLeakPerMinute(p.rate) > 0 ? [] : ['params.rate: must be more than 0'];
    } catch (err) {
      return [`params.rate: ${(err as Error).message}`];
    }
  },
});

/** The stress faults, in menu order. */
export const stressFaults: FaultType[] = [cpuHog, memoryHog, memoryLeak];
