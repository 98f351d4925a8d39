/**
 * StatefulSet claims: volumeClaimTemplates → PVCs before pods, kept across pod deletion and scale-down, owned per
 * persistentVolumeClaimRetentionPolicy; the corpus StatefulSets (cassandra, cockroachdb) reconcile. The cluster's
 * own PV controller binds (and provisions) the claims.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Event, PersistentVolumeClaim, Pod } from '../../source/api/core.js';
import { loadManifestPaths } from '../../source/api/manifest.js';
import type { StatefulSet } from '../../source/api/workloads.js';
import type { Simulation } from '../../source/cluster/simulation.js';
import { eventsFor } from '../kubelet/helpers.js';
import { createAll, testSimulation } from '../sim-helpers.js';

function start(workers = 3): Simulation {
  return testSimulation({ workers });
}

function db(o: { replicas?: number; retention?: StatefulSet['spec']['persistentVolumeClaimRetentionPolicy'] } = {}): StatefulSet {
  return {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'default' },
    spec: {
      replicas: o.replicas ?? 3, serviceName: 'db', selector: { matchLabels: { app: 'db' } },
      ...(o.retention ? { persistentVolumeClaimRetentionPolicy: o.retention } : {}),
      template: {
        metadata: { labels: { app: 'db' } },
        spec: { containers: [{ name: 'app', image: 'nginx:1.27', volumeMounts: [{ name: 'data', mountPath: '/data' }] }], terminationGracePeriodSeconds: 5 },
      },
      volumeClaimTemplates: [{ metadata: { name: 'data', labels: { tier: 'storage' } }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } } } }],
    },
  };
}

const claim = (sim: Simulation, name: string) => sim.store.tryGet<PersistentVolumeClaim>('PersistentVolumeClaim', 'default', name);
const claimNames = (sim: Simulation) => sim.store.select<PersistentVolumeClaim>('PersistentVolumeClaim', { namespace: 'default' }).map((c) => c.metadata.name).sort();
const getPod = (sim: Simulation, name: string) => sim.store.tryGet<Pod>('Pod', 'default', name);
const podNames = (sim: Simulation) => sim.store.select<Pod>('Pod', { namespace: 'default' }).map((p) => p.metadata.name).sort();
const running = (p: Pod | undefined) => p?.status?.phase === 'Running' && !!p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

describe('StatefulSet claims', () => {
  it('creates each claim before its pod, labelled from the template and selector, with no owner under Retain', () => {
    const sim = start();
    const order: string[] = [];
    for (const kind of ['Pod', 'PersistentVolumeClaim']) {
      sim.store.watch({ kind }, (e) => { if (e.type === 'ADDED') order.push(`${kind}/${e.object.metadata.name}`); }, { sendInitialEvents: false });
    }
    createAll(sim, [db()]);
    sim.advance(90_000);
    expect(order).toEqual([
      'PersistentVolumeClaim/data-db-0', 'Pod/db-0', 'PersistentVolumeClaim/data-db-1', 'Pod/db-1', 'PersistentVolumeClaim/data-db-2', 'Pod/db-2',
    ]);
    const c = claim(sim, 'data-db-1')!;
    expect(c.metadata.labels).toEqual({ tier: 'storage', app: 'db' });
    expect(c.metadata.ownerReferences).toBeUndefined();
    expect(c.spec.resources?.requests?.storage).toBe('2Gi');
    expect(getPod(sim, 'db-1')!.spec.volumes).toEqual([{ name: 'data', persistentVolumeClaim: { claimName: 'data-db-1' } }]);
    expect(running(getPod(sim, 'db-2'))).toBe(true);
    expect(eventsFor(sim.engine, 'db', 'StatefulSet').slice(0, 2)).toEqual([
      'SuccessfulCreate: create Claim data-db-0 Pod db-0 in StatefulSet db success',
      'SuccessfulCreate: create Pod db-0 in StatefulSet db successful',
    ]);
  });

  it("keeps db-1's claim when its pod is deleted, and the new db-1 mounts the same claim", () => {
    const sim = start();
    createAll(sim, [db()]);
    sim.advance(90_000);
    const before = claim(sim, 'data-db-1')!;
    const oldPod = getPod(sim, 'db-1')!;
    sim.store.delete('Pod', 'default', 'db-1');
    sim.advance(60_000);
    const fresh = getPod(sim, 'db-1')!;
    expect(fresh.metadata.uid).not.toBe(oldPod.metadata.uid);
    expect(running(fresh)).toBe(true);
    expect(claim(sim, 'data-db-1')!.metadata.uid).toBe(before.metadata.uid);
    expect(fresh.spec.volumes).toEqual([{ name: 'data', persistentVolumeClaim: { claimName: 'data-db-1' } }]);
    expect(eventsFor(sim.engine, 'db', 'StatefulSet').filter((e) => e.includes('Claim data-db-1'))).toHaveLength(1);
  });

  it('Retain: scaling down keeps the claims, and scaling up again reuses them', () => {
    const sim = start();
    createAll(sim, [db()]);
    sim.advance(90_000);
    const uid2 = claim(sim, 'data-db-2')!.metadata.uid;
    sim.store.patch('StatefulSet', 'default', 'db', 'merge', { spec: { replicas: 1 } });
    sim.advance(60_000);
    expect(podNames(sim)).toEqual(['db-0']);
    expect(claimNames(sim)).toEqual(['data-db-0', 'data-db-1', 'data-db-2']);
    sim.store.patch('StatefulSet', 'default', 'db', 'merge', { spec: { replicas: 3 } });
    sim.advance(90_000);
    expect(podNames(sim)).toEqual(['db-0', 'db-1', 'db-2']);
    expect(claim(sim, 'data-db-2')!.metadata.uid).toBe(uid2);
  });

  it('whenScaled/whenDeleted Delete: the set owns in-range claims, a scaled-down pod owns its claim, both are collected', () => {
    const sim = start();
    createAll(sim, [db({ retention: { whenDeleted: 'Delete', whenScaled: 'Delete' } })]);
    sim.advance(90_000);
    const set = sim.store.get<StatefulSet>('StatefulSet', 'default', 'db');
    expect(claim(sim, 'data-db-0')!.metadata.ownerReferences).toEqual([
      { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: set.metadata.uid, controller: true, blockOwnerDeletion: true },
    ]);
    const db2 = getPod(sim, 'db-2')!;
    sim.store.patch('StatefulSet', 'default', 'db', 'merge', { spec: { replicas: 2 } });
    sim.engine.settle();
    // Before db-2 goes, its claim is handed over to the pod, so the garbage collector takes it with the pod.
    expect(claim(sim, 'data-db-2')!.metadata.ownerReferences).toEqual([
      { apiVersion: 'v1', kind: 'Pod', name: 'db-2', uid: db2.metadata.uid, controller: true, blockOwnerDeletion: true },
    ]);
    sim.advance(60_000);
    expect(podNames(sim)).toEqual(['db-0', 'db-1']);
    expect(claimNames(sim)).toEqual(['data-db-0', 'data-db-1']);
    sim.store.delete('StatefulSet', 'default', 'db');
    sim.advance(60_000);
    expect(podNames(sim)).toEqual([]);
    expect(claimNames(sim)).toEqual([]);
  });

  it('whenDeleted Retain keeps every claim when the set is deleted', () => {
    const sim = start();
    createAll(sim, [db({ replicas: 2 })]);
    sim.advance(60_000);
    sim.store.delete('StatefulSet', 'default', 'db');
    sim.advance(60_000);
    expect(podNames(sim)).toEqual([]);
    expect(claimNames(sim)).toEqual(['data-db-0', 'data-db-1']);
  });

  it('recreates the claim of a pod still Pending (an unscheduled pod does not protect its claim)', () => {
    const sim = start();
    const set = db({ replicas: 1 });
    set.spec.volumeClaimTemplates![0]!.spec.storageClassName = 'missing'; // never binds: the pod stays Pending
    createAll(sim, [set]);
    sim.advance(5_000);
    expect(getPod(sim, 'db-0')?.status?.phase).toBe('Pending');
    const first = claim(sim, 'data-db-0')!.metadata.uid;
    sim.store.delete('PersistentVolumeClaim', 'default', 'data-db-0');
    sim.advance(5_000);
    expect(claim(sim, 'data-db-0')?.metadata.uid).toBeDefined();
    expect(claim(sim, 'data-db-0')!.metadata.uid).not.toBe(first);
    // The same event twice within ten minutes is one Event with count 2.
    const created = sim.store.select<Event>('Event', { namespace: 'default' }).filter((e) => e.message === 'create Claim data-db-0 Pod db-0 in StatefulSet db success');
    expect(created.map((e) => [e.reason, e.count, e.source?.component])).toEqual([['SuccessfulCreate', 2, 'statefulset-controller']]);
  });
});

describe('corpus StatefulSets', () => {
  // CI clones the project with shared/ beside it.
  const corpus = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/corpus');

  it('cassandra and cockroachdb reconcile: claims and pods for every ordinal, all Running once their volumes bind', () => {
    const sim = start();
    for (const file of ['cassandra-statefulset.yaml', 'cockroachdb-statefulset.yaml']) {
      const loaded = loadManifestPaths([resolve(corpus, file)]);
      expect(sim.apply(loaded.objects).filter((o) => o.action === 'error')).toEqual([]);
    }
    sim.advance(10 * 60_000);
    expect(podNames(sim)).toEqual(['cassandra-0', 'cassandra-1', 'cassandra-2', 'cockroachdb-0', 'cockroachdb-1', 'cockroachdb-2']);
    for (const n of podNames(sim)) expect(running(getPod(sim, n!))).toBe(true);
    expect(claimNames(sim)).toEqual([
      'cassandra-data-cassandra-0', 'cassandra-data-cassandra-1', 'cassandra-data-cassandra-2',
      'datadir-cockroachdb-0', 'datadir-cockroachdb-1', 'datadir-cockroachdb-2',
    ]);
    // The template's own `datadir` volume is replaced by the claim of the pod's ordinal.
    expect(getPod(sim, 'cockroachdb-1')!.spec.volumes).toEqual([{ name: 'datadir', persistentVolumeClaim: { claimName: 'datadir-cockroachdb-1' } }]);
    expect(claim(sim, 'cassandra-data-cassandra-0')!.metadata.annotations).toMatchObject({ 'volume.beta.kubernetes.io/storage-class': 'fast' });
    expect(getPod(sim, 'cassandra-2')!.spec.subdomain).toBe('cassandra');
    for (const name of ['cassandra', 'cockroachdb']) {
      expect(sim.store.get<StatefulSet>('StatefulSet', 'default', name).status).toMatchObject({ replicas: 3, readyReplicas: 3, currentReplicas: 3 });
    }
  });
});
