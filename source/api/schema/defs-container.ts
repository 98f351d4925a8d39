/** core/v1 Container and everything hanging off it: ports, env, resources, probes, lifecycle, security context. */
import { type Definition, PKG, arr, bool, def, doc, int, int64, intOrString, map, obj, quantity, ref, req, str } from './dsl.js';

const RESOURCES_INFO = 'More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/';
const PROBES_INFO = 'More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes';

/** Container fields; EphemeralContainer is the same plus targetContainerName. */
const containerFields = {
  name: req(str, 'Name of the container specified as a DNS_LABEL. Each container in a pod must have a unique name (DNS_LABEL). Cannot be updated.'),
  image: doc(str, 'Container image name. More info: https://kubernetes.io/docs/concepts/containers/images This field is optional to allow higher level config management to default or override container images in workload controllers like Deployments and StatefulSets.'),
  command: doc(arr(str), "Entrypoint array. Not executed within a shell. The container image's ENTRYPOINT is used if this is not provided. Cannot be updated."),
  args: doc(arr(str), "Arguments to the entrypoint. The container image's CMD is used if this is not provided. Cannot be updated."),
  workingDir: doc(str, "Container's working directory. If not specified, the container runtime's default will be used. Cannot be updated."),
  ports: doc(arr(ref('ContainerPort')), 'List of ports to expose from the container. Not specifying a port here DOES NOT prevent that port from being exposed. Cannot be updated.'),
  envFrom: doc(arr(ref('EnvFromSource')), 'List of sources to populate environment variables in the container. Cannot be updated.'),
  env: doc(arr(ref('EnvVar')), 'List of environment variables to set in the container. Cannot be updated.'),
  resources: doc(ref('ResourceRequirements'), `Compute Resources required by this container. Cannot be updated. ${RESOURCES_INFO}`),
  resizePolicy: doc(arr(ref('ContainerResizePolicy')), "Resources resize policy for the container."),
  restartPolicy: doc(str, 'RestartPolicy defines the restart behavior of individual containers in a pod. The only allowed value for init containers is "Always" (a sidecar).'),
  restartPolicyRules: arr(obj({ action: str, exitCodes: obj({ operator: str, values: arr(int) }) })),
  volumeMounts: doc(arr(ref('VolumeMount')), "Pod volumes to mount into the container's filesystem. Cannot be updated."),
  volumeDevices: doc(arr(obj({ name: req(str), devicePath: req(str) })), 'volumeDevices is the list of block devices to be used by the container.'),
  livenessProbe: doc(ref('Probe'), `Periodic probe of container liveness. Container will be restarted if the probe fails. Cannot be updated. ${PROBES_INFO}`),
  readinessProbe: doc(ref('Probe'), `Periodic probe of container service readiness. Container will be removed from service endpoints if the probe fails. Cannot be updated. ${PROBES_INFO}`),
  startupProbe: doc(ref('Probe'), `StartupProbe indicates that the Pod has successfully initialized. If specified, no other probes are executed until this completes successfully. ${PROBES_INFO}`),
  lifecycle: doc(ref('Lifecycle'), 'Actions that the management system should take in response to container lifecycle events. Cannot be updated.'),
  terminationMessagePath: doc(str, "Optional: Path at which the file to which the container's termination message will be written is mounted into the container's filesystem. Defaults to /dev/termination-log."),
  terminationMessagePolicy: doc(str, 'Indicate how the termination message should be populated. One of File, FallbackToLogsOnError. Defaults to File.'),
  imagePullPolicy: doc(str, 'Image pull policy. One of Always, Never, IfNotPresent. Defaults to Always if :latest tag is specified, or IfNotPresent otherwise. Cannot be updated. More info: https://kubernetes.io/docs/concepts/containers/images#updating-images'),
  securityContext: doc(ref('SecurityContext'), 'SecurityContext defines the security options the container should be run with. If set, the fields of SecurityContext override the equivalent fields of PodSecurityContext. More info: https://kubernetes.io/docs/tasks/configure-pod-container/security-context/'),
  stdin: bool,
  stdinOnce: bool,
  tty: bool,
};

