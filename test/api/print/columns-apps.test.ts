import { describe, expect, it } from 'vitest';
import { tableFor } from '../../../source/api/print/columns.js';
import { D, H, M, NOW, S, ago, obj } from './helpers.js';

const names = (kind: string, wide = false) => tableFor(kind, [], { nowMs: NOW, wide }).columns.map((c) => c.name);
const cells = (kind: string, o: ReturnType<typeof obj>, wide = false) => tableFor(kind, [o], { nowMs: NOW, wide }).rows[0]!.cells;

const template = {
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'web', image: 'nginx:1.27' }, { name: 'metrics', image: 'prom/statsd-exporter:v0.26.0' }] },
};

describe('deployments', () => {
  const deploy = (spec: Record<string, unknown>, status?: unknown) =>
    obj('apps/v1', 'Deployment', 'web', { spec: { template, ...spec }, status }, { creationTimestamp: ago(30 * D) });

  it('columns', () => {
    expect(names('deploy')).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
    expect(names('deployments', true).slice(5)).toEqual(['CONTAINERS', 'IMAGES', 'SELECTOR']);
  });

  it('cells: READY is ready/spec.replicas', () => {
    const d = deploy(
      { replicas: 3, selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['frontend', 'edge'] }] } },
      { replicas: 4, updatedReplicas: 1, readyReplicas: 2, availableReplicas: 2 },
    );
    expect(cells('Deployment', d, true)).toEqual([
      'web', '2/3', '1', '2', '30d', 'web,metrics', 'nginx:1.27,prom/statsd-exporter:v0.26.0', 'app=web,tier in (edge,frontend)',
    ]);
  });

  it('a fresh deployment without status, an empty and an invalid selector', () => {
    expect(cells('Deployment', deploy({ replicas: 2, selector: {} }), true)).toEqual(['web', '0/2', '0', '0', '30d', 'web,metrics', 'nginx:1.27,prom/statsd-exporter:v0.26.0', '']);
    expect(cells('Deployment', deploy({ selector: { matchExpressions: [{ key: 'x', operator: 'In', values: [] }] } }), true)[7]).toBe('<invalid>');
    // spec.replicas defaults to 1 on the API server.
    expect(cells('Deployment', deploy({}))[1]).toBe('0/1');
  });
});

describe('replicasets, statefulsets, daemonsets', () => {
  it('replicasets', () => {
    expect(names('rs', true)).toEqual(['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
    const rs = obj('apps/v1', 'ReplicaSet', 'web-7d9f8c6b5', {
      spec: { replicas: 3, selector: { matchLabels: { app: 'web', 'pod-template-hash': '7d9f8c6b5' } }, template },
      status: { replicas: 3, readyReplicas: 3, availableReplicas: 3 },
    });
    expect(cells('ReplicaSet', rs, true)).toEqual(['web-7d9f8c6b5', '3', '3', '3', '5m', 'web,metrics', 'nginx:1.27,prom/statsd-exporter:v0.26.0', 'app=web,pod-template-hash=7d9f8c6b5']);
    const scaledDown = obj('apps/v1', 'ReplicaSet', 'web-6b8d5f7c9', { spec: { replicas: 0, selector: {}, template }, status: { replicas: 0 } });
    expect(cells('ReplicaSet', scaledDown, true)).toEqual(['web-6b8d5f7c9', '0', '0', '0', '5m', 'web,metrics', 'nginx:1.27,prom/statsd-exporter:v0.26.0', '<none>']);
  });

  it('statefulsets', () => {
    expect(names('sts', true)).toEqual(['NAME', 'READY', 'AGE', 'CONTAINERS', 'IMAGES']);
    const sts = obj('apps/v1', 'StatefulSet', 'db', {
      spec: { replicas: 3, serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: { spec: { containers: [{ name: 'postgres', image: 'postgres:16' }] } } },
      status: { replicas: 2, readyReplicas: 1 },
    });
    expect(cells('StatefulSet', sts, true)).toEqual(['db', '1/3', '5m', 'postgres', 'postgres:16']);
  });

  it('daemonsets', () => {
    expect(names('ds')).toEqual(['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE']);
    expect(names('ds', true).slice(8)).toEqual(['CONTAINERS', 'IMAGES', 'SELECTOR']);
    const ds = obj('apps/v1', 'DaemonSet', 'kube-proxy', {
      spec: {
        selector: { matchLabels: { 'k8s-app': 'kube-proxy' } },
        template: { spec: { nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [{ name: 'kube-proxy', image: 'registry.k8s.io/kube-proxy:v1.31.2' }] } },
      },
      status: { desiredNumberScheduled: 5, currentNumberScheduled: 5, numberReady: 4, updatedNumberScheduled: 5, numberAvailable: 4, numberMisscheduled: 0 },
    }, { namespace: 'kube-system' });
    expect(cells('DaemonSet', ds, true)).toEqual([
      'kube-proxy', '5', '5', '4', '5', '4', 'kubernetes.io/os=linux', '5m', 'kube-proxy', 'registry.k8s.io/kube-proxy:v1.31.2', 'k8s-app=kube-proxy',
    ]);
    const bare = obj('apps/v1', 'DaemonSet', 'x', { spec: { template: {} } });
    expect(cells('DaemonSet', bare, true)).toEqual(['x', '0', '0', '0', '0', '0', '<none>', '5m', '', '', '<none>']);
  });

  it('controllerrevisions name their controller as kind.group/name', () => {
    expect(names('controllerrevisions')).toEqual(['NAME', 'CONTROLLER', 'REVISION', 'AGE']);
    const cr = obj('apps/v1', 'ControllerRevision', 'db-5d8f9c7b6', { revision: 2 }, {
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: 'u', controller: true }],
    });
    expect(cells('ControllerRevision', cr)).toEqual(['db-5d8f9c7b6', 'statefulset.apps/db', '2', '5m']);
    const core = obj('apps/v1', 'ControllerRevision', 'r', { revision: 1 }, { ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'p', uid: 'u', controller: true }] });
    expect(cells('ControllerRevision', core)[1]).toBe('pod/p');
    expect(cells('ControllerRevision', obj('apps/v1', 'ControllerRevision', 'orphan', {}))).toEqual(['orphan', '<none>', '0', '5m']);
  });
});

