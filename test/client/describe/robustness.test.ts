import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Event, Pod } from '../../../source/api/core.js';
import type { KubeObject } from '../../../source/api/meta.js';
import { DESCRIBED_KINDS, type DescribeContext, describeObject, describeStrict } from '../../../source/client/describe/index.js';
import type { SchedulingRecord } from '../../../source/scheduler/scheduler.js';
import { NOW } from '../../api/print/helpers.js';
import { event } from './helpers.js';

const container = {
  name: 'app', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP', hostPort: 8080 }], command: ['sh', '-c'], args: ['echo hi\nexit 0'],
  resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m', memory: '512Mi' } },
  livenessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 10 }, readinessProbe: { exec: { command: ['true'] } }, startupProbe: { tcpSocket: { port: 80 } },
  env: [{ name: 'A', value: 'x\ny' }, { name: 'B', valueFrom: { configMapKeyRef: { name: 'c', key: 'k', optional: true } } },
    { name: 'C', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } }, { name: 'D', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } }],
  envFrom: [{ configMapRef: { name: 'cfg' } }, { prefix: 'S_', secretRef: { name: 'sec', optional: true } }],
  volumeMounts: [{ name: 'data', mountPath: '/data', subPath: 'x' }],
};
const podSpec = {
  containers: [container], initContainers: [{ ...container, name: 'init' }], nodeName: 'n1', priority: 10, priorityClassName: 'high',
  volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'd' } }, { name: 'e', emptyDir: { sizeLimit: '1Gi' } }, { name: 'h', hostPath: { path: '/x' } },
    { name: 's', secret: { secretName: 's' } }, { name: 'c', configMap: { name: 'c' } }, { name: 'd', downwardAPI: { items: [{ path: 'l', fieldRef: { fieldPath: 'metadata.labels' } }] } },
    { name: 'i', csi: { driver: 'x', volumeAttributes: { a: 'b', c: 'd' } } }, { name: 'u', weird: {} }],
  tolerations: [{ operator: 'Exists' }], nodeSelector: { a: 'b' }, readinessGates: [{ conditionType: 'x' }],
  topologySpreadConstraints: [{ topologyKey: 'zone', maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { a: 'b' } } }],
};
const template = { metadata: { labels: { app: 'x' }, annotations: { a: 'b'.repeat(200) } }, spec: podSpec };
const meta = (name: string) => ({ name, namespace: 'default', uid: `u-${name}`, creationTimestamp: '2026-01-01T00:00:00Z', labels: { app: name }, annotations: { note: 'multi\nline' },
  ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'r', controller: true }] });

