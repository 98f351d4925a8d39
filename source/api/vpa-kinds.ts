/** autoscaling.k8s.io/v1 VerticalPodAutoscaler: the CRD kubernetes/autoscaler's vertical-pod-autoscaler installs. */
import type { Condition, KubeObject } from './meta.js';
import type { ResourceList } from './core.js';

/** How recommendations reach pods. `Auto` is deprecated upstream (VPA 1.5) and behaves as `Recreate`. */
export type VpaUpdateMode = 'Off' | 'Initial' | 'Recreate' | 'Auto' | 'InPlaceOrRecreate';

/** Whether a container is autoscaled at all. */
export type ContainerScalingMode = 'Auto' | 'Off';

/** Which values of a container the admission controller rewrites: requests, or requests and limits in proportion. */
export type ContainerControlledValues = 'RequestsAndLimits' | 'RequestsOnly';

/** spec.resourcePolicy.containerPolicies[]: constraints for one container (or `*`, every container without its own). */
export interface ContainerResourcePolicy {
  containerName?: string;
  mode?: ContainerScalingMode;
  minAllowed?: ResourceList;
  maxAllowed?: ResourceList;
  controlledResources?: string[];
  controlledValues?: ContainerControlledValues;
}

/** spec.updatePolicy. */
export interface PodUpdatePolicy {
  updateMode?: VpaUpdateMode;
  /** Live pods a controller must have before the updater evicts any of them (the updater's --min-replicas, 2). */
  minReplicas?: number;
  evictionRequirements?: { resources: string[]; changeRequirement: 'TargetHigherThanRequests' | 'TargetLowerThanRequests' }[];
}

/** spec.targetRef: the controller whose pods the VPA sizes. */
export interface VpaTargetRef { apiVersion?: string; kind: string; name: string }

export interface VerticalPodAutoscalerSpec {
  targetRef: VpaTargetRef;
  updatePolicy?: PodUpdatePolicy;
  resourcePolicy?: { containerPolicies?: ContainerResourcePolicy[] };
  recommenders?: { name: string }[];
}

/** One container's recommendation as the recommender writes it (quantities in canonical form). */
export interface RecommendedContainerResources {
  containerName: string;
  target: ResourceList;
  lowerBound?: ResourceList;
  upperBound?: ResourceList;
  uncappedTarget?: ResourceList;
}

export interface VerticalPodAutoscalerStatus {
  recommendation?: { containerRecommendations?: RecommendedContainerResources[] };
  conditions?: Condition[];
}

export interface VerticalPodAutoscaler extends KubeObject {
  apiVersion: 'autoscaling.k8s.io/v1';
  kind: 'VerticalPodAutoscaler';
  spec: VerticalPodAutoscalerSpec;
  status?: VerticalPodAutoscalerStatus;
}
