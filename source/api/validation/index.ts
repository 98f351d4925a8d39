/** Upstream validation for every kind the simulator holds, as the API server runs it on create and update. */
import type { FieldError } from '../errors.js';
import type { KubeObject } from '../meta.js';
import { validateUnchecked } from './dispatch.js';

/** Validate an object (and, on update, the transition from `old`). Returns every problem, never throws. */
export function validateObject(obj: KubeObject, old?: KubeObject): FieldError[] {
  try {
    return validateUnchecked(obj, old);
  } catch (err) {
    // A validator bug must not take the API server down with it; report it as the object's problem instead.
    return [{ type: 'FieldValueInvalid', field: '', valueText: 'object', detail: `internal error while validating: ${err instanceof Error ? err.message : String(err)}` }];
  }
}

export { cronScheduleError } from './cron.js';
