/**
 * The Deployment controller alone over a bare store: ReplicaSet statuses are written by the test, so each
 * rollout step can be checked against upstream's arithmetic (10 replicas at 25%/25%: maxSurge 3, maxUnavailable 2).
 */
import { describe, expect, it } from 'vitest';
import type { Event } from '../../source/api/core.js';
import type { Deployment, ReplicaSet } from '../../source/api/workloads.js';
import { DeploymentController, computeHash, rolloutStatus } from '../../source/controllers/deployment/index.js';
import type { Engine } from '../../source/engine/engine.js';
import { testEngine } from '../helpers.js';
import { deployment, template } from './deployment-helpers.js';

function harness(d: Deployment) {
  const engine = testEngine();
  engine.register(new DeploymentController(engine));
  engine.store.create(d);
  engine.settle();
  return engine;
}

const sets = (engine: Engine) => engine.store.select<ReplicaSet>('ReplicaSet', { namespace: 'default' })
  .sort((a, b) => Number(a.metadata.annotations!['deployment.kubernetes.io/revision']) - Number(b.metadata.annotations!['deployment.kubernetes.io/revision']));
const sizes = (engine: Engine) => sets(engine).map((rs) => rs.spec.replicas);
const getD = (engine: Engine) => engine.store.get<Deployment>('Deployment', 'default', 'web');

/** Stand in for the ReplicaSet controller: `available` of the set's pods exist and are available. */
function report(engine: Engine, rs: ReplicaSet, available: number, replicas = rs.spec.replicas ?? 0): void {
  const cur = engine.store.get<ReplicaSet>('ReplicaSet', 'default', rs.metadata.name!);
  engine.store.updateStatus({ ...cur, status: { replicas, readyReplicas: available, availableReplicas: available, observedGeneration: cur.metadata.generation } });
  engine.settle();
}
const reportAll = (engine: Engine) => { for (const rs of sets(engine)) report(engine, rs, rs.spec.replicas ?? 0); };

function scalingEvents(engine: Engine): string[] {
  const names = new Map(sets(engine).map((rs, i) => [rs.metadata.name!, `rs${i + 1}`]));
  return engine.store.select<Event>('Event', { namespace: 'default' }).filter((e) => e.reason === 'ScalingReplicaSet')
    .map((e) => e.message!.replace(/replica set (\S+)/, (_, n: string) => `replica set ${names.get(n) ?? n}`));
}

function changeTemplate(engine: Engine, version: string): void {
  const d = getD(engine);
  engine.store.update({ ...d, spec: { ...d.spec, template: template({ app: 'web' }, { version }) } });
  engine.settle();
}

