/** autoscaling.k8s.io/v1 VerticalPodAutoscaler, as the vertical-pod-autoscaler CRD's openAPIV3Schema declares it. */
import { type Definition, arr, def, doc, int, kindObject, map, obj, quantity, req, str, time } from './dsl.js';

/** A CRD's published definitions are named after the reversed group: autoscaling.k8s.io → io.k8s.autoscaling. */
const PKG_VPA = 'io.k8s.autoscaling.v1';

const resourceList = map(quantity);

const containerPolicy = obj({
  containerName: doc(str, "Name of the container or DefaultContainerResourcePolicy, in which case the policy is used by the containers that don't have their own policy specified."),
  mode: doc(str, 'Whether autoscaler is enabled for the container. The default is "Auto".'),
  minAllowed: doc(resourceList, 'Specifies the minimal amount of resources that will be recommended for the container. The default is no minimum.'),
  maxAllowed: doc(resourceList, 'Specifies the maximum amount of resources that will be recommended for the container. The default is no maximum.'),
  controlledResources: doc(arr(str), 'Specifies the type of recommendations that will be computed (and possibly applied) by VPA. If not specified, the default of [ResourceCPU, ResourceMemory] will be used.'),
  controlledValues: doc(str, 'Specifies which resource values should be controlled. The default is "RequestsAndLimits".'),
});

const containerRecommendation = obj({
  containerName: doc(str, 'Name of the container.'),
  target: req(resourceList, 'Recommended amount of resources. Observes ContainerResourcePolicy.'),
  lowerBound: doc(resourceList, 'Minimum recommended amount of resources. Observes ContainerResourcePolicy. This amount is not guaranteed to be sufficient for the application to operate in a stable way, however running with less resources is likely to have significant impact on performance/availability.'),
  upperBound: doc(resourceList, 'Maximum recommended amount of resources. Observes ContainerResourcePolicy. Any resources allocated beyond this value are likely wasted. This value may be larger than the maximum amount of application is actually capable of consuming.'),
  uncappedTarget: doc(resourceList, 'The most recent recommended resources target computed by the autoscaler for the controlled pods, based only on actual resource usage, not taking into account the ContainerResourcePolicy. May differ from the Recommendation if the actual resource usage causes the target to violate the ContainerResourcePolicy (lower than MinAllowed or higher that MaxAllowed). Used only as status indication, will not affect actual resource assignment.'),
});

export const vpaDefinitions: Record<string, Definition> = {
  VerticalPodAutoscaler: def(PKG_VPA, 'VerticalPodAutoscaler is the configuration for a vertical pod autoscaler, which automatically manages pod resources based on historical and real time resource utilization.', kindObject({
    spec: req(obj({
      targetRef: req(obj({
        apiVersion: doc(str, 'API version of the referent'),
        kind: req(str, 'Kind of the referent; More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds'),
        name: req(str, 'Name of the referent; More info: http://kubernetes.io/docs/user-guide/identifiers#names'),
      }), 'TargetRef points to the controller managing the set of pods for the autoscaler to control - e.g. Deployment, StatefulSet. VerticalPodAutoscaler can be targeted at controller implementing scale subresource (the pod set is retrieved from the controller\'s ScaleStatus) or some well known controllers (e.g. for DaemonSet the pod set is read from the controller\'s spec). If VerticalPodAutoscaler cannot use specified target it will report ConfigUnsupported condition.'),
      updatePolicy: doc(obj({
        updateMode: doc(str, 'Controls when autoscaler applies changes to the pod resources. The default is \'Recreate\'.'),
        minReplicas: doc(int, 'Minimal number of replicas which need to be alive for Updater to attempt pod eviction (pending other checks like PDB). Only positive values are allowed. Overrides global \'--min-replicas\' flag.'),
        evictionRequirements: doc(arr(obj({
          resources: req(arr(str), 'Resources is a list of one or more resources that the condition applies to.'),
          changeRequirement: req(str, 'EvictionChangeRequirement refers to the relationship between the new target recommendation for a Pod and its current requests, what kind of change is necessary for the Pod to be evicted'),
        })), 'EvictionRequirements is a list of EvictionRequirements that need to evaluate to true in order for a Pod to be evicted.'),
      }), 'Describes the rules on how changes are applied to the pods. If not specified, all fields in the `PodUpdatePolicy` are set to their default values.'),
      resourcePolicy: doc(obj({
        containerPolicies: doc(arr(containerPolicy), 'Per-container resource policies.'),
      }), 'Controls how the autoscaler computes recommended resources. The resource policy may be used to set constraints on the recommendations for individual containers. If not specified, the autoscaler computes recommended resources for all containers in the pod, without additional constraints.'),
      recommenders: doc(arr(obj({ name: req(str, 'Name of the recommender responsible for generating recommendation for this object.') })),
        'Recommender responsible for generating recommendation for this object. List should be empty (then the default recommender will generate the recommendation) or contain exactly one recommender.'),
    }), 'Specification of the behavior of the autoscaler. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status.'),
    status: doc(obj({
      recommendation: doc(obj({
        containerRecommendations: doc(arr(containerRecommendation), 'Resources recommended by the autoscaler for each container.'),
      }), 'The most recently computed amount of resources recommended by the autoscaler for the controlled pods.'),
      conditions: doc(arr(obj({
        type: req(str, 'type describes the current condition'),
        status: req(str, 'status is the status of the condition (True, False, Unknown)'),
        lastTransitionTime: doc(time, 'lastTransitionTime is the last time the condition transitioned from one status to another'),
        reason: doc(str, "reason is the reason for the condition's last transition."),
        message: doc(str, 'message is a human-readable explanation containing details about the transition'),
      })), 'Conditions is the set of conditions required for this autoscaler to scale its target, and indicates whether or not those conditions are met.'),
    }), 'Current information about the autoscaler.'),
  })),
};
