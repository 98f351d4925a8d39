/** `kubectl describe node` (describe.go describeNode / describeNodeResource). */
import type { Event } from '../../api/core.js';
import type { KubeObject } from '../../api/meta.js';
import { age } from '../../api/print/age.js';
import { NONE, list, record, str } from '../../api/print/format.js';
import { describeEvents, printAnnotationsMultiline, printLabelsMultiline, printTaintsMultiline, records, rfc1123z } from './common.js';
import { LEVEL_0, LEVEL_1, PrefixWriter } from './layout.js';
import { milli, percent, podRequestsAndLimits, qstr, qty, units } from './resources.js';

const ROLE_PREFIX = 'node-role.kubernetes.io/';

/** findNodeRoles: `node-role.kubernetes.io/<role>` keys and the `kubernetes.io/role` value, sorted. */
export function nodeRoles(labels: unknown): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(record(labels))) {
    if (k.startsWith(ROLE_PREFIX)) {
      const role = k.slice(ROLE_PREFIX.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && str(v)) roles.add(str(v));
  }
  return [...roles].sort();
}

// IsStandardContainerResourceName: these (and hugepages-*) are not "extended" resources.
const STANDARD = new Set(['cpu', 'memory', 'ephemeral-storage']);

/** The full text of `kubectl describe node`; `pods` are the node's non-terminated pods. */
export function describeNode(node: KubeObject, pods: readonly KubeObject[] | undefined, events: readonly Event[], nowMs: number, lease?: KubeObject): string {
  const w = new PrefixWriter();
  const meta = record(node?.metadata);
  const spec = record(node?.spec);
  const status = record(node?.status);
  w.write(LEVEL_0, `Name:\t${str(meta.name)}\n`);
  const roles = nodeRoles(meta.labels);
  w.write(LEVEL_0, `Roles:\t${roles.length > 0 ? roles.join(',') : NONE}\n`);
  printLabelsMultiline(w, 'Labels', meta.labels);
  printAnnotationsMultiline(w, 'Annotations', meta.annotations);
  w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(meta.creationTimestamp)}\n`);
  printTaintsMultiline(w, 'Taints', spec.taints);
  w.write(LEVEL_0, `Unschedulable:\t${spec.unschedulable === true ? 'true' : 'false'}\n`);
  if (lease) {
    // describeNodeLease: the node's heartbeat Lease in kube-node-lease.
    const ls = record(lease.spec);
    const time = (v: unknown) => (typeof v === 'string' && v ? rfc1123z(v) : '<unset>');
    w.write(LEVEL_0, 'Lease:\n');
    w.write(LEVEL_1, `HolderIdentity:\t${typeof ls.holderIdentity === 'string' ? ls.holderIdentity : '<unset>'}\n`);
    w.write(LEVEL_1, `AcquireTime:\t${time(ls.acquireTime)}\n`);
    w.write(LEVEL_1, `RenewTime:\t${time(ls.renewTime)}\n`);
  }
  const conditions = records(status.conditions);
  if (conditions.length > 0) {
    w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of conditions) {
      w.write(LEVEL_1, `${str(c.type)} \t${str(c.status)} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${str(c.reason)} \t${str(c.message)}\n`);
    }
  }
  w.write(LEVEL_0, 'Addresses:\n');
  for (const a of records(status.addresses)) w.write(LEVEL_1, `${str(a.type)}:\t${str(a.address)}\n`);
  for (const [title, resources] of [['Capacity', record(status.capacity)], ['Allocatable', record(status.allocatable)]] as const) {
    const names = Object.keys(resources).sort();
    if (names.length === 0) continue;
    w.write(LEVEL_0, `${title}:\n`);
    for (const name of names) w.write(LEVEL_0, `  ${name}:\t${str(resources[name])}\n`);
  }
  const info = record(status.nodeInfo);
  w.write(LEVEL_0, 'System Info:\n');
  for (const [label, key] of [
    ['Machine ID', 'machineID'], ['System UUID', 'systemUUID'], ['Boot ID', 'bootID'], ['Kernel Version', 'kernelVersion'],
    ['OS Image', 'osImage'], ['Operating System', 'operatingSystem'], ['Architecture', 'architecture'],
    ['Container Runtime Version', 'containerRuntimeVersion'], ['Kubelet Version', 'kubeletVersion'], ['Kube-Proxy Version', 'kubeProxyVersion'],
  ] as const) {
    w.write(LEVEL_0, `  ${label}:\t${str(info[key])}\n`);
  }
  if (str(spec.podCIDR)) w.write(LEVEL_0, `PodCIDR:\t${str(spec.podCIDR)}\n`);
  const cidrs = list(spec.podCIDRs).map(str);
  if (cidrs.length > 0) w.write(LEVEL_0, `PodCIDRs:\t${cidrs.join(',')}\n`);
  if (str(spec.providerID)) w.write(LEVEL_0, `ProviderID:\t${str(spec.providerID)}\n`);
  if (pods) describeNodeResource(w, pods, status, nowMs);
  else w.write(LEVEL_0, 'Pods:\tnot authorized\n');
  describeEvents(w, events, nowMs);
  return w.toString();
}

/** The Non-terminated Pods table and the Allocated resources summary, percentages of allocatable. */
function describeNodeResource(w: PrefixWriter, pods: readonly KubeObject[], status: Record<string, unknown>, nowMs: number): void {
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(LEVEL_1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(LEVEL_1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const allocatable = Object.keys(record(status.allocatable)).length > 0 ? record(status.allocatable) : record(status.capacity);
  const allocCpu = milli(qty(allocatable.cpu));
  const allocMem = units(qty(allocatable.memory));
  const totalReq = new Map<string, ReturnType<typeof qty>>();
  const totalLim = new Map<string, ReturnType<typeof qty>>();
  const sum = (into: typeof totalReq, from: typeof totalReq) => {
    for (const [k, v] of from) into.set(k, { nano: (into.get(k)?.nano ?? 0n) + v.nano, format: into.get(k)?.format ?? v.format });
  };
  for (const pod of pods) {
    const { requests, limits } = podRequestsAndLimits(pod);
    sum(totalReq, requests);
    sum(totalLim, limits);
    const pm = record(pod?.metadata);
    const cell = (q: ReturnType<typeof qty> | undefined, total: number, isCpu: boolean) =>
      `${qstr(q)} (${percent(isCpu ? milli(q) : units(q), total)}%)`;
    w.write(LEVEL_1, `${str(pm.namespace)}\t${str(pm.name)}\t\t${cell(requests.get('cpu'), allocCpu, true)}\t${cell(limits.get('cpu'), allocCpu, true)}\t`
      + `${cell(requests.get('memory'), allocMem, false)}\t${cell(limits.get('memory'), allocMem, false)}\t${age(str(pm.creationTimestamp), nowMs)}\n`);
  }
  w.write(LEVEL_0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(LEVEL_1, 'Resource\tRequests\tLimits\n');
  w.write(LEVEL_1, '--------\t--------\t------\n');
  const allocEph = units(qty(allocatable['ephemeral-storage']));
  for (const [name, total, isCpu] of [['cpu', allocCpu, true], ['memory', allocMem, false], ['ephemeral-storage', allocEph, false]] as const) {
    const req = totalReq.get(name);
    const lim = totalLim.get(name);
    const pr = percent(isCpu ? milli(req) : units(req), total);
    const pl = percent(isCpu ? milli(lim) : units(lim), total);
    w.write(LEVEL_1, `${name}\t${qstr(req)} (${pr}%)\t${qstr(lim)} (${pl}%)\n`);
  }
  const names = Object.keys(allocatable).sort();
  for (const name of names.filter((n) => n.startsWith('hugepages-'))) {
    const total = units(qty(allocatable[name]));
    const req = totalReq.get(name);
    const lim = totalLim.get(name);
    w.write(LEVEL_1, `${name}\t${qstr(req)} (${percent(units(req), total)}%)\t${qstr(lim)} (${percent(units(lim), total)}%)\n`);
  }
  for (const name of names.filter((n) => !n.startsWith('hugepages-') && !STANDARD.has(n) && n !== 'pods')) {
    w.write(LEVEL_1, `${name}\t${qstr(totalReq.get(name))}\t${qstr(totalLim.get(name))}\n`);
  }
}
