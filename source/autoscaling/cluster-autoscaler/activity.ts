/** A bounded log of what the autoscaler did (scale-ups, scale-downs, failures) for the UI and drills. */

/** One thing the autoscaler did or reported. */
export interface ActivityEntry {
  /** Virtual epoch ms. */
  readonly at: number;
  /** The node group concerned, when there is one. */
  readonly group?: string;
  /** An event reason (ScaledUpGroup, ScaleDown, ScaleUpTimedOut…) or ScaleUp / ScaleDown summaries. */
  readonly reason: string;
  readonly message: string;
}

/** Fixed-size ring: memory stays flat however long the run. */
export class ActivityLog {
  private readonly ring: ActivityEntry[] = [];
  private head = 0;

  constructor(private readonly capacity: number) {}

  add(at: number, group: string | undefined, reason: string, message: string): void {
    const entry: ActivityEntry = group === undefined ? { at, reason, message } : { at, group, reason, message };
    if (this.ring.length < this.capacity) this.ring.push(entry);
    else {
      this.ring[this.head] = entry;
      this.head = (this.head + 1) % this.capacity;
    }
  }

  /** Entries oldest first. */
  entries(): ActivityEntry[] {
    return [...this.ring.slice(this.head), ...this.ring.slice(0, this.head)];
  }
}
