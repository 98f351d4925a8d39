/**
 * The controller runtime: a component fed by watches through a keyed work queue, reconciling one key at a
 * time, as client-go controllers do. Listers read the store directly — in one process the store is the
 * informer cache, which saves a second copy of 150,000 pods.
 */
import { isApiError } from '../api/errors.js';
import type { KubeObject } from '../api/meta.js';
import type { Watch, WatchEvent, WatchFilter } from '../store/watch.js';
import type { Component, Engine } from './engine.js';
import { WorkQueue } from './workqueue.js';

/** `namespace/name` or `name`: the key a controller reconciles. */
export function keyOf(obj: KubeObject): string {
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name!;
}

/** Split a key back into namespace and name. */
export function splitKey(key: string): [string | undefined, string] {
  const i = key.indexOf('/');
  return i < 0 ? [undefined, key] : [key.slice(0, i), key.slice(i + 1)];
}

export abstract class Controller implements Component {
  readonly queue: WorkQueue;
  private readonly watches: Watch[] = [];
  /** Keys reconciled per runOnce, so one busy controller cannot starve the others within an instant. */
  protected batchSize = 500;
  reconciles = 0;

  constructor(readonly name: string, protected readonly engine: Engine) {
    this.queue = new WorkQueue(name, (delay, fn, label) => engine.after(delay, fn, label));
  }

  protected get store() {
    return this.engine.store;
  }

  /** Watch a kind and map each event to keys to enqueue (default: the object's own key). */
  protected watch(filter: WatchFilter, toKeys: (e: WatchEvent) => Iterable<string> | string | undefined = (e) => keyOf(e.object)): void {
    this.watches.push(this.store.watch(filter, (event) => {
      const keys = toKeys(event);
      if (keys === undefined) return;
      if (typeof keys === 'string') this.queue.add(keys);
      else for (const k of keys) this.queue.add(k);
    }));
  }

  /** Reconcile one key. Throwing an ApiError requeues with back-off (a Conflict means the object moved on). */
  protected abstract reconcile(key: string): void;

  runOnce(): boolean {
    let did = 0;
    for (let key = this.queue.pop(); key !== undefined; key = did < this.batchSize ? this.queue.pop() : undefined) {
      did++;
      this.reconciles++;
      try {
        this.reconcile(key);
        this.queue.forget(key);
      } catch (err) {
        // Conflicts and other API refusals retry with per-key back-off, as client-go's AddRateLimited.
        if (isApiError(err)) this.queue.addRateLimited(key);
        else throw err;
      }
    }
    return did > 0;
  }

  stop(): void {
    for (const w of this.watches) w.stop();
  }
}
