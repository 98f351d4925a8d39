/** The Deployment controller and the kubectl rollout operations built on it. */
export { DeploymentController, deploymentSelector } from './controller.js';
export { computeHash } from './hash.js';
export { maxSurge, maxUnavailable, resolveFenceposts } from './fenceposts.js';
export {
  POD_TEMPLATE_HASH_LABEL, REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION, DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION,
} from './annotations.js';
export {
  RolloutError, type RolloutStatus, pauseDeployment, restartDeployment, resumeDeployment, rollbackDeployment, rolloutStatus,
} from './rollout.js';
