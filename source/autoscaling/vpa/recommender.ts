/**
 * The VPA recommender's loop (pkg/recommender/routines): every minute, for each VPA, feed the latest usage of the
 * target's pods into per-container histograms, compute the recommendation and write status.recommendation and the
 * conditions (RecommendationProvided, NoPodsMatched, ConfigUnsupported). Work per pass is proportional to the VPAs
 * and the pods they select (label-indexed look-ups); per-pod state is dropped when the pod goes, and an aggregate
 * without samples for 8 days is forgotten, so memory stays flat.
 */
import type { Pod } from '../../api/core.js';
import { isApiError } from '../../api/errors.js';
import type { Condition } from '../../api/meta.js';
import type { RecommendedContainerResources, VerticalPodAutoscaler, VerticalPodAutoscalerStatus } from '../../api/vpa-kinds.js';
import { containerRequests } from '../../kubelet/pod-resources.js';
import type { MetricsClient } from '../../metrics/types.js';
import { deepEqual } from '../../store/clone.js';
import { type ApiStore, timestamp } from '../../store/store.js';
import { AggregateContainerState, ContainerState } from './aggregate.js';
import { DEFAULT_RECOMMENDER_OPTIONS, estimateContainer, podMinimumShare, type RecommenderOptions } from './estimator.js';
import { applyPolicy, containerPolicy, controlledResources, scalingOff, toResourceList } from './policy.js';
import { parentController, resolveTarget } from './target.js';

/** The recommender's --recommender-interval. */
export const RECOMMENDER_INTERVAL_MS = 60_000;
const TOP_MOST_MESSAGE = 'The targetRef controller has a parent but it should point to a topmost well-known or scalable controller';
const MANAGED_CONDITIONS = new Set(['ConfigUnsupported', 'ConfigDeprecated', 'NoPodsMatched', 'RecommendationProvided']);

/** The recommender's model of one VPA. */
class VpaModel {
  readonly aggregates = new Map<string, AggregateContainerState>();
  /** Per container instance, keyed `<pod uid>/<container name>`. */
  readonly containers = new Map<string, ContainerState>();

  aggregate(containerName: string): AggregateContainerState {
    let a = this.aggregates.get(containerName);
    if (!a) this.aggregates.set(containerName, (a = new AggregateContainerState()));
    return a;
  }
}

/** The recommender: call runOnce() on its interval. */
export class VpaRecommender {
  private readonly models = new Map<string, VpaModel>();

  constructor(private readonly store: ApiStore, private readonly metrics: MetricsClient,
    private readonly options: RecommenderOptions = DEFAULT_RECOMMENDER_OPTIONS) {}

  /** The aggregate for a VPA (by uid) and container name, if the recommender has one (UI, tests). */
  aggregate(vpaUid: string, containerName: string): AggregateContainerState | undefined {
    return this.models.get(vpaUid)?.aggregates.get(containerName);
  }

  /** One recommender pass over every VPA. */
  runOnce(): void {
    const seen = new Set<string>();
    for (const vpa of this.store.select<VerticalPodAutoscaler>('VerticalPodAutoscaler')) {
      const uid = vpa.metadata.uid!;
      seen.add(uid);
      let model = this.models.get(uid);
      if (!model) this.models.set(uid, (model = new VpaModel()));
      this.reconcile(vpa, model);
    }
    for (const uid of this.models.keys()) if (!seen.has(uid)) this.models.delete(uid);
  }

  private reconcile(vpa: VerticalPodAutoscaler, model: VpaModel): void {
    const now = this.store.env.now();
    const resolved = resolveTarget(this.store, vpa);
    let unsupported: string | undefined;
    let podCount = 0;
    const live = new Set<string>();
    if ('error' in resolved) unsupported = `Cannot read targetRef. Reason: ${resolved.error}`;
    else if (parentController(this.store, resolved.object)) unsupported = TOP_MOST_MESSAGE;
    else {
      for (const pod of this.store.select<Pod>('Pod', { namespace: vpa.metadata.namespace, selector: resolved.selector })) {
        const phase = pod.status?.phase;
        if (phase === 'Succeeded' || phase === 'Failed') continue;
        podCount++;
        this.feed(model, pod, live);
      }
    }
    for (const key of model.containers.keys()) if (!live.has(key)) model.containers.delete(key);
    for (const [name, agg] of model.aggregates) {
      if (agg.isExpired(now) || (agg.totalSamplesCount === 0 && !hasContainer(model, name))) model.aggregates.delete(name);
    }
    const status = this.status(vpa, model, podCount, unsupported, now);
    if (deepEqual(status, vpa.status)) return;
    try {
      this.store.updateStatus<VerticalPodAutoscaler>({ ...vpa, status });
    } catch (err) {
      if (!isApiError(err)) throw err; // deleted or changed meanwhile: the next pass writes again
    }
  }

