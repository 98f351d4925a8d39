/** A pod's inter-pod (anti-)affinity terms, compiled once per pod object (framework.PodInfo's AffinityTerms). */
import type { Pod, PodAffinityTerm, WeightedPodAffinityTerm } from '../api/core.js';
import { NOTHING, type Selector } from '../api/label-selector.js';
import { podDerived } from './pod-cache.js';
import { compileSelector } from './selector-cache.js';
import { NO_LABELS, podNamespace } from './types.js';

/** One compiled PodAffinityTerm. */
export interface AffinityTerm {
  /** spec namespaces, or the owning pod's namespace when neither namespaces nor namespaceSelector is set. */
  readonly namespaces: ReadonlySet<string>;
  /** Compiled namespaceSelector; NOTHING when absent, EVERYTHING for `{}`. */
  readonly nsSelector: Selector;
  readonly selector: Selector;
  readonly topologyKey: string;
  /** The preferred term's weight; 1 for required terms. */
  readonly weight: number;
}

/** All four term lists of a pod. */
export interface PodAffinityInfo {
  readonly requiredAffinity: readonly AffinityTerm[];
  readonly requiredAntiAffinity: readonly AffinityTerm[];
  readonly preferredAffinity: readonly AffinityTerm[];
  readonly preferredAntiAffinity: readonly AffinityTerm[];
  /** Upstream's "pod with affinity": any podAffinity or podAntiAffinity stanza. */
  readonly hasPodAffinity: boolean;
}

const NONE: readonly AffinityTerm[] = Object.freeze([]);
const EMPTY_INFO: PodAffinityInfo = Object.freeze({
  requiredAffinity: NONE, requiredAntiAffinity: NONE, preferredAffinity: NONE, preferredAntiAffinity: NONE,
  hasPodAffinity: false,
});

function compileTerm(pod: Pod, term: PodAffinityTerm, weight: number): AffinityTerm {
  const namespaces = !term.namespaces?.length && !term.namespaceSelector
    ? new Set([podNamespace(pod)])
    : new Set(term.namespaces ?? []);
  return {
    namespaces,
    nsSelector: term.namespaceSelector ? compileSelector(term.namespaceSelector) : NOTHING,
    selector: compileSelector(term.labelSelector),
    topologyKey: term.topologyKey,
    weight,
  };
}

function required(pod: Pod, terms: PodAffinityTerm[] | undefined): readonly AffinityTerm[] {
  return terms?.length ? terms.map((t) => compileTerm(pod, t, 1)) : NONE;
}

function preferred(pod: Pod, terms: WeightedPodAffinityTerm[] | undefined): readonly AffinityTerm[] {
  // A zero weight contributes nothing, so upstream drops the term.
  return terms?.length ? terms.filter((t) => t.weight !== 0).map((t) => compileTerm(pod, t.podAffinityTerm, t.weight)) : NONE;
}

/** The pod's compiled terms (cached; affinity is immutable once a pod exists). */
export function podAffinityInfo(pod: Pod): PodAffinityInfo {
  const derived = podDerived(pod);
  let info = derived.affinity;
  if (info) return info;
  const a = pod.spec?.affinity;
  if (!a || (!a.podAffinity && !a.podAntiAffinity)) info = EMPTY_INFO;
  else {
    info = Object.freeze({
      requiredAffinity: required(pod, a.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution),
      requiredAntiAffinity: required(pod, a.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution),
      preferredAffinity: preferred(pod, a.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
      preferredAntiAffinity: preferred(pod, a.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
      hasPodAffinity: true,
    });
  }
  derived.affinity = info;
  return info;
}

/** AffinityTerm.Matches: the pod is in one of the term's namespaces and its labels match the selector. */
export function termMatches(term: AffinityTerm, pod: Pod, nsLabels: (ns: string) => Readonly<Record<string, string>>): boolean {
  const ns = podNamespace(pod);
  if (!term.namespaces.has(ns) && (term.nsSelector === NOTHING || !term.nsSelector.matches(nsLabels(ns)))) return false;
  return term.selector.matches(pod.metadata.labels ?? NO_LABELS);
}

/** podMatchesAllAffinityTerms: true only for a non-empty list whose every term matches. */
export function matchesAllTerms(terms: readonly AffinityTerm[], pod: Pod,
  nsLabels: (ns: string) => Readonly<Record<string, string>>): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!termMatches(t, pod, nsLabels)) return false;
  return true;
}
