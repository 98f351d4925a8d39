/**
 * Requeue a key at a virtual instant, keeping only the earliest pending instant per key (as client-go's delaying
 * queue does), so syncs that ask again and again for "at the deadline" don't pile up timers.
 */
import type { Engine } from '../../engine/engine.js';
import type { WorkQueue } from '../../engine/workqueue.js';

/** Per-key "sync again at instant T" with one pending timer per key. */
export class DeadlineRequeue {
  private readonly pending = new Map<string, number>();

  constructor(private readonly engine: Engine, private readonly queue: WorkQueue, private readonly label: string) {}

  /** Queue `key` at `atMs` (virtual epoch ms) unless an earlier or equal requeue is already pending. */
  at(key: string, atMs: number): void {
    const now = this.engine.now();
    if (atMs <= now) {
      this.queue.add(key);
      return;
    }
    const current = this.pending.get(key);
    if (current !== undefined && current > now && current <= atMs) return;
    this.pending.set(key, atMs);
    this.engine.after(atMs - now, () => {
      if (this.pending.get(key) === atMs) this.pending.delete(key);
      this.queue.add(key);
    }, `${this.label}:${key}`);
  }
}
