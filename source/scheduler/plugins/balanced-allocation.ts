/**
 * NodeResourcesBalancedAllocation (weight 1): prefer nodes whose cpu and memory utilisation would stay even.
 * Uses actual requests (no 100m/200Mi defaults); BestEffort pods are skipped (v1.33+, issue #129138).
 */
import type { ScorePlugin } from '../framework.js';
import type { NodeInfo } from '../node-info.js';
import { type PodResourceRequests, podRequests } from '../pod-resources.js';
import { MAX_NODE_SCORE } from '../types.js';

/** balancedResourceScorer over (requested, allocatable) pairs; pairs with allocatable 0 are left out. */
export function balancedScore(requested: readonly number[], allocatable: readonly number[]): number {
  const fractions: number[] = [];
  let total = 0;
  for (let i = 0; i < requested.length; i++) {
    if (allocatable[i] === 0) continue;
    const f = Math.min(1, requested[i]! / allocatable[i]!);
    fractions.push(f);
    total += f;
  }
  let std = 0;
  if (fractions.length === 2) std = Math.abs((fractions[0]! - fractions[1]!) / 2);
  else if (fractions.length > 2) {
    const mean = total / fractions.length;
    let sum = 0;
    for (const f of fractions) sum += (f - mean) * (f - mean);
    std = Math.sqrt(sum / fractions.length);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

/** The NodeResourcesBalancedAllocation score. */
export const balancedAllocationScore: ScorePlugin<PodResourceRequests> = {
  name: 'NodeResourcesBalancedAllocation',
  weight: 1,
  preScore(ctx) {
    const req = podRequests(ctx.pod);
    if (req.milliCPU === 0 && req.memory === 0) return { skip: true };
    return { state: req };
  },
  score(_ctx, req, info) {
    return cpuMemoryBalance(req, info);
  },
  scoreAll(_ctx, req, nodes, out) {
    for (let i = 0; i < nodes.length; i++) out[i] = cpuMemoryBalance(req, nodes[i]!);
  },
};

/** The two-resource case of balancedScore, without allocating per node. */
function cpuMemoryBalance(req: PodResourceRequests, info: NodeInfo): number {
  const ac = info.allocatableMilliCPU, am = info.allocatableMemory;
  if (ac === 0 || am === 0) return MAX_NODE_SCORE; // one fraction or none: std 0
  const fc = Math.min(1, (info.requestedMilliCPU + req.milliCPU) / ac);
  const fm = Math.min(1, (info.requestedMemory + req.memory) / am);
  return Math.trunc((1 - Math.abs((fc - fm) / 2)) * MAX_NODE_SCORE);
}
