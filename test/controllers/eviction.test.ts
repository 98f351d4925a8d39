import { describe, expect, it } from 'vitest';
import type { Pod } from '../../source/api/core.js';
import { ApiError } from '../../source/api/errors.js';
import { podStatusReason } from '../../source/api/print/index.js';
import { EVICTION_BUDGET_MESSAGE, MULTIPLE_PDBS_MESSAGE, evictPod } from '../../source/store/eviction.js';
import type { Simulation } from '../../source/cluster/simulation.js';
import { disruptionSim, numbers, pdb, pdbOf, pod } from './disruption-helpers.js';

const web = { app: 'web' };

function evict(sim: Simulation, name: string, opts?: Parameters<typeof evictPod>[4]) {
  return evictPod(sim.store, sim.engine.events, 'default', name, opts);
}

/** The ApiError an eviction throws (fails the test if it succeeds). */
function refusal(sim: Simulation, name: string, opts?: Parameters<typeof evictPod>[4]): ApiError {
  try {
    evict(sim, name, opts);
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error(`eviction of ${name} unexpectedly succeeded`);
}

function webPods(sim: Simulation, n: number, start = 0): void {
  for (let i = start; i < start + n; i++) sim.store.create(pod(`web-${i}`, web));
}

describe('evictPod (pods/eviction)', () => {
  it('a PDB of minAvailable N−1 lets one eviction through, then answers 429 until the pod is replaced', () => {
    const { sim } = disruptionSim();
    webPods(sim, 3);
    sim.store.create(pdb('web-pdb', web, { minAvailable: 2 }));
    sim.advance(30_000);
    expect(numbers(sim, 'web-pdb').disruptionsAllowed).toBe(1);

    const evicted = evict(sim, 'web-0');
    expect(evicted.metadata.deletionTimestamp).toBeDefined();
    expect(evicted.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(evicted.status?.conditions?.find((c) => c.type === 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' });
    // The budget is spent at once, before the controller looks again.
    const spent = pdbOf(sim, 'web-pdb').status!;
    expect(spent.disruptionsAllowed).toBe(0);
    expect(Object.keys(spent.disruptedPods!)).toEqual(['web-0']);
    expect(spent.conditions?.[0]).toMatchObject({ status: 'False', reason: 'InsufficientPods' });

    let err = refusal(sim, 'web-1');
    expect(err.code).toBe(429);
    expect(err.reason).toBe('TooManyRequests');
    expect(err.message).toBe(EVICTION_BUDGET_MESSAGE);
    expect(err.details?.causes).toEqual([{ reason: 'DisruptionBudget', message: 'The disruption budget web-pdb needs 2 healthy pods and has 3 currently' }]);
    sim.advance(60_000);
    expect(sim.store.tryGet('Pod', 'default', 'web-0')).toBeUndefined();
    err = refusal(sim, 'web-1');
    expect(err.details?.causes?.[0]?.message).toBe('The disruption budget web-pdb needs 2 healthy pods and has 2 currently');
    expect(podStatusReason(sim.store.get<Pod>('Pod', 'default', 'web-1'))).toBe('Running');

    // A replacement becomes ready: one more disruption is allowed.
    webPods(sim, 1, 3);
    sim.advance(30_000);
    expect(numbers(sim, 'web-pdb')).toEqual({ expectedPods: 3, currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1 });
    expect(evict(sim, 'web-1', { gracePeriodSeconds: 5 }).metadata.deletionGracePeriodSeconds).toBe(5);
    expect(refusal(sim, 'web-2').code).toBe(429);
  });

  it('without a PDB the pod is simply deleted; a missing pod is 404', () => {
    const { sim } = disruptionSim();
    webPods(sim, 1);
    sim.advance(30_000);
    expect(evict(sim, 'web-0').metadata.deletionTimestamp).toBeDefined();
    const err = refusal(sim, 'nope');
    expect(err.code).toBe(404);
    expect(err.message).toBe('pods "nope" not found');
  });

  it('refuses a pod covered by two budgets with 500', () => {
    const { sim } = disruptionSim();
    webPods(sim, 2);
    sim.store.create(pdb('a', web, { minAvailable: 0 }));
    sim.store.create(pdb('b', web, { maxUnavailable: 2 }));
    sim.advance(30_000);
    const err = refusal(sim, 'web-0');
    expect(err.code).toBe(500);
    expect(err.message).toBe(MULTIPLE_PDBS_MESSAGE);
    expect(sim.store.get<Pod>('Pod', 'default', 'web-0').metadata.deletionTimestamp).toBeUndefined();
  });

  it('answers 429 while a budget change has not been processed yet', () => {
    const { sim } = disruptionSim();
    webPods(sim, 3);
    sim.store.create(pdb('web-pdb', web, { minAvailable: 1 }));
    sim.advance(30_000);
    const current = pdbOf(sim, 'web-pdb');
    sim.store.update({ ...current, spec: { ...current.spec, minAvailable: 2 } }); // generation 2, not yet observed
    const err = refusal(sim, 'web-0');
    expect(err.code).toBe(429);
    expect(err.details).toMatchObject({ retryAfterSeconds: 10, causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget web-pdb is still being processed by the server.' }] });
  });

  it('ignores budgets for pods that are Pending, finished or already terminating', () => {
    const { sim } = disruptionSim();
    webPods(sim, 1);
    sim.store.create({ ...pod('huge', web), spec: { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '64' } } }] } });
    sim.store.create(pdb('strict', web, { minAvailable: 5 }));
    sim.advance(30_000);
    expect(numbers(sim, 'strict').disruptionsAllowed).toBe(0);
    expect(sim.store.get<Pod>('Pod', 'default', 'huge').status?.phase).toBe('Pending');
    expect(() => evict(sim, 'huge')).not.toThrow();
    expect(sim.store.tryGet('Pod', 'default', 'huge')).toBeUndefined(); // unscheduled pods go at once
    expect(refusal(sim, 'web-0').code).toBe(429);
    // Already terminating: the eviction just deletes (with a shorter grace, if asked).
    sim.store.delete('Pod', 'default', 'web-0');
    expect(evict(sim, 'web-0', { gracePeriodSeconds: 1 }).metadata.deletionGracePeriodSeconds).toBe(1);
    // Finished: no disruption left to cause.
    const done = pod('done', web, undefined, { 'sim.kubedrill.io/duration': '5s' });
    sim.store.create({ ...done, spec: { ...done.spec, restartPolicy: 'Never' } });
    sim.advance(30_000);
    expect(sim.store.get<Pod>('Pod', 'default', 'done').status?.phase).toBe('Succeeded');
    evict(sim, 'done');
    expect(sim.store.tryGet('Pod', 'default', 'done')).toBeUndefined();
  });

  it('unready pods: deleted when the budget is healthy (IfHealthyBudget) or always (AlwaysAllow), else 429', () => {
    const { sim } = disruptionSim();
    webPods(sim, 2);
    const unready = (name: string, labels: Record<string, string>) => pod(name, labels, undefined, { 'sim.kubedrill.io/fail-readiness': 'true' }, true);
    sim.store.create(unready('sick', web));
    sim.store.create(pdb('web-pdb', web, { minAvailable: 2 }));
    sim.store.create(unready('lone', { app: 'lone' }));
    sim.store.create(pdb('lone-if', { app: 'lone' }, { minAvailable: 1 }));
    sim.store.create(unready('lone2', { app: 'lone2' }));
    sim.store.create(pdb('lone-always', { app: 'lone2' }, { minAvailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow' }));
    sim.advance(40_000);
    expect(sim.store.get<Pod>('Pod', 'default', 'sick').status?.phase).toBe('Running');
    expect(numbers(sim, 'web-pdb')).toEqual({ expectedPods: 3, currentHealthy: 2, desiredHealthy: 2, disruptionsAllowed: 0 });
    // currentHealthy ≥ desiredHealthy: the application is whole, the unready pod may go without spending the budget.
    expect(evict(sim, 'sick').metadata.deletionTimestamp).toBeDefined();
    expect(pdbOf(sim, 'web-pdb').status!.disruptedPods).toEqual({});
    // The budget is not met (0 of 1 healthy): IfHealthyBudget protects even the unready pod.
    expect(refusal(sim, 'lone').details?.causes?.[0]?.message).toBe('The disruption budget lone-if needs 1 healthy pods and has 0 currently');
    expect(evict(sim, 'lone2').metadata.deletionTimestamp).toBeDefined();
  });

  it('dry-run and bad grace periods change nothing', () => {
    const { sim } = disruptionSim();
    webPods(sim, 2);
    sim.store.create(pdb('web-pdb', web, { minAvailable: 1 }));
    sim.advance(30_000);
    const before = pdbOf(sim, 'web-pdb').metadata.resourceVersion;
    const podBefore = sim.store.get<Pod>('Pod', 'default', 'web-0').metadata.resourceVersion;
    expect(evict(sim, 'web-0', { dryRun: true }).metadata.deletionTimestamp).toBeDefined();
    expect(() => evict(sim, 'web-0', { gracePeriodSeconds: -1 })).toThrow(/gracePeriodSeconds/);
    expect(pdbOf(sim, 'web-pdb').metadata.resourceVersion).toBe(before);
    const after = sim.store.get<Pod>('Pod', 'default', 'web-0');
    expect(after.metadata.resourceVersion).toBe(podBefore);
    expect(after.metadata.deletionTimestamp).toBeUndefined();
  });
});
