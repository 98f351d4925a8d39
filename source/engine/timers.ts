/** The timer queue: callbacks due at a virtual time, fired in (time, sequence) order. */

export interface TimerHandle {
  readonly id: number;
  readonly at: number;
}

interface TimerEntry extends TimerHandle {
  seq: number;
  fn: () => void;
  cancelled: boolean;
  label: string;
}

/** A binary min-heap on (at, seq): O(log n) schedule and pop, so 5,000 heartbeating nodes stay cheap. */
export class TimerQueue {
  private heap: TimerEntry[] = [];
  private seq = 0;
  private live = new Map<number, TimerEntry>();

  get size(): number {
    return this.live.size;
  }

  /** Schedule `fn` at virtual time `at`; `label` names it in traces and snapshots. */
  schedule(at: number, fn: () => void, label = 'timer'): TimerHandle {
    const entry: TimerEntry = { id: ++this.seq, seq: this.seq, at, fn, cancelled: false, label };
    this.live.set(entry.id, entry);
    this.push(entry);
    return entry;
  }

  cancel(handle: TimerHandle | undefined): void {
    if (!handle) return;
    const entry = this.live.get(handle.id);
    if (entry) {
      entry.cancelled = true;
      this.live.delete(entry.id);
    }
  }

  /** Time of the earliest live timer, or Infinity. */
  peekTime(): number {
    this.dropCancelled();
    return this.heap.length ? this.heap[0]!.at : Infinity;
  }

  /** Remove and return the earliest live timer due at or before `until`. */
  popDue(until: number): TimerEntry | undefined {
    this.dropCancelled();
    const top = this.heap[0];
    if (!top || top.at > until) return undefined;
    this.pop();
    this.live.delete(top.id);
    return top;
  }

  private dropCancelled(): void {
    while (this.heap.length && this.heap[0]!.cancelled) this.pop();
  }

  private less(a: TimerEntry, b: TimerEntry): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(e: TimerEntry): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (!h.length) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}
