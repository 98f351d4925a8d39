/** Table printers for core/v1 kinds, ported from upstream's server-side printers (pkg/printers/internalversion). */
import type {
  ConfigMap, Endpoints, Event, Namespace, Node, Pod, ReplicationController, ResourceQuota, Secret, Service,
  ServiceAccount,
} from '../core.js';
import type { KubeObject } from '../meta.js';
import { age, sinceMs, timestampMs } from './age.js';
import {
  NONE, containerCells, formatLabels, int, joinHostPort, keyCount, list, present, quantity, record, str,
} from './format.js';
import { formatRestarts, podSummary } from './pod-status.js';
import { AGE_COLUMN, CONTAINER_COLUMNS, type KindPrinter, NAME_COLUMN, col } from './printer.js';

const nameOf = (o: KubeObject): string => str(o?.metadata?.name);
const ageOf = (o: KubeObject, nowMs: number): string => age(o?.metadata?.creationTimestamp, nowMs);

/** pods: NAME READY STATUS RESTARTS AGE | IP NODE NOMINATED NODE READINESS GATES. */
export const podPrinter: KindPrinter = {
  columns: [
    NAME_COLUMN, col('READY'), col('STATUS'), col('RESTARTS'), AGE_COLUMN,
    col('IP', 'string', 1), col('NODE', 'string', 1), col('NOMINATED NODE', 'string', 1), col('READINESS GATES', 'string', 1),
  ],
  cells(o, nowMs) {
    const pod = o as Pod;
    const s = podSummary(pod);
    const status = record(pod.status);
    // v1 podIP is folded into podIPs by conversion; upstream prints podIPs[0].
    const ip = str(present(list(status.podIPs)[0])?.ip) || str(status.podIP) || NONE;
    let gates = NONE;
    const readinessGates = list(pod.spec?.readinessGates);
    if (readinessGates.length > 0) {
      const conditions = list(status.conditions).map(record);
      let satisfied = 0;
      for (const gate of readinessGates) {
        const cond = conditions.find((c) => c.type === record(gate).conditionType);
        if (cond?.status === 'True') satisfied++;
      }
      gates = `${satisfied}/${readinessGates.length}`;
    }
    return [
      nameOf(pod), `${s.ready}/${s.total}`, s.reason, formatRestarts(s.restarts, s.lastRestartMs, nowMs), ageOf(pod, nowMs),
      ip, str(pod.spec?.nodeName) || NONE, str(status.nominatedNodeName) || NONE, gates,
    ];
  },
};

const NODE_ROLE_PREFIX = 'node-role.kubernetes.io/';

/** Node roles from `node-role.kubernetes.io/<role>` keys and the `kubernetes.io/role` value, sorted and unique. */
function nodeRoles(labels: Record<string, unknown>): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels)) {
    if (k.startsWith(NODE_ROLE_PREFIX)) {
      if (k.length > NODE_ROLE_PREFIX.length) roles.add(k.slice(NODE_ROLE_PREFIX.length));
    } else if (k === 'kubernetes.io/role' && str(v) !== '') roles.add(str(v));
  }
  return roles.size === 0 ? NONE : [...roles].sort().join(',');
}

const nodeAddress = (addresses: unknown, type: string): string =>
  str(list(addresses).map(record).find((a) => a.type === type)?.address) || NONE;

/** nodes: NAME STATUS ROLES AGE VERSION | INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME. */
export const nodePrinter: KindPrinter = {
  columns: [
    NAME_COLUMN, col('STATUS'), col('ROLES'), AGE_COLUMN, col('VERSION'),
    col('INTERNAL-IP', 'string', 1), col('EXTERNAL-IP', 'string', 1), col('OS-IMAGE', 'string', 1),
    col('KERNEL-VERSION', 'string', 1), col('CONTAINER-RUNTIME', 'string', 1),
  ],
  cells(o, nowMs) {
    const node = o as Node;
    const status = record(node.status);
    // Upstream keys conditions by type, so the last Ready condition wins.
    let readyStatus: unknown;
    for (const c of list(status.conditions)) if (record(c).type === 'Ready') readyStatus = record(c).status;
    let text = readyStatus === undefined ? 'Unknown' : readyStatus === 'True' ? 'Ready' : 'NotReady';
    if (node.spec?.unschedulable === true) text += ',SchedulingDisabled';
    const info = record(status.nodeInfo);
    return [
      nameOf(node), text, nodeRoles(record(node.metadata?.labels)), ageOf(node, nowMs), str(info.kubeletVersion),
      nodeAddress(status.addresses, 'InternalIP'), nodeAddress(status.addresses, 'ExternalIP'),
      str(info.osImage) || '<unknown>', str(info.kernelVersion) || '<unknown>', str(info.containerRuntimeVersion) || '<unknown>',
    ];
  },
};

