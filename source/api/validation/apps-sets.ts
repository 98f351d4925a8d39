/** StatefulSet, DaemonSet and ControllerRevision (apps/v1 validation and update rules). */
import { child, type Errs, forbidden, invalid, invalidText, isObj, jsonEqual, nonNegative, notSupported, type Obj, objItems, readArr, readInt, readObj, readStr, required } from './field.js';
import { goIntOrString, goLabelSelector, goQuote } from './go-format.js';
import { validatePodTemplate } from './pod.js';
import { specOf } from './workloads.js';
import {
  checkSelectorMatches, intOrPercentValue, restrictTemplate, validateControllerTemplate, validateIntOrPercent, workloadSelector,
} from './workload-common.js';

const STS_MUTABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];
const STS_FORBIDDEN = "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

function validateStatefulSetStrategy(errs: Errs, spec: Obj): void {
  const strategy = readObj(errs, spec, 'updateStrategy', 'spec') ?? {};
  const path = 'spec.updateStrategy';
  const type = readStr(errs, strategy, 'type', path) ?? '';
  const rolling = readObj(errs, strategy, 'rollingUpdate', path);
  const rp = child(path, 'rollingUpdate');
  switch (type) {
    case '': required(errs, path); break;
    case 'OnDelete':
      if (rolling) invalidText(errs, rp, '&apps.RollingUpdateStatefulSetStrategy{...}', "only allowed for updateStrategy 'RollingUpdate'");
      break;
    case 'RollingUpdate':
      if (!rolling) break;
      nonNegative(errs, child(rp, 'partition'), readInt(errs, rolling, 'partition', rp));
      if (rolling.maxUnavailable !== undefined && rolling.maxUnavailable !== null) {
        const v = validateIntOrPercent(errs, rolling, 'maxUnavailable', rp, true);
        if (v !== undefined && intOrPercentValue(v) === 0) invalidText(errs, child(rp, 'maxUnavailable'), goIntOrString(v), 'cannot be 0');
      }
      break;
    default:
      invalidText(errs, path, `apps.StatefulSetUpdateStrategy{Type:${goQuote(type)}, RollingUpdate:${rolling ? '&apps.RollingUpdateStatefulSetStrategy{...}' : '(*apps.RollingUpdateStatefulSetStrategy)(nil)'}}`,
        "must be 'RollingUpdate' or 'OnDelete'");
  }
}

/** ValidateStatefulSetSpec. Upstream still leaves the pod spec inside the template unvalidated (pods fail at creation). */
export function validateStatefulSet(errs: Errs, obj: Obj): void {
  const spec = specOf(errs, obj);
  if (!spec) return;
  const policy = readStr(errs, spec, 'podManagementPolicy', 'spec') ?? '';
  if (!policy) required(errs, 'spec.podManagementPolicy');
  else if (policy !== 'OrderedReady' && policy !== 'Parallel') invalid(errs, 'spec.podManagementPolicy', policy, "must be 'OrderedReady' or 'Parallel'");
  validateStatefulSetStrategy(errs, spec);
  const retention = readObj(errs, spec, 'persistentVolumeClaimRetentionPolicy', 'spec');
  if (retention) {
    for (const f of ['whenDeleted', 'whenScaled']) {
      const v = readStr(errs, retention, f, 'spec.persistentVolumeClaimRetentionPolicy') ?? '';
      if (v !== 'Retain' && v !== 'Delete') notSupported(errs, `spec.persistentVolumeClaimRetentionPolicy.${f}`, v, ['Retain', 'Delete']);
    }
  }
  nonNegative(errs, 'spec.replicas', readInt(errs, spec, 'replicas', 'spec'));
  nonNegative(errs, 'spec.minReadySeconds', readInt(errs, spec, 'minReadySeconds', 'spec'));
  nonNegative(errs, 'spec.revisionHistoryLimit', readInt(errs, spec, 'revisionHistoryLimit', 'spec'));
  const ordinals = readObj(errs, spec, 'ordinals', 'spec');
  if (ordinals) nonNegative(errs, 'spec.ordinals.start', readInt(errs, ordinals, 'start', 'spec.ordinals'));
  readStr(errs, spec, 'serviceName', 'spec');
  const claims = readArr(errs, spec, 'volumeClaimTemplates', 'spec');
  if (claims) objItems(errs, claims, 'spec.volumeClaimTemplates');
  const { selector, broken, raw } = workloadSelector(errs, spec, 'spec', 'statefulset');
  const template = readObj(errs, spec, 'template', 'spec') ?? {};
  if (broken) invalidText(errs, 'spec.selector', goLabelSelector(raw), '');
  else {
    checkSelectorMatches(errs, selector, template, 'spec.template');
    validatePodTemplate(errs, template, 'spec.template', false);
  }
  restrictTemplate(errs, template, 'spec.template', 'StatefulSet');
}

