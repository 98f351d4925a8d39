/** Remaining kinds: autoscaling/v2, policy/v1, storage, coordination, discovery, scheduling, rbac, and kubedrill.io/v1 Cluster. */
import {
  type Definition, PKG, any, arr, bool, def, doc, int, int64, intOrString, kindObject, map, num, obj, quantity, ref, req,
  specDoc, str, time,
} from './dsl.js';

const condition = obj({ type: req(str), status: req(str), lastTransitionTime: time, reason: str, message: str });
const metricIdentifier = obj({ name: req(str, 'name is the name of the given metric'), selector: ref('LabelSelector') });
const crossVersionRef = obj({ kind: req(str), name: req(str), apiVersion: str });
const metricValue = obj({ value: quantity, averageValue: quantity, averageUtilization: int });
const scalingRules = obj({
  stabilizationWindowSeconds: doc(int, 'stabilizationWindowSeconds is the number of seconds for which past recommendations should be considered while scaling up or scaling down.'),
  selectPolicy: doc(str, 'selectPolicy is used to specify which policy should be used. If not set, the default value Max is used.'),
  policies: doc(arr(obj({ type: req(str), value: req(int), periodSeconds: req(int) })), 'policies is a list of potential scaling polices which can be used during scaling.'),
  tolerance: quantity,
});
const subject = obj({ kind: req(str), apiGroup: str, name: req(str), namespace: str });
const roleRef = obj({ apiGroup: req(str), kind: req(str), name: req(str) });

