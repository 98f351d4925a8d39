/**
 * The fault contract shared by the fault catalogue (chaos/), the fault manager, drills (drill/) and the UI's fault
 * menu. A fault type knows which objects it applies to, which parameters it takes, and how to inject itself; the
 * manager resolves targets, keeps the active faults, reverts them (by hand, on their duration, or all at once) and
 * records their start and end as events. Everything happens in virtual time through the simulation's components.
 */
import type { KubeObject, LabelSelector } from '../api/meta.js';
import type { Simulation } from '../cluster/simulation.js';

/** What a fault can be aimed at (the fault menu's object types). */
export type FaultTargetKind = 'Pod' | 'Node' | 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Service' | 'Zone' | 'NodePool' | 'ControlPlane';

/** Chaos Mesh's selection modes: one random target, all, N, a percentage, or a random share up to a percentage. */
export type FaultMode = 'one' | 'all' | 'fixed' | 'fixed-percent' | 'random-max-percent';

/** Which objects a fault hits: by name, or by namespace + label selector, then narrowed by `mode`. */
export interface FaultTarget {
  kind: FaultTargetKind;
  namespace?: string;
  /** One object by name (for Zone: the zone name; for ControlPlane: the component, e.g. `scheduler`). */
  name?: string;
  selector?: LabelSelector;
  mode?: FaultMode;
  /** N for `fixed`, P for `fixed-percent` / `random-max-percent`. */
  value?: number;
}

/** One parameter of a fault type, for validation, the fault menu's form and `kubedrill faults` help. */
export interface FaultParam {
  name: string;
  type: 'duration' | 'number' | 'string' | 'boolean' | 'quantity' | 'traffic-model';
  description: string;
  default?: string | number | boolean;
  required?: boolean;
}

/** A request to inject a fault (what a keystroke, a drill timeline step or the API asks for). */
export interface FaultSpec {
  type: string;
  target: FaultTarget;
  params?: Record<string, string | number | boolean>;
  /** Revert by itself after this long (virtual ms); absent: until reverted. */
  durationMs?: number;
}

/** A fault in effect. */
export interface ActiveFault {
  id: string;
  spec: FaultSpec;
  /** The resolved targets, as `Kind/namespace/name` (or `Zone/<zone>`, `ControlPlane/<component>`). */
  targets: string[];
  startedAt: number;
  endsAt?: number;
}

/** A fault type as the catalogue lists it (the fault menu, `kubedrill faults`, drill validation). */
export interface FaultTypeInfo {
  /** e.g. `pod-kill`, `node-crash`, `zone-outage`, `scheduler-down`, `traffic-spike`. */
  type: string;
  description: string;
  /** The target kinds the fault applies to (the fault menu offers it on these rows). */
  appliesTo: FaultTargetKind[];
  params: FaultParam[];
  /** For control-plane faults: the component it acts on (`kube-scheduler`, …), so a ControlPlane target may omit its name. */
  controlPlaneComponent?: 'etcd' | 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler';
  /** A one-shot fault (pod-kill): it acts once, is never active, has nothing to revert and takes no duration. */
  instant?: boolean;
}

/**
 * The fault manager as drills, the UI and the HTTP API use it (component `chaos`, `sim.faults`). Errors are
 * thrown as `FaultError` with a message naming the field (`type`, `target.name`, `params.duration`, …).
 */
export interface FaultInjector {
  catalog(): FaultTypeInfo[];
  /** Check a spec without injecting: every problem, each naming the field. Empty: valid. */
  validate(spec: FaultSpec): string[];
  inject(spec: FaultSpec): ActiveFault;
  revert(id: string): ActiveFault | undefined;
  /** Revert every active fault at once (the global "stop all faults"). */
  stopAll(): ActiveFault[];
  active(): ActiveFault[];
  /** Faults started and ended so far, for the debrief timeline. */
  history(): { fault: ActiveFault; endedAt?: number }[];
}

/** A fault request that cannot be carried out (unknown type, no such target, bad parameter). */
export class FaultError extends Error {
  constructor(readonly field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'FaultError';
  }
}

/** One resolved target of a fault: an object (Pod, Node, Deployment, …) or a zone / node pool / control-plane component. */
export interface ResolvedTarget {
  kind: FaultTargetKind;
  namespace?: string;
  name: string;
  /** `Kind/namespace/name`, `Kind/name`, `Zone/<zone>`, `ControlPlane/<component>`. */
  ref: string;
  object?: KubeObject;
}

/**
 * Parameters after the manager checked them against the type's FaultParam list: durations in milliseconds,
 * quantities in base units (cores for cpu, bytes for memory), numbers, booleans, strings (traffic models as text).
 */
export type FaultParams = Record<string, string | number | boolean>;

/** What a fault implementation is given: the simulation, and its own id (for timer labels and event messages). */
export interface FaultContext {
  readonly sim: Simulation;
  readonly id: string;
}

/** A fault implementation in the catalogue. */
export interface FaultType extends FaultTypeInfo {
  /** Checks beyond the parameter types, each problem naming the field (`params.percent: must be 1..100`). */
  validateParams?(params: FaultParams): string[];
  /**
   * Checks that need the chosen targets (e.g. a readiness failure needs a readiness probe), each problem as
   * `field: message`. Runs before inject, and from validate() on every candidate.
   */
  checkTargets?(sim: Simulation, targets: ResolvedTarget[], params: FaultParams): string[];
  /**
   * Inject on the resolved targets; returns the revert. Throws FaultError when it cannot apply. The revert may
   * return a note for the FaultReverted event (e.g. what it left alone because the operator changed it since).
   */
  inject(ctx: FaultContext, targets: ResolvedTarget[], params: FaultParams): () => string | void;
}
