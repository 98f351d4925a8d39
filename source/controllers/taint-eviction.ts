/**
 * The taint-eviction controller (split out of the node lifecycle controller in 1.29): when a node carries
 * NoExecute taints, its pods that don't tolerate them are deleted at once, and those that tolerate them for
 * `tolerationSeconds` are deleted when that runs out — unless the taint goes away first (the deletion is then
 * cancelled). Each deletion marks the pod DisruptionTarget (DeletionByTaintManager) and records
 * `TaintManagerEviction`.
 */
import type { Node, Pod, Taint, Toleration } from '../api/core.js';
import { isApiError } from '../api/errors.js';
import { Controller, keyOf, splitKey } from '../engine/controller.js';
import type { Engine } from '../engine/engine.js';
import type { TimerHandle } from '../engine/timers.js';
import { toleratesTaint } from '../scheduler/taints.js';
import { withPodCondition } from '../store/eviction.js';
import type { WatchEvent } from '../store/watch.js';

const SOURCE = { component: 'taint-eviction-controller' };
const NODE = 'node:';
const POD = 'pod:';
const EVICT = 'evict:';

/** A pod's scheduled deletion (TimedWorker): created at, due at, and whether it already ran. */
interface Work { createdAt: number; fireAt: number; timer?: TimerHandle; fired: boolean }

export class TaintEvictionController extends Controller {
  /** NoExecute taints per node, for the nodes that have any. */
  private readonly taintedNodes = new Map<string, Taint[]>();
  /** Scheduled (or done) deletions by pod key; a done entry stays until cancelled, so a pod is evicted once. */
  private readonly work = new Map<string, Work>();

  constructor(engine: Engine) {
    super('taint-eviction-controller', engine);
    this.watch({ kind: 'Node' }, (e) => this.onNode(e as WatchEvent<Node>));
    this.watch({ kind: 'Pod' }, (e) => this.onPod(e as WatchEvent<Pod>));
  }

  /** When a pod is due to be deleted (epoch ms), if a deletion is scheduled and has not run. */
  scheduledEviction(namespace: string, name: string): number | undefined {
    const w = this.work.get(`${namespace}/${name}`);
    return w && !w.fired ? w.fireAt : undefined;
  }

  private onNode(e: WatchEvent<Node>): string | undefined {
    const node = e.object;
    const name = node.metadata.name!;
    if (e.type === 'DELETED') {
      // Upstream forgets the node's taints; deletions already scheduled still run.
      this.taintedNodes.delete(name);
      return undefined;
    }
    const taints = noExecuteTaints(node.spec?.taints);
    const before = this.taintedNodes.get(name) ?? [];
    if (sameTaints(before, taints)) return undefined;
    if (taints.length) this.taintedNodes.set(name, taints);
    else this.taintedNodes.delete(name);
    return NODE + name;
  }

  private onPod(e: WatchEvent<Pod>): string | undefined {
    const pod = e.object, old = e.oldObject;
    const key = keyOf(pod);
    if (e.type === 'DELETED') return this.work.has(key) ? POD + key : undefined;
    // Status writes share the spec object: nothing the taints care about changed.
    if (old && old.spec === pod.spec) return undefined;
    if (old && old.spec.nodeName === pod.spec.nodeName && sameTolerations(old.spec.tolerations, pod.spec.tolerations)) return undefined;
    const node = pod.spec.nodeName;
    if (!node || (!this.taintedNodes.has(node) && !this.work.has(key))) return undefined;
    return POD + key;
  }

  protected reconcile(key: string): void {
    if (key.startsWith(NODE)) return this.handleNode(key.slice(NODE.length));
    if (key.startsWith(POD)) return this.handlePod(key.slice(POD.length));
    if (key.startsWith(EVICT)) return this.evict(key.slice(EVICT.length));
  }

  private handleNode(name: string): void {
    const taints = this.taintedNodes.get(name);
    const pods = this.store.select<Pod>('Pod', { nodeName: name });
    const now = this.engine.now();
    for (const pod of pods) {
      const key = keyOf(pod);
      if (!taints) this.cancelWithEvent(key, pod);
      else this.processPodOnNode(key, pod, taints, now);
    }
  }

