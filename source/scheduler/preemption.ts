/**
 * DefaultPreemption (PostFilter): find nodes where evicting lower-priority pods lets the pod fit, pick the victims
 * on each (remove all lower-priority pods, then reprieve PDB-violating ones first, most important first), and choose
 * one node by upstream's lexicographic criteria.
 */
import type { Pod } from '../api/core.js';
import {
  type CycleContext, type CycleState, runAddPod, runFiltersWithNominatedPods, runRemovePod,
} from './framework.js';
import { fitErrorMessage } from './message.js';
import type { NodeInfo } from './node-info.js';
import { compileSelector } from './selector-cache.js';
import { NO_LABELS, type PdbInfo, type Status, podKey, podNamespace, rejection } from './types.js';

/** Reason for nodes whose filter status was UnschedulableAndUnresolvable (or absent). */
export const REASON_NOT_HELPFUL = 'Preemption is not helpful for scheduling';
/** Reason for a node without lower-priority pods. */
export const REASON_NO_VICTIMS = 'No preemption victims found for incoming pod';
/** MinCandidateNodesPercentage / MinCandidateNodesAbsolute (DefaultPreemptionArgs defaults). */
export const MIN_CANDIDATE_NODES_PERCENTAGE = 10;
export const MIN_CANDIDATE_NODES_ABSOLUTE = 100;

const NOT_HELPFUL = rejection('DefaultPreemption', 'UnschedulableAndUnresolvable', REASON_NOT_HELPFUL);
const NO_VICTIMS = rejection('DefaultPreemption', 'UnschedulableAndUnresolvable', REASON_NO_VICTIMS);
const INT32_SHIFT = 2 ** 31; // MaxInt32 + 1: keeps the sum of priorities positive, as upstream does

/** What preemption decided. */
export interface PreemptionOutcome {
  /** "preemption: …" to append to the FailedScheduling message; absent when a node was nominated. */
  readonly message?: string;
  /** The node the pod is nominated to, after its victims are evicted. */
  readonly nominatedNode?: string;
  /** Pods to evict (DisruptionTarget condition, then delete with their grace period). */
  readonly victims: readonly Pod[];
  /** Lower-priority pods nominated to the same node, whose nomination must be cleared. */
  readonly lowerPriorityNominatedPods: readonly Pod[];
  /** Value for the pod's status.nominatedNodeName: a node, '' to clear it, undefined to leave it unchanged. */
  readonly nominatedNodeName?: string;
  /** Dry-run verdicts of the nodes that were tried and failed. */
  readonly statuses?: ReadonlyMap<string, Status>;
}

const NONE: readonly Pod[] = Object.freeze([]);

/** metav1 start time in ms; a pod that has not started counts as starting "now", i.e. after every started pod. */
function startTime(p: Pod): number {
  const t = p.status?.startTime ? Date.parse(p.status.startTime) : NaN;
  return Number.isNaN(t) ? Infinity : t;
}

/** util.MoreImportantPod as a sort comparator: higher priority first, then earlier start. */
function byImportance(priorityOf: (p: Pod) => number) {
  return (a: Pod, b: Pod): number => {
    const pa = priorityOf(a), pb = priorityOf(b);
    if (pa !== pb) return pb - pa;
    const sa = startTime(a), sb = startTime(b);
    return sa < sb ? -1 : sa > sb ? 1 : 0;
  };
}

/** calculateNumCandidates: max(10% of the nodes, 100), at most all of them. */
export function numCandidates(numNodes: number): number {
  const n = Math.max(Math.trunc((numNodes * MIN_CANDIDATE_NODES_PERCENTAGE) / 100), MIN_CANDIDATE_NODES_ABSOLUTE);
  return Math.min(n, numNodes);
}

