/** A small running cluster for tests: control plane + N workers over zones, the real scheduler and kubelets. */
import type { Pod } from '../source/api/core.js';
import type { Cluster, NodePool } from '../source/api/kubedrill-kinds.js';
import type { KubeObject } from '../source/api/meta.js';
import { defaultCatalog } from '../source/cluster/load.js';
import { Simulation, type SimulationOptions } from '../source/cluster/simulation.js';
import type { Component, Engine } from '../source/engine/engine.js';

export interface TestClusterOptions {
  workers?: number;
  zones?: string[];
  cpu?: string;
  memory?: string;
  seed?: number;
  /** Extra node pools after the workers. */
  pools?: NodePool[];
  components?: (engine: Engine) => Component[];
  /** Cluster Autoscaler flags for the simulation's own autoscaler. */
  autoscaler?: SimulationOptions['autoscaler'];
}

export function testCluster(opts: TestClusterOptions = {}): Cluster {
  return {
    apiVersion: 'kubedrill.io/v1', kind: 'Cluster', metadata: { name: 'test' },
    spec: {
      kubernetesVersion: 'v1.32.4', region: 'eu-west-1', seed: opts.seed ?? 1,
      nodePools: [
        { name: 'control-plane', count: 1, controlPlane: true, capacity: { cpu: '4', memory: '16Gi', pods: '110' }, zones: ['eu-west-1a'] },
        { name: 'workers', count: opts.workers ?? 3, capacity: { cpu: opts.cpu ?? '4', memory: opts.memory ?? '16Gi', pods: '110' }, zones: opts.zones ?? ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] },
        ...(opts.pools ?? []),
      ],
    },
  };
}

/** A running simulation with frozen objects (mutating a shared object throws). */
export function testSimulation(opts: TestClusterOptions = {}): Simulation {
  return new Simulation({ cluster: testCluster(opts), catalog: defaultCatalog(), seed: opts.seed, freeze: true, components: opts.components, autoscaler: opts.autoscaler });
}

/** Create objects through the store, failing the test on any error. */
export function createAll(sim: Simulation, objects: KubeObject[]): void {
  for (const o of objects) sim.store.create(o);
  sim.engine.settle();
}

/** Stand-ins that take a built-in controller's place and do nothing: for tests that drive objects by hand. */
export function disabled(...names: string[]): Component[] {
  return names.map((name) => ({ name, runOnce: () => false }));
}

const isReady = (p: Pod): boolean => !!p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

/**
 * Advance until every kube-system pod (kube-proxy on each node, the two CoreDNS pods, the control plane's static
 * pods) is Ready. A fresh cluster pulls the addon images at t=0 and a kubelet pulls one image at a time
 * (serializeImagePulls), so a pod created before this waits behind them; tests that time a pod from its creation
 * settle first. Throws if the addons are not Ready within `maxMs`.
 */
export function settleAddons(sim: Simulation, maxMs = 60_000): void {
  const settled = () => sim.store.select<Pod>('Pod', { namespace: 'kube-system' }).every(isReady);
  if (!sim.engine.advanceUntil(settled, maxMs)) {
    const waiting = sim.store.select<Pod>('Pod', { namespace: 'kube-system' }).filter((p) => !isReady(p)).map((p) => p.metadata.name);
    throw new Error(`kube-system pods not Ready after ${maxMs} ms: ${waiting.join(', ')}`);
  }
}
