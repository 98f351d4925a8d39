/**
 * Stopping and starting simulated components on behalf of faults, with reference counts: scheduler-down and
 * api-server-down may both hold the scheduler, and it runs again only when the last of them is reverted — and
 * only if it was running before the first (a component someone else stopped stays stopped).
 *
 * Names are engine component names (`scheduler`, `deployment-controller`, …) or `static:<component>` for the
 * health of a control-plane static pod (the kube-scheduler pod crash-loops while the scheduler is down).
 * A `slow` hold stops a component between pulses: each pulse lets it do one round of queued work, which is how
 * an API server that answers late looks to its clients (every watch and write takes a round trip).
 */
import type { Simulation } from '../cluster/simulation.js';
import { STATIC_COMPONENTS, type StaticComponent } from '../kubelet/static-pods.js';

/** How a component is held: stopped outright, or let through once per pulse. */
export type HoldKind = 'stop' | 'slow';

const STATIC_PREFIX = 'static:';

export class ComponentGate {
  /** component → owner (fault id) → kind of hold. */
  private readonly holds = new Map<string, Map<string, HoldKind>>();
  /** Whether each held component was up before the first hold. */
  private readonly before = new Map<string, boolean>();

  constructor(private readonly sim: Simulation) {}

  /** Hold `names` for `owner`; names the simulation does not have are skipped. Returns the names held. */
  hold(owner: string, names: readonly string[], kind: HoldKind = 'stop'): string[] {
    const held: string[] = [];
    for (const name of names) {
      if (!this.known(name)) continue;
      let h = this.holds.get(name);
      if (!h) {
        this.before.set(name, this.isUp(name));
        this.holds.set(name, (h = new Map()));
        this.setUp(name, false);
      }
      h.set(owner, kind);
      held.push(name);
    }
    return held;
  }

  /** Drop every hold of `owner`; components nobody holds any more come back (if they were up before). */
  release(owner: string): void {
    for (const [name, h] of [...this.holds]) {
      if (!h.delete(owner) || h.size > 0) continue;
      this.holds.delete(name);
      const wasUp = this.before.get(name) ?? true;
      this.before.delete(name);
      if (wasUp) this.setUp(name, true);
    }
  }

  /** One round trip: components held only by `slow` holds do their queued work, then stop again. */
  pulse(): void {
    const open: string[] = [];
    for (const [name, h] of this.holds) {
      if (!this.before.get(name)) continue;
      let onlySlow = true;
      for (const kind of h.values()) if (kind !== 'slow') onlySlow = false;
      if (onlySlow) open.push(name);
    }
    if (!open.length) return;
    for (const name of open) this.setUp(name, true);
    try {
      this.sim.engine.settle();
    } finally {
      for (const name of open) this.setUp(name, false);
    }
  }

  /** Whether any fault holds `name`. */
  isHeld(name: string): boolean {
    return this.holds.has(name);
  }

  private known(name: string): boolean {
    if (name.startsWith(STATIC_PREFIX)) return (STATIC_COMPONENTS as readonly string[]).includes(name.slice(STATIC_PREFIX.length));
    return this.sim.engine.componentNames().includes(name);
  }

  private isUp(name: string): boolean {
    if (name.startsWith(STATIC_PREFIX)) return this.sim.kubelets.staticHealthy(name.slice(STATIC_PREFIX.length) as StaticComponent);
    return this.sim.engine.isRunning(name);
  }

  private setUp(name: string, up: boolean): void {
    if (name.startsWith(STATIC_PREFIX)) this.sim.kubelets.setStaticPodHealth(name.slice(STATIC_PREFIX.length) as StaticComponent, up);
    else this.sim.setComponentRunning(name, up);
  }
}

const gates = new WeakMap<Simulation, ComponentGate>();

/** The one gate of a simulation (faults share it, so their holds add up). */
export function componentGate(sim: Simulation): ComponentGate {
  let g = gates.get(sim);
  if (!g) gates.set(sim, (g = new ComponentGate(sim)));
  return g;
}

/** The static pod name a control-plane component's health is held under. */
export function staticPod(component: StaticComponent): string {
  return STATIC_PREFIX + component;
}
