/** Builders and probes shared by the ReplicaSet, ReplicationController and Deployment tests. */
import type { Event, Pod, PodTemplateSpec } from '../../source/api/core.js';
import { ApiError } from '../../source/api/errors.js';
import type { KubeObject } from '../../source/api/meta.js';
import type { Deployment, DeploymentSpec, ReplicaSet } from '../../source/api/workloads.js';
import { DeploymentController } from '../../source/controllers/deployment/index.js';
import { ReplicaSetController } from '../../source/controllers/replicaset.js';
import { ReplicationControllerController } from '../../source/controllers/replicationcontroller.js';
import type { Simulation } from '../../source/cluster/simulation.js';
import type { AdmissionPlugin } from '../../source/store/admission.js';
import type { ApiStore } from '../../source/store/store.js';
import { type TestClusterOptions, testSimulation } from '../sim-helpers.js';

/** A pod template running nginx with the given labels and annotations. */
export function template(labels: Record<string, string>, annotations?: Record<string, string>, image = 'nginx:1.27'): PodTemplateSpec {
  return {
    metadata: { labels, ...(annotations ? { annotations } : {}) },
    spec: { containers: [{ name: 'app', image, resources: { requests: { cpu: '10m', memory: '32Mi' } } }] },
  };
}

export function replicaSet(name: string, replicas: number, labels: Record<string, string> = { app: name }, extra: Partial<ReplicaSet['spec']> = {}): ReplicaSet {
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name, namespace: 'default' },
    spec: { replicas, selector: { matchLabels: labels }, template: template(labels), ...extra },
  };
}

export function deployment(name: string, replicas: number, spec: Partial<DeploymentSpec> = {}, annotations?: Record<string, string>): Deployment {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default', ...(annotations ? { annotations } : {}) },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: template({ app: name }), ...spec },
  };
}

/** A simulation running the three replication controllers. */
export function workloadSimulation(opts: TestClusterOptions = {}): Simulation {
  return testSimulation({
    ...opts,
    components: (e) => [new ReplicaSetController(e), new ReplicationControllerController(e), new DeploymentController(e), ...(opts.components?.(e) ?? [])],
  });
}

export function podsOf(store: ApiStore, owner: KubeObject): Pod[] {
  return store.select<Pod>('Pod', { ownerUid: owner.metadata.uid }).filter((p) => p.metadata.ownerReferences?.some((r) => r.controller && r.uid === owner.metadata.uid));
}

/** Events about an object, in creation order, as `reason: message` lines. */
export function eventLines(store: ApiStore, obj: KubeObject, reason?: string): string[] {
  return store.select<Event>('Event', { namespace: obj.metadata.namespace })
    .filter((e) => e.involvedObject.uid === obj.metadata.uid && (!reason || e.reason === reason))
    .map((e) => `${e.reason}: ${e.message}`);
}

export function getDeployment(sim: Simulation, name: string): Deployment {
  return sim.store.get<Deployment>('Deployment', 'default', name);
}

/** A ResourceQuota-like refusal: at most `limit` pods in the namespace, with upstream's message shape. */
export function podLimit(limit: number): AdmissionPlugin {
  return {
    name: 'TestPodQuota',
    validate(obj, op, _old, store) {
      if (obj.kind !== 'Pod' || op !== 'CREATE') return [];
      const used = store.select('Pod', { namespace: obj.metadata.namespace }).length;
      if (used >= limit) {
        throw new ApiError('Forbidden', `pods "${obj.metadata.name}" is forbidden: exceeded quota: pod-quota, requested: pods=1, used: pods=${used}, limited: pods=${limit}`);
      }
      return [];
    },
  };
}

/** The `<rs>-<5 safe chars>` pod name pattern. */
export const podNameOf = (owner: string): RegExp => new RegExp(`^${owner}-[bcdfghjklmnpqrstvwxz2456789]{5}$`);
