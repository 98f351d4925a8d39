/**
 * Pod and pod template defaulting (core/v1 SetDefaults_PodSpec, _Container, _Probe, _Volume, ... and, for Pods
 * only, SetDefaults_Pod plus the ServiceAccount and Priority admission plugins' defaults).
 */
import { tryParseQuantity } from '../quantity.js';
import { ensureObj, isUnset, type Obj, objAt, objItems, setDefault, setDefaultNumber, setDefaultString } from './util.js';

/** Volume sources; a volume with none of them becomes an emptyDir (SetDefaults_Volume). */
const VOLUME_SOURCES = [
  'emptyDir', 'hostPath', 'gitRepo', 'gcePersistentDisk', 'awsElasticBlockStore', 'secret', 'nfs', 'iscsi', 'glusterfs', 'flocker',
  'persistentVolumeClaim', 'rbd', 'cinder', 'cephfs', 'quobyte', 'downwardAPI', 'fc', 'flexVolume', 'configMap', 'azureFile',
  'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'storageos', 'projected', 'scaleIO', 'csi', 'ephemeral', 'image',
];
/** 0644, the mode secret/configMap/downwardAPI/projected files get. */
const DEFAULT_FILE_MODE = 420;

/**
 * The tag ParseImageName would find: `nginx` and `nginx:latest` pull Always, anything else IfNotPresent. A digest
 * without a tag, or a name the parser rejects, counts as "not latest".
 */
export function defaultPullPolicy(image: unknown): 'Always' | 'IfNotPresent' {
  if (typeof image !== 'string' || image === '') return 'IfNotPresent';
  const at = image.indexOf('@');
  const ref = at >= 0 ? image.slice(0, at) : image;
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  const repo = colon > slash ? ref.slice(0, colon) : ref;
  const tag = colon > slash ? ref.slice(colon + 1) : '';
  // Repository names must be lower case; a name the parser rejects yields no tag at all.
  if (/[A-Z\s]/.test(repo)) return 'IfNotPresent';
  if (tag) return tag === 'latest' ? 'Always' : 'IfNotPresent';
  return at >= 0 ? 'IfNotPresent' : 'Always';
}

function defaultHttpGet(handler: Obj): void {
  const httpGet = objAt(handler, 'httpGet');
  if (!httpGet) return;
  setDefaultString(httpGet, 'path', '/');
  setDefaultString(httpGet, 'scheme', 'HTTP');
}

/** SetDefaults_Probe: zero values become 1s timeout, 10s period, 1 success, 3 failures. */
function defaultProbe(probe: Obj): void {
  setDefaultNumber(probe, 'timeoutSeconds', 1);
  setDefaultNumber(probe, 'periodSeconds', 10);
  setDefaultNumber(probe, 'successThreshold', 1);
  setDefaultNumber(probe, 'failureThreshold', 3);
  defaultHttpGet(probe);
}

/** SetDefaults_Container and the defaults of what it holds. */
function defaultContainer(c: Obj): void {
  if (isUnset(c.imagePullPolicy) || c.imagePullPolicy === '') c.imagePullPolicy = defaultPullPolicy(c.image);
  setDefaultString(c, 'terminationMessagePath', '/dev/termination-log');
  setDefaultString(c, 'terminationMessagePolicy', 'File');
  for (const port of objItems(c, 'ports')) setDefaultString(port, 'protocol', 'TCP');
  for (const key of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const probe = objAt(c, key);
    if (probe) defaultProbe(probe);
  }
  const lifecycle = objAt(c, 'lifecycle');
  if (lifecycle) {
    for (const hook of ['postStart', 'preStop']) {
      const handler = objAt(lifecycle, hook);
      if (handler) defaultHttpGet(handler);
    }
  }
  for (const env of objItems(c, 'env')) {
    const fieldRef = objAt(objAt(env, 'valueFrom') ?? {}, 'fieldRef');
    if (fieldRef) setDefaultString(fieldRef, 'apiVersion', 'v1');
  }
}

