/** A small running cluster for tests: control plane + N workers over zones, the real scheduler and kubelets. */
import type { Cluster, NodePool } from '../source/api/kubedrill-kinds.js';
import type { KubeObject } from '../source/api/meta.js';
import { defaultCatalog } from '../source/cluster/load.js';
import { Simulation } from '../source/cluster/simulation.js';
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
  return new Simulation({ cluster: testCluster(opts), catalog: defaultCatalog(), seed: opts.seed, freeze: true, components: opts.components });
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
