/** Role and binding validation (rbac.authorization.k8s.io/v1). */
import { describe, expect, it } from 'vitest';
import { errorsOf, stored } from './fixtures.js';

describe('Role', () => {
  it('needs verbs, groups and resources; URLs only in ClusterRoles', () => {
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r', namespace: 'default' }, rules: [{ resources: ['pods'] }, { nonResourceURLs: ['/metrics'], verbs: ['get'] }] };
    expect(errorsOf(role)).toEqual([
      'rules[0].verbs: Required value: verbs must contain at least one value',
      'rules[0].apiGroups: Required value: resource rules must supply at least one api group',
      'rules[1].nonResourceURLs: Invalid value: ["/metrics"]: namespaced rules cannot apply to non-resource URLs',
    ]);
  });
});

describe('RoleBinding and ClusterRoleBinding', () => {
  const rb = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'rb', namespace: 'default' }, roleRef: { kind: 'Role', name: 'reader' }, subjects: [{ kind: 'User', name: 'alice' }] };

  it('checks roleRef and subjects', () => {
    expect(errorsOf({ ...rb, roleRef: { kind: 'Secret', name: '' }, subjects: [{ kind: 'Robot', name: 'r2' }, { kind: 'ServiceAccount', name: 'sa', apiGroup: 'v1' }] })).toEqual([
      'roleRef.kind: Unsupported value: "Secret": supported values: "Role", "ClusterRole"',
      'roleRef.name: Required value',
      'subjects[0].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
      'subjects[1].apiGroup: Unsupported value: "v1": supported values: ""',
    ]);
  });

  it('needs a namespace for service accounts in cluster bindings and a ClusterRole', () => {
    const crb = { ...rb, kind: 'ClusterRoleBinding', metadata: { name: 'crb' }, roleRef: { kind: 'Role', name: 'x' }, subjects: [{ kind: 'ServiceAccount', name: 'sa' }] };
    expect(errorsOf(crb)).toEqual([
      'roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
      'subjects[0].namespace: Required value',
    ]);
  });

  it('never lets roleRef change', () => {
    const old = stored(rb);
    expect(errorsOf({ ...old, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'admin' } }, old))
      .toEqual(['roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"Role", Name:"admin"}: cannot change roleRef']);
  });
});
