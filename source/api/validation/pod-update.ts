/**
 * ValidatePodUpdate: a running pod's spec is frozen except images, activeDeadlineSeconds (down only), added
 * tolerations, removed scheduling gates and (for gated pods) added node selectors. Binding goes through the
 * `binding` subresource upstream, so a plain update that sets spec.nodeName is refused here as well.
 */
import { type Errs, forbidden, invalid, invalidText, isObj, jsonEqual, type Obj, text } from './field.js';
import { diffSummary, goStringMap } from './go-format.js';

const UPDATABLE = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
].join(',');
const MAX_INT32 = 2147483647;

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** ValidateContainerUpdates: same number of containers, each keeping an image. Returns false to stop. */
function containerUpdates(errs: Errs, now: unknown, before: unknown, path: string): boolean {
  const a = list(now), b = list(before);
  if (a.length !== b.length) {
    forbidden(errs, path, 'pod updates may not add or remove containers');
    return false;
  }
  a.forEach((c, i) => {
    if (isObj(c) && !c.image) errs.push({ type: 'FieldValueRequired', field: `${path}[${i}].image` });
  });
  return true;
}

function withoutSeconds(t: unknown): unknown {
  return isObj(t) ? { ...t, tolerationSeconds: undefined } : t;
}

/** Spec transition rules for a Pod update; `spec`/`old` are the new and stored specs. */
export function validatePodSpecUpdate(errs: Errs, spec: Obj, old: Obj): void {
  if (!containerUpdates(errs, spec.containers, old.containers, 'spec.containers')) return;
  if (!containerUpdates(errs, spec.initContainers, old.initContainers, 'spec.initContainers')) return;

  const deadline = spec.activeDeadlineSeconds;
  const oldDeadline = old.activeDeadlineSeconds;
  if (typeof deadline === 'number') {
    if (deadline < 0 || deadline > MAX_INT32) {
      invalid(errs, 'spec.activeDeadlineSeconds', deadline, `must be between 0 and ${MAX_INT32}, inclusive`);
      return;
    }
    if (typeof oldDeadline === 'number' && oldDeadline < deadline) {
      invalid(errs, 'spec.activeDeadlineSeconds', deadline, 'must be less than or equal to previous value');
      return;
    }
  } else if (typeof oldDeadline === 'number') {
    invalid(errs, 'spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value');
  }

  const tolerations = list(spec.tolerations);
  for (const t of list(old.tolerations)) {
    if (!tolerations.some((n) => jsonEqual(withoutSeconds(n), withoutSeconds(t)))) {
      forbidden(errs, 'spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds');
      break;
    }
  }
  const oldGates = new Set(list(old.schedulingGates).map((g) => (isObj(g) ? g.name : undefined)));
  list(spec.schedulingGates).forEach((g, i) => {
    const name = isObj(g) ? g.name : undefined;
    if (!oldGates.has(name)) forbidden(errs, `spec.schedulingGates[${i}].name`, `only deletion is allowed, but found new scheduling gate '${text(name)}'`);
  });

  if (jsonEqual(spec, old)) return;
  // Mask the mutable fields with their old values, then anything still different is forbidden.
  const munged: Obj = { ...spec };
  for (const key of ['containers', 'initContainers']) {
    if (!Array.isArray(spec[key])) continue;
    const olds = list(old[key]);
    munged[key] = (spec[key] as unknown[]).map((c, i) => (isObj(c) && isObj(olds[i]) ? { ...c, image: (olds[i] as Obj).image } : c));
  }
  munged.activeDeadlineSeconds = old.activeDeadlineSeconds;
  munged.schedulingGates = old.schedulingGates;
  munged.tolerations = old.tolerations;
  const oldGrace = old.terminationGracePeriodSeconds;
  if (typeof oldGrace === 'number' && oldGrace < 0 && munged.terminationGracePeriodSeconds === 1) munged.terminationGracePeriodSeconds = oldGrace;
  if (list(old.schedulingGates).length > 0) {
    // A gated pod may gain node selectors before it is scheduled, but not lose or change any.
    const before = isObj(old.nodeSelector) ? old.nodeSelector : {};
    const after = isObj(munged.nodeSelector) ? munged.nodeSelector : {};
    if (!jsonEqual(before, after)) {
      if (Object.keys(before).some((k) => after[k] !== before[k])) {
        invalidText(errs, 'spec.nodeSelector', goStringMap(after), 'only additions to spec.nodeSelector are allowed (no mutations or deletions)');
      }
      munged.nodeSelector = old.nodeSelector;
    }
  }
  if (!jsonEqual(munged, old)) {
    forbidden(errs, 'spec', `pod updates may not change fields other than ${UPDATABLE}\n${diffSummary(old, munged, 'spec')}`);
  }
}
