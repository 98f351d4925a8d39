/**
 * Which pods a replica set deletes first when it has too many: upstream's ActivePodsWithRanks ordering, with
 * the PodDeletionCost and LogarithmicScaleDown features (both GA), and getPodsToDelete.
 */
import type { Pod } from '../../api/core.js';
import { isPodActive, isPodReady, podReadySince } from './pod-state.js';

/** The annotation that orders deletion by cost (lower cost is deleted first). */
export const POD_DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/**
 * helper.GetDeletionCostFromPodAnnotations: an int32 written without `+` or leading zeros; anything else
 * counts as 0 (the API rejects such values on pods anyway).
 */
export function podDeletionCost(pod: Pod): number {
  const v = pod.metadata.annotations?.[POD_DELETION_COST_ANNOTATION];
  if (v === undefined || !/^(0|-?[1-9][0-9]*)$/.test(v)) return 0;
  const n = Number(v);
  return n >= -2147483648 && n <= 2147483647 ? n : 0;
}

/** Highest restart count over regular containers, and over restartable (sidecar) init containers. */
function maxRestarts(pod: Pod): [number, number] {
  let regular = 0;
  for (const c of pod.status?.containerStatuses ?? []) regular = Math.max(regular, c.restartCount ?? 0);
  let sidecar = 0;
  const inits = pod.spec.initContainers;
  if (inits?.length) {
    const sidecars = new Set(inits.filter((c) => (c as { restartPolicy?: string }).restartPolicy === 'Always').map((c) => c.name));
    for (const c of pod.status?.initContainerStatuses ?? []) if (sidecars.has(c.name)) sidecar = Math.max(sidecar, c.restartCount ?? 0);
  }
  return [regular, sidecar];
}

/** floor(log2(now − t)) with the durations in nanoseconds, as Go's time.Duration; −1 for t at or after now. */
function logRank(t: number, nowMs: number): number {
  const d = nowMs - t;
  return d > 0 ? Math.floor(Math.log2(d * 1e6)) : -1;
}

/** Go's afterOrZero: t1 after t2, a zero (unknown) time counting as after any real one. */
function afterOrZero(t1: number | undefined, t2: number | undefined): boolean {
  if (t1 === undefined || t2 === undefined) return t1 === undefined;
  return t1 > t2;
}

/** One pod with what the ordering reads, computed once. */
interface RankedPod {
  pod: Pod;
  rank: number;
  ready: boolean;
  phase: number;
  cost: number;
  readySince: number | undefined;
  created: number | undefined;
  restarts: [number, number];
  uid: string;
}

function timeOrder(t1: number | undefined, t2: number | undefined, uid1: string, uid2: string, nowMs: number): number {
  if (t1 === t2) return 0;
  if (t1 === undefined || t2 === undefined) return afterOrZero(t1, t2) ? -1 : 1;
  const diff = logRank(t1, nowMs) - logRank(t2, nowMs);
  // Inside one log2 bucket the pods count as equally old; the uid breaks the tie pseudo-randomly.
  if (diff === 0) return uid1 < uid2 ? -1 : uid1 > uid2 ? 1 : 0;
  return diff < 0 ? -1 : 1;
}

/** ActivePodsWithRanks.Less as a comparator: negative when `a` should be deleted before `b`. */
function compareRanked(a: RankedPod, b: RankedPod, nowMs: number): number {
  const na = a.pod.spec.nodeName ?? '', nb = b.pod.spec.nodeName ?? '';
  // 1. Unassigned before assigned.
  if (na !== nb && (na === '' || nb === '')) return na === '' ? -1 : 1;
  // 2. Pending < Unknown < Running.
  if (a.phase !== b.phase) return a.phase - b.phase;
  // 3. Not ready before ready.
  if (a.ready !== b.ready) return a.ready ? 1 : -1;
  // 4. Lower pod-deletion-cost first.
  if (a.cost !== b.cost) return a.cost - b.cost;
  // 5. More active pods of the related sets on the same node first.
  if (a.rank !== b.rank) return b.rank - a.rank;
  // 6. Ready for less time first (log2 buckets).
  if (a.ready && b.ready && a.readySince !== b.readySince) {
    const c = timeOrder(a.readySince, b.readySince, a.uid, b.uid, nowMs);
    if (c !== 0) return c;
  }
  // 7. Higher restart count first (regular containers, then sidecars).
  if (a.restarts[0] !== b.restarts[0]) return b.restarts[0] - a.restarts[0];
  if (a.restarts[1] !== b.restarts[1]) return b.restarts[1] - a.restarts[1];
  // 8. Newer first (log2 buckets).
  if (a.created !== b.created) return timeOrder(a.created, b.created, a.uid, b.uid, nowMs);
  return 0;
}

function ranked(pod: Pod, rank: number): RankedPod {
  const created = pod.metadata.creationTimestamp ? Date.parse(pod.metadata.creationTimestamp) : NaN;
  return {
    pod, rank, ready: isPodReady(pod), phase: PHASE_ORDINAL[pod.status?.phase ?? ''] ?? 0, cost: podDeletionCost(pod),
    readySince: podReadySince(pod), created: Number.isNaN(created) ? undefined : created, restarts: maxRestarts(pod),
    uid: pod.metadata.uid ?? '',
  };
}

/**
 * Sort pods in deletion order (first = deleted first). `relatedPods` are the active and inactive pods of every
 * replica set under the same controller (a Deployment's old and new sets); each pod's rank is how many active
 * related pods share its node.
 */
export function rankPodsForDeletion(pods: readonly Pod[], relatedPods: readonly Pod[], nowMs: number): Pod[] {
  const onNode = new Map<string, number>();
  for (const p of relatedPods) {
    if (!isPodActive(p)) continue;
    const n = p.spec.nodeName ?? '';
    onNode.set(n, (onNode.get(n) ?? 0) + 1);
  }
  const items = pods.map((p) => ranked(p, onNode.get(p.spec.nodeName ?? '') ?? 0));
  items.sort((a, b) => compareRanked(a, b, nowMs));
  return items.map((i) => i.pod);
}

/** getPodsToDelete: the first `diff` pods in deletion order (no sort when all of them go). */
export function podsToDelete(pods: readonly Pod[], relatedPods: readonly Pod[], diff: number, nowMs: number): Pod[] {
  if (diff >= pods.length) return pods.slice();
  return rankPodsForDeletion(pods, relatedPods, nowMs).slice(0, diff);
}