function defaultVolume(v: Obj): void {
  if (VOLUME_SOURCES.every((s) => isUnset(v[s]))) v.emptyDir = {};
  for (const source of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    const src = objAt(v, source);
    if (src) setDefault(src, 'defaultMode', DEFAULT_FILE_MODE);
  }
  const hostPath = objAt(v, 'hostPath');
  if (hostPath) setDefault(hostPath, 'type', '');
}

/** SetDefaults_PodSpec and everything nested in it: what Pods and every pod template get. */
export function defaultPodSpec(spec: Obj): void {
  setDefaultString(spec, 'dnsPolicy', 'ClusterFirst');
  setDefaultString(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'securityContext', {});
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefaultString(spec, 'schedulerName', 'default-scheduler');
  // serviceAccount is the deprecated alias: it fills serviceAccountName, and is echoed back from it.
  if ((isUnset(spec.serviceAccountName) || spec.serviceAccountName === '') && typeof spec.serviceAccount === 'string' && spec.serviceAccount) {
    spec.serviceAccountName = spec.serviceAccount;
  }
  if (typeof spec.serviceAccountName === 'string' && spec.serviceAccountName) spec.serviceAccount = spec.serviceAccountName;
  for (const key of ['containers', 'initContainers', 'ephemeralContainers']) for (const c of objItems(spec, key)) defaultContainer(c);
  for (const v of objItems(spec, 'volumes')) defaultVolume(v);
}

/** A pod template (Deployment, Job, ...): the spec, created if missing as Go's zero-valued struct would be. */
export function defaultPodTemplate(parent: Obj, key = 'template'): void {
  const template = ensureObj(parent, key);
  if (!template) return;
  const spec = ensureObj(template, 'spec');
  if (spec) defaultPodSpec(spec);
}

/** SetDefaults_Pod's extra step: a container with limits but no request for a resource requests its limit. */
function defaultRequestsFromLimits(c: Obj): void {
  const resources = objAt(c, 'resources');
  const limits = resources ? objAt(resources, 'limits') : undefined;
  if (!resources || !limits || (!isUnset(resources.requests) && !objAt(resources, 'requests'))) return;
  const requests: Obj = objAt(resources, 'requests') ?? {};
  // Only well-formed limits are copied: a bad one is reported once, on the limit.
  for (const name of Object.keys(limits)) if (!Object.hasOwn(requests, name) && tryParseQuantity(limits[name])) requests[name] = limits[name];
  if (Object.keys(requests).length > 0) resources.requests = requests;
}

/**
 * A Pod: its spec, plus what only Pods get — requests from limits, enableServiceLinks, host ports under hostNetwork,
 * and the admission defaults (serviceAccountName `default`, priority 0 without a class, PreemptLowerPriority).
 */
export function defaultPod(pod: Obj): void {
  const spec = ensureObj(pod, 'spec');
  if (!spec) return;
  defaultPodSpec(spec);
  for (const key of ['containers', 'initContainers']) for (const c of objItems(spec, key)) defaultRequestsFromLimits(c);
  setDefault(spec, 'enableServiceLinks', true);
  if (spec.hostNetwork === true) {
    for (const key of ['containers', 'initContainers']) {
      for (const c of objItems(spec, key)) {
        for (const port of objItems(c, 'ports')) if (isUnset(port.hostPort) || port.hostPort === 0) port.hostPort = port.containerPort;
      }
    }
  }
  setDefaultString(spec, 'serviceAccountName', 'default');
  if (typeof spec.serviceAccountName === 'string') setDefaultString(spec, 'serviceAccount', spec.serviceAccountName);
  // Priority admission resolves a named class itself; without one the priority is 0.
  if (isUnset(spec.priorityClassName) || spec.priorityClassName === '') setDefault(spec, 'priority', 0);
  setDefaultString(spec, 'preemptionPolicy', 'PreemptLowerPriority');
}
