/**
 * The VPA updater's loop (pkg/updater/logic): every minute, for each VPA in Recreate/Auto mode, order its live pods
 * by update priority and evict those that need new resources, within the eviction restriction, through the
 * pods/eviction subresource (so PodDisruptionBudgets are honoured: a 429 just skips the pod). The controller then
 * recreates the pod and the admission controller gives it the recommended requests.
 */
import type { Pod } from '../../api/core.js';
import { isApiError } from '../../api/errors.js';
import type { VerticalPodAutoscaler } from '../../api/vpa-kinds.js';
import { evictPod } from '../../store/eviction.js';
import type { EventRecorder, EventSource } from '../../store/events.js';
import type { ApiStore } from '../../store/store.js';
import { updateModeOf, updaterEvicts } from './policy.js';
import { comparePriorityDesc, DEFAULT_PRIORITY_OPTIONS, type PodPriority, type PriorityOptions, priorityForUpdate } from './priority.js';
import { EvictionRestriction } from './restriction.js';
import { controllingVpa, resolveTarget } from './target.js';

/** The updater's --updater-interval. */
export const UPDATER_INTERVAL_MS = 60_000;
/** The event source the updater's recorder uses. */
export const UPDATER_EVENT_SOURCE: EventSource = { component: 'vpa-updater' };
/** The event on an evicted pod. */
export const EVICTED_BY_VPA_MESSAGE = 'Pod was evicted by VPA Updater to apply resource recommendation.';

/** The updater's flags and their defaults. */
export interface UpdaterOptions extends PriorityOptions {
  /** --min-replicas */
  minReplicas: number;
  /** --eviction-tolerance */
  evictionToleranceFraction: number;
}

export const DEFAULT_UPDATER_OPTIONS: Readonly<UpdaterOptions> = Object.freeze({
  ...DEFAULT_PRIORITY_OPTIONS, minReplicas: 2, evictionToleranceFraction: 0.5,
});

/** What one updater pass did, for tests and the UI. */
export interface UpdaterPass { evicted: string[]; refused: string[] }

/** The updater: call runOnce() on its interval. */
export class VpaUpdater {
  constructor(private readonly store: ApiStore, private readonly events: EventRecorder,
    private readonly options: UpdaterOptions = DEFAULT_UPDATER_OPTIONS) {}

  /** One updater pass over every VPA whose mode evicts. */
  runOnce(): UpdaterPass {
    const pass: UpdaterPass = { evicted: [], refused: [] };
    const active = this.store.select<VerticalPodAutoscaler>('VerticalPodAutoscaler').filter((v) => updaterEvicts(updateModeOf(v)));
    const byNamespace = new Map<string, VerticalPodAutoscaler[]>();
    for (const v of active) {
      const ns = v.metadata.namespace ?? 'default';
      const list = byNamespace.get(ns);
      if (list) list.push(v);
      else byNamespace.set(ns, [v]);
    }
    for (const vpa of active) this.update(vpa, byNamespace.get(vpa.metadata.namespace ?? 'default')!, pass);
    return pass;
  }

  private update(vpa: VerticalPodAutoscaler, sameNamespace: readonly VerticalPodAutoscaler[], pass: UpdaterPass): void {
    if (!vpa.status?.recommendation?.containerRecommendations?.length) return;
    const resolved = resolveTarget(this.store, vpa);
    if ('error' in resolved) return;
    const selectors = new Map([[vpa.metadata.uid ?? '', resolved.selector]]);
    const live = this.store.select<Pod>('Pod', { namespace: vpa.metadata.namespace, selector: resolved.selector })
      .filter((p) => !p.metadata.deletionTimestamp && controllingVpa(this.store, p, sameNamespace, selectors) === vpa);
    if (live.length === 0) return;
    const o = this.options;
    const restriction = new EvictionRestriction(this.store, live, vpa, o.minReplicas, o.evictionToleranceFraction);
    const now = this.store.env.now();
    const ranked: { pod: Pod; priority: PodPriority }[] = [];
    for (const pod of live) {
      if (!restriction.covers(pod)) continue;
      const priority = priorityForUpdate(pod, vpa, now, o);
      if (priority) ranked.push({ pod, priority });
    }
    ranked.sort((a, b) => comparePriorityDesc(a.priority, b.priority));
    for (const { pod } of ranked) {
      if (!restriction.canEvict(pod)) continue;
      const name = pod.metadata.name!;
      try {
        evictPod(this.store, this.events, pod.metadata.namespace!, name);
      } catch (err) {
        if (!isApiError(err)) throw err;
        pass.refused.push(`${pod.metadata.namespace}/${name}`); // "Eviction failed": e.g. 429 from a PodDisruptionBudget
        continue;
      }
      this.events.record(pod, 'Normal', 'EvictedByVPA', EVICTED_BY_VPA_MESSAGE, UPDATER_EVENT_SOURCE);
      this.events.record(vpa, 'Normal', 'EvictedPod', `VPA Updater evicted Pod ${name} to apply resource recommendation.`, UPDATER_EVENT_SOURCE);
      restriction.evicted(pod);
      pass.evicted.push(`${pod.metadata.namespace}/${name}`);
    }
  }
}