describe('jobs', () => {
  const job = (spec: Record<string, unknown>, status: Record<string, unknown>, meta: Record<string, unknown> = {}) =>
    obj('batch/v1', 'Job', 'report', {
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'report', image: 'busybox:1.36' }] } }, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'abc' } }, ...spec },
      status,
    }, meta);

  it('columns', () => {
    expect(names('jobs')).toEqual(['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE']);
    expect(names('jobs', true).slice(5)).toEqual(['CONTAINERS', 'IMAGES', 'SELECTOR']);
  });

  it('a completed job: Complete, succeeded/completions, completion − start', () => {
    const done = job({ completions: 3, parallelism: 1 }, {
      startTime: ago(4 * M), completionTime: ago(M + 10 * S), succeeded: 3,
      conditions: [{ type: 'SuccessCriteriaMet', status: 'True' }, { type: 'Complete', status: 'True' }],
    });
    expect(cells('Job', done, true)).toEqual(['report', 'Complete', '3/3', '2m50s', '5m', 'report', 'busybox:1.36', 'batch.kubernetes.io/controller-uid=abc']);
  });

  it('a running job: DURATION counts up to now; COMPLETIONS without spec.completions', () => {
    expect(cells('Job', job({ parallelism: 1 }, { startTime: ago(95 * S), active: 1 })).slice(1, 4)).toEqual(['Running', '0/1', '95s']);
    expect(cells('Job', job({ parallelism: 4 }, { startTime: ago(95 * S), active: 4, succeeded: 1 }))[2]).toBe('1/1 of 4');
    expect(cells('Job', job({}, {})).slice(1, 4)).toEqual(['Running', '0/1', '']);
  });

  it('STATUS precedence: Complete, Failed, Terminating, Suspended, FailureTarget, Running', () => {
    const status = (conditions: unknown[], meta: Record<string, unknown> = {}) => cells('Job', job({}, { conditions }, meta))[1];
    expect(status([{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }])).toBe('Failed');
    expect(status([{ type: 'FailureTarget', status: 'True' }, { type: 'Failed', status: 'True' }])).toBe('Failed');
    expect(status([{ type: 'Suspended', status: 'True' }], { deletionTimestamp: ago(S) })).toBe('Terminating');
    expect(status([{ type: 'Suspended', status: 'True' }])).toBe('Suspended');
    expect(status([{ type: 'Suspended', status: 'False' }])).toBe('Running');
    expect(status([{ type: 'FailureTarget', status: 'True' }])).toBe('FailureTarget');
  });
});

describe('cronjobs', () => {
  const cj = (spec: Record<string, unknown>, status?: unknown) => obj('batch/v1', 'CronJob', 'nightly', {
    spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'backup', image: 'restic/restic:0.17' }] } } } }, ...spec },
    status,
  }, { creationTimestamp: ago(10 * D) });

  it('columns', () => {
    expect(names('cj')).toEqual(['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE']);
    expect(names('cronjobs', true).slice(7)).toEqual(['CONTAINERS', 'IMAGES', 'SELECTOR']);
  });

  it('cells', () => {
    expect(cells('CronJob', cj({ suspend: false }, { lastScheduleTime: ago(9 * H), active: [{ name: 'nightly-29000000' }] }), true))
      .toEqual(['nightly', '0 3 * * *', '<none>', 'False', '1', '9h', '10d', 'backup', 'restic/restic:0.17', '<none>']);
    expect(cells('CronJob', cj({ suspend: true, timeZone: 'Europe/Madrid' }))).toEqual(['nightly', '0 3 * * *', 'Europe/Madrid', 'True', '0', '<none>', '10d']);
    expect(cells('CronJob', cj({}))[3]).toBe('<unset>');
  });
});
