/** The Job controller and the TTL-after-finished controller, and the Job helpers other components read. */
export { JobController } from './job-controller.js';
export { TtlAfterFinishedController } from './ttl-after-finished.js';
export { finishedCondition, isJobFinished, isJobSucceeded } from './conditions.js';
export { JOB_COMPLETION_INDEX_ANNOTATION, JOB_COMPLETION_INDEX_ENV, JOB_TRACKING_FINALIZER } from './job-pods.js';
export { formatIndexes, parseIndexes } from './indexes.js';
