import { describe, expect, it } from 'vitest';
import type { Event, Pod } from '../../source/api/core.js';
import type { KubeObject } from '../../source/api/meta.js';
import { DisruptionController } from '../../source/controllers/disruption.js';
import { testSimulation } from '../sim-helpers.js';
import { deployment, disruptionSim, numbers, pdb, pdbOf, pod, replicaSet } from './disruption-helpers.js';

const web = { app: 'web' };

/** A Deployment of `replicas` whose ReplicaSet owns `running` pods (the workload controllers are not running here). */
function managed(sim: ReturnType<typeof disruptionSim>['sim'], replicas: number, running: number) {
  const dep = sim.store.create(deployment('web', replicas, web));
  const rs = sim.store.create(replicaSet('web-5d9c7', replicas, web, dep));
  for (let i = 0; i < running; i++) sim.store.create(pod(`web-5d9c7-${i}`, web, rs));
  sim.advance(30_000);
  return { dep, rs };
}

const events = (sim: ReturnType<typeof disruptionSim>['sim'], name: string) =>
  sim.store.select<Event>('Event').filter((e) => e.involvedObject.name === name).map((e) => [e.type, e.reason, e.message]);

describe('DisruptionController status', () => {
  it('an integer minAvailable counts the matching pods', () => {
    const { sim } = disruptionSim();
    for (let i = 0; i < 3; i++) sim.store.create(pod(`p${i}`, web));
    sim.store.create(pdb('web', web, { minAvailable: 2 }));
    sim.advance(30_000);
    expect(numbers(sim, 'web')).toEqual({ expectedPods: 3, currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1 });
    const status = pdbOf(sim, 'web').status!;
    expect(status.observedGeneration).toBe(1);
    expect(status.conditions).toEqual([expect.objectContaining({ type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '', observedGeneration: 1 })]);
    expect(status.disruptedPods).toEqual({});
  });

  it('percentages and maxUnavailable scale against the controller (a Deployment through its ReplicaSet), rounding up', () => {
    const { sim } = disruptionSim();
    managed(sim, 4, 3);
    sim.store.create(pdb('half', web, { minAvailable: '50%' }));
    sim.store.create(pdb('unavail-pct', web, { maxUnavailable: '30%' }));
    sim.store.create(pdb('unavail-1', web, { maxUnavailable: 1 }));
    sim.store.create(pdb('most', web, { minAvailable: '51%' }));
    sim.advance(1_000);
    expect(numbers(sim, 'half')).toEqual({ expectedPods: 4, currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1 });
    // 30% of 4 = 1.2 → 2 may be unavailable → 2 must be healthy.
    expect(numbers(sim, 'unavail-pct')).toEqual({ expectedPods: 4, currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1 });
    expect(numbers(sim, 'unavail-1')).toEqual({ expectedPods: 4, currentHealthy: 3, desiredHealthy: 3, disruptionsAllowed: 0 });
    expect(pdbOf(sim, 'unavail-1').status?.conditions?.[0]).toMatchObject({ status: 'False', reason: 'InsufficientPods' });
    // 51% of 4 = 2.04 → 3.
    expect(numbers(sim, 'most')).toEqual({ expectedPods: 4, currentHealthy: 3, desiredHealthy: 3, disruptionsAllowed: 0 });
  });

  it('a StatefulSet or a bare ReplicaSet is its own scale; a Job is no scalable controller (SyncFailed)', () => {
    const { sim } = disruptionSim();
    const sts = sim.store.create({
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'default' },
      spec: { replicas: 5, serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'nginx' }] } } },
    } as KubeObject);
    sim.store.create(pod('db-0', { app: 'db' }, sts));
    const rs = sim.store.create(replicaSet('solo', 2, { app: 'solo' }));
    sim.store.create(pod('solo-a', { app: 'solo' }, rs));
    const job = sim.store.create({
      apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'batch', namespace: 'default' },
      spec: { template: { metadata: { labels: { app: 'batch' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'j', image: 'busybox' }] } } },
    } as KubeObject);
    sim.store.create(pod('batch-x', { app: 'batch' }, job));
    sim.store.create(pdb('db', { app: 'db' }, { maxUnavailable: '20%' }));
    sim.store.create(pdb('solo', { app: 'solo' }, { minAvailable: '100%' }));
    sim.store.create(pdb('batch', { app: 'batch' }, { minAvailable: '50%' }));
    sim.advance(30_000);
    expect(numbers(sim, 'db')).toEqual({ expectedPods: 5, currentHealthy: 1, desiredHealthy: 4, disruptionsAllowed: 0 });
    expect(numbers(sim, 'solo')).toEqual({ expectedPods: 2, currentHealthy: 1, desiredHealthy: 2, disruptionsAllowed: 0 });
    const failed = pdbOf(sim, 'batch').status!;
    expect(failed.disruptionsAllowed).toBe(0);
    expect(failed.conditions?.[0]).toMatchObject({ type: 'DisruptionAllowed', status: 'False', reason: 'SyncFailed', message: 'found no controllers for pod "batch-x"' });
    expect(events(sim, 'batch')).toContainEqual(['Warning', 'CalculateExpectedPodCountFailed', 'Failed to calculate the number of expected pods: found no controllers for pod "batch-x"']);
  });

  it('pods without a controller under a percentage budget are reported as unmanaged; a budget matching nothing has NoPods', () => {
    const { sim } = disruptionSim();
    sim.store.create(pod('bare', web));
    sim.store.create(pdb('pct', web, { minAvailable: '50%' }));
    sim.store.create(pdb('nothing', { app: 'ghost' }, { minAvailable: 1 }));
    sim.store.create(pdb('no-selector', undefined, { minAvailable: 1 }));
    sim.advance(30_000);
    expect(numbers(sim, 'pct')).toEqual({ expectedPods: 0, currentHealthy: 1, desiredHealthy: 0, disruptionsAllowed: 0 });
    expect(events(sim, 'pct').map((e) => e[1])).toContain('UnmanagedPods');
    expect(numbers(sim, 'nothing')).toEqual({ expectedPods: 0, currentHealthy: 0, desiredHealthy: 1, disruptionsAllowed: 0 });
    expect(events(sim, 'nothing')).toContainEqual(['Normal', 'NoPods', 'No matching pods found']);
    // policy/v1: a missing selector selects no pods.
    expect(numbers(sim, 'no-selector').expectedPods).toBe(0);
  });

  it('follows pods becoming ready, unready and terminating; re-syncs only the budgets selecting the changed pod', () => {
    const keys: string[] = [];
    class Spy extends DisruptionController {
      protected override reconcile(key: string): void {
        keys.push(key);
        super.reconcile(key);
      }
    }
    const sim = testSimulation({ components: (engine) => [new Spy(engine)] });
    sim.store.create(pdb('web', web, { minAvailable: 1 }));
    sim.store.create(pdb('other', { app: 'other' }, { minAvailable: 1 }));
    sim.advance(1_000);
    keys.length = 0;
    sim.store.create(pod('w0', web));
    sim.store.create(pod('w1', web, undefined, { 'sim.kubedrill.io/fail-readiness': 'true' }, true));
    sim.advance(30_000);
    expect(numbers(sim, 'web')).toEqual({ expectedPods: 2, currentHealthy: 1, desiredHealthy: 1, disruptionsAllowed: 0 });
    expect(new Set(keys)).toEqual(new Set(['default/web']));
    sim.store.create(pod('w2', web));
    sim.advance(30_000);
    expect(numbers(sim, 'web').disruptionsAllowed).toBe(1);
    sim.store.delete('Pod', 'default', 'w2');
    sim.engine.settle();
    // A terminating pod no longer counts.
    expect(numbers(sim, 'web')).toEqual({ expectedPods: 3, currentHealthy: 1, desiredHealthy: 1, disruptionsAllowed: 0 });
  });

  it('disruptedPods entries keep a pod out of the count for 2 minutes, then expire with a NotDeleted event', () => {
    const { sim } = disruptionSim();
    for (let i = 0; i < 3; i++) sim.store.create(pod(`p${i}`, web));
    sim.store.create(pdb('web', web, { minAvailable: 1 }));
    sim.advance(30_000);
    const current = pdbOf(sim, 'web');
    sim.store.updateStatus({ ...current, status: { ...current.status!, disruptedPods: { p0: sim.engine.clock.timestamp() } } });
    sim.advance(1_000);
    expect(numbers(sim, 'web')).toEqual({ expectedPods: 3, currentHealthy: 2, desiredHealthy: 1, disruptionsAllowed: 1 });
    expect(Object.keys(pdbOf(sim, 'web').status!.disruptedPods!)).toEqual(['p0']);
    sim.advance(120_000);
    expect(numbers(sim, 'web').currentHealthy).toBe(3);
    expect(pdbOf(sim, 'web').status!.disruptedPods).toEqual({});
    expect(events(sim, 'p0')).toContainEqual(['Warning', 'NotDeleted', "Pod was expected by PDB default/default to be deleted but it wasn't"]);
    expect(sim.store.get<Pod>('Pod', 'default', 'p0').metadata.deletionTimestamp).toBeUndefined();
  });

  it('a spec change is observed (generation 2); a deleted budget is forgotten', () => {
    const { sim, dc } = disruptionSim();
    for (let i = 0; i < 3; i++) sim.store.create(pod(`p${i}`, web));
    sim.store.create(pdb('web', web, { minAvailable: 1 }));
    sim.advance(30_000);
    expect(numbers(sim, 'web').disruptionsAllowed).toBe(2);
    const before = pdbOf(sim, 'web');
    sim.store.update({ ...before, spec: { ...before.spec, minAvailable: 3 } });
    sim.engine.settle();
    expect(pdbOf(sim, 'web').status).toMatchObject({ observedGeneration: 2, desiredHealthy: 3, disruptionsAllowed: 0 });
    const cond = pdbOf(sim, 'web').status!.conditions![0]!;
    expect(cond).toMatchObject({ status: 'False', reason: 'InsufficientPods', observedGeneration: 2 });
    sim.store.delete('PodDisruptionBudget', 'default', 'web');
    const reconciles = dc.reconciles;
    sim.store.create(pod('p9', web));
    sim.advance(10_000);
    expect(dc.reconciles).toBe(reconciles); // no budget selects the new pod any more
  });
});
