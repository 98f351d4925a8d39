/**
 * Completion indexes of Indexed Jobs as ordered, merged intervals (indexed_job_utils.go): parsing and printing
 * `status.completedIndexes` ("0-2,5"), merging new indexes, and choosing the next indexes to run.
 */
import type { Pod } from '../../api/core.js';
import { UNKNOWN_INDEX, compareActivePods, completionIndex } from './job-pods.js';

/** A closed interval of indexes. */
export interface Interval { first: number; last: number }

/** Sorted, non-overlapping, non-adjacent intervals. */
export type Intervals = readonly Interval[];

/** Total number of indexes covered. */
export function totalIndexes(iv: Intervals): number {
  let n = 0;
  for (const x of iv) n += x.last - x.first + 1;
  return n;
}

export function hasIndex(iv: Intervals, ix: number): boolean {
  for (const x of iv) {
    if (ix < x.first) return false;
    if (ix <= x.last) return true;
  }
  return false;
}

/** orderedIntervals.String: `first-last`, but two neighbours print as `a,b`. */
export function formatIndexes(iv: Intervals): string {
  const parts: string[] = [];
  for (const x of iv) {
    if (x.last === x.first) parts.push(String(x.first));
    else if (x.last === x.first + 1) parts.push(`${x.first},${x.last}`);
    else parts.push(`${x.first}-${x.last}`);
  }
  return parts.join(',');
}

/** withOrderedIndexes: merge sorted indexes (duplicates allowed) into the intervals. */
export function withIndexes(iv: Intervals, sorted: readonly number[]): Interval[] {
  const out: Interval[] = [];
  const push = (first: number, last: number): void => {
    const prev = out[out.length - 1];
    if (prev && first <= prev.last + 1) prev.last = Math.max(prev.last, last);
    else out.push({ first, last });
  };
  let i = 0;
  for (const x of iv) {
    for (; i < sorted.length && sorted[i]! < x.first; i++) push(sorted[i]!, sorted[i]!);
    push(x.first, x.last);
  }
  for (; i < sorted.length; i++) push(sorted[i]!, sorted[i]!);
  return out;
}

/** parseIndexesFromString: invalid parts are skipped; indexes ≥ completions are dropped. */
export function parseIndexes(text: string | undefined, completions: number): Interval[] {
  const parsed: Interval[] = [];
  if (!text) return parsed;
  for (const part of text.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) continue;
    const first = Number(m[1]);
    const last = m[2] === undefined ? first : Number(m[2]);
    if (first >= completions || last < first) continue;
    parsed.push({ first, last: Math.min(last, completions - 1) });
  }
  parsed.sort((a, b) => a.first - b.first);
  const out: Interval[] = [];
  for (const x of parsed) {
    const prev = out[out.length - 1];
    if (prev && x.first <= prev.last + 1) prev.last = Math.max(prev.last, x.last);
    else out.push({ ...x });
  }
  return out;
}

/** The indexes of pods, sorted. */
export function podIndexes(pods: readonly Pod[]): number[] {
  const out: number[] = [];
  for (const p of pods) {
    const ix = completionIndex(p);
    if (ix !== UNKNOWN_INDEX) out.push(ix);
  }
  return out.sort((a, b) => a - b);
}

/** firstPendingIndexes: the lowest `count` indexes below completions that are neither done nor running. */
export function firstPendingIndexes(nonPending: Intervals, count: number, completions: number): number[] {
  const result: number[] = [];
  if (count <= 0) return result;
  let candidate = 0;
  for (const x of nonPending) {
    for (; candidate < completions && result.length < count && candidate < x.first; candidate++) result.push(candidate);
    if (candidate < x.last + 1) candidate = x.last + 1;
  }
  for (; candidate < completions && result.length < count; candidate++) result.push(candidate);
  return result;
}

/**
 * appendDuplicatedIndexPodsForRemoval: pods without a valid index, with an index ≥ completions, and all but the
 * most advanced pod of a repeated index are to be removed; the rest stay.
 */
export function splitDuplicatedIndexPods(pods: readonly Pod[], completions: number): { remove: Pod[]; keep: Pod[] } {
  const remove: Pod[] = [];
  const keep: Pod[] = [];
  const byIndex = new Map<number, Pod[]>();
  for (const p of pods) {
    const ix = completionIndex(p);
    if (ix === UNKNOWN_INDEX || ix >= completions) remove.push(p);
    else {
      const group = byIndex.get(ix);
      if (group) group.push(p);
      else byIndex.set(ix, [p]);
    }
  }
  for (const ix of [...byIndex.keys()].sort((a, b) => a - b)) {
    const group = byIndex.get(ix)!;
    if (group.length > 1) group.sort(compareActivePods);
    remove.push(...group.slice(0, -1));
    keep.push(group[group.length - 1]!);
  }
  return { remove, keep };
}
