/**
 * Reading a VPA's spec as the VPA components do (pkg/utils/vpa): the effective update mode, the policy for a
 * container (its own, else `*`), controlled resources and values, and capping a recommendation to minAllowed /
 * maxAllowed. Quantities are compared exactly (bigint nano-units) and parsed once per distinct string.
 */
import type { ResourceList } from '../../api/core.js';
import { fromMilli, fromUnits, formatQuantity, parseQuantity, type Quantity } from '../../api/quantity.js';
import type {
  ContainerControlledValues, ContainerResourcePolicy, RecommendedContainerResources, VerticalPodAutoscaler, VpaUpdateMode,
} from '../../api/vpa-kinds.js';
import type { Amounts } from './estimator.js';

/** DefaultContainerResourcePolicy: the policy for containers without their own. */
export const DEFAULT_CONTAINER_POLICY = '*';
/** The resources VPA controls when a policy names none. */
export const DEFAULT_CONTROLLED_RESOURCES: readonly string[] = Object.freeze(['cpu', 'memory']);

/** GetUpdateMode: an unset mode means the default, which evicts (`Auto` before VPA 1.5, `Recreate` since). */
export function updateModeOf(vpa: VerticalPodAutoscaler): VpaUpdateMode {
  return vpa.spec?.updatePolicy?.updateMode ?? 'Recreate';
}

/** Whether the updater evicts pods for this mode (Recreate, the deprecated Auto, InPlaceOrRecreate without in-place resize). */
export function updaterEvicts(mode: VpaUpdateMode): boolean {
  return mode === 'Recreate' || mode === 'Auto' || mode === 'InPlaceOrRecreate';
}

/** Whether the admission controller sets requests on new pods for this mode (every mode but Off). */
export function admissionApplies(mode: VpaUpdateMode): boolean {
  return mode !== 'Off';
}

/** GetContainerResourcePolicy: the container's own entry, else the `*` entry, else none. */
export function containerPolicy(vpa: VerticalPodAutoscaler, containerName: string): ContainerResourcePolicy | undefined {
  const policies = vpa.spec?.resourcePolicy?.containerPolicies;
  if (!Array.isArray(policies)) return undefined;
  let fallback: ContainerResourcePolicy | undefined;
  for (const p of policies) {
    if (p?.containerName === containerName) return p;
    if (p?.containerName === DEFAULT_CONTAINER_POLICY) fallback = p;
  }
  return fallback;
}

/** Whether autoscaling is off for this container (mode: Off). */
export function scalingOff(policy: ContainerResourcePolicy | undefined): boolean {
  return policy?.mode === 'Off';
}

/** The resources the recommendation covers for this container. */
export function controlledResources(policy: ContainerResourcePolicy | undefined): readonly string[] {
  return Array.isArray(policy?.controlledResources) ? policy.controlledResources : DEFAULT_CONTROLLED_RESOURCES;
}

/** Which values the admission controller sets: requests and limits in proportion unless RequestsOnly. */
export function controlledValues(policy: ContainerResourcePolicy | undefined): ContainerControlledValues {
  return policy?.controlledValues === 'RequestsOnly' ? 'RequestsOnly' : 'RequestsAndLimits';
}

const parsed = new Map<string, Quantity | null>();

/** A quantity string parsed (memoised; null when it does not parse). */
export function quantityOf(text: unknown): Quantity | undefined {
  if (typeof text !== 'string' && typeof text !== 'number') return undefined;
  const key = String(text);
  let q = parsed.get(key);
  if (q === undefined) {
    try {
      q = parseQuantity(text);
    } catch {
      q = null;
    }
    if (parsed.size >= 10_000) parsed.clear();
    parsed.set(key, q);
  }
  return q ?? undefined;
}

/** A recommended amount as the recommender serialises it: CPU as millicores (DecimalSI), memory as bytes (BinarySI). */
export function formatAmount(resource: string, amount: number): string {
  return formatQuantity(resource === 'cpu' ? fromMilli(amount, 'DecimalSI') : fromUnits(amount, 'BinarySI'));
}

/** Amounts as a ResourceList of the given resources (cpu, memory). */
export function toResourceList(amounts: Amounts, resources: readonly string[]): ResourceList {
  const out: ResourceList = {};
  for (const r of resources) if (r === 'cpu' || r === 'memory') out[r] = formatAmount(r, amounts[r]);
  return out;
}

/** maybeCapToPolicyMin/Max for one list: returns the capped list and the capping annotations (`cpu capped to maxAllowed`). */
export function capToPolicy(list: ResourceList | undefined, policy: ContainerResourcePolicy | undefined): { list: ResourceList; capped: string[] } {
  const out: ResourceList = { ...list };
  const capped: string[] = [];
  if (!policy) return { list: out, capped };
  for (const name of Object.keys(out).sort()) {
    const value = quantityOf(out[name]);
    if (!value) continue;
    const min = quantityOf(policy.minAllowed?.[name]);
    let current = value;
    if (min && min.nano !== 0n && current.nano < min.nano) {
      out[name] = formatQuantity(min);
      current = min;
      capped.push(`${name} capped to minAllowed`);
    }
    const max = quantityOf(policy.maxAllowed?.[name]);
    if (max && max.nano !== 0n && current.nano > max.nano) {
      out[name] = formatQuantity(max);
      capped.push(`${name} capped to maxAllowed`);
    }
  }
  return { list: out, capped };
}

/** ApplyVPAPolicy for one container: target and both bounds capped; uncappedTarget kept as computed. */
export function applyPolicy(rec: RecommendedContainerResources, policy: ContainerResourcePolicy | undefined): RecommendedContainerResources {
  if (!policy) return rec;
  return {
    ...rec,
    target: capToPolicy(rec.target, policy).list,
    lowerBound: capToPolicy(rec.lowerBound, policy).list,
    upperBound: capToPolicy(rec.upperBound, policy).list,
  };
}

/** The VPA's recommendation for a container, if any (GetRecommendationForContainer). */
export function recommendationFor(vpa: VerticalPodAutoscaler, containerName: string): RecommendedContainerResources | undefined {
  const list = vpa.status?.recommendation?.containerRecommendations;
  if (!Array.isArray(list)) return undefined;
  for (const r of list) if (r?.containerName === containerName) return r;
  return undefined;
}
