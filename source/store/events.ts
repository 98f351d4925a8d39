/**
 * Event recording as client-go's recorder + EventCorrelator: identical events (same source, object, type,
 * reason and message) within 10 minutes are folded into one Event whose count and lastTimestamp grow.
 * Events expire after the API server's default TTL of one hour.
 */
import type { Event, ObjectReference } from '../api/core.js';
import { isApiError } from '../api/errors.js';
import type { KubeObject } from '../api/meta.js';
import { type ApiStore, timestamp } from './store.js';

export const EVENT_TTL_MS = 60 * 60 * 1000;
const AGGREGATION_WINDOW_MS = 10 * 60 * 1000;

export interface EventSource {
  component: string;
  host?: string;
}

/** A reference to an object, as events and bindings carry it. */
export function referenceTo(obj: KubeObject, fieldPath?: string): ObjectReference {
  const ref: ObjectReference = {
    kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name,
    uid: obj.metadata.uid, apiVersion: obj.apiVersion, resourceVersion: obj.metadata.resourceVersion,
  };
  if (fieldPath) ref.fieldPath = fieldPath;
  return ref;
}

export class EventRecorder {
  private readonly byCorrelation = new Map<string, { namespace: string; name: string; first: number }>();
  /** Names in creation order, for TTL expiry without scanning. */
  private readonly expiry: { namespace: string; name: string }[] = [];
  private expiryHead = 0;
  private seq = 0;

  constructor(private readonly store: ApiStore) {}

  /** Record an event about `involved`. Never throws: a lost event must not break the component reporting it. */
  record(involved: KubeObject | ObjectReference, type: 'Normal' | 'Warning', reason: string, message: string, source: EventSource, fieldPath?: string): Event | undefined {
    const ref = 'metadata' in involved ? referenceTo(involved as KubeObject, fieldPath) : { ...(involved as ObjectReference) };
    if (fieldPath) ref.fieldPath = fieldPath;
    const now = this.store.env.now();
    const namespace = ref.namespace || 'default';
    const correlation = `${source.component}\u0000${source.host ?? ''}\u0000${ref.uid ?? `${ref.kind}/${ref.namespace}/${ref.name}`}\u0000${ref.fieldPath ?? ''}\u0000${type}\u0000${reason}\u0000${message}`;
    try {
      const prior = this.byCorrelation.get(correlation);
      if (prior && now - prior.first < AGGREGATION_WINDOW_MS) {
        const existing = this.store.tryGet<Event>('Event', prior.namespace, prior.name);
        if (existing) {
          return this.store.update<Event>({ ...existing, count: (existing.count ?? 1) + 1, lastTimestamp: timestamp(now) });
        }
      }
      // Upstream names events <object>.<unix nanoseconds in hex>; a sequence number keeps same-instant names apart.
      const nanos = BigInt(now) * 1_000_000n + BigInt(this.seq++ % 1_000_000);
      const name = `${ref.name ?? 'unknown'}.${nanos.toString(16)}`;
      delete ref.resourceVersion;
      const ts = timestamp(now);
      const event = this.store.create<Event>({
        apiVersion: 'v1', kind: 'Event', metadata: { name, namespace },
        involvedObject: ref, reason, message, source: { component: source.component, ...(source.host ? { host: source.host } : {}) },
        firstTimestamp: ts, lastTimestamp: ts, count: 1, type, eventTime: null,
        reportingComponent: source.component, reportingInstance: source.host ?? '',
      });
      this.byCorrelation.delete(correlation); // re-insert at the back: the map stays in time order for expiry
      this.byCorrelation.set(correlation, { namespace, name, first: now });
      this.expiry.push({ namespace, name });
      return event;
    } catch (err) {
      if (isApiError(err)) return undefined; // e.g. the namespace is terminating: upstream drops such events too
      throw err;
    }
  }

  /** Delete events whose last occurrence is older than the TTL. Cost is proportional to the events that expire. */
  expire(): number {
    const now = this.store.env.now();
    let removed = 0;
    while (this.expiryHead < this.expiry.length) {
      const { namespace, name } = this.expiry[this.expiryHead]!;
      const ev = this.store.tryGet<Event>('Event', namespace, name);
      if (ev) {
        const last = Date.parse(ev.lastTimestamp ?? ev.firstTimestamp ?? '');
        if (now - last < EVENT_TTL_MS) {
          if (now - Date.parse(ev.firstTimestamp ?? '') < EVENT_TTL_MS) break;
          // Still live through aggregation: move it to the back of the line.
          this.expiry.push({ namespace, name });
        } else {
          this.store.delete('Event', namespace, name);
          removed++;
        }
      }
      this.expiryHead++;
    }
    if (this.expiryHead > 4096 && this.expiryHead * 2 > this.expiry.length) {
      this.expiry.splice(0, this.expiryHead);
      this.expiryHead = 0;
    }
    for (const [key, entry] of this.byCorrelation) {
      if (now - entry.first < AGGREGATION_WINDOW_MS) break;
      this.byCorrelation.delete(key);
    }
    return removed;
  }
}
