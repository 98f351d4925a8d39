/** Node lifecycle: the node-lifecycle-controller (health, NoExecute/NoSchedule taints, zones) and the pod GC. */
export { NodeLifecycleController, type NodeLifecycleOptions } from './node-lifecycle-controller.js';
export { PodGCController, type PodGCOptions } from './pod-gc.js';
export { type ZoneState } from './zones.js';
