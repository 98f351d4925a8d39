/** The Vertical Pod Autoscaler: the `vpa` component (recommender + updater) and the admission plugin. */
export { VerticalPodAutoscalerController, type VpaControllerOptions } from './vpa-controller.js';
export { vpaAdmission, applyVpaToPod, RESOURCE_UPDATES_ANNOTATION } from './admission.js';
export { OBSERVED_CONTAINERS_ANNOTATION } from './priority.js';
export { EVICTED_BY_VPA_MESSAGE } from './updater.js';
