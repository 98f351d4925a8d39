/** The simulated kubelet: one KubeletPool component runs every node's kubelet; profiles describe workload behaviour. */
export { KubeletPool, type KubeletPoolOptions, type PodUsage } from './kubelet-pool.js';
export { GENERIC_PROFILE, ImageCatalog, type ProfileCatalog, type WorkloadProfile, parseProfileCatalog } from './profiles.js';
export { SIM_PREFIX, simAnnotationProblems } from './annotations.js';
export { STATIC_COMPONENTS, type StaticComponent } from './static-pods.js';
