/** Rules of the API machinery the store applies on every write, kept apart from the store's bookkeeping. */
import { badRequest } from '../api/errors.js';
import type { KubeObject } from '../api/meta.js';
import { deepEqual } from './clone.js';

export function isObject(v: unknown): v is Record<string, any> { // any: JSON-shaped input of unknown structure
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** RFC 3339 at second precision, like metav1.Time. */
export function timestamp(ms: number): string {
  // Clamped to 9999-12-31T23:59:59Z, the last instant metav1.Time can marshal: a huge grace period must not make an Invalid Date.
  return new Date(Math.floor(Math.min(ms, 253_402_300_799_000) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Upstream's pod grace rules: unscheduled or terminal pods go at once; otherwise the request's or the spec's period. */
export function podGracePeriod(pod: KubeObject, requested: number | undefined): number {
  const spec = pod.spec as { nodeName?: string; terminationGracePeriodSeconds?: number } | undefined;
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  if (!spec?.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
  return requested ?? spec.terminationGracePeriodSeconds ?? 30;
}

/** Terminating, no finalizers left and no grace period still running: the object can go. */
export function isFinalized(obj: KubeObject): boolean {
  const m = obj.metadata;
  if (!m.deletionTimestamp || (m.finalizers?.length ?? 0) > 0) return false;
  if ((m.deletionGracePeriodSeconds ?? 0) !== 0) return false;
  if (obj.kind === 'Namespace') return ((obj.spec as { finalizers?: string[] } | undefined)?.finalizers?.length ?? 0) === 0;
  return true;
}

/** Whether anything but metadata and status changed (generation tracks spec changes only). */
export function specChanged(old: KubeObject, next: KubeObject): boolean {
  for (const k of new Set([...Object.keys(old), ...Object.keys(next)])) {
    if (k === 'metadata' || k === 'status' || k === 'apiVersion' || k === 'kind') continue;
    if (!deepEqual(old[k], next[k])) return true;
  }
  return false;
}

/** Identity fields must be strings before anything builds keys or messages from them (a decode error upstream). */
export function checkIdentityTypes(meta: Record<string, unknown>): void {
  for (const f of ['name', 'generateName', 'namespace', 'resourceVersion'] as const) {
    const v = meta[f];
    if (v !== undefined && v !== null && typeof v !== 'string') {
      throw badRequest(`metadata.${f}: Invalid value: must be a string, got ${Array.isArray(v) ? 'a list' : typeof v}`);
    }
  }
}