/** ValidateStatefulSetUpdate: everything but the mutable fields is fixed at creation. */
export function validateStatefulSetUpdate(errs: Errs, obj: Obj, old: Obj): void {
  const spec = isObj(obj.spec) ? obj.spec : {};
  const before = isObj(old.spec) ? old.spec : {};
  const masked: Obj = { ...spec };
  for (const f of STS_MUTABLE) masked[f] = before[f];
  if (!jsonEqual(masked, before)) forbidden(errs, 'spec', STS_FORBIDDEN);
}

function validateDaemonSetStrategy(errs: Errs, spec: Obj): void {
  const strategy = readObj(errs, spec, 'updateStrategy', 'spec') ?? {};
  const path = 'spec.updateStrategy';
  const type = readStr(errs, strategy, 'type', path) ?? '';
  const rolling = readObj(errs, strategy, 'rollingUpdate', path);
  if (type === 'OnDelete') return;
  if (type === 'RollingUpdate') {
    const rp = child(path, 'rollingUpdate');
    if (!rolling) {
      required(errs, rp);
      return;
    }
    const maxUnavailable = validateIntOrPercent(errs, rolling, 'maxUnavailable', rp, true);
    const maxSurge = validateIntOrPercent(errs, rolling, 'maxSurge', rp, true);
    const hasUnavailable = intOrPercentValue(maxUnavailable) !== 0;
    const hasSurge = intOrPercentValue(maxSurge) !== 0;
    if (hasUnavailable && hasSurge) invalidText(errs, child(rp, 'maxSurge'), goIntOrString(maxSurge), 'may not be set when maxUnavailable is non-zero');
    else if (!hasUnavailable && !hasSurge) required(errs, child(rp, 'maxUnavailable'), 'cannot be 0 when maxSurge is 0');
    return;
  }
  errs.push({
    type: 'FieldValueNotSupported', field: path, supported: ['RollingUpdate', 'OnDelete'],
    valueText: `&apps.DaemonSetUpdateStrategy{Type:${goQuote(type)}, RollingUpdate:${rolling ? '&apps.RollingUpdateDaemonSet{...}' : '(*apps.RollingUpdateDaemonSet)(nil)'}}`,
  });
}

/** ValidateDaemonSetSpec. An absent selector is not reported as Required, only as not matching the template. */
export function validateDaemonSet(errs: Errs, obj: Obj): void {
  const spec = specOf(errs, obj);
  if (!spec) return;
  const { selector } = workloadSelector(errs, spec, 'spec', 'daemonset', false);
  validateControllerTemplate(errs, spec, 'spec', selector, 'DaemonSet');
  nonNegative(errs, 'spec.minReadySeconds', readInt(errs, spec, 'minReadySeconds', 'spec'));
  validateDaemonSetStrategy(errs, spec);
  nonNegative(errs, 'spec.revisionHistoryLimit', readInt(errs, spec, 'revisionHistoryLimit', 'spec'));
}

/** ValidateControllerRevision (+ data immutable on update). */
export function validateControllerRevision(errs: Errs, obj: Obj, old?: Obj): void {
  if (obj.data === undefined || obj.data === null) required(errs, 'data', 'data is mandatory');
  nonNegative(errs, 'revision', readInt(errs, obj, 'revision', ''));
  if (old && !jsonEqual(obj.data, old.data)) invalidText(errs, 'data', 'runtime.RawExtension{...}', 'field is immutable');
}
