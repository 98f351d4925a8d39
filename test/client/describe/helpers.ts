/** Builders shared by the describe tests. */
import type { Event } from '../../../source/api/core.js';

/** An event as the store records it (core/v1 with firstTimestamp/lastTimestamp/count). */
export function event(reason: string, message: string, first: string, last = first, count = 1, type: 'Normal' | 'Warning' = 'Normal', component = 'kubelet'): Event {
  return {
    apiVersion: 'v1', kind: 'Event', metadata: { name: `e-${reason}`, namespace: 'default' }, involvedObject: { kind: 'Pod', name: 'web' },
    reason, message, firstTimestamp: first, lastTimestamp: last, count, type, source: { component },
  };
}
