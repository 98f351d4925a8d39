/** ObjectMeta, labels, annotations and label selectors (apimachinery's ValidateObjectMeta and metav1 validation). */
import type { LabelSelector } from '../meta.js';
import { labelSelectorFromObject, NOTHING, type Selector } from '../selectors.js';
import {
  child, type Errs, forbidden, index, invalid, invalidText, isObj, nonNegative, type Obj, objItems, readArr,
  readInt, readObj, readStr, readStrArr, readStrMap, required, tooLong,
} from './field.js';
import { goQuote } from './go-format.js';
import { dns1123LabelErrors, labelValueErrors, type NameRule, nameErrors, qualifiedNameErrors } from './names.js';

const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;
const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);
/** ValidateImmutableField's detail. */
export const IMMUTABLE = 'field is immutable';

/** metav1validation.ValidateLabels on parent[key]: every key a qualified name, every value a label value. */
export function validateLabels(errs: Errs, parent: Obj, key: string, path: string): Record<string, string> | undefined {
  const labels = readStrMap(errs, parent, key, path);
  if (!labels) return undefined;
  const field = child(path, key);
  for (const k of Object.keys(labels)) {
    for (const msg of qualifiedNameErrors(k)) invalid(errs, field, k, msg);
    for (const msg of labelValueErrors(labels[k]!)) invalid(errs, field, labels[k], msg);
  }
  return labels;
}

/** ValidateAnnotations: keys are qualified names (compared lower-cased), total size at most 256 KiB. */
export function validateAnnotations(errs: Errs, parent: Obj, key: string, path: string): void {
  const annotations = readStrMap(errs, parent, key, path);
  if (!annotations) return;
  const field = child(path, key);
  let size = 0;
  for (const k of Object.keys(annotations)) {
    for (const msg of qualifiedNameErrors(k.toLowerCase())) invalid(errs, field, k, msg);
    size += Buffer.byteLength(k) + Buffer.byteLength(annotations[k]!);
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) tooLong(errs, field, TOTAL_ANNOTATION_SIZE_LIMIT);
}

function validateOwnerReferences(errs: Errs, meta: Obj, path: string): void {
  const refs = readArr(errs, meta, 'ownerReferences', path);
  if (!refs) return;
  const base = child(path, 'ownerReferences');
  const controllers: string[] = [];
  for (const [ref, i] of objItems(errs, refs, base)) {
    const p = index(base, i);
    const apiVersion = readStr(errs, ref, 'apiVersion', p) ?? '';
    const kind = readStr(errs, ref, 'kind', p) ?? '';
    const name = readStr(errs, ref, 'name', p) ?? '';
    const uid = readStr(errs, ref, 'uid', p) ?? '';
    const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
    if (!version) invalid(errs, child(p, 'apiVersion'), apiVersion, 'version must not be empty');
    if (!kind) invalid(errs, child(p, 'kind'), kind, 'kind must not be empty');
    if (!name) invalid(errs, child(p, 'name'), name, 'name must not be empty');
    if (!uid) invalid(errs, child(p, 'uid'), uid, 'uid must not be empty');
    if (ref.controller === true) controllers.push(`${apiVersion}, Kind=${kind}, Name=${name}`);
  }
  if (controllers.length > 1) {
    invalidText(errs, base, '[]v1.OwnerReference{...}',
      `Only one reference can have Controller set to true. Found "true" in references for ${controllers[0]} and ${controllers[1]}`);
  }
}

/** Finalizer names: qualified names, and unqualified ones must be standard. */
export function validateFinalizers(errs: Errs, parent: Obj, key: string, path: string): void {
  const finalizers = readStrArr(errs, parent, key, path);
  if (!finalizers) return;
  const base = child(path, key);
  finalizers.forEach((f, i) => {
    const p = index(base, i);
    for (const msg of qualifiedNameErrors(f)) invalid(errs, p, f, msg);
    if (!f.includes('/') && !STANDARD_FINALIZERS.has(f)) invalid(errs, p, f, 'name is neither a standard finalizer name nor is it fully qualified');
  });
  if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion')) {
    invalidText(errs, base, `[]string{${finalizers.map(goQuote).join(', ')}}`, "finalizers 'orphan' and 'foregroundDeletion' cannot be both set");
  }
}

/**
 * ValidateObjectMeta. The store generates names from generateName before admission and fills the namespace of
 * namespaced kinds, so an empty name is only an error when there is no generateName to build it from.
 */
