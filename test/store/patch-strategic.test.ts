import { describe, expect, it } from 'vitest';
import { ApiError } from '../../source/api/errors.js';
import { applyPatch, strategicMergePatch } from '../../source/store/patch.js';

type Json = Record<string, any>; // any: tests read deep into patched objects without declaring every shape

function errorOf(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected an ApiError, got success');
}

/** Deep-freeze so any mutation of the original throws (ES modules are strict). */
function frozen<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) frozen(v);
    Object.freeze(value);
  }
  return value;
}

const smp = (original: unknown, patch: unknown, kind = 'Pod'): Json => strategicMergePatch(frozen(original), patch, kind) as Json;
const names = (list: Array<{ name: string }>): string[] => list.map((c) => c.name);

/** The pod of the upstream docs task "Update API Objects in Place Using kubectl patch". */
function patchDemo(): Json {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'patch-demo', finalizers: ['a', 'b'] },
    spec: {
      containers: [{ name: 'patch-demo-ctr', image: 'nginx', ports: [{ containerPort: 80 }], env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }],
      tolerations: [{ effect: 'NoSchedule', key: 'dedicated', value: 'test-team' }],
    },
  };
}

describe('strategic merge: lists merged by patchMergeKey', () => {
  it('adds a container by name and puts it first, as the kubectl patch docs show', () => {
    const result = smp(patchDemo(), { spec: { containers: [{ name: 'patch-demo-ctr-2', image: 'redis' }] } });
    expect(result.spec.containers).toEqual([
      { name: 'patch-demo-ctr-2', image: 'redis' },
      patchDemo().spec.containers[0],
    ]);
  });

  it('merges into the container with the same name, keeping its other fields and position', () => {
    const original = patchDemo();
    original.spec.containers.push({ name: 'second', image: 'busybox' });
    const result = smp(original, { spec: { containers: [{ name: 'second', image: 'busybox:1.36' }] } });
    expect(names(result.spec.containers)).toEqual(['patch-demo-ctr', 'second']);
    expect(result.spec.containers[1]).toEqual({ name: 'second', image: 'busybox:1.36' });
    expect(result.spec.containers[0]).toEqual(original.spec.containers[0]);
  });

  it('replaces tolerations whole (no patch strategy), as the docs show', () => {
    const result = smp(patchDemo(), { spec: { tolerations: [{ effect: 'NoSchedule', key: 'disktype', value: 'ssd' }] } });
    expect(result.spec.tolerations).toEqual([{ effect: 'NoSchedule', key: 'disktype', value: 'ssd' }]);
  });

  it('merges env by name, ports by containerPort, volumeMounts by mountPath; replaces args and command', () => {
    const original = patchDemo();
    Object.assign(original.spec.containers[0], { args: ['-a'], command: ['run'], volumeMounts: [{ mountPath: '/data', name: 'd' }] });
    const result = smp(original, {
      spec: {
        containers: [{
          name: 'patch-demo-ctr',
          env: [{ name: 'B', value: 'two' }, { name: 'C', value: '3' }],
          ports: [{ containerPort: 80, name: 'http' }, { containerPort: 443 }],
          volumeMounts: [{ mountPath: '/data', readOnly: true }],
          args: ['-b'],
          command: ['serve'],
        }],
      },
    });
    const c = result.spec.containers[0];
    expect(c.env).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: 'two' }, { name: 'C', value: '3' }]);
    expect(c.ports).toEqual([{ containerPort: 80, name: 'http' }, { containerPort: 443 }]);
    expect(c.volumeMounts).toEqual([{ mountPath: '/data', name: 'd', readOnly: true }]);
    expect(c.args).toEqual(['-b']);
    expect(c.command).toEqual(['serve']);
  });

  it('finds pod specs inside Deployment and CronJob templates', () => {
    const container = { name: 'app', image: 'v1', env: [{ name: 'X', value: '1' }] };
    const deploy = { kind: 'Deployment', spec: { template: { spec: { containers: [container], initContainers: [{ name: 'init', image: 'i' }] } } } };
    const result = smp(deploy, { spec: { template: { spec: { containers: [{ name: 'app', image: 'v2' }], initContainers: [{ name: 'init', image: 'j' }] } } } }, 'Deployment');
    expect(result.spec.template.spec.containers).toEqual([{ ...container, image: 'v2' }]);
    expect(result.spec.template.spec.initContainers).toEqual([{ name: 'init', image: 'j' }]);

    const cron = { kind: 'CronJob', spec: { jobTemplate: { spec: { template: { spec: { containers: [container] } } } } } };
    const cronResult = smp(cron, { spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'app', env: [{ name: 'Y', value: '2' }] }] } } } } } }, 'CronJob');
    // A new env var goes before the server's ones, as upstream's mergeSortedSlice places it.
    expect(cronResult.spec.jobTemplate.spec.template.spec.containers[0].env).toEqual([{ name: 'Y', value: '2' }, { name: 'X', value: '1' }]);
  });

  it('merges volumes, imagePullSecrets and hostAliases by their keys', () => {
    const original = { spec: { volumes: [{ name: 'a', emptyDir: {} }], imagePullSecrets: [{ name: 'r1' }], hostAliases: [{ ip: '10.0.0.1', hostnames: ['a'] }] } };
    const result = smp(original, { spec: { volumes: [{ name: 'b', emptyDir: {} }], imagePullSecrets: [{ name: 'r2' }], hostAliases: [{ ip: '10.0.0.1', hostnames: ['b'] }] } });
    expect(names(result.spec.volumes)).toEqual(['b', 'a']);
    expect(names(result.spec.imagePullSecrets)).toEqual(['r2', 'r1']);
    expect(result.spec.hostAliases).toEqual([{ ip: '10.0.0.1', hostnames: ['b'] }]);
  });

  it('merges status conditions by type (Deployment)', () => {
    const original = {
      status: {
        replicas: 3,
        conditions: [
          { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
          { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
        ],
      },
    };
    const result = smp(original, { status: { conditions: [{ type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable' }] } }, 'Deployment');
    expect(result.status.conditions).toEqual([
      { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable' },
      { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
    ]);
    expect(result.status.replicas).toBe(3);
  });

  it('merges ownerReferences by uid, Service ports by port, Node addresses by type; replaces taints', () => {
    const owner = smp({ metadata: { ownerReferences: [{ uid: 'u1', name: 'a', controller: true }] } },
      { metadata: { ownerReferences: [{ uid: 'u1', blockOwnerDeletion: true }] } });
    expect(owner.metadata.ownerReferences).toEqual([{ uid: 'u1', name: 'a', controller: true, blockOwnerDeletion: true }]);

    const svc = smp({ spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443 }] } }, { spec: { ports: [{ port: 80, targetPort: 9090 }] } }, 'Service');
    expect(svc.spec.ports).toEqual([{ port: 80, targetPort: 9090 }, { port: 443 }]);

    const node = smp(
      { spec: { taints: [{ key: 'a', effect: 'NoSchedule' }] }, status: { addresses: [{ type: 'InternalIP', address: '10.0.0.1' }, { type: 'Hostname', address: 'n1' }] } },
      { spec: { taints: [{ key: 'b', effect: 'NoExecute' }] }, status: { addresses: [{ type: 'Hostname', address: 'n1.local' }] } }, 'Node');
    expect(node.spec.taints).toEqual([{ key: 'b', effect: 'NoExecute' }]);
    expect(node.status.addresses).toEqual([{ type: 'InternalIP', address: '10.0.0.1' }, { type: 'Hostname', address: 'n1.local' }]);
  });

  it('cordons a node the way kubectl does', () => {
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: { podCIDR: '10.244.0.0/24' } };
    expect(smp(node, { spec: { unschedulable: true } }, 'Node')).toEqual({ ...node, spec: { podCIDR: '10.244.0.0/24', unschedulable: true } });
  });

  it('leaves a merge list unchanged when the patch list is empty', () => {
    expect(smp(patchDemo(), { spec: { containers: [] } }).spec.containers).toEqual(patchDemo().spec.containers);
  });
});

describe('strategic merge: lists of primitives with a merge strategy (finalizers)', () => {
  it('merges as an ordered set: new values first, known values keep the server order', () => {
    expect(smp(patchDemo(), { metadata: { finalizers: ['c'] } }).metadata.finalizers).toEqual(['c', 'a', 'b']);
    expect(smp(patchDemo(), { metadata: { finalizers: ['b', 'c'] } }).metadata.finalizers).toEqual(['a', 'b', 'c']);
    expect(smp(patchDemo(), { metadata: { finalizers: ['a', 'a', 'b'] } }).metadata.finalizers).toEqual(['a', 'b']);
  });

  it('removes values named in $deleteFromPrimitiveList', () => {
    expect(smp(patchDemo(), { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } }).metadata.finalizers).toEqual(['b']);
    expect(smp(patchDemo(), { metadata: { finalizers: ['c'], '$deleteFromPrimitiveList/finalizers': ['a', 'zzz'] } }).metadata.finalizers).toEqual(['c', 'b']);
  });

  it('rejects a malformed $deleteFromPrimitiveList', () => {
    expect(errorOf(() => smp(patchDemo(), { metadata: { '$deleteFromPrimitiveList/finalizers': 'a' } }))).toMatchObject({
      reason: 'BadRequest', message: 'invalid patch format of primitive list',
    });
    expect(errorOf(() => smp(patchDemo(), { metadata: { '$deleteFromPrimitiveListX': ['a'] } })).message).toBe('invalid patch format of primitive list');
  });
});

describe('strategic merge: directives', () => {
  it('$patch: delete removes the list element with that key', () => {
    const original = patchDemo();
    original.spec.containers.push({ name: 'second', image: 'busybox' });
    const result = smp(original, { spec: { containers: [{ name: 'patch-demo-ctr', $patch: 'delete' }] } });
    expect(names(result.spec.containers)).toEqual(['second']);
  });

  it('$patch: replace replaces the whole list', () => {
    const result = smp(patchDemo(), { spec: { containers: [{ name: 'only', image: 'x' }, { $patch: 'replace' }] } });
    expect(result.spec.containers).toEqual([{ name: 'only', image: 'x' }]);
  });

  it('$patch: replace and delete on a map', () => {
    const original = { metadata: { labels: { a: '1', b: '2' } }, spec: { securityContext: { runAsUser: 1 } } };
    const result = smp(original, { metadata: { labels: { $patch: 'replace', c: '3' } }, spec: { securityContext: { $patch: 'delete' } } });
    expect(result.metadata.labels).toEqual({ c: '3' });
    expect(result.spec.securityContext).toEqual({});
  });

  it('$patch: merge is refused as upstream refuses it', () => {
    expect(errorOf(() => smp(patchDemo(), { spec: { containers: [{ name: 'x', $patch: 'merge' }] } }))).toMatchObject({
      reason: 'BadRequest', message: 'merging lists cannot yet be specified in the patch',
    });
    expect(errorOf(() => smp(patchDemo(), { spec: { $patch: 'merge' } })).message).toBe('unknown patch type: "merge" in map: {"$patch":"merge"}');
    expect(errorOf(() => smp(patchDemo(), { spec: { containers: [{ name: 'x', $patch: 'explode' }] } })).message)
      .toBe('unknown patch type: "explode" in map: {"name":"x","$patch":"explode"}');
  });

  it('$retainKeys clears fields not listed (switching a Deployment to Recreate)', () => {
    const original = { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } } };
    const result = smp(original, { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } }, 'Deployment');
    expect(result.spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('$retainKeys must list every field the patch sets (422)', () => {
    const original = { spec: { strategy: { type: 'RollingUpdate' } } };
    const err = errorOf(() => smp(original, { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: {} } } }, 'Deployment'));
    expect(err).toMatchObject({ reason: 'Invalid', code: 422 });
    expect(err.details?.causes?.[0]?.message).toBe("patch content doesn't match retainKeys list");
    expect(errorOf(() => smp(original, { spec: { strategy: { $retainKeys: 'type' } } }, 'Deployment')).message).toBe('invalid patch format of retainKeys');
  });

  it('$setElementOrder orders the merged list', () => {
    const original = { spec: { containers: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] } };
    const reordered = smp(original, { spec: { '$setElementOrder/containers': [{ name: 'c' }, { name: 'a' }, { name: 'b' }] } });
    expect(names(reordered.spec.containers)).toEqual(['c', 'a', 'b']);

    // What `kubectl apply` sends when a container is added in the middle.
    const added = smp(original, {
      spec: { '$setElementOrder/containers': [{ name: 'a' }, { name: 'd' }, { name: 'b' }, { name: 'c' }], containers: [{ name: 'd', image: 'new' }] },
    });
    expect(added.spec.containers).toEqual([{ name: 'a' }, { name: 'd', image: 'new' }, { name: 'b' }, { name: 'c' }]);
  });

  it('$setElementOrder with deletions and primitive lists', () => {
    const original = { metadata: { finalizers: ['a', 'b'] }, spec: { containers: [{ name: 'a' }, { name: 'b' }] } };
    const result = smp(original, {
      metadata: { '$setElementOrder/finalizers': ['c', 'a'], finalizers: ['c'], '$deleteFromPrimitiveList/finalizers': ['b'] },
      spec: { '$setElementOrder/containers': [{ name: 'b' }], containers: [{ name: 'a', $patch: 'delete' }] },
    });
    expect(result.metadata.finalizers).toEqual(['c', 'a']);
    expect(names(result.spec.containers)).toEqual(['b']);
  });

  it('$setElementOrder must agree with the patch list', () => {
    const original = { spec: { containers: [{ name: 'a' }, { name: 'b' }] } };
    const err = errorOf(() => smp(original, { spec: { '$setElementOrder/containers': [{ name: 'a' }], containers: [{ name: 'z' }] } }));
    expect(err.reason).toBe('BadRequest');
    expect(err.message).toMatch(/^The order in patch list:\n.*\n doesn't match \$setElementOrder list:\n/);
    expect(errorOf(() => smp(original, { spec: { '$setElementOrder/containers': 'a' } })).message).toBe('invalid patch format of setElementOrder list');
  });
});

