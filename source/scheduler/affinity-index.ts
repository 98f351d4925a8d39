/**
 * Indexes over assigned pods that carry inter-pod (anti-)affinity, so InterPodAffinity's PreFilter and PreScore
 * stay proportional to the pods that can matter: existing pods' required anti-affinity terms bucketed by one
 * equality of their selector (an incoming pod can only match terms whose bucket its labels name), and every pod
 * with affinity stored next to its compiled terms (no per-cycle look-up of them).
 */
import type { Pod } from '../api/core.js';
import type { NodeInfo } from './node-info.js';
import type { AffinityTerm, PodAffinityInfo } from './pod-affinity-terms.js';

/** One existing pod's required anti-affinity term, and where the pod runs. */
export interface AntiAffinityTermEntry {
  readonly pod: Pod;
  readonly info: NodeInfo;
  readonly term: AffinityTerm;
}

/** An assigned pod with any pod (anti-)affinity stanza, its node and its compiled terms. */
export interface AffinityPodEntry {
  readonly pod: Pod;
  readonly info: NodeInfo;
  readonly terms: PodAffinityInfo;
  /** It has terms InterPodAffinity scoring reads (required or preferred affinity, preferred anti-affinity). */
  readonly scored: boolean;
}

/** The entry for a pod with affinity (computed once when the pod is indexed). */
export function affinityPodEntry(pod: Pod, info: NodeInfo, terms: PodAffinityInfo): AffinityPodEntry {
  const scored = terms.requiredAffinity.length > 0 || terms.preferredAffinity.length > 0 || terms.preferredAntiAffinity.length > 0;
  return { pod, info, terms, scored };
}

/** Existing pods' required anti-affinity terms, bucketed by (label key, value) of one selector equality. */
export class AntiAffinityTermIndex {
  private readonly byLabel = new Map<string, Map<string, Set<AntiAffinityTermEntry>>>();
  /** Terms without an equality requirement (In with several values, Exists, {} …): always candidates. */
  private readonly unindexed = new Set<AntiAffinityTermEntry>();
  private readonly byPod = new Map<Pod, AntiAffinityTermEntry[]>();

  /** Index a pod's required anti-affinity terms. */
  add(pod: Pod, info: NodeInfo, terms: readonly AffinityTerm[]): void {
    const entries: AntiAffinityTermEntry[] = [];
    for (const term of terms) {
      const entry: AntiAffinityTermEntry = { pod, info, term };
      entries.push(entry);
      const eq = term.selector.equalities[0];
      if (!eq) { this.unindexed.add(entry); continue; }
      let values = this.byLabel.get(eq[0]);
      if (!values) this.byLabel.set(eq[0], (values = new Map()));
      let bucket = values.get(eq[1]);
      if (!bucket) values.set(eq[1], (bucket = new Set()));
      bucket.add(entry);
    }
    this.byPod.set(pod, entries);
  }

  /** Drop a pod's terms (the same object that was added). */
  remove(pod: Pod): void {
    const entries = this.byPod.get(pod);
    if (!entries) return;
    this.byPod.delete(pod);
    for (const entry of entries) {
      const eq = entry.term.selector.equalities[0];
      if (!eq) { this.unindexed.delete(entry); continue; }
      const values = this.byLabel.get(eq[0]);
      const bucket = values?.get(eq[1]);
      if (!values || !bucket) continue;
      bucket.delete(entry);
      if (bucket.size === 0) values.delete(eq[1]);
      if (values.size === 0) this.byLabel.delete(eq[0]);
    }
  }

  /**
   * Call fn for every term whose selector could match a pod with these labels (a superset of the matching terms;
   * the caller still checks namespaces and the whole selector). Returns how many terms were offered.
   */
  forEachCandidate(labels: Readonly<Record<string, string>>, fn: (entry: AntiAffinityTermEntry) => void): number {
    let offered = 0;
    for (const entry of this.unindexed) { offered++; fn(entry); }
    if (this.byLabel.size === 0) return offered;
    // A label key appears once per pod, so each bucket (and so each term) is offered at most once.
    for (const k in labels) {
      const bucket = this.byLabel.get(k)?.get(labels[k]!);
      if (!bucket) continue;
      for (const entry of bucket) { offered++; fn(entry); }
    }
    return offered;
  }
}
