/**
 * Scale-down actuation (core/scaledown/actuation) in virtual time: taint ToBeDeletedByClusterAutoscaler, wait
 * node-delete-delay-after-taint, then delete an empty node, or drain a non-empty one — evictions through the
 * Eviction API (PDBs honoured), retried every 10 s for up to max-pod-eviction-time, then waiting for the pods to go
 * (their grace plus 30 s headroom) — and finally delete the instance. Failures clean the taint and record
 * ScaleDownFailed. Also the DeletionCandidate soft taint on unneeded nodes.
 */
import type { Node, Pod, Taint } from '../../api/core.js';
import { isApiError } from '../../api/errors.js';
import type { Engine } from '../../engine/engine.js';
import type { KubeletPool } from '../../kubelet/kubelet-pool.js';
import { evictPod } from '../../store/eviction.js';
import type { SimulatedCloud } from './cloud-provider.js';
import { PdbTracker, isDaemonSetPod, isMirrorPod, podsToMove } from './drainability.js';
import type { NodeGroup, NodeGroupSet } from './node-groups.js';
import { CA_SOURCE, type ClusterAutoscalerOptions, DELETION_CANDIDATE_TAINT, TO_BE_DELETED_TAINT } from './options.js';
import { type UnneededNode, formatUtilization, isExpendable } from './scale-down-planner.js';

/** How the actuator reports back to the autoscaler. */
export interface ActuatorHooks {
  statusEvent(type: 'Normal' | 'Warning', reason: string, message: string): void;
  /** Pods assigned to a node right now (the scheduler's view). */
  podsOn(node: string): readonly Pod[];
  deleted(node: string, group: NodeGroup, drained: boolean, now: number): void;
  failed(node: string, now: number): void;
}

const EVICTION_RETRY_MS = 10_000;
const POD_EVICTION_HEADROOM_MS = 30_000;
const WAIT_POLL_MS = 5_000;
const DEFAULT_GRACE_SECONDS = 30;

/** Add (or with `taint` undefined, remove) a taint by key; false when the Node is gone or the write failed. */
export function setTaint(engine: Engine, name: string, key: string, taint: Taint | undefined): boolean {
  const store = engine.store;
  const node = store.tryGet<Node>('Node', undefined, name);
  if (!node) return false;
  const others = (node.spec?.taints ?? []).filter((t) => t.key !== key);
  const had = others.length !== (node.spec?.taints?.length ?? 0);
  if (!taint && !had) return true;
  try {
    store.update<Node>({ ...node, spec: { ...node.spec, taints: taint ? [...others, taint] : others } });
    return true;
  } catch (err) {
    if (isApiError(err)) return false;
    throw err;
  }
}

/** A taint whose value is the unix time, as CA writes both of its taints. */
const timedTaint = (key: string, effect: Taint['effect'], now: number): Taint => ({ key, value: String(Math.floor(now / 1000)), effect });

/** Node deletions in flight. */
export class ScaleDownActuator {
  /** Node → whether it is being drained (false: empty). */
  readonly inProgress = new Map<string, boolean>();

  constructor(private readonly engine: Engine, private readonly kubelets: KubeletPool, private readonly cloud: SimulatedCloud,
    private readonly groups: NodeGroupSet, private readonly o: ClusterAutoscalerOptions, private readonly hooks: ActuatorHooks) {}

  /** Deletions running (total, drains) for the budgets. */
  counts(): { total: number; drains: number } {
    let drains = 0;
    for (const d of this.inProgress.values()) if (d) drains++;
    return { total: this.inProgress.size, drains };
  }

  /** StartDeletion: taint every chosen node first, then delete or drain each after the taint delay. */
  start(empty: readonly UnneededNode[], drain: readonly UnneededNode[]): number {
    let started = 0;
    for (const [list, drained] of [[empty, false], [drain, true]] as const) {
      for (const u of list) {
        const node = this.groups.allNodes.get(u.node);
        if (!node || !this.taint(node)) continue;
        started++;
        this.inProgress.set(u.node, drained);
        u.group.deleting.add(u.node);
        if (drained) {
          const pods = u.podsToMove.map((p) => p.metadata.name).join(',');
          this.hooks.statusEvent('Normal', 'ScaleDown', `Scale-down: removing node ${u.node}, utilization: ${formatUtilization(u.utilization)}, pods to reschedule: ${pods}`);
        } else {
          this.hooks.statusEvent('Normal', 'ScaleDownEmpty', `Scale-down: removing empty node ${JSON.stringify(u.node)}`);
        }
        this.engine.after(this.o.nodeDeleteDelayAfterTaintMs, () => (drained ? this.drain(u, node) : this.deleteEmpty(u, node)), 'cluster-autoscaler:delete');
      }
    }
    return started;
  }

  /** Soft-taint unneeded nodes (at most 10 per scan) and clear it from the others. */
  updateSoftTaints(unneeded: ReadonlySet<string>, now: number): void {
    let budget = 10;
    for (const g of this.groups.list) {
      for (const node of g.nodes.values()) {
        const name = node.metadata.name!;
        const has = !!node.spec?.taints?.some((t) => t.key === DELETION_CANDIDATE_TAINT);
        if (unneeded.has(name) && !has && budget > 0) {
          budget--;
          setTaint(this.engine, name, DELETION_CANDIDATE_TAINT, timedTaint(DELETION_CANDIDATE_TAINT, 'PreferNoSchedule', now));
        } else if (!unneeded.has(name) && has) setTaint(this.engine, name, DELETION_CANDIDATE_TAINT, undefined);
      }
    }
  }

