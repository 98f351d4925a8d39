/**
 * Template nodes (GetNodeInfosForGroups + sanitizeNodeInfo): what a new node of a group would look like, with the
 * pods it starts with. Taken from a ready node of the group when there is one (labels, taints and allocatable as
 * the cluster really has them), else from the pool definition — the cloud's machine template — plus the
 * DaemonSet pods that would land on it.
 */
import type { Node, Pod, Taint } from '../../api/core.js';
import type { DaemonSet } from '../../api/workloads.js';
import { nodeShouldRunDaemonPod } from '../../controllers/daemonset/placement.js';
import { NodeInfo } from '../../scheduler/node-info.js';
import type { ApiStore } from '../../store/store.js';
import type { NodeGroup, NodeGroupSet } from './node-groups.js';
import { DELETION_CANDIDATE_TAINT, TO_BE_DELETED_TAINT } from './options.js';

/** A group's template: the node and the pods expected on a fresh node of it. */
export interface NodeTemplate {
  readonly group: NodeGroup;
  readonly node: Node;
  readonly pods: readonly Pod[];
  /** Where it came from (shown in the UI's "why"). */
  readonly source: 'node' | 'pool';
}

/** Taints a template must not carry: CA's own and the node-condition taints of the node it was copied from. */
function keepTaint(t: Taint): boolean {
  return t.key !== TO_BE_DELETED_TAINT && t.key !== DELETION_CANDIDATE_TAINT && !t.key.startsWith('node.kubernetes.io/');
}

const isReady = (n: Node) => !!n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
const hasTaint = (n: Node, key: string) => !!n.spec?.taints?.some((t) => t.key === key);
const isMirror = (p: Pod) => p.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined;
const isDaemon = (p: Pod) => !!p.metadata.ownerReferences?.some((r) => r.controller && r.kind === 'DaemonSet');

/** A DaemonSet's pod as it would be created for `node` (requests are what matter). */
function daemonPod(ds: DaemonSet, node: Node): Pod {
  const t = ds.spec.template;
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name: `${ds.metadata.name}-template`, namespace: ds.metadata.namespace, labels: t.metadata?.labels,
      uid: `template-${ds.metadata.uid}`,
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: ds.metadata.name!, uid: ds.metadata.uid!, controller: true }],
    },
    spec: { ...t.spec, nodeName: node.metadata.name },
  };
}

/** Build the template for a group (once per scan: the caller caches it). */
export function buildTemplate(group: NodeGroup, groups: NodeGroupSet, store: ApiStore, pods: (node: string) => readonly Pod[]): NodeTemplate {
  for (const node of group.nodes.values()) {
    if (group.deleting.has(node.metadata.name!) || !isReady(node) || node.spec?.unschedulable || hasTaint(node, TO_BE_DELETED_TAINT)) continue;
    const expected = pods(node.metadata.name!).filter((p) => isDaemon(p) || isMirror(p));
    return { group, node, pods: expected, source: 'node' };
  }
  const node = groups.nextNode(group);
  const daemonSets = store.select<DaemonSet>('DaemonSet');
  const expected: Pod[] = [];
  for (const ds of daemonSets) {
    if (ds.metadata.deletionTimestamp) continue;
    if (nodeShouldRunDaemonPod(node, ds.spec.template)[0]) expected.push(daemonPod(ds, node));
  }
  return { group, node, pods: expected, source: 'pool' };
}

/**
 * A sanitized copy of the template as a NodeInfo named `template-node-for-<group>-<k>`: its own hostname, no CA or
 * condition taints, schedulable, and copies of the expected pods bound to it.
 */
export function templateNodeInfo(t: NodeTemplate, k: number | string): NodeInfo {
  const name = `template-node-for-${t.group.id}-${k}`;
  const src = t.node;
  const node: Node = {
    ...src,
    metadata: { name, labels: { ...src.metadata.labels, 'kubernetes.io/hostname': name }, annotations: src.metadata.annotations, uid: `template-${name}` },
    spec: { ...src.spec, unschedulable: false, taints: (src.spec?.taints ?? []).filter(keepTaint) },
    status: { ...src.status, conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }] },
  };
  const info = new NodeInfo(name, node);
  for (const p of t.pods) {
    info.addPod({ ...p, metadata: { ...p.metadata, name: `${p.metadata.name}-${name}`, uid: `${p.metadata.uid}-${name}` }, spec: { ...p.spec, nodeName: name } });
  }
  return info;
}
