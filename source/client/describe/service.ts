/** describe for Service and Endpoints (describe.go describeService / describeEndpoints). */
import type { Event } from '../../api/core.js';
import type { KubeObject } from '../../api/meta.js';
import { NONE, formatLabels, int, joinHostPort, list, record, str } from '../../api/print/format.js';
import { describeEvents, printAnnotationsMultiline, printLabelsMultiline, records } from './common.js';
import { LEVEL_0, LEVEL_1, LEVEL_2, PrefixWriter } from './layout.js';

const MAX_ENDPOINTS = 3;

/**
 * formatEndpoints for one service port name: ready `ip:port` pairs, the first 3 then ` + N more...`;
 * `<none>` when there is no Endpoints object or it has no subsets.
 */
export function formatEndpoints(endpoints: KubeObject | undefined, portName: string | undefined): string {
  const subsets = records(record(endpoints).subsets);
  if (!endpoints || subsets.length === 0) return NONE;
  const shown: string[] = [];
  let count = 0;
  const add = (text: string) => {
    if (shown.length < MAX_ENDPOINTS) shown.push(text);
    count++;
  };
  for (const ss of subsets) {
    const addresses = records(ss.addresses);
    const ports = records(ss.ports);
    if (ports.length === 0) {
      for (const a of addresses) add(str(a.ip));
      continue;
    }
    for (const port of ports) {
      if (portName !== undefined && str(port.name) !== portName) continue;
      for (const a of addresses) add(joinHostPort(str(a.ip), int(port.port)));
    }
  }
  const joined = shown.join(',');
  return count > MAX_ENDPOINTS ? `${joined} + ${count - MAX_ENDPOINTS} more...` : joined;
}

/** `kubectl describe service`; `endpoints` is the service's Endpoints object, if any. */
export function describeService(svc: KubeObject, endpoints: KubeObject | undefined, events: readonly Event[], nowMs: number): string {
  const w = new PrefixWriter();
  const meta = record(svc?.metadata);
  const spec = record(svc?.spec);
  const status = record(svc?.status);
  w.write(LEVEL_0, `Name:\t${str(meta.name)}\n`);
  w.write(LEVEL_0, `Namespace:\t${str(meta.namespace)}\n`);
  printLabelsMultiline(w, 'Labels', meta.labels);
  printAnnotationsMultiline(w, 'Annotations', meta.annotations);
  w.write(LEVEL_0, `Selector:\t${formatLabels(spec.selector)}\n`);
  w.write(LEVEL_0, `Type:\t${str(spec.type)}\n`);
  if (str(spec.ipFamilyPolicy)) w.write(LEVEL_0, `IP Family Policy:\t${str(spec.ipFamilyPolicy)}\n`);
  const families = list(spec.ipFamilies).map(str);
  w.write(LEVEL_0, `IP Families:\t${families.length > 0 ? families.join(',') : NONE}\n`);
  w.write(LEVEL_0, `IP:\t${str(spec.clusterIP)}\n`);
  const ips = list(spec.clusterIPs).map(str);
  w.write(LEVEL_0, `IPs:\t${ips.length > 0 ? ips.join(',') : NONE}\n`);
  const external = list(spec.externalIPs).map(str);
  if (external.length > 0) w.write(LEVEL_0, `External IPs:\t${external.join(',')}\n`);
  if (str(spec.loadBalancerIP)) w.write(LEVEL_0, `Desired LoadBalancer IP:\t${str(spec.loadBalancerIP)}\n`);
  if (str(spec.externalName)) w.write(LEVEL_0, `External Name:\t${str(spec.externalName)}\n`);
  const ingress = records(record(status.loadBalancer).ingress);
  if (ingress.length > 0) {
    const text = ingress.map((i) => (str(i.ip) || str(i.hostname)) + (str(i.ipMode) ? ` (${str(i.ipMode)})` : '')).join(', ');
    w.write(LEVEL_0, `LoadBalancer Ingress:\t${text}\n`);
  }
  for (const sp of records(spec.ports)) {
    const name = str(sp.name) || '<unset>';
    const protocol = str(sp.protocol);
    w.write(LEVEL_0, `Port:\t${name}\t${int(sp.port)}/${protocol}\n`);
    // An unset targetPort is an IntOrString zero value: it prints as 0.
    const target = typeof sp.targetPort === 'string' ? sp.targetPort : String(int(sp.targetPort));
    w.write(LEVEL_0, `TargetPort:\t${target}/${protocol}\n`);
    if (int(sp.nodePort) !== 0) w.write(LEVEL_0, `NodePort:\t${name}\t${int(sp.nodePort)}/${protocol}\n`);
    w.write(LEVEL_0, `Endpoints:\t${formatEndpoints(endpoints, str(sp.name))}\n`);
  }
  w.write(LEVEL_0, `Session Affinity:\t${str(spec.sessionAffinity)}\n`);
  if (str(spec.externalTrafficPolicy)) w.write(LEVEL_0, `External Traffic Policy:\t${str(spec.externalTrafficPolicy)}\n`);
  if (str(spec.internalTrafficPolicy)) w.write(LEVEL_0, `Internal Traffic Policy:\t${str(spec.internalTrafficPolicy)}\n`);
  if (int(spec.healthCheckNodePort) !== 0) w.write(LEVEL_0, `HealthCheck NodePort:\t${int(spec.healthCheckNodePort)}\n`);
  const ranges = list(spec.loadBalancerSourceRanges).map(str);
  if (ranges.length > 0) w.write(LEVEL_0, `LoadBalancer Source Ranges:\t${ranges.join(',')}\n`);
  if (str(spec.trafficDistribution)) w.write(LEVEL_0, `Traffic Distribution:\t${str(spec.trafficDistribution)}\n`);
  describeEvents(w, events, nowMs);
  return w.toString();
}

/** `kubectl describe endpoints`. */
export function describeEndpoints(ep: KubeObject, events: readonly Event[], nowMs: number): string {
  const w = new PrefixWriter();
  const meta = record(ep?.metadata);
  w.write(LEVEL_0, `Name:\t${str(meta.name)}\n`);
  w.write(LEVEL_0, `Namespace:\t${str(meta.namespace)}\n`);
  printLabelsMultiline(w, 'Labels', meta.labels);
  printAnnotationsMultiline(w, 'Annotations', meta.annotations);
  w.write(LEVEL_0, 'Subsets:\n');
  for (const ss of records(ep?.subsets)) {
    const ips = (v: unknown) => list(v).map((a) => str(record(a).ip)).join(',') || NONE;
    w.write(LEVEL_1, `Addresses:\t${ips(ss.addresses)}\n`);
    w.write(LEVEL_1, `NotReadyAddresses:\t${ips(ss.notReadyAddresses)}\n`);
    const ports = records(ss.ports);
    if (ports.length > 0) {
      w.write(LEVEL_1, 'Ports:\n');
      w.write(LEVEL_2, 'Name\tPort\tProtocol\n');
      w.write(LEVEL_2, '----\t----\t--------\n');
      for (const p of ports) w.write(LEVEL_2, `${str(p.name) || '<unset>'}\t${int(p.port)}\t${str(p.protocol)}\n`);
    }
    w.write(LEVEL_0, '\n');
  }
  describeEvents(w, events, nowMs);
  return w.toString();
}

