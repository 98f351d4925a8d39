/** Service (ValidateService, ValidateServiceUpdate), Endpoints and EndpointSlice. */
import {
  child, duplicate, type Errs, forbidden, index, invalid, invalidText, isObj, notSupported, type Obj, objItems, oneOf, readArr,
  readBool, readInt, readObj, readStr, readStrArr, required, text,
} from './field.js';
import { goQuote, goStringSlice } from './go-format.js';
import { validateLabels } from './meta.js';
import { dns1123LabelErrors, dns1123SubdomainErrors, ipErrors, portNumErrors, qualifiedNameErrors } from './names.js';
import { validatePortNumOrName } from './probes.js';
import { specOf } from './workloads.js';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;

/** ExternallyAccessible: reachable from outside the cluster, so externalTrafficPolicy applies. */
export function externallyAccessible(spec: Obj): boolean {
  return spec.type === 'LoadBalancer' || spec.type === 'NodePort'
    || (spec.type === 'ClusterIP' && Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0);
}

function isHeadless(spec: Obj): boolean {
  return Array.isArray(spec.clusterIPs) && spec.clusterIPs.length === 1 && spec.clusterIPs[0] === 'None';
}

function validateServicePort(errs: Errs, port: Obj, path: string, requireName: boolean, names: Set<string>): void {
  const name = readStr(errs, port, 'name', path) ?? '';
  if (requireName && !name) required(errs, child(path, 'name'));
  else if (name) {
    for (const msg of dns1123LabelErrors(name)) invalid(errs, child(path, 'name'), name, msg);
    if (names.has(name)) duplicate(errs, child(path, 'name'), name);
    names.add(name);
  }
  const p = readInt(errs, port, 'port', path) ?? 0;
  for (const msg of portNumErrors(p)) invalid(errs, child(path, 'port'), p, msg);
  oneOf(errs, child(path, 'protocol'), readStr(errs, port, 'protocol', path), PROTOCOLS);
  validatePortNumOrName(errs, port, 'targetPort', path);
  const appProtocol = readStr(errs, port, 'appProtocol', path);
  if (appProtocol !== undefined) for (const msg of qualifiedNameErrors(appProtocol)) invalid(errs, child(path, 'appProtocol'), appProtocol, msg);
  readInt(errs, port, 'nodePort', path);
}

/** ValidateServiceClusterIPsRelatedFields (not for ExternalName). */
function validateClusterIPs(errs: Errs, spec: Obj): void {
  if (spec.type === 'ExternalName') return;
  const clusterIP = readStr(errs, spec, 'clusterIP', 'spec') ?? '';
  const clusterIPs = readStrArr(errs, spec, 'clusterIPs', 'spec') ?? [];
  if (clusterIP) {
    if (clusterIPs.length === 0) required(errs, 'spec.clusterIPs');
    else if (clusterIPs[0] !== clusterIP) invalidText(errs, 'spec.clusterIPs', goStringSlice(clusterIPs), 'first value must match `clusterIP`');
  } else if (clusterIPs.length > 0) invalidText(errs, 'spec.clusterIPs', goStringSlice(clusterIPs), 'must be empty when `clusterIP` is not specified');
  const families = readStrArr(errs, spec, 'ipFamilies', 'spec') ?? [];
  const seen = new Set<string>();
  families.forEach((f, i) => {
    if (f !== 'IPv4' && f !== 'IPv6') notSupported(errs, `spec.ipFamilies[${i}]`, f, ['IPv4', 'IPv6']);
    if (seen.has(f)) duplicate(errs, `spec.ipFamilies[${i}]`, f);
    seen.add(f);
  });
  const policy = readStr(errs, spec, 'ipFamilyPolicy', 'spec');
  if (policy !== undefined && !['PreferDualStack', 'RequireDualStack', 'SingleStack'].includes(policy)) {
    notSupported(errs, 'spec.ipFamilyPolicy', policy, ['PreferDualStack', 'RequireDualStack', 'SingleStack']);
  }
  clusterIPs.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (clusterIPs.length > 1) invalidText(errs, 'spec.clusterIPs', goStringSlice(clusterIPs), "'None' must be the first and only value");
      return;
    }
    for (const msg of ipErrors(ip)) invalid(errs, `spec.clusterIPs[${i}]`, ip, msg);
  });
  if (clusterIPs.length > 2) invalidText(errs, 'spec.clusterIPs', goStringSlice(clusterIPs), 'may only hold up to 2 values');
}

