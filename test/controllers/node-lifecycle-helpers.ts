/** A simulation with the node lifecycle, taint-eviction and pod GC controllers, and small readers for the tests. */
import type { Event, Node, Pod, Taint } from '../../source/api/core.js';
import type { Simulation } from '../../source/cluster/simulation.js';
import { NodeLifecycleController, type NodeLifecycleOptions, PodGCController } from '../../source/controllers/node-lifecycle/index.js';
import { TaintEvictionController } from '../../source/controllers/taint-eviction.js';
import { testSimulation } from '../sim-helpers.js';

export function lifecycleSim(opts: Parameters<typeof testSimulation>[0] = {}, nlcOpts: NodeLifecycleOptions = {}) {
  let nlc: NodeLifecycleController | undefined;
  let te: TaintEvictionController | undefined;
  const sim = testSimulation({
    ...opts,
    components: (engine) => [(nlc = new NodeLifecycleController(engine, nlcOpts)), (te = new TaintEvictionController(engine)), new PodGCController(engine)],
  });
  return { sim, nlc: nlc!, te: te! };
}

export const pinned = (name: string, node: string, extra: Partial<Pod['spec']> = {}): Pod => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' },
  spec: { nodeName: node, containers: [{ name: 'app', image: 'nginx:1.27' }], ...extra },
});

export const nodeOf = (sim: Simulation, name: string) => sim.store.get<Node>('Node', undefined, name);
export const condOf = (n: Node, type: string) => n.status?.conditions?.find((c) => c.type === type);
export const taintKeys = (n: Node) => (n.spec.taints ?? []).map((t: Taint) => `${t.key}:${t.effect}`);
export const noExecuteAt = (n: Node) => n.spec.taints?.find((t) => t.effect === 'NoExecute')?.timeAdded;
export const podOf = (sim: Simulation, name: string) => sim.store.tryGet<Pod>('Pod', 'default', name);
export const terminating = (sim: Simulation, name: string) => !!podOf(sim, name)?.metadata.deletionTimestamp;
export const eventsFor = (sim: Simulation, name: string, reason?: string) => sim.store.select<Event>('Event')
  .filter((e) => e.involvedObject.name === name && (reason === undefined || e.reason === reason));
