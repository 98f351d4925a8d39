/** StatefulSet controller in a running cluster: ordered creation, scale-down, rolling updates, Parallel, OnDelete, adoption. */
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../source/api/core.js';
import type { ControllerRevision, StatefulSet } from '../../source/api/workloads.js';
import { STATEFULSET_COMPONENT } from '../../source/controllers/statefulset/index.js';
import type { Simulation } from '../../source/cluster/simulation.js';
import { eventsFor } from '../kubelet/helpers.js';
import { createAll, testSimulation } from '../sim-helpers.js';

interface StsOptions {
  replicas?: number; policy?: 'OrderedReady' | 'Parallel'; annotations?: Record<string, string>; partition?: number;
  strategy?: 'RollingUpdate' | 'OnDelete'; start?: number; historyLimit?: number;
}

function sts(name: string, o: StsOptions = {}): StatefulSet {
  return {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name, namespace: 'default' },
    spec: {
      replicas: o.replicas ?? 3, serviceName: name, selector: { matchLabels: { app: name } },
      ...(o.policy ? { podManagementPolicy: o.policy } : {}),
      ...(o.start !== undefined ? { ordinals: { start: o.start } } : {}),
      ...(o.historyLimit !== undefined ? { revisionHistoryLimit: o.historyLimit } : {}),
      updateStrategy: o.strategy === 'OnDelete' ? { type: 'OnDelete' } : { type: 'RollingUpdate', rollingUpdate: { partition: o.partition ?? 0 } },
      template: {
        metadata: { labels: { app: name }, annotations: o.annotations },
        spec: { containers: [{ name: 'app', image: 'nginx:1.27' }], terminationGracePeriodSeconds: 5 },
      },
    },
  };
}

/** A test cluster; its controller manager runs the StatefulSet controller. */
function start(o: { workers?: number } = {}): Simulation {
  const sim = testSimulation({ workers: o.workers });
  expect(sim.engine.componentNames()).toContain(STATEFULSET_COMPONENT);
  return sim;
}

const pods = (sim: Simulation): Pod[] => sim.store.select<Pod>('Pod', { namespace: 'default' })
  .sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
const names = (sim: Simulation): string[] => pods(sim).map((p) => p.metadata.name!);
const ready = (p: Pod | undefined): boolean => !!p?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
const getSet = (sim: Simulation, name = 'db'): StatefulSet => sim.store.get<StatefulSet>('StatefulSet', 'default', name);
const getPod = (sim: Simulation, name: string): Pod | undefined => sim.store.tryGet<Pod>('Pod', 'default', name);
const revisions = (sim: Simulation): ControllerRevision[] => sim.store.select<ControllerRevision>('ControllerRevision', { namespace: 'default' })
  .sort((a, b) => a.revision - b.revision);
const revisionOf = (p: Pod | undefined): string | undefined => p?.metadata.labels?.['controller-revision-hash'];

/** First virtual time each pod name was created, got a deletionTimestamp, became Ready, and was removed. */
function timeline(sim: Simulation) {
  const t = { created: new Map<string, number>(), deleting: new Map<string, number>(), ready: new Map<string, number>(), gone: new Map<string, number>() };
  const first = (m: Map<string, number>, k: string) => { if (!m.has(k)) m.set(k, sim.now()); };
  sim.store.watch({ kind: 'Pod' }, (e) => {
    const p = e.object as Pod;
    const n = p.metadata.name!;
    if (e.type === 'ADDED') first(t.created, n);
    if (e.type === 'DELETED') first(t.gone, n);
    else {
      if (p.metadata.deletionTimestamp) first(t.deleting, n);
      if (ready(p)) first(t.ready, n);
    }
  }, { sendInitialEvents: false });
  return t;
}

function patchSet(sim: Simulation, patch: unknown, name = 'db'): void {
  sim.store.patch('StatefulSet', 'default', name, 'merge', patch);
  sim.engine.settle();
}

