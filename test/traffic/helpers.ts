/** Traffic test fixtures: a small running cluster with the traffic controller, pods pinned to nodes, Services. */
import type { Pod, Service } from '../../source/api/core.js';
import type { Simulation } from '../../source/cluster/simulation.js';
import type { TrafficController } from '../../source/traffic/traffic-controller.js';
import { type TestClusterOptions, settleAddons, testSimulation } from '../sim-helpers.js';

export interface TrafficSim { sim: Simulation; traffic: TrafficController }

/** A settled test cluster (kube-system Ready) whose traffic controller's model times count from now. */
export function trafficSim(opts: TestClusterOptions = {}): TrafficSim {
  const sim = testSimulation({ workers: 2, ...opts });
  settleAddons(sim);
  // The simulation's own controller, with model times counting from the settled cluster.
  sim.traffic.setOrigin(sim.now());
  return { sim, traffic: sim.traffic };
}

export interface PodOptions {
  node?: string;
  annotations?: Record<string, string>;
  limits?: Record<string, string>;
  requests?: Record<string, string>;
  image?: string;
  app?: string;
  /** Give the container an HTTP readiness probe on port 80. */
  readinessProbe?: boolean;
}

/** An nginx pod labelled app=<app> (default "web"), optionally bound to a node, with a port and resources. */
export function webPod(name: string, o: PodOptions = {}): Pod {
  const resources = o.limits || o.requests ? { resources: { ...(o.limits ? { limits: o.limits } : {}), ...(o.requests ? { requests: o.requests } : {}) } } : {};
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: o.app ?? 'web' }, annotations: o.annotations },
    spec: {
      ...(o.node ? { nodeName: o.node } : {}),
      containers: [{ name: 'app', image: o.image ?? 'nginx:1.27', ports: [{ containerPort: 80 }], ...resources,
        ...(o.readinessProbe ? { readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 } } : {}) }],
    },
  };
}

/** A Service selecting app=<app>, with annotations (e.g. the traffic model). */
export function webService(name: string, annotations: Record<string, string> = {}, app = name): Service {
  return {
    apiVersion: 'v1', kind: 'Service',
    metadata: { name, namespace: 'default', annotations },
    spec: { selector: { app }, ports: [{ port: 80, targetPort: 80 }] },
  };
}

/** Per-pod behaviour that makes the numbers easy: base CPU 10m, 1m CPU and 1Mi memory per request per second. */
export const EASY_PROFILE: Record<string, string> = {
  'sim.kubedrill.io/cpu': '10m',
  'sim.kubedrill.io/cpu-per-request': '1m',
  'sim.kubedrill.io/memory': '32Mi',
  'sim.kubedrill.io/memory-per-request': '1Mi',
};

/** CPU (millicores) a pod's containers use now, as the kubelet reports it. */
export function podCpu(sim: Simulation, name: string): number {
  return sim.kubelets.podUsage('default', name)?.containers.reduce((s, c) => s + c.cpuMilli, 0) ?? NaN;
}

/** Memory (bytes) a pod's containers use now. */
export function podMemory(sim: Simulation, name: string): number {
  return sim.kubelets.podUsage('default', name)?.containers.reduce((s, c) => s + c.memoryBytes, 0) ?? NaN;
}

export const MINUTE = 60_000;
export const Mi = 1024 * 1024;
