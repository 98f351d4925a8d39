import { describe, expect, it } from 'vitest';
import type { Pod } from '../../source/api/core.js';
import { isApiError } from '../../source/api/errors.js';
import type { Deployment, ReplicaSet } from '../../source/api/workloads.js';
import { computeHash, rolloutStatus } from '../../source/controllers/deployment/index.js';
import { createAll } from '../sim-helpers.js';
import { deployment, eventLines, getDeployment, podsOf, template, workloadSimulation } from './deployment-helpers.js';

const setsOf = (sim: ReturnType<typeof workloadSimulation>) => sim.store.select<ReplicaSet>('ReplicaSet', { namespace: 'default' })
  .sort((a, b) => Number(a.metadata.annotations?.['deployment.kubernetes.io/revision']) - Number(b.metadata.annotations?.['deployment.kubernetes.io/revision']));

function updateTemplate(sim: ReturnType<typeof workloadSimulation>, annotations: Record<string, string>): void {
  const d = getDeployment(sim, 'web');
  sim.store.update({ ...d, spec: { ...d.spec, template: template({ app: 'web' }, annotations) } });
}

describe('Deployment controller in a running cluster', () => {
  it('converges: one ReplicaSet <deploy>-<hash> with hash label, annotations, pods, status and conditions', () => {
    const sim = workloadSimulation();
    createAll(sim, [deployment('web', 3, {}, { 'kubernetes.io/change-cause': 'first' })]);
    sim.advance(30_000);
    const d = getDeployment(sim, 'web');
    const hash = computeHash(d.spec.template);
    const [rs, ...more] = setsOf(sim);
    expect(more).toEqual([]);
    expect(rs!.metadata.name).toBe(`web-${hash}`);
    expect(rs!.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs!.spec.selector).toEqual({ matchLabels: { app: 'web', 'pod-template-hash': hash } });
    expect(rs!.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(rs!.metadata.annotations).toEqual({
      'kubernetes.io/change-cause': 'first', 'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4',
    });
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    for (const p of podsOf(sim.store, rs!)) {
      expect(p.metadata.name).toMatch(new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      expect(p.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
      expect(p.status?.phase).toBe('Running');
    }
    const { conditions, ...counts } = d.status!;
    expect(counts).toEqual({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(conditions?.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'],
      ['Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "web-${hash}" has successfully progressed.`],
    ]);
    expect(eventLines(sim.store, d)).toEqual([`ScalingReplicaSet: Scaled up replica set web-${hash} from 0 to 3`]);
    expect(rolloutStatus(sim.store, 'default', 'web')).toEqual({ done: true, message: 'deployment "web" successfully rolled out' });
  });

  it('rolls 10 replicas at 25%/25% through upstream\'s steps with a real cluster', () => {
    const sim = workloadSimulation({ workers: 4 });
    createAll(sim, [deployment('web', 10, { minReadySeconds: 2 })]);
    sim.advance(30_000);
    updateTemplate(sim, { version: 'v2' });
    sim.advance(60_000);
    const [rs1, rs2] = setsOf(sim).map((r) => r.metadata.name);
    const steps = eventLines(sim.store, getDeployment(sim, 'web'), 'ScalingReplicaSet').map((l) => l.replace(rs1!, 'old').replace(rs2!, 'new'));
    expect(steps).toEqual([
      'ScalingReplicaSet: Scaled up replica set old from 0 to 10',
      'ScalingReplicaSet: Scaled up replica set new from 0 to 3',
      'ScalingReplicaSet: Scaled down replica set old from 10 to 8',
      'ScalingReplicaSet: Scaled up replica set new from 3 to 5',
      'ScalingReplicaSet: Scaled down replica set old from 8 to 3',
      'ScalingReplicaSet: Scaled up replica set new from 5 to 10',
      'ScalingReplicaSet: Scaled down replica set old from 3 to 0',
    ]);
    expect(getDeployment(sim, 'web').status).toMatchObject({ replicas: 10, updatedReplicas: 10, availableReplicas: 10 });
  });

  it('Recreate scales the old set to 0 and waits until no old pod is left before creating new ones', () => {
    const sim = workloadSimulation();
    createAll(sim, [deployment('web', 3, { strategy: { type: 'Recreate' } })]);
    sim.advance(30_000);
    const [old] = setsOf(sim);
    updateTemplate(sim, { version: 'v2' });
    let sawOldTerminating = false;
    for (let t = 0; t < 60_000; t += 250) {
      sim.advance(250);
      const oldPods = podsOf(sim.store, old!);
      const newPods = setsOf(sim).slice(1).flatMap((rs) => podsOf(sim.store, rs));
      if (oldPods.length) sawOldTerminating = true;
      expect(oldPods.length === 0 || newPods.length === 0).toBe(true);
    }
    expect(sawOldTerminating).toBe(true);
    const [, current] = setsOf(sim);
    expect(podsOf(sim.store, current!).filter((p) => p.status?.phase === 'Running')).toHaveLength(3);
    expect(eventLines(sim.store, getDeployment(sim, 'web'), 'ScalingReplicaSet').slice(1)).toEqual([
      `ScalingReplicaSet: Scaled down replica set ${old!.metadata.name} from 3 to 0`,
      `ScalingReplicaSet: Scaled up replica set ${current!.metadata.name} from 0 to 3`,
    ]);
  });

  it('a paused Deployment does not roll out but still scales; resuming rolls out', () => {
    const sim = workloadSimulation();
    createAll(sim, [deployment('web', 2)]);
    sim.advance(20_000);
    const d = getDeployment(sim, 'web');
    sim.store.update({ ...d, spec: { ...d.spec, paused: true } });
    sim.advance(1_000);
    updateTemplate(sim, { version: 'v2' });
    const paused = getDeployment(sim, 'web');
    sim.store.update({ ...paused, spec: { ...paused.spec, replicas: 4 } });
    sim.advance(20_000);
    expect(setsOf(sim)).toHaveLength(1);
    expect(setsOf(sim)[0]!.spec.replicas).toBe(4);
    expect(setsOf(sim)[0]!.spec.template?.metadata?.annotations).toBeUndefined();
    const st = getDeployment(sim, 'web').status!;
    expect(st.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
    expect(st.availableReplicas).toBe(4);
    const again = getDeployment(sim, 'web');
    sim.store.update({ ...again, spec: { ...again.spec, paused: false } });
    sim.advance(60_000);
    const sets = setsOf(sim);
    expect(sets.map((rs) => rs.spec.replicas)).toEqual([0, 4]);
    expect(getDeployment(sim, 'web').status?.conditions?.find((c) => c.type === 'Progressing')?.reason).toBe('NewReplicaSetAvailable');
  });

  it('a crash-looping new template ends in ProgressDeadlineExceeded, leaving the old pods serving', () => {
    const sim = workloadSimulation();
    createAll(sim, [deployment('web', 3, { progressDeadlineSeconds: 60 })]);
    sim.advance(30_000);
    const start = sim.now();
    // Crashes 2 s after each start; the readiness probe would only pass after 10 s: never Ready.
    const crashing = template({ app: 'web' }, { 'sim.kubedrill.io/crash-after': '2s', 'sim.kubedrill.io/ready-after': '10s' });
    crashing.spec.containers[0]!.readinessProbe = { httpGet: { path: '/', port: 80 }, periodSeconds: 1 };
    const cur = getDeployment(sim, 'web');
    sim.store.update({ ...cur, spec: { ...cur.spec, template: crashing } });
    sim.advance(30_000);
    expect(rolloutStatus(sim.store, 'default', 'web').message).toBe('Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...');
    sim.advance(60_000);
    const d = getDeployment(sim, 'web');
    const newRS = setsOf(sim)[1]!;
    const cond = d.status?.conditions?.find((c) => c.type === 'Progressing');
    expect(cond).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${newRS.metadata.name}" has timed out progressing.` });
    // The deadline is checked by a requeue at lastUpdateTime + 60 s (+1 s), not by some later event.
    expect(Date.parse(cond!.lastUpdateTime!) - start).toBe(61_000);
    expect(rolloutStatus(sim.store, 'default', 'web')).toEqual({ done: false, failed: true, message: 'error: deployment "web" exceeded its progress deadline' });
    expect(setsOf(sim).map((rs) => rs.spec.replicas)).toEqual([3, 1]);
    expect(d.status?.availableReplicas).toBe(3);
  });

  it('keeps only revisionHistoryLimit old ReplicaSets, deleting the oldest empty ones', () => {
    const sim = workloadSimulation();
    createAll(sim, [deployment('web', 1, { revisionHistoryLimit: 1 })]);
    sim.advance(20_000);
    for (const v of ['v2', 'v3', 'v4']) {
      updateTemplate(sim, { version: v });
      sim.advance(30_000);
    }
    const sets = setsOf(sim);
    expect(sets.map((rs) => rs.metadata.annotations?.['deployment.kubernetes.io/revision'])).toEqual(['3', '4']);
    expect(sets.map((rs) => rs.spec.replicas)).toEqual([0, 1]);
  });

  it('rejects a Deployment whose template labels do not match its selector (validation)', () => {
    const sim = workloadSimulation();
    let err: unknown;
    try {
      sim.store.create(deployment('web', 1, { template: template({ app: 'other' }) }));
    } catch (e) { err = e; }
    expect(isApiError(err, 'Invalid')).toBe(true);
    expect((err as Error).message).toBe('Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`');
    expect(sim.store.count('Deployment', 'default')).toBe(0);
  });

  it('adopts an orphaned ReplicaSet its selector matches', () => {
    const sim = workloadSimulation();
    createAll(sim, [deployment('web', 2)]);
    sim.advance(20_000);
    const [rs] = setsOf(sim);
    // Orphan it (as `kubectl delete deploy --cascade=orphan` would), then recreate the Deployment.
    sim.store.delete('Deployment', 'default', 'web', { propagationPolicy: 'Orphan' });
    sim.advance(5_000);
    expect(sim.store.get<ReplicaSet>('ReplicaSet', 'default', rs!.metadata.name!).metadata.ownerReferences).toBeUndefined();
    createAll(sim, [deployment('web', 2)]);
    sim.advance(20_000);
    const d = getDeployment(sim, 'web');
    expect(setsOf(sim)).toHaveLength(1);
    expect(setsOf(sim)[0]!.metadata.ownerReferences?.[0]?.uid).toBe(d.metadata.uid);
    expect(sim.store.select<Pod>('Pod', { namespace: 'default' })).toHaveLength(2);
  });

  it('two writers racing on the same objects: conflicts are retried and nothing is lost', () => {
    const sim = workloadSimulation();
    createAll(sim, [deployment('web', 2)]);
    sim.advance(20_000);
    const store = sim.store;
    const update = store.update.bind(store);
    let raced = 0;
    // Another client writes each object first, just before the controllers' own write lands.
    store.update = ((obj, opts) => {
      if (raced < 2 && opts?.subresource !== 'status' && obj.kind === 'ReplicaSet') {
        raced++;
        const fresh = store.get<ReplicaSet>('ReplicaSet', 'default', obj.metadata.name!);
        update({ ...fresh, metadata: { ...fresh.metadata, labels: { ...fresh.metadata.labels, [`team-${raced}`]: 'payments' } } });
      } else if (raced >= 2 && raced < 4 && opts?.subresource === 'status' && obj.kind === 'Deployment') {
        raced++;
        const fresh = store.get<Deployment>('Deployment', 'default', 'web');
        update({ ...fresh, spec: { ...fresh.spec, replicas: 5 } });
      }
      return update(obj, opts);
    }) as typeof store.update;
    const d = getDeployment(sim, 'web');
    store.update({ ...d, spec: { ...d.spec, replicas: 3 } });
    sim.advance(30_000);
    store.update = update;
    expect(raced).toBe(4);
    const [rs] = setsOf(sim);
    expect(rs!.metadata.labels).toMatchObject({ 'team-1': 'payments', 'team-2': 'payments' });
    expect(rs!.spec.replicas).toBe(5);
    expect(getDeployment(sim, 'web').status).toMatchObject({ replicas: 5, availableReplicas: 5, observedGeneration: getDeployment(sim, 'web').metadata.generation });
  });
});
