import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import YAML from 'yaml';
import { KINDS } from '../../../source/api/kinds.js';
import { MAX_SCHEMA_ISSUES, checkSchema } from '../../../source/api/schema/index.js';

const CORPUS = '/work/shared/corpus';

function documents(text: string): Record<string, unknown>[] {
  return YAML.parseAllDocuments(text).map((doc) => doc.toJS() as Record<string, unknown> | null)
    .filter((obj): obj is Record<string, unknown> => obj !== null);
}

function deployment(containerExtra: Record<string, unknown> = {}, specExtra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      replicas: 3, selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27', ...containerExtra }] },
      },
      ...specExtra,
    },
  };
}

describe('checkSchema on real manifests', () => {
  const files = readdirSync(CORPUS).filter((file) => file.endsWith('.yaml'));

  it('finds the corpus', () => {
    expect(files.length).toBeGreaterThanOrEqual(7);
  });

  for (const file of files) {
    it(`${file}: no issues in any document`, () => {
      const docs = documents(readFileSync(`${CORPUS}/${file}`, 'utf8'));
      expect(docs.length).toBeGreaterThan(0);
      for (const obj of docs) {
        expect(KINDS.some((info) => info.kind === obj.kind), `kind ${String(obj.kind)}`).toBe(true);
        expect(checkSchema(obj, obj.kind as string)).toEqual([]);
      }
    });
  }

  it('accepts kubectl --dry-run=client -o yaml output (null creationTimestamp, empty status and resources)', () => {
    const obj = documents(`
apiVersion: apps/v1
kind: Deployment
metadata:
  creationTimestamp: null
  labels: {app: web}
  name: web
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  strategy: {}
  template:
    metadata:
      creationTimestamp: null
      labels: {app: web}
    spec:
      containers:
      - image: nginx
        name: nginx
        resources: {}
status: {}
`)[0]!;
    expect(checkSchema(obj, 'Deployment')).toEqual([]);
  });

  it('accepts a fully featured pod (security, lifecycle, claims, volumes of every kind, status)', () => {
    const pod = {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', creationTimestamp: '2024-05-01T10:00:00Z', generation: 1 },
      spec: {
        securityContext: { runAsNonRoot: true, fsGroup: 2000, seccompProfile: { type: 'RuntimeDefault' }, sysctls: [{ name: 'a', value: 'b' }] },
        containers: [{
          name: 'c', image: 'x', resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: 1, memory: '1Gi', 'nvidia.com/gpu': 1 }, claims: [{ name: 'gpu' }] },
          lifecycle: { preStop: { sleep: { seconds: 5 } }, postStart: { exec: { command: ['true'] } } },
          securityContext: { capabilities: { drop: ['ALL'] }, appArmorProfile: { type: 'RuntimeDefault' }, runAsUser: 1000 },
          startupProbe: { httpGet: { path: '/healthz', port: 'http', httpHeaders: [{ name: 'X', value: 'y' }] }, failureThreshold: 30 },
          livenessProbe: { tcpSocket: { port: 8080 } }, readinessProbe: { grpc: { port: 9555 } },
          env: [{ name: 'A', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1m' } } }],
          envFrom: [{ configMapRef: { name: 'cm' } }], volumeMounts: [{ name: 'v', mountPath: '/v', readOnly: true }],
        }],
        resourceClaims: [{ name: 'gpu', resourceClaimTemplateName: 'gpu-template' }],
        volumes: [
          { name: 'a', emptyDir: { sizeLimit: '1Gi' } }, { name: 'b', configMap: { name: 'cm', items: [{ key: 'k', path: 'p' }] } },
          { name: 'c', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600 } }] } },
          { name: 'd', awsElasticBlockStore: { volumeID: 'vol-1', fsType: 'ext4' } },
          { name: 'e', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } } },
        ],
        tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
        topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { a: 'b' } } }],
      },
      status: {
        phase: 'Running', podIPs: [{ ip: '10.0.0.1' }], startTime: '2024-05-01T10:00:01.123456Z',
        conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: '2024-05-01T10:00:05+02:00' }],
        containerStatuses: [{ name: 'c', ready: true, restartCount: 0, image: 'x', imageID: '', state: { running: { startedAt: '2024-05-01T10:00:02Z' } } }],
      },
    };
    expect(checkSchema(pod, 'Pod')).toEqual([]);
  });
});

