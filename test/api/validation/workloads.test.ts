/** Deployment, ReplicaSet, ReplicationController, StatefulSet, DaemonSet and ControllerRevision validation. */
import { describe, expect, it } from 'vitest';
import { clone, daemonSet, deployment, errorsOf, messageOf, replicaSet, statefulSet, stored } from './fixtures.js';

describe('Deployment', () => {
  it('refuses negative replicas with the exact upstream message', () => {
    const d = deployment();
    d.spec.replicas = -1;
    expect(messageOf(d)).toBe('Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
  });

  it('requires a selector, and then the template no longer matches', () => {
    const d = deployment();
    delete d.spec.selector;
    expect(messageOf(d)).toBe('Deployment.apps "web" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`]');
  });

  it('refuses a selector that does not match the template labels', () => {
    const d = deployment();
    d.spec.selector = { matchLabels: { app: 'web', tier: 'fe' } };
    d.spec.template.metadata.labels = { tier: 'fe', app: 'api' };
    expect(errorsOf(d)).toEqual(['spec.template.metadata.labels: Invalid value: map[string]string{"app":"api", "tier":"fe"}: `selector` does not match template `labels`']);
  });

  it('refuses an empty selector and an invalid one', () => {
    const d = deployment();
    d.spec.selector = {};
    expect(errorsOf(d)).toEqual(['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment']);
    d.spec.selector = { matchExpressions: [{ key: 'app', operator: 'Equals', values: ['web'] }] };
    expect(errorsOf(d)).toEqual([
      'spec.selector.matchExpressions[0].operator: Invalid value: "Equals": not a valid selector operator',
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", Operator:"Equals", Values:[]string{"web"}}}}: invalid label selector',
    ]);
  });

  it('matches selectors with expressions', () => {
    const d = deployment();
    d.spec.selector = { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }, { key: 'canary', operator: 'DoesNotExist' }] };
    expect(errorsOf(d)).toEqual([]);
    d.spec.template.metadata.labels.canary = 'true';
    expect(errorsOf(d)[0]).toMatch(/`selector` does not match template `labels`$/);
  });

  it('checks the strategy: both zero, percent syntax, over 100%, Recreate with rollingUpdate, unknown type', () => {
    const d = deployment();
    d.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } };
    expect(errorsOf(d)).toEqual(['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0']);
    d.spec.strategy.rollingUpdate = { maxSurge: '10 percent', maxUnavailable: '150%' };
    expect(errorsOf(d)).toEqual([
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 150%: must not be greater than 100%',
      "spec.strategy.rollingUpdate.maxSurge: Invalid value: 10 percent: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
    ]);
    d.spec.strategy = { type: 'Recreate', rollingUpdate: { maxSurge: 1 } };
    expect(errorsOf(d)).toEqual(["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"]);
    d.spec.strategy = { type: 'BlueGreen' };
    expect(errorsOf(d)).toEqual(['spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:"BlueGreen", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: "Recreate", "RollingUpdate"']);
  });

  it('needs progressDeadlineSeconds above minReadySeconds', () => {
    const d = deployment();
    Object.assign(d.spec, { minReadySeconds: 30, progressDeadlineSeconds: 30 });
    expect(errorsOf(d)).toEqual(['spec.progressDeadlineSeconds: Invalid value: 30: must be greater than minReadySeconds']);
  });

  it('needs restartPolicy Always and no activeDeadlineSeconds in the template', () => {
    const d = deployment();
    Object.assign(d.spec.template.spec, { restartPolicy: 'OnFailure', activeDeadlineSeconds: 10 });
    expect(errorsOf(d)).toEqual([
      'spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
      'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported',
    ]);
  });

  it('validates the pod template (labels are reported as spec.template.labels, as upstream)', () => {
    const d = deployment();
    d.spec.template.metadata.labels['bad key'] = 'x';
    d.spec.template.spec.containers[0].image = '';
    const errs = errorsOf(d);
    expect(errs).toContain('spec.template.spec.containers[0].image: Required value');
    expect(errs.some((e) => e.startsWith('spec.template.labels: Invalid value: "bad key"'))).toBe(true);
  });

  it('keeps the selector immutable on update (upstream message)', () => {
    const old = stored(deployment());
    const next = clone(old);
    next.spec.selector = { matchLabels: { app: 'web2' } };
    next.spec.template.metadata.labels = { app: 'web2' };
    expect(messageOf(next, old)).toBe('Deployment.apps "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable');
    next.spec.selector = old.spec.selector;
    next.spec.template.metadata.labels = { app: 'web' };
    next.spec.replicas = 10;
    expect(errorsOf(next, old)).toEqual([]);
  });
});

