/**
 * What the Service registry does to an update before allocating (pkg/registry/core/service): wipe fields a type
 * change made meaningless (if the user did not also change them), and refill allocated values a client left out
 * (kubectl apply of a manifest without clusterIP or nodePort keeps the ones the Service has).
 */
import type { Service } from '../api/core.js';
import { deepEqual } from '../store/clone.js';

type Spec = Service['spec'] & {
  healthCheckNodePort?: number;
  allocateLoadBalancerNodePorts?: boolean;
  loadBalancerClass?: string;
};

const specOf = (svc: Service): Spec => svc.spec as Spec;
const needsClusterIP = (svc: Service) => svc.spec.type !== 'ExternalName';
const needsNodePort = (svc: Service) => svc.spec.type === 'NodePort' || svc.spec.type === 'LoadBalancer';

/** A LoadBalancer Service with externalTrafficPolicy Local gets a health-check node port. */
export function needsHealthCheckNodePort(svc: Service): boolean {
  return svc.spec.type === 'LoadBalancer' && svc.spec.externalTrafficPolicy === 'Local';
}

function externallyAccessible(svc: Service): boolean {
  return needsNodePort(svc) || (svc.spec.type === 'ClusterIP' && (svc.spec.externalIPs?.length ?? 0) > 0);
}

const nodePorts = (svc: Service) => (svc.spec.ports ?? []).map((p) => p.nodePort ?? 0);

/** dropTypeDependentFields, on the new object in place (it is the store's private copy). */
export function dropTypeDependentFields(svc: Service, old: Service): void {
  const spec = specOf(svc), was = specOf(old);
  if (needsClusterIP(old) && !needsClusterIP(svc)) {
    if (spec.clusterIP === was.clusterIP && deepEqual(spec.clusterIPs, was.clusterIPs)) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (deepEqual(spec.ipFamilies, was.ipFamilies)) delete spec.ipFamilies;
    if (spec.ipFamilyPolicy === was.ipFamilyPolicy) delete spec.ipFamilyPolicy;
  }
  if (needsNodePort(old) && !needsNodePort(svc) && deepEqual(nodePorts(svc), nodePorts(old))) {
    spec.ports = (spec.ports ?? []).map((p) => {
      const { nodePort: _dropped, ...rest } = p;
      return rest;
    });
  }
  if (needsHealthCheckNodePort(old) && !needsHealthCheckNodePort(svc) && spec.healthCheckNodePort === was.healthCheckNodePort) {
    delete spec.healthCheckNodePort;
  }
  if (old.spec.type === 'LoadBalancer' && svc.spec.type !== 'LoadBalancer') {
    if (spec.allocateLoadBalancerNodePorts !== undefined && spec.allocateLoadBalancerNodePorts === was.allocateLoadBalancerNodePorts) {
      delete spec.allocateLoadBalancerNodePorts;
    }
    if (spec.loadBalancerClass === was.loadBalancerClass) delete spec.loadBalancerClass;
  }
  if (externallyAccessible(old) && !externallyAccessible(svc) && spec.externalTrafficPolicy === was.externalTrafficPolicy) {
    delete spec.externalTrafficPolicy;
  }
  // The load balancer's status goes with the type (deprovisioning itself is the cloud controller's business).
  if (svc.spec.type !== 'LoadBalancer' && svc.status?.loadBalancer?.ingress?.length) svc.status = { ...svc.status, loadBalancer: {} };
}

/** patchAllocatedValues: keep the cluster IPs, node ports and health-check port the client did not send. */
export function patchAllocatedValues(svc: Service, old: Service): void {
  const spec = specOf(svc), was = specOf(old);
  if (needsClusterIP(old) && needsClusterIP(svc)) {
    if (!spec.clusterIP && was.clusterIP) spec.clusterIP = was.clusterIP;
    if ((spec.clusterIPs?.length ?? 0) === 0 && (was.clusterIPs?.length ?? 0) > 0) spec.clusterIPs = was.clusterIPs;
  }
  if (needsNodePort(old) && needsNodePort(svc)) {
    // Ports both versions name explicitly cannot be patched in elsewhere; the rest are matched by port name.
    const used = new Set(nodePorts(svc).filter((n) => n && nodePorts(old).includes(n)));
    const byName = new Map((was.ports ?? []).map((p) => [p.name ?? '', p.nodePort ?? 0] as const));
    spec.ports = (spec.ports ?? []).map((p) => {
      if (p.nodePort) return p;
      const prior = byName.get(p.name ?? '') ?? 0;
      return prior && !used.has(prior) ? { ...p, nodePort: prior } : p;
    });
  }
  if (needsHealthCheckNodePort(old) && needsHealthCheckNodePort(svc) && !spec.healthCheckNodePort && was.healthCheckNodePort) {
    spec.healthCheckNodePort = was.healthCheckNodePort;
  }
}