describe('strategic merge: nulls, new values, type changes', () => {
  it('null deletes a key; nulls inside new values are dropped', () => {
    const result = smp(patchDemo(), { metadata: { finalizers: null, labels: { a: 'x', b: null } }, spec: { nodeSelector: null } });
    expect(result.metadata).toEqual({ name: 'patch-demo', labels: { a: 'x' } });
    expect('nodeSelector' in result.spec).toBe(false);
  });

  it('a new list drops elements carrying $patch and directive keys inside new maps', () => {
    const result = smp({ spec: {} }, {
      spec: { containers: [{ name: 'a', image: 'x', env: [{ name: 'E', value: null }] }, { name: 'gone', $patch: 'delete' }] },
    });
    expect(result.spec.containers).toEqual([{ name: 'a', image: 'x', env: [{ name: 'E' }] }]);
  });

  it('a value of another type replaces the original', () => {
    expect(smp({ spec: { x: { a: 1 } } }, { spec: { x: 'flat' } }).spec.x).toBe('flat');
    expect(smp({ spec: { x: 'flat' } }, { spec: { x: { a: 1, b: null } } }).spec.x).toEqual({ a: 1 });
  });

  it('members set to undefined are absent, as on the wire', () => {
    const patch = { metadata: { labels: { a: 'x', b: undefined } }, spec: undefined };
    expect(smp(patchDemo(), patch)).toEqual({ ...patchDemo(), metadata: { ...patchDemo().metadata, labels: { a: 'x' } } });
    expect(errorOf(() => smp(patchDemo(), { metadata: { finalizers: [undefined] } })).reason).toBe('BadRequest');
  });

  it('a null patch changes nothing (Go decodes it as an empty map)', () => {
    expect(smp(patchDemo(), null)).toEqual(patchDemo());
  });
});