const keySelector = obj({ name: str, key: req(str), optional: bool });
const sourceRef = obj({ name: str, optional: bool });
const seLinuxOptions = obj({ user: str, role: str, type: str, level: str });
const windowsOptions = obj({ gmsaCredentialSpecName: str, gmsaCredentialSpec: str, runAsUserName: str, hostProcess: bool });
const profile = obj({ type: req(str), localhostProfile: str });

export const containerDefinitions: Record<string, Definition> = {
  Container: def(PKG.core, 'A single application container that you want to run within a pod.', obj(containerFields)),
  EphemeralContainer: def(PKG.core, 'An EphemeralContainer is a temporary container that you may add to an existing Pod for user-initiated activities such as debugging.', obj({
    ...containerFields,
    targetContainerName: doc(str, 'If set, the name of the container from PodSpec that this ephemeral container targets.'),
  })),
  ContainerPort: def(PKG.core, 'ContainerPort represents a network port in a single container.', obj({
    name: doc(str, 'If specified, this must be an IANA_SVC_NAME and unique within the pod. Each named port in a pod must have a unique name. Name for the port that can be referred to by services.'),
    hostPort: doc(int, 'Number of port to expose on the host. If specified, this must be a valid port number, 0 < x < 65536.'),
    containerPort: req(int, "Number of port to expose on the pod's IP address. This must be a valid port number, 0 < x < 65536."),
    protocol: doc(str, 'Protocol for port. Must be UDP, TCP, or SCTP. Defaults to "TCP".'),
    hostIP: doc(str, 'What host IP to bind the external port to.'),
  })),
  EnvVar: def(PKG.core, 'EnvVar represents an environment variable present in a Container.', obj({
    name: req(str, 'Name of the environment variable.'),
    value: doc(str, 'Variable references $(VAR_NAME) are expanded using the previously defined environment variables in the container and any service environment variables. Defaults to "".'),
    valueFrom: doc(ref('EnvVarSource'), "Source for the environment variable's value. Cannot be used if value is not empty."),
  })),
  EnvVarSource: def(PKG.core, 'EnvVarSource represents a source for the value of an EnvVar.', obj({
    fieldRef: doc(ref('ObjectFieldSelector'), 'Selects a field of the pod: supports metadata.name, metadata.namespace, `metadata.labels[\'<KEY>\']`, `metadata.annotations[\'<KEY>\']`, spec.nodeName, spec.serviceAccountName, status.hostIP, status.podIP, status.podIPs.'),
    resourceFieldRef: doc(ref('ResourceFieldSelector'), 'Selects a resource of the container: only resources limits and requests (limits.cpu, limits.memory, limits.ephemeral-storage, requests.cpu, requests.memory and requests.ephemeral-storage) are currently supported.'),
    configMapKeyRef: doc(keySelector, 'Selects a key of a ConfigMap.'),
    secretKeyRef: doc(keySelector, "Selects a key of a secret in the pod's namespace"),
    fileKeyRef: obj({ volumeName: req(str), path: req(str), key: req(str), optional: bool }),
  })),
  ObjectFieldSelector: def(PKG.core, 'ObjectFieldSelector selects an APIVersioned field of an object.', obj({
    apiVersion: str, fieldPath: req(str, 'Path of the field to select in the specified API version.'),
  })),
  ResourceFieldSelector: def(PKG.core, 'ResourceFieldSelector represents container resources (cpu, memory) and their output format', obj({
    containerName: str, resource: req(str, 'Required: resource to select'), divisor: quantity,
  })),
  EnvFromSource: def(PKG.core, 'EnvFromSource represents the source of a set of ConfigMaps or Secrets', obj({
    prefix: doc(str, 'Optional text to prepend to the name of each environment variable.'),
    configMapRef: doc(sourceRef, 'The ConfigMap to select from'),
    secretRef: doc(sourceRef, 'The Secret to select from'),
  })),
  ResourceRequirements: def(PKG.core, 'ResourceRequirements describes the compute resource requirements.', obj({
    limits: doc(map(quantity), `Limits describes the maximum amount of compute resources allowed. ${RESOURCES_INFO}`),
    requests: doc(map(quantity), `Requests describes the minimum amount of compute resources required. If Requests is omitted for a container, it defaults to Limits if that is explicitly specified, otherwise to an implementation-defined value. Requests cannot exceed Limits. ${RESOURCES_INFO}`),
    claims: doc(arr(ref('ResourceClaim')), 'Claims lists the names of resources, defined in spec.resourceClaims, that are used by this container. This field depends on the DynamicResourceAllocation feature gate. This field is immutable. It can only be set for containers.'),
  })),
  ResourceClaim: def(PKG.core, 'ResourceClaim references one entry in PodSpec.ResourceClaims.', obj({
    name: req(str, 'Name must match the name of one entry in pod.spec.resourceClaims of the Pod where this field is used. It makes that resource available inside a container.'),
    request: doc(str, 'Request is the name chosen for a request in the referenced claim. If empty, everything from the claim is made available, otherwise only the result of this request.'),
  })),
  ContainerResizePolicy: def(PKG.core, 'ContainerResizePolicy represents resource resize policy for the container.', obj({
    resourceName: req(str), restartPolicy: req(str),
  })),
  VolumeMount: def(PKG.core, 'VolumeMount describes a mounting of a Volume within a container.', obj({
    name: req(str, 'This must match the Name of a Volume.'),
    readOnly: doc(bool, 'Mounted read-only if true, read-write otherwise (false or unspecified). Defaults to false.'),
    recursiveReadOnly: str,
    mountPath: req(str, "Path within the container at which the volume should be mounted. Must not contain ':'."),
    subPath: doc(str, 'Path within the volume from which the container\'s volume should be mounted. Defaults to "" (volume\'s root).'),
    mountPropagation: str,
    subPathExpr: str,
  })),
  Probe: def(PKG.core, 'Probe describes a health check to be performed against a container to determine whether it is alive or ready to receive traffic.', obj({
    exec: doc(ref('ExecAction'), 'Exec specifies a command to execute in the container.'),
    httpGet: doc(ref('HTTPGetAction'), 'HTTPGet specifies an HTTP GET request to perform.'),
    tcpSocket: doc(ref('TCPSocketAction'), 'TCPSocket specifies a connection to a TCP port.'),
    grpc: doc(obj({ port: req(int, 'Port number of the gRPC service. Number must be in the range 1 to 65535.'), service: str }), 'GRPC specifies a GRPC HealthCheckRequest.'),
    initialDelaySeconds: doc(int, `Number of seconds after the container has started before liveness probes are initiated. ${PROBES_INFO}`),
    timeoutSeconds: doc(int, `Number of seconds after which the probe times out. Defaults to 1 second. Minimum value is 1. ${PROBES_INFO}`),
    periodSeconds: doc(int, 'How often (in seconds) to perform the probe. Default to 10 seconds. Minimum value is 1.'),
    successThreshold: doc(int, 'Minimum consecutive successes for the probe to be considered successful after having failed. Defaults to 1. Must be 1 for liveness and startup. Minimum value is 1.'),
    failureThreshold: doc(int, 'Minimum consecutive failures for the probe to be considered failed after having succeeded. Defaults to 3. Minimum value is 1.'),
    terminationGracePeriodSeconds: doc(int64, 'Optional duration in seconds the pod needs to terminate gracefully upon probe failure.'),
  })),
  ExecAction: def(PKG.core, 'ExecAction describes a "run in container" action.', obj({
    command: doc(arr(str), "Command is the command line to execute inside the container, the working directory for the command is root ('/') in the container's filesystem."),
  })),
  HTTPGetAction: def(PKG.core, 'HTTPGetAction describes an action based on HTTP Get requests.', obj({
    path: doc(str, 'Path to access on the HTTP server.'),
    port: req(intOrString, 'Name or number of the port to access on the container. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME.'),
    host: doc(str, 'Host name to connect to, defaults to the pod IP.'),
    scheme: doc(str, 'Scheme to use for connecting to the host. Defaults to HTTP.'),
    httpHeaders: doc(arr(obj({ name: req(str), value: req(str) })), 'Custom headers to set in the request. HTTP allows repeated headers.'),
  })),
  TCPSocketAction: def(PKG.core, 'TCPSocketAction describes an action based on opening a socket', obj({
    port: req(intOrString, 'Number or name of the port to access on the container. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME.'),
    host: doc(str, 'Optional: Host name to connect to, defaults to the pod IP.'),
  })),
  Lifecycle: def(PKG.core, 'Lifecycle describes actions that the management system should take in response to container lifecycle events.', obj({
    postStart: doc(ref('LifecycleHandler'), 'PostStart is called immediately after a container is created. If the handler fails, the container is terminated and restarted according to its restart policy.'),
    preStop: doc(ref('LifecycleHandler'), 'PreStop is called immediately before a container is terminated due to an API request or management event such as liveness/startup probe failure, preemption, resource contention, etc.'),
    stopSignal: doc(str, 'StopSignal defines which signal will be sent to a container when it is being stopped.'),
  })),
  LifecycleHandler: def(PKG.core, 'LifecycleHandler defines a specific action that should be taken in a lifecycle hook. One and only one of the fields, except TCPSocket must be specified.', obj({
    exec: ref('ExecAction'),
    httpGet: ref('HTTPGetAction'),
    tcpSocket: ref('TCPSocketAction'),
    sleep: doc(obj({ seconds: req(int64, 'Seconds is the number of seconds to sleep.') }), 'Sleep represents a duration that the container should sleep.'),
  })),
  SecurityContext: def(PKG.core, 'SecurityContext holds security configuration that will be applied to a container.', obj({
    capabilities: doc(obj({ add: arr(str), drop: arr(str) }), 'The capabilities to add/drop when running containers. Defaults to the default set of capabilities granted by the container runtime.'),
    privileged: doc(bool, 'Run container in privileged mode. Processes in privileged containers are essentially equivalent to root on the host. Defaults to false.'),
    seLinuxOptions,
    windowsOptions,
    runAsUser: doc(int64, 'The UID to run the entrypoint of the container process. Defaults to user specified in image metadata if unspecified.'),
    runAsGroup: doc(int64, 'The GID to run the entrypoint of the container process. Uses runtime default if unset.'),
    runAsNonRoot: doc(bool, 'Indicates that the container must run as a non-root user.'),
    readOnlyRootFilesystem: doc(bool, 'Whether this container has a read-only root filesystem. Default is false.'),
    allowPrivilegeEscalation: doc(bool, 'AllowPrivilegeEscalation controls whether a process can gain more privileges than its parent process.'),
    procMount: str,
    seccompProfile: doc(profile, 'The seccomp options to use by this container.'),
    appArmorProfile: doc(profile, 'appArmorProfile is the AppArmor options to use by this container.'),
  })),
  PodSecurityContext: def(PKG.core, 'PodSecurityContext holds pod-level security attributes and common container settings.', obj({
    seLinuxOptions,
    windowsOptions,
    runAsUser: doc(int64, 'The UID to run the entrypoint of the container process. Defaults to user specified in image metadata if unspecified.'),
    runAsGroup: doc(int64, 'The GID to run the entrypoint of the container process. Uses runtime default if unset.'),
    runAsNonRoot: doc(bool, 'Indicates that the container must run as a non-root user.'),
    supplementalGroups: arr(int64),
    supplementalGroupsPolicy: str,
    fsGroup: doc(int64, 'A special supplemental group that applies to all containers in a pod.'),
    sysctls: arr(obj({ name: req(str), value: req(str) })),
    fsGroupChangePolicy: str,
    seccompProfile: doc(profile, 'The seccomp options to use by the containers in this pod.'),
    appArmorProfile: profile,
    seLinuxChangePolicy: str,
  })),
};
