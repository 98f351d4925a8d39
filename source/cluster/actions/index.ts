/** Operator actions as library calls: what the UI, drills' scripted responses and the CLI use. */
export { cordon, deleteObject, patchObject, rolloutPause, rolloutRestart, scale, suspendCronJob, triggerCronJob } from './basic.js';
export { applyObject, applyPath, LAST_APPLIED } from './apply.js';
export { Drain, drain, type DrainOptions } from './drain.js';
export { rolloutUndo } from './rollback.js';
