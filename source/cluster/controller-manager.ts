/**
 * kube-controller-manager (plus the cloud controller's load balancers): every control loop the simulation runs,
 * in a fixed registration order — part of the determinism contract, since the step loop drains in this order.
 */
import type { Cluster } from '../api/kubedrill-kinds.js';
import { CronJobController } from '../controllers/cronjob/index.js';
import { DaemonSetController } from '../controllers/daemonset/index.js';
import { DeploymentController } from '../controllers/deployment/index.js';
import { DisruptionController } from '../controllers/disruption.js';
import { EndpointsController } from '../controllers/endpoints.js';
import { EndpointSliceController } from '../controllers/endpointslice.js';
import { JobController, TtlAfterFinishedController } from '../controllers/job/index.js';
import { NodeLifecycleController, PodGCController } from '../controllers/node-lifecycle/index.js';
import { ReplicaSetController } from '../controllers/replicaset.js';
import { ReplicationControllerController } from '../controllers/replicationcontroller.js';
import { ResourceQuotaController } from '../controllers/resourcequota.js';
import { ServiceAccountController } from '../controllers/serviceaccount.js';
import { ServiceLoadBalancerController } from '../controllers/service-lb.js';
import { StatefulSetController } from '../controllers/statefulset/index.js';
import { storageControllers } from '../controllers/storage/index.js';
import { TaintEvictionController } from '../controllers/taint-eviction.js';
import type { Component, Engine } from '../engine/engine.js';

/** Controllers built on demand under their component names (tests swap in their own instance under the same name). */
export interface ControllerFactory {
  /** The component names the factory builds (several for a group such as storage). */
  names: string[];
  build: (engine: Engine) => Component | Component[];
}

/** Every controller-manager loop, in drain order. */
export function controllerFactories(cluster: Cluster): ControllerFactory[] {
  const cp = cluster.spec.controlPlane ?? {};
  const f = (names: string | string[], build: ControllerFactory['build']): ControllerFactory => ({ names: ([] as string[]).concat(names), build });
  return [
    f('node-lifecycle-controller', (e) => new NodeLifecycleController(e, { nodeMonitorGracePeriodSeconds: cp.nodeMonitorGracePeriodSeconds })),
    f('taint-eviction-controller', (e) => new TaintEvictionController(e)),
    f('pod-garbage-collector-controller', (e) => new PodGCController(e)),
    f('serviceaccount-controller', (e) => new ServiceAccountController(e)),
    f('resourcequota-controller', (e) => new ResourceQuotaController(e)),
    f('deployment-controller', (e) => new DeploymentController(e)),
    f('replicaset-controller', (e) => new ReplicaSetController(e)),
    f('replicationcontroller-controller', (e) => new ReplicationControllerController(e)),
    f('statefulset-controller', (e) => new StatefulSetController(e)),
    f('daemonset-controller', (e) => new DaemonSetController(e)),
    f('job-controller', (e) => new JobController(e)),
    f('ttl-after-finished-controller', (e) => new TtlAfterFinishedController(e)),
    f('cronjob-controller', (e) => new CronJobController(e)),
    f('endpoints-controller', (e) => new EndpointsController(e)),
    f('endpointslice-controller', (e) => new EndpointSliceController(e)),
    f('disruption-controller', (e) => new DisruptionController(e)),
    f(['persistentvolume-binder-controller', 'external-provisioner', 'persistentvolumeclaim-protection-controller', 'persistentvolume-protection-controller'],
      (e) => storageControllers(e)),
    f('service-lb-controller', (e) => new ServiceLoadBalancerController(e)),
  ];
}

/**
 * Build and register the controllers. A component in `extra` whose name a factory builds replaces that factory
 * (which is then never constructed, so it never watches or sets timers); extras with new names go last.
 */
export function registerControllers(engine: Engine, cluster: Cluster, extra: Component[]): void {
  const replacements = new Map(extra.map((c) => [c.name, c]));
  for (const factory of controllerFactories(cluster)) {
    if (factory.names.some((n) => replacements.has(n))) {
      for (const n of factory.names) {
        const r = replacements.get(n);
        if (r) { engine.register(r); replacements.delete(n); }
      }
      continue;
    }
    const built = ([] as Component[]).concat(factory.build(engine));
    for (const c of built) {
      if (!factory.names.includes(c.name)) throw new Error(`controller factory for ${factory.names.join(', ')} built "${c.name}"`);
      engine.register(c);
    }
  }
  for (const c of replacements.values()) engine.register(c);
}