describe('ReplicaSet and ReplicationController', () => {
  it('validates a ReplicaSet like a Deployment, with ReplicaSet in the messages', () => {
    const rs = replicaSet();
    rs.spec.template.spec.activeDeadlineSeconds = 5;
    expect(messageOf(rs)).toBe('ReplicaSet.apps "web-5d4f8" is invalid: spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported');
  });

  it('defaults an RC selector from its template, and refuses a mismatching or missing one', () => {
    const rc = { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'rc', namespace: 'default' }, spec: { template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } } };
    expect(errorsOf(rc)).toEqual([]);
    const bad = clone(rc) as typeof rc & { spec: { selector: Record<string, string> } };
    bad.spec.selector = { app: 'y' };
    expect(errorsOf(bad)).toEqual(['spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`']);
    const none = { ...rc, spec: { replicas: 1 } };
    expect(errorsOf(none)).toEqual(['spec.selector: Required value', 'spec.template: Required value']);
  });
});

describe('StatefulSet', () => {
  it('checks policy values and the selector', () => {
    const s = statefulSet();
    s.spec.podManagementPolicy = 'Random';
    s.spec.updateStrategy = { type: 'Canary' };
    s.spec.selector = {};
    expect(errorsOf(s)).toEqual([
      'spec.podManagementPolicy: Invalid value: "Random": must be \'OrderedReady\' or \'Parallel\'',
      'spec.updateStrategy: Invalid value: apps.StatefulSetUpdateStrategy{Type:"Canary", RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}: must be \'RollingUpdate\' or \'OnDelete\'',
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for statefulset',
    ]);
  });

  it('refuses a negative partition and an unknown retention policy', () => {
    const s = statefulSet();
    s.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { partition: -1 } };
    s.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Keep' };
    expect(errorsOf(s)).toEqual([
      'spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0',
      'spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: "Keep": supported values: "Retain", "Delete"',
    ]);
  });

  it('uses the DNS-label rule for its name', () => {
    const s = statefulSet();
    s.metadata.name = 'db.v1';
    expect(errorsOf(s)).toEqual(['metadata.name: Invalid value: "db.v1": must not contain dots']);
  });

  it('forbids updating anything but the mutable fields', () => {
    const old = stored(statefulSet());
    const next = clone(old);
    next.spec.replicas = 5;
    next.spec.template.spec.containers[0].image = 'nginx:1.28';
    expect(errorsOf(next, old)).toEqual([]);
    next.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '2Gi';
    expect(messageOf(next, old)).toBe("StatefulSet.apps \"db\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden");
  });
});

describe('DaemonSet', () => {
  it('checks the rolling update: exactly one of maxSurge / maxUnavailable non-zero', () => {
    const ds = daemonSet();
    ds.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } };
    expect(errorsOf(ds)).toEqual(['spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0']);
    ds.spec.updateStrategy.rollingUpdate = { maxUnavailable: 1, maxSurge: '10%' };
    expect(errorsOf(ds)).toEqual(['spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 10%: may not be set when maxUnavailable is non-zero']);
  });

  it('reports a missing selector only as a template mismatch', () => {
    const ds = daemonSet();
    delete ds.spec.selector;
    expect(errorsOf(ds)).toEqual(['spec.template.metadata.labels: Invalid value: map[string]string{"app":"agent"}: `selector` does not match template `labels`']);
  });

  it('keeps the selector immutable', () => {
    const old = stored(daemonSet());
    const next = clone(old);
    next.spec.selector.matchLabels = { app: 'agent', v: '2' };
    next.spec.template.metadata.labels.v = '2';
    expect(errorsOf(next, old)[0]).toMatch(/^spec\.selector: Invalid value: v1\.LabelSelector\{.*\}: field is immutable$/);
  });
});

describe('ControllerRevision', () => {
  it('requires data and keeps it immutable', () => {
    const cr = { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'db-1', namespace: 'default' }, revision: -1 };
    expect(errorsOf(cr)).toEqual(['data: Required value: data is mandatory', 'revision: Invalid value: -1: must be greater than or equal to 0']);
    const old = stored({ ...cr, revision: 1, data: { a: 1 } });
    expect(errorsOf({ ...old, data: { a: 2 } }, old)).toEqual(['data: Invalid value: runtime.RawExtension{...}: field is immutable']);
  });
});
