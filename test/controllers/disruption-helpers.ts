/** Pods, budgets and inert owner objects for the disruption and eviction tests (no workload controllers run). */
import type { Pod } from '../../source/api/core.js';
import type { PodDisruptionBudget } from '../../source/api/cluster-kinds.js';
import type { IntOrString, KubeObject } from '../../source/api/meta.js';
import type { Simulation } from '../../source/cluster/simulation.js';
import { DisruptionController } from '../../source/controllers/disruption.js';
import { disabled, testSimulation } from '../sim-helpers.js';

export function disruptionSim(): { sim: Simulation; dc: DisruptionController } {
  let dc: DisruptionController | undefined;
  // The workload controllers are switched off: these tests build Deployments, ReplicaSets and pods by hand.
  const sim = testSimulation({ components: (engine) => [(dc = new DisruptionController(engine)), ...disabled('deployment-controller', 'replicaset-controller', 'statefulset-controller', 'job-controller')] });
  return { sim, dc: dc! };
}

const template = (labels: Record<string, string>) => ({ metadata: { labels }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } });

export function deployment(name: string, replicas: number, labels: Record<string, string>): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default' }, spec: { replicas, selector: { matchLabels: labels }, template: template(labels) } };
}

export function replicaSet(name: string, replicas: number, labels: Record<string, string>, owner?: KubeObject): KubeObject {
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: { name, namespace: 'default', ownerReferences: owner ? [ownerRef(owner)] : undefined },
    spec: { replicas, selector: { matchLabels: labels }, template: template(labels) },
  };
}

export function ownerRef(owner: KubeObject) {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

export function pod(name: string, labels: Record<string, string>, owner?: KubeObject, annotations?: Record<string, string>, probe = false): Pod {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: 'default', labels, annotations, ownerReferences: owner ? [ownerRef(owner)] : undefined },
    spec: {
      containers: [{
        name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '50m', memory: '32Mi' } },
        ...(probe ? { readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 } } : {}),
      }],
    },
  };
}

export function pdb(name: string, labels: Record<string, string> | undefined, spec: { minAvailable?: IntOrString; maxUnavailable?: IntOrString; unhealthyPodEvictionPolicy?: 'IfHealthyBudget' | 'AlwaysAllow' }): PodDisruptionBudget {
  return {
    apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace: 'default' },
    spec: { ...spec, ...(labels ? { selector: { matchLabels: labels } } : {}) },
  };
}

export const pdbOf = (sim: Simulation, name: string) => sim.store.get<PodDisruptionBudget>('PodDisruptionBudget', 'default', name);

/** The numbers `kubectl describe pdb` shows. */
export function numbers(sim: Simulation, name: string) {
  const s = pdbOf(sim, name).status!;
  return { expectedPods: s.expectedPods, currentHealthy: s.currentHealthy, desiredHealthy: s.desiredHealthy, disruptionsAllowed: s.disruptionsAllowed };
}