describe('StatefulSet controller: OrderedReady', () => {
  it('creates db-0, db-1, db-2 in order, each after the previous is Running and Ready (no Service needed)', () => {
    const sim = start();
    const t = timeline(sim);
    createAll(sim, [sts('db', { annotations: { 'sim.kubedrill.io/ready-after': '5s' } })]);
    sim.advance(2_000);
    expect(names(sim)).toEqual(['db-0']);
    expect(ready(getPod(sim, 'db-0'))).toBe(false);
    sim.advance(120_000);
    expect(names(sim)).toEqual(['db-0', 'db-1', 'db-2']);
    for (const [prev, next] of [['db-0', 'db-1'], ['db-1', 'db-2']] as const) {
      expect(t.ready.get(prev)).toBeDefined();
      expect(t.created.get(next)!).toBeGreaterThanOrEqual(t.ready.get(prev)!);
    }
    expect(eventsFor(sim.engine, 'db', 'StatefulSet')).toEqual([
      'SuccessfulCreate: create Pod db-0 in StatefulSet db successful',
      'SuccessfulCreate: create Pod db-1 in StatefulSet db successful',
      'SuccessfulCreate: create Pod db-2 in StatefulSet db successful',
    ]);
  });

  it('gives each pod its identity: labels, hostname, subdomain, controller reference and revision', () => {
    const sim = start();
    createAll(sim, [sts('db', { replicas: 2 })]);
    sim.advance(60_000);
    const set = getSet(sim);
    const [rev] = revisions(sim);
    const p = getPod(sim, 'db-1')!;
    expect(p.metadata.labels).toEqual({
      app: 'db', 'statefulset.kubernetes.io/pod-name': 'db-1', 'apps.kubernetes.io/pod-index': '1',
      'controller-revision-hash': rev!.metadata.name,
    });
    expect(p.metadata.generateName).toBe('db-');
    expect(p.spec.hostname).toBe('db-1');
    expect(p.spec.subdomain).toBe('db');
    expect(p.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: set.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(p.status?.phase).toBe('Running');
    // One ControllerRevision, `<set>-<hash>`, holding a patch that replaces the template.
    expect(rev!.metadata.name).toMatch(/^db-[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(rev!.metadata.name).toBe(`db-${rev!.metadata.labels!['controller.kubernetes.io/hash']}`);
    expect(rev!.revision).toBe(1);
    expect(rev!.metadata.labels!.app).toBe('db');
    expect(rev!.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'StatefulSet', name: 'db', controller: true });
    expect((rev!.data as { spec: { template: Record<string, unknown> } }).spec.template.$patch).toBe('replace');
    expect(set.status).toEqual({
      observedGeneration: 1, replicas: 2, readyReplicas: 2, currentReplicas: 2, updatedReplicas: 2, availableReplicas: 2,
      currentRevision: rev!.metadata.name, updateRevision: rev!.metadata.name, collisionCount: 0,
    });
  });

  it('halts at a pod that never becomes Ready', () => {
    const sim = start();
    const set = sts('db', { annotations: { 'sim.kubedrill.io/fail-readiness': 'true' } });
    set.spec.template.spec.containers[0]!.readinessProbe = { httpGet: { path: '/', port: 80 }, periodSeconds: 5 };
    createAll(sim, [set]);
    sim.advance(180_000);
    expect(names(sim)).toEqual(['db-0']);
    expect(getPod(sim, 'db-0')?.status?.phase).toBe('Running');
    expect(getSet(sim).status).toMatchObject({ replicas: 1, readyReplicas: 0, availableReplicas: 0 });
  });

  it('scales down from the highest ordinal, one pod at a time', () => {
    const sim = start();
    createAll(sim, [sts('db', { replicas: 4 })]);
    sim.advance(60_000);
    expect(names(sim)).toEqual(['db-0', 'db-1', 'db-2', 'db-3']);
    const t = timeline(sim);
    patchSet(sim, { spec: { replicas: 1 } });
    expect(getPod(sim, 'db-3')?.metadata.deletionTimestamp).toBeDefined();
    expect(getPod(sim, 'db-2')?.metadata.deletionTimestamp).toBeUndefined();
    sim.advance(60_000);
    expect(names(sim)).toEqual(['db-0']);
    expect(t.deleting.get('db-2')!).toBeGreaterThanOrEqual(t.gone.get('db-3')!);
    expect(t.deleting.get('db-1')!).toBeGreaterThanOrEqual(t.gone.get('db-2')!);
    expect(eventsFor(sim.engine, 'db', 'StatefulSet').filter((e) => e.startsWith('SuccessfulDelete'))).toEqual([
      'SuccessfulDelete: delete Pod db-3 in StatefulSet db successful',
      'SuccessfulDelete: delete Pod db-2 in StatefulSet db successful',
      'SuccessfulDelete: delete Pod db-1 in StatefulSet db successful',
    ]);
    expect(getSet(sim).status).toMatchObject({ replicas: 1, readyReplicas: 1, currentReplicas: 1 });
  });

  it('recreates a deleted pod under the same name only once the old one is gone', () => {
    const sim = start();
    createAll(sim, [sts('db', { replicas: 2 })]);
    sim.advance(60_000);
    const old = getPod(sim, 'db-1')!;
    const t = timeline(sim);
    sim.store.delete('Pod', 'default', 'db-1');
    sim.advance(500);
    expect(getPod(sim, 'db-1')?.metadata.uid).toBe(old.metadata.uid); // still terminating
    sim.advance(60_000);
    const fresh = getPod(sim, 'db-1')!;
    expect(fresh.metadata.uid).not.toBe(old.metadata.uid);
    expect(t.created.get('db-1')!).toBeGreaterThanOrEqual(t.gone.get('db-1')!);
    expect(ready(fresh)).toBe(true);
  });

  it('uses spec.ordinals.start for names and the pod-index label', () => {
    const sim = start();
    createAll(sim, [sts('db', { replicas: 2, start: 5 })]);
    sim.advance(60_000);
    expect(names(sim)).toEqual(['db-5', 'db-6']);
    expect(getPod(sim, 'db-6')!.metadata.labels!['apps.kubernetes.io/pod-index']).toBe('6');
  });
});

describe('StatefulSet controller: Parallel', () => {
  it('creates and deletes every pod at once, without waiting for readiness', () => {
    const sim = start();
    const t = timeline(sim);
    createAll(sim, [sts('db', { policy: 'Parallel', annotations: { 'sim.kubedrill.io/ready-after': '30s' } })]);
    expect(names(sim)).toEqual(['db-0', 'db-1', 'db-2']);
    expect(new Set([...t.created.values()]).size).toBe(1);
    sim.advance(90_000);
    expect(getSet(sim).status).toMatchObject({ replicas: 3, readyReplicas: 3 });
    patchSet(sim, { spec: { replicas: 0 } });
    for (const n of ['db-0', 'db-1', 'db-2']) expect(getPod(sim, n)?.metadata.deletionTimestamp).toBeDefined();
    sim.advance(30_000);
    expect(names(sim)).toEqual([]);
    expect(getSet(sim).status).toMatchObject({ replicas: 0, readyReplicas: 0 });
  });
});

describe('StatefulSet controller: updates', () => {
  it('rolls from the highest ordinal down, one at a time, and stops at the partition', () => {
    const sim = start();
    createAll(sim, [sts('db', { partition: 1 })]);
    sim.advance(60_000);
    const [v1] = revisions(sim);
    const db0 = getPod(sim, 'db-0')!.metadata.uid;
    const t = timeline(sim);
    let worst = 0;
    sim.store.watch({ kind: 'Pod' }, () => {
      const live = ['db-0', 'db-1', 'db-2'].filter((n) => ready(getPod(sim, n)) && !getPod(sim, n)!.metadata.deletionTimestamp).length;
      worst = Math.max(worst, 3 - live);
    }, { sendInitialEvents: false });
    patchSet(sim, { spec: { template: { metadata: { labels: { app: 'db', version: 'v2' } } } } });
    sim.advance(120_000);
    const [, v2] = revisions(sim);
    expect(revisions(sim).map((r) => r.revision)).toEqual([1, 2]);
    expect(revisionOf(getPod(sim, 'db-2'))).toBe(v2!.metadata.name);
    expect(revisionOf(getPod(sim, 'db-1'))).toBe(v2!.metadata.name);
    expect(getPod(sim, 'db-1')!.metadata.labels!.version).toBe('v2');
    expect(getPod(sim, 'db-0')!.metadata.uid).toBe(db0);
    expect(revisionOf(getPod(sim, 'db-0'))).toBe(v1!.metadata.name);
    expect(t.deleting.get('db-1')!).toBeGreaterThan(t.deleting.get('db-2')!);
    expect(t.deleting.get('db-1')!).toBeGreaterThanOrEqual(t.ready.get('db-2')!);
    expect(worst).toBe(1);
    expect(getSet(sim).status).toMatchObject({
      replicas: 3, readyReplicas: 3, currentReplicas: 1, updatedReplicas: 2,
      currentRevision: v1!.metadata.name, updateRevision: v2!.metadata.name, observedGeneration: 2,
    });
    // Lowering the partition lets the last pod update; the update revision then becomes current.
    patchSet(sim, { spec: { updateStrategy: { rollingUpdate: { partition: 0 } } } });
    sim.advance(60_000);
    expect(revisionOf(getPod(sim, 'db-0'))).toBe(v2!.metadata.name);
    expect(getSet(sim).status).toMatchObject({ currentReplicas: 3, updatedReplicas: 3, currentRevision: v2!.metadata.name, updateRevision: v2!.metadata.name });
  });

  it('OnDelete: a new template reaches only pods deleted by hand', () => {
    const sim = start();
    createAll(sim, [sts('db', { strategy: 'OnDelete' })]);
    sim.advance(60_000);
    const [v1] = revisions(sim);
    patchSet(sim, { spec: { template: { metadata: { labels: { app: 'db', version: 'v2' } } } } });
    sim.advance(60_000);
    const [, v2] = revisions(sim);
    expect(pods(sim).map(revisionOf)).toEqual([v1!.metadata.name, v1!.metadata.name, v1!.metadata.name]);
    sim.store.delete('Pod', 'default', 'db-1');
    sim.advance(60_000);
    expect(pods(sim).map(revisionOf)).toEqual([v1!.metadata.name, v2!.metadata.name, v1!.metadata.name]);
    expect(getSet(sim).status).toMatchObject({ currentReplicas: 2, updatedReplicas: 1, currentRevision: v1!.metadata.name, updateRevision: v2!.metadata.name });
  });

  it('a template changed back reuses its old revision under a new number', () => {
    const sim = start();
    createAll(sim, [sts('db', { replicas: 1 })]);
    sim.advance(30_000);
    patchSet(sim, { spec: { template: { metadata: { labels: { app: 'db', version: 'v2' } } } } });
    sim.advance(30_000);
    patchSet(sim, { spec: { template: { metadata: { labels: { app: 'db', version: null } } } } });
    sim.advance(30_000);
    const revs = revisions(sim);
    expect(revs).toHaveLength(2);
    expect(revs.map((r) => r.revision)).toEqual([2, 3]);
    expect(revs[1]!.metadata.labels!.version).toBeUndefined();
    expect(getSet(sim).status?.updateRevision).toBe(revs[1]!.metadata.name);
    expect(revisionOf(getPod(sim, 'db-0'))).toBe(revs[1]!.metadata.name);
  });

  it('keeps revisionHistoryLimit old revisions beyond the live ones', () => {
    const sim = start();
    createAll(sim, [sts('db', { replicas: 1, strategy: 'OnDelete', historyLimit: 1 })]);
    sim.advance(30_000);
    for (const v of ['v2', 'v3', 'v4']) {
      patchSet(sim, { spec: { template: { metadata: { labels: { app: 'db', version: v } } } } });
      sim.advance(5_000);
    }
    // v1 is worn by the pod (and current), v4 is the update revision, and one more (v3) is history.
    expect(revisions(sim).map((r) => [r.revision, r.metadata.labels!.version])).toEqual([[1, undefined], [3, 'v3'], [4, 'v4']]);
  });
});

describe('StatefulSet controller: ownership and bad input', () => {
  it('adopts a matching orphan with the right name, fixes its identity, and later replaces it with a revisioned pod', () => {
    const sim = start();
    createAll(sim, [
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'db-0', namespace: 'default', labels: { app: 'db' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray', namespace: 'default', labels: { app: 'db' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } },
    ]);
    sim.advance(30_000);
    const orphan = getPod(sim, 'db-0')!;
    createAll(sim, [sts('db', { replicas: 1 })]);
    const adopted = getPod(sim, 'db-0')!;
    expect(adopted.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'StatefulSet', name: 'db', controller: true });
    expect(getPod(sim, 'stray')!.metadata.ownerReferences).toBeUndefined();
    expect(eventsFor(sim.engine, 'db', 'StatefulSet')[0]).toBe('SuccessfulUpdate: update Pod db-0 in StatefulSet db successful');
    sim.advance(60_000);
    const now = getPod(sim, 'db-0')!;
    expect(now.metadata.uid).not.toBe(orphan.metadata.uid);
    expect(revisionOf(now)).toBe(getSet(sim).status?.updateRevision);
    expect(now.metadata.labels!['statefulset.kubernetes.io/pod-name']).toBe('db-0');
  });

  it('leaves pods controlled by someone else alone and survives its set being deleted mid-rollout', () => {
    const sim = start();
    createAll(sim, [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner', namespace: 'default' }, data: {} },
    ]);
    const owner = sim.store.get('ConfigMap', 'default', 'owner');
    createAll(sim, [{
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name: 'db-0', namespace: 'default', labels: { app: 'db' }, ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata.uid!, controller: true }] },
      spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
    }, sts('db', { replicas: 2 })]);
    sim.advance(10_000);
    // db-0 belongs to another controller: the set cannot create its own db-0 and retries with back-off.
    expect(getPod(sim, 'db-0')!.metadata.ownerReferences?.[0]?.kind).toBe('ConfigMap');
    expect(names(sim)).toEqual(['db-0']);
    sim.store.delete('StatefulSet', 'default', 'db');
    sim.advance(60_000);
    expect(names(sim)).toEqual(['db-0']);
  });
});