describe('strategic merge: errors', () => {
  it('requires the merge key on every patch element', () => {
    expect(errorOf(() => smp(patchDemo(), { spec: { containers: [{ image: 'nginx' }] } }))).toMatchObject({
      reason: 'BadRequest', message: 'map: {"image":"nginx"} does not contain declared merge key: name',
    });
  });

  it('refuses lists of lists (422) and mixed element types (400)', () => {
    expect(errorOf(() => smp({ metadata: { finalizers: [['a']] } }, { metadata: { finalizers: [['b']] } })).code).toBe(422);
    expect(errorOf(() => smp({ metadata: { finalizers: ['a'] } }, { metadata: { finalizers: [1] } })).message).toMatch(/^list element types are not identical: /);
    expect(errorOf(() => smp(patchDemo(), { spec: { containers: ['x'] } })).message).toBe('list element types are not identical: [[{"name":"patch-demo-ctr","image":"nginx","ports":[{"containerPort":80}],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]}],["x"]]');
  });

  it('refuses a patch that is not an object, with Go\'s decode message', () => {
    expect(errorOf(() => smp(patchDemo(), [1]))).toMatchObject({ reason: 'BadRequest', message: 'json: cannot unmarshal array into Go value of type map[string]interface {}' });
    expect(errorOf(() => smp(patchDemo(), 'x')).message).toBe('json: cannot unmarshal string into Go value of type map[string]interface {}');
  });

  it('answers 415 for kinds the simulator does not know (custom resources take no strategic patch upstream)', () => {
    expect(errorOf(() => smp({}, {}, 'Widget'))).toMatchObject({ reason: 'UnsupportedMediaType', code: 415 });
  });
});

