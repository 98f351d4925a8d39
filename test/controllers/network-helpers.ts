/** A test cluster with the networking controllers, service accounts and quota/limit admission installed. */
import type { Pod, Service } from '../../source/api/core.js';
import type { Simulation } from '../../source/cluster/simulation.js';
import { EndpointSliceController } from '../../source/controllers/endpointslice.js';
import { EndpointsController } from '../../source/controllers/endpoints.js';
import { ResourceQuotaController } from '../../source/controllers/resourcequota.js';
import { ServiceIPAllocator } from '../../source/controllers/service-ip.js';
import { type ServiceLoadBalancerOptions, ServiceLoadBalancerController } from '../../source/controllers/service-lb.js';
import { ServiceAccountController } from '../../source/controllers/serviceaccount.js';
import type { Component, Engine } from '../../source/engine/engine.js';
import { limitRangerAdmission } from '../../source/store/limitrange-admission.js';
import { resourceQuotaAdmission } from '../../source/store/quota-admission.js';
import { type TestClusterOptions, testSimulation } from '../sim-helpers.js';

export interface NetworkSim {
  sim: Simulation;
  endpoints: EndpointsController;
  slices: EndpointSliceController;
  lb: ServiceLoadBalancerController;
  quota: ResourceQuotaController;
}

/**
 * The test cluster plus this admission steps (ClusterIP/NodePort allocation, LimitRanger, ResourceQuota —
 * added unless the engine already has them) and its controllers, built here with the given options; they replace
 * the controller manager's own instances of the same name.
 */
export function networkSim(opts: TestClusterOptions & { lb?: ServiceLoadBalancerOptions; maxEndpointsPerSlice?: number } = {}): NetworkSim {
  const out = {} as NetworkSim;
  out.sim = testSimulation({
    ...opts,
    components: (engine: Engine): Component[] => {
      const have = new Set(engine.store.admission.map((p) => p.name));
      if (!have.has('ServiceIPAllocation')) {
        const allocator = new ServiceIPAllocator(engine.random);
        allocator.observe(engine.store.select<Service>('Service'));
        engine.store.admission.push(allocator.admission);
      }
      if (!have.has('LimitRanger')) engine.store.admission.push(limitRangerAdmission());
      if (!have.has('ResourceQuota')) engine.store.admission.push(resourceQuotaAdmission());
      out.endpoints = new EndpointsController(engine);
      out.slices = new EndpointSliceController(engine, { maxEndpointsPerSlice: opts.maxEndpointsPerSlice });
      out.lb = new ServiceLoadBalancerController(engine, opts.lb);
      out.quota = new ResourceQuotaController(engine);
      return [new ServiceAccountController(engine), out.quota, out.endpoints, out.slices, out.lb, ...(opts.components?.(engine) ?? [])];
    },
  });
  return out;
}

export interface PodOptions {
  namespace?: string;
  annotations?: Record<string, string>;
  ports?: { name?: string; containerPort: number; protocol?: 'TCP' | 'UDP' }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  image?: string;
  extra?: Partial<Pod['spec']>;
  generateName?: string;
}

/** A pod with labels (nginx unless told otherwise). */
export function pod(name: string, labels: Record<string, string>, o: PodOptions = {}): Pod {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { ...(o.generateName ? { generateName: o.generateName } : { name }), namespace: o.namespace ?? 'default', labels, annotations: o.annotations },
    spec: {
      containers: [{ name: 'app', image: o.image ?? 'nginx:1.27', ports: o.ports, ...(o.resources ? { resources: o.resources } : {}) }],
      ...o.extra,
    },
  };
}

/** A ClusterIP Service selecting `selector`. */
export function service(name: string, selector: Record<string, string> | undefined, ports: Service['spec']['ports'] = [{ port: 80, targetPort: 80 }], extra: Partial<Service['spec']> = {}, namespace = 'default'): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { ...(selector ? { selector } : {}), ports, ...extra } };
}

/** The error a call throws (fails the test if it does not throw). */
export function errorOf(fn: () => unknown): Error & { reason?: string; code?: number } {
  try {
    fn();
  } catch (err) {
    return err as Error & { reason?: string; code?: number };
  }
  throw new Error('expected an error');
}
