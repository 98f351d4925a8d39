/** Watch: per-subscriber filtering, a bounded history for resuming from a resourceVersion, and queued delivery. */
import type { KubeObject } from '../api/meta.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';

export interface WatchEvent<T extends KubeObject = KubeObject> {
  type: WatchEventType;
  object: T;
  /** The object before this write (MODIFIED and DELETED); lets handlers see what changed without a cache. */
  oldObject?: T;
}

/** One write as the history keeps it: resourceVersion, kind, and the event. */
export interface HistoryEntry {
  rv: number;
  kind: string;
  event: WatchEvent;
}

export interface WatchFilter {
  /** Kind to watch, or undefined for every kind (the determinism log, the HTTP API's debug stream). */
  kind?: string;
  namespace?: string;
  /** Predicate on the object (label and field selectors compiled by the caller). */
  matches?: (obj: KubeObject) => boolean;
}

export type WatchHandler = (event: WatchEvent, kind: string) => void;

/** A live subscription. `stop()` ends delivery at once, including events already queued for it. */
export class Watch {
  stopped = false;
  constructor(readonly id: number, readonly filter: WatchFilter, readonly handler: WatchHandler) {}

  stop(): void {
    this.stopped = true;
  }

  /** Translate a raw write into what this subscriber sees (selector transitions become ADDED/DELETED). */
  view(kind: string, event: WatchEvent): WatchEvent | undefined {
    const f = this.filter;
    if (f.kind !== undefined && f.kind !== kind) return undefined;
    const obj = event.object, old = event.oldObject;
    if (f.namespace !== undefined && obj.metadata.namespace !== f.namespace) return undefined;
    if (!f.matches) return event;
    const now = f.matches(obj);
    if (event.type !== 'MODIFIED' || !old) return now ? event : undefined;
    const before = f.matches(old);
    if (now && before) return event;
    if (now) return { type: 'ADDED', object: obj };
    if (before) return { type: 'DELETED', object: obj, oldObject: old };
    return undefined;
  }
}

/** Ring buffer of the latest writes: watches resume from it; older resourceVersions are "compacted" (410 Expired). */
export class WatchHistory {
  private readonly ring: (HistoryEntry | undefined)[];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.ring = new Array(capacity);
  }

  push(entry: HistoryEntry): void {
    if (this.capacity === 0) return;
    const idx = (this.start + this.count) % this.capacity;
    this.ring[idx] = entry;
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
  }

  /** Oldest resourceVersion still held, or undefined if the history is empty. */
  oldest(): number | undefined {
    return this.count ? this.ring[this.start]!.rv : undefined;
  }

  /** Entries with rv > `after`, in order. */
  *since(after: number): Generator<HistoryEntry> {
    for (let i = 0; i < this.count; i++) {
      const e = this.ring[(this.start + i) % this.capacity]!;
      if (e.rv > after) yield e;
    }
  }
}
