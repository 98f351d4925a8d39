/** Roles and role bindings (rbac.authorization.k8s.io/v1 validation). */
import { child, type Errs, invalid, invalidText, type Obj, objItems, readArr, readObj, readStr, readStrArr, required } from './field.js';
import { goQuote } from './go-format.js';
import { dns1123LabelErrors, dns1123SubdomainErrors, pathSegmentErrors } from './names.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** ValidatePolicyRule: verbs always; resource rules need groups and resources; URL rules only cluster-wide. */
function validateRule(errs: Errs, rule: Obj, path: string, namespaced: boolean): void {
  const verbs = readStrArr(errs, rule, 'verbs', path) ?? [];
  if (verbs.length === 0) required(errs, child(path, 'verbs'), 'verbs must contain at least one value');
  const urls = readStrArr(errs, rule, 'nonResourceURLs', path) ?? [];
  const groups = readStrArr(errs, rule, 'apiGroups', path) ?? [];
  const resources = readStrArr(errs, rule, 'resources', path) ?? [];
  const names = readStrArr(errs, rule, 'resourceNames', path) ?? [];
  if (urls.length > 0) {
    if (namespaced) invalid(errs, child(path, 'nonResourceURLs'), urls, 'namespaced rules cannot apply to non-resource URLs');
    if (groups.length > 0 || resources.length > 0 || names.length > 0) {
      invalid(errs, child(path, 'nonResourceURLs'), urls, 'rules cannot apply to both regular resources and non-resource URLs');
    }
    return;
  }
  if (groups.length === 0) required(errs, child(path, 'apiGroups'), 'resource rules must supply at least one api group');
  if (resources.length === 0) required(errs, child(path, 'resources'), 'resource rules must supply at least one resource');
}

/** ValidateRole / ValidateClusterRole. Aggregated ClusterRoles get their rules from the controller, so none are required. */
export function validateRole(errs: Errs, obj: Obj, namespaced: boolean): void {
  const rules = readArr(errs, obj, 'rules', '') ?? [];
  for (const [rule, i] of objItems(errs, rules, 'rules')) validateRule(errs, rule, `rules[${i}]`, namespaced);
  readObj(errs, obj, 'aggregationRule', '');
}

function validateSubject(errs: Errs, subject: Obj, path: string, namespaced: boolean): void {
  const name = readStr(errs, subject, 'name', path) ?? '';
  if (!name) required(errs, child(path, 'name'));
  const kind = readStr(errs, subject, 'kind', path) ?? '';
  const apiGroup = readStr(errs, subject, 'apiGroup', path) ?? '';
  switch (kind) {
    case 'ServiceAccount': {
      if (name) for (const msg of dns1123SubdomainErrors(name)) invalid(errs, child(path, 'name'), name, msg);
      if (apiGroup !== '') errs.push({ type: 'FieldValueNotSupported', field: child(path, 'apiGroup'), value: apiGroup, supported: [''] });
      const ns = readStr(errs, subject, 'namespace', path) ?? '';
      if (!namespaced && !ns) required(errs, child(path, 'namespace'));
      if (ns) for (const msg of dns1123LabelErrors(ns)) invalid(errs, child(path, 'namespace'), ns, msg);
      break;
    }
    case 'User': case 'Group':
      if (apiGroup !== RBAC_GROUP) errs.push({ type: 'FieldValueNotSupported', field: child(path, 'apiGroup'), value: apiGroup, supported: [RBAC_GROUP] });
      break;
    default:
      errs.push({ type: 'FieldValueNotSupported', field: child(path, 'kind'), value: kind, supported: ['ServiceAccount', 'User', 'Group'] });
  }
}

/** ValidateRoleBinding / ValidateClusterRoleBinding (+ update: roleRef can never change). */
export function validateRoleBinding(errs: Errs, obj: Obj, namespaced: boolean, old?: Obj): void {
  const ref = readObj(errs, obj, 'roleRef', '') ?? {};
  const apiGroup = readStr(errs, ref, 'apiGroup', 'roleRef') ?? '';
  if (apiGroup !== RBAC_GROUP) errs.push({ type: 'FieldValueNotSupported', field: 'roleRef.apiGroup', value: apiGroup, supported: [RBAC_GROUP] });
  const kind = readStr(errs, ref, 'kind', 'roleRef') ?? '';
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(kind)) errs.push({ type: 'FieldValueNotSupported', field: 'roleRef.kind', value: kind, supported: kinds });
  const name = readStr(errs, ref, 'name', 'roleRef') ?? '';
  if (!name) required(errs, 'roleRef.name');
  else for (const msg of pathSegmentErrors(name)) invalid(errs, 'roleRef.name', name, msg);
  const subjects = readArr(errs, obj, 'subjects', '') ?? [];
  for (const [subject, i] of objItems(errs, subjects, 'subjects')) validateSubject(errs, subject, `subjects[${i}]`, namespaced);
  if (!old) return;
  const oldRef = (old.roleRef ?? {}) as Obj;
  if (oldRef.apiGroup !== ref.apiGroup || oldRef.kind !== ref.kind || oldRef.name !== ref.name) {
    invalidText(errs, 'roleRef', `rbac.RoleRef{APIGroup:${goQuote(apiGroup)}, Kind:${goQuote(kind)}, Name:${goQuote(name)}}`, 'cannot change roleRef');
  }
}
