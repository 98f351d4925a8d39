/**
 * One DaemonSet sync: `manage` creates the missing daemon pods and deletes misplaced, failed or surplus ones;
 * `rollingUpdate` replaces out-of-date pods within maxUnavailable (or surges within maxSurge); `status` counts.
 */
import type { Node, Pod, PodTemplateSpec } from '../../api/core.js';
import { isApiError } from '../../api/errors.js';
import type { KubeObject } from '../../api/meta.js';
import type { DaemonSet } from '../../api/workloads.js';
import type { ApiStore } from '../../store/store.js';
import { CONTROLLER_REVISION_HASH_LABEL, newControllerRef } from '../controller-revision.js';
import { affinityForNode, daemonTolerations, placementBits, targetNodeName } from './placement.js';
import { daemonPodAvailable, isPodReady, scaledValue } from './pod-state.js';

/** What a sync needs from its controller. */
export interface DaemonSetContext {
  readonly store: ApiStore;
  readonly now: number;
  record(obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void;
  /** Look at the set again after a delay (failed-pod back-off). */
  requeueAfter(ms: number): void;
  /** flowcontrol.Backoff for deleting failed daemon pods: 1 s doubling to 15 min per (set, generation, node). */
  backoff: FailedPodBackoff;
}

/** BurstReplicas: at most this many creations (and deletions) per sync. */
const BURST = 250;
/** The pod label naming the template generation (deprecated.daemonset.template.generation annotation). */
const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

export class FailedPodBackoff {
  private readonly entries = new Map<string, { backoff: number; last: number }>();
  constructor(private readonly initialMs = 1000, private readonly maxMs = 15 * 60 * 1000) {}

  private live(key: string, now: number) {
    const e = this.entries.get(key);
    if (e && now - e.last > 2 * this.maxMs) { this.entries.delete(key); return undefined; }
    return e;
  }

  inBackoff(key: string, now: number): boolean {
    const e = this.live(key, now);
    return !!e && now - e.last < e.backoff;
  }

  delay(key: string, now: number): number {
    return this.live(key, now)?.backoff ?? 0;
  }

  next(key: string, now: number): void {
    const e = this.live(key, now);
    this.entries.set(key, { backoff: e ? Math.min(e.backoff * 2, this.maxMs) : this.initialMs, last: now });
  }
}

/**
 * One sync's view of the cluster for a set: each node with its placement verdict and daemon pods (pods grouped
 * by target node, getNodesToDaemonPods), plus pods aimed at nodes that no longer exist. Built once per sync.
 */
export interface DaemonView {
  readonly nodes: readonly Node[];
  /** Per node: bit 0 shouldRun, bit 1 shouldContinueRunning. */
  readonly placement: Uint8Array;
  /** Per node: its daemon pods (undefined when none). */
  readonly pods: (Pod[] | undefined)[];
  /** Pods whose target node is not in the node list, by node name. */
  readonly strays: Map<string, Pod[]>;
}

/** Build the view; terminal pods already being deleted are left out unless asked for (cleanupHistory). */
export function buildView(ds: DaemonSet, nodes: readonly Node[], claimed: readonly Pod[], includeDeletedTerminal = false): DaemonView {
  const byNode = new Map<string, Pod[]>();
  for (const pod of claimed) {
    const phase = pod.status?.phase;
    if (!includeDeletedTerminal && (phase === 'Succeeded' || phase === 'Failed') && pod.metadata.deletionTimestamp) continue;
    const node = targetNodeName(pod);
    if (node === undefined) continue;
    const list = byNode.get(node);
    if (list) list.push(pod);
    else byNode.set(node, [pod]);
  }
  const placement = new Uint8Array(nodes.length);
  const pods: (Pod[] | undefined)[] = new Array(nodes.length);
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    placement[i] = placementBits(node, ds.spec.template);
    const name = node.metadata.name!;
    const list = byNode.get(name);
    if (list) { pods[i] = list; byNode.delete(name); }
  }
  return { nodes, placement, pods, strays: byNode };
}

/** podByCreationTimestampAndPhase: bound pods first, then oldest, then by name. */
export function byCreation(a: Pod, b: Pod): number {
  const sa = !!a.spec.nodeName, sb = !!b.spec.nodeName;
  if (sa !== sb) return sa ? -1 : 1;
  const ta = a.metadata.creationTimestamp ?? '', tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : (a.metadata.name ?? '') > (b.metadata.name ?? '') ? 1 : 0;
}

