/**
 * A small FaultInjector for runner tests: enough fault types to drive drills without the fault manager —
 * node faults as a stopped kubelet (heartbeats stop, the node goes NotReady), scheduler-down, pod-kill.
 */
import type { Node } from '../../source/api/core.js';
import type { ActiveFault, FaultInjector, FaultSpec, FaultTypeInfo } from '../../source/chaos/types.js';
import type { Simulation } from '../../source/cluster/simulation.js';

const TYPES: FaultTypeInfo[] = [
  { type: 'node-crash', description: 'stop the kubelet', appliesTo: ['Node'], params: [] },
  { type: 'network-partition', description: 'stop the kubelet (approximation)', appliesTo: ['Node'], params: [] },
  { type: 'zone-outage', description: 'stop every kubelet of a zone', appliesTo: ['Zone'], params: [] },
  { type: 'scheduler-down', description: 'stop the scheduler', appliesTo: ['ControlPlane'], params: [] },
  { type: 'pod-kill', description: 'delete a pod', appliesTo: ['Pod'], params: [] },
];

export class FakeInjector implements FaultInjector {
  private readonly running = new Map<string, { fault: ActiveFault; revert: () => void }>();
  private readonly past: { fault: ActiveFault; endedAt?: number }[] = [];
  private seq = 0;
  /** Every spec validate() was asked about. */
  readonly validated: FaultSpec[] = [];

  constructor(private readonly sim: Simulation) {}

  catalog(): FaultTypeInfo[] {
    return TYPES;
  }

  validate(spec: FaultSpec): string[] {
    this.validated.push(spec);
    if (!TYPES.some((t) => t.type === spec.type)) return [`type: unknown fault type ${JSON.stringify(spec.type)}`];
    if (this.nodes(spec).length === 0 && spec.target.kind !== 'ControlPlane' && spec.target.kind !== 'Pod') return [`target.name: no node matches ${spec.target.name}`];
    if (spec.target.kind === 'Pod' && !this.sim.store.tryGet('Pod', spec.target.namespace, spec.target.name ?? '')) return [`target.name: pods "${spec.target.name}" not found`];
    return [];
  }

  private nodes(spec: FaultSpec): string[] {
    const all = this.sim.store.select<Node>('Node');
    if (spec.target.kind === 'Zone') return all.filter((n) => n.metadata.labels?.['topology.kubernetes.io/zone'] === spec.target.name).map((n) => n.metadata.name!);
    if (spec.target.kind === 'Node') return all.filter((n) => n.metadata.name === spec.target.name).map((n) => n.metadata.name!);
    return [];
  }

  inject(spec: FaultSpec): ActiveFault {
    const problems = this.validate(spec);
    if (problems.length) throw new Error(problems.join('; '));
    const id = `fault-${++this.seq}`;
    let targets: string[];
    let revert: () => void;
    if (spec.type === 'scheduler-down') {
      targets = ['ControlPlane/kube-scheduler'];
      this.sim.setComponentRunning('scheduler', false);
      revert = () => this.sim.setComponentRunning('scheduler', true);
    } else if (spec.type === 'pod-kill') {
      targets = [`Pod/${spec.target.namespace}/${spec.target.name}`];
      this.sim.store.delete('Pod', spec.target.namespace, spec.target.name!);
      revert = () => {};
    } else {
      const nodes = this.nodes(spec);
      targets = nodes.map((n) => `Node/${n}`);
      for (const n of nodes) this.sim.kubelets.stopKubelet(n);
      revert = () => { for (const n of nodes) this.sim.kubelets.startKubelet(n); };
    }
    const fault: ActiveFault = { id, spec, targets, startedAt: this.sim.now() };
    this.running.set(id, { fault, revert });
    this.past.push({ fault });
    if (spec.durationMs !== undefined) this.sim.engine.after(spec.durationMs, () => this.revert(id), 'fake-fault');
    this.sim.engine.settle();
    return fault;
  }

  revert(id: string): ActiveFault | undefined {
    const r = this.running.get(id);
    if (!r) return undefined;
    this.running.delete(id);
    r.revert();
    this.past.find((p) => p.fault.id === id)!.endedAt = this.sim.now();
    this.sim.engine.settle();
    return r.fault;
  }

  stopAll(): ActiveFault[] {
    return [...this.running.keys()].reverse().map((id) => this.revert(id)!);
  }

  active(): ActiveFault[] {
    return [...this.running.values()].map((r) => r.fault);
  }

  history(): { fault: ActiveFault; endedAt?: number }[] {
    return this.past.map((p) => ({ ...p }));
  }
}
