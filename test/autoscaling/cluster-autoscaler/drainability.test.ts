import { describe, expect, test } from 'vitest';
import type { Pod } from '../../../source/api/core.js';
import type { PodDisruptionBudget } from '../../../source/api/cluster-kinds.js';
import type { KubeObject } from '../../../source/api/meta.js';
import { PdbTracker, hasBlockingLocalStorage, podsToMove } from '../../../source/autoscaling/cluster-autoscaler/drainability.js';
import { resolveOptions } from '../../../source/autoscaling/cluster-autoscaler/options.js';
import type { Simulation } from '../../../source/cluster/simulation.js';
import { disabled, testSimulation } from '../../sim-helpers.js';

const o = resolveOptions();

function sim(): Simulation {
  return testSimulation({ components: () => disabled('disruption-controller', 'replicaset-controller', 'deployment-controller') });
}

function owner(sim: Simulation, kind = 'ReplicaSet', name = 'web-rs'): KubeObject {
  if (kind !== 'ReplicaSet') return { apiVersion: 'apps/v1', kind, metadata: { name, uid: `uid-${name}` } };
  const found = sim.store.tryGet('ReplicaSet', 'default', name);
  if (found) return found;
  return sim.store.create({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name, namespace: 'default' },
    spec: { replicas: 0, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } });
}

function pod(name: string, opts: { owner?: KubeObject; ns?: string; annotations?: Record<string, string>; volumes?: Pod['spec']['volumes']; phase?: string; deleting?: boolean } = {}): Pod {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name, namespace: opts.ns ?? 'default', uid: `uid-${name}`, labels: { app: 'web' }, annotations: opts.annotations,
      ...(opts.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
      ownerReferences: opts.owner ? [{ apiVersion: opts.owner.apiVersion, kind: opts.owner.kind, name: opts.owner.metadata.name!, uid: opts.owner.metadata.uid!, controller: true }] : undefined,
    },
    spec: { containers: [{ name: 'c', image: 'nginx' }], volumes: opts.volumes },
    status: opts.phase ? { phase: opts.phase as 'Running' } : undefined,
  };
}

function budget(s: Simulation, name: string, allowed: number, ns = 'default', selector: PodDisruptionBudget['spec']['selector'] = { matchLabels: { app: 'web' } }): void {
  const created = s.store.create<PodDisruptionBudget>({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace: ns }, spec: { minAvailable: 1, selector } });
  s.store.updateStatus<PodDisruptionBudget>({ ...created, status: { disruptionsAllowed: allowed, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1, observedGeneration: 1 } });
}

/** An owner of a kind the replica-count rule does not look up. */
const widget: KubeObject = { apiVersion: 'x/v1', kind: 'Widget', metadata: { name: 'w', uid: 'uid-w' } };

const blockOf = (s: Simulation, pods: Pod[], opts = o) => {
  const r = podsToMove(pods, s.store, new PdbTracker(s.store), opts);
  return r.blocking ? `${r.blocking.reason}: ${r.blocking.message}` : undefined;
};

