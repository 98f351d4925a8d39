/** Deployment, ReplicaSet and ReplicationController (apps/v1 and core/v1 validation, plus their update rules). */
import {
  child, type Errs, forbidden, invalid, invalidText, isObj, jsonEqual, nonNegative, type Obj, readBool, readInt, readObj, readStr,
  readStrMap, required,
} from './field.js';
import { goIntOrString, goLabelSelector, goQuote } from './go-format.js';
import { compileSelector } from './meta.js';
import { validatePodTemplate } from './pod.js';
import {
  checkSelectorMatches, immutableSelector, intOrPercentValue, restrictTemplate, validateControllerTemplate, validateIntOrPercent,
  workloadSelector,
} from './workload-common.js';

function validateDeploymentStrategy(errs: Errs, spec: Obj): void {
  const strategy = readObj(errs, spec, 'strategy', 'spec');
  if (!strategy) return;
  const path = 'spec.strategy';
  const type = readStr(errs, strategy, 'type', path) ?? '';
  const rolling = readObj(errs, strategy, 'rollingUpdate', path);
  switch (type) {
    case 'Recreate':
      if (rolling) forbidden(errs, child(path, 'rollingUpdate'), "may not be specified when strategy `type` is 'Recreate'");
      break;
    case 'RollingUpdate': {
      if (!rolling) {
        required(errs, child(path, 'rollingUpdate'), 'this should be defaulted and never be nil');
        break;
      }
      const rp = child(path, 'rollingUpdate');
      const maxUnavailable = validateIntOrPercent(errs, rolling, 'maxUnavailable', rp, true);
      const maxSurge = validateIntOrPercent(errs, rolling, 'maxSurge', rp, false);
      if (intOrPercentValue(maxUnavailable) === 0 && intOrPercentValue(maxSurge) === 0) {
        invalidText(errs, child(rp, 'maxUnavailable'), goIntOrString(maxUnavailable), 'may not be 0 when `maxSurge` is 0');
      }
      break;
    }
    default: {
      const ru = rolling ? '&apps.RollingUpdateDeployment{...}' : '(*apps.RollingUpdateDeployment)(nil)';
      errs.push({ type: 'FieldValueNotSupported', field: path, valueText: `apps.DeploymentStrategy{Type:${goQuote(type)}, RollingUpdate:${ru}}`, supported: ['Recreate', 'RollingUpdate'] });
    }
  }
}

/** ReplicaSet-style spec shared by Deployment and ReplicaSet: replicas, selector, template. */
function validateReplicatedSpec(errs: Errs, spec: Obj, owner: string): void {
  nonNegative(errs, 'spec.replicas', readInt(errs, spec, 'replicas', 'spec'));
  nonNegative(errs, 'spec.minReadySeconds', readInt(errs, spec, 'minReadySeconds', 'spec'));
  const { selector, broken, raw } = workloadSelector(errs, spec, 'spec', 'deployment');
  if (broken) invalidText(errs, 'spec.selector', goLabelSelector(raw), 'invalid label selector');
  else validateControllerTemplate(errs, spec, 'spec', selector, owner);
}

/** ValidateDeploymentSpec. */
export function validateDeployment(errs: Errs, obj: Obj): void {
  const spec = specOf(errs, obj);
  if (!spec) return;
  validateReplicatedSpec(errs, spec, 'ReplicaSet');
  validateDeploymentStrategy(errs, spec);
  const minReady = readInt(errs, spec, 'minReadySeconds', 'spec') ?? 0;
  nonNegative(errs, 'spec.revisionHistoryLimit', readInt(errs, spec, 'revisionHistoryLimit', 'spec'));
  const deadline = readInt(errs, spec, 'progressDeadlineSeconds', 'spec');
  if (deadline !== undefined) {
    nonNegative(errs, 'spec.progressDeadlineSeconds', deadline);
    if (deadline <= minReady) invalid(errs, 'spec.progressDeadlineSeconds', deadline, 'must be greater than minReadySeconds');
  }
  readBool(errs, spec, 'paused', 'spec');
}

/** ValidateReplicaSetSpec. */
export function validateReplicaSet(errs: Errs, obj: Obj): void {
  const spec = specOf(errs, obj);
  if (spec) validateReplicatedSpec(errs, spec, 'ReplicaSet');
}

/** apps/v1 Deployments and ReplicaSets (and DaemonSets) may not change their selector. */
export function validateSelectorUpdate(errs: Errs, obj: Obj, old: Obj): void {
  const now = isObj(obj.spec) ? obj.spec.selector : undefined;
  const before = isObj(old.spec) ? old.spec.selector : undefined;
  if (!jsonEqual(now, before)) immutableSelector(errs, now);
}

/** ValidateReplicationControllerSpec: a map selector that must not be empty, a pointer template. */
export function validateReplicationController(errs: Errs, obj: Obj): void {
  const spec = specOf(errs, obj);
  if (!spec) return;
  nonNegative(errs, 'spec.minReadySeconds', readInt(errs, spec, 'minReadySeconds', 'spec'));
  const selectorMap = readStrMap(errs, spec, 'selector', 'spec');
  if (!selectorMap || Object.keys(selectorMap).length === 0) {
    if (spec.selector === undefined || spec.selector === null || isObj(spec.selector)) required(errs, 'spec.selector');
  }
  nonNegative(errs, 'spec.replicas', readInt(errs, spec, 'replicas', 'spec'));
  const template = readObj(errs, spec, 'template', 'spec');
  if (!template) {
    if (spec.template === undefined || spec.template === null) required(errs, 'spec.template');
    return;
  }
  // An empty map selector selects everything, so there is nothing to check against the template.
  const selector = compileSelector(selectorMap && Object.keys(selectorMap).length > 0 ? { matchLabels: selectorMap } : {});
  checkSelectorMatches(errs, selector, template, 'spec.template');
  validatePodTemplate(errs, template, 'spec.template');
  restrictTemplate(errs, template, 'spec.template', 'ReplicationController');
}

/** The spec object, or a Required/type error when it is missing or not an object. */
export function specOf(errs: Errs, obj: Obj): Obj | undefined {
  const spec = readObj(errs, obj, 'spec', '');
  if (!spec && (obj.spec === undefined || obj.spec === null)) required(errs, 'spec');
  return spec;
}
