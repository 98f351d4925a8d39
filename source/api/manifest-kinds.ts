/**
 * What the manifest loader does with a kind the simulator does not hold.
 *
 * The rule: a kind a real cluster serves out of the box, or that a widely installed add-on defines (cert-manager,
 * Prometheus operator, Gateway API, Istio, KEDA, Argo…), is *known but not simulated*: it gets a warning and is
 * skipped, so real manifests still load. Any other kind is what kubectl would reject on a cluster without that CRD:
 * an error, in kubectl's words (`no matches for kind "Foo" in version "example.com/v1"`). Kinds are matched by API
 * group and kind, ignoring the version, so `extensions/v1beta1` Ingress is skipped just like `networking.k8s.io/v1`.
 *
 * A few API versions were removed upstream with no change of schema; manifests still carry them (the compatibility
 * corpus has a policy/v1beta1 PodDisruptionBudget). Those load as the served version, with the deprecation warning
 * the API server sends.
 */

/** Kinds by API group that are real upstream or add-on kinds the simulator does not model. */
const NOT_SIMULATED: Readonly<Record<string, readonly string[]>> = {
  // Built into Kubernetes (v1.32).
  '': ['PodTemplate', 'Binding', 'ComponentStatus'],
  'networking.k8s.io': ['Ingress', 'IngressClass', 'NetworkPolicy', 'IPAddress', 'ServiceCIDR'],
  extensions: ['Ingress', 'NetworkPolicy', 'PodSecurityPolicy'],
  policy: ['PodSecurityPolicy'],
  'storage.k8s.io': ['CSIDriver', 'CSINode', 'CSIStorageCapacity', 'VolumeAttachment', 'VolumeAttributesClass'],
  'apiextensions.k8s.io': ['CustomResourceDefinition'],
  'admissionregistration.k8s.io': [
    'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'ValidatingAdmissionPolicy',
    'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding',
  ],
  'apiregistration.k8s.io': ['APIService'],
  'certificates.k8s.io': ['CertificateSigningRequest', 'ClusterTrustBundle'],
  'coordination.k8s.io': ['LeaseCandidate'],
  'flowcontrol.apiserver.k8s.io': ['FlowSchema', 'PriorityLevelConfiguration'],
  'node.k8s.io': ['RuntimeClass'],
  'resource.k8s.io': ['DeviceClass', 'ResourceClaim', 'ResourceClaimTemplate', 'ResourceSlice'],
  // Kubernetes SIG projects installed as CRDs.
  'gateway.networking.k8s.io': [
    'GatewayClass', 'Gateway', 'HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute', 'ReferenceGrant', 'BackendTLSPolicy',
  ],
  'snapshot.storage.k8s.io': ['VolumeSnapshot', 'VolumeSnapshotClass', 'VolumeSnapshotContent'],
  'autoscaling.k8s.io': ['VerticalPodAutoscalerCheckpoint'],
  'metrics.k8s.io': ['NodeMetrics', 'PodMetrics'],
  // Widely installed add-ons.
  'cert-manager.io': ['Certificate', 'CertificateRequest', 'Issuer', 'ClusterIssuer'],
  'monitoring.coreos.com': [
    'ServiceMonitor', 'PodMonitor', 'PrometheusRule', 'Prometheus', 'PrometheusAgent', 'Alertmanager', 'AlertmanagerConfig',
    'Probe', 'ScrapeConfig', 'ThanosRuler',
  ],
  'networking.istio.io': ['VirtualService', 'DestinationRule', 'Gateway', 'ServiceEntry', 'Sidecar', 'EnvoyFilter', 'WorkloadEntry', 'WorkloadGroup'],
  'security.istio.io': ['AuthorizationPolicy', 'PeerAuthentication', 'RequestAuthentication'],
  'keda.sh': ['ScaledObject', 'ScaledJob', 'TriggerAuthentication', 'ClusterTriggerAuthentication'],
  'argoproj.io': ['Application', 'ApplicationSet', 'AppProject', 'Rollout'],
  'external-secrets.io': ['ExternalSecret', 'ClusterExternalSecret', 'SecretStore', 'ClusterSecretStore'],
};

const notSimulated = new Set(Object.entries(NOT_SIMULATED).flatMap(([group, kinds]) => kinds.map((k) => `${group}/${k}`)));

/** The API group of an apiVersion: `networking.k8s.io/v1` → `networking.k8s.io`, `v1` → `` (core). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Whether a kind the simulator cannot hold is a real upstream or add-on kind (warn and skip) rather than unknown (error). */
export function isKnownUnsimulatedKind(apiVersion: string, kind: string): boolean {
  return notSimulated.has(`${apiGroup(apiVersion)}/${kind}`);
}

/** A removed API version that converts to the served one unchanged, with the API server's deprecation warning. */
export interface RemovedVersion {
  servedAs: string;
  warning: string;
}

const removed = (from: string, kind: string, deprecated: string, unavailable: string, to: string): [string, RemovedVersion] => [
  `${from}/${kind}`,
  { servedAs: to, warning: `${from} ${kind} is deprecated in v${deprecated}+, unavailable in v${unavailable}+; use ${to} ${kind}` },
];

const REMOVED_VERSIONS = new Map<string, RemovedVersion>([
  removed('policy/v1beta1', 'PodDisruptionBudget', '1.21', '1.25', 'policy/v1'),
  removed('batch/v1beta1', 'CronJob', '1.21', '1.25', 'batch/v1'),
  removed('autoscaling/v2beta2', 'HorizontalPodAutoscaler', '1.23', '1.26', 'autoscaling/v2'),
]);

/** The conversion for a removed-but-compatible `apiVersion` of `kind`, if there is one. */
export function removedVersion(apiVersion: string, kind: string): RemovedVersion | undefined {
  return REMOVED_VERSIONS.get(`${apiVersion}/${kind}`);
}

/**
 * policy/v1beta1 read an empty PDB selector as "no pods", policy/v1 as "all pods". Upstream's conversion keeps the
 * v1beta1 meaning with a selector no pod can match; so do we.
 */
export const V1BETA1_EMPTY_SELECTOR_KEY = 'pdb.kubernetes.io/deprecated-v1beta1-empty-selector-match';