/** IsPodUpdated: the pod wears the current hash (or the current template generation). */
export function isPodUpdated(pod: Pod, hash: string, ds: DaemonSet): boolean {
  const generation = ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
  const labels = pod.metadata.labels;
  return (!!hash && labels?.[CONTROLLER_REVISION_HASH_LABEL] === hash) || (generation !== undefined && labels?.[TEMPLATE_GENERATION_LABEL] === generation);
}

/** maxSurge resolved against one node: whether the set replaces pods by surging (AllowsSurge). */
const maxSurgeOf = (ds: DaemonSet, desired: number): number =>
  ds.spec.updateStrategy?.type === 'RollingUpdate' ? scaledValue(ds.spec.updateStrategy.rollingUpdate?.maxSurge, desired) : 0;
const maxUnavailableOf = (ds: DaemonSet, desired: number): number =>
  ds.spec.updateStrategy?.type === 'RollingUpdate' ? scaledValue(ds.spec.updateStrategy.rollingUpdate?.maxUnavailable, desired) : 0;

const RUN = 1, KEEP = 2;

/** podsShouldBeOnNode: whether the node needs a pod; pods to delete are pushed onto `remove`. */
function podsShouldBeOnNode(ctx: DaemonSetContext, ds: DaemonSet, name: string, bits: number, daemonPods: Pod[] | undefined,
  hash: string, remove: string[]): boolean {
  if (!daemonPods) return (bits & RUN) !== 0;
  if (!(bits & KEEP)) {
    for (const p of daemonPods) if (!p.metadata.deletionTimestamp) remove.push(p.metadata.name!);
    return false;
  }
  const running: Pod[] = [];
  for (const pod of daemonPods) {
    if (pod.metadata.deletionTimestamp) continue;
    const phase = pod.status?.phase;
    if (phase === 'Failed') {
      // The kubelet keeps rejecting it (e.g. OutOfcpu): back off rather than fight it in a hot loop.
      const key = `${ds.metadata.uid}/${ds.status?.observedGeneration ?? 0}/${name}`;
      if (ctx.backoff.inBackoff(key, ctx.now)) { ctx.requeueAfter(ctx.backoff.delay(key, ctx.now)); continue; }
      ctx.backoff.next(key, ctx.now);
      ctx.record(ds, 'Warning', 'FailedDaemonPod', `Found failed daemon pod ${pod.metadata.namespace}/${pod.metadata.name} on node ${name}, will try to kill it`);
      remove.push(pod.metadata.name!);
    } else if (phase === 'Succeeded') {
      ctx.record(ds, 'Normal', 'SucceededDaemonPod', `Found succeeded daemon pod ${pod.metadata.namespace}/${pod.metadata.name} on node ${name}, will try to delete it`);
      remove.push(pod.metadata.name!);
    } else running.push(pod);
  }
  if (running.length <= 1 && maxSurgeOf(ds, 1) === 0) return false;
  if (maxSurgeOf(ds, 1) === 0) {
    // One daemon per node: keep the oldest, delete the rest.
    for (const p of running.sort(byCreation).slice(1)) remove.push(p.metadata.name!);
    return false;
  }
  // Surging: a node that lost its last pod needs one; otherwise keep at most the oldest new and oldest old pod,
  // and let the old one go once the new one is available (or the old one is no longer Ready).
  if (running.length <= 1) return running.length === 0 && (bits & RUN) !== 0;
  let oldestNew: Pod | undefined, oldestOld: Pod | undefined;
  for (const pod of running.sort(byCreation)) {
    if (pod.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === hash) {
      if (!oldestNew) { oldestNew = pod; continue; }
    } else if (!oldestOld) { oldestOld = pod; continue; }
    remove.push(pod.metadata.name!);
  }
  if (oldestNew && oldestOld && (!isPodReady(oldestOld) || daemonPodAvailable(oldestNew, ds, ctx.now))) remove.push(oldestOld.metadata.name!);
  return false;
}

/**
 * manage: every node's verdict, unscheduled pods aimed at vanished nodes, then syncNodes. Returns whether it
 * created or deleted anything (upstream's expectations then hold the rolling update back a sync) and any error.
 */
export function manage(ctx: DaemonSetContext, ds: DaemonSet, view: DaemonView, hash: string): { acted: boolean; error?: string } {
  const create: string[] = [];
  const remove: string[] = [];
  const { nodes, placement, pods } = view;
  for (let i = 0; i < nodes.length; i++) {
    const bits = placement[i]!;
    const daemonPods = pods[i];
    // The common case, one healthy pod where it belongs, needs no further look.
    if (daemonPods && daemonPods.length === 1 && (bits & KEEP)) {
      const p = daemonPods[0]!;
      const phase = p.status?.phase;
      if (!p.metadata.deletionTimestamp && phase !== 'Failed' && phase !== 'Succeeded') continue;
    }
    const name = nodes[i]!.metadata.name!;
    if (podsShouldBeOnNode(ctx, ds, name, bits, daemonPods, hash, remove)) create.push(name);
  }
  // getUnscheduledPodsWithoutNode: the scheduler can never place these, and the pod GC won't see them.
  for (const strays of view.strays.values()) for (const p of strays) if (!p.spec.nodeName) remove.push(p.metadata.name!);
  return { acted: create.length + remove.length > 0, error: syncNodes(ctx, ds, remove, create, hash) };
}

