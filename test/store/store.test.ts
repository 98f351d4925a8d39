import { describe, expect, it } from 'vitest';
import type { Pod } from '../../source/api/core.js';
import { ApiError } from '../../source/api/errors.js';
import type { KubeObject } from '../../source/api/meta.js';
import { parseLabelSelector } from '../../source/api/selectors.js';
import type { WatchEvent } from '../../source/store/watch.js';
import { configMap, pod, testEngine } from '../helpers.js';

function expectApiError(fn: () => unknown, reason: string, message?: string | RegExp): ApiError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    const e = err as ApiError;
    expect(e.reason).toBe(reason);
    if (typeof message === 'string') expect(e.message).toBe(message);
    else if (message) expect(e.message).toMatch(message);
    return e;
  }
  throw new Error(`expected ApiError ${reason}, nothing was thrown`);
}

describe('ApiStore CRUD', () => {
  it('assigns uid, creationTimestamp, generation and increasing resourceVersions', () => {
    const { store, clock } = testEngine();
    const a = store.create(configMap('a'));
    const b = store.create(pod('p'));
    expect(a.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.metadata.creationTimestamp).toBe(clock.timestamp());
    expect(Number(b.metadata.resourceVersion)).toBeGreaterThan(Number(a.metadata.resourceVersion));
    expect(b.metadata.generation).toBe(1);
    expect(store.get('Pod', 'default', 'p')).toBe(b);
  });

  it('answers AlreadyExists and NotFound with upstream messages', () => {
    const { store } = testEngine();
    store.create(configMap('a'));
    expectApiError(() => store.create(configMap('a')), 'AlreadyExists', 'configmaps "a" already exists');
    expectApiError(() => store.get('Deployment', 'default', 'web'), 'NotFound', 'deployments.apps "web" not found');
    expectApiError(() => store.create(configMap('x', {}, 'nope')), 'NotFound', 'namespaces "nope" not found');
  });

  it('generateName gets a random 5-character suffix', () => {
    const { store } = testEngine();
    const p = store.create({ ...pod(''), metadata: { generateName: 'web-', namespace: 'default' } as Pod['metadata'] });
    expect(p.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('rejects a stale resourceVersion with a Conflict', () => {
    const { store } = testEngine();
    const v1 = store.create(configMap('a', { k: '1' }));
    store.update({ ...v1, data: { k: '2' } });
    expectApiError(() => store.update({ ...v1, data: { k: '3' } }), 'Conflict',
      'Operation cannot be fulfilled on configmaps "a": the object has been modified; please apply your changes to the latest version and try again');
    expect((store.get('ConfigMap', 'default', 'a') as KubeObject).data).toEqual({ k: '2' });
  });

  it('bumps generation on spec changes only, and keeps spec and status writers apart', () => {
    const { store } = testEngine();
    const p = store.create(pod('p'));
    const s = store.updateStatus({ ...p, status: { phase: 'Running' } } as Pod);
    expect(s.metadata.generation).toBe(1);
    expect(s.status?.phase).toBe('Running');
    // A spec writer holding an old copy does not clobber the status, and status in its body is ignored.
    const u = store.update({ ...s, metadata: { ...s.metadata, labels: { a: 'b' } }, status: { phase: 'Failed' } } as Pod);
    expect(u.status?.phase).toBe('Running');
    expect(u.metadata.generation).toBe(1);
    const spec = store.update({ ...u, spec: { ...u.spec, activeDeadlineSeconds: 5 } });
    expect(spec.metadata.generation).toBe(2);
    // The status path ignores spec changes.
    const st = store.updateStatus({ ...spec, spec: { ...spec.spec, activeDeadlineSeconds: 9 }, status: { phase: 'Succeeded' } } as Pod);
    expect(st.spec.activeDeadlineSeconds).toBe(5);
  });

  it('does not write a no-op update', () => {
    const { store } = testEngine();
    const a = store.create(configMap('a', { k: '1' }));
    const same = store.update({ ...a, data: { k: '1' } });
    expect(same.metadata.resourceVersion).toBe(a.metadata.resourceVersion);
  });

  it('patches with merge, strategic and JSON patch', () => {
    const { store } = testEngine();
    store.create(pod('p'));
    const merged = store.patch<Pod>('Pod', 'default', 'p', 'merge', { metadata: { labels: { tier: 'web' } } });
    expect(merged.metadata.labels).toEqual({ tier: 'web' });
    const strategic = store.patch<Pod>('Pod', 'default', 'p', 'strategic', { spec: { containers: [{ name: 'app', image: 'nginx:1.28' }] } });
    expect(strategic.spec.containers).toHaveLength(1);
    expect(strategic.spec.containers[0]!.image).toBe('nginx:1.28');
    const json = store.patch<Pod>('Pod', 'default', 'p', 'json', [{ op: 'replace', path: '/metadata/labels/tier', value: 'db' }]);
    expect(json.metadata.labels).toEqual({ tier: 'db' });
    expectApiError(() => store.patch('Pod', 'default', 'p', 'merge', { metadata: { resourceVersion: '1' } }), 'Conflict');
  });

  it('lists with label and field selectors, sorted, with limit/continue', () => {
    const { store } = testEngine();
    for (let i = 0; i < 5; i++) store.create(pod(`p${i}`, { labels: { app: i % 2 ? 'web' : 'db' }, nodeName: `n${i % 2}` }));
    expect(store.list('Pod', { labelSelector: 'app=web' }).items.map((p) => p.metadata.name)).toEqual(['p1', 'p3']);
    expect(store.list('Pod', { fieldSelector: 'spec.nodeName=n0' }).items.map((p) => p.metadata.name)).toEqual(['p0', 'p2', 'p4']);
    expect(store.list('Pod', { labelSelector: 'app!=web', fieldSelector: 'metadata.name!=p0' }).items.map((p) => p.metadata.name)).toEqual(['p2', 'p4']);
    const page1 = store.list('Pod', { limit: 2 });
    expect(page1.items.map((p) => p.metadata.name)).toEqual(['p0', 'p1']);
    expect(page1.remainingItemCount).toBe(3);
    const page2 = store.list('Pod', { limit: 2, continue: page1.continue });
    expect(page2.items.map((p) => p.metadata.name)).toEqual(['p2', 'p3']);
    expectApiError(() => store.list('Pod', { fieldSelector: 'spec.bogus=1' }), 'BadRequest', 'field label not supported: spec.bogus');
    expectApiError(() => store.list('Pod', { continue: '!!!' }), 'BadRequest');
  });

  it('select uses indexes: by node, by owner, by label', () => {
    const { store } = testEngine();
    const owner = store.create(configMap('owner'));
    for (let i = 0; i < 100; i++) store.create(pod(`p${i}`, { labels: { app: `a${i % 10}` }, nodeName: `n${i % 4}`, owner: i < 3 ? owner : undefined }));
    const before = store.stats.scanned;
    expect(store.select('Pod', { nodeName: 'n1' })).toHaveLength(25);
    expect(store.stats.scanned - before).toBe(25);
    expect(store.select('Pod', { ownerUid: owner.metadata.uid })).toHaveLength(3);
    const s0 = store.stats.scanned;
    expect(store.select('Pod', { selector: parseLabelSelector('app=a3') })).toHaveLength(10);
    expect(store.stats.scanned - s0).toBe(10);
  });

  it('rejects objects of unknown kinds or versions with clear errors and keeps the store intact', () => {
    const { store } = testEngine();
    const before = store.resourceVersion;
    expectApiError(() => store.create({ apiVersion: 'v1', kind: 'Widget', metadata: { name: 'w' } }), 'BadRequest', /no kind "Widget"/);
    expectApiError(() => store.create({ apiVersion: 'apps/v2', kind: 'Deployment', metadata: { name: 'w' } }), 'BadRequest', /version "apps\/v2"/);
    expectApiError(() => store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }), 'Invalid', /metadata.name: Required value/);
    expect(store.resourceVersion).toBe(before);
  });
});

describe('watch', () => {
  it('delivers ADDED/MODIFIED/DELETED in order, queued until dispatch', () => {
    const { store } = testEngine();
    const seen: string[] = [];
    store.watch({ kind: 'ConfigMap' }, (e) => seen.push(`${e.type} ${e.object.metadata.name}`));
    const a = store.create(configMap('a'));
    expect(seen).toEqual([]); // never inline with the write
    store.update({ ...a, data: { x: '1' } });
    store.delete('ConfigMap', 'default', 'a');
    store.dispatch();
    expect(seen).toEqual(['ADDED a', 'MODIFIED a', 'DELETED a']);
  });

  it('filters by namespace and label selector, turning selector transitions into ADDED/DELETED', () => {
    const { store } = testEngine();
    const sel = parseLabelSelector('app=web');
    const seen: string[] = [];
    store.watch({ kind: 'Pod', namespace: 'default', matches: (o) => sel.matches(o.metadata.labels) }, (e) => seen.push(`${e.type} ${e.object.metadata.name}`));
    const p = store.create(pod('p', { labels: { app: 'db' } }));
    const q = store.update({ ...p, metadata: { ...p.metadata, labels: { app: 'web' } } });
    store.update({ ...q, metadata: { ...q.metadata, labels: { app: 'db' } } });
    store.create(pod('other', { namespace: 'kube-system', labels: { app: 'web' } }));
    store.dispatch();
    expect(seen).toEqual(['ADDED p', 'DELETED p']);
  });

  it('resumes from a resourceVersion and answers 410 Expired when it was compacted', () => {
    const { store } = testEngine({ historySize: 5 });
    const a = store.create(configMap('a'));
    const rv = a.metadata.resourceVersion!;
    for (let i = 0; i < 3; i++) store.create(configMap(`b${i}`));
    const seen: WatchEvent[] = [];
    store.watch({ kind: 'ConfigMap' }, (e) => seen.push(e), { resourceVersion: rv });
    store.dispatch();
    expect(seen.map((e) => e.object.metadata.name)).toEqual(['b0', 'b1', 'b2']);
    for (let i = 0; i < 10; i++) store.create(configMap(`c${i}`));
    expectApiError(() => store.watch({ kind: 'ConfigMap' }, () => {}, { resourceVersion: rv }), 'Expired', /^too old resource version: \d+ \(\d+\)$/);
  });

  it('starts with synthetic ADDED events for existing objects when no resourceVersion is given', () => {
    const { store } = testEngine();
    store.create(configMap('a'));
    store.create(configMap('b'));
    const seen: string[] = [];
    store.watch({ kind: 'ConfigMap' }, (e) => seen.push(`${e.type} ${e.object.metadata.name}`));
    store.dispatch();
    expect(seen).toEqual(['ADDED a', 'ADDED b']);
  });

  it('fans out to 20 subscribers, each seeing every event once', () => {
    const { store } = testEngine();
    const counts = new Array(20).fill(0);
    for (let i = 0; i < 20; i++) store.watch({ kind: 'ConfigMap' }, () => counts[i]++, { sendInitialEvents: false });
    for (let i = 0; i < 50; i++) store.create(configMap(`c${i}`));
    store.dispatch();
    expect(counts).toEqual(new Array(20).fill(50));
  });
});

describe('deletion', () => {
  it('deletes bound pods gracefully and unbound pods at once', () => {
    const engine = testEngine();
    const { store } = engine;
    store.create(pod('bound', { nodeName: 'n1' }));
    store.create(pod('unbound'));
    const t = store.delete<Pod>('Pod', 'default', 'bound');
    expect(t.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(Date.parse(t.metadata.deletionTimestamp!) - engine.now()).toBe(30_000);
    expect(store.tryGet('Pod', 'default', 'bound')).toBeDefined();
    store.delete('Pod', 'default', 'unbound');
    expect(store.tryGet('Pod', 'default', 'unbound')).toBeUndefined();
    // The kubelet finishes with grace 0.
    store.delete('Pod', 'default', 'bound', { gracePeriodSeconds: 0 });
    expect(store.tryGet('Pod', 'default', 'bound')).toBeUndefined();
  });

  it('keeps an object with finalizers until they are removed', () => {
    const { store } = testEngine();
    store.create({ ...configMap('f'), metadata: { name: 'f', namespace: 'default', finalizers: ['example.com/keep'] } });
    const t = store.delete('ConfigMap', 'default', 'f');
    expect(t.metadata.deletionTimestamp).toBeDefined();
    expectApiError(() => store.update({ ...t, metadata: { ...t.metadata, finalizers: ['example.com/keep', 'new'] } }), 'Invalid', /no new finalizers/);
    store.update({ ...t, metadata: { ...t.metadata, finalizers: [] } });
    expect(store.tryGet('ConfigMap', 'default', 'f')).toBeUndefined();
  });

  it('checks uid and resourceVersion preconditions', () => {
    const { store } = testEngine();
    const a = store.create(configMap('a'));
    expectApiError(() => store.delete('ConfigMap', 'default', 'a', { preconditions: { uid: 'other' } }), 'Conflict', /Precondition failed: UID in precondition: other/);
    expectApiError(() => store.delete('ConfigMap', 'default', 'a', { gracePeriodSeconds: -1 }), 'Invalid');
    store.delete('ConfigMap', 'default', 'a', { preconditions: { uid: a.metadata.uid } });
  });
});

describe('garbage collection', () => {
  function family() {
    const engine = testEngine();
    const owner = engine.store.create(configMap('owner'));
    for (let i = 0; i < 3; i++) engine.store.create(pod(`child${i}`, { owner }));
    return { engine, owner };
  }

  it('background: the owner goes at once, dependents after', () => {
    const { engine } = family();
    engine.store.delete('ConfigMap', 'default', 'owner');
    expect(engine.store.tryGet('ConfigMap', 'default', 'owner')).toBeUndefined();
    expect(engine.store.count('Pod', 'default')).toBe(3);
    engine.settle();
    expect(engine.store.count('Pod', 'default')).toBe(0);
  });

  it('foreground: dependents first, then the owner', () => {
    const { engine } = family();
    const o = engine.store.delete('ConfigMap', 'default', 'owner', { propagationPolicy: 'Foreground' });
    expect(o.metadata.finalizers).toEqual(['foregroundDeletion']);
    engine.settle();
    expect(engine.store.count('Pod', 'default')).toBe(0);
    expect(engine.store.tryGet('ConfigMap', 'default', 'owner')).toBeUndefined();
  });

  it('foreground waits for terminating dependents that block deletion', () => {
    const engine = testEngine();
    const owner = engine.store.create(configMap('owner'));
    engine.store.create({ ...pod('bound', { owner, nodeName: 'n1' }) });
    engine.store.delete('ConfigMap', 'default', 'owner', { propagationPolicy: 'Foreground' });
    engine.settle();
    expect(engine.store.get<Pod>('Pod', 'default', 'bound').metadata.deletionTimestamp).toBeDefined();
    expect(engine.store.tryGet('ConfigMap', 'default', 'owner')).toBeDefined();
    engine.store.delete('Pod', 'default', 'bound', { gracePeriodSeconds: 0 });
    engine.settle();
    expect(engine.store.tryGet('ConfigMap', 'default', 'owner')).toBeUndefined();
  });

  it('orphan: dependents stay and lose the owner reference', () => {
    const { engine } = family();
    engine.store.delete('ConfigMap', 'default', 'owner', { propagationPolicy: 'Orphan' });
    engine.settle();
    expect(engine.store.tryGet('ConfigMap', 'default', 'owner')).toBeUndefined();
    const pods = engine.store.select<Pod>('Pod', { namespace: 'default' });
    expect(pods).toHaveLength(3);
    expect(pods.every((p) => !p.metadata.ownerReferences)).toBe(true);
  });

  it('a dependent with another live owner only loses the dangling reference', () => {
    const engine = testEngine();
    const a = engine.store.create(configMap('a'));
    const b = engine.store.create(configMap('b'));
    const p = pod('shared', { owner: a });
    p.metadata.ownerReferences!.push({ apiVersion: 'v1', kind: 'ConfigMap', name: 'b', uid: b.metadata.uid! });
    engine.store.create(p);
    engine.store.delete('ConfigMap', 'default', 'a');
    engine.settle();
    const left = engine.store.get<Pod>('Pod', 'default', 'shared');
    expect(left.metadata.ownerReferences!.map((r) => r.name)).toEqual(['b']);
  });

  it('deleting a namespace deletes its contents, then the namespace', () => {
    const engine = testEngine();
    const { store } = engine;
    store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
    store.create(configMap('c', {}, 'shop'));
    store.create(pod('p', { namespace: 'shop', nodeName: 'n1' }));
    const ns = store.delete('Namespace', undefined, 'shop');
    expect((ns.status as { phase: string }).phase).toBe('Terminating');
    expectApiError(() => store.create(configMap('late', {}, 'shop')), 'Forbidden', 'unable to create new content in namespace shop because it is being terminated');
    engine.settle();
    expect(store.tryGet('ConfigMap', 'shop', 'c')).toBeUndefined();
    expect(store.tryGet('Namespace', undefined, 'shop')).toBeDefined(); // the pod is still terminating
    store.delete('Pod', 'shop', 'p', { gracePeriodSeconds: 0 });
    engine.settle();
    expect(store.tryGet('Namespace', undefined, 'shop')).toBeUndefined();
  });
});

describe('events', () => {
  it('records events like upstream and aggregates identical ones', () => {
    const engine = testEngine();
    const p = engine.store.create(pod('web-1'));
    const e1 = engine.events.record(p, 'Warning', 'BackOff', 'Back-off restarting failed container app', { component: 'kubelet', host: 'n1' })!;
    engine.advance(30_000);
    const e2 = engine.events.record(p, 'Warning', 'BackOff', 'Back-off restarting failed container app', { component: 'kubelet', host: 'n1' })!;
    expect(e2.metadata.name).toBe(e1.metadata.name);
    expect(e2.count).toBe(2);
    expect(e2.firstTimestamp).toBe(e1.firstTimestamp);
    expect(Date.parse(e2.lastTimestamp!) - Date.parse(e1.firstTimestamp!)).toBe(30_000);
    expect(e1.metadata.name).toMatch(/^web-1\.[0-9a-f]+$/);
    expect(e1.involvedObject).toMatchObject({ kind: 'Pod', name: 'web-1', namespace: 'default', uid: p.metadata.uid });
    const other = engine.events.record(p, 'Normal', 'Pulled', 'x', { component: 'kubelet' })!;
    expect(other.metadata.name).not.toBe(e1.metadata.name);
    expect(engine.store.select('Event', { namespace: 'default' })).toHaveLength(2);
  });

  it('expires events an hour after their last occurrence', () => {
    const engine = testEngine();
    const p = engine.store.create(pod('p'));
    engine.events.record(p, 'Normal', 'Scheduled', 'one', { component: 'default-scheduler' });
    engine.advance(50 * 60_000);
    engine.events.record(p, 'Normal', 'Pulled', 'two', { component: 'kubelet' });
    engine.advance(15 * 60_000);
    expect(engine.store.select('Event').map((e) => e.reason)).toEqual(['Pulled']);
    engine.advance(60 * 60_000);
    expect(engine.store.count('Event')).toBe(0);
  });

  it('events about cluster-scoped objects go to the default namespace', () => {
    const engine = testEngine();
    const node = engine.store.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: {} });
    const e = engine.events.record(node, 'Normal', 'NodeReady', 'Node n1 status is now: NodeReady', { component: 'kubelet', host: 'n1' })!;
    expect(e.metadata.namespace).toBe('default');
  });
});
