/**
 * A pod's effective resource requests (resourcehelper.PodRequests): the sum over containers, max'd with each init
 * container (restartable sidecars add to both), plus pod overhead. Computed once per pod object and cached.
 */
import type { Container, Pod, ResourceList } from '../api/core.js';
import { toMilli, toUnits } from '../api/quantity.js';
import { podDerived } from './pod-cache.js';

/** DefaultMilliCPURequest: what a container without a CPU request counts as when scoring. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** DefaultMemoryRequest (200Mi): what a container without a memory request counts as when scoring. */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/** The requests the scheduler compares against allocatable. */
export interface PodResourceRequests {
  readonly milliCPU: number;
  readonly memory: number;
  readonly ephemeralStorage: number;
  /** Extended resources, hugepages and other scalar resources; undefined when none are requested. */
  readonly scalar: ReadonlyMap<string, number> | undefined;
  /** The same with 100m / 200Mi for containers missing a cpu / memory request (scoring only). */
  readonly nonZeroMilliCPU: number;
  readonly nonZeroMemory: number;
  /** Nothing requested at all: NodeResourcesFit then only checks the pod count. */
  readonly isZero: boolean;
}

interface Vec { cpu: number; mem: number; eph: number; scalar: Map<string, number> | undefined }

/** Scalar resources as upstream's IsScalarResourceName: extended, prefixed native, hugepages, attachable volumes. */
export function isScalarResourceName(name: string): boolean {
  return name.includes('/') || name.startsWith('hugepages-') || name.startsWith('attachable-volumes-');
}

function safe(parse: (q: string) => number, q: string | undefined): number {
  // Validation rejects bad quantities at admission; a stray one must not crash a scheduling cycle.
  try { return parse(q as string); } catch { return 0; }
}

function vecOf(list: ResourceList | undefined, nonMissing: boolean): Vec {
  const v: Vec = { cpu: 0, mem: 0, eph: 0, scalar: undefined };
  if (list) {
    for (const name in list) {
      const q = list[name];
      if (name === 'cpu') v.cpu = safe(toMilli, q);
      else if (name === 'memory') v.mem = safe(toUnits, q);
      else if (name === 'ephemeral-storage') v.eph = safe(toUnits, q);
      else if (isScalarResourceName(name)) (v.scalar ??= new Map()).set(name, safe(toUnits, q));
    }
  }
  if (nonMissing) {
    if (!list || !('cpu' in list)) v.cpu = DEFAULT_MILLI_CPU_REQUEST;
    if (!list || !('memory' in list)) v.mem = DEFAULT_MEMORY_REQUEST;
  }
  return v;
}

function add(into: Vec, v: Vec): void {
  into.cpu += v.cpu; into.mem += v.mem; into.eph += v.eph;
  if (v.scalar) for (const [k, n] of v.scalar) (into.scalar ??= new Map()).set(k, (into.scalar.get(k) ?? 0) + n);
}

function max(into: Vec, v: Vec): void {
  into.cpu = Math.max(into.cpu, v.cpu); into.mem = Math.max(into.mem, v.mem); into.eph = Math.max(into.eph, v.eph);
  if (v.scalar) for (const [k, n] of v.scalar) (into.scalar ??= new Map()).set(k, Math.max(into.scalar.get(k) ?? 0, n));
}

function copy(v: Vec): Vec {
  return { cpu: v.cpu, mem: v.mem, eph: v.eph, scalar: v.scalar ? new Map(v.scalar) : undefined };
}

function podVec(containers: readonly Container[], inits: readonly Container[] | undefined,
  overhead: ResourceList | undefined, nonMissing: boolean): Vec {
  const reqs: Vec = { cpu: 0, mem: 0, eph: 0, scalar: undefined };
  for (const c of containers) add(reqs, vecOf(c.resources?.requests, nonMissing));
  if (inits && inits.length) {
    const sidecars: Vec = { cpu: 0, mem: 0, eph: 0, scalar: undefined };
    const initMax: Vec = { cpu: 0, mem: 0, eph: 0, scalar: undefined };
    for (const c of inits) {
      const own = vecOf(c.resources?.requests, nonMissing);
      if (c.restartPolicy === 'Always') {
        // A sidecar keeps running next to the app containers, so it adds to them, and every later init
        // container runs alongside all sidecars started before it.
        add(reqs, own);
        add(sidecars, own);
        max(initMax, sidecars);
      } else {
        const during = copy(own);
        add(during, sidecars);
        max(initMax, during);
      }
    }
    max(reqs, initMax);
  }
  if (overhead) add(reqs, vecOf(overhead, false));
  return reqs;
}

/** The pod's requests (cached per pod object; pod resources are immutable once created). */
export function podRequests(pod: Pod): PodResourceRequests {
  const derived = podDerived(pod);
  let r = derived.requests;
  if (r) return r;
  const spec = pod.spec;
  const containers = spec?.containers ?? [];
  const actual = podVec(containers, spec?.initContainers, spec?.overhead, false);
  const nonZero = podVec(containers, spec?.initContainers, spec?.overhead, true);
  let scalarZero = true;
  if (actual.scalar) for (const n of actual.scalar.values()) if (n !== 0) scalarZero = false;
  r = Object.freeze({
    milliCPU: actual.cpu,
    memory: actual.mem,
    ephemeralStorage: actual.eph,
    scalar: actual.scalar,
    nonZeroMilliCPU: nonZero.cpu,
    nonZeroMemory: nonZero.mem,
    isZero: actual.cpu === 0 && actual.mem === 0 && actual.eph === 0 && scalarZero,
  });
  derived.requests = r;
  return r;
}
