/**
 * The core of a DaemonSet sync: `manage` creates the missing daemon pods and deletes misplaced, failed or surplus
 * ones; `syncNodes` does the creating (slow start, burst limit) and deleting, with upstream's events.
 */
import type { Pod, PodTemplateSpec } from '../../api/core.js';
import { isApiError } from '../../api/errors.js';
import type { KubeObject } from '../../api/meta.js';
import type { DaemonSet } from '../../api/workloads.js';
import type { ApiStore } from '../../store/store.js';
import { CONTROLLER_REVISION_HASH_LABEL, newControllerRef } from '../controller-revision.js';
import { affinityForNode, daemonTolerations } from './placement.js';
import { daemonPodAvailable, isPodReady, surgeCount } from './pod-state.js';
import { type DaemonView, KEEP, RUN, TEMPLATE_GENERATION_ANNOTATION, TEMPLATE_GENERATION_LABEL, byCreation } from './view.js';

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
    // Backoff.GC: forget entries idle for twice the cap (upstream sweeps every minute).
    if (this.entries.size > 1024) for (const k of [...this.entries.keys()]) this.live(k, now);
  }
}

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
  if (running.length <= 1 && surgeCount(ds, 1) === 0) return false;
  if (surgeCount(ds, 1) === 0) {
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
