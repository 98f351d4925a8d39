/** `kubectl describe pod` (describe.go describePod), plus kubedrill's scheduling section. */
import type { Event, Pod } from '../../api/core.js';
import { age } from '../../api/print/age.js';
import { NONE, formatLabels, int, list, record, str } from '../../api/print/format.js';
import { podQosClass } from '../../api/print/qos.js';
import type { SchedulingRecord } from '../../scheduler/scheduler.js';
import { controllerOf, describeEvents, printAnnotationsMultiline, printLabelsMultiline, printTolerationsMultiline, records, rfc1123z } from './common.js';
import { type EnvResolver, describeContainers, describeResources } from './containers.js';
import { LEVEL_0, LEVEL_1, PrefixWriter } from './layout.js';
import { describeTopologySpreadConstraints } from './pod-template.js';
import { describeScheduling } from './scheduling.js';
import { describeVolumes } from './volumes.js';

/** EnvValueRetriever: the value a `fieldRef` env var resolves to in this pod ('' for paths the API would reject). */
export function podFieldResolver(pod: unknown): EnvResolver {
  const p = record(pod);
  const meta = record(p.metadata);
  const spec = record(p.spec);
  const status = record(p.status);
  return (path) => {
    const sub = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
    if (sub) return str(record(meta[sub[1]!])[sub[2]!]);
    switch (path) {
      case 'metadata.name': return str(meta.name);
      case 'metadata.namespace': return str(meta.namespace);
      case 'metadata.uid': return str(meta.uid);
      case 'metadata.labels': return formatLabels(meta.labels) === NONE ? '' : formatLabels(meta.labels);
      case 'spec.nodeName': return str(spec.nodeName);
      case 'spec.serviceAccountName': return str(spec.serviceAccountName);
      case 'status.hostIP': return str(status.hostIP);
      case 'status.podIP': return str(status.podIP);
      case 'status.hostIPs': return list(status.hostIPs).map((x) => str(record(x).ip)).join(',');
      case 'status.podIPs': return list(status.podIPs).map((x) => str(record(x).ip)).join(',');
      default: return '';
    }
  };
}

/** The full text of `kubectl describe pod`, with the scheduling section when a record is given. */
export function describePod(pod: Pod, events: readonly Event[], nowMs: number, scheduling?: SchedulingRecord): string {
  const w = new PrefixWriter();
  const meta = record(pod?.metadata);
  const spec = record(pod?.spec);
  const status = record(pod?.status);
  w.write(LEVEL_0, `Name:\t${str(meta.name)}\n`);
  w.write(LEVEL_0, `Namespace:\t${str(meta.namespace)}\n`);
  if (typeof spec.priority === 'number') w.write(LEVEL_0, `Priority:\t${int(spec.priority)}\n`);
  if (str(spec.priorityClassName)) w.write(LEVEL_0, `Priority Class Name:\t${str(spec.priorityClassName)}\n`);
  if (str(spec.runtimeClassName)) w.write(LEVEL_0, `Runtime Class Name:\t${str(spec.runtimeClassName)}\n`);
  if (str(spec.serviceAccountName)) w.write(LEVEL_0, `Service Account:\t${str(spec.serviceAccountName)}\n`);
  const node = str(spec.nodeName);
  w.write(LEVEL_0, `Node:\t${node === '' ? NONE : `${node}/${str(status.hostIP)}`}\n`);
  if (status.startTime !== undefined && status.startTime !== null) w.write(LEVEL_0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
  printLabelsMultiline(w, 'Labels', meta.labels);
  printAnnotationsMultiline(w, 'Annotations', meta.annotations);
  const phase = str(status.phase);
  if (meta.deletionTimestamp && phase !== 'Failed' && phase !== 'Succeeded') {
    w.write(LEVEL_0, `Status:\tTerminating (lasts ${age(str(meta.deletionTimestamp), nowMs)})\n`);
    w.write(LEVEL_0, `Termination Grace Period:\t${int(meta.deletionGracePeriodSeconds)}s\n`);
  } else {
    w.write(LEVEL_0, `Status:\t${phase}\n`);
  }
  if (str(status.reason)) w.write(LEVEL_0, `Reason:\t${str(status.reason)}\n`);
  if (str(status.message)) w.write(LEVEL_0, `Message:\t${str(status.message)}\n`);
  const seccomp = record(record(spec.securityContext).seccompProfile);
  if (str(seccomp.type)) {
    w.write(LEVEL_0, `SeccompProfile:\t${str(seccomp.type)}\n`);
    if (seccomp.type === 'Localhost') w.write(LEVEL_0, `LocalhostProfile:\t${str(seccomp.localhostProfile)}\n`);
  }
  w.write(LEVEL_0, `IP:\t${str(status.podIP)}\n`);
  const ips = list(status.podIPs);
  if (ips.length === 0) w.write(LEVEL_0, `IPs:\t${NONE}\n`);
  else {
    w.write(LEVEL_0, 'IPs:\n');
    for (const ip of ips) w.write(LEVEL_1, `IP:\t${str(record(ip).ip)}\n`);
  }
  const controlledBy = controllerOf(pod);
  if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
  if (str(status.nominatedNodeName)) w.write(LEVEL_0, `NominatedNodeName:\t${str(status.nominatedNodeName)}\n`);
  if (spec.resources !== undefined && spec.resources !== null) {
    w.write(LEVEL_0, 'Resources:\n');
    describeResources(w, spec.resources, LEVEL_1);
  }
  const resolve = podFieldResolver(pod);
  if (list(spec.initContainers).length > 0) describeContainers(w, 'Init Containers', spec.initContainers, status.initContainerStatuses, resolve, '');
  describeContainers(w, 'Containers', spec.containers, status.containerStatuses, resolve, '');
  const conditions = records(status.conditions);
  const gates = records(spec.readinessGates);
  if (gates.length > 0) {
    w.write(LEVEL_0, 'Readiness Gates:\n  Type\tStatus\n');
    for (const g of gates) {
      const c = conditions.find((x) => x.type === g.conditionType);
      w.write(LEVEL_1, `${str(g.conditionType)} \t${c ? str(c.status) : NONE} \n`);
    }
  }
  if (conditions.length > 0) {
    w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\n');
    for (const c of conditions) w.write(LEVEL_1, `${str(c.type)} \t${str(c.status)} \n`);
  }
  describeVolumes(w, spec.volumes, '');
  w.write(LEVEL_0, `QoS Class:\t${str(status.qosClass) || podQosClass(pod)}\n`);
  printLabelsMultiline(w, 'Node-Selectors', spec.nodeSelector);
  printTolerationsMultiline(w, 'Tolerations', spec.tolerations);
  describeTopologySpreadConstraints(w, spec.topologySpreadConstraints, '');
  describeEvents(w, events, nowMs);
  if (scheduling) describeScheduling(w, scheduling, nowMs);
  return w.toString();
}