  /** LoadPods + LoadRealTimeMetrics for one pod: usage samples, and an OOM kill as an artificial memory peak. */
  private feed(model: VpaModel, pod: Pod, live: Set<string>): void {
    const uid = pod.metadata.uid!;
    const sample = this.metrics.podMetrics(pod.metadata.namespace!, pod.metadata.name!);
    for (const c of pod.spec?.containers ?? []) {
      const key = `${uid}/${c.name}`;
      live.add(key);
      let state = model.containers.get(key);
      if (!state) model.containers.set(key, (state = new ContainerState(model.aggregate(c.name))));
      const requests = containerRequests(c);
      const usage = sample?.containers.find((m) => m.name === c.name);
      if (sample && usage) {
        state.addCpuSample(usage.cpuMilli, requests.cpuMilli, sample.timestamp);
        state.addMemorySample(usage.memoryBytes, sample.timestamp);
      }
      const terminated = pod.status?.containerStatuses?.find((s) => s.name === c.name)?.lastState?.terminated;
      if (terminated?.reason === 'OOMKilled') {
        const at = Date.parse(terminated.finishedAt ?? '');
        if (at > state.lastOomFinishedMs) {
          state.lastOomFinishedMs = at;
          state.recordOom(at, requests.memoryBytes);
        }
      }
    }
  }

  /** UpdateVPAs for one VPA: recommendation (capped by policy, uncappedTarget kept) and conditions. */
  private status(vpa: VerticalPodAutoscaler, model: VpaModel, podCount: number, unsupported: string | undefined, now: number): VerticalPodAutoscalerStatus {
    const names = [...model.aggregates.keys()]
      .filter((name) => !scalingOff(containerPolicy(vpa, name)) && model.aggregates.get(name)!.totalSamplesCount > 0)
      .sort();
    const min = podMinimumShare(names.length, this.options);
    const recommendations: RecommendedContainerResources[] = names.map((name) => {
      const policy = containerPolicy(vpa, name);
      const resources = controlledResources(policy);
      const estimate = estimateContainer(model.aggregates.get(name)!, min, this.options);
      const target = toResourceList(estimate.target, resources);
      return applyPolicy({
        containerName: name, target, lowerBound: toResourceList(estimate.lowerBound, resources),
        upperBound: toResourceList(estimate.upperBound, resources), uncappedTarget: { ...target },
      }, policy);
    });
    return {
      ...vpa.status,
      recommendation: recommendations.length > 0 ? { containerRecommendations: recommendations } : {},
      conditions: conditions(vpa.status?.conditions, podCount > 0, recommendations.length > 0, unsupported, now),
    };
  }
}

function hasContainer(model: VpaModel, name: string): boolean {
  for (const key of model.containers.keys()) if (key.endsWith(`/${name}`)) return true;
  return false;
}

/** vpaConditionsMap.Set + UpdateConditions; the transition time moves only when a condition's status does. */
function conditions(previous: Condition[] | undefined, podsMatched: boolean, hasRecommendation: boolean,
  unsupported: string | undefined, now: number): Condition[] {
  const old = new Map((previous ?? []).map((c) => [c.type, c]));
  const out = new Map<string, Condition>();
  for (const c of previous ?? []) if (!MANAGED_CONDITIONS.has(c.type)) out.set(c.type, c);
  const set = (type: string, status: boolean, reason: string, message: string) => {
    const s = status ? 'True' : 'False';
    const prev = old.get(type);
    const c: Condition = { type, status: s, lastTransitionTime: prev?.status === s && prev.lastTransitionTime ? prev.lastTransitionTime : timestamp(now) };
    if (reason) c.reason = reason;
    if (message) c.message = message;
    out.set(type, c);
  };
  if (unsupported) set('ConfigUnsupported', true, '', unsupported);
  const reason = podsMatched ? '' : 'NoPodsMatched';
  const message = podsMatched ? '' : 'No pods match this VPA object';
  if (!podsMatched) set('NoPodsMatched', true, reason, message);
  if (hasRecommendation) set('RecommendationProvided', true, '', '');
  else set('RecommendationProvided', false, reason, message);
  return [...out.values()].sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
}
