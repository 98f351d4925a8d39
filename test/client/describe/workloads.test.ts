import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../source/api/core.js';
import type { KubeObject } from '../../../source/api/meta.js';
import { describeObject } from '../../../source/client/describe/index.js';
import { capIndexes } from '../../../source/client/describe/batch.js';
import { M, NOW, ago } from '../../api/print/helpers.js';
import { event } from './helpers.js';

const template = (hash?: string) => ({
  metadata: { labels: { app: 'web', ...(hash ? { 'pod-template-hash': hash } : {}) } },
  spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }], resources: { requests: { cpu: '100m' } } }] },
});

const deployment = (): KubeObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', uid: 'd1', creationTimestamp: '2026-01-01T11:00:00Z', labels: { app: 'web' },
    annotations: { 'deployment.kubernetes.io/revision': '2' } },
  spec: {
    replicas: 3, selector: { matchLabels: { app: 'web' } }, template: template(),
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } }, minReadySeconds: 0,
  },
  status: {
    replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3,
    conditions: [
      { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
      { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
    ],
  },
});

const replicaSet = (name: string, hash: string, replicas: number, created: string, revision: string): KubeObject => ({
  apiVersion: 'apps/v1', kind: 'ReplicaSet',
  metadata: { name, namespace: 'default', uid: `rs-${hash}`, creationTimestamp: created, labels: { app: 'web', 'pod-template-hash': hash },
    annotations: { 'deployment.kubernetes.io/revision': revision },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd1', controller: true }] },
  spec: { replicas, selector: { matchLabels: { app: 'web', 'pod-template-hash': hash } }, template: template(hash) },
  status: { replicas },
});

describe('describe deployment', () => {
  it('lays out replicas, strategy, the pod template, conditions and old/new replica sets', () => {
    const old = replicaSet('web-5f8d6c7b9', '5f8d6c7b9', 0, '2026-01-01T11:00:00Z', '1');
    (old.spec as { template: ReturnType<typeof template> }).template.spec.containers[0]!.image = 'nginx:1.26';
    const current = replicaSet('web-7d9c5b6f4', '7d9c5b6f4', 3, '2026-01-01T11:30:00Z', '2');
    const events = [event('ScalingReplicaSet', 'Scaled up replica set web-7d9c5b6f4 from 0 to 3', ago(30 * M), ago(30 * M), 1, 'Normal', 'deployment-controller')];
    expect(describeObject(deployment(), { nowMs: NOW, events, related: { replicaSets: [current, old] } })).toBe(`Name:                   web
Namespace:              default
CreationTimestamp:      Thu, 01 Jan 2026 11:00:00 +0000
Labels:                 app=web
Annotations:            deployment.kubernetes.io/revision: 2
Selector:               app=web
Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable
StrategyType:           RollingUpdate
MinReadySeconds:        0
RollingUpdateStrategy:  25% max unavailable, 25% max surge
Pod Template:
  Labels:  app=web
  Containers:
   web:
    Image:      nginx:1.27
    Port:       80/TCP
    Host Port:  0/TCP
    Requests:
      cpu:         100m
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Conditions:
  Type           Status  Reason
  ----           ------  ------
  Available      True    MinimumReplicasAvailable
  Progressing    True    NewReplicaSetAvailable
OldReplicaSets:  web-5f8d6c7b9 (0/0 replicas created)
NewReplicaSet:   web-7d9c5b6f4 (3/3 replicas created)
Events:
  Type    Reason             Age   From                   Message
  ----    ------             ----  ----                   -------
  Normal  ScalingReplicaSet  30m   deployment-controller  Scaled up replica set web-7d9c5b6f4 from 0 to 3
`);
  });

  it('omits the replica-set lines when none are known and says <none> for an empty side', () => {
    expect(describeObject(deployment(), { nowMs: NOW, events: [] })).not.toContain('NewReplicaSet:');
    const current = replicaSet('web-7d9c5b6f4', '7d9c5b6f4', 3, '2026-01-01T11:30:00Z', '2');
    const out = describeObject(deployment(), { nowMs: NOW, events: [], related: { replicaSets: [current] } });
    expect(out).toContain('OldReplicaSets:  <none>\nNewReplicaSet:   web-7d9c5b6f4 (3/3 replicas created)\n');
  });
});

describe('describe replica set, statefulset, daemonset', () => {
  const pods = (phases: string[]): Pod[] => phases.map((phase, i) => ({
    apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${i}`, namespace: 'default' }, spec: { containers: [] }, status: { phase } as Pod['status'],
  }));

  it('counts pods by phase and shows Controlled By', () => {
    const rs = replicaSet('web-7d9c5b6f4', '7d9c5b6f4', 3, '2026-01-01T11:30:00Z', '2');
    const out = describeObject(rs, { nowMs: NOW, events: [], related: { pods: pods(['Running', 'Running', 'Pending', 'Failed']) } });
    expect(out.split('\n').slice(0, 9).join('\n')).toBe(`Name:           web-7d9c5b6f4
Namespace:      default
Selector:       app=web,pod-template-hash=7d9c5b6f4
Labels:         app=web
                pod-template-hash=7d9c5b6f4
Annotations:    deployment.kubernetes.io/revision: 2
Controlled By:  Deployment/web
Replicas:       3 current / 3 desired
Pods Status:    2 Running / 1 Waiting / 0 Succeeded / 1 Failed`);
  });

  it('describes a statefulset with its update strategy and volume claim templates', () => {
    const sts: KubeObject = {
      apiVersion: 'apps/v1', kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'default', creationTimestamp: '2026-01-01T10:00:00Z' },
      spec: {
        replicas: 3, selector: { matchLabels: { app: 'db' } }, serviceName: 'db', template: template(),
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'standard', resources: { requests: { storage: '10Gi' } } } }],
      },
      status: { replicas: 2 },
    };
    const out = describeObject(sts, { nowMs: NOW, events: [], related: { pods: pods(['Running', 'Pending']) } });
    expect(out).toContain('Replicas:           3 desired | 2 total\nUpdate Strategy:    RollingUpdate\n  Partition:        0\nPods Status:        1 Running / 1 Waiting / 0 Succeeded / 0 Failed\n');
    expect(out).toContain(`Volume Claims:
  Name:          data
  StorageClass:  standard
  Labels:        <none>
  Annotations:   <none>
  Capacity:      10Gi
  Access Modes:  [ReadWriteOnce]
Events:          <none>
`);
  });

  it('describes a daemonset\'s node counts', () => {
    const ds: KubeObject = {
      apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'kube-system' },
      spec: { selector: { matchLabels: { app: 'agent' } }, template: { ...template(), spec: { ...template().spec, nodeSelector: { 'kubernetes.io/os': 'linux' } } } },
      status: { desiredNumberScheduled: 4, currentNumberScheduled: 4, updatedNumberScheduled: 3, numberAvailable: 4, numberMisscheduled: 0, numberReady: 4 },
    };
    const out = describeObject(ds, { nowMs: NOW, events: [], related: { pods: pods(['Running', 'Running', 'Running', 'Running']) } });
    expect(out).toContain('Node-Selector:  kubernetes.io/os=linux\n');
    expect(out).toContain('Desired Number of Nodes Scheduled: 4\nCurrent Number of Nodes Scheduled: 4\nNumber of Nodes Scheduled with Up-to-date Pods: 3\n');
    expect(out).toContain('Pods Status:  4 Running / 0 Waiting / 0 Succeeded / 0 Failed\n');
  });
});

describe('describe job and cronjob', () => {
  it('shows completions, timing and pod statuses of a job', () => {
    const job: KubeObject = {
      apiVersion: 'batch/v1', kind: 'Job',
      metadata: { name: 'report-29000000', namespace: 'default', ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'report', uid: 'c', controller: true }] },
      spec: { parallelism: 1, completions: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'j1' } }, template: template() },
      status: { startTime: '2026-01-01T11:00:00Z', completionTime: '2026-01-01T11:03:20Z', succeeded: 1, ready: 0 },
    };
    const out = describeObject(job, { nowMs: NOW, events: [] });
    expect(out).toContain(`Controlled By:    CronJob/report
Parallelism:      1
Completions:      1
Completion Mode:  NonIndexed
Suspend:          false
Backoff Limit:    6
Start Time:       Thu, 01 Jan 2026 11:00:00 +0000
Completed At:     Thu, 01 Jan 2026 11:03:20 +0000
Duration:         3m20s
Pods Statuses:    0 Active (0 Ready) / 1 Succeeded / 0 Failed
`);
  });

  it('shows a cronjob\'s schedule, history limits, last schedule and active jobs', () => {
    const cj: KubeObject = {
      apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'report', namespace: 'default' },
      spec: { schedule: '*/5 * * * *', concurrencyPolicy: 'Forbid', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1,
        jobTemplate: { spec: { template: template() } } },
      status: { lastScheduleTime: '2026-01-01T11:55:00Z', active: [{ name: 'report-29000000' }, { name: 'report-29000005' }] },
    };
    const out = describeObject(cj, { nowMs: NOW, events: [] });
    expect(out).toContain(`Schedule:                      */5 * * * *
Concurrency Policy:            Forbid
Suspend:                       False
Successful Job History Limit:  3
Failed Job History Limit:      1
Starting Deadline Seconds:     <unset>
Selector:                      <unset>
Parallelism:                   <unset>
Completions:                   <unset>
Pod Template:
`);
    expect(out).toContain('Last Schedule Time:  Thu, 01 Jan 2026 11:55:00 +0000\nActive Jobs:         report-29000000, report-29000005\n');
  });

  it('caps long completed-index lists after the first comma past 50 characters', () => {
    expect(capIndexes('')).toBe('<none>');
    expect(capIndexes('1-3,5')).toBe('1-3,5');
    const long = Array.from({ length: 40 }, (_, i) => String(i * 2)).join(',');
    expect(capIndexes(long)).toBe(`${long.slice(0, long.indexOf(',', 50) + 1)}...`);
  });
});
