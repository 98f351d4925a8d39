/**
 * The status ConfigMap `kube-system/cluster-autoscaler-status` in the CA ≥ 1.30 format: `data.status` is the
 * api.ClusterAutoscalerStatus struct marshalled by sigs.k8s.io/yaml (JSON field names, keys sorted, metav1.Time as
 * a quoted RFC 3339 string or null, omitempty ints dropped), plus the last-updated annotation. Transition times
 * follow ClusterStateRegistry.GetStatus: they move only when a condition's status changes.
 */
import type { ConfigMap } from '../../api/core.js';
import { isApiError } from '../../api/errors.js';
import type { ApiStore } from '../../store/store.js';
import { LAST_UPDATED_ANNOTATION, STATUS_CONFIGMAP } from './options.js';

/** api.NodeCount. */
export interface NodeCounts {
  ready: number;
  notStarted: number;
  unready: number;
  beingDeleted: number;
  registered: number;
  longUnregistered: number;
  unregistered: number;
}

/** What the autoscaler knows about one group at the end of a scan. */
export interface GroupStatusInput {
  name: string;
  target: number;
  minSize: number;
  maxSize: number;
  counts: NodeCounts;
  healthy: boolean;
  scaleUp: 'InProgress' | 'Unhealthy' | 'Backoff' | 'NoActivity';
  backoff?: { errorCode: string; errorMessage: string };
  candidates: number;
}

/** Inputs of one status write. */
export interface StatusInput {
  now: number;
  counts: NodeCounts;
  healthy: boolean;
  groups: GroupStatusInput[];
  /** When scale-down candidates were last computed (undefined: never, written as null). */
  scaleDownProbe: number | undefined;
}

type Cond = { status: string; lastProbeTime?: number; lastTransitionTime?: number };
type Tree = { [key: string]: Tree | Tree[] | string | number | null };

/** Go's time.Format("2006-01-02 15:04:05.999999999 -0700 MST") in UTC. */
export function goStatusTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  const frac = iso.slice(20, 23).replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac ? `.${frac}` : ''} +0000 UTC`;
}

const rfc3339 = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z'));

// Plain scalars yaml.v2 would read back as something other than a string (YAML 1.1 bool/null/number resolution).
const NON_STRING = /^(?:~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|[-+]?(?:\.inf|\.Inf|\.INF)|\.nan|\.NaN|\.NAN|[-+]?(?:0|[1-9][0-9_]*)(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9_]+(?:[eE][-+]?[0-9]+)?|0x[0-9a-fA-F_]+|0o?[0-7_]+|0b[01_]+)$/;
// yaml.v2's allowedTimestampFormats: RFC 3339 (T or t), space-separated without zone, or a date.
const TIMESTAMP = /^\d{4}-\d{1,2}-\d{1,2}(?:[Tt]\d{1,2}:\d{1,2}:\d{1,2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})| \d{1,2}:\d{1,2}:\d{1,2}(?:\.\d+)?)?$/;

/** A string scalar as yaml.v2 writes it: plain, double-quoted when it would resolve to another type, else single-quoted when plain is not allowed. */
export function yamlString(s: string): string {
  if (s === '' || NON_STRING.test(s) || TIMESTAMP.test(s)) return JSON.stringify(s);
  const plainUnsafe = /^[-?:,[\]{}#&*!|>'"%@`\s]/.test(s) || /[\s]$/.test(s) || s.includes(': ') || s.includes(' #') || s.endsWith(':') || /[\n\t]/.test(s);
  return plainUnsafe ? `'${s.replace(/'/g, "''")}'` : s;
}

/** sigs.k8s.io/yaml output: sorted keys, two-space indent, sequences not indented under their key. */
export function toYaml(tree: Tree, indent = ''): string {
  let out = '';
  for (const key of Object.keys(tree).sort()) {
    const v = tree[key]!;
    if (Array.isArray(v)) {
      if (!v.length) { out += `${indent}${key}: []\n`; continue; }
      out += `${indent}${key}:\n`;
      for (const item of v) {
        const body = toYaml(item, `${indent}  `);
        out += `${indent}- ${body.slice(indent.length + 2)}`;
      }
    } else if (v !== null && typeof v === 'object') {
      out += Object.keys(v).length ? `${indent}${key}:\n${toYaml(v, `${indent}  `)}` : `${indent}${key}: {}\n`;
    } else {
      out += `${indent}${key}: ${v === null ? 'null' : typeof v === 'number' ? String(v) : yamlString(v)}\n`;
    }
  }
  return out;
}

