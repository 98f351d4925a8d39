/**
 * The probe vocabulary: checks over the simulation that steady-state hypotheses, `when` conditions and objectives
 * are made of (Chaos Toolkit's probes with a tolerance). Each is written in a drill as a map with `type` plus the
 * fields below, and optionally `label` (how reports name it); `namespace` defaults to the drill's `spec.namespace`.
 *
 *   service-availability  service, min (percent), window (default 1m; `drill`: since the drill started)
 *   service-latency       service, max (duration): mean latency of served requests now
 *   service-endpoints     service, min (default 1): ready endpoints in its EndpointSlices
 *   ready-replicas        name, kind (Deployment | StatefulSet | ReplicaSet | DaemonSet; default Deployment), min
 *   no-pending-pods       longerThan (duration, default 0), selector, allNamespaces
 *   pod-count             status (the STATUS column: Running, Pending, CrashLoopBackOff, OOMKilled…), selector,
 *                         allNamespaces, and min / max / equals
 *   nodes-ready           min / max / equals, selector: Nodes whose Ready condition is True
 *   node-drained          node: cordoned, and nothing but DaemonSet and mirror pods left on it
 *   cost                  max (dollars spent since the drill started) and/or maxPerHour (the rate now)
 *   pvc                   name or names (`data-db-{0..2}` expands), phase (default Bound), keep (default true:
 *                         the same claim, same uid, as when the drill started)
 *   hpa                   name, min / max / atMax (true: currentReplicas reached spec.maxReplicas)
 *   no-pdb-violations     allNamespaces: every PodDisruptionBudget has currentHealthy ≥ desiredHealthy
 *   field                 kind, name, path (`spec.replicas`, `status.conditions[0].status`), equals (null: absent)
 */
import type { LabelSelector } from '../api/meta.js';

/** Probe `type` names, in the order documented above. */
export const PROBE_TYPES = [
  'service-availability', 'service-latency', 'service-endpoints', 'ready-replicas', 'no-pending-pods', 'pod-count',
  'nodes-ready', 'node-drained', 'cost', 'pvc', 'hpa', 'no-pdb-violations', 'field',
] as const;
export type ProbeType = (typeof PROBE_TYPES)[number];

/** Kinds `ready-replicas` reads `status.readyReplicas` (DaemonSet: `numberReady`) of. */
export const READY_KINDS = ['Deployment', 'StatefulSet', 'ReplicaSet', 'DaemonSet'] as const;

/** A count bound: every bound given must hold. */
export interface CountBound { min?: number; max?: number; equals?: number }

interface Base {
  /** Shown in reports; default a description of the probe. */
  label: string;
  /** Field path in the drill file, for messages. */
  path: string;
}

/** One parsed probe. */
export type ProbeSpec = Base & (
  | { type: 'service-availability'; namespace: string; service: string; min: number; windowMs: number | 'drill' }
  | { type: 'service-latency'; namespace: string; service: string; maxMs: number }
  | { type: 'service-endpoints'; namespace: string; service: string; min: number }
  | { type: 'ready-replicas'; namespace: string; kind: (typeof READY_KINDS)[number]; name: string; min: number }
  | { type: 'no-pending-pods'; namespace?: string; selector?: LabelSelector; longerThanMs: number }
  | ({ type: 'pod-count'; namespace?: string; selector?: LabelSelector; status?: string } & CountBound)
  | ({ type: 'nodes-ready'; selector?: LabelSelector } & CountBound)
  | { type: 'node-drained'; node: string }
  | { type: 'cost'; max?: number; maxPerHour?: number }
  | { type: 'pvc'; namespace: string; names: string[]; phase: string; keep: boolean }
  | ({ type: 'hpa'; namespace: string; name: string; atMax: boolean } & CountBound)
  | { type: 'no-pdb-violations'; namespace?: string }
  | { type: 'field'; namespace?: string; kind: string; name: string; fieldPath: string; equals: unknown }
);

/** What one evaluation of a probe found. */
export interface ProbeResult {
  label: string;
  ok: boolean;
  /** What was measured, e.g. `availability 97.31% over 1m (min 99.9%)`. */
  detail: string;
}
