/** Scheduling constraints: tolerations, taints, node/pod affinity and topology spread (core validation). */
import {
  child, duplicate, type Errs, forbidden, index, invalid, notSupported, type Obj, objItems, readArr, readInt, readObj, readStr,
  readStrArr, required,
} from './field.js';
import { goQuote } from './go-format.js';
import { validateLabelSelector } from './meta.js';
import { dns1123LabelErrors, dns1123SubdomainErrors, labelValueErrors, qualifiedNameErrors } from './names.js';

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

function labelKey(errs: Errs, key: string, field: string): void {
  for (const msg of qualifiedNameErrors(key)) invalid(errs, field, key, msg);
}

/** validateTaintEffect: Required unless empty is allowed, then one of the three effects. */
function validateTaintEffect(errs: Errs, effect: string, allowEmpty: boolean, field: string): void {
  if (!effect) {
    if (!allowEmpty) required(errs, field);
    return;
  }
  if (!TAINT_EFFECTS.includes(effect)) notSupported(errs, field, effect, TAINT_EFFECTS);
}

/** ValidateTolerations. */
export function validateTolerations(errs: Errs, spec: Obj, path: string): void {
  const list = readArr(errs, spec, 'tolerations', path);
  if (!list) return;
  const base = child(path, 'tolerations');
  for (const [t, i] of objItems(errs, list, base)) {
    const p = index(base, i);
    const key = readStr(errs, t, 'key', p) ?? '';
    const operator = readStr(errs, t, 'operator', p) ?? '';
    const value = readStr(errs, t, 'value', p) ?? '';
    const effect = readStr(errs, t, 'effect', p) ?? '';
    const seconds = readInt(errs, t, 'tolerationSeconds', p);
    if (key) labelKey(errs, key, child(p, 'key'));
    if (!key && operator !== 'Exists') {
      invalid(errs, child(p, 'operator'), operator, 'operator must be Exists when `key` is empty, which means "match all values and all keys"');
    }
    if (seconds !== undefined && effect !== 'NoExecute') invalid(errs, child(p, 'effect'), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set");
    if (operator === 'Equal' || operator === '') {
      const msgs = labelValueErrors(value);
      // Upstream reports a bad value on the operator field, joined with ';'.
      if (msgs.length) invalid(errs, child(p, 'operator'), value, msgs.join(';'));
    } else if (operator === 'Exists') {
      if (value) invalid(errs, child(p, 'operator'), value, "value must be empty when `operator` is 'Exists'");
    } else notSupported(errs, child(p, 'operator'), operator, ['Equal', 'Exists']);
    if (effect) validateTaintEffect(errs, effect, true, child(p, 'effect'));
  }
}

/** validateNodeTaints: key/value syntax, an effect, unique by key and effect. */
export function validateTaints(errs: Errs, parent: Obj, key: string, path: string): void {
  const list = readArr(errs, parent, key, path);
  if (!list) return;
  const base = child(path, key);
  const seen = new Set<string>();
  for (const [t, i] of objItems(errs, list, base)) {
    const p = index(base, i);
    const k = readStr(errs, t, 'key', p) ?? '';
    const value = readStr(errs, t, 'value', p) ?? '';
    const effect = readStr(errs, t, 'effect', p) ?? '';
    labelKey(errs, k, child(p, 'key'));
    const msgs = labelValueErrors(value);
    if (msgs.length) invalid(errs, child(p, 'value'), value, msgs.join(';'));
    validateTaintEffect(errs, effect, false, child(p, 'effect'));
    const id = `${effect}\u0000${k}`;
    if (seen.has(id)) {
      errs.push({ type: 'FieldValueDuplicate', field: p, valueText: `core.Taint{Key:${goQuote(k)}, Value:${goQuote(value)}, Effect:${goQuote(effect)}, TimeAdded:<nil>}`, detail: 'taints must be unique by key and effect pair' });
      continue;
    }
    seen.add(id);
  }
}

function validateNodeSelectorRequirement(errs: Errs, rq: Obj, path: string, checkValues: boolean): void {
  const operator = readStr(errs, rq, 'operator', path) ?? '';
  const values = readStrArr(errs, rq, 'values', path) ?? [];
  switch (operator) {
    case 'In': case 'NotIn':
      if (values.length === 0) required(errs, child(path, 'values'), "must be specified when `operator` is 'In' or 'NotIn'");
      break;
    case 'Exists': case 'DoesNotExist':
      if (values.length > 0) forbidden(errs, child(path, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
      break;
    case 'Gt': case 'Lt':
      if (values.length !== 1) required(errs, child(path, 'values'), "must be specified single value when `operator` is 'Lt' or 'Gt'");
      break;
    default: invalid(errs, child(path, 'operator'), operator, 'not a valid selector operator');
  }
  labelKey(errs, readStr(errs, rq, 'key', path) ?? '', child(path, 'key'));
  if (checkValues) {
    values.forEach((v, i) => {
      for (const msg of labelValueErrors(v)) invalid(errs, index(child(path, 'values'), i), v, msg);
    });
  }
}

function validateNodeFieldSelectorRequirement(errs: Errs, rq: Obj, path: string): void {
  const operator = readStr(errs, rq, 'operator', path) ?? '';
  const values = readStrArr(errs, rq, 'values', path) ?? [];
  if (operator === 'In' || operator === 'NotIn') {
    if (values.length !== 1) required(errs, child(path, 'values'), "must be only one value when `operator` is 'In' or 'NotIn' for node field selector");
  } else invalid(errs, child(path, 'operator'), operator, 'not a valid selector operator');
  const key = readStr(errs, rq, 'key', path) ?? '';
  if (key !== 'metadata.name') invalid(errs, child(path, 'key'), key, 'not a valid field selector key');
  else values.forEach((v, i) => {
    for (const msg of dns1123SubdomainErrors(v)) invalid(errs, index(child(path, 'values'), i), v, msg);
  });
}

/** ValidateNodeSelectorTerm: matchExpressions (label requirements) and matchFields (metadata.name only). */
export function validateNodeSelectorTerm(errs: Errs, term: Obj, path: string, checkValues: boolean): void {
  for (const [key, fieldSelector] of [['matchExpressions', false], ['matchFields', true]] as const) {
    const list = readArr(errs, term, key, path);
    if (!list) continue;
    const base = child(path, key);
    for (const [rq, i] of objItems(errs, list, base)) {
      if (fieldSelector) validateNodeFieldSelectorRequirement(errs, rq, index(base, i));
      else validateNodeSelectorRequirement(errs, rq, index(base, i), checkValues);
    }
  }
}

/** ValidateNodeSelector: at least one term. */
export function validateNodeSelector(errs: Errs, selector: Obj, path: string): void {
  const terms = readArr(errs, selector, 'nodeSelectorTerms', path);
  const base = child(path, 'nodeSelectorTerms');
  if (!terms || terms.length === 0) {
    if (!Array.isArray(selector.nodeSelectorTerms) && selector.nodeSelectorTerms !== undefined && selector.nodeSelectorTerms !== null) return;
    required(errs, base, 'must have at least one node selector term');
    return;
  }
  for (const [term, i] of objItems(errs, terms, base)) validateNodeSelectorTerm(errs, term, index(base, i), true);
}

function weight(errs: Errs, item: Obj, path: string): void {
  const w = readInt(errs, item, 'weight', path);
  if (w !== undefined && (w <= 0 || w > 100)) invalid(errs, child(path, 'weight'), w, 'must be in the range 1-100');
  if (w === undefined && (item.weight === undefined || item.weight === null)) invalid(errs, child(path, 'weight'), 0, 'must be in the range 1-100');
}

function validatePodAffinityTerm(errs: Errs, term: Obj, path: string): void {
  validateLabelSelector(errs, term, 'labelSelector', path);
  validateLabelSelector(errs, term, 'namespaceSelector', path);
  for (const ns of readStrArr(errs, term, 'namespaces', path) ?? []) {
    for (const msg of dns1123LabelErrors(ns)) invalid(errs, child(path, 'namespace'), ns, msg);
  }
  const topologyKey = readStr(errs, term, 'topologyKey', path) ?? '';
  if (!topologyKey) required(errs, child(path, 'topologyKey'), 'can not be empty');
  labelKey(errs, topologyKey, child(path, 'topologyKey'));
}

function validatePodAffinity(errs: Errs, affinity: Obj, key: string, path: string): void {
  const a = readObj(errs, affinity, key, path);
  if (!a) return;
  const p = child(path, key);
  const requiredTerms = readArr(errs, a, 'requiredDuringSchedulingIgnoredDuringExecution', p);
  if (requiredTerms) {
    const base = child(p, 'requiredDuringSchedulingIgnoredDuringExecution');
    for (const [term, i] of objItems(errs, requiredTerms, base)) validatePodAffinityTerm(errs, term, index(base, i));
  }
  const preferred = readArr(errs, a, 'preferredDuringSchedulingIgnoredDuringExecution', p);
  if (preferred) {
    const base = child(p, 'preferredDuringSchedulingIgnoredDuringExecution');
    for (const [w, i] of objItems(errs, preferred, base)) {
      const wp = index(base, i);
      weight(errs, w, wp);
      const term = readObj(errs, w, 'podAffinityTerm', wp);
      validatePodAffinityTerm(errs, term ?? {}, child(wp, 'podAffinityTerm'));
    }
  }
}

/** validateAffinity: node affinity, pod affinity and anti-affinity. */
export function validateAffinity(errs: Errs, spec: Obj, path: string): void {
  const affinity = readObj(errs, spec, 'affinity', path);
  if (!affinity) return;
  const p = child(path, 'affinity');
  const node = readObj(errs, affinity, 'nodeAffinity', p);
  if (node) {
    const np = child(p, 'nodeAffinity');
    const req = readObj(errs, node, 'requiredDuringSchedulingIgnoredDuringExecution', np);
    if (req) validateNodeSelector(errs, req, child(np, 'requiredDuringSchedulingIgnoredDuringExecution'));
    const preferred = readArr(errs, node, 'preferredDuringSchedulingIgnoredDuringExecution', np);
    if (preferred) {
      const base = child(np, 'preferredDuringSchedulingIgnoredDuringExecution');
      for (const [term, i] of objItems(errs, preferred, base)) {
        weight(errs, term, index(base, i));
        const pref = readObj(errs, term, 'preference', index(base, i));
        // Preferred terms tolerate invalid label values: they can still succeed on a one-node cluster.
        if (pref) validateNodeSelectorTerm(errs, pref, child(index(base, i), 'preference'), false);
      }
    }
  }
  validatePodAffinity(errs, affinity, 'podAffinity', p);
  validatePodAffinity(errs, affinity, 'podAntiAffinity', p);
}

/** validateTopologySpreadConstraints. */
export function validateTopologySpread(errs: Errs, spec: Obj, path: string): void {
  const list = readArr(errs, spec, 'topologySpreadConstraints', path);
  if (!list) return;
  const base = child(path, 'topologySpreadConstraints');
  const items = objItems(errs, list, base);
  items.forEach(([c, i], n) => {
    const p = index(base, i);
    const maxSkew = readInt(errs, c, 'maxSkew', p) ?? 0;
    if (maxSkew <= 0) invalid(errs, child(p, 'maxSkew'), maxSkew, 'must be greater than zero');
    const topologyKey = readStr(errs, c, 'topologyKey', p) ?? '';
    if (!topologyKey) required(errs, child(p, 'topologyKey'), 'can not be empty');
    const when = readStr(errs, c, 'whenUnsatisfiable', p) ?? '';
    if (when !== 'DoNotSchedule' && when !== 'ScheduleAnyway') notSupported(errs, child(p, 'whenUnsatisfiable'), when, ['DoNotSchedule', 'ScheduleAnyway']);
    if (items.slice(n + 1).some(([o]) => o.topologyKey === topologyKey && o.whenUnsatisfiable === when)) {
      duplicate(errs, child(p, '{topologyKey, whenUnsatisfiable}'), `{${topologyKey}, ${when}}`);
    }
    const minDomains = readInt(errs, c, 'minDomains', p);
    if (minDomains !== undefined) {
      if (minDomains <= 0) invalid(errs, child(p, 'minDomains'), minDomains, 'must be greater than zero');
      if (when !== 'DoNotSchedule') invalid(errs, child(p, 'minDomains'), minDomains, `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${when}`);
    }
    for (const f of ['nodeAffinityPolicy', 'nodeTaintsPolicy']) {
      const v = readStr(errs, c, f, p);
      if (v !== undefined && v !== 'Honor' && v !== 'Ignore') notSupported(errs, child(p, f), v, ['Honor', 'Ignore']);
    }
    validateLabelSelector(errs, c, 'labelSelector', p);
  });
}
