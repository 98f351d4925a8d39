import { describe, expect, it } from 'vitest';
import type { Pod } from '../../source/api/core.js';
import type { ReplicaSet } from '../../source/api/workloads.js';
import { ReplicaSetController } from '../../source/controllers/replicaset.js';
import { defaultAdmission } from '../../source/store/default-admission.js';
import type { ApiStore } from '../../source/store/store.js';
import { testEngine } from '../helpers.js';
import { createAll, settleAddons } from '../sim-helpers.js';
import { eventLines, podLimit, podNameOf, podsOf, replicaSet, workloadSimulation } from './deployment-helpers.js';

const getRS = (store: ApiStore, name: string) => store.get<ReplicaSet>('ReplicaSet', 'default', name);

describe('ReplicaSet controller in a running cluster', () => {
  it('creates N pods named <rs>-<5 safe chars>, owned by the set, and reports status', () => {
    const sim = workloadSimulation();
    createAll(sim, [replicaSet('web', 3)]);
    sim.advance(30_000);
    const rs = getRS(sim.store, 'web');
    const pods = podsOf(sim.store, rs);
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(podNameOf('web'));
      expect(p.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
      expect(p.status?.phase).toBe('Running');
    }
    expect(rs.status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
    expect(eventLines(sim.store, rs)).toEqual(pods.map((p) => `SuccessfulCreate: Created pod: ${p.metadata.name}`));
  });

  it('scales down with SuccessfulDelete events and does not count terminating pods', () => {
    const sim = workloadSimulation();
    createAll(sim, [replicaSet('web', 4)]);
    sim.advance(20_000);
    const rs = getRS(sim.store, 'web');
    sim.store.update({ ...rs, spec: { ...rs.spec, replicas: 1 } });
    sim.advance(1);
    const after = getRS(sim.store, 'web');
    const live = podsOf(sim.store, rs);
    const terminating = live.filter((p) => p.metadata.deletionTimestamp);
    expect(terminating).toHaveLength(3); // still shutting down (grace period)
    expect(after.status?.replicas).toBe(1);
    expect(after.status?.observedGeneration).toBe(2);
    expect(eventLines(sim.store, rs, 'SuccessfulDelete').sort()).toEqual(terminating.map((p) => `SuccessfulDelete: Deleted pod: ${p.metadata.name}`).sort());
    sim.advance(60_000);
    expect(podsOf(sim.store, rs)).toHaveLength(1);
  });

  it('replaces a deleted pod', () => {
    const sim = workloadSimulation();
    createAll(sim, [replicaSet('web', 2)]);
    sim.advance(20_000);
    const rs = getRS(sim.store, 'web');
    const [victim] = podsOf(sim.store, rs);
    sim.store.delete('Pod', 'default', victim!.metadata.name!);
    sim.advance(20_000);
    const pods = podsOf(sim.store, rs).filter((p) => !p.metadata.deletionTimestamp);
    expect(pods).toHaveLength(2);
    expect(pods.map((p) => p.metadata.name)).not.toContain(victim!.metadata.name);
    expect(getRS(sim.store, 'web').status?.readyReplicas).toBe(2);
  });

  it('adopts a matching orphan pod (setting its controller reference) and creates only the rest', () => {
    const sim = workloadSimulation();
    createAll(sim, [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray', namespace: 'default', labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } } as Pod]);
    sim.advance(10_000);
    createAll(sim, [replicaSet('web', 2)]);
    sim.advance(20_000);
    const rs = getRS(sim.store, 'web');
    const stray = sim.store.get<Pod>('Pod', 'default', 'stray');
    expect(stray.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(podsOf(sim.store, rs)).toHaveLength(2);
    expect(eventLines(sim.store, rs, 'SuccessfulCreate')).toHaveLength(1);
  });

  it('adopts a pod that starts matching later, then deletes the surplus', () => {
    const sim = workloadSimulation();
    createAll(sim, [replicaSet('web', 2)]);
    createAll(sim, [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'late', namespace: 'default', labels: { app: 'debug' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } } as Pod]);
    sim.advance(20_000);
    const rs = getRS(sim.store, 'web');
    expect(sim.store.get<Pod>('Pod', 'default', 'late').metadata.ownerReferences).toBeUndefined();
    const late = sim.store.get<Pod>('Pod', 'default', 'late');
    sim.store.update({ ...late, metadata: { ...late.metadata, labels: { app: 'web' } } });
    sim.advance(1);
    expect(sim.store.get<Pod>('Pod', 'default', 'late').metadata.ownerReferences?.[0]?.uid).toBe(rs.metadata.uid);
    expect(podsOf(sim.store, rs).filter((p) => !p.metadata.deletionTimestamp)).toHaveLength(2);
    expect(eventLines(sim.store, rs, 'SuccessfulDelete')).toHaveLength(1);
  });

  it('releases a pod whose labels stop matching and replaces it', () => {
    const sim = workloadSimulation();
    createAll(sim, [replicaSet('web', 2)]);
    sim.advance(20_000);
    const rs = getRS(sim.store, 'web');
    const [p] = podsOf(sim.store, rs);
    sim.store.update({ ...p!, metadata: { ...p!.metadata, labels: { app: 'debug' } } });
    sim.advance(20_000);
    const released = sim.store.get<Pod>('Pod', 'default', p!.metadata.name!);
    expect(released.metadata.ownerReferences).toBeUndefined();
    expect(released.status?.phase).toBe('Running');
    expect(podsOf(sim.store, rs)).toHaveLength(2);
  });

  it('counts a pod available only minReadySeconds after it became Ready', () => {
    const sim = workloadSimulation();
    settleAddons(sim); // both pods Ready within 15 s needs image pulls that do not queue behind the addons'
    createAll(sim, [replicaSet('web', 2, { app: 'web' }, { minReadySeconds: 30 })]);
    sim.advance(15_000);
    const ready = getRS(sim.store, 'web').status!;
    expect(ready.readyReplicas).toBe(2);
    expect(ready.availableReplicas).toBeUndefined();
    const since = Math.max(...podsOf(sim.store, getRS(sim.store, 'web')).map((p) => Date.parse(p.status!.conditions!.find((c) => c.type === 'Ready')!.lastTransitionTime!)));
    // Available strictly after lastTransitionTime + 30 s: a requeue lands there without any other event.
    sim.engine.advanceUntil(() => getRS(sim.store, 'web').status?.availableReplicas === 2, 60_000);
    expect(sim.now()).toBe(since + 30_001);
  });

  it('leaves pods controlled by an overlapping ReplicaSet alone', () => {
    const sim = workloadSimulation();
    createAll(sim, [replicaSet('a', 2, { app: 'web' })]);
    sim.advance(10_000);
    createAll(sim, [replicaSet('b', 1, { app: 'web' })]);
    sim.advance(20_000);
    expect(podsOf(sim.store, getRS(sim.store, 'a'))).toHaveLength(2);
    expect(podsOf(sim.store, getRS(sim.store, 'b'))).toHaveLength(1);
    expect(sim.store.select<Pod>('Pod', { namespace: 'default' })).toHaveLength(3);
  });

  it('picks victims by rank: an unscheduled pod before a scheduled one, then the lowest deletion cost', () => {
    const sim = workloadSimulation();
    createAll(sim, [replicaSet('web', 3)]);
    sim.advance(20_000);
    const rs = getRS(sim.store, 'web');
    const [cheap] = podsOf(sim.store, rs);
    sim.store.update({ ...cheap!, metadata: { ...cheap!.metadata, annotations: { 'controller.kubernetes.io/pod-deletion-cost': '-100' } } });
    sim.setComponentRunning('scheduler', false);
    sim.store.update({ ...getRS(sim.store, 'web'), spec: { ...rs.spec, replicas: 4 } });
    sim.advance(1_000);
    const pending = podsOf(sim.store, rs).find((p) => !p.spec.nodeName)!;
    expect(pending).toBeDefined();
    sim.store.update({ ...getRS(sim.store, 'web'), spec: { ...rs.spec, replicas: 2 } });
    sim.advance(1);
    const deleted = eventLines(sim.store, rs, 'SuccessfulDelete');
    expect(deleted).toEqual([`SuccessfulDelete: Deleted pod: ${pending.metadata.name}`, `SuccessfulDelete: Deleted pod: ${cheap!.metadata.name}`]);
  });

  it('reports a refused create as FailedCreate with the API error and a ReplicaFailure condition', () => {
    const sim = workloadSimulation();
    sim.store.admission.push(podLimit(2));
    createAll(sim, [replicaSet('web', 3)]);
    sim.advance(20_000);
    const rs = getRS(sim.store, 'web');
    expect(podsOf(sim.store, rs)).toHaveLength(2);
    const failed = eventLines(sim.store, rs, 'FailedCreate');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]).toMatch(/^FailedCreate: Error creating: pods "web-[a-z0-9]{5}" is forbidden: exceeded quota: pod-quota, requested: pods=1, used: pods=2, limited: pods=2$/);
    expect(rs.status?.conditions).toEqual([expect.objectContaining({ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate' })]);
    expect(rs.status?.conditions?.[0]?.message).toMatch(/exceeded quota/);
    // Room appears: the retry succeeds and the condition goes away.
    sim.store.admission.pop();
    sim.advance(120_000);
    expect(podsOf(sim.store, getRS(sim.store, 'web'))).toHaveLength(3);
    expect(getRS(sim.store, 'web').status?.conditions).toBeUndefined();
  });

  it('survives its ReplicaSet being deleted: the garbage collector removes the pods', () => {
    const sim = workloadSimulation();
    createAll(sim, [replicaSet('web', 2)]);
    sim.advance(20_000);
    sim.store.delete('ReplicaSet', 'default', 'web');
    sim.advance(60_000);
    expect(sim.store.select<Pod>('Pod', { namespace: 'default' })).toHaveLength(0);
  });
});

describe('ReplicaSet controller, one sync at a time (no scheduler or kubelets)', () => {
  function setup(limit?: number, burstReplicas?: number) {
    const engine = testEngine({ admission: limit === undefined ? defaultAdmission() : [...defaultAdmission(), podLimit(limit)] });
    const controller = new ReplicaSetController(engine, { burstReplicas });
    const syncOnce = () => { engine.store.dispatch(); return controller.runOnce(); };
    return { engine, controller, syncOnce };
  }

  it('creates in slow-start batches of 1, 2, 4…, stopping after the first batch with a failure', () => {
    const { engine, syncOnce } = setup(3);
    const rs = engine.store.create(replicaSet('web', 10));
    syncOnce();
    // Batches 1 and 2 succeed (3 pods); all 4 of the next batch are tried and refused; the batch of 8 never starts.
    expect(engine.store.count('Pod', 'default')).toBe(3);
    expect(eventLines(engine.store, rs, 'FailedCreate')).toHaveLength(4);
    expect(engine.store.get<ReplicaSet>('ReplicaSet', 'default', 'web').status?.conditions?.[0]).toMatchObject({ type: 'ReplicaFailure', reason: 'FailedCreate' });
  });

  it('creates at most burstReplicas pods per sync', () => {
    const { engine, syncOnce } = setup(undefined, 500);
    engine.store.create(replicaSet('web', 600));
    syncOnce();
    expect(engine.store.count('Pod', 'default')).toBe(500);
    syncOnce();
    expect(engine.store.count('Pod', 'default')).toBe(600);
  });

  it('does not count Failed or Succeeded pods, and replaces them', () => {
    const { engine, syncOnce } = setup();
    engine.store.create(replicaSet('web', 2));
    syncOnce();
    const [p] = engine.store.select<Pod>('Pod', { namespace: 'default' });
    engine.store.updateStatus({ ...p!, status: { ...p!.status, phase: 'Failed', reason: 'Evicted' } });
    syncOnce();
    syncOnce();
    const rs = engine.store.get<ReplicaSet>('ReplicaSet', 'default', 'web');
    expect(engine.store.count('Pod', 'default')).toBe(3);
    expect(rs.status?.replicas).toBe(2);
  });

  it('treats a ReplicaSet deleted between its event and its sync as done', () => {
    const { engine, controller } = setup();
    engine.store.create(replicaSet('web', 2));
    engine.store.dispatch();
    engine.store.delete('ReplicaSet', 'default', 'web');
    expect(controller.runOnce()).toBe(true);
    expect(engine.store.count('Pod', 'default')).toBe(0);
  });
});