describe('RollingUpdate steps, 10 replicas at 25%/25%', () => {
  it('matches upstream step by step: (10,0) (10,3) (8,3) (8,5) (3,5) (3,10) (0,10)', () => {
    const engine = harness(deployment('web', 10));
    expect(sizes(engine)).toEqual([10]);
    reportAll(engine);
    changeTemplate(engine, 'v2');
    // One sync at once: the new set starts at maxTotal − total = 13 − 10 = 3; old budget = 13 − (10 − 2) − 3 unavailable = 2 → 8.
    // The next sync grows the new set again by 13 − 11 = 2 → 5; then the old budget is 13 − 8 − 5 = 0.
    expect(sizes(engine)).toEqual([8, 5]);
    // All 5 new pods available: budget 13 − 8 − 0 = 5, available 13 − minAvailable 8 = 5 → old 3; then new +5 → 10.
    reportAll(engine);
    expect(sizes(engine)).toEqual([3, 10]);
    // New pods 6–10 available: budget 13 − 8 − 0 = 5 → old 0.
    reportAll(engine);
    expect(sizes(engine)).toEqual([0, 10]);
    reportAll(engine);
    expect(scalingEvents(engine)).toEqual([
      'Scaled up replica set rs1 from 0 to 10',
      'Scaled up replica set rs2 from 0 to 3',
      'Scaled down replica set rs1 from 10 to 8',
      'Scaled up replica set rs2 from 3 to 5',
      'Scaled down replica set rs1 from 8 to 3',
      'Scaled up replica set rs2 from 5 to 10',
      'Scaled down replica set rs1 from 3 to 0',
    ]);
    const st = getD(engine).status!;
    expect(st.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${sets(engine)[1]!.metadata.name}" has successfully progressed.` });
    expect(rolloutStatus(engine.store, 'default', 'web')).toEqual({ done: true, message: 'deployment "web" successfully rolled out' });
  });

  it('new-set pods that are not yet available hold back the old scale-down', () => {
    const engine = harness(deployment('web', 10));
    reportAll(engine);
    changeTemplate(engine, 'v2');
    const [rs1, rs2] = sets(engine);
    report(engine, rs1!, 8);
    report(engine, rs2!, 2);
    // budget = 13 − 8 − (5 − 2) = 2; available 8 + 2 − 8 = 2 → old 6; then new grows by 13 − 11 = 2 → 7.
    expect(sizes(engine)).toEqual([6, 7]);
  });

  it('cleans up unhealthy old replicas first, even when availability leaves no room otherwise', () => {
    const engine = harness(deployment('web', 10));
    report(engine, sets(engine)[0]!, 7); // 3 of 10 old pods are not available
    changeTemplate(engine, 'v2');
    // budget = 13 − 8 − 3 = 2 → two unhealthy old replicas go; the availability rule (7 ≤ 8) would allow none.
    expect(sizes(engine)).toEqual([8, 5]);
    expect(scalingEvents(engine).slice(1, 3)).toEqual(['Scaled up replica set rs2 from 0 to 3', 'Scaled down replica set rs1 from 10 to 8']);
  });

  it('scales old sets down oldest first', () => {
    const engine = harness(deployment('web', 10));
    reportAll(engine);
    changeTemplate(engine, 'v2');
    reportAll(engine);
    expect(sizes(engine)).toEqual([3, 10]);
    // Both old sets fully available when the third template arrives (the controller waits meanwhile).
    engine.setRunning('deployment-controller', false);
    reportAll(engine);
    changeTemplate(engine, 'v3');
    engine.setRunning('deployment-controller', true);
    engine.settle();
    // total 13 = max: the third set starts empty; budget 13 − 8 − 0 = 5, available 3 + 10 − 8 = 5: rs1 (oldest) loses 3 first, then rs2 2.
    expect(sizes(engine)).toEqual([0, 8, 5]);
    expect(scalingEvents(engine).slice(-3)).toEqual([
      'Scaled down replica set rs1 from 3 to 0',
      'Scaled down replica set rs2 from 10 to 8',
      'Scaled up replica set rs3 from 0 to 5',
    ]);
  });

  it('rounds fenceposts as upstream: 1 replica surges 1 with 0 unavailable', () => {
    const engine = harness(deployment('web', 1));
    reportAll(engine);
    changeTemplate(engine, 'v2');
    expect(sizes(engine)).toEqual([1, 1]);
    reportAll(engine);
    expect(sizes(engine)).toEqual([0, 1]);
  });
});

describe('Proportional scaling during a rollout', () => {
  it('spreads a resize over the active sets by size from their max-replicas annotation, leftover to the largest', () => {
    const engine = harness(deployment('web', 10));
    reportAll(engine);
    changeTemplate(engine, 'v2');
    expect(sizes(engine)).toEqual([8, 5]);
    const d = getD(engine);
    engine.store.update({ ...d, spec: { ...d.spec, replicas: 20 } });
    engine.settle();
    // allowed 20 + 5 = 25, to add 25 − 13 = 12; old round(8·25/13) − 8 = 7, new round(5·25/13) − 5 = 5.
    expect(sizes(engine)).toEqual([15, 10]);
    expect(scalingEvents(engine).slice(-2)).toEqual(['Scaled up replica set rs1 from 8 to 15', 'Scaled up replica set rs2 from 5 to 10']);
    for (const rs of sets(engine)) {
      expect(rs.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/desired-replicas': '20', 'deployment.kubernetes.io/max-replicas': '25' });
    }
  });

  it('scales down proportionally, oldest first on equal sizes', () => {
    const engine = harness(deployment('web', 10));
    reportAll(engine);
    changeTemplate(engine, 'v2');
    const d = getD(engine);
    engine.store.update({ ...d, spec: { ...d.spec, replicas: 5 } });
    engine.settle();
    // allowed 5 + 2 = 7, to remove 13 − 7 = 6; old round(8·7/13) − 8 = −4, new round(5·7/13) − 5 = −2.
    expect(sizes(engine)).toEqual([4, 3]);
  });
});

describe('kubectl rollout status messages', () => {
  it('reports updated, old and available replicas as kubectl does', () => {
    const engine = harness(deployment('web', 3));
    const [rs1] = sets(engine);
    report(engine, rs1!, 1, 3);
    expect(rolloutStatus(engine.store, 'default', 'web')).toEqual({ done: false, message: 'Waiting for deployment "web" rollout to finish: 1 of 3 updated replicas are available...' });
    reportAll(engine);
    changeTemplate(engine, 'v2');
    expect(rolloutStatus(engine.store, 'default', 'web').message).toBe('Waiting for deployment "web" rollout to finish: 0 out of 3 new replicas have been updated...');
    const [, rs2] = sets(engine);
    report(engine, rs2!, 0, 3);
    report(engine, sets(engine)[0]!, 1, 1);
    expect(rolloutStatus(engine.store, 'default', 'web').message).toBe('Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...');
  });

  it('waits for the spec update to be observed', () => {
    const engine = harness(deployment('web', 3));
    engine.setRunning('deployment-controller', false);
    changeTemplate(engine, 'v2');
    expect(rolloutStatus(engine.store, 'default', 'web')).toEqual({ done: false, message: 'Waiting for deployment spec update to be observed...' });
  });
});

describe('pod-template-hash collisions', () => {
  it('bumps status.collisionCount when <deploy>-<hash> is taken by a foreign ReplicaSet, then uses the new hash', () => {
    const engine = testEngine();
    const d = engine.store.create(deployment('web', 2));
    const hash = computeHash(d.spec.template);
    const foreign = { ...replicaSetFor('other'), metadata: { name: `web-${hash}`, namespace: 'default' } };
    engine.store.create(foreign);
    engine.register(new DeploymentController(engine));
    engine.advance(1_000);
    const after = getD(engine);
    expect(after.status?.collisionCount).toBe(1);
    const ours = engine.store.select<ReplicaSet>('ReplicaSet', { ownerUid: after.metadata.uid });
    expect(ours.map((rs) => rs.metadata.name)).toEqual([`web-${computeHash(d.spec.template, 1)}`]);
    expect(engine.store.get<ReplicaSet>('ReplicaSet', 'default', `web-${hash}`).metadata.ownerReferences).toBeUndefined();
  });
});

function replicaSetFor(app: string): ReplicaSet {
  return { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: app, namespace: 'default' }, spec: { replicas: 0, selector: { matchLabels: { app } }, template: template({ app }) } };
}
