/** Defaulting of the other core/v1 kinds: Service, Endpoints, Namespace, Secret, PV, PVC, Node, LimitRange. */
import { ensureObj, isObj, isUnset, type Obj, objAt, objItems, setDefault, setDefaultString } from './util.js';

/** Reachable from outside the cluster (service.ExternallyAccessible): externalTrafficPolicy applies. */
function externallyAccessible(spec: Obj): boolean {
  return spec.type === 'LoadBalancer' || spec.type === 'NodePort'
    || (spec.type === 'ClusterIP' && Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0);
}

/**
 * SetDefaults_Service, plus what the registry fills before validation: clusterIP/clusterIPs kept in step, and
 * single-stack IPv4 families (a headless Service without a selector asks for RequireDualStack, as upstream).
 */
export function defaultService(spec: Obj): void {
  setDefaultString(spec, 'sessionAffinity', 'None');
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP') {
    const config = ensureObj(spec, 'sessionAffinityConfig');
    const clientIP = config ? ensureObj(config, 'clientIP') : undefined;
    if (clientIP) setDefault(clientIP, 'timeoutSeconds', 10800);
  }
  setDefaultString(spec, 'type', 'ClusterIP');
  for (const port of objItems(spec, 'ports')) {
    setDefaultString(port, 'protocol', 'TCP');
    if (isUnset(port.targetPort) || port.targetPort === 0 || port.targetPort === '') port.targetPort = port.port;
  }
  if (externallyAccessible(spec)) setDefaultString(spec, 'externalTrafficPolicy', 'Cluster');
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer' || spec.type === 'ClusterIP') setDefault(spec, 'internalTrafficPolicy', 'Cluster');
  if (spec.type === 'LoadBalancer') setDefault(spec, 'allocateLoadBalancerNodePorts', true);
  if (spec.type === 'ExternalName') return;
  if (typeof spec.clusterIP === 'string' && spec.clusterIP && (isUnset(spec.clusterIPs) || (Array.isArray(spec.clusterIPs) && spec.clusterIPs.length === 0))) {
    spec.clusterIPs = [spec.clusterIP];
  } else if ((isUnset(spec.clusterIP) || spec.clusterIP === '') && Array.isArray(spec.clusterIPs) && typeof spec.clusterIPs[0] === 'string') {
    spec.clusterIP = spec.clusterIPs[0];
  }
  const headlessWithoutSelector = spec.clusterIP === 'None' && !(isObj(spec.selector) && Object.keys(spec.selector).length > 0);
  setDefault(spec, 'ipFamilyPolicy', headlessWithoutSelector ? 'RequireDualStack' : 'SingleStack');
  setDefault(spec, 'ipFamilies', ['IPv4']);
}

/** SetDefaults_Endpoints: ports are TCP unless stated. */
export function defaultEndpoints(ep: Obj): void {
  for (const subset of objItems(ep, 'subsets')) for (const port of objItems(subset, 'ports')) setDefaultString(port, 'protocol', 'TCP');
}

/** SetDefaults_Namespace/_NamespaceStatus: the kubernetes.io/metadata.name label, phase Active. */
export function defaultNamespace(ns: Obj): void {
  const meta = objAt(ns, 'metadata');
  if (meta && typeof meta.name === 'string' && meta.name) {
    const labels = ensureObj(meta, 'labels');
    if (labels) labels['kubernetes.io/metadata.name'] = meta.name;
  }
  const status = ensureObj(ns, 'status');
  if (status) setDefaultString(status, 'phase', 'Active');
}

/** SetDefaults_Secret (type Opaque), and the v1 conversion that folds stringData into data. */
export function defaultSecret(secret: Obj): void {
  setDefaultString(secret, 'type', 'Opaque');
  const stringData = objAt(secret, 'stringData');
  if (!stringData) return;
  const data = ensureObj(secret, 'data');
  if (!data) return;
  for (const key of Object.keys(stringData)) {
    const v = stringData[key];
    if (typeof v === 'string') data[key] = Buffer.from(v, 'utf8').toString('base64');
  }
  delete secret.stringData;
}

/** SetDefaults_PersistentVolumeClaim(+Spec): volumeMode Filesystem, status.phase Pending. */
export function defaultPvc(pvc: Obj): void {
  const spec = ensureObj(pvc, 'spec');
  if (spec) setDefault(spec, 'volumeMode', 'Filesystem');
  const status = ensureObj(pvc, 'status');
  if (status) setDefaultString(status, 'phase', 'Pending');
}

/** SetDefaults_PersistentVolume: Retain, Filesystem, phase Pending; a hostPath gets type "". */
export function defaultPv(pv: Obj): void {
  const spec = ensureObj(pv, 'spec');
  if (spec) {
    setDefaultString(spec, 'persistentVolumeReclaimPolicy', 'Retain');
    setDefault(spec, 'volumeMode', 'Filesystem');
    const hostPath = objAt(spec, 'hostPath');
    if (hostPath) setDefault(hostPath, 'type', '');
  }
  const status = ensureObj(pv, 'status');
  if (status) setDefaultString(status, 'phase', 'Pending');
}

/** SetDefaults_NodeStatus: allocatable defaults to capacity. */
export function defaultNode(node: Obj): void {
  const status = objAt(node, 'status');
  const capacity = status ? objAt(status, 'capacity') : undefined;
  if (status && capacity && isUnset(status.allocatable)) status.allocatable = { ...capacity };
}

/** SetDefaults_LimitRangeItem for Container limits: default ← max, defaultRequest ← default, then ← min. */
export function defaultLimitRange(lr: Obj): void {
  const spec = objAt(lr, 'spec');
  if (!spec) return;
  for (const item of objItems(spec, 'limits')) {
    if (item.type !== 'Container') continue;
    const def: Obj = { ...(objAt(item, 'default') ?? {}) };
    const defReq: Obj = { ...(objAt(item, 'defaultRequest') ?? {}) };
    for (const [from, to] of [[objAt(item, 'max'), def], [def, defReq], [objAt(item, 'min'), defReq]] as const) {
      if (!from) continue;
      for (const k of Object.keys(from)) if (!Object.hasOwn(to, k)) to[k] = from[k];
    }
    // Empty maps are dropped on the wire (omitempty), so only write what has content.
    for (const [key, value] of [['default', def], ['defaultRequest', defReq]] as const) {
      if (Object.keys(value).length > 0 && (isUnset(item[key]) || isObj(item[key]))) item[key] = value;
    }
  }
}
