/**
 * The capping recommendation processor (pkg/utils/vpa/capping.go) the admission controller and the updater share:
 * a VPA's recommendation for one pod, each container's target and bounds capped to the policy's minAllowed /
 * maxAllowed and, for RequestsOnly containers, to the container's limit; capping notes come from the target only.
 * LimitRange capping is not modelled (see the report).
 */
import type { Container, Pod, ResourceList } from '../../api/core.js';
import { formatQuantity } from '../../api/quantity.js';
import type { RecommendedContainerResources, VerticalPodAutoscaler } from '../../api/vpa-kinds.js';
import { capToPolicy, containerPolicy, controlledValues, quantityOf } from './policy.js';

/** A container's processed recommendation and the notes the admission controller adds to `vpaUpdates`. */
export interface ProcessedRecommendation { container: Container; recommendation: RecommendedContainerResources; annotations: string[] }

/** capRecommendationToContainerLimit: a request may not exceed the limit when limits are left alone. */
function capToLimit(list: ResourceList, limits: ResourceList | undefined): { list: ResourceList; capped: string[] } {
  const out: ResourceList = { ...list };
  const capped: string[] = [];
  if (!limits) return { list: out, capped };
  for (const name of Object.keys(out).sort()) {
    const limit = quantityOf(limits[name]);
    const value = quantityOf(out[name]);
    if (limit && value && limit.nano !== 0n && value.nano > limit.nano) {
      out[name] = formatQuantity(limit);
      capped.push(`${name} capped to container limit`);
    }
  }
  return { list: out, capped };
}

/** Apply(vpa, pod): one entry per recommended container the pod has, in recommendation order. */
export function processRecommendation(vpa: VerticalPodAutoscaler, pod: Pod): ProcessedRecommendation[] {
  const recs = vpa.status?.recommendation?.containerRecommendations;
  if (!Array.isArray(recs)) return [];
  const out: ProcessedRecommendation[] = [];
  for (const rec of recs) {
    const container = pod.spec?.containers?.find((c) => c.name === rec?.containerName);
    if (!container) continue;
    const policy = containerPolicy(vpa, container.name);
    const requestsOnly = controlledValues(policy) === 'RequestsOnly';
    const process = (list: ResourceList | undefined, notes?: string[]): ResourceList | undefined => {
      if (!list) return undefined;
      const policyCapped = capToPolicy(list, policy);
      notes?.push(...policyCapped.capped);
      if (!requestsOnly) return policyCapped.list;
      const limitCapped = capToLimit(policyCapped.list, container.resources?.limits);
      notes?.push(...limitCapped.capped);
      return limitCapped.list;
    };
    const annotations: string[] = [];
    const recommendation: RecommendedContainerResources = { ...rec, target: process(rec.target ?? {}, annotations)! };
    if (rec.lowerBound) recommendation.lowerBound = process(rec.lowerBound);
    if (rec.upperBound) recommendation.upperBound = process(rec.upperBound);
    out.push({ container, recommendation, annotations });
  }
  return out;
}
