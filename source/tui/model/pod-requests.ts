/** A pod's CPU and memory requests as the scheduler counts them (containers summed, max'd with init containers, plus overhead). */
import type { Container, Pod } from '../../api/core.js';
import { toMilli, toUnits } from '../../api/quantity.js';

/** Requested CPU in millicores and memory in bytes. */
export interface Requests {
  cpuMilli: number;
  memoryBytes: number;
}

const ZERO: Requests = { cpuMilli: 0, memoryBytes: 0 };
// Keyed by the spec object: status writes copy the pod but share its spec, so most changes hit the cache.
const cache = new WeakMap<object, Requests>();

function safe(fn: (q: string) => number, q: string | undefined): number {
  if (q === undefined) return 0;
  try { return fn(q); } catch { return 0; }
}

function own(c: Container): Requests {
  const r = c.resources?.requests;
  return r ? { cpuMilli: safe(toMilli, r.cpu), memoryBytes: safe(toUnits, r.memory) } : ZERO;
}

/** The pod's effective requests (resourcehelper.PodRequests without the non-zero defaults). */
export function podRequests(pod: Pod): Requests {
  const spec = pod.spec;
  if (!spec) return ZERO;
  const hit = cache.get(spec);
  if (hit) return hit;
  let cpu = 0, mem = 0;
  for (const c of spec.containers ?? []) {
    const r = own(c);
    cpu += r.cpuMilli; mem += r.memoryBytes;
  }
  // Restartable init containers (sidecars) run beside the app; the others run before it, one at a time.
  let sideCpu = 0, sideMem = 0, initCpu = 0, initMem = 0;
  for (const c of spec.initContainers ?? []) {
    const r = own(c);
    if (c.restartPolicy === 'Always') {
      sideCpu += r.cpuMilli; sideMem += r.memoryBytes;
    } else {
      initCpu = Math.max(initCpu, sideCpu + r.cpuMilli); initMem = Math.max(initMem, sideMem + r.memoryBytes);
    }
  }
  cpu = Math.max(cpu + sideCpu, initCpu);
  mem = Math.max(mem + sideMem, initMem);
  const overhead = spec.overhead;
  if (overhead) {
    cpu += safe(toMilli, overhead.cpu);
    mem += safe(toUnits, overhead.memory);
  }
  const out = { cpuMilli: cpu, memoryBytes: mem };
  cache.set(spec, out);
  return out;
}
