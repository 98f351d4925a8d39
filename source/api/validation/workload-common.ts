/** Pieces the apps/v1 and v1 controllers share: selectors against templates, int-or-percent, template restrictions. */
import type { Selector } from '../selectors.js';
import { child, type Errs, forbidden, invalidText, isObj, nonNegative, notSupported, type Obj, readIntOrStr, readObj, required } from './field.js';
import { goIntOrString, goLabelSelector, goStringMap } from './go-format.js';
import { compileSelector, selectorIsEmpty, validateLabelSelector } from './meta.js';
import { percentErrors } from './names.js';
import { validatePodTemplate } from './pod.js';

/** The detail upstream gives when a controller's selector does not select its own template. */
export const SELECTOR_MISMATCH = '`selector` does not match template `labels`';

/** The template's labels, whatever shape the template has. */
export function templateLabels(template: unknown): Record<string, string> | undefined {
  if (!isObj(template) || !isObj(template.metadata) || !isObj(template.metadata.labels)) return undefined;
  return template.metadata.labels as Record<string, string>;
}

/** A workload's selector after validation: compiled when it compiles; `broken` when present but invalid. */
export interface WorkloadSelector { selector?: Selector; broken: boolean; raw?: Obj }

/**
 * spec.selector of a workload: Required when absent (if `requiredWhenAbsent`), validated, and refused when empty
 * if `emptyWord` names the kind for the message (Jobs accept an empty selector). An absent
 * selector compiles to "nothing" (so the template check then fails too, exactly as upstream reports it).
 */
export function workloadSelector(errs: Errs, spec: Obj, path: string, emptyWord: string | undefined, requiredWhenAbsent = true): WorkloadSelector {
  const present = spec.selector !== undefined && spec.selector !== null;
  if (!present && requiredWhenAbsent) required(errs, child(path, 'selector'));
  const { selector, valid } = validateLabelSelector(errs, spec, 'selector', path);
  if (emptyWord && selector && selectorIsEmpty(selector)) invalidText(errs, child(path, 'selector'), goLabelSelector(selector), `empty selector is invalid for ${emptyWord}`);
  if (present && !selector) return { broken: false }; // wrong type, already reported
  return valid ? { selector: compileSelector(selector), broken: false, raw: selector } : { broken: true, raw: selector };
}

/** The "selector matches template labels" check every controller makes. */
export function checkSelectorMatches(errs: Errs, selector: Selector | undefined, template: unknown, templatePath: string): void {
  if (!selector || selector.empty) return;
  const labels = templateLabels(template);
  if (!selector.matches(labels)) invalidText(errs, `${templatePath}.metadata.labels`, goStringMap(labels), SELECTOR_MISMATCH);
}

/**
 * ValidatePodTemplateSpecForReplicaSet / ForRC: the template, its labels against the selector, restartPolicy Always,
 * no activeDeadlineSeconds. `owner` names the kind in the activeDeadlineSeconds message.
 */
export function validateControllerTemplate(errs: Errs, spec: Obj, path: string, selector: Selector | undefined, owner: string,
  validateSpec = true): void {
  const template = readObj(errs, spec, 'template', path);
  const tp = child(path, 'template');
  if (!template) {
    if (spec.template === undefined || spec.template === null) required(errs, tp);
    return;
  }
  checkSelectorMatches(errs, selector, template, tp);
  validatePodTemplate(errs, template, tp, validateSpec);
  restrictTemplate(errs, template, tp, owner);
}

/** restartPolicy must be Always and activeDeadlineSeconds unset for long-running workloads. */
export function restrictTemplate(errs: Errs, template: Obj, tp: string, owner: string): void {
  const podSpec = isObj(template.spec) ? template.spec : {};
  const restartPolicy = podSpec.restartPolicy;
  if (restartPolicy !== 'Always') notSupported(errs, `${tp}.spec.restartPolicy`, typeof restartPolicy === 'string' ? restartPolicy : '', ['Always']);
  if (podSpec.activeDeadlineSeconds !== undefined && podSpec.activeDeadlineSeconds !== null) {
    forbidden(errs, `${tp}.spec.activeDeadlineSeconds`, `activeDeadlineSeconds in ${owner} is not Supported`);
  }
}

/** getIntOrPercentValue: the number in `25%` or `3`; a malformed value counts as 0 (as IntValue does). */
export function intOrPercentValue(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const m = /^([0-9]+)%$/.exec(v) ?? /^([+-]?[0-9]+)$/.exec(v);
    return m ? Number(m[1]) : 0;
  }
  return 0;
}

/** ValidatePositiveIntOrPercent (+ IsNotMoreThan100Percent when `max100`) on parent[key]. */
export function validateIntOrPercent(errs: Errs, parent: Obj, key: string, path: string, max100: boolean): number | string | undefined {
  const v = readIntOrStr(errs, parent, key, path);
  const field = child(path, key);
  if (typeof v === 'string') {
    const msgs = percentErrors(v);
    for (const msg of msgs) invalidText(errs, field, goIntOrString(v), msg);
    if (max100 && msgs.length === 0 && intOrPercentValue(v) > 100) invalidText(errs, field, goIntOrString(v), 'must not be greater than 100%');
  } else if (typeof v === 'number') nonNegative(errs, field, v);
  return v;
}

/** `field is immutable` on a selector, printed as upstream prints a LabelSelector. */
export function immutableSelector(errs: Errs, selector: unknown, field = 'spec.selector'): void {
  invalidText(errs, field, goLabelSelector(selector), 'field is immutable');
}
