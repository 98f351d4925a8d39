/** Pod and container faults (pod-kill, container-kill, pod-failure, CPU/memory hog, readiness failure, image-pull failure, slow start). */
import type { FaultType } from '../types.js';

/** Filled by the pod-fault work (issue 7); the fault manager lists whatever is here. */
export const podFaults: FaultType[] = [];
