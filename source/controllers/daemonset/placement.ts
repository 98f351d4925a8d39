/**
 * Where a DaemonSet's pods belong (NodeShouldRunDaemonPod): the template's nodeName, nodeSelector and required
 * node affinity must match, and the node's NoSchedule/NoExecute taints must be tolerated — counting the
 * tolerations every daemon pod gets automatically, which is why cordoned or pressured nodes keep their daemons.
 */
import type { Affinity, Node, Pod, PodSpec, PodTemplateSpec, Taint, Toleration } from '../../api/core.js';
import { matchesLabelSet, matchesNodeSelectorTerms } from '../../api/selectors.js';

/** AddOrUpdateDaemonPodTolerations: Exists tolerations without tolerationSeconds, in upstream's order. */
const DAEMON_TOLERATIONS: readonly Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];
/** Added for hostNetwork pods only: they don't need the pod network. */
const NETWORK_UNAVAILABLE: Toleration = { key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' };

const sameToleration = (a: Toleration, b: Toleration): boolean =>
  (a.key ?? '') === (b.key ?? '') && (a.operator ?? '') === (b.operator ?? '') && (a.value ?? '') === (b.value ?? '')
  && (a.effect ?? '') === (b.effect ?? '') && a.tolerationSeconds === b.tolerationSeconds;

/** AddOrUpdateTolerationInPodSpec: replace a toleration of the same key/operator/value/effect, else append. */
function addOrUpdate(tolerations: Toleration[], t: Toleration): Toleration[] {
  let replaced = false;
  const out: Toleration[] = [];
  for (const existing of tolerations) {
    const matches = (existing.key ?? '') === t.key && (existing.operator ?? '') === t.operator && (existing.value ?? '') === ''
      && (existing.effect ?? '') === t.effect;
    if (matches) {
      if (sameToleration(existing, t)) return tolerations;
      out.push(t);
      replaced = true;
    } else out.push(existing);
  }
  if (!replaced) out.push(t);
  return out;
}

/** The template's tolerations plus the daemon ones. */
export function daemonTolerations(spec: PodSpec): Toleration[] {
  let out = spec.tolerations ? [...spec.tolerations] : [];
  for (const t of DAEMON_TOLERATIONS) out = addOrUpdate(out, t);
  if (spec.hostNetwork) out = addOrUpdate(out, NETWORK_UNAVAILABLE);
  return out;
}

/** Toleration.ToleratesTaint. */
function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? '') {
    case '': case 'Equal': return (t.value ?? '') === (taint.value ?? '');
    case 'Exists': return true;
    default: return false;
  }
}

/** FindMatchingUntoleratedTaint for the taints `effects` selects. */
function hasUntolerated(taints: readonly Taint[] | undefined, tolerations: readonly Toleration[], effects: (e: Taint['effect']) => boolean): boolean {
  if (!taints) return false;
  return taints.some((taint) => effects(taint.effect) && !tolerations.some((t) => tolerates(t, taint)));
}

/** [shouldRun, shouldContinueRunning] packed as bits, cached per (template, node) object pair. */
const placements = new WeakMap<PodTemplateSpec, WeakMap<Node, number>>();
const daemonTolerationCache = new WeakMap<PodTemplateSpec, Toleration[]>();

function tolerationsFor(template: PodTemplateSpec): Toleration[] {
  let t = daemonTolerationCache.get(template);
  if (!t) daemonTolerationCache.set(template, (t = daemonTolerations(template.spec)));
  return t;
}

/**
 * NodeShouldRunDaemonPod → [shouldRun, shouldContinueRunning]: whether a missing pod should be created, and
 * whether an existing one may stay (only untolerated NoExecute taints evict a running daemon).
 */
export function nodeShouldRunDaemonPod(node: Node, template: PodTemplateSpec): [boolean, boolean] {
  const bits = placementBits(node, template);
  return [(bits & 1) !== 0, (bits & 2) !== 0];
}

/** nodeShouldRunDaemonPod packed: bit 0 shouldRun, bit 1 shouldContinueRunning (cached per template and node object). */
export function placementBits(node: Node, template: PodTemplateSpec): number {
  let byNode = placements.get(template);
  if (!byNode) placements.set(template, (byNode = new WeakMap()));
  let bits = byNode.get(node);
  if (bits === undefined) {
    bits = computePlacement(node, template);
    byNode.set(node, bits);
  }
  return bits;
}

function computePlacement(node: Node, template: PodTemplateSpec): number {
  const spec = template.spec;
  const name = node.metadata.name;
  if (spec.nodeName && spec.nodeName !== name) return 0;
  if (!matchesLabelSet(spec.nodeSelector, node.metadata.labels)) return 0;
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required && !matchesNodeSelectorTerms(required.nodeSelectorTerms, node)) return 0;
  const tolerations = tolerationsFor(template);
  const taints = node.spec?.taints;
  if (!hasUntolerated(taints, tolerations, (e) => e === 'NoSchedule' || e === 'NoExecute')) return 3;
  return hasUntolerated(taints, tolerations, (e) => e === 'NoExecute') ? 0 : 2;
}

/** ReplaceDaemonSetPodNodeNameNodeAffinity: the required terms become `metadata.name In [<node>]`. */
export function affinityForNode(affinity: Affinity | undefined, nodeName: string): Affinity {
  const required = { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In' as const, values: [nodeName] }] }] };
  return { ...affinity, nodeAffinity: { ...affinity?.nodeAffinity, requiredDuringSchedulingIgnoredDuringExecution: required } };
}

/** GetTargetNodeName: the bound node, else the node the affinity names; undefined when neither. */
export function targetNodeName(pod: Pod): string | undefined {
  if (pod.spec.nodeName) return pod.spec.nodeName;
  const terms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  for (const term of terms ?? []) {
    for (const e of term.matchFields ?? []) {
      if (e.key === 'metadata.name' && e.operator === 'In') return e.values?.length === 1 ? e.values[0] : undefined;
    }
  }
  return undefined;
}