/** One realistic object per described kind (and one unknown kind), the seeds the fuzzer mutates. */
const BASES: KubeObject[] = [
  { apiVersion: 'v1', kind: 'Pod', metadata: { ...meta('p'), deletionTimestamp: '2026-01-01T00:01:00Z' }, spec: podSpec,
    status: { phase: 'Running', podIPs: [{ ip: '1.2.3.4' }], conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [{ name: 'app', ready: true, restartCount: 1, state: { terminated: { exitCode: 2, signal: 9, message: 'm' } }, lastState: { terminated: { exitCode: 1 } } }],
      initContainerStatuses: [{ name: 'init', state: { waiting: { reason: 'PodInitializing' } } }] } },
  { apiVersion: 'v1', kind: 'Node', metadata: meta('n'), spec: { taints: [{ key: 'k', effect: 'NoSchedule' }] },
    status: { capacity: { cpu: '4', memory: '8Gi', 'hugepages-2Mi': '0', 'example.com/x': '2' }, conditions: [{ type: 'Ready', status: 'True' }], addresses: [{ type: 'Hostname', address: 'n' }] } },
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('d'), spec: { replicas: 2, selector: { matchLabels: { app: 'x' } }, template, strategy: { type: 'RollingUpdate', rollingUpdate: {} } }, status: { conditions: [{ type: 'Available', status: 'True' }] } },
  { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: meta('rs'), spec: { replicas: 2, selector: { matchExpressions: [{ key: 'a', operator: 'In', values: ['b'] }] }, template }, status: { replicas: 2 } },
  { apiVersion: 'v1', kind: 'ReplicationController', metadata: meta('rc'), spec: { replicas: 1, selector: { app: 'x' }, template }, status: { replicas: 1 } },
  { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: meta('s'), spec: { selector: {}, template, updateStrategy: { rollingUpdate: { partition: 1, maxUnavailable: 2 } },
    volumeClaimTemplates: [{ metadata: { name: 'v' }, spec: { accessModes: ['ReadWriteOnce'] } }] }, status: { replicas: 1 } },
  { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: meta('ds'), spec: { selector: {}, template }, status: { numberReady: 1 } },
  { apiVersion: 'batch/v1', kind: 'Job', metadata: meta('j'), spec: { completionMode: 'Indexed', completions: 3, template, activeDeadlineSeconds: 60, ttlSecondsAfterFinished: 5 },
    status: { startTime: '2026-01-01T00:00:00Z', completionTime: '2026-01-01T00:00:09Z', completedIndexes: '0-2' } },
  { apiVersion: 'batch/v1', kind: 'CronJob', metadata: meta('cj'), spec: { schedule: '@hourly', jobTemplate: { spec: { template, selector: { matchLabels: { a: 'b' } } } } }, status: { active: [{ name: 'x' }] } },
  { apiVersion: 'v1', kind: 'Service', metadata: meta('svc'), spec: { type: 'LoadBalancer', ports: [{ port: 80 }], externalIPs: ['1.1.1.1'], loadBalancerSourceRanges: ['0.0.0.0/0'] },
    status: { loadBalancer: { ingress: [{ hostname: 'lb.example.com' }] } } },
  { apiVersion: 'v1', kind: 'Endpoints', metadata: meta('ep'), subsets: [{ addresses: [{ ip: '1.2.3.4' }], ports: [{ port: 80 }] }] },
  { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: meta('h'), spec: { scaleTargetRef: { kind: 'Deployment', name: 'd' }, maxReplicas: 3,
    metrics: [{ type: 'Pods', pods: { metric: { name: 'rps' }, target: { averageValue: '10' } } }, { type: 'External', external: { metric: { name: 'q' }, target: { value: '5' } } },
      { type: 'Object', object: { describedObject: { kind: 'Service', name: 's' }, metric: { name: 'hits' }, target: { type: 'AverageValue', averageValue: '1' } } },
      { type: 'ContainerResource', containerResource: { name: 'memory', container: 'app', target: { averageValue: '100Mi' } } }, { type: 'Bogus' }],
    behavior: { scaleUp: { policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }] } } } },
  { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta('pdb'), spec: { maxUnavailable: 1 } },
  { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: meta('pvc'), spec: { dataSource: { kind: 'VolumeSnapshot', name: 'snap', apiGroup: 'snapshot.storage.k8s.io' } },
    status: { conditions: [{ type: 'Resizing', status: 'True' }] } },
  { apiVersion: 'v1', kind: 'PersistentVolume', metadata: meta('pv'), spec: { hostPath: { path: '/mnt' }, nodeAffinity: { required: { nodeSelectorTerms: [{}] } } } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('cm'), data: { a: 'b' }, binaryData: { bin: 'AAEC' } },
  { apiVersion: 'v1', kind: 'Secret', metadata: meta('sec'), type: 'kubernetes.io/service-account-token', data: { token: 'dG9rZW4=', 'ca.crt': 'eA==' } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: meta('ns'), status: { phase: 'Terminating', conditions: [{ type: 'NamespaceDeletionContentFailure', status: 'False' }] } },
  { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('sa'), secrets: [{ name: 'a' }, { name: 'b' }], imagePullSecrets: [{ name: 'reg' }] },
  { apiVersion: 'example.com/v1', kind: 'Widget', metadata: meta('w'), spec: { sizeGB: 3, ratio: 0.5, tiny: 1e-7, list: [1, 'a', null, [2, 3], { nested: true }] } },
];