export function validateObjectMeta(errs: Errs, obj: Obj, rule: NameRule, namespaced: boolean): Obj | undefined {
  const meta = readObj(errs, obj, 'metadata', '');
  if (!meta) {
    if (obj.metadata === undefined || obj.metadata === null) required(errs, 'metadata.name', 'name or generateName is required');
    return undefined;
  }
  const path = 'metadata';
  const generateName = readStr(errs, meta, 'generateName', path);
  if (generateName) for (const msg of nameErrors(rule, generateName, true)) invalid(errs, 'metadata.generateName', generateName, msg);
  const name = readStr(errs, meta, 'name', path);
  if (name) for (const msg of nameErrors(rule, name, false)) invalid(errs, 'metadata.name', name, msg);
  else if (!generateName && (meta.name === undefined || meta.name === null || meta.name === '')) {
    required(errs, 'metadata.name', 'name or generateName is required');
  }
  const namespace = readStr(errs, meta, 'namespace', path);
  // Cluster-scoped objects have their namespace cleared by the store, as the API server does.
  if (namespaced && namespace) for (const msg of dns1123LabelErrors(namespace)) invalid(errs, 'metadata.namespace', namespace, msg);
  nonNegative(errs, 'metadata.generation', readInt(errs, meta, 'generation', path));
  validateLabels(errs, meta, 'labels', path);
  validateAnnotations(errs, meta, 'annotations', path);
  validateOwnerReferences(errs, meta, path);
  validateFinalizers(errs, meta, 'finalizers', path);
  return meta;
}

/** ValidateObjectMetaUpdate: identity fields may not change. */
export function validateObjectMetaUpdate(errs: Errs, meta: Obj | undefined, oldMeta: unknown): void {
  if (!meta || !isObj(oldMeta)) return;
  for (const f of ['name', 'namespace', 'uid', 'creationTimestamp']) {
    const now = meta[f];
    const before = oldMeta[f];
    // The store copies uid and creationTimestamp from the stored object, so an absent value is not a change.
    if (now === undefined || before === undefined) continue;
    if (now !== before) invalid(errs, `metadata.${f}`, now, IMMUTABLE);
  }
}

/** ValidateLabelSelector on parent[key]; returns the selector object and whether it is free of errors. */
export function validateLabelSelector(errs: Errs, parent: Obj, key: string, path: string): { selector?: Obj; valid: boolean } {
  const before = errs.length;
  const selector = readObj(errs, parent, key, path);
  if (!selector) return { selector: undefined, valid: errs.length === before };
  const p = child(path, key);
  validateLabels(errs, selector, 'matchLabels', p);
  const exprs = readArr(errs, selector, 'matchExpressions', p);
  if (exprs) {
    const base = child(p, 'matchExpressions');
    for (const [expr, i] of objItems(errs, exprs, base)) {
      const ep = index(base, i);
      const operator = readStr(errs, expr, 'operator', ep) ?? '';
      const values = readStrArr(errs, expr, 'values', ep) ?? [];
      switch (operator) {
        case 'In': case 'NotIn':
          if (values.length === 0) required(errs, child(ep, 'values'), "must be specified when `operator` is 'In' or 'NotIn'");
          break;
        case 'Exists': case 'DoesNotExist':
          if (values.length > 0) forbidden(errs, child(ep, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
          break;
        default: invalid(errs, child(ep, 'operator'), operator, 'not a valid selector operator');
      }
      const k = readStr(errs, expr, 'key', ep) ?? '';
      for (const msg of qualifiedNameErrors(k)) invalid(errs, child(ep, 'key'), k, msg);
      values.forEach((v, vi) => {
        for (const msg of labelValueErrors(v)) invalid(errs, index(child(ep, 'values'), vi), v, msg);
      });
    }
  }
  return { selector, valid: errs.length === before };
}

/** LabelSelectorAsSelector for a selector that passed validation; an absent selector selects nothing. */
export function compileSelector(selector: Obj | undefined): Selector {
  try {
    return labelSelectorFromObject(selector as LabelSelector | undefined);
  } catch {
    return NOTHING; // unreachable for a validated selector; "nothing" keeps the template check conservative
  }
}

/** Whether a (present) selector has no requirements at all — upstream refuses those for workloads. */
export function selectorIsEmpty(selector: Obj): boolean {
  const ml = isObj(selector.matchLabels) ? Object.keys(selector.matchLabels).length : 0;
  const me = Array.isArray(selector.matchExpressions) ? selector.matchExpressions.length : 0;
  return ml + me === 0;
}
