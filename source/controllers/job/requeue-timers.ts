/** One pending "reconcile this key at time T" timer per key, as client-go's AddAfter keeps the earliest. */
import type { Engine } from '../../engine/engine.js';
import type { TimerHandle } from '../../engine/timers.js';
import type { WorkQueue } from '../../engine/workqueue.js';

export class RequeueTimers {
  private readonly timers = new Map<string, TimerHandle>();

  constructor(private readonly engine: Engine, private readonly queue: WorkQueue, private readonly label: string) {}

  /** Queue `key` at virtual time `atMs`; a pending earlier timer for the key wins (its sync re-derives later ones). */
  at(key: string, atMs: number): void {
    const now = this.engine.now();
    if (!(atMs > now)) {
      this.queue.add(key);
      return;
    }
    const existing = this.timers.get(key);
    if (existing && existing.at <= atMs) return;
    if (existing) this.engine.timers.cancel(existing);
    const handle: TimerHandle = this.engine.after(atMs - now, () => {
      if (this.timers.get(key) === handle) this.timers.delete(key);
      this.queue.add(key);
    }, `${this.label}:${key}`);
    this.timers.set(key, handle);
  }

  /** When the key's timer is due, if any. */
  pending(key: string): number | undefined {
    return this.timers.get(key)?.at;
  }

  cancel(key: string): void {
    const existing = this.timers.get(key);
    if (!existing) return;
    this.engine.timers.cancel(existing);
    this.timers.delete(key);
  }
}
