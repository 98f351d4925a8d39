/**
 * The EndpointSlice reconciler's plan (staging/.../endpointslice/reconciler.go, simplified): given a Service's
 * existing slices and its desired endpoints grouped by port set, decide which slices to create, update and delete
 * while moving as few endpoints as possible — endpoints stay in the slice that holds them, new ones first fill
 * slices that are being rewritten anyway, and no slice holds more than `max` endpoints.
 */
import type { EndpointSlice } from '../api/cluster-kinds.js';
import { deepEqual } from '../store/clone.js';

export type SliceEndpoint = EndpointSlice['endpoints'][number];
export type SlicePort = NonNullable<EndpointSlice['ports']>[number];

/** Desired endpoints sharing one port set, keyed by endpoint identity, in pod order. */
export interface EndpointGroup {
  ports: SlicePort[];
  endpoints: Map<string, SliceEndpoint>;
}

export interface SlicePlan {
  create: { ports: SlicePort[] | undefined; endpoints: SliceEndpoint[] }[];
  update: { slice: EndpointSlice; ports: SlicePort[] | undefined; endpoints: SliceEndpoint[] }[];
  delete: EndpointSlice[];
  /** Existing slices kept as they are (their labels may still need refreshing). */
  unchanged: EndpointSlice[];
}

/** The identity of an endpoint: its pod (uid) and address. */
export function endpointKey(ep: SliceEndpoint): string {
  return `${ep.targetRef?.uid ?? ''}/${ep.addresses[0] ?? ''}`;
}

/** The identity of a port set (order-insensitive). */
export function portSetKey(ports: readonly SlicePort[] | undefined): string {
  if (!ports || ports.length === 0) return '';
  return ports.map((p) => `${p.name ?? ''}/${p.port ?? ''}/${p.protocol ?? ''}/${p.appProtocol ?? ''}`).sort().join('|');
}

interface Slot { slice: EndpointSlice; key: string; endpoints: SliceEndpoint[]; changed: boolean }

/** Plan the writes that turn `existing` into `desired`. `existing` must be in a stable order (e.g. by name). */
export function planSlices(existing: readonly EndpointSlice[], desired: Map<string, EndpointGroup>, max: number): SlicePlan {
  const plan: SlicePlan = { create: [], update: [], delete: [], unchanged: [] };
  let total = 0;
  for (const g of desired.values()) total += g.endpoints.size;
  if (total === 0) return placeholderPlan(existing, plan);

  // 1. Keep what each existing slice still should hold (refreshed), drop what it should not.
  const remaining = new Map<string, SliceEndpoint[]>();
  const pending = new Map<string, Map<string, SliceEndpoint>>();
  for (const [key, g] of desired) pending.set(key, new Map(g.endpoints));
  const slots: Slot[] = [];
  for (const slice of existing) {
    const key = portSetKey(slice.ports);
    const want = pending.get(key);
    if (!want || slice.addressType !== 'IPv4') { plan.delete.push(slice); continue; }
    const kept: SliceEndpoint[] = [];
    for (const ep of slice.endpoints ?? []) {
      const k = endpointKey(ep);
      const d = want.get(k);
      if (d && kept.length < max) { kept.push(d); want.delete(k); }
    }
    if (kept.length === 0) { plan.delete.push(slice); continue; }
    slots.push({ slice, key, endpoints: kept, changed: !deepEqual(kept, slice.endpoints) });
  }
  for (const [key, want] of pending) remaining.set(key, [...want.values()]);

  // 2. Place the rest: into slices being rewritten anyway, then new slices; a last partial batch that fits an
  //    untouched slice goes there instead of into a new one.
  for (const [key, rest] of remaining) {
    const ports = desired.get(key)!.ports;
    for (const slot of slots) {
      if (rest.length === 0) break;
      if (slot.key !== key || !slot.changed || slot.endpoints.length >= max) continue;
      slot.endpoints.push(...rest.splice(0, max - slot.endpoints.length));
    }
    while (rest.length >= max) plan.create.push({ ports: portsOrUnset(ports), endpoints: rest.splice(0, max) });
    if (rest.length === 0) continue;
    const fit = slots.find((s) => s.key === key && !s.changed && max - s.endpoints.length >= rest.length);
    if (fit) {
      fit.endpoints.push(...rest.splice(0));
      fit.changed = true;
    } else plan.create.push({ ports: portsOrUnset(ports), endpoints: rest.splice(0) });
  }
  for (const slot of slots) {
    if (slot.changed) plan.update.push({ slice: slot.slice, ports: portsOrUnset(desired.get(slot.key)!.ports), endpoints: slot.endpoints });
    else plan.unchanged.push(slot.slice);
  }
  return plan;
}

/** A slice holding nothing: what a Service with a selector but no endpoints keeps, so consumers see it exists. */
function isPlaceholder(slice: EndpointSlice): boolean {
  return (slice.endpoints?.length ?? 0) === 0 && (slice.ports?.length ?? 0) === 0 && slice.addressType === 'IPv4';
}

function placeholderPlan(existing: readonly EndpointSlice[], plan: SlicePlan): SlicePlan {
  const keep = existing.find(isPlaceholder);
  for (const s of existing) if (s !== keep) plan.delete.push(s);
  if (keep) plan.unchanged.push(keep);
  else plan.create.push({ ports: undefined, endpoints: [] });
  return plan;
}

function portsOrUnset(ports: SlicePort[]): SlicePort[] | undefined {
  return ports.length ? ports : undefined;
}