function validateTrafficPolicies(errs: Errs, spec: Obj): void {
  const external = readStr(errs, spec, 'externalTrafficPolicy', 'spec') ?? '';
  if (!externallyAccessible(spec)) {
    if (external) invalid(errs, 'spec.externalTrafficPolicy', external, 'may only be set for externally-accessible services');
  } else oneOf(errs, 'spec.externalTrafficPolicy', external, ['Cluster', 'Local']);
  const health = readInt(errs, spec, 'healthCheckNodePort', 'spec');
  if (health && !(spec.type === 'LoadBalancer' && external === 'Local')) {
    invalid(errs, 'spec.healthCheckNodePort', health, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'");
  }
  const internal = readStr(errs, spec, 'internalTrafficPolicy', 'spec');
  if (internal === undefined) {
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer' || spec.type === 'ClusterIP') required(errs, 'spec.internalTrafficPolicy');
  } else if (internal !== 'Cluster' && internal !== 'Local') notSupported(errs, 'spec.internalTrafficPolicy', internal, ['Cluster', 'Local']);
}

/** Type-specific rules: headless only for ClusterIP, ExternalName has a name and no cluster IPs. */
function validateServiceType(errs: Errs, spec: Obj): void {
  const type = spec.type;
  if ((type === 'LoadBalancer' || type === 'NodePort') && isHeadless(spec)) invalid(errs, 'spec.clusterIPs[0]', 'None', `may not be set to 'None' for ${type} services`);
  if (type !== 'ExternalName') return;
  if (Array.isArray(spec.clusterIPs) && spec.clusterIPs.length > 0) forbidden(errs, 'spec.clusterIPs', 'may not be set for ExternalName services');
  if (Array.isArray(spec.ipFamilies) && spec.ipFamilies.length > 0) forbidden(errs, 'spec.ipFamilies', 'may not be set for ExternalName services');
  if (spec.ipFamilyPolicy !== undefined && spec.ipFamilyPolicy !== null) forbidden(errs, 'spec.ipFamilyPolicy', 'may not be set for ExternalName services');
  const cname = (readStr(errs, spec, 'externalName', 'spec') ?? '').replace(/\.$/, '');
  if (cname) for (const msg of dns1123SubdomainErrors(cname)) invalid(errs, 'spec.externalName', cname, msg);
  else required(errs, 'spec.externalName');
}

/** ValidateService. */
export function validateService(errs: Errs, obj: Obj): void {
  const spec = specOf(errs, obj);
  if (!spec) return;
  const type = readStr(errs, spec, 'type', 'spec');
  const ports = readArr(errs, spec, 'ports', 'spec') ?? [];
  if (ports.length === 0 && !isHeadless(spec) && type !== 'ExternalName' && !(spec.ports !== undefined && !Array.isArray(spec.ports))) required(errs, 'spec.ports');
  validateServiceType(errs, spec);
  const portItems = objItems(errs, ports, 'spec.ports');
  const names = new Set<string>();
  for (const [port, i] of portItems) validateServicePort(errs, port, `spec.ports[${i}]`, ports.length > 1, names);
  validateLabels(errs, spec, 'selector', 'spec');
  const affinity = readStr(errs, spec, 'sessionAffinity', 'spec');
  oneOf(errs, 'spec.sessionAffinity', affinity, ['ClientIP', 'None']);
  const affinityConfig = readObj(errs, spec, 'sessionAffinityConfig', 'spec');
  if (affinity === 'ClientIP') {
    const clientIP = affinityConfig ? readObj(errs, affinityConfig, 'clientIP', 'spec.sessionAffinityConfig') : undefined;
    const timeout = clientIP ? readInt(errs, clientIP, 'timeoutSeconds', 'spec.sessionAffinityConfig.clientIP') : undefined;
    if (!affinityConfig) required(errs, 'spec.sessionAffinityConfig', 'when session affinity type is ClientIP');
    else if (!clientIP) required(errs, 'spec.sessionAffinityConfig.clientIP', 'when session affinity type is ClientIP');
    else if (timeout === undefined) required(errs, 'spec.sessionAffinityConfig.clientIP.timeoutSeconds', 'when session affinity type is ClientIP');
    else if (timeout <= 0 || timeout > 86400) invalid(errs, 'spec.sessionAffinityConfig.clientIP.timeoutSeconds', timeout, 'must be greater than 0 and less than 86400');
  } else if (affinity === 'None' && affinityConfig) forbidden(errs, 'spec.sessionAffinityConfig', 'must not be set when session affinity is None');
  validateClusterIPs(errs, spec);
  (readStrArr(errs, spec, 'externalIPs', 'spec') ?? []).forEach((ip, i) => {
    for (const msg of ipErrors(ip)) invalid(errs, `spec.externalIPs[${i}]`, ip, msg);
  });
  oneOf(errs, 'spec.type', type, ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']);
  const nodePorts = new Set<string>();
  const portKeys = new Set<string>();
  for (const [port, i] of portItems) {
    const nodePort = typeof port.nodePort === 'number' ? port.nodePort : 0;
    const protocol = typeof port.protocol === 'string' ? port.protocol : '';
    if (nodePort !== 0) {
      if (type === 'ClusterIP') forbidden(errs, `spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'");
      else if (nodePort < NODE_PORT_MIN || nodePort > NODE_PORT_MAX) {
        // The allocator's refusal, which a real API server returns for a nodePort outside --service-node-port-range.
        invalid(errs, `spec.ports[${i}].nodePort`, nodePort, `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`);
      }
      if (nodePorts.has(`${protocol}/${nodePort}`)) duplicate(errs, `spec.ports[${i}].nodePort`, nodePort);
      nodePorts.add(`${protocol}/${nodePort}`);
    }
    const key = `${protocol}/${text(port.port)}`;
    if (portKeys.has(key)) {
      duplicate(errs, `spec.ports[${i}]`, undefined, `core.ServicePort{Name:"", Protocol:${goQuote(protocol)}, AppProtocol:(*string)(nil), Port:${text(port.port)}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`);
    }
    portKeys.add(key);
  }
  const allocate = readBool(errs, spec, 'allocateLoadBalancerNodePorts', 'spec');
  if (allocate !== undefined && type !== 'LoadBalancer') forbidden(errs, 'spec.allocateLoadBalancerNodePorts', "may only be used when `type` is 'LoadBalancer'");
  // Upstream reports this one without the `spec.` prefix.
  if (type === 'LoadBalancer' && allocate === undefined) required(errs, 'allocateLoadBalancerNodePorts');
  validateTrafficPolicies(errs, spec);
}

/** ValidateServiceUpdate's cluster-IP rule: the primary IP may not change (the store refills IPs a client left out). */
export function validateServiceUpdate(errs: Errs, obj: Obj, old: Obj): void {
  const spec = isObj(obj.spec) ? obj.spec : {};
  const before = isObj(old.spec) ? old.spec : {};
  if (spec.type === 'ExternalName' || before.type === 'ExternalName') return;
  if (isHeadless(spec) && isHeadless(before)) return;
  const now = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [];
  const was = Array.isArray(before.clusterIPs) ? before.clusterIPs : [];
  if (now.length === 0 || was.length === 0) return;
  if (now[0] !== was[0]) invalidText(errs, 'spec.clusterIPs[0]', goStringSlice(now), 'may not change once set');
}

function validateAddresses(errs: Errs, subset: Obj, key: string, path: string): number {
  const list = readArr(errs, subset, key, path);
  if (!list) return 0;
  const base = child(path, key);
  for (const [addr, i] of objItems(errs, list, base)) {
    const p = index(base, i);
    const ip = readStr(errs, addr, 'ip', p) ?? '';
    for (const msg of ipErrors(ip)) invalid(errs, child(p, 'ip'), ip, msg);
    const hostname = readStr(errs, addr, 'hostname', p);
    if (hostname) for (const msg of dns1123LabelErrors(hostname)) invalid(errs, child(p, 'hostname'), hostname, msg);
    const nodeName = readStr(errs, addr, 'nodeName', p);
    if (nodeName !== undefined) for (const msg of dns1123SubdomainErrors(nodeName)) invalid(errs, child(p, 'nodeName'), nodeName, msg);
  }
  return list.length;
}

function validateEndpointPorts(errs: Errs, parent: Obj, path: string, requireNames: boolean): void {
  const ports = readArr(errs, parent, 'ports', path);
  if (!ports) return;
  const base = child(path, 'ports');
  const names = new Set<string>();
  for (const [port, i] of objItems(errs, ports, base)) {
    const p = index(base, i);
    const name = readStr(errs, port, 'name', p) ?? '';
    if (requireNames && ports.length > 1 && !name) required(errs, child(p, 'name'));
    else if (name) {
      for (const msg of dns1123LabelErrors(name)) invalid(errs, child(p, 'name'), name, msg);
      if (!requireNames && names.has(name)) duplicate(errs, child(p, 'name'), name);
      names.add(name);
    }
    const num = readInt(errs, port, 'port', p);
    if (requireNames || num !== undefined) for (const msg of portNumErrors(num ?? 0)) invalid(errs, child(p, 'port'), num ?? 0, msg);
    const protocol = readStr(errs, port, 'protocol', p);
    if (requireNames || protocol !== undefined) oneOf(errs, child(p, 'protocol'), protocol, PROTOCOLS);
  }
}

/** ValidateEndpoints. */
export function validateEndpoints(errs: Errs, obj: Obj): void {
  const subsets = readArr(errs, obj, 'subsets', '');
  if (!subsets) return;
  for (const [subset, i] of objItems(errs, subsets, 'subsets')) {
    const p = `subsets[${i}]`;
    const ready = validateAddresses(errs, subset, 'addresses', p);
    const notReady = validateAddresses(errs, subset, 'notReadyAddresses', p);
    if (ready + notReady === 0) required(errs, p, 'must specify `addresses` or `notReadyAddresses`');
    validateEndpointPorts(errs, subset, p, true);
  }
}

const ADDRESS_TYPES = ['IPv4', 'IPv6', 'FQDN'];

/** ValidateEndpointSlice (+ addressType immutable on update). */
export function validateEndpointSlice(errs: Errs, obj: Obj, old?: Obj): void {
  const addressType = readStr(errs, obj, 'addressType', '');
  oneOf(errs, 'addressType', addressType, ADDRESS_TYPES);
  if (old && old.addressType !== obj.addressType) invalid(errs, 'addressType', addressType ?? null, 'field is immutable');
  const endpoints = readArr(errs, obj, 'endpoints', '') ?? [];
  for (const [ep, i] of objItems(errs, endpoints, 'endpoints')) {
    const p = `endpoints[${i}]`;
    const addresses = readStrArr(errs, ep, 'addresses', p) ?? [];
    if (addresses.length === 0) required(errs, child(p, 'addresses'), 'must contain at least 1 address');
    else if (addresses.length > 100) invalid(errs, child(p, 'addresses'), addresses.length, 'must have at most 100 items');
    if (addressType === 'IPv4' || addressType === 'IPv6') {
      addresses.forEach((a, j) => {
        for (const msg of ipErrors(a)) invalid(errs, `${p}.addresses[${j}]`, a, msg);
      });
    }
    readObj(errs, ep, 'conditions', p);
    const nodeName = readStr(errs, ep, 'nodeName', p);
    if (nodeName) for (const msg of dns1123SubdomainErrors(nodeName)) invalid(errs, child(p, 'nodeName'), nodeName, msg);
  }
  validateEndpointPorts(errs, obj, '', false);
}