describe('applyPatch: strategic and apply', () => {
  it('routes strategic patches through the kind', () => {
    const result = applyPatch(frozen(patchDemo()), 'Pod', 'strategic', '{"spec":{"containers":[{"name":"patch-demo-ctr","image":"nginx:2"}]}}') as Json;
    expect(result.spec.containers[0].image).toBe('nginx:2');
  });

  it('treats apply as a strategic merge of the applied configuration, from YAML', () => {
    const applied = [
      'apiVersion: v1', 'kind: Pod', 'metadata:', '  name: patch-demo', '  labels:', '    app: demo', 'spec:', '  containers:',
      '  - name: patch-demo-ctr', '    image: nginx:2',
    ].join('\n');
    const result = applyPatch(frozen(patchDemo()), 'Pod', 'apply', applied) as Json;
    expect(result.metadata.labels).toEqual({ app: 'demo' });
    expect(result.spec.containers[0]).toMatchObject({ name: 'patch-demo-ctr', image: 'nginx:2', ports: [{ containerPort: 80 }] });
    expect(errorOf(() => applyPatch(patchDemo(), 'Pod', 'apply', 'a: [')).message).toMatch(/^error decoding YAML: /);
    expect(errorOf(() => applyPatch(patchDemo(), 'Pod', 'apply', '- 1')).reason).toBe('BadRequest');
  });

  it('returns an object that shares nothing with the original or the patch', () => {
    const original = frozen(patchDemo());
    const patch = { spec: { containers: [{ name: 'new', image: 'x', env: [{ name: 'E', value: '1' }] }] } };
    const result = applyPatch(original, 'Pod', 'strategic', patch) as Json;
    result.spec.containers[0].env[0].value = 'changed';
    result.spec.containers[1].ports[0].containerPort = 1;
    result.metadata.finalizers.push('z');
    expect(patch.spec.containers[0]!.env[0]!.value).toBe('1');
    expect(original).toEqual(patchDemo());
  });
});
