/** The node lifecycle controller's taints: NoExecute for an unreachable / not-ready node, NoSchedule by condition. */
import type { Node, Taint } from '../../api/core.js';
import type { Condition } from '../../api/meta.js';

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const TAINT_MEMORY_PRESSURE = 'node.kubernetes.io/memory-pressure';
export const TAINT_DISK_PRESSURE = 'node.kubernetes.io/disk-pressure';
export const TAINT_PID_PRESSURE = 'node.kubernetes.io/pid-pressure';
export const TAINT_NETWORK_UNAVAILABLE = 'node.kubernetes.io/network-unavailable';
/** Set by an operator on a node that is shut down for good: its terminating pods may be force-deleted. */
export const TAINT_OUT_OF_SERVICE = 'node.kubernetes.io/out-of-service';

export const NOT_READY_NO_EXECUTE: Taint = Object.freeze({ key: TAINT_NOT_READY, effect: 'NoExecute' });
export const UNREACHABLE_NO_EXECUTE: Taint = Object.freeze({ key: TAINT_UNREACHABLE, effect: 'NoExecute' });

/** nodeConditionToTaintKeyStatusMap: which condition status maps to which NoSchedule taint. */
const CONDITION_TAINTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Ready: { False: TAINT_NOT_READY, Unknown: TAINT_UNREACHABLE },
  MemoryPressure: { True: TAINT_MEMORY_PRESSURE },
  DiskPressure: { True: TAINT_DISK_PRESSURE },
  PIDPressure: { True: TAINT_PID_PRESSURE },
  NetworkUnavailable: { True: TAINT_NETWORK_UNAVAILABLE },
};
const CONDITION_TAINT_KEYS = new Set([TAINT_NOT_READY, TAINT_UNREACHABLE, TAINT_MEMORY_PRESSURE, TAINT_DISK_PRESSURE, TAINT_PID_PRESSURE, TAINT_NETWORK_UNAVAILABLE]);

/** The node's Ready condition, if it has one. */
export function readyCondition(node: Node): Condition | undefined {
  const conditions = node.status?.conditions;
  if (!conditions) return undefined;
  for (const c of conditions) if (c.type === 'Ready') return c;
  return undefined;
}

/** Whether a taint with the template's key and effect is present (taintutils.TaintExists). */
export function hasTaint(taints: readonly Taint[] | undefined, template: Pick<Taint, 'key' | 'effect'>): boolean {
  return !!taints?.some((t) => t.key === template.key && t.effect === template.effect);
}

/**
 * SwapNodeControllerTaint on a copy: drop the taints matching `remove` (key and effect), add `add` (stamped with
 * timeAdded) unless an equal one is there. Returns undefined when the taint list would not change.
 */
export function swapTaints(node: Node, add: readonly Taint[], remove: readonly Pick<Taint, 'key' | 'effect'>[], ts: string): Node | undefined {
  const before = node.spec?.taints ?? [];
  let changed = false;
  const kept: Taint[] = [];
  for (const t of before) {
    if (remove.some((r) => r.key === t.key && r.effect === t.effect)) { changed = true; continue; }
    kept.push(t);
  }
  for (const a of add) {
    const i = kept.findIndex((t) => t.key === a.key && t.effect === a.effect);
    if (i >= 0 && (kept[i]!.value ?? '') === (a.value ?? '')) continue;
    const stamped: Taint = { ...a, timeAdded: ts };
    if (i >= 0) kept[i] = stamped;
    else kept.push(stamped);
    changed = true;
  }
  if (!changed) return undefined;
  const spec = { ...node.spec };
  if (kept.length) spec.taints = kept;
  else delete spec.taints;
  return { ...node, spec };
}

/**
 * TaintNodesByCondition: the NoSchedule taints a node's conditions and spec.unschedulable call for, and the
 * controller-owned NoSchedule taints it carries. A node that never reported Ready counts as not ready, so a
 * new node keeps `not-ready:NoSchedule` until its kubelet says otherwise.
 */
export function noScheduleTaintDiff(node: Node): { add: Taint[]; remove: Taint[] } {
  const want: Taint[] = [];
  let sawReady = false;
  for (const c of node.status?.conditions ?? []) {
    if (c.type === 'Ready') sawReady = true;
    const key = CONDITION_TAINTS[c.type]?.[c.status];
    if (key) want.push({ key, effect: 'NoSchedule' });
  }
  if (!sawReady) want.push({ key: TAINT_NOT_READY, effect: 'NoSchedule' });
  if (node.spec?.unschedulable) want.push({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
  const have = (node.spec?.taints ?? []).filter((t) => t.effect === 'NoSchedule' && (t.key === TAINT_UNSCHEDULABLE || CONDITION_TAINT_KEYS.has(t.key)));
  const add = want.filter((w) => !have.some((h) => h.key === w.key && (h.value ?? '') === (w.value ?? '')));
  const remove = have.filter((h) => !want.some((w) => w.key === h.key && (w.value ?? '') === (h.value ?? '')));
  return { add, remove };
}
