/** Chaos test fixtures: a settled test cluster with the fault manager, workloads, and event probes. */
import type { Event, Pod, Service } from '../../source/api/core.js';
import type { KubeObject } from '../../source/api/meta.js';
import type { Deployment } from '../../source/api/workloads.js';
import type { FaultManager } from '../../source/chaos/fault-manager.js';
import type { Simulation } from '../../source/cluster/simulation.js';
import { type TestClusterOptions, createAll, settleAddons, testSimulation } from '../sim-helpers.js';

export interface ChaosSim { sim: Simulation; faults: FaultManager }

/** A settled test cluster (kube-system Ready) and its fault manager (`sim.faults`, component `chaos`). */
export function chaosSim(opts: TestClusterOptions = {}): ChaosSim {
  const sim = testSimulation(opts);
  settleAddons(sim);
  return { sim, faults: sim.faults };
}

/** A Deployment of nginx pods labelled app=<name> (small requests, so they fit anywhere). */
export function web(name: string, replicas: number, opts: { readinessProbe?: boolean; namespace?: string } = {}): Deployment {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: opts.namespace ?? 'default' },
    spec: {
      replicas, selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [{
            name: 'app', image: 'nginx:1.27', ports: [{ containerPort: 80 }], resources: { requests: { cpu: '10m', memory: '32Mi' } },
            ...(opts.readinessProbe ? { readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 } } : {}),
          }],
        },
      },
    },
  };
}

/** A Service selecting app=<app>. */
export function service(name: string, app = name, annotations?: Record<string, string>): Service {
  return {
    apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default', ...(annotations ? { annotations } : {}) },
    spec: { selector: { app }, ports: [{ port: 80, targetPort: 80 }] },
  };
}

/** Create objects and advance until every pod labelled app=<app> is Running and Ready (or fail). */
export function deploy(sim: Simulation, objects: KubeObject[], app: string, count: number): Pod[] {
  createAll(sim, objects);
  const ok = sim.engine.advanceUntil(() => readyPods(sim, app).length === count, 120_000);
  if (!ok) throw new Error(`app=${app}: ${readyPods(sim, app).length} of ${count} pods Ready after 120 s`);
  return readyPods(sim, app);
}

const isReady = (p: Pod): boolean => !!p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

/** Live (not terminating) pods labelled app=<app>. */
export function podsOf(sim: Simulation, app: string, namespace = 'default'): Pod[] {
  return sim.store.select<Pod>('Pod', { namespace }).filter((p) => p.metadata.labels?.app === app && !p.metadata.deletionTimestamp);
}

/** Live pods labelled app=<app> that are Ready. */
export function readyPods(sim: Simulation, app: string): Pod[] {
  return podsOf(sim, app).filter(isReady);
}

/** Events with `reason`, as `Kind/name: message` lines, in creation order. */
export function events(sim: Simulation, reason: string): string[] {
  return sim.store.select<Event>('Event').filter((e) => e.reason === reason)
    .map((e) => `${e.involvedObject.kind}/${e.involvedObject.name}: ${e.message}`);
}

/** Events with `reason` and their source component. */
export function eventSources(sim: Simulation, reason: string): string[] {
  return sim.store.select<Event>('Event').filter((e) => e.reason === reason).map((e) => e.source?.component ?? '');
}