/** filterPodsWithPDBViolation: split pods by whether evicting them (in order) would exceed a PDB's budget. */
export function splitByPdbViolation(pods: readonly Pod[], pdbs: readonly PdbInfo[]): [Pod[], Pod[]] {
  const allowed = pdbs.map((p) => p.disruptionsAllowed);
  const violating: Pod[] = [], ok: Pod[] = [];
  for (const pod of pods) {
    let violated = false;
    const labels = pod.metadata.labels ?? NO_LABELS;
    // A pod without labels matches no PDB.
    if (Object.keys(labels).length) {
      for (let i = 0; i < pdbs.length; i++) {
        const pdb = pdbs[i]!;
        if (pdb.namespace !== podNamespace(pod)) continue;
        const sel = compileSelector(pdb.selector);
        // An empty (or absent) selector matches nothing here.
        if (sel.empty || !sel.matches(labels)) continue;
        // Already being evicted: the API server has charged the budget for it.
        if (pdb.disruptedPods && pod.metadata.name !== undefined && pdb.disruptedPods[pod.metadata.name] !== undefined) continue;
        if (--allowed[i]! < 0) violated = true;
      }
    }
    (violated ? violating : ok).push(pod);
  }
  return [violating, ok];
}

interface Candidate { readonly name: string; readonly victims: readonly Pod[]; readonly numPDBViolations: number }

/** SelectVictimsOnNode on copies of the node and the cycle state. */
function selectVictimsOnNode(ctx: CycleContext, cycle: CycleState, original: NodeInfo):
  { status: Status } | { victims: Pod[]; numPDBViolations: number } {
  const info = original.clone();
  const state = cycle.clone();
  const priorityOf = ctx.options.priorityOf;
  const potential = info.pods.filter((p) => priorityOf(p) < ctx.priority);
  for (const p of potential) { info.removePod(p); runRemovePod(ctx, state, p, info); }
  if (potential.length === 0) return { status: NO_VICTIMS };
  // Not fitting even with every lower-priority pod gone: this node's filter status is the answer.
  const blocked = runFiltersWithNominatedPods(ctx, state, info);
  if (blocked) return { status: blocked };
  const important = byImportance(priorityOf);
  potential.sort(important);
  const [violating, nonViolating] = splitByPdbViolation(potential, ctx.options.pdbs);
  const victims: Pod[] = [];
  const reprieve = (p: Pod): boolean => {
    info.addPod(p);
    runAddPod(ctx, state, p, info);
    if (!runFiltersWithNominatedPods(ctx, state, info)) return true;
    info.removePod(p);
    runRemovePod(ctx, state, p, info);
    victims.push(p);
    return false;
  };
  let numPDBViolations = 0;
  for (const p of violating) if (!reprieve(p)) numPDBViolations++;
  for (const p of nonViolating) reprieve(p);
  if (violating.length && nonViolating.length) victims.sort(important);
  return { victims, numPDBViolations };
}

/** GetEarliestPodStartTime: earliest start among the highest-priority victims. */
function earliestStartOfTopVictims(victims: readonly Pod[], priorityOf: (p: Pod) => number): number {
  let maxPriority = priorityOf(victims[0]!);
  let earliest = startTime(victims[0]!);
  for (const p of victims) {
    const pr = priorityOf(p);
    if (pr === maxPriority) earliest = Math.min(earliest, startTime(p));
    else if (pr > maxPriority) { maxPriority = pr; earliest = startTime(p); }
  }
  return earliest;
}

/**
 * pickOneNodeForPreemption, lexicographic: fewest PDB violations; lowest highest-victim priority; smallest sum of
 * (priority + 2^31); fewest victims; latest start among the highest-priority victims; then the first remaining.
 */
export function pickOneNodeForPreemption(candidates: readonly Candidate[], priorityOf: (p: Pod) => number): Candidate | undefined {
  const criteria: ((c: Candidate) => number)[] = [
    (c) => -c.numPDBViolations,
    (c) => -priorityOf(c.victims[0]!),
    (c) => -c.victims.reduce((s, p) => s + priorityOf(p) + INT32_SHIFT, 0),
    (c) => -c.victims.length,
    (c) => earliestStartOfTopVictims(c.victims, priorityOf),
  ];
  let remaining = candidates.filter((c) => c.victims.length > 0);
  for (const score of criteria) {
    if (remaining.length <= 1) break;
    const scores = remaining.map(score);
    const best = Math.max(...scores);
    remaining = remaining.filter((_, i) => scores[i] === best);
  }
  return remaining[0];
}

