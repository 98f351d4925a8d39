/** A small simulation with an autoscaled pool, the cluster autoscaler and the cost meter registered. */
import type { ConfigMap, Event, Node, Pod } from '../../../source/api/core.js';
import type { NodePool } from '../../../source/api/kubedrill-kinds.js';
import type { KubeObject } from '../../../source/api/meta.js';
import type { Deployment } from '../../../source/api/workloads.js';
import { ClusterAutoscaler, type ClusterAutoscalerConfig } from '../../../source/autoscaling/cluster-autoscaler/cluster-autoscaler.js';
import { CostMeter } from '../../../source/autoscaling/cost.js';
import type { Simulation } from '../../../source/cluster/simulation.js';
import { testSimulation } from '../../sim-helpers.js';

/** The taint that keeps CoreDNS and other strays off the autoscaled pools (test deployments tolerate it). */
export const POOL_TAINT = { key: 'autoscaled', value: 'true', effect: 'NoSchedule' as const };

/** An autoscaled pool of 2-CPU nodes (1900m allocatable): min 1, max 4, 60 s to provision, $0.10/h. */
export function autoscaledPool(overrides: Partial<NodePool> = {}, autoscaling: Partial<NonNullable<NodePool['autoscaling']>> = {}): NodePool {
  return {
    name: 'pool-a', count: 1, capacity: { cpu: '2', memory: '8Gi', pods: '110' }, zones: ['eu-west-1a', 'eu-west-1b'],
    costPerHour: 0.1, taints: [POOL_TAINT], ...overrides,
    autoscaling: { enabled: true, min: 1, max: 4, provisioningDelaySeconds: 60, ...autoscaling },
  };
}

export interface CaSim {
  sim: Simulation;
  ca: ClusterAutoscaler;
  cost: CostMeter;
}

/** testSimulation with the given pools after the static workers; CA and the cost meter are the simulation's own. */
export function caSimulation(pools: NodePool[] = [autoscaledPool()], ca: Partial<ClusterAutoscalerConfig> = {}, seed = 1): CaSim {
  // The Simulation runs the autoscaler and the cost meter itself; the test only sets the flags.
  const sim = testSimulation({ pools, seed, autoscaler: ca });
  return { sim, ca: sim.autoscaler, cost: sim.cost };
}

/** A Deployment of pods requesting `cpu`, pinned to a pool by nodeSelector. */
export function deployment(name: string, replicas: number, cpu: string, pool = 'pool-a',
  extra: { annotations?: Record<string, string>; priority?: number; memory?: string; tolerate?: boolean } = {}): Deployment {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default' },
    spec: {
      replicas, selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name }, ...(extra.annotations ? { annotations: extra.annotations } : {}) },
        spec: {
          nodeSelector: { 'kubedrill.io/node-pool': pool },
          ...(extra.tolerate === false ? {} : { tolerations: [{ key: POOL_TAINT.key, operator: 'Exists' as const, effect: 'NoSchedule' as const }] }),
          ...(extra.priority !== undefined ? { priority: extra.priority } : {}),
          containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu, memory: extra.memory ?? '64Mi' } } }],
        },
      },
    },
  };
}

export function create(sim: Simulation, ...objects: KubeObject[]): void {
  for (const o of objects) sim.store.create(o);
  sim.engine.settle();
}

/** Pods of an app label. */
export function appPods(sim: Simulation, app: string): Pod[] {
  return sim.store.select<Pod>('Pod', { namespace: 'default' }).filter((p) => p.metadata.labels?.app === app && !p.metadata.deletionTimestamp);
}

export const running = (pods: Pod[]) => pods.filter((p) => p.spec.nodeName && p.status?.phase === 'Running');
export const pending = (pods: Pod[]) => pods.filter((p) => !p.spec.nodeName);

/** Nodes of a pool, by name. */
export function poolNodes(sim: Simulation, pool = 'pool-a'): string[] {
  return sim.store.select<Node>('Node').filter((n) => n.metadata.labels?.['kubedrill.io/node-pool'] === pool).map((n) => n.metadata.name!).sort();
}

/** Messages of events with `reason`, optionally about one object kind/name. */
export function events(sim: Simulation, reason: string, name?: string): string[] {
  return sim.store.select<Event>('Event').filter((e) => e.reason === reason && (name === undefined || e.involvedObject.name === name)).map((e) => e.message!);
}

/** The `status` text of the status ConfigMap. */
export function statusText(sim: Simulation): string {
  return sim.store.get<ConfigMap>('ConfigMap', 'kube-system', 'cluster-autoscaler-status').data!.status!;
}

/** Set a Deployment's replicas. */
export function scaleDeployment(sim: Simulation, name: string, replicas: number): void {
  const d = sim.store.get<Deployment>('Deployment', 'default', name);
  sim.store.update<Deployment>({ ...d, spec: { ...d.spec, replicas } });
  sim.engine.settle();
}

/** Advance until `predicate` holds (checked after every timer); returns the virtual time it first held. */
export function timeWhen(sim: Simulation, predicate: () => boolean, maxMs: number): number {
  if (!sim.engine.advanceUntil(predicate, maxMs)) throw new Error(`condition not reached within ${maxMs} ms`);
  return sim.now();
}