/** EXTERNAL-IP of a Service. The server always renders wide rows, so load-balancer lists are never clipped. */
function serviceExternalIP(svc: Service, type: string): string {
  const externalIPs = list(svc.spec?.externalIPs).map(str);
  switch (type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : NONE;
    case 'LoadBalancer': {
      const ingress = new Set<string>();
      for (const raw of list(svc.status?.loadBalancer?.ingress)) {
        const i = record(raw);
        const v = str(i.ip) || str(i.hostname);
        if (v) ingress.add(v);
      }
      const all = [...[...ingress].sort(), ...externalIPs];
      return all.length > 0 ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return str(svc.spec?.externalName);
    default:
      return '<unknown>';
  }
}

/** services: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE | SELECTOR. */
export const servicePrinter: KindPrinter = {
  columns: [
    NAME_COLUMN, col('TYPE'), col('CLUSTER-IP'), col('EXTERNAL-IP'), col('PORT(S)'), AGE_COLUMN, col('SELECTOR', 'string', 1),
  ],
  cells(o, nowMs) {
    const svc = o as Service;
    // The API server defaults type and port protocol; print the defaulted values for undefaulted objects too.
    const type = str(svc.spec?.type) || 'ClusterIP';
    const clusterIP = str(list(svc.spec?.clusterIPs)[0]) || str(svc.spec?.clusterIP) || NONE;
    const ports = list(svc.spec?.ports).map((raw) => {
      const p = record(raw);
      const protocol = str(p.protocol) || 'TCP';
      return int(p.nodePort) > 0 ? `${int(p.port)}:${int(p.nodePort)}/${protocol}` : `${int(p.port)}/${protocol}`;
    });
    return [
      nameOf(svc), type, clusterIP, serviceExternalIP(svc, type), ports.length > 0 ? ports.join(',') : NONE,
      ageOf(svc, nowMs), formatLabels(svc.spec?.selector),
    ];
  },
};

/** ENDPOINTS of an Endpoints object: `ip:port` pairs, the first 3 then ` + N more...`; `<none>` without subsets. */
function formatEndpoints(ep: Endpoints): string {
  const subsets = list(ep.subsets);
  if (subsets.length === 0) return NONE;
  const max = 3;
  const shown: string[] = [];
  let count = 0;
  for (const raw of subsets) {
    const ss = record(raw);
    const addresses = list(ss.addresses).map((a) => str(record(a).ip));
    const ports = list(ss.ports);
    // Headless services may have no ports: print bare IPs.
    const perPort = ports.length === 0 ? [undefined] : ports.map((p) => int(record(p).port));
    for (const port of perPort) {
      count += addresses.length;
      for (const ip of addresses) {
        if (shown.length === max) break;
        shown.push(port === undefined ? ip : joinHostPort(ip, port));
      }
    }
  }
  const joined = shown.join(',');
  return count > max ? `${joined} + ${count - max} more...` : joined;
}

/** endpoints: NAME ENDPOINTS AGE. */
export const endpointsPrinter: KindPrinter = {
  columns: [NAME_COLUMN, col('ENDPOINTS'), AGE_COLUMN],
  cells: (o, nowMs) => [nameOf(o), formatEndpoints(o as Endpoints), ageOf(o, nowMs)],
};

/** events: LAST SEEN TYPE REASON OBJECT MESSAGE | SUBOBJECT SOURCE FIRST SEEN COUNT NAME (in upstream's column order). */
export const eventPrinter: KindPrinter = {
  columns: [
    col('LAST SEEN'), col('TYPE'), col('REASON'), col('OBJECT'), col('SUBOBJECT', 'string', 1), col('SOURCE', 'string', 1),
    col('MESSAGE'), col('FIRST SEEN', 'string', 1), col('COUNT', 'string', 1), { ...NAME_COLUMN, priority: 1 },
  ],
  cells(o, nowMs) {
    const ev = o as Event;
    const firstMs = timestampMs(ev.firstTimestamp);
    const first = sinceMs(Number.isNaN(firstMs) ? timestampMs(ev.eventTime) : firstMs, nowMs);
    const lastMs = timestampMs(ev.lastTimestamp);
    let last = Number.isNaN(lastMs) ? first : sinceMs(lastMs, nowMs);
    let count = int(ev.count);
    const series = present(ev.series);
    if (series) {
      last = sinceMs(timestampMs(series.lastObservedTime), nowMs);
      count = int(series.count);
    } else if (count === 0) {
      count = 1; // singleton events from the events.k8s.io API carry no count
    }
    const involved = record(ev.involvedObject);
    const kind = str(involved.kind).toLowerCase();
    const target = str(involved.name) ? `${kind}/${str(involved.name)}` : kind;
    const source = record(ev.source);
    const component = str(source.component) || str(ev.reportingComponent);
    const host = str(source.host) || str(ev.reportingInstance);
    return [
      last, str(ev.type), str(ev.reason), target, str(involved.fieldPath), host ? `${component}, ${host}` : component,
      str(ev.message).trim(), first, String(count), nameOf(ev),
    ];
  },
};

/** namespaces: NAME STATUS AGE. */
export const namespacePrinter: KindPrinter = {
  columns: [NAME_COLUMN, col('STATUS'), AGE_COLUMN],
  cells: (o, nowMs) => [nameOf(o), str((o as Namespace).status?.phase), ageOf(o, nowMs)],
};

/** configmaps: NAME DATA AGE (DATA counts data and binaryData keys). */
export const configMapPrinter: KindPrinter = {
  columns: [NAME_COLUMN, col('DATA'), AGE_COLUMN],
  cells: (o, nowMs) => {
    const cm = o as ConfigMap;
    return [nameOf(cm), String(keyCount(cm.data) + keyCount(cm.binaryData)), ageOf(cm, nowMs)];
  },
};

/** secrets: NAME TYPE DATA AGE. */
export const secretPrinter: KindPrinter = {
  columns: [NAME_COLUMN, col('TYPE'), col('DATA'), AGE_COLUMN],
  cells: (o, nowMs) => [nameOf(o), str((o as Secret).type), String(keyCount((o as Secret).data)), ageOf(o, nowMs)],
};

/** serviceaccounts: NAME SECRETS AGE. */
export const serviceAccountPrinter: KindPrinter = {
  columns: [NAME_COLUMN, col('SECRETS'), AGE_COLUMN],
  cells: (o, nowMs) => [nameOf(o), String(list((o as ServiceAccount).secrets).length), ageOf(o, nowMs)],
};

/** replicationcontrollers: NAME DESIRED CURRENT READY AGE | CONTAINERS IMAGES SELECTOR. */
export const replicationControllerPrinter: KindPrinter = {
  columns: [
    NAME_COLUMN, col('DESIRED', 'integer'), col('CURRENT', 'integer'), col('READY', 'integer'), AGE_COLUMN,
    ...CONTAINER_COLUMNS, col('SELECTOR', 'string', 1),
  ],
  cells(o, nowMs) {
    const rc = o as ReplicationController;
    const [names, images] = containerCells(rc.spec?.template?.spec?.containers);
    return [
      nameOf(rc), String(replicas(rc.spec?.replicas)), String(int(rc.status?.replicas)), String(int(rc.status?.readyReplicas)),
      ageOf(rc, nowMs), names, images, formatLabels(rc.spec?.selector),
    ];
  },
};

/** spec.replicas as the API server stores it: defaulted to 1 when unset. */
export function replicas(v: unknown): number {
  return typeof v === 'number' ? int(v) : 1;
}

/** resourcequotas: NAME REQUEST LIMIT AGE; `limits.*` resources go to LIMIT, all others to REQUEST. */
export const resourceQuotaPrinter: KindPrinter = {
  columns: [NAME_COLUMN, col('REQUEST'), col('LIMIT'), AGE_COLUMN],
  cells(o, nowMs) {
    const rq = o as ResourceQuota;
    const hard = record(rq.status?.hard);
    const used = record(rq.status?.used);
    const request: string[] = [];
    const limit: string[] = [];
    for (const name of Object.keys(hard).sort()) {
      const text = `${name}: ${quantity(used[name])}/${quantity(hard[name])}`;
      (name.startsWith('limits.') ? limit : request).push(text);
    }
    return [nameOf(rq), request.join(', '), limit.join(', '), ageOf(rq, nowMs)];
  },
};