/** podTerminatingByPreemption: being deleted with DisruptionTarget=True reason PreemptionByScheduler. */
function terminatingByPreemption(p: Pod): boolean {
  if (!p.metadata.deletionTimestamp) return false;
  const c = p.status?.conditions?.find((x) => x.type === 'DisruptionTarget');
  return c !== undefined && c.status === 'True' && c.reason === 'PreemptionByScheduler';
}

/** Evaluator.Preempt with DefaultPreemption's policies. `statusOf` gives each node's filter status. */
export function preempt(ctx: CycleContext, cycle: CycleState, nodes: readonly NodeInfo[],
  statusOf: (nodeName: string) => Status | undefined): PreemptionOutcome {
  const pod = ctx.pod;
  if (pod.spec?.preemptionPolicy === 'Never') {
    return { message: 'preemption: not eligible due to preemptionPolicy=Never.', victims: NONE, lowerPriorityNominatedPods: NONE };
  }
  const nominated = pod.status?.nominatedNodeName;
  const nominatedStatus = nominated ? statusOf(nominated) : undefined;
  // A nominated node that is now unresolvable (or was not evaluated) no longer holds the pod back.
  if (nominated && nominatedStatus && nominatedStatus.code !== 'UnschedulableAndUnresolvable') {
    const info = ctx.snapshot.get(nominated);
    if (info?.pods.some((p) => ctx.options.priorityOf(p) < ctx.priority && terminatingByPreemption(p))) {
      return {
        message: 'preemption: not eligible due to a terminating pod on the nominated node.',
        victims: NONE, lowerPriorityNominatedPods: NONE,
      };
    }
  }
  const numAllNodes = nodes.length;
  const potential = nodes.filter((n) => {
    const st = statusOf(n.name);
    return st !== undefined && st.code !== 'UnschedulableAndUnresolvable';
  });
  const statuses = new Map<string, Status>();
  const noCandidates = (): PreemptionOutcome => ({
    message: `preemption: ${fitErrorMessage({
      numAllNodes, statuses: statuses.values(), absentStatus: NOT_HELPFUL, absentCount: numAllNodes - statuses.size,
    })}`,
    victims: NONE, lowerPriorityNominatedPods: NONE, nominatedNodeName: '', statuses,
  });
  if (potential.length === 0) return noCandidates();
  // Dry runs start at a random offset and stop once enough candidates (one of them PDB-clean) are found.
  const offset = Math.floor(ctx.options.rand() * potential.length);
  const wanted = numCandidates(potential.length);
  const clean: Candidate[] = [], violating: Candidate[] = [];
  for (let i = 0; i < potential.length; i++) {
    const info = potential[(offset + i) % potential.length]!;
    const r = selectVictimsOnNode(ctx, cycle, info);
    if ('status' in r) { statuses.set(info.name, r.status); continue; }
    if (r.victims.length === 0) {
      statuses.set(info.name, rejection('DefaultPreemption', 'UnschedulableAndUnresolvable',
        `expected at least one victim pod on node "${info.name}"`));
      continue;
    }
    (r.numPDBViolations === 0 ? clean : violating).push({ name: info.name, ...r });
    if (clean.length > 0 && clean.length + violating.length >= wanted) break;
  }
  const best = pickOneNodeForPreemption([...clean, ...violating], ctx.options.priorityOf);
  if (!best) return noCandidates();
  const lower = (ctx.snapshot.nominatedPodsOn(best.name) ?? NONE)
    .filter((p) => ctx.options.priorityOf(p) < ctx.priority && podKey(p) !== ctx.podKey);
  return {
    nominatedNode: best.name, nominatedNodeName: best.name, victims: best.victims, lowerPriorityNominatedPods: lower,
    statuses,
  };
}