function nodeCount(c: NodeCounts): Tree {
  const registered: Tree = { total: c.registered, ready: c.ready, notStarted: c.notStarted, unready: { total: c.unready, resourceUnready: 0 } };
  if (c.beingDeleted) registered.beingDeleted = c.beingDeleted;
  return { registered, longUnregistered: c.longUnregistered, unregistered: c.unregistered };
}

/** Builds successive statuses, carrying transition times over from the previous one. */
export class StatusBuilder {
  private last = new Map<string, Cond>();

  private cond(key: string, status: string, probe: number | undefined): Tree {
    const prev = this.last.get(key);
    const c: Cond = { status, lastProbeTime: probe, lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : probe };
    this.last.set(key, c);
    return { status, lastProbeTime: rfc3339(c.lastProbeTime), lastTransitionTime: rfc3339(c.lastTransitionTime) };
  }

  /** The `status` YAML text for one scan. */
  build(input: StatusInput): string {
    const { now } = input;
    const nodeGroups: Tree[] = input.groups.map((g) => {
      const scaleUp = this.cond(`ng/${g.name}/scaleUp`, g.scaleUp, now);
      scaleUp.backoffInfo = g.scaleUp === 'Backoff' && g.backoff ? { errorCode: g.backoff.errorCode, errorMessage: g.backoff.errorMessage.slice(0, 500) } : {};
      const scaleDown = this.cond(`ng/${g.name}/scaleDown`, g.candidates > 0 ? 'CandidatesPresent' : 'NoCandidates', input.scaleDownProbe);
      if (g.candidates) scaleDown.candidates = g.candidates;
      const health = this.cond(`ng/${g.name}/health`, g.healthy ? 'Healthy' : 'Unhealthy', now);
      Object.assign(health, { nodeCounts: nodeCount(g.counts), cloudProviderTarget: g.target, minSize: g.minSize, maxSize: g.maxSize });
      return { name: g.name, health, scaleUp, scaleDown };
    });
    const candidates = input.groups.reduce((n, g) => n + g.candidates, 0);
    const health = this.cond('cw/health', input.healthy ? 'Healthy' : 'Unhealthy', now);
    health.nodeCounts = nodeCount(input.counts);
    const scaleDown = this.cond('cw/scaleDown', candidates > 0 ? 'CandidatesPresent' : 'NoCandidates', input.scaleDownProbe);
    if (candidates) scaleDown.candidates = candidates;
    const tree: Tree = {
      time: goStatusTime(now),
      autoscalerStatus: 'Running',
      clusterWide: { health, scaleUp: this.cond('cw/scaleUp', input.groups.some((g) => g.scaleUp === 'InProgress') ? 'InProgress' : 'NoActivity', now), scaleDown },
    };
    if (nodeGroups.length) tree.nodeGroups = nodeGroups;
    return toYaml(tree);
  }
}

/** The status text CA writes before its first scan (EmptyClusterAutoscalerStatus). */
export function initializingStatus(now: number): string {
  return toYaml({ time: goStatusTime(now), autoscalerStatus: 'Initializing', clusterWide: { health: { nodeCounts: nodeCount({ ready: 0, notStarted: 0, unready: 0, beingDeleted: 0, registered: 0, longUnregistered: 0, unregistered: 0 }), lastProbeTime: null, lastTransitionTime: null }, scaleUp: { lastProbeTime: null, lastTransitionTime: null }, scaleDown: { lastProbeTime: null, lastTransitionTime: null } } });
}

/** WriteStatusConfigMap: update (or create) the ConfigMap; returns it, or undefined when the write failed. */
export function writeStatusConfigMap(store: ApiStore, namespace: string, text: string, now: number): ConfigMap | undefined {
  const updated = goStatusTime(now);
  try {
    const cm = store.tryGet<ConfigMap>('ConfigMap', namespace, STATUS_CONFIGMAP);
    if (cm) {
      return store.update<ConfigMap>({ ...cm, metadata: { ...cm.metadata, annotations: { ...cm.metadata.annotations, [LAST_UPDATED_ANNOTATION]: updated } }, data: { ...cm.data, status: text } });
    }
    return store.create<ConfigMap>({
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: STATUS_CONFIGMAP, namespace, annotations: { [LAST_UPDATED_ANNOTATION]: updated } },
      data: { status: text },
    });
  } catch (err) {
    if (isApiError(err)) return undefined; // upstream logs and retries on the next scan
    throw err;
  }
}