const podTemplates = new WeakMap<PodTemplateSpec, Map<string, PodTemplateSpec>>();

/** CreatePodTemplate: daemon tolerations, the generation and hash labels (cached per template and hash). */
function daemonPodTemplate(ds: DaemonSet, hash: string): PodTemplateSpec {
  const template = ds.spec.template;
  const generation = ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
  const key = `${hash}/${generation ?? ''}`;
  let byKey = podTemplates.get(template);
  if (!byKey) podTemplates.set(template, (byKey = new Map()));
  let out = byKey.get(key);
  if (!out) {
    const labels: Record<string, string> = { ...template.metadata?.labels };
    if (generation !== undefined) labels[TEMPLATE_GENERATION_LABEL] = generation;
    if (hash) labels[CONTROLLER_REVISION_HASH_LABEL] = hash;
    out = { metadata: { ...template.metadata, labels }, spec: { ...template.spec, tolerations: daemonTolerations(template.spec) } };
    byKey.set(key, out);
  }
  return out;
}

/** syncNodes: create pods for nodes in slow-start batches (1, 2, 4, …, stopping at an error), then delete. */
export function syncNodes(ctx: DaemonSetContext, ds: DaemonSet, remove: readonly string[], create: readonly string[], hash: string): string | undefined {
  const errors: string[] = [];
  const template = daemonPodTemplate(ds, hash);
  const toCreate = create.slice(0, BURST);
  for (let pos = 0, batch = Math.min(toCreate.length, 1); pos < toCreate.length; pos += batch, batch = Math.min(2 * batch, toCreate.length - pos)) {
    const before = errors.length;
    for (let i = pos; i < pos + batch; i++) {
      const err = createDaemonPod(ctx, ds, template, toCreate[i]!);
      if (err) errors.push(err);
    }
    if (errors.length > before) break;
  }
  for (const name of remove.slice(0, BURST)) {
    try {
      ctx.store.delete('Pod', ds.metadata.namespace, name);
      ctx.record(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
    } catch (err) {
      if (!isApiError(err)) throw err;
      if (err.reason === 'NotFound') continue;
      ctx.record(ds, 'Warning', 'FailedDelete', `Error deleting: ${err.message}`);
      errors.push(err.message);
    }
  }
  return errors.length ? (errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`) : undefined;
}

/** podControl.CreatePods: `<ds>-<5 chars>`, owned by the set, pinned to the node by required affinity. */
function createDaemonPod(ctx: DaemonSetContext, ds: DaemonSet, template: PodTemplateSpec, nodeName: string): string | undefined {
  const meta = template.metadata ?? {};
  const pod: Pod = {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      generateName: `${ds.metadata.name}-`, namespace: ds.metadata.namespace, labels: meta.labels,
      ...(meta.annotations ? { annotations: meta.annotations } : {}),
      ...(meta.finalizers ? { finalizers: meta.finalizers } : {}),
      ownerReferences: [newControllerRef(ds)],
    },
    spec: { ...template.spec, affinity: affinityForNode(template.spec.affinity, nodeName) },
  };
  try {
    const created = ctx.store.create(pod);
    ctx.record(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
    return undefined;
  } catch (err) {
    if (!isApiError(err)) throw err;
    // A terminating namespace refuses every creation: nothing to report (upstream ignores NamespaceTerminating).
    if (err.reason === 'Forbidden' && err.message.includes('because it is being terminated')) return undefined;
    ctx.record(ds, 'Warning', 'FailedCreate', `Error creating: ${err.message}`);
    return err.message;
  }
}

/** findUpdatedPodsOnNode: at most one new and one old live pod, else undefined (manage prunes the excess). */
function updatedPodsOnNode(ds: DaemonSet, pods: readonly Pod[], hash: string): { newPod?: Pod; oldPod?: Pod } | undefined {
  let newPod: Pod | undefined, oldPod: Pod | undefined;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    if (isPodUpdated(pod, hash, ds)) {
      if (newPod) return undefined;
      newPod = pod;
    } else {
      if (oldPod) return undefined;
      oldPod = pod;
    }
  }
  return { newPod, oldPod };
}

/** rollingUpdate: nodes in node-list order (upstream walks a Go map, so its order is random). */
export function rollingUpdate(ctx: DaemonSetContext, ds: DaemonSet, view: DaemonView, hash: string): string | undefined {
  const { nodes, placement, pods } = view;
  let desired = 0;
  for (let i = 0; i < nodes.length; i++) if (placement[i]! & RUN) desired++;
  const maxSurge = maxSurgeOf(ds, desired);
  let maxUnavailable = maxUnavailableOf(ds, desired);
  if (desired > 0 && maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
  const available = (p: Pod) => daemonPodAvailable(p, ds, ctx.now);
  // Nodes with pods, and wanted nodes without any (updatedDesiredNodeCounts adds those, empty), then strays.
  const each = (fn: (name: string, podsOnNode: readonly Pod[], wanted: boolean) => void) => {
    for (let i = 0; i < nodes.length; i++) {
      const wanted = (placement[i]! & RUN) !== 0;
      if (pods[i] || wanted) fn(nodes[i]!.metadata.name!, pods[i] ?? NO_PODS, wanted);
    }
    for (const [name, strays] of view.strays) fn(name, strays, false);
  };

  if (maxSurge === 0) {
    let unavailable = 0;
    const replace: string[] = [];
    const candidates: string[] = [];
    each((_name, podsOnNode) => {
      const found = updatedPodsOnNode(ds, podsOnNode, hash);
      if (!found) { unavailable++; return; }
      const { newPod, oldPod } = found;
      if ((!oldPod && !newPod) || (oldPod && newPod)) unavailable++;
      else if (newPod) { if (!available(newPod)) unavailable++; }
      else if (!available(oldPod!)) { replace.push(oldPod!.metadata.name!); unavailable++; }
      else if (unavailable < maxUnavailable) candidates.push(oldPod!.metadata.name!);
    });
    const room = Math.min(Math.max(0, maxUnavailable - unavailable), candidates.length);
    return syncNodes(ctx, ds, [...replace, ...candidates.slice(0, room)], [], hash);
  }

  const oldToDelete: string[] = [];
  const shouldNotRun: string[] = [];
  const candidateNodes: string[] = [];
  const allowedNodes: string[] = [];
  let surging = 0, numAvailable = 0;
  each((name, podsOnNode, wanted) => {
    const found = updatedPodsOnNode(ds, podsOnNode, hash);
    if (!found) { surging++; return; }
    const { newPod, oldPod } = found;
    if (oldPod ? available(oldPod) : newPod ? available(newPod) : false) numAvailable++;
    if (!oldPod) return;
    if (!newPod) {
      if (!wanted) { (available(oldPod) ? shouldNotRun : oldToDelete).push(oldPod.metadata.name!); return; }
      if (!available(oldPod)) allowedNodes.push(name);
      else if (surging < maxSurge) candidateNodes.push(name);
      return;
    }
    if (!available(newPod)) { surging++; return; }
    oldToDelete.push(oldPod.metadata.name!);
  });
  // With surge the owner expects full availability: pods leaving a node go only once others are available.
  const deletable = Math.min(numAvailable - desired, shouldNotRun.length);
  if (deletable > 0) oldToDelete.push(...shouldNotRun.slice(0, deletable));
  const room = Math.min(Math.max(0, maxSurge - surging), candidateNodes.length);
  return syncNodes(ctx, ds, oldToDelete, [...allowedNodes, ...candidateNodes.slice(0, room)], hash);
}

const NO_PODS: readonly Pod[] = [];

/** The status counts (updateDaemonSetStatus). */
export function daemonSetStatus(ds: DaemonSet, view: DaemonView, hash: string, now: number) {
  let desired = 0, current = 0, misscheduled = 0, ready = 0, updated = 0, available = 0;
  const { nodes, placement } = view;
  for (let i = 0; i < nodes.length; i++) {
    const pods = view.pods[i];
    const scheduled = !!pods && pods.length > 0;
    if (!(placement[i]! & RUN)) {
      if (scheduled) misscheduled++;
      continue;
    }
    desired++;
    if (!scheduled) continue;
    current++;
    const pod = pods.length > 1 ? [...pods].sort(byCreation)[0]! : pods[0]!;
    if (isPodReady(pod)) {
      ready++;
      if (daemonPodAvailable(pod, ds, now)) available++;
    }
    if (isPodUpdated(pod, hash, ds)) updated++;
  }
  return {
    desiredNumberScheduled: desired, currentNumberScheduled: current, numberMisscheduled: misscheduled, numberReady: ready,
    updatedNumberScheduled: updated, numberAvailable: available, numberUnavailable: desired - available,
  };
}
