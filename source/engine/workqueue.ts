/** A keyed work queue as client-go's: a key is queued at most once; a key being processed is not run twice at once. */

/** Per-item exponential back-off, as client-go's default controller rate limiter (5 ms doubling, capped). */
export class ItemBackoff {
  private failures = new Map<string, number>();
  constructor(private readonly baseMs = 5, private readonly maxMs = 1000 * 1000) {}

  when(key: string): number {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    return Math.min(this.baseMs * 2 ** n, this.maxMs);
  }

  forget(key: string): void {
    this.failures.delete(key);
  }

  retries(key: string): number {
    return this.failures.get(key) ?? 0;
  }
}

/** Schedules a callback at a virtual delay; the engine's timer queue implements it. */
export type DelayScheduler = (delayMs: number, fn: () => void, label: string) => void;

export class WorkQueue {
  private readonly queue: string[] = [];
  private head = 0;
  private readonly queued = new Set<string>();
  private readonly waiting = new Set<string>();
  readonly backoff = new ItemBackoff();

  constructor(private readonly name: string, private readonly later: DelayScheduler) {}

  get length(): number {
    return this.queue.length - this.head;
  }

  add(key: string): void {
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.queue.push(key);
  }

  /** Queue `key` after a virtual delay; several calls for one key keep the earliest. */
  addAfter(key: string, delayMs: number): void {
    if (delayMs <= 0) return this.add(key);
    const token = `${key}@${delayMs}`;
    if (this.waiting.has(token)) return;
    this.waiting.add(token);
    this.later(delayMs, () => {
      this.waiting.delete(token);
      this.add(key);
    }, `${this.name}:${key}`);
  }

  /** Requeue after the item's back-off (after a failed reconcile). */
  addRateLimited(key: string): void {
    this.addAfter(key, this.backoff.when(key));
  }

  forget(key: string): void {
    this.backoff.forget(key);
  }

  /** Take the next key, or undefined when empty. */
  pop(): string | undefined {
    if (this.head >= this.queue.length) return undefined;
    const key = this.queue[this.head++]!;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    this.queued.delete(key);
    return key;
  }
}
