/** Pod specs and pod templates (ValidatePodSpec, ValidatePodTemplateSpec) and the Pod kind itself. */
import { type ContainerContext, validateContainers, validateInitContainers } from './container.js';
import {
  child, duplicate, type Errs, index, invalid, isObj, type Obj, objItems, oneOf, readArr, readBool, readInt, readObj, readStr,
  required,
} from './field.js';
import { validateAnnotations, validateLabels } from './meta.js';
import { dns1123LabelErrors, dns1123SubdomainErrors, qualifiedNameErrors } from './names.js';
import { validateResourceList } from './resources.js';
import { validateAffinity, validateTolerations, validateTopologySpread } from './scheduling.js';
import { validateVolumes } from './volumes.js';

const MAX_INT32 = 2147483647;

function subdomainField(errs: Errs, spec: Obj, key: string, path: string): void {
  const v = readStr(errs, spec, key, path);
  if (v) for (const msg of dns1123SubdomainErrors(v)) invalid(errs, child(path, key), v, msg);
}

function labelField(errs: Errs, spec: Obj, key: string, path: string): void {
  const v = readStr(errs, spec, key, path);
  if (v) for (const msg of dns1123LabelErrors(v)) invalid(errs, child(path, key), v, msg);
}

/** hostNetwork pods expose container ports on the node: hostPort must equal containerPort (templates may leave it 0). */
function validateHostNetworkPorts(errs: Errs, spec: Obj, path: string, isPod: boolean): void {
  if (spec.hostNetwork !== true || !Array.isArray(spec.containers)) return;
  spec.containers.forEach((ctr, i) => {
    if (!isObj(ctr) || !Array.isArray(ctr.ports)) return;
    ctr.ports.forEach((port, j) => {
      if (!isObj(port)) return;
      const hp = typeof port.hostPort === 'number' ? port.hostPort : 0;
      const cp = typeof port.containerPort === 'number' ? port.containerPort : 0;
      if ((isPod || hp !== 0) && hp !== cp) {
        invalid(errs, `${path}.containers[${i}].ports[${j}].hostPort`, hp, 'must match `containerPort` when `hostNetwork` is true');
      }
    });
  });
}

function validateGates(errs: Errs, spec: Obj, path: string): void {
  const readiness = readArr(errs, spec, 'readinessGates', path);
  if (readiness) {
    const base = child(path, 'readinessGates');
    for (const [g, i] of objItems(errs, readiness, base)) {
      const t = readStr(errs, g, 'conditionType', index(base, i)) ?? '';
      for (const msg of qualifiedNameErrors(t)) invalid(errs, child(index(base, i), 'conditionType'), t, msg);
    }
  }
  const scheduling = readArr(errs, spec, 'schedulingGates', path);
  if (scheduling) {
    const base = child(path, 'schedulingGates');
    const seen = new Set<string>();
    for (const [g, i] of objItems(errs, scheduling, base)) {
      const name = readStr(errs, g, 'name', index(base, i)) ?? '';
      for (const msg of qualifiedNameErrors(name)) invalid(errs, index(base, i), name, msg);
      if (seen.has(name)) duplicate(errs, index(base, i), name);
      seen.add(name);
    }
  }
}

