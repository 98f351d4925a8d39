/**
 * Zones for the node lifecycle controller: each zone's disruption state and its rate-limited queue of nodes
 * waiting for a NoExecute taint (RateLimitedTimedQueue with a token bucket of burst 1).
 */
import type { Node } from '../../api/core.js';

/** A zone's health as ComputeZoneState classifies it. */
export type ZoneState = 'Initial' | 'Normal' | 'FullDisruption' | 'PartialDisruption';

/** nodetopology.GetZoneKey: region and zone labels joined (an unlabelled node is in the zone ""). */
export function zoneKey(node: Node): string {
  const labels = node.metadata.labels;
  if (!labels) return '';
  const region = labels['topology.kubernetes.io/region'] ?? labels['failure-domain.beta.kubernetes.io/region'] ?? '';
  const zone = labels['topology.kubernetes.io/zone'] ?? labels['failure-domain.beta.kubernetes.io/zone'] ?? '';
  if (!region && !zone) return '';
  return `${region}:\x00:${zone}`;
}

/** The zone part of a zone key, for display. */
export function zoneName(key: string): string {
  const i = key.indexOf(':\x00:');
  return i < 0 ? key : key.slice(i + 3);
}

/**
 * ComputeZoneState: FullDisruption when no node is ready; PartialDisruption when more than 2 nodes are not ready
 * and they are at least `unhealthyThreshold` of the zone; otherwise Normal. Returns the not-ready count too.
 */
export function computeZoneState(ready: number, notReady: number, unhealthyThreshold: number): { unhealthy: number; state: ZoneState } {
  if (ready === 0 && notReady > 0) return { unhealthy: notReady, state: 'FullDisruption' };
  if (notReady > 2 && notReady / (notReady + ready) >= unhealthyThreshold) return { unhealthy: notReady, state: 'PartialDisruption' };
  return { unhealthy: notReady, state: 'Normal' };
}

/** flowcontrol's token bucket (golang.org/x/time/rate) with burst 1; a rate of 0 never accepts. */
export class TokenBucket {
  private tokens = 1;
  private last: number;

  constructor(readonly qps: number, now: number) {
    this.last = now;
  }

  private refill(now: number): void {
    if (now > this.last) {
      this.tokens = Math.min(1, this.tokens + ((now - this.last) / 1000) * this.qps);
      this.last = now;
    }
  }

  tryAccept(now: number): boolean {
    if (this.qps <= 0) return false;
    this.refill(now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }

  /** Milliseconds until a token is available (Infinity for a rate of 0). */
  wait(now: number): number {
    if (this.qps <= 0) return Infinity;
    const tokens = Math.min(1, this.tokens + (Math.max(0, now - this.last) / 1000) * this.qps);
    return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) / this.qps) * 1000);
  }
}

/**
 * RateLimitedTimedQueue: nodes in FIFO order, each processed at most once until removed. A processed node stays a
 * member (so it is not queued again) until `remove` — which the controller calls when the node is healthy again.
 */
export class RateLimitedTimedQueue {
  private readonly order: { name: string; seq: number }[] = [];
  private head = 0;
  private seq = 0;
  private readonly processAt = new Map<string, number>();
  /** The sequence of each name's live entry in `order` (a retried name is appended again). */
  private readonly liveSeq = new Map<string, number>();
  /** Queued or processed: a member is not added again. */
  private readonly members = new Set<string>();
  private limiter: TokenBucket;

  constructor(qps: number, now: number) {
    this.limiter = new TokenBucket(qps, now);
  }

  get qps(): number {
    return this.limiter.qps;
  }

  get pending(): number {
    return this.processAt.size;
  }

  /** Queue a node; false when it is already a member. */
  add(name: string, now: number): boolean {
    if (this.members.has(name)) return false;
    this.members.add(name);
    this.processAt.set(name, now);
    this.enqueue(name);
    return true;
  }

  private enqueue(name: string): void {
    this.liveSeq.set(name, ++this.seq);
    this.order.push({ name, seq: this.seq });
  }

  /** Forget a node entirely (it may be queued again). */
  remove(name: string): void {
    this.members.delete(name);
    this.processAt.delete(name);
    this.liveSeq.delete(name);
  }

  /** SwapLimiter: a new bucket for the new rate; drained when the old one was empty (burst 1). */
  swapLimiter(qps: number, now: number): void {
    if (this.limiter.qps === qps) return;
    const next = new TokenBucket(qps, now);
    if (qps > 0 && !this.limiter.tryAccept(now)) next.tryAccept(now);
    this.limiter = next;
  }

  /**
   * Try: while the limiter accepts, hand the head to `fn`; true means done (it stays a member), false means
   * retry after `retryMs`. A token is spent even when the head is not yet due, as upstream does.
   */
  try(now: number, fn: (name: string) => { done: boolean; retryMs?: number }): void {
    for (let name = this.peek(); name !== undefined; name = this.peek()) {
      if (!this.limiter.tryAccept(now)) break;
      if (this.processAt.get(name)! > now) break;
      const { done, retryMs } = fn(name);
      this.head++;
      if (done) {
        this.processAt.delete(name);
        this.liveSeq.delete(name);
      } else {
        this.processAt.set(name, now + (retryMs ?? 0) + 1);
        this.enqueue(name);
      }
    }
    if (this.head > 64 && this.head * 2 > this.order.length) {
      this.order.splice(0, this.head);
      this.head = 0;
    }
  }

  /** When the next `try` could do something: the head's time or the next token, whichever is later. */
  nextAt(now: number): number {
    const name = this.peek();
    if (name === undefined) return Infinity;
    return Math.max(this.processAt.get(name)!, now + this.limiter.wait(now));
  }

  /** The earliest queued name still waiting (skips names removed or already processed). */
  private peek(): string | undefined {
    while (this.head < this.order.length) {
      const { name, seq } = this.order[this.head]!;
      // A name re-queued for retry appears again later in `order`; only its live entry counts.
      if (this.liveSeq.get(name) === seq) return name;
      this.head++;
    }
    return undefined;
  }
}
