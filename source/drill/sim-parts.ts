/**
 * The parts of a Simulation a drill uses beyond the store: traffic (SLIs, live models), cost, and the fault
 * injector — the Simulation facade's own (`sim.traffic`, `sim.cost`, `sim.faults`), behind narrow interfaces so
 * tests can substitute a fake injector.
 */
import type { FaultInjector } from '../chaos/types.js';
import type { Simulation } from '../cluster/simulation.js';
import type { TrafficModel } from '../traffic/models.js';
import type { ServiceSli } from '../traffic/sli.js';

/** What a drill reads and sets of traffic. */
export interface TrafficSource {
  sli(namespace: string, name: string): ServiceSli | undefined;
  services(): ServiceSli[];
  setModel(namespace: string, service: string, model: TrafficModel | string | undefined, opts?: { startMs?: number }): void;
}

/** What a drill reads of cost. */
export interface CostSource { total(): number; ratePerHour(): number }

/** A drill's handles on the simulation. */
export interface DrillParts {
  traffic: TrafficSource;
  cost: CostSource;
  /** Undefined when no fault injector is available (drills with faults cannot run). */
  faults?: FaultInjector;
}

/** Builds a fault injector for a simulation (the FaultManager, or a test's fake). */
export type InjectorFactory = (sim: Simulation) => FaultInjector;

/** The drill's parts of `sim`: the facade's own; `injector` overrides `sim.faults` (tests' fakes). */
export function drillParts(sim: Simulation, injector?: InjectorFactory): DrillParts {
  return { traffic: sim.traffic, cost: sim.cost, faults: injector ? injector(sim) : sim.faults };
}
