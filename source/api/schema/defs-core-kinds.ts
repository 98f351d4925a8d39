/** core/v1 kinds: Pod, Node, Service, Endpoints, Namespace, Event, PV, PVC, ConfigMap, Secret, ServiceAccount, RC, LimitRange, ResourceQuota. */
import {
  type Definition, PKG, any, arr, bool, def, doc, int, int64, intOrString, kindObject, map, obj, quantity, ref, req,
  specDoc, statusDoc, str, time,
} from './dsl.js';

const condition = (extra: Record<string, typeof str> = {}) => obj({
  type: req(str), status: req(str), lastTransitionTime: time, reason: str, message: str, ...extra,
});
const endpointAddress = obj({ ip: req(str), hostname: str, nodeName: str, targetRef: ref('ObjectReference') });

export const coreKindDefinitions: Record<string, Definition> = {
  Pod: def(PKG.core, 'Pod is a collection of containers that can run on a host. This resource is created by clients and scheduled onto hosts.', kindObject({
    spec: doc(ref('PodSpec'), specDoc('pod')),
    status: doc(ref('PodStatus'), statusDoc('pod')),
  })),
  Node: def(PKG.core, 'Node is a worker node in Kubernetes. Each node will have a unique identifier in the cache (i.e. in etcd).', kindObject({
    spec: doc(obj({
      podCIDR: doc(str, 'PodCIDR represents the pod IP range assigned to the node.'),
      podCIDRs: arr(str),
      providerID: doc(str, 'ID of the node assigned by the cloud provider in the format: <ProviderName>://<ProviderSpecificNodeID>'),
      unschedulable: doc(bool, 'Unschedulable controls node schedulability of new pods. By default, node is schedulable. More info: https://kubernetes.io/docs/concepts/nodes/node/#manual-node-administration'),
      taints: doc(arr(ref('Taint')), "If specified, the node's taints."),
      configSource: any,
      externalID: str,
    }), specDoc('node')),
    status: doc(obj({
      capacity: doc(map(quantity), 'Capacity represents the total resources of a node. More info: https://kubernetes.io/docs/reference/node/node-status/#capacity'),
      allocatable: doc(map(quantity), 'Allocatable represents the resources of a node that are available for scheduling. Defaults to Capacity.'),
      phase: str,
      conditions: doc(arr(condition({ lastHeartbeatTime: time })), 'Conditions is an array of current observed node conditions. More info: https://kubernetes.io/docs/reference/node/node-status/#condition'),
      addresses: doc(arr(obj({ type: req(str), address: req(str) })), 'List of addresses reachable to the node.'),
      daemonEndpoints: obj({ kubeletEndpoint: obj({ Port: req(int) }) }),
      nodeInfo: obj({
        machineID: str, systemUUID: str, bootID: str, kernelVersion: str, osImage: str, containerRuntimeVersion: str,
        kubeletVersion: str, kubeProxyVersion: str, operatingSystem: str, architecture: str, swap: obj({ capacity: int64 }),
      }),
      images: arr(obj({ names: arr(str), sizeBytes: int64 })),
      volumesInUse: arr(str),
      volumesAttached: arr(obj({ name: req(str), devicePath: req(str) })),
      config: any,
      runtimeHandlers: arr(obj({ name: str, features: obj({ recursiveReadOnlyMounts: bool, userNamespaces: bool }) })),
      features: obj({ supplementalGroupsPolicy: bool }),
    }), statusDoc('node')),
  })),
  Taint: def(PKG.core, 'The node this Taint is attached to has the "effect" on any pod that does not tolerate the Taint.', obj({
    key: req(str, 'Required. The taint key to be applied to a node.'),
    value: doc(str, 'The taint value corresponding to the taint key.'),
    effect: req(str, 'Required. The effect of the taint on pods that do not tolerate the taint. Valid effects are NoSchedule, PreferNoSchedule and NoExecute.'),
    timeAdded: doc(time, 'TimeAdded represents the time at which the taint was added.'),
  })),
  Service: def(PKG.core, 'Service is a named abstraction of software service (for example, mysql) consisting of local port (for example 3306) that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.', kindObject({
    spec: doc(obj({
      ports: doc(arr(ref('ServicePort')), 'The list of ports that are exposed by this service. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies'),
      selector: doc(map(str), 'Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify. More info: https://kubernetes.io/docs/concepts/services-networking/service/'),
      clusterIP: doc(str, 'clusterIP is the IP address of the service and is usually assigned randomly. If an address is specified manually, is in-range (as per system configuration), and is not in use, it will be allocated to the service; otherwise creation of the service will fail. "None" makes a headless service.'),
      clusterIPs: arr(str),
      type: doc(str, 'type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer.'),
      externalIPs: arr(str),
      sessionAffinity: doc(str, 'Supports "ClientIP" and "None". Used to maintain session affinity. Defaults to None.'),
      loadBalancerIP: str,
      loadBalancerSourceRanges: arr(str),
      externalName: str,
      externalTrafficPolicy: str,
      healthCheckNodePort: int,
      publishNotReadyAddresses: doc(bool, "publishNotReadyAddresses indicates that any agent which deals with endpoints for this Service should disregard any indications of ready/not-ready."),
      sessionAffinityConfig: obj({ clientIP: obj({ timeoutSeconds: int }) }),
      ipFamilies: arr(str),
      ipFamilyPolicy: str,
      allocateLoadBalancerNodePorts: bool,
      loadBalancerClass: str,
      internalTrafficPolicy: str,
      trafficDistribution: str,
    }), specDoc('service')),
    status: doc(obj({
      loadBalancer: obj({
        ingress: arr(obj({ ip: str, hostname: str, ipMode: str, ports: arr(obj({ port: req(int), protocol: req(str), error: str })) })),
      }),
      conditions: arr(ref('Condition')),
    }), statusDoc('service')),
  })),
  ServicePort: def(PKG.core, "ServicePort contains information on service's port.", obj({
    name: doc(str, 'The name of this port within the service. This must be a DNS_LABEL. All ports within a ServiceSpec must have unique names.'),
    protocol: doc(str, 'The IP protocol for this port. Supports "TCP", "UDP", and "SCTP". Default is TCP.'),
    appProtocol: str,
    port: req(int, 'The port that will be exposed by this service.'),
    targetPort: doc(intOrString, "Number or name of the port to access on the pods targeted by the service. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME. If this is a string, it will be looked up as a named port in the target Pod's container ports. If this is not specified, the value of the 'port' field is used (an identity map)."),
    nodePort: doc(int, 'The port on each node on which this service is exposed when type is NodePort or LoadBalancer. Usually assigned by the system.'),
  })),
  Endpoints: def(PKG.core, 'Endpoints is a collection of endpoints that implement the actual service.', kindObject({
    subsets: doc(arr(obj({
      addresses: arr(endpointAddress),
      notReadyAddresses: arr(endpointAddress),
      ports: arr(obj({ name: str, port: req(int), protocol: str, appProtocol: str })),
    })), 'The set of all endpoints is the union of all subsets.'),
  })),
  Namespace: def(PKG.core, 'Namespace provides a scope for Names. Use of multiple namespaces is optional.', kindObject({
    spec: doc(obj({ finalizers: arr(str) }), specDoc('Namespace')),
    status: doc(obj({ phase: str, conditions: arr(condition()) }), statusDoc('Namespace')),
  })),
  // One schema for core/v1 and events.k8s.io/v1 Events: the kind accepts both apiVersions.
  Event: def(PKG.core, 'Event is a report of an event somewhere in the cluster. Events have a limited retention time and triggers and messages may evolve with time.', kindObject({
    involvedObject: doc(ref('ObjectReference'), 'The object that this event is about.'),
    reason: doc(str, "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
    message: doc(str, 'A human-readable description of the status of this operation.'),
    source: obj({ component: str, host: str }),
    firstTimestamp: time, lastTimestamp: time, count: int, type: str, eventTime: time,
    series: obj({ count: int, lastObservedTime: time }),
    action: str, related: ref('ObjectReference'), reportingComponent: str, reportingInstance: str,
    regarding: ref('ObjectReference'), note: str,
    deprecatedSource: obj({ component: str, host: str }),
    deprecatedFirstTimestamp: time, deprecatedLastTimestamp: time, deprecatedCount: int,
  })),
  PersistentVolume: def(PKG.core, 'PersistentVolume (PV) is a storage resource provisioned by an administrator. It is analogous to a node. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes', kindObject({
    spec: doc(ref('PersistentVolumeSpec'), 'spec defines a specification of a persistent volume owned by the cluster. Provisioned by an administrator.'),
    status: doc(ref('PersistentVolumeStatus'), 'status represents the current information/status for the persistent volume. Populated by the system. Read-only.'),
  })),
  PersistentVolumeClaim: def(PKG.core, "PersistentVolumeClaim is a user's request for and claim to a persistent volume", kindObject({
    spec: doc(ref('PersistentVolumeClaimSpec'), 'spec defines the desired characteristics of a volume requested by a pod author. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#persistentvolumeclaims'),
    status: doc(ref('PersistentVolumeClaimStatus'), 'status represents the current information/status of a persistent volume claim. Read-only.'),
  })),
  ConfigMap: def(PKG.core, 'ConfigMap holds configuration data for pods to consume.', kindObject({
    data: doc(map(str), 'Data contains the configuration data. Each key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'. Values with non-UTF-8 byte sequences must use the BinaryData field.'),
    binaryData: doc(map(str), 'BinaryData contains the binary data. Each key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'.'),
    immutable: doc(bool, 'Immutable, if set to true, ensures that data stored in the ConfigMap cannot be updated (only object metadata can be modified).'),
  })),
  Secret: def(PKG.core, 'Secret holds secret data of a certain type. The total bytes of the values in the Data field must be less than MaxSecretSize bytes.', kindObject({
    data: doc(map(str), 'Data contains the secret data. Each key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'. The serialized form of the secret data is a base64 encoded string.'),
    stringData: doc(map(str), 'stringData allows specifying non-binary secret data in string form. It is provided as a write-only input field for convenience. All keys and values are merged into the data field on write.'),
    type: doc(str, 'Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types'),
    immutable: doc(bool, 'Immutable, if set to true, ensures that data stored in the Secret cannot be updated (only object metadata can be modified).'),
  })),
  ServiceAccount: def(PKG.core, 'ServiceAccount binds together: * a name, understood by users, and perhaps by peripheral systems, for an identity * a principal that can be authenticated and authorized * a set of secrets', kindObject({
    secrets: arr(ref('ObjectReference')),
    imagePullSecrets: arr(ref('LocalObjectReference')),
    automountServiceAccountToken: doc(bool, 'AutomountServiceAccountToken indicates whether pods running as this service account should have an API token automatically mounted.'),
  })),
  ReplicationController: def(PKG.core, 'ReplicationController represents the configuration of a replication controller.', kindObject({
    spec: doc(obj({
      replicas: doc(int, 'Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1.'),
      minReadySeconds: int,
      selector: doc(map(str), 'Selector is a label query over pods that should match the Replicas count. If Selector is empty, it is defaulted to the labels present on the Pod template.'),
      template: doc(ref('PodTemplateSpec'), 'Template is the object that describes the pod that will be created if insufficient replicas are detected.'),
    }), specDoc('replication controller')),
    status: doc(obj({
      replicas: req(int), fullyLabeledReplicas: int, readyReplicas: int, availableReplicas: int, observedGeneration: int64,
      conditions: arr(condition()),
    }), statusDoc('replication controller')),
  })),
  LimitRange: def(PKG.core, 'LimitRange sets resource usage limits for each kind of resource in a Namespace.', kindObject({
    spec: doc(obj({
      limits: req(arr(obj({
        type: req(str), max: map(quantity), min: map(quantity), default: map(quantity), defaultRequest: map(quantity),
        maxLimitRequestRatio: map(quantity),
      })), 'Limits is the list of LimitRangeItem objects that are enforced.'),
    }), specDoc('LimitRange')),
  })),
  ResourceQuota: def(PKG.core, 'ResourceQuota sets aggregate quota restrictions enforced per namespace', kindObject({
    spec: doc(obj({
      hard: doc(map(quantity), 'hard is the set of desired hard limits for each named resource. More info: https://kubernetes.io/docs/concepts/policy/resource-quotas/'),
      scopes: arr(str),
      scopeSelector: obj({ matchExpressions: arr(obj({ scopeName: req(str), operator: req(str), values: arr(str) })) }),
    }), specDoc('quota')),
    status: doc(obj({ hard: map(quantity), used: map(quantity) }), statusDoc('quota')),
  })),
};
