/** Defaulting of Deployment, ReplicaSet, ReplicationController, StatefulSet, DaemonSet, Job and CronJob. */
import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../../../source/api/defaults/index.js';
import { cronJob, daemonSet, deployment, job, replicaSet, statefulSet, type Loose } from '../validation/fixtures.js';

function defaulted(obj: Loose): Loose {
  applyDefaults(obj);
  return obj;
}

describe('Deployment', () => {
  it('defaults replicas, RollingUpdate 25%/25%, history and progress deadline', () => {
    const d = deployment();
    delete d.spec.replicas;
    expect(defaulted(d).spec).toMatchObject({
      replicas: 1, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10, progressDeadlineSeconds: 600,
    });
  });

  it('fills only the missing half of rollingUpdate, and nothing for Recreate', () => {
    const d = deployment();
    d.spec.strategy = { rollingUpdate: { maxSurge: 1 } };
    expect(defaulted(d).spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } });
    const r = deployment();
    r.spec.strategy = { type: 'Recreate' };
    expect(defaulted(r).spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('keeps explicit zero replicas', () => {
    const d = deployment();
    d.spec.replicas = 0;
    expect(defaulted(d).spec.replicas).toBe(0);
  });
});

describe('ReplicaSet and ReplicationController', () => {
  it('defaults ReplicaSet replicas to 1', () => {
    const rs = replicaSet();
    delete rs.spec.replicas;
    expect(defaulted(rs).spec.replicas).toBe(1);
  });

  it('defaults an RC selector and its own labels from the template labels', () => {
    const rc = defaulted({ apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'redis' }, spec: { template: { metadata: { labels: { app: 'redis', role: 'master' } }, spec: { containers: [{ name: 'r', image: 'redis' }] } } } });
    expect(rc.spec.selector).toEqual({ app: 'redis', role: 'master' });
    expect(rc.metadata.labels).toEqual({ app: 'redis', role: 'master' });
    expect(rc.spec.replicas).toBe(1);
    expect(rc.spec.template.spec.restartPolicy).toBe('Always');
  });
});

describe('StatefulSet', () => {
  it('defaults policies, strategy with partition 0, retention Retain/Retain, replicas and history', () => {
    const s = statefulSet();
    delete s.spec.replicas;
    expect(defaulted(s).spec).toMatchObject({
      replicas: 1, podManagementPolicy: 'OrderedReady', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' }, revisionHistoryLimit: 10,
    });
  });

  it('does not invent rollingUpdate when the type was given, and defaults claim templates as PVCs', () => {
    const s = statefulSet();
    s.spec.updateStrategy = { type: 'RollingUpdate' };
    defaulted(s);
    expect(s.spec.updateStrategy).toEqual({ type: 'RollingUpdate' });
    expect(s.spec.volumeClaimTemplates[0].spec.volumeMode).toBe('Filesystem');
    expect(s.spec.volumeClaimTemplates[0].status).toEqual({ phase: 'Pending' });
  });
});

describe('DaemonSet', () => {
  it('defaults RollingUpdate with maxUnavailable 1 and maxSurge 0, and history', () => {
    expect(defaulted(daemonSet()).spec).toMatchObject({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } }, revisionHistoryLimit: 10 });
  });
});

describe('Job', () => {
  it('defaults completions and parallelism to 1 only when both are unset', () => {
    expect(defaulted(job()).spec).toMatchObject({ completions: 1, parallelism: 1 });
    const queue = job();
    queue.spec.parallelism = 5;
    defaulted(queue);
    expect(queue.spec.completions).toBeUndefined();
    expect(queue.spec.parallelism).toBe(5);
    const fixed = job();
    fixed.spec.completions = 10;
    expect(defaulted(fixed).spec).toMatchObject({ completions: 10, parallelism: 1 });
  });

  it('defaults backoffLimit 6 (max int32 with backoffLimitPerIndex), NonIndexed, not suspended, replacement policy', () => {
    expect(defaulted(job()).spec).toMatchObject({ backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, podReplacementPolicy: 'TerminatingOrFailed' });
    const perIndex = job();
    Object.assign(perIndex.spec, { completionMode: 'Indexed', completions: 3, backoffLimitPerIndex: 1 });
    expect(defaulted(perIndex).spec.backoffLimit).toBe(2147483647);
    const withPolicy = job();
    withPolicy.spec.podFailurePolicy = { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] };
    defaulted(withPolicy);
    expect(withPolicy.spec.podReplacementPolicy).toBe('Failed');
    expect(withPolicy.spec.podFailurePolicy.rules[0].onPodConditions[0].status).toBe('True');
  });

  it('generates the selector and template labels from the uid, and copies labels to the Job', () => {
    const j = defaulted(job());
    const expected = { 'batch.kubernetes.io/controller-uid': 'job-uid', 'controller-uid': 'job-uid', 'batch.kubernetes.io/job-name': 'pi', 'job-name': 'pi' };
    expect(j.spec.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': 'job-uid' } });
    expect(j.spec.template.metadata.labels).toEqual(expected);
    expect(j.metadata.labels).toEqual(expected);
  });

  it('leaves the selector alone with manualSelector', () => {
    const j = job();
    j.spec.manualSelector = true;
    j.spec.selector = { matchLabels: { app: 'pi' } };
    expect(defaulted(j).spec.selector).toEqual({ matchLabels: { app: 'pi' } });
  });
});

describe('CronJob', () => {
  it('defaults Allow, not suspended, 3 successful and 1 failed Job kept; only the pod template inside', () => {
    const cj = defaulted(cronJob());
    expect(cj.spec).toMatchObject({ concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    expect(cj.spec.jobTemplate.spec.backoffLimit).toBeUndefined();
    expect(cj.spec.jobTemplate.spec.template.spec).toMatchObject({ restartPolicy: 'OnFailure', terminationGracePeriodSeconds: 30 });
  });
});