describe('drainability rules', () => {
  test('replicated pods move, DaemonSet pods stay with the node, mirror and terminating pods are ignored', () => {
    const s = sim();
    const rs = owner(s);
    const pods = [
      pod('a', { owner: rs }), pod('ds', { owner: owner(s, 'DaemonSet', 'kube-proxy') }), pod('done', { phase: 'Succeeded' }),
      pod('mirror', { annotations: { 'kubernetes.io/config.mirror': 'x' } }), pod('bye', { deleting: true }),
    ];
    s.store.create({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'kube-proxy', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } } });
    const r = podsToMove(pods, s.store, new PdbTracker(s.store), o);
    expect(r.blocking).toBeUndefined();
    expect(r.pods.map((p) => p.metadata.name)).toEqual(['a', 'done']);
    expect(r.daemonSetPods.map((p) => p.metadata.name)).toEqual(['ds']);
  });

  test('blocking reasons and messages, in upstream order', () => {
    const s = sim();
    const rs = owner(s);
    expect(blockOf(s, [pod('bare')])).toBe('NotReplicated: default/bare is not replicated');
    expect(blockOf(s, [pod('bare', { annotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true' } })])).toBeUndefined();
    expect(blockOf(s, [pod('dns', { owner: widget, ns: 'kube-system' })])).toBe('UnmovableKubeSystemPod: non-daemonset, non-mirrored, non-pdb-assigned kube-system pod present: dns');
    expect(blockOf(s, [pod('dns', { owner: widget, ns: 'kube-system' })], resolveOptions({ skipNodesWithSystemPods: false }))).toBeUndefined();
    expect(blockOf(s, [pod('pinned', { owner: rs, annotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false' } })]))
      .toBe('NotSafeToEvictAnnotation: pod annotated as not safe to evict present: pinned');
    const scratch = [{ name: 'scratch', emptyDir: {} }];
    expect(blockOf(s, [pod('cache', { owner: rs, volumes: scratch })])).toBe('LocalStorageRequested: pod with local storage present: cache');
    expect(blockOf(s, [pod('cache', { owner: rs, volumes: scratch })], resolveOptions({ skipNodesWithLocalStorage: false }))).toBeUndefined();
    expect(blockOf(s, [pod('gone', { owner: { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'gone', uid: 'u' } } })]))
      .toBe('ControllerNotFound: replication controller for default/gone is not available, err: replicaset.apps "gone" not found');
    expect(blockOf(s, [pod('job-pod', { owner: { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', uid: 'u' } } })]))
      .toBe('ControllerNotFound: job for default/job-pod is not available: err: job.batch "j" not found');
    // A custom controller is trusted to recreate its pod.
    expect(blockOf(s, [pod('custom', { owner: widget })])).toBeUndefined();
  });

  test('local volumes: memory-backed emptyDir is fine, others unless listed in safe-to-evict-local-volumes', () => {
    const p = (volumes: Pod['spec']['volumes'], annotation?: string) =>
      pod('p', { volumes, annotations: annotation ? { 'cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes': annotation } : undefined });
    expect(hasBlockingLocalStorage(p([{ name: 'm', emptyDir: { medium: 'Memory' } }]))).toBe(false);
    expect(hasBlockingLocalStorage(p([{ name: 'h', hostPath: { path: '/var' } }]))).toBe(true);
    expect(hasBlockingLocalStorage(p([{ name: 'h', hostPath: { path: '/var' } }, { name: 'e', emptyDir: {} }], 'h, e'))).toBe(false);
    expect(hasBlockingLocalStorage(p([{ name: 'h', hostPath: { path: '/var' } }, { name: 'e', emptyDir: {} }], 'h'))).toBe(true);
    expect(hasBlockingLocalStorage(p([{ name: 'cm', configMap: { name: 'x' } }]))).toBe(false);
  });

  test('PDBs: a budget with no disruption left blocks, and one scan’s removals share the budget', () => {
    const s = sim();
    const rs = owner(s);
    budget(s, 'none-left', 0);
    expect(blockOf(s, [pod('a', { owner: rs })])).toBe('NotEnoughPdb: not enough pod disruption budget to move default/a');
    const s2 = sim();
    const rs2 = owner(s2);
    budget(s2, 'one-left', 1);
    const tracker = new PdbTracker(s2.store);
    const [a, b] = [pod('a', { owner: rs2 }), pod('b', { owner: rs2 })];
    expect(tracker.canRemove([a, b])).toBe(false);
    expect(tracker.canRemove([a])).toBe(true);
    tracker.remove([a]);
    expect(podsToMove([b], s2.store, tracker, o).blocking?.reason).toBe('NotEnoughPdb');
    // A kube-system pod covered by a budget may move.
    budget(s2, 'dns', 1, 'kube-system');
    expect(podsToMove([pod('dns', { owner: widget, ns: 'kube-system' })], s2.store, new PdbTracker(s2.store), o).blocking).toBeUndefined();
  });

  test('a budget with an unparsable selector covers nothing (no crash)', () => {
    // Admission refuses such a selector; a store restored from an older state could still hold one.
    const bad = { matchExpressions: [{ key: 'app', operator: 'Near' as 'In', values: ['web'] }] };
    const stored = (selector: PodDisruptionBudget['spec']['selector']): PodDisruptionBudget =>
      ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'b', namespace: 'default' }, spec: { minAvailable: 1, selector }, status: { disruptionsAllowed: 0 } } as PodDisruptionBudget);
    const trackerOf = (pdb: PodDisruptionBudget) => new PdbTracker({ select: () => [pdb] } as never);
    expect(trackerOf(stored({ matchLabels: { app: 'web' } })).matching(pod('a', { owner: widget }))).toHaveLength(1);
    expect(trackerOf(stored(bad)).matching(pod('a', { owner: widget }))).toEqual([]);
  });
});