  private taint(node: Node): boolean {
    const { events } = this.engine;
    if (!setTaint(this.engine, node.metadata.name!, TO_BE_DELETED_TAINT, timedTaint(TO_BE_DELETED_TAINT, 'NoSchedule', this.engine.now()))) {
      events.record(node, 'Warning', 'ScaleDownFailed', 'failed to mark the node as toBeDeleted/unschedulable: the node is gone or was modified', CA_SOURCE);
      return false;
    }
    events.record(node, 'Normal', 'ScaleDown', 'marked the node as toBeDeleted/unschedulable', CA_SOURCE);
    return true;
  }

  /** The node's pods as CA's snapshot holds them: expendable pods are not there (they just die with the node). */
  private podsOn(name: string): Pod[] {
    return this.hooks.podsOn(name).filter((p) => !isExpendable(p, this.o));
  }

  private movablePods(name: string): Pod[] {
    return this.podsOn(name).filter((p) => !isMirrorPod(p) && !isDaemonSetPod(p));
  }

  private deleteEmpty(u: UnneededNode, node: Node): void {
    const left = podsToMove(this.podsOn(u.node), this.engine.store, new PdbTracker(this.engine.store), this.o);
    if (left.blocking || left.pods.length) {
      this.fail(u, node, false, `failed to delete empty node "${u.node}", new pods scheduled`);
      return;
    }
    this.remove(u, node, false);
  }

  private drain(u: UnneededNode, node: Node): void {
    const store = this.engine.store;
    const check = podsToMove(this.podsOn(u.node), store, new PdbTracker(store), this.o);
    if (check.blocking) {
      this.fail(u, node, true, `GetPodsToMove for "${u.node}" returned error: ${check.blocking.message}`);
      return;
    }
    const pods = this.movablePods(u.node);
    const retryUntil = this.engine.now() + this.o.maxPodEvictionTimeMs;
    let maxGrace = 0;
    let pending = pods.length;
    const errors: string[] = [];
    const finish = () => {
      if (errors.length) this.fail(u, node, true, `Failed to drain node /${u.node}, due to following errors: [${errors.join(' ')}]`);
      else this.waitGone(u, node, pods, this.engine.now() + maxGrace * 1000 + POD_EVICTION_HEADROOM_MS);
    };
    if (!pending) { finish(); return; }
    for (const pod of pods) {
      const grace = Math.min(pod.spec.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS, this.o.maxGracefulTerminationSec);
      maxGrace = Math.max(maxGrace, grace);
      this.engine.events.record(pod, 'Normal', 'ScaleDown', 'deleting pod for node scale down', CA_SOURCE);
      const attempt = () => {
        let lastError: string | undefined;
        try {
          evictPod(store, this.engine.events, pod.metadata.namespace!, pod.metadata.name!, { gracePeriodSeconds: grace });
        } catch (err) {
          if (!isApiError(err)) throw err;
          if (err.reason !== 'NotFound') lastError = err.message;
        }
        if (lastError !== undefined) {
          // Retried every 10 s while before the deadline; the failure is noticed after the last sleep.
          const error = lastError;
          this.engine.after(EVICTION_RETRY_MS, () => {
            if (this.engine.now() < retryUntil) { attempt(); return; }
            this.engine.events.record(pod, 'Warning', 'ScaleDownFailed', 'failed to delete pod for ScaleDown', CA_SOURCE);
            errors.push(`failed to evict pod ${pod.metadata.namespace}/${pod.metadata.name} within allowed timeout (last error: ${error})`);
            if (--pending === 0) finish();
          }, 'cluster-autoscaler:evict');
          return;
        }
        if (--pending === 0) finish();
      };
      attempt();
    }
  }

  /** waitPodsToDisappear: poll every 5 s until no evicted pod is left on the node, or time out. */
  private waitGone(u: UnneededNode, node: Node, pods: readonly Pod[], deadline: number): void {
    const store = this.engine.store;
    const stillThere = pods.some((p) => {
      const live = store.tryGet<Pod>('Pod', p.metadata.namespace, p.metadata.name!);
      return live !== undefined && live.metadata.uid === p.metadata.uid && live.spec.nodeName === u.node;
    });
    if (!stillThere) { this.remove(u, node, true); return; }
    if (this.engine.now() >= deadline) {
      this.fail(u, node, true, `Failed to drain node /${u.node}: pods remaining after timeout`);
      return;
    }
    this.engine.after(WAIT_POLL_MS, () => this.waitGone(u, node, pods, deadline), 'cluster-autoscaler:drain-wait');
  }

  /** DeleteNodes on the cloud, then RegisterAndRecordSuccessfulScaleDownEvent. */
  private remove(u: UnneededNode, node: Node, drained: boolean): void {
    const now = this.engine.now();
    this.engine.events.record(node, 'Normal', 'ScaleDown', 'nodes removed by cluster autoscaler', CA_SOURCE);
    this.cloud.delete(u.node, now);
    this.kubelets.removeNode(u.node);
    this.inProgress.delete(u.node);
    if (drained) this.hooks.statusEvent('Normal', 'ScaleDown', `Scale-down: node ${u.node} removed with drain`);
    else this.hooks.statusEvent('Normal', 'ScaleDownEmpty', `Scale-down: empty node ${u.node} removed`);
    this.hooks.deleted(u.node, u.group, drained, now);
  }

  /** CleanUpAndRecordFailedScaleDownEvent. */
  private fail(u: UnneededNode, node: Node, drained: boolean, error: string): void {
    this.engine.events.record(node, 'Warning', 'ScaleDownFailed', drained ? `failed to drain and delete node: ${error}` : `failed to delete empty node: ${error}`, CA_SOURCE);
    setTaint(this.engine, u.node, TO_BE_DELETED_TAINT, undefined);
    this.inProgress.delete(u.node);
    u.group.deleting.delete(u.node);
    this.hooks.failed(u.node, this.engine.now());
  }
}