/** ValidatePodSpec. `isPod` adds the checks upstream only makes for Pods, not for templates. */
export function validatePodSpec(errs: Errs, spec: Obj, path: string, isPod: boolean): void {
  const grace = readInt(errs, spec, 'terminationGracePeriodSeconds', path);
  if (grace === undefined && (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null)) {
    required(errs, child(path, 'terminationGracePeriodSeconds'));
  }
  const volumes = validateVolumes(errs, spec, path);
  const ctx: ContainerContext = { volumes, gracePeriod: grace, isPod };
  const names = validateContainers(errs, spec, path, ctx);
  validateInitContainers(errs, spec, path, ctx, names);
  readBool(errs, spec, 'hostNetwork', path);
  validateHostNetworkPorts(errs, spec, path, isPod);
  oneOf(errs, child(path, 'restartPolicy'), readStr(errs, spec, 'restartPolicy', path), ['Always', 'OnFailure', 'Never']);
  const dnsPolicy = readStr(errs, spec, 'dnsPolicy', path);
  oneOf(errs, child(path, 'dnsPolicy'), dnsPolicy, ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None']);
  const dnsConfig = readObj(errs, spec, 'dnsConfig', path);
  if (dnsPolicy === 'None') {
    const nameservers = dnsConfig && Array.isArray(dnsConfig.nameservers) ? dnsConfig.nameservers : [];
    if (!dnsConfig) required(errs, child(path, 'dnsConfig'), 'must provide `dnsConfig` when `dnsPolicy` is None');
    else if (nameservers.length === 0) required(errs, child(child(path, 'dnsConfig'), 'nameservers'), 'must provide at least one DNS nameserver when `dnsPolicy` is None');
  }
  validateLabels(errs, spec, 'nodeSelector', path);
  readObj(errs, spec, 'securityContext', path);
  const pullSecrets = readArr(errs, spec, 'imagePullSecrets', path);
  if (pullSecrets) objItems(errs, pullSecrets, child(path, 'imagePullSecrets'));
  validateAffinity(errs, spec, path);
  validateGates(errs, spec, path);
  validateTopologySpread(errs, spec, path);
  subdomainField(errs, spec, 'serviceAccountName', path);
  readStr(errs, spec, 'serviceAccount', path);
  subdomainField(errs, spec, 'nodeName', path);
  const deadline = readInt(errs, spec, 'activeDeadlineSeconds', path);
  if (deadline !== undefined && (deadline < 1 || deadline > MAX_INT32)) {
    invalid(errs, child(path, 'activeDeadlineSeconds'), deadline, `must be between 1 and ${MAX_INT32}, inclusive`);
  }
  labelField(errs, spec, 'hostname', path);
  labelField(errs, spec, 'subdomain', path);
  validateTolerations(errs, spec, path);
  subdomainField(errs, spec, 'priorityClassName', path);
  readInt(errs, spec, 'priority', path);
  const preemption = readStr(errs, spec, 'preemptionPolicy', path);
  if (preemption !== undefined) oneOf(errs, child(path, 'preemptionPolicy'), preemption, ['PreemptLowerPriority', 'Never']);
  validateResourceList(errs, spec, 'overhead', path, 'container');
  readStr(errs, spec, 'schedulerName', path);
  readBool(errs, spec, 'enableServiceLinks', path);
  readBool(errs, spec, 'automountServiceAccountToken', path);
}

/** ValidatePodTemplateSpec: template labels and annotations (reported as `<path>.labels`, as upstream does) and its spec. */
export function validatePodTemplate(errs: Errs, template: Obj, path: string, validateSpec = true): void {
  const meta = readObj(errs, template, 'metadata', path) ?? {};
  validateLabels(errs, meta, 'labels', path);
  validateAnnotations(errs, meta, 'annotations', path);
  validatePodDeletionCost(errs, meta, child(path, 'annotations'));
  if (!validateSpec) return;
  const spec = readObj(errs, template, 'spec', path);
  if (spec) validatePodSpec(errs, spec, child(path, 'spec'), false);
  else if (template.spec === undefined || template.spec === null) required(errs, child(child(path, 'spec'), 'containers'));
  if (spec && Array.isArray(spec.ephemeralContainers) && spec.ephemeralContainers.length > 0) {
    errs.push({ type: 'FieldValueForbidden', field: child(child(path, 'spec'), 'ephemeralContainers'), detail: 'ephemeral containers not allowed in pod template' });
  }
}

const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

/** The pod-deletion-cost annotation must parse as an int32 (ValidatePodSpecificAnnotations). */
export function validatePodDeletionCost(errs: Errs, meta: Obj, annotationsPath: string): void {
  if (!isObj(meta.annotations)) return;
  const cost = meta.annotations[DELETION_COST];
  if (cost === undefined) return;
  const ok = typeof cost === 'string' && /^[+-]?[0-9]+$/.test(cost) && Math.abs(Number(cost)) <= MAX_INT32 + (cost.startsWith('-') ? 1 : 0);
  if (!ok) invalid(errs, index(annotationsPath, DELETION_COST), cost, 'must be a 32bit integer');
}

/** The Pod kind: its spec with the checks templates skip (annotations are checked with the metadata). */
export function validatePod(errs: Errs, pod: Obj): void {
  const spec = readObj(errs, pod, 'spec', '');
  if (spec) validatePodSpec(errs, spec, 'spec', true);
  else if (pod.spec === undefined || pod.spec === null) required(errs, 'spec.containers');
}