describe('checkSchema findings', () => {
  it('reports a misspelled field deep in a pod template with its full path, once', () => {
    const issues = checkSchema(deployment({ imagePullPolcy: 'Always' }), 'Deployment');
    expect(issues).toEqual([{
      path: 'spec.template.spec.containers[0].imagePullPolcy', kind: 'unknown',
      message: 'unknown field "spec.template.spec.containers[0].imagePullPolcy"',
    }]);
  });

  it('reports a wrong type with the expected type and the value', () => {
    expect(checkSchema(deployment({}, { replicas: 'three' }), 'Deployment')).toEqual([
      { path: 'spec.replicas', kind: 'type', message: 'spec.replicas: expected integer, got string "three"' },
    ]);
  });

  it('reports an unknown field in a nested pod-spec object (securityContext) once, without descending into it', () => {
    const obj = deployment({ securityContext: { runAsNonRoot: true, seccomp: { type: 'RuntimeDefault', deep: { x: 1 } } } });
    expect(checkSchema(obj, 'Deployment').map((issue) => issue.path)).toEqual(['spec.template.spec.containers[0].securityContext.seccomp']);
  });

  it('reports unknown top-level fields and unknown metadata fields', () => {
    const obj = { ...deployment(), spce: {}, metadata: { name: 'web', label: { a: 'b' } } };
    expect(checkSchema(obj, 'Deployment').map((issue) => issue.message)).toEqual([
      'unknown field "metadata.label"', 'unknown field "spce"',
    ]);
  });

  it('rejects a number where upstream wants a string (env value, label value), with map keys in brackets', () => {
    const obj = deployment({ env: [{ name: 'PORT', value: 8080 }] });
    (obj.metadata as Record<string, unknown>).labels = { app: 'web', version: 2 };
    expect(checkSchema(obj, 'Deployment')).toEqual([
      { path: 'metadata.labels[version]', kind: 'type', message: 'metadata.labels[version]: expected string, got number 2' },
      { path: 'spec.template.spec.containers[0].env[0].value', kind: 'type', message: 'spec.template.spec.containers[0].env[0].value: expected string, got number 8080' },
    ]);
  });

  it('accepts quantities as strings or JSON numbers and rejects malformed ones', () => {
    const ok = deployment({ resources: { requests: { cpu: 0.5, memory: '128Mi' }, limits: { cpu: '1', memory: '1e9', 'example.com/foo': ' 2 ' } } });
    expect(checkSchema(ok, 'Deployment')).toEqual([]);
    const bad = deployment({ resources: { limits: { cpu: '1 core', memory: '1K' }, requests: { cpu: true } } });
    expect(checkSchema(bad, 'Deployment').map((issue) => issue.message)).toEqual([
      'spec.template.spec.containers[0].resources.limits[cpu]: expected quantity (string or number), got string "1 core"',
      'spec.template.spec.containers[0].resources.limits[memory]: expected quantity (string or number), got string "1K"',
      'spec.template.spec.containers[0].resources.requests[cpu]: expected quantity (string or number), got boolean true',
    ]);
  });

  it('accepts int-or-string as either, and rejects fractions and objects', () => {
    const ok = deployment({}, { strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } } });
    expect(checkSchema(ok, 'Deployment')).toEqual([]);
    const bad = deployment({}, { strategy: { rollingUpdate: { maxSurge: 1.5, maxUnavailable: { n: 1 } } } });
    expect(checkSchema(bad, 'Deployment').map((issue) => issue.message)).toEqual([
      'spec.strategy.rollingUpdate.maxSurge: expected integer or string, got number 1.5',
      'spec.strategy.rollingUpdate.maxUnavailable: expected integer or string, got object',
    ]);
  });

  it('checks integer range, booleans, times, arrays and objects', () => {
    const obj = deployment({ ports: { containerPort: 80 }, stdin: 'yes' }, { replicas: 3_000_000_000, paused: 1 });
    (obj.metadata as Record<string, unknown>).creationTimestamp = 'yesterday';
    (obj.metadata as Record<string, unknown>).generation = 2 ** 40; // int64: fine
    (obj.spec as Record<string, unknown>).selector = 'app=web';
    expect(checkSchema(obj, 'Deployment').map((issue) => issue.message)).toEqual([
      'metadata.creationTimestamp: expected RFC 3339 date-time string, got string "yesterday"',
      'spec.replicas: expected integer, got number 3000000000',
      'spec.selector: expected object, got string "app=web"',
      'spec.template.spec.containers[0].ports: expected array, got object',
      'spec.template.spec.containers[0].stdin: expected boolean, got string "yes"',
      'spec.paused: expected boolean, got number 1',
    ]);
  });

  it('knows fields of kinds without spec (ConfigMap data, StorageClass) and flags data of the wrong shape', () => {
    expect(checkSchema({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' }, immutable: true }, 'ConfigMap')).toEqual([]);
    expect(checkSchema({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { port: 80 } }, 'ConfigMap'))
      .toEqual([{ path: 'data[port]', kind: 'type', message: 'data[port]: expected string, got number 80' }]);
  });

  it('returns nothing for a kind without a schema', () => {
    expect(checkSchema({ kind: 'Widget', spec: { x: 1 } }, 'Widget')).toEqual([]);
  });

  it('does not treat Object.prototype names as known fields', () => {
    const obj = JSON.parse('{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","constructor":1,"__proto__":{"x":1}},"spec":{"containers":[{"name":"c","toString":"x"}]}}') as unknown;
    expect(checkSchema(obj, 'Pod').map((issue) => issue.path)).toEqual(['metadata.constructor', 'metadata.__proto__', 'spec.containers[0].toString']);
  });
});

describe('checkSchema on hostile input', () => {
  it('reports a non-object top level once instead of throwing', () => {
    for (const value of [null, undefined, 42, 'pod', [], [{ kind: 'Pod' }], true]) {
      const issues = checkSchema(value, 'Pod');
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatchObject({ path: '', kind: 'type' });
      expect(issues[0]!.message).toMatch(/^expected object, got /);
    }
  });

  it('survives 10k-deep nesting in every position', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 10_000; i++) deep = { spec: deep, a: [deep] };
    let deepArray: unknown = [];
    for (let i = 0; i < 10_000; i++) deepArray = [deepArray];
    const obj = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: deep, spec: { template: { spec: { containers: deepArray, volumes: [{ name: 'v', gitRepo: deep }] } } } };
    const issues = checkSchema(obj, 'Deployment');
    expect(issues.map((issue) => issue.path)).toEqual([
      'metadata.spec', 'metadata.a', 'spec.template.spec.containers[0]',
    ]);
  });

  it('stops after MAX_SCHEMA_ISSUES on huge arrays and huge objects', () => {
    const containers = Array.from({ length: 200_000 }, () => ({ name: 5 }));
    const issues = checkSchema({ kind: 'Pod', spec: { containers } }, 'Pod');
    expect(issues).toHaveLength(MAX_SCHEMA_ISSUES);
    expect(issues[MAX_SCHEMA_ISSUES - 1]!.path).toBe(`spec.containers[${MAX_SCHEMA_ISSUES - 1}].name`);
    const wide = Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`f${i}`, i]));
    expect(checkSchema(wide, 'Pod')).toHaveLength(MAX_SCHEMA_ISSUES);
  });

  it('cuts long string values in messages', () => {
    const issues = checkSchema({ spec: { replicas: 'x'.repeat(10_000) } }, 'Deployment');
    expect(issues[0]!.message.length).toBeLessThan(120);
  });

  it('never throws on arbitrary values, for any kind', () => {
    const kinds = KINDS.map((info) => info.kind);
    fc.assert(fc.property(fc.constantFrom(...kinds), fc.anything({ maxDepth: 6 }), (kind, value) => {
      const issues = checkSchema(value, kind);
      expect(issues.length).toBeLessThanOrEqual(MAX_SCHEMA_ISSUES);
    }), { numRuns: 500 });
  });

  it('never throws on a Proxy whose getters throw', () => {
    const hostile = new Proxy({}, { ownKeys: () => ['spec'], getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true }), get: () => { throw new Error('boom'); } });
    expect(() => checkSchema(hostile, 'Pod')).not.toThrow();
  });
});
