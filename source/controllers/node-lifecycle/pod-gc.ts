/**
 * The pod garbage collector (pod-garbage-collector-controller), the parts a node outage needs: pods bound to a
 * node that no longer exists are failed and force-deleted after a 40 s quarantine (gcOrphaned), and terminating
 * pods on a not-ready node tainted `node.kubernetes.io/out-of-service` are force-deleted (gcTerminating).
 */
import type { Node, Pod } from '../../api/core.js';
import { isApiError } from '../../api/errors.js';
import { Controller } from '../../engine/controller.js';
import type { Engine } from '../../engine/engine.js';
import { withPodCondition } from '../../store/eviction.js';
import type { WatchEvent } from '../../store/watch.js';
import { TAINT_OUT_OF_SERVICE, readyCondition } from './taints.js';

export interface PodGCOptions {
  /** How long a node must stay missing before its pods are collected (upstream's quarantine, 40 s). */
  quarantineSeconds?: number;
}

const ORPHANS = 'orphans/';
const OUT_OF_SERVICE = 'out-of-service/';

export class PodGCController extends Controller {
  private readonly quarantineMs: number;

  constructor(engine: Engine, opts: PodGCOptions = {}) {
    super('pod-garbage-collector-controller', engine);
    this.quarantineMs = (opts.quarantineSeconds ?? 40) * 1000;
    this.watch({ kind: 'Node' }, (e) => this.onNode(e as WatchEvent<Node>));
    this.watch({ kind: 'Pod' }, (e) => this.onPod(e as WatchEvent<Pod>));
  }

  private onNode(e: WatchEvent<Node>): string | undefined {
    const name = e.object.metadata.name!;
    if (e.type === 'DELETED') {
      this.queue.addAfter(ORPHANS + name, this.quarantineMs);
      return undefined;
    }
    return outOfService(e.object) ? OUT_OF_SERVICE + name : undefined;
  }

  private onPod(e: WatchEvent<Pod>): string | undefined {
    if (e.type === 'DELETED') return undefined;
    const pod = e.object, old = e.oldObject;
    const nodeName = pod.spec.nodeName;
    if (!nodeName) return undefined;
    if (!old || !old.spec.nodeName) {
      // A pod bound to a node that does not exist (anymore) is an orphan in the making.
      if (!this.store.tryGet('Node', undefined, nodeName)) this.queue.addAfter(ORPHANS + nodeName, this.quarantineMs);
      return undefined;
    }
    if (pod.metadata.deletionTimestamp && !old.metadata.deletionTimestamp) {
      const node = this.store.tryGet<Node>('Node', undefined, nodeName);
      if (node && outOfService(node)) return OUT_OF_SERVICE + nodeName;
    }
    return undefined;
  }

  protected reconcile(key: string): void {
    if (key.startsWith(ORPHANS)) return this.gcOrphaned(key.slice(ORPHANS.length));
    if (key.startsWith(OUT_OF_SERVICE)) return this.gcTerminating(key.slice(OUT_OF_SERVICE.length));
  }

  private gcOrphaned(nodeName: string): void {
    if (this.store.tryGet('Node', undefined, nodeName)) return; // it came back
    for (const pod of this.store.select<Pod>('Pod', { nodeName })) {
      this.markFailedAndDelete(pod, { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists' });
    }
  }

  private gcTerminating(nodeName: string): void {
    const node = this.store.tryGet<Node>('Node', undefined, nodeName);
    if (!node || !outOfService(node)) return;
    for (const pod of this.store.select<Pod>('Pod', { nodeName })) {
      if (pod.metadata.deletionTimestamp) this.markFailedAndDelete(pod, undefined);
    }
  }

  /** A pod that has not finished is failed (with the condition, if any), then force-deleted. */
  private markFailedAndDelete(pod: Pod, condition: Parameters<typeof withPodCondition>[1] | undefined): void {
    const ns = pod.metadata.namespace!, name = pod.metadata.name!;
    try {
      const phase = pod.status?.phase;
      if (phase !== 'Succeeded' && phase !== 'Failed') {
        let next: Pod = { ...pod, status: { ...pod.status, phase: 'Failed' } };
        if (condition) next = withPodCondition(next, condition, this.engine.now()) ?? next;
        pod = this.store.updateStatus<Pod>(next);
      }
      this.store.delete('Pod', ns, name, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
    } catch (err) {
      if (!isApiError(err)) throw err;
    }
  }
}

/** Out of service: the operator's taint, on a node that is not Ready. */
function outOfService(node: Node): boolean {
  if (!node.spec?.taints?.some((t) => t.key === TAINT_OUT_OF_SERVICE)) return false;
  return readyCondition(node)?.status !== 'True';
}