const quotas: KubeObject[] = [{ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { scopes: ['NotBestEffort'] }, status: { hard: { pods: '10' }, used: { pods: '2' } } }];
const limits: KubeObject[] = [{ apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'l' }, spec: { limits: [{ type: 'Container', max: { cpu: '2' }, default: { cpu: '1' } }] } }];

const ctx = (): DescribeContext => ({
  nowMs: NOW,
  events: [event('Pulled', 'ok', '2026-01-01T00:00:00Z'), { ...event('X', 'series', ''), series: { count: 3, lastObservedTime: '2026-01-01T00:00:00Z' }, eventTime: '2026-01-01T00:00:00Z' } as Event],
  related: { pods: [BASES[0] as Pod], replicaSets: [BASES[3]!], endpoints: BASES[10], nodePods: [BASES[0] as Pod], resourceQuotas: quotas, limitRanges: limits,
    lease: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'n' }, spec: { holderIdentity: 'n', acquireTime: 7 } } },
});

/** Every JSON path (as key lists) inside a value, so mutations can land anywhere in the object. */
function paths(v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (v !== null && typeof v === 'object') {
    for (const [k, child] of Object.entries(v)) {
      const p = [...prefix, Array.isArray(v) ? Number(k) : k];
      out.push(p);
      paths(child, p, out);
    }
  }
  return out;
}

function mutate(base: KubeObject, edits: [number, unknown][]): KubeObject {
  const copy = structuredClone(base) as Record<string, unknown>;
  const all = paths(copy);
  for (const [i, value] of edits) {
    const path = all[i % all.length]!;
    let target: Record<string | number, unknown> | undefined = copy;
    for (const key of path.slice(0, -1)) {
      const next: unknown = target?.[key];
      target = next !== null && typeof next === 'object' ? (next as Record<string | number, unknown>) : undefined;
    }
    if (target) target[path[path.length - 1]!] = value;
  }
  return copy as KubeObject;
}

const garbage = fc.oneof(
  fc.constant(null), fc.constant(undefined), fc.integer(), fc.double(), fc.string(), fc.boolean(), fc.constant(0).map(() => []), fc.constant(0).map(() => ({})), // fresh objects: a shared one mutated in place becomes cyclic
  fc.array(fc.oneof(fc.constant(null), fc.string(), fc.integer()), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 4 }), fc.string(), { maxKeys: 3 }),
);

describe('describe never throws', () => {
  it('has a realistic base object for every dedicated describer', () => {
    const kinds = new Set(BASES.map((b) => b.kind));
    for (const k of DESCRIBED_KINDS) expect(kinds.has(k), k).toBe(true);
    for (const base of BASES) {
      const out = describeStrict(base, ctx());
      expect(out.startsWith('Name:'), base.kind).toBe(true);
    }
  });

  it('describes mutated objects of every kind without throwing (no fallback needed)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: BASES.length - 1 }),
      fc.array(fc.tuple(fc.nat(), garbage), { minLength: 1, maxLength: 6 }),
      (b, edits) => {
        const out = describeStrict(mutate(BASES[b]!, edits), ctx());
        expect(typeof out).toBe('string');
      },
    ), { numRuns: 400, seed: 42 });
  });

  it('survives garbage at the top level, in the context and in a scheduling record', () => {
    fc.assert(fc.property(fc.anything(), fc.constantFrom(...DESCRIBED_KINDS, 'Widget'), (junk, kind) => {
      const obj = { kind, apiVersion: 'v1', metadata: junk, spec: junk, status: junk, data: junk, subsets: junk } as unknown as KubeObject;
      expect(typeof describeStrict(obj, { nowMs: NaN, events: junk as Event[], related: junk as DescribeContext['related'] })).toBe('string');
    }), { numRuns: 500, seed: 42 });
    const broken = { at: NaN, result: 'unschedulable', diagnosis: { filterPlugins: null } } as unknown as SchedulingRecord;
    expect(describeStrict(BASES[0]!, { ...ctx(), scheduling: broken })).not.toContain('Scheduling (kubedrill)');
    expect(describeObject(null as unknown as KubeObject, null as unknown as DescribeContext)).toContain('Name:');
  });
});