export const clusterKindDefinitions: Record<string, Definition> = {
  // One schema for autoscaling/v2 and v1 (targetCPUUtilizationPercentage): the kind accepts both apiVersions.
  HorizontalPodAutoscaler: def(PKG.autoscaling, 'HorizontalPodAutoscaler is the configuration for a horizontal pod autoscaler, which automatically manages the replica count of any resource implementing the scale subresource based on the metrics specified.', kindObject({
    spec: doc(obj({
      scaleTargetRef: req(crossVersionRef, 'scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count.'),
      minReplicas: doc(int, 'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down. It defaults to 1 pod.'),
      maxReplicas: req(int, 'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up. It cannot be less that minReplicas.'),
      metrics: doc(arr(ref('MetricSpec')), 'metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used). If not set, the default metric will be set to 80% average CPU utilization.'),
      behavior: doc(obj({ scaleUp: scalingRules, scaleDown: scalingRules }), 'behavior configures the scaling behavior of the target in both Up and Down directions (scaleUp and scaleDown fields respectively).'),
      targetCPUUtilizationPercentage: int,
    }), 'spec is the specification for the behaviour of the autoscaler.'),
    status: doc(obj({
      observedGeneration: int64, lastScaleTime: time, currentReplicas: int, desiredReplicas: req(int),
      currentMetrics: arr(obj({
        type: req(str),
        object: obj({ metric: metricIdentifier, current: metricValue, describedObject: crossVersionRef }),
        pods: obj({ metric: metricIdentifier, current: metricValue }),
        resource: obj({ name: req(str), current: metricValue }),
        containerResource: obj({ name: req(str), current: metricValue, container: req(str) }),
        external: obj({ metric: metricIdentifier, current: metricValue }),
      })),
      conditions: arr(condition),
      currentCPUUtilizationPercentage: int,
    }), 'status is the current information about the autoscaler.'),
  })),
  MetricSpec: def(PKG.autoscaling, 'MetricSpec specifies how to scale based on a single metric (only `type` and one other matching field should be set at once).', obj({
    type: req(str, 'type is the type of metric source. It should be one of "ContainerResource", "External", "Object", "Pods" or "Resource", each mapping to a matching field in the object.'),
    object: obj({ describedObject: req(crossVersionRef), target: req(ref('MetricTarget')), metric: req(metricIdentifier) }),
    pods: obj({ metric: req(metricIdentifier), target: req(ref('MetricTarget')) }),
    resource: obj({ name: req(str), target: req(ref('MetricTarget')) }),
    containerResource: obj({ name: req(str), target: req(ref('MetricTarget')), container: req(str) }),
    external: obj({ metric: req(metricIdentifier), target: req(ref('MetricTarget')) }),
  })),
  MetricTarget: def(PKG.autoscaling, 'MetricTarget defines the target value, average value, or average utilization of a specific metric', obj({
    type: req(str, 'type represents whether the metric type is Utilization, Value, or AverageValue'),
    value: doc(quantity, 'value is the target value of the metric (as a quantity).'),
    averageValue: doc(quantity, 'averageValue is the target value of the average of the metric across all relevant pods (as a quantity)'),
    averageUtilization: doc(int, 'averageUtilization is the target value of the average of the resource metric across all relevant pods, represented as a percentage of the requested value of the resource for the pods. Currently only valid for Resource metric source type'),
  })),
  PodDisruptionBudget: def(PKG.policy, 'PodDisruptionBudget is an object to define the max disruption that can be caused to a collection of pods', kindObject({
    spec: doc(obj({
      minAvailable: doc(intOrString, 'An eviction is allowed if at least "minAvailable" pods selected by "selector" will still be available after the eviction, i.e. even in the absence of the evicted pod. So for example you can prevent all voluntary evictions by specifying "100%".'),
      selector: doc(ref('LabelSelector'), 'Label query over pods whose evictions are managed by the disruption budget. A null selector will match no pods, while an empty ({}) selector will select all pods within the namespace.'),
      maxUnavailable: doc(intOrString, 'An eviction is allowed if at most "maxUnavailable" pods selected by "selector" are unavailable after the eviction, i.e. even in absence of the evicted pod. For example, one can prevent all voluntary evictions by specifying 0. This is a mutually exclusive setting with "minAvailable".'),
      unhealthyPodEvictionPolicy: str,
    }), 'Specification of the desired behavior of the PodDisruptionBudget.'),
    status: doc(obj({
      observedGeneration: int64, disruptedPods: map(time), disruptionsAllowed: req(int), currentHealthy: req(int),
      desiredHealthy: req(int), expectedPods: req(int), conditions: arr(ref('Condition')),
    }), 'Most recently observed status of the PodDisruptionBudget.'),
  })),
  StorageClass: def(PKG.storage, 'StorageClass describes the parameters for a class of storage for which PersistentVolumes can be dynamically provisioned.', kindObject({
    provisioner: req(str, 'provisioner indicates the type of the provisioner.'),
    parameters: doc(map(str), 'parameters holds the parameters for the provisioner that should create volumes of this storage class.'),
    reclaimPolicy: doc(str, 'reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class. Defaults to Delete.'),
    mountOptions: arr(str),
    allowVolumeExpansion: bool,
    volumeBindingMode: doc(str, 'volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound. When unset, VolumeBindingImmediate is used.'),
    allowedTopologies: arr(obj({ matchLabelExpressions: arr(obj({ key: req(str), values: req(arr(str)) })) })),
  })),
  Lease: def(PKG.coordination, 'Lease defines a lease concept.', kindObject({
    spec: doc(obj({
      holderIdentity: doc(str, 'holderIdentity contains the identity of the holder of a current lease.'),
      leaseDurationSeconds: doc(int, 'leaseDurationSeconds is a duration that candidates for a lease need to wait to force acquire it. This is measured against the time of last observed renewTime.'),
      acquireTime: time, renewTime: time, leaseTransitions: int, strategy: str, preferredHolder: str,
    }), specDoc('Lease')),
  })),
  EndpointSlice: def(PKG.discovery, 'EndpointSlice represents a set of service endpoints.', kindObject({
    addressType: req(str, 'addressType specifies the type of address carried by this EndpointSlice. Supported types are IPv4, IPv6 and FQDN.'),
    endpoints: req(arr(obj({
      addresses: req(arr(str)),
      conditions: obj({ ready: bool, serving: bool, terminating: bool }),
      hostname: str, targetRef: ref('ObjectReference'), deprecatedTopology: map(str), nodeName: str, zone: str,
      hints: obj({ forZones: arr(obj({ name: req(str) })), forNodes: arr(obj({ name: req(str) })) }),
    })), 'endpoints is a list of unique endpoints in this slice.'),
    ports: arr(obj({ name: str, protocol: str, port: int, appProtocol: str })),
  })),
  PriorityClass: def(PKG.scheduling, 'PriorityClass defines mapping from a priority class name to the priority integer value.', kindObject({
    value: req(int, 'value represents the integer value of this priority class. This is the actual priority that pods receive when they have the name of this class in their pod spec.'),
    globalDefault: doc(bool, 'globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class.'),
    description: doc(str, 'description is an arbitrary string that usually provides guidelines on when this priority class should be used.'),
    preemptionPolicy: doc(str, 'preemptionPolicy is the Policy for preempting pods with lower priority. One of Never, PreemptLowerPriority. Defaults to PreemptLowerPriority if unset.'),
  })),
  PolicyRule: def(PKG.rbac, 'PolicyRule holds information that describes a policy rule, but does not contain information about who the rule applies to or which namespace the rule applies to.', obj({
    verbs: req(arr(str), "Verbs is a list of Verbs that apply to ALL the ResourceKinds contained in this rule. '*' represents all verbs."),
    apiGroups: arr(str), resources: arr(str), resourceNames: arr(str), nonResourceURLs: arr(str),
  })),
  Role: def(PKG.rbac, 'Role is a namespaced, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding.', kindObject({
    rules: doc(arr(ref('PolicyRule')), 'Rules holds all the PolicyRules for this Role'),
  })),
  ClusterRole: def(PKG.rbac, 'ClusterRole is a cluster level, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding or ClusterRoleBinding.', kindObject({
    rules: doc(arr(ref('PolicyRule')), 'Rules holds all the PolicyRules for this ClusterRole'),
    aggregationRule: obj({ clusterRoleSelectors: arr(ref('LabelSelector')) }),
  })),
  RoleBinding: def(PKG.rbac, 'RoleBinding references a role, but does not contain it. It can reference a Role in the same namespace or a ClusterRole in the global namespace.', kindObject({
    subjects: doc(arr(subject), 'Subjects holds references to the objects the role applies to.'),
    roleRef: req(roleRef, 'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. This field is immutable.'),
  })),
  ClusterRoleBinding: def(PKG.rbac, 'ClusterRoleBinding references a ClusterRole, but not contain it. It can reference a ClusterRole in the global namespace, and adds who information via Subject.', kindObject({
    subjects: doc(arr(subject), 'Subjects holds references to the objects the role applies to.'),
    roleRef: req(roleRef, 'RoleRef can only reference a ClusterRole in the global namespace. This field is immutable.'),
  })),
  Cluster: def(PKG.kubedrill, 'Cluster is the definition a kubedrill simulation is built from: node pools, control-plane settings and the random seed.', kindObject({
    spec: doc(obj({
      kubernetesVersion: str,
      region: str,
      nodePools: req(arr(obj({
        name: req(str, 'Pool name; nodes are named <pool>-<i> unless namePrefix is given.'),
        count: req(int, 'Number of nodes the pool starts with.'),
        namePrefix: str,
        capacity: req(map(quantity), 'Node capacity, e.g. {cpu: "4", memory: "16Gi", pods: "110"}. allocatable defaults to capacity minus reserved.'),
        reserved: map(quantity),
        labels: map(str),
        taints: arr(ref('Taint')),
        zones: doc(arr(str), "Zones the pool's nodes are spread over round-robin (topology.kubernetes.io/zone)."),
        controlPlane: bool,
        instanceType: str,
        costPerHour: num,
        autoscaling: obj({ enabled: bool, min: req(int), max: req(int), provisioningDelaySeconds: int }),
      })), 'Node pools of the simulated cluster.'),
      controlPlane: obj({
        podCIDR: str, serviceCIDR: str, nodeMonitorGracePeriodSeconds: int, podEvictionTolerationSeconds: int,
        scoringStrategy: str,
      }),
      seed: doc(int64, 'Seed of the simulation\'s random source.'),
    }), specDoc('Cluster')),
  })),
  ImageCatalog: def(PKG.kubedrill, 'ImageCatalog is the workload behaviour catalogue (fixtures/images.yaml): how containers of each image behave in the simulation. The kubelet parses and checks its entries.', kindObject({
    defaults: doc(map(any), 'The profile of images no entry matches.'),
    images: doc(arr(map(any)), 'Entries tried top to bottom; the first whose match pattern fits the image wins.'),
  })),
};
