/** Requests and limits as the kubelet's admission and eviction read them (upstream resourcehelper.PodRequests). */
import type { Container, Pod } from '../api/core.js';
import { toMilli, toUnits } from '../api/quantity.js';

/** CPU in millicores and memory in bytes. */
export interface CpuMem {
  cpuMilli: number;
  memoryBytes: number;
}

function safe(fn: (q: string | number | undefined) => number, v: string | number | undefined): number {
  try {
    return fn(v);
  } catch {
    return 0; // validation refuses bad quantities; a stray one must not crash the kubelet
  }
}

/** A container's requests; a missing request defaults to the limit, as API defaulting does. */
export function containerRequests(c: Container): CpuMem {
  const r = c.resources?.requests;
  const l = c.resources?.limits;
  return {
    cpuMilli: safe(toMilli, r?.cpu ?? l?.cpu),
    memoryBytes: safe(toUnits, r?.memory ?? l?.memory),
  };
}

/** A container's limits; 0 = unlimited. */
export function containerLimits(c: Container): CpuMem {
  const l = c.resources?.limits;
  return { cpuMilli: safe(toMilli, l?.cpu), memoryBytes: safe(toUnits, l?.memory) };
}

/**
 * The pod's effective request: the sum over regular containers and sidecars, or the largest init container
 * (plus the sidecars started before it) when that is bigger; plus pod overhead.
 */
export function podRequests(pod: Pod): CpuMem {
  const out: CpuMem = { cpuMilli: 0, memoryBytes: 0 };
  for (const c of pod.spec.containers ?? []) {
    const r = containerRequests(c);
    out.cpuMilli += r.cpuMilli;
    out.memoryBytes += r.memoryBytes;
  }
  const sidecars: CpuMem = { cpuMilli: 0, memoryBytes: 0 };
  let initMax: CpuMem = { cpuMilli: 0, memoryBytes: 0 };
  for (const c of pod.spec.initContainers ?? []) {
    const r = containerRequests(c);
    if (c.restartPolicy === 'Always') {
      sidecars.cpuMilli += r.cpuMilli;
      sidecars.memoryBytes += r.memoryBytes;
      continue;
    }
    initMax = {
      cpuMilli: Math.max(initMax.cpuMilli, r.cpuMilli + sidecars.cpuMilli),
      memoryBytes: Math.max(initMax.memoryBytes, r.memoryBytes + sidecars.memoryBytes),
    };
  }
  out.cpuMilli = Math.max(out.cpuMilli + sidecars.cpuMilli, initMax.cpuMilli);
  out.memoryBytes = Math.max(out.memoryBytes + sidecars.memoryBytes, initMax.memoryBytes);
  const overhead = pod.spec.overhead;
  if (overhead) {
    out.cpuMilli += safe(toMilli, overhead.cpu);
    out.memoryBytes += safe(toUnits, overhead.memory);
  }
  return out;
}
