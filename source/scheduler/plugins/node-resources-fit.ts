/**
 * NodeResourcesFit: Filter checks the pod count and every requested resource against allocatable minus requested;
 * Score (weight 1) rates cpu and memory (weights 1/1) with LeastAllocated (default) or MostAllocated, using
 * non-zero requests (100m / 200Mi for containers without requests).
 */
import type { FilterPlugin, ScorePlugin } from '../framework.js';
import type { NodeInfo } from '../node-info.js';
import { type PodResourceRequests, podRequests } from '../pod-resources.js';
import { MAX_NODE_SCORE, type Status, rejection } from '../types.js';

/** Reasons, emitted in this order. */
export const REASON_TOO_MANY_PODS = 'Too many pods';
export const REASON_INSUFFICIENT_CPU = 'Insufficient cpu';
export const REASON_INSUFFICIENT_MEMORY = 'Insufficient memory';
export const REASON_INSUFFICIENT_EPHEMERAL_STORAGE = 'Insufficient ephemeral-storage';

const PODS = 1, CPU = 2, MEMORY = 4, EPHEMERAL = 8;
const byMask: (Status | undefined)[] = [];

/** The status for a combination of the four fixed reasons, built once per combination. */
function statusFor(mask: number, extended: string[] | undefined): Status | undefined {
  if (mask === 0 && !extended) return undefined;
  if (!extended && byMask[mask]) return byMask[mask];
  const reasons: string[] = [];
  if (mask & PODS) reasons.push(REASON_TOO_MANY_PODS);
  if (mask & CPU) reasons.push(REASON_INSUFFICIENT_CPU);
  if (mask & MEMORY) reasons.push(REASON_INSUFFICIENT_MEMORY);
  if (mask & EPHEMERAL) reasons.push(REASON_INSUFFICIENT_EPHEMERAL_STORAGE);
  if (extended) reasons.push(...extended);
  const st = rejection('NodeResourcesFit', 'Unschedulable', ...reasons);
  if (!extended) byMask[mask] = st;
  return st;
}

/** fitsRequest: the insufficiencies of `info` for a pod with these requests (undefined = fits). */
export function fitsRequest(req: PodResourceRequests, info: NodeInfo): Status | undefined {
  let mask = 0;
  if (info.pods.length + 1 > info.allocatablePods) mask |= PODS;
  if (req.isZero) return statusFor(mask, undefined);
  if (req.milliCPU > 0 && req.milliCPU > info.allocatableMilliCPU - info.requestedMilliCPU) mask |= CPU;
  if (req.memory > 0 && req.memory > info.allocatableMemory - info.requestedMemory) mask |= MEMORY;
  if (req.ephemeralStorage > 0 && req.ephemeralStorage > info.allocatableEphemeralStorage - info.requestedEphemeralStorage) {
    mask |= EPHEMERAL;
  }
  let extended: string[] | undefined;
  if (req.scalar) {
    // Upstream walks a map (random order); sorted names keep messages deterministic.
    for (const name of [...req.scalar.keys()].sort()) {
      const want = req.scalar.get(name)!;
      if (want === 0) continue;
      if (want > info.allocatableScalarOf(name) - info.requestedScalarOf(name)) (extended ??= []).push(`Insufficient ${name}`);
    }
  }
  return statusFor(mask, extended);
}

/** The NodeResourcesFit filter. */
export const nodeResourcesFitFilter: FilterPlugin<PodResourceRequests> = {
  name: 'NodeResourcesFit',
  preFilter(ctx) {
    return { state: podRequests(ctx.pod) };
  },
  filter(_ctx, req, info) {
    return fitsRequest(req, info);
  },
};

/** leastRequestedScore: free share of the resource after placing the pod, 0 if over-committed. */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** mostRequestedScore: used share of the resource after placing the pod, capped at 100. */
export function mostRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  return Math.trunc((Math.min(requested, capacity) * MAX_NODE_SCORE) / capacity);
}

interface FitScoreState { readonly req: PodResourceRequests; readonly fn: (requested: number, capacity: number) => number }

function fitScore({ req, fn }: FitScoreState, info: NodeInfo): number {
  // Resources a node does not offer (allocatable 0) drop out of the weighted average.
  let sum = 0, weights = 0;
  if (info.allocatableMilliCPU !== 0) {
    sum += fn(info.nonZeroRequestedMilliCPU + req.nonZeroMilliCPU, info.allocatableMilliCPU);
    weights++;
  }
  if (info.allocatableMemory !== 0) {
    sum += fn(info.nonZeroRequestedMemory + req.nonZeroMemory, info.allocatableMemory);
    weights++;
  }
  return weights === 0 ? 0 : Math.trunc(sum / weights);
}

/** The NodeResourcesFit score. */
export const nodeResourcesFitScore: ScorePlugin<FitScoreState> = {
  name: 'NodeResourcesFit',
  weight: 1,
  preScore(ctx) {
    const fn = ctx.options.scoringStrategy === 'MostAllocated' ? mostRequestedScore : leastRequestedScore;
    return { state: { req: podRequests(ctx.pod), fn } };
  },
  score(_ctx, s, info) {
    return fitScore(s, info);
  },
  scoreAll(_ctx, s, nodes, out) {
    for (let i = 0; i < nodes.length; i++) out[i] = fitScore(s, nodes[i]!);
  },
};
