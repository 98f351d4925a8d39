/** Node faults (crash, shutdown, network partition, kubelet stop, pressure, restart, zone / pool outage). */
import type { FaultType } from '../types.js';

/** Filled by the node-fault work (issue 7); the fault manager lists whatever is here. */
export const nodeFaults: FaultType[] = [];