  private handlePod(key: string): void {
    const [ns, name] = splitKey(key);
    const pod = this.store.tryGet<Pod>('Pod', ns, name);
    if (!pod) {
      this.cancelWithEvent(key, undefined);
      return;
    }
    const taints = pod.spec.nodeName ? this.taintedNodes.get(pod.spec.nodeName) : undefined;
    // Taints removed meanwhile already cancelled the work through the node's handling.
    if (!taints) return;
    this.processPodOnNode(key, pod, taints, this.engine.now());
  }

  /** processPodOnNode: delete now, at the smallest tolerationSeconds of the tolerations used, or never. */
  private processPodOnNode(key: string, pod: Pod, taints: readonly Taint[], now: number): void {
    const used = matchingTolerations(taints, pod.spec.tolerations);
    if (!used) {
      this.cancelWithEvent(key, pod);
      this.addWork(key, now, now);
      return;
    }
    const min = minTolerationMs(used);
    if (min < 0) {
      this.cancelWithEvent(key, pod);
      return;
    }
    let start = now;
    const scheduled = this.work.get(key);
    if (scheduled) {
      start = scheduled.createdAt;
      // An earlier deadline already stands.
      if (start + min < now + min) return;
      this.cancelWithEvent(key, pod);
    }
    this.addWork(key, start, start + min);
  }

  private addWork(key: string, createdAt: number, fireAt: number): void {
    if (this.work.has(key)) return; // AddWork skips a key that is already there (scheduled or done)
    const w: Work = { createdAt, fireAt, fired: false };
    this.work.set(key, w);
    const delay = fireAt - this.engine.now();
    if (delay <= 0) this.queue.add(EVICT + key);
    else w.timer = this.engine.after(delay, () => this.queue.add(EVICT + key), 'taint-eviction');
  }

  /** Cancel a pending deletion; only one that had not run yet is announced. */
  private cancelWithEvent(key: string, pod: Pod | undefined): void {
    const w = this.work.get(key);
    if (!w) return;
    this.work.delete(key);
    if (w.fired) return;
    this.engine.timers.cancel(w.timer);
    const [ns, name] = splitKey(key);
    const ref = pod ?? { apiVersion: 'v1', kind: 'Pod', namespace: ns, name };
    this.engine.events.record(ref, 'Normal', 'TaintManagerEviction', `Cancelling deletion of Pod ${key}`, SOURCE);
  }

  /** The deletion is due: mark the pod DisruptionTarget and delete it with its own grace period. */
  private evict(key: string): void {
    const w = this.work.get(key);
    if (!w || w.fired || w.fireAt > this.engine.now()) return;
    w.fired = true;
    w.timer = undefined;
    const [ns, name] = splitKey(key);
    const pod = this.store.tryGet<Pod>('Pod', ns, name);
    if (!pod) return;
    this.engine.events.record(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${key}`, SOURCE);
    try {
      const marked = withPodCondition(pod, {
        type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint',
      }, this.engine.now());
      const written = marked ? this.store.updateStatus<Pod>(marked) : pod;
      this.store.delete('Pod', ns, name, { preconditions: { uid: written.metadata.uid } });
    } catch (err) {
      if (!isApiError(err)) throw err; // gone or replaced meanwhile
    }
  }
}

function noExecuteTaints(taints: readonly Taint[] | undefined): Taint[] {
  if (!taints?.length) return [];
  return taints.filter((t) => t.effect === 'NoExecute');
}

function sameTaints(a: readonly Taint[], b: readonly Taint[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((t, i) => t.key === b[i]!.key && (t.value ?? '') === (b[i]!.value ?? '') && t.timeAdded === b[i]!.timeAdded);
}

function sameTolerations(a: readonly Toleration[] | undefined, b: readonly Toleration[] | undefined): boolean {
  return a === b || JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
}

/** GetMatchingTolerations: the toleration used for each taint, or undefined if some taint is not tolerated. */
function matchingTolerations(taints: readonly Taint[], tolerations: readonly Toleration[] | undefined): Toleration[] | undefined {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const t = tolerations?.find((x) => toleratesTaint(x, taint));
    if (!t) return undefined;
    used.push(t);
  }
  return used;
}

/** getMinTolerationTime: the smallest tolerationSeconds (≤ 0 means at once); −1 when all tolerate forever. */
function minTolerationMs(used: readonly Toleration[]): number {
  if (used.length === 0) return 0;
  let min = Infinity;
  for (const t of used) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min, t.tolerationSeconds);
  }
  return min === Infinity ? -1 : min * 1000;
}
