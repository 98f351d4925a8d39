/** FitError.Error(): the FailedScheduling message ("0/N nodes are available: …") and its reason histogram. */
import type { Status } from './types.js';

/** Byte-wise string order, as Go's sort.Strings. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Count each reason across nodes and render "<count> <reason>" entries sorted as whole strings (so "10 …" sorts
 * before "2 …"). Nodes without an explicit status get `absent` (counted `absentCount` times).
 */
export function reasonHistogram(statuses: Iterable<Status>, absent?: Status, absentCount = 0): string[] {
  const counts = new Map<string, number>();
  for (const st of statuses) for (const r of st.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  if (absent && absentCount > 0) for (const r of absent.reasons) counts.set(r, (counts.get(r) ?? 0) + absentCount);
  return [...counts].map(([r, n]) => `${n} ${r}`).sort(compareStrings);
}

/** What a FitError message is built from. */
export interface FitErrorParts {
  numAllNodes: number;
  /** A PreFilter rejection replaces the histogram. */
  preFilterMessage?: string;
  statuses: Iterable<Status>;
  absentStatus?: Status;
  absentCount?: number;
  /** PostFilter (preemption) message, appended after a space. */
  postFilterMessage?: string;
}

/** `0/<N> nodes are available: <histogram or prefilter message>.[ <postfilter message>]` */
export function fitErrorMessage(p: FitErrorParts): string {
  let msg = `0/${p.numAllNodes} nodes are available:`;
  if (p.preFilterMessage) msg += ` ${p.preFilterMessage}.`;
  else {
    const hist = reasonHistogram(p.statuses, p.absentStatus, p.absentCount ?? 0);
    if (hist.length) msg += ` ${hist.join(', ')}.`;
  }
  if (p.postFilterMessage) msg += ` ${p.postFilterMessage}`;
  return msg;
}

/** Status.Message(): the reasons joined by ", ". */
export function statusMessage(st: Status): string {
  return st.reasons.join(', ');
}

/** The `Scheduled` event message: `Successfully assigned <ns>/<pod> to <node>`. */
export function scheduledMessage(namespace: string, pod: string, node: string): string {
  return `Successfully assigned ${namespace}/${pod} to ${node}`;
}

/** The `Preempted` event message on a victim (v1.35 form, naming the preemptor by UID). */
export function preemptedMessage(preemptorUid: string, node: string): string {
  return `Preempted by pod ${preemptorUid} on node ${node}`;
}
