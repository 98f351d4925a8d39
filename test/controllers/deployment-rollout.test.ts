import { describe, expect, it } from 'vitest';
import type { Pod } from '../../source/api/core.js';
import type { ReplicaSet } from '../../source/api/workloads.js';
import {
  RolloutError, pauseDeployment, restartDeployment, resumeDeployment, rollbackDeployment, rolloutStatus,
} from '../../source/controllers/deployment/index.js';
import { createAll, settleAddons } from '../sim-helpers.js';
import { deployment, getDeployment, podsOf, template, workloadSimulation } from './deployment-helpers.js';

type Sim = ReturnType<typeof workloadSimulation>;
const setsOf = (sim: Sim) => sim.store.select<ReplicaSet>('ReplicaSet', { namespace: 'default' });
const byRevision = (sim: Sim, rev: string) => setsOf(sim).find((rs) => rs.metadata.annotations?.['deployment.kubernetes.io/revision'] === rev);

/** web at revision 1 (nginx:1.27), then revision 2 (nginx:1.28), both rolled out. */
function twoRevisions(): Sim {
  const sim = workloadSimulation();
  createAll(sim, [deployment('web', 2, {}, { 'kubernetes.io/change-cause': 'v1' })]);
  sim.advance(30_000);
  const d = getDeployment(sim, 'web');
  sim.store.update({
    ...d, metadata: { ...d.metadata, annotations: { ...d.metadata.annotations, 'kubernetes.io/change-cause': 'v2' } },
    spec: { ...d.spec, template: template({ app: 'web' }, undefined, 'nginx:1.28') },
  });
  sim.advance(60_000);
  return sim;
}

describe('kubectl rollout undo', () => {
  it('copies the previous revision\'s template back; that ReplicaSet becomes revision 3 with its history', () => {
    const sim = twoRevisions();
    const first = byRevision(sim, '1')!;
    expect(rollbackDeployment(sim.store, 'default', 'web')).toBe('deployment.apps/web rolled back');
    const d = getDeployment(sim, 'web');
    expect(d.spec.template.spec.containers[0]!.image).toBe('nginx:1.27');
    expect(d.spec.template.metadata?.labels).toEqual({ app: 'web' });
    expect(d.metadata.annotations?.['kubernetes.io/change-cause']).toBe('v1');
    sim.advance(60_000);
    const restored = sim.store.get<ReplicaSet>('ReplicaSet', 'default', first.metadata.name!);
    expect(restored.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1' });
    expect(restored.spec.replicas).toBe(2);
    expect(setsOf(sim)).toHaveLength(2);
    expect(getDeployment(sim, 'web').metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    const pods = podsOf(sim.store, restored).filter((p: Pod) => p.status?.phase === 'Running');
    expect(pods.map((p) => p.spec.containers[0]!.image)).toEqual(['nginx:1.27', 'nginx:1.27']);
    expect(rolloutStatus(sim.store, 'default', 'web').done).toBe(true);
  });

  it('rolls back to a given revision, and refuses unknown ones with kubectl\'s message', () => {
    const sim = twoRevisions();
    expect(() => rollbackDeployment(sim.store, 'default', 'web', 5)).toThrow(new RolloutError('unable to find specified revision 5 in history'));
    expect(() => rollbackDeployment(sim.store, 'default', 'web', -1)).toThrow('unable to find specified revision -1 in history');
    expect(rollbackDeployment(sim.store, 'default', 'web', 2)).toBe('deployment.apps/web skipped rollback (current template already matches revision 2)');
    expect(rollbackDeployment(sim.store, 'default', 'web', 1)).toBe('deployment.apps/web rolled back');
    expect(() => rollbackDeployment(sim.store, 'default', 'nope')).toThrow('deployments.apps "nope" not found');
  });

  it('has nothing to undo with a single revision, and refuses a paused Deployment', () => {
    const sim = workloadSimulation();
    createAll(sim, [deployment('web', 1)]);
    sim.advance(20_000);
    expect(() => rollbackDeployment(sim.store, 'default', 'web')).toThrow('no rollout history found for deployment "web"');
    const paused = twoRevisions();
    pauseDeployment(paused.store, 'default', 'web');
    expect(() => rollbackDeployment(paused.store, 'default', 'web')).toThrow("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
  });
});

describe('kubectl rollout restart / pause / resume', () => {
  it('restart stamps the template, which rolls every pod', () => {
    const sim = workloadSimulation();
    createAll(sim, [deployment('web', 2)]);
    sim.advance(30_000);
    const before = sim.store.select<Pod>('Pod', { namespace: 'default' }).map((p) => p.metadata.name);
    expect(restartDeployment(sim.store, 'default', 'web', '2026-01-01T00:00:30Z')).toBe('deployment.apps/web restarted');
    expect(getDeployment(sim, 'web').spec.template.metadata?.annotations).toEqual({ 'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:00:30Z' });
    sim.advance(60_000);
    const after = sim.store.select<Pod>('Pod', { namespace: 'default' });
    expect(after).toHaveLength(2);
    for (const p of after) {
      expect(before).not.toContain(p.metadata.name);
      expect(p.metadata.annotations?.['kubectl.kubernetes.io/restartedAt']).toBe('2026-01-01T00:00:30Z');
    }
    expect(setsOf(sim).map((rs) => rs.spec.replicas).sort()).toEqual([0, 2]);
  });

  it('pause and resume with kubectl\'s messages and refusals', () => {
    const sim = workloadSimulation();
    settleAddons(sim); // web's pod must be available by resume time: its image pull must not queue behind the addons'
    createAll(sim, [deployment('web', 1)]);
    sim.advance(10_000);
    expect(pauseDeployment(sim.store, 'default', 'web')).toBe('deployment.apps/web paused');
    expect(() => pauseDeployment(sim.store, 'default', 'web')).toThrow('deployments.apps "web" is already paused');
    expect(() => restartDeployment(sim.store, 'default', 'web', 'x')).toThrow("can't restart paused deployment (run rollout resume first)");
    sim.advance(1_000);
    expect(getDeployment(sim, 'web').status?.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
    expect(resumeDeployment(sim.store, 'default', 'web')).toBe('deployment.apps/web resumed');
    expect(() => resumeDeployment(sim.store, 'default', 'web')).toThrow('deployments.apps "web" is not paused');
    // Resumed (Unknown DeploymentResumed) is written first; the same sync then finds the rollout complete.
    const reasons: string[] = [];
    const w = sim.store.watch({ kind: 'Deployment', namespace: 'default' }, (e) => { // not kube-system's coredns
      const c = (e.object as ReturnType<typeof getDeployment>).status?.conditions?.find((x) => x.type === 'Progressing');
      if (c && reasons.at(-1) !== c.reason) reasons.push(c.reason!);
    });
    sim.advance(1);
    w.stop();
    expect(reasons).toEqual(['DeploymentPaused', 'DeploymentResumed', 'NewReplicaSetAvailable']);
  });
});
