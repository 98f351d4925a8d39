/** ControllerRevision helpers (shared by StatefulSet and DaemonSet): encoding, hashes, names, collisions, claiming. */
import { describe, expect, it } from 'vitest';
import type { Pod, PodTemplateSpec } from '../../source/api/core.js';
import { labelSelectorFromObject } from '../../source/api/selectors.js';
import type { ControllerRevision, StatefulSet } from '../../source/api/workloads.js';
import {
  claimObjects, controllerRevisionName, createControllerRevision, equalRevision, fnv1, fnv1a, goJson, hashRevisionData,
  newControllerRevision, revisionPatch, safeEncodeString, templateHash, templateOfRevision,
} from '../../source/controllers/controller-revision.js';
import { testEngine } from '../helpers.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const template: PodTemplateSpec = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } };

describe('revision encoding and hashing', () => {
  it('FNV-1 and FNV-1a 32-bit match the reference vectors', () => {
    expect(fnv1(bytes(''))).toBe(0x811c9dc5);
    expect(fnv1(bytes('a'))).toBe(0x050c5d7e);
    expect(fnv1(bytes('foobar'))).toBe(0x31f0b262);
    expect(fnv1a(bytes('a'))).toBe(0xe40c292c);
    expect(fnv1a(bytes('foobar'))).toBe(0xbf9cf968);
  });

  it("maps digits into kube's safe alphabet, as rand.SafeEncodeString", () => {
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
    expect(hashRevisionData('{}')).toMatch(/^[456789bcdf]{1,10}$/);
  });

  it("writes JSON as Go's json.Marshal of a map: sorted keys, HTML characters escaped", () => {
    expect(goJson({ b: 1, a: { d: [2, { z: 1, y: '<&>' }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"y":"\\u003c\\u0026\\u003e","z":1}]},"b":1}');
  });

  it('stores a patch that replaces spec.template and restores the template from it', () => {
    const patch = revisionPatch(template);
    expect(patch.data.spec.template.$patch).toBe('replace');
    expect(patch.json.startsWith('{"spec":{"template":{"$patch":"replace","metadata":{"creationTimestamp":null,"labels":{"app":"web"}}')).toBe(true);
    const rev = { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'x' }, data: patch.data, revision: 1 } as ControllerRevision;
    expect(templateOfRevision(rev)).toEqual(template);
    expect(templateOfRevision({ ...rev, data: { junk: true } })).toBeUndefined();
  });

  it('hashes the collision count into the name, and truncates long prefixes to 223 characters', () => {
    const json = revisionPatch(template).json;
    expect(hashRevisionData(json, 0)).not.toBe(hashRevisionData(json, 1));
    expect(hashRevisionData(json, 0)).not.toBe(hashRevisionData(json));
    expect(controllerRevisionName('x'.repeat(300), 'abc')).toBe(`${'x'.repeat(223)}-abc`);
    expect(templateHash(template)).not.toBe(templateHash(template, 0));
    expect(templateHash(template)).toBe(templateHash({ ...template }));
    expect(templateHash(template)).not.toBe(templateHash({ ...template, metadata: { labels: { app: 'other' } } }));
  });
});

describe('creating revisions', () => {
  const owner = () => {
    const engine = testEngine();
    const set = engine.store.create<StatefulSet>({
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'web' } }, serviceName: 'web', template },
    });
    return { engine, set };
  };

  it('reuses an existing revision with the same data, and steps past a hash collision', () => {
    const { engine, set } = owner();
    const rev = newControllerRevision(set, { app: 'web' }, revisionPatch(template), 1, 0);
    const first = createControllerRevision(engine.store, set, rev, 0);
    expect(first.collisionCount).toBe(0);
    expect(first.revision.metadata.name).toBe(rev.metadata.name);
    expect(createControllerRevision(engine.store, set, rev, 0).revision.metadata.uid).toBe(first.revision.metadata.uid);
    // Another template whose name would be taken: the collision count goes up and the name changes.
    const other: PodTemplateSpec = { ...template, spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } };
    const clash = newControllerRevision(set, { app: 'web' }, revisionPatch(other), 2, 0);
    engine.store.delete('ControllerRevision', 'default', first.revision.metadata.name!);
    engine.store.create({ ...first.revision, metadata: { name: clash.metadata.name, namespace: 'default' } });
    const second = createControllerRevision(engine.store, set, clash, 0);
    expect(second.collisionCount).toBe(1);
    expect(second.revision.metadata.name).not.toBe(clash.metadata.name);
    expect(equalRevision(second.revision, clash)).toBe(true);
  });

  it('claims matching orphans, releases owned objects that stopped matching, ignores those of other owners', () => {
    const { engine, set } = owner();
    const store = engine.store;
    const mk = (name: string, labels: Record<string, string>, ownerRefs?: Pod['metadata']['ownerReferences']) => store.create<Pod>({
      apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels, ownerReferences: ownerRefs },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    });
    const ref = { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: set.metadata.uid!, controller: true, blockOwnerDeletion: true };
    mk('orphan', { app: 'web' });
    mk('mine-moved', { app: 'api' }, [ref]);
    mk('theirs', { app: 'web' }, [{ ...ref, name: 'other', uid: 'someone-else' }]);
    mk('unrelated', { app: 'api' });
    const claimed = claimObjects<Pod>(store, 'Pod', set, labelSelectorFromObject({ matchLabels: { app: 'web' } }));
    expect(claimed.map((p) => p.metadata.name)).toEqual(['orphan']);
    expect(store.get<Pod>('Pod', 'default', 'orphan').metadata.ownerReferences).toEqual([ref]);
    expect(store.get<Pod>('Pod', 'default', 'mine-moved').metadata.ownerReferences).toBeUndefined();
    expect(store.get<Pod>('Pod', 'default', 'theirs').metadata.ownerReferences?.[0]?.uid).toBe('someone-else');
  });
});
