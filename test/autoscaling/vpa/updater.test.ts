import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../source/api/core.js';
import type { PodDisruptionBudget } from '../../../source/api/cluster-kinds.js';
import { priorityForUpdate, updatePriority } from '../../../source/autoscaling/vpa/priority.js';
import { VpaUpdater } from '../../../source/autoscaling/vpa/updater.js';
import type { Simulation } from '../../../source/cluster/simulation.js';
import { disabled, settleAddons, testSimulation } from '../../sim-helpers.js';
import { events, podsOf, setRecommendation, vpa, webDeployment } from './helpers.js';

const HOUR = 60 * 60_000;
const running = (sim: Simulation) => podsOf(sim).filter((p) => p.status?.phase === 'Running');

/** Deployment `web` with `replicas` pods at 100m/128Mi, all Running, and VPA `web-vpa` in `mode`. */
function setup(replicas: number, mode: 'Recreate' | 'Auto' | 'Initial' | 'Off' = 'Recreate', minReplicas?: number): Simulation {
  // The Simulation wires the admission plugin; the built-in vpa component is off so the test sets recommendations itself.
  const sim = testSimulation({ components: () => disabled('vpa') });
  settleAddons(sim);
  sim.store.create(webDeployment(replicas, { cpu: '100m', memory: '128Mi' }));
  sim.store.create(vpa({ updatePolicy: { updateMode: mode, ...(minReplicas ? { minReplicas } : {}) } }));
  expect(sim.engine.advanceUntil(() => running(sim).length === replicas && running(sim).every((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')), 120_000)).toBe(true);
  return sim;
}

const updater = (sim: Simulation) => new VpaUpdater(sim.store, sim.engine.events);

describe('VPA updater', () => {
  it('evicts a pod whose request is below the lower bound, within the 50% eviction tolerance, with upstream events', () => {
    const sim = setup(3);
    setRecommendation(sim, 'web-vpa', { cpu: '500m', memory: '128Mi' }, { cpu: '400m', memory: '100Mi' }, { cpu: '2', memory: '1Gi' });
    const pass = updater(sim).runOnce();
    // tolerance = int(3 × 0.5) = 1: one eviction per pass, so two of three pods keep serving.
    expect(pass.evicted).toHaveLength(1);
    const victim = pass.evicted[0]!.split('/')[1]!;
    expect(events(sim, 'EvictedByVPA')).toEqual([`Pod/${victim} EvictedByVPA: Pod was evicted by VPA Updater to apply resource recommendation.`]);
    expect(events(sim, 'EvictedPod')).toEqual([`VerticalPodAutoscaler/web-vpa EvictedPod: VPA Updater evicted Pod ${victim} to apply resource recommendation.`]);
    // The ReplicaSet replaces it and the admission controller gives the new pod the target.
    sim.advance(30_000);
    const requests = podsOf(sim).map((p) => p.spec.containers[0]!.resources!.requests!.cpu).sort();
    expect(requests).toEqual(['100m', '100m', '500m']);
  });

  it('evicts one pod at a time from a 2-replica Deployment (tolerance rounds to 0) and none from a single replica', () => {
    const two = setup(2);
    setRecommendation(two, 'web-vpa', { cpu: '500m' }, { cpu: '400m' }, { cpu: '2' });
    expect(updater(two).runOnce().evicted).toHaveLength(1);
    const one = setup(1);
    setRecommendation(one, 'web-vpa', { cpu: '500m' }, { cpu: '400m' }, { cpu: '2' });
    expect(updater(one).runOnce().evicted).toEqual([]); // fewer live pods than --min-replicas (2)
  });

  it('respects a per-VPA minReplicas', () => {
    const sim = setup(2, 'Recreate', 3);
    setRecommendation(sim, 'web-vpa', { cpu: '500m' }, { cpu: '400m' }, { cpu: '2' });
    expect(updater(sim).runOnce().evicted).toEqual([]);
  });

  it('respects a PodDisruptionBudget: the eviction API refuses and the pod stays', () => {
    const sim = setup(3);
    sim.store.create<PodDisruptionBudget>({
      apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web-pdb', namespace: 'default' },
      spec: { minAvailable: 3, selector: { matchLabels: { app: 'web' } } },
    });
    sim.advance(5_000);
    setRecommendation(sim, 'web-vpa', { cpu: '500m' }, { cpu: '400m' }, { cpu: '2' });
    const before = podsOf(sim).map((p) => p.metadata.name);
    const pass = updater(sim).runOnce();
    expect(pass.evicted).toEqual([]);
    expect(pass.refused).toHaveLength(3);
    expect(podsOf(sim).map((p) => p.metadata.name)).toEqual(before);
    expect(events(sim, 'EvictedByVPA')).toEqual([]);
  });

  it('does not evict in Initial or Off mode, nor pods within the bounds before 12 h', () => {
    for (const mode of ['Initial', 'Off'] as const) {
      const sim = setup(3, mode);
      setRecommendation(sim, 'web-vpa', { cpu: '500m' }, { cpu: '400m' }, { cpu: '2' });
      expect(updater(sim).runOnce().evicted).toEqual([]);
    }
    const sim = setup(3);
    setRecommendation(sim, 'web-vpa', { cpu: '150m' }, { cpu: '50m' }, { cpu: '1' }); // 100m is inside [50m, 1]
    expect(updater(sim).runOnce().evicted).toEqual([]);
    sim.advance(12 * HOUR); // long-lived now, and 50% off the target (≥ the 10% update threshold)
    expect(updater(sim).runOnce().evicted).toHaveLength(1);
  });
});

describe('update priority', () => {
  const pod = (cpu: string, annotations?: Record<string, string>): Pod => ({
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', ...(annotations ? { annotations } : {}) },
    spec: { containers: [{ name: 'app', image: 'x', resources: { requests: { cpu, memory: '100Mi' } } }] },
    status: { phase: 'Running', startTime: '2026-01-01T00:00:00Z' },
  });
  const withRec = vpa({ updatePolicy: { updateMode: 'Recreate' } });
  withRec.status = { recommendation: { containerRecommendations: [{ containerName: 'app', target: { cpu: '200m', memory: '100Mi' }, lowerBound: { cpu: '150m', memory: '50Mi' }, upperBound: { cpu: '400m', memory: '1Gi' } }] } };
  const start = Date.parse('2026-01-01T00:00:00Z');

  it('sums the relative difference per resource and flags scale-up and out-of-range pods', () => {
    expect(updatePriority(pod('100m'), withRec)).toEqual({ outsideRecommendedRange: true, scaleUp: true, resourceDiff: 1 });
    expect(updatePriority(pod('250m'), withRec)).toEqual({ outsideRecommendedRange: false, scaleUp: false, resourceDiff: 0.2 });
    // Containers the admission controller did not observe are left out.
    expect(updatePriority(pod('100m', { vpaObservedContainers: '' }), withRec)).toEqual({ outsideRecommendedRange: false, scaleUp: false, resourceDiff: 0 });
  });

  it('updates an in-range pod only after 12 h and only with a difference of at least 10%', () => {
    expect(priorityForUpdate(pod('250m'), withRec, start + HOUR)).toBeUndefined();
    expect(priorityForUpdate(pod('250m'), withRec, start + 12 * HOUR)).toMatchObject({ resourceDiff: 0.2 });
    expect(priorityForUpdate(pod('210m'), withRec, start + 12 * HOUR)).toBeUndefined(); // 210m vs 200m: under 10%
  });
});
