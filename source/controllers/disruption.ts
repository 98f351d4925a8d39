/**
 * The disruption controller: keeps each PodDisruptionBudget's status (expectedPods, currentHealthy,
 * desiredHealthy, disruptionsAllowed, disruptedPods, the DisruptionAllowed condition) current. Pod events re-sync
 * only the budgets of the pod's namespace whose selector matches it; evictions recorded in disruptedPods are
 * re-checked when their 2-minute deletion timeout runs out.
 */
import type { Pod } from '../api/core.js';
import type { PodDisruptionBudget } from '../api/cluster-kinds.js';
import { type ApiError, isApiError } from '../api/errors.js';
import type { Condition, IntOrString, KubeObject, OwnerReference } from '../api/meta.js';
import { NOTHING, type Selector, labelSelectorFromObject } from '../api/selectors.js';
import { parseTimestamp } from '../engine/clock.js';
import { Controller, keyOf, splitKey } from '../engine/controller.js';
import type { Engine } from '../engine/engine.js';
import { isPodReady } from '../store/eviction.js';
import { timestamp } from '../store/store.js';
import type { WatchEvent } from '../store/watch.js';

/** DeletionTimeout: an eviction not followed by a deletion within this long no longer discounts the pod. */
export const DELETION_TIMEOUT_MS = 2 * 60_000;
const SOURCE = { component: 'disruption-controller' };

interface BudgetEntry { key: string; selector: Selector; error?: ApiError }

/**
 * One namespace's budgets, indexed by the first equality requirement of each selector (`key` → `value` →
 * budgets), so a pod event looks only at budgets that can match it. Selectors without an equality (empty, or
 * expressions only) are checked for every pod.
 */
class NamespaceBudgets {
  readonly byKey = new Map<string, BudgetEntry>();
  private readonly byLabel = new Map<string, Map<string, BudgetEntry[]>>();
  private readonly rest: BudgetEntry[] = [];

  get size(): number {
    return this.byKey.size;
  }

  add(entry: BudgetEntry): void {
    this.byKey.set(entry.key, entry);
    const eq = entry.selector.equalities[0];
    if (!eq) { this.rest.push(entry); return; }
    let values = this.byLabel.get(eq[0]);
    if (!values) this.byLabel.set(eq[0], (values = new Map()));
    const list = values.get(eq[1]);
    if (list) list.push(entry);
    else values.set(eq[1], [entry]);
  }

  remove(key: string): void {
    const entry = this.byKey.get(key);
    if (!entry) return;
    this.byKey.delete(key);
    const eq = entry.selector.equalities[0];
    if (!eq) { this.rest.splice(this.rest.indexOf(entry), 1); return; }
    const values = this.byLabel.get(eq[0])!;
    const list = values.get(eq[1])!.filter((e) => e !== entry);
    if (list.length) values.set(eq[1], list);
    else values.delete(eq[1]);
    if (!values.size) this.byLabel.delete(eq[0]);
  }

  /** Keys of the budgets whose selector matches these labels. */
  collect(labels: Record<string, string> | undefined, into: Set<string>): void {
    for (const e of this.rest) if (e.selector.matches(labels)) into.add(e.key);
    if (!labels || !this.byLabel.size) return;
    for (const k in labels) {
      const list: BudgetEntry[] | undefined = this.byLabel.get(k)?.get(labels[k]!);
      if (list) for (const entry of list) if (entry.selector.matches(labels)) into.add(entry.key);
    }
  }
}

/** A failure computing the expected pod count: becomes the SyncFailed condition's message. */
class SyncError extends Error {}

export class DisruptionController extends Controller {
  private readonly budgets = new Map<string, NamespaceBudgets>();
  /** The resourceVersion of each budget's status as this controller last wrote it: its own echo needs no sync. */
  private readonly written = new Map<string, string>();

  constructor(engine: Engine) {
    super('disruption-controller', engine);
    this.watch({ kind: 'PodDisruptionBudget' }, (e) => this.onBudget(e as WatchEvent<PodDisruptionBudget>));
    this.watch({ kind: 'Pod' }, (e) => this.onPod(e as WatchEvent<Pod>));
  }

  private onBudget(e: WatchEvent<PodDisruptionBudget>): string | undefined {
    const pdb = e.object;
    const ns = pdb.metadata.namespace!;
    const key = keyOf(pdb);
    if (e.type === 'MODIFIED' && e.oldObject?.spec === pdb.spec) {
      // A status write: ours needs nothing; another's (an eviction) is re-checked against the pods.
      return this.written.get(key) === pdb.metadata.resourceVersion ? undefined : key;
    }
    let list = this.budgets.get(ns);
    list?.remove(key);
    if (e.type === 'DELETED') {
      this.written.delete(key);
      if (list && !list.size) this.budgets.delete(ns);
      return undefined;
    }
    let selector: Selector = NOTHING;
    let error: ApiError | undefined;
    try {
      selector = labelSelectorFromObject(pdb.spec?.selector);
    } catch (err) {
      if (!isApiError(err)) throw err;
      error = err; // reported by the sync as SyncFailed
    }
    if (!list) this.budgets.set(ns, (list = new NamespaceBudgets()));
    list.add({ key, selector, error });
    return key;
  }

  /** Only changes that move the numbers matter: labels, readiness, deletion, existence. */
  private onPod(e: WatchEvent<Pod>): Iterable<string> | undefined {
    const pod = e.object, old = e.oldObject;
    const list = this.budgets.get(pod.metadata.namespace!);
    if (!list) return undefined;
    if (e.type === 'MODIFIED' && old && old.metadata.labels === pod.metadata.labels && old.metadata.deletionTimestamp === pod.metadata.deletionTimestamp
      && isPodReady(old) === isPodReady(pod) && sameController(old, pod)) return undefined;
    const keys = new Set<string>();
    list.collect(pod.metadata.labels, keys);
    if (old && old.metadata.labels !== pod.metadata.labels) list.collect(old.metadata.labels, keys);
    return keys;
  }

  protected reconcile(key: string): void {
    const [ns, name] = splitKey(key);
    const pdb = this.store.tryGet<PodDisruptionBudget>('PodDisruptionBudget', ns, name);
    if (!pdb) return;
    try {
      this.trySync(pdb);
    } catch (err) {
      if (isApiError(err, 'Conflict') || isApiError(err, 'NotFound')) throw err;
      if (!(err instanceof SyncError) && !isApiError(err)) throw err;
      this.failSafe(pdb, err.message);
    }
  }

  private trySync(pdb: PodDisruptionBudget): void {
    const entry = this.budgets.get(pdb.metadata.namespace!)?.byKey.get(keyOf(pdb));
    if (entry?.error) throw entry.error;
    const selector = entry?.selector ?? labelSelectorFromObject(pdb.spec?.selector);
    const pods = this.store.select<Pod>('Pod', { namespace: pdb.metadata.namespace, selector });
    if (pods.length === 0) this.engine.events.record(pdb, 'Normal', 'NoPods', 'No matching pods found', SOURCE);
    let counts: ExpectedCount;
    try {
      counts = this.expectedPodCount(pdb, pods);
    } catch (err) {
      if (err instanceof SyncError) {
        this.engine.events.record(pdb, 'Warning', 'CalculateExpectedPodCountFailed', `Failed to calculate the number of expected pods: ${err.message}`, SOURCE);
      }
      throw err;
    }
    if (counts.unmanaged > 0) {
      this.engine.events.record(pdb, 'Warning', 'UnmanagedPods', `Pods selected by this PodDisruptionBudget (selector: ${selector.toString()}) were found `
        + 'to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. '
        + 'To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.', SOURCE);
    }
    const now = this.engine.now();
    const { disrupted, recheckAt } = this.disruptedPodMap(pdb, pods, now);
    let currentHealthy = 0;
    for (const pod of pods) {
      if (pod.metadata.deletionTimestamp) continue;
      const at = disrupted[pod.metadata.name!];
      if (at !== undefined && parseTimestamp(at) + DELETION_TIMEOUT_MS > now) continue;
      if (isPodReady(pod)) currentHealthy++;
    }
    this.updateStatus(pdb, currentHealthy, counts.desiredHealthy, counts.expectedCount, disrupted);
    if (recheckAt !== undefined) this.queue.addAfter(keyOf(pdb), Math.max(1, recheckAt - now));
  }

  /** disruptedPods entries still inside their deletion timeout (and not yet deleted), and the earliest expiry. */
  private disruptedPodMap(pdb: PodDisruptionBudget, pods: Pod[], now: number): { disrupted: Record<string, string>; recheckAt?: number } {
    const known = pdb.status?.disruptedPods;
    const disrupted: Record<string, string> = {};
    if (!known) return { disrupted };
    let any = false;
    for (const _ in known) { any = true; break; }
    if (!any) return { disrupted };
    let recheckAt: number | undefined;
    for (const pod of pods) {
      if (pod.metadata.deletionTimestamp) continue;
      const at = known[pod.metadata.name!];
      if (at === undefined) continue;
      const expected = parseTimestamp(at) + DELETION_TIMEOUT_MS;
      if (expected < now) {
        // Upstream formats the budget as "<namespace>/<namespace>" here; kept as it is.
        this.engine.events.record(pod, 'Warning', 'NotDeleted',
          `Pod was expected by PDB ${pdb.metadata.namespace}/${pdb.metadata.namespace} to be deleted but it wasn't`, SOURCE);
      } else {
        if (recheckAt === undefined || expected < recheckAt) recheckAt = expected;
        disrupted[pod.metadata.name!] = at;
      }
    }
    return { disrupted, recheckAt };
  }

  /** getExpectedPodCount: an integer minAvailable counts pods; anything else is scaled against the controllers. */
  private expectedPodCount(pdb: PodDisruptionBudget, pods: Pod[]): ExpectedCount {
    const { minAvailable, maxUnavailable } = pdb.spec;
    if (maxUnavailable !== undefined && maxUnavailable !== null) {
      const { expectedCount, unmanaged } = this.expectedScale(pods);
      const desired = expectedCount - scaledValue(maxUnavailable, expectedCount);
      return { expectedCount, desiredHealthy: Math.max(0, desired), unmanaged };
    }
    if (minAvailable !== undefined && minAvailable !== null) {
      if (typeof minAvailable === 'number') return { expectedCount: pods.length, desiredHealthy: minAvailable, unmanaged: 0 };
      const { expectedCount, unmanaged } = this.expectedScale(pods);
      return { expectedCount, desiredHealthy: scaledValue(minAvailable, expectedCount), unmanaged };
    }
    return { expectedCount: 0, desiredHealthy: 0, unmanaged: 0 };
  }

  /** The sum of spec.replicas of the pods' controllers (a Deployment through its ReplicaSet). */
  private expectedScale(pods: Pod[]): { expectedCount: number; unmanaged: number } {
    const scales = new Map<string, number>();
    let unmanaged = 0;
    for (const pod of pods) {
      const ref = pod.metadata.ownerReferences?.find((r) => r.controller);
      if (!ref) { unmanaged++; continue; }
      if (scales.has(ref.uid)) continue;
      const found = this.controllerScale(ref, pod.metadata.namespace!);
      if (!found) throw new SyncError(`found no controllers for pod "${pod.metadata.name}"`);
      scales.set(found.uid, found.scale);
    }
    let expectedCount = 0;
    for (const n of scales.values()) expectedCount += n;
    return { expectedCount, unmanaged };
  }

  /** The finders in upstream's order; kinds without a scale subresource (Job, DaemonSet…) find nothing. */
  private controllerScale(ref: OwnerReference, ns: string): { uid: string; scale: number } | undefined {
    const owner = this.owned(ref, ns);
    if (!owner) return undefined;
    if (ref.kind === 'ReplicaSet') {
      const depRef = owner.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'Deployment');
      const dep = depRef ? this.owned(depRef, ns) : undefined;
      if (dep) return { uid: dep.metadata.uid!, scale: replicasOf(dep) };
      return { uid: owner.metadata.uid!, scale: replicasOf(owner) };
    }
    if (ref.kind === 'ReplicationController' || ref.kind === 'StatefulSet' || ref.kind === 'Deployment') {
      return { uid: owner.metadata.uid!, scale: replicasOf(owner) };
    }
    return undefined;
  }

  private owned(ref: OwnerReference, ns: string): KubeObject | undefined {
    if (!SCALABLE.has(ref.kind)) return undefined;
    const obj = this.store.tryGet(ref.kind, ns, ref.name);
    return obj && obj.metadata.uid === ref.uid ? obj : undefined;
  }

  private updateStatus(pdb: PodDisruptionBudget, currentHealthy: number, desiredHealthy: number, expectedPods: number, disruptedPods: Record<string, string>): void {
    // A budget matching no pods yet stays safe (0 allowed) until its first pods are counted.
    let disruptionsAllowed = currentHealthy - desiredHealthy;
    if (expectedPods <= 0 || disruptionsAllowed <= 0) disruptionsAllowed = 0;
    const generation = pdb.metadata.generation ?? 0;
    const conditions = allowedCondition(pdb.status?.conditions, disruptionsAllowed > 0, generation, this.engine.now());
    const status: NonNullable<PodDisruptionBudget['status']> = {
      observedGeneration: generation, disruptedPods, disruptionsAllowed, currentHealthy, desiredHealthy, expectedPods, conditions,
    };
    const written = this.store.updateStatus<PodDisruptionBudget>({ ...pdb, status });
    this.written.set(keyOf(pdb), written.metadata.resourceVersion!);
  }

  /** A sync that failed leaves the budget closed: 0 disruptions allowed, DisruptionAllowed False SyncFailed. */
  private failSafe(pdb: PodDisruptionBudget, message: string): void {
    const current = this.store.tryGet<PodDisruptionBudget>('PodDisruptionBudget', pdb.metadata.namespace, pdb.metadata.name!);
    if (!current) return;
    const prev = current.status;
    const conditions = setCondition(prev?.conditions, {
      type: 'DisruptionAllowed', status: 'False', reason: 'SyncFailed', message, observedGeneration: prev?.observedGeneration ?? 0,
    }, this.engine.now());
    const status = {
      currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, ...prev, disruptionsAllowed: 0, conditions,
    };
    const written = this.store.updateStatus<PodDisruptionBudget>({ ...current, status });
    this.written.set(keyOf(current), written.metadata.resourceVersion!);
  }
}

interface ExpectedCount { expectedCount: number; desiredHealthy: number; unmanaged: number }

const SCALABLE = new Set(['ReplicaSet', 'ReplicationController', 'StatefulSet', 'Deployment']);

function replicasOf(obj: KubeObject): number {
  const r = (obj.spec as { replicas?: number } | undefined)?.replicas;
  return typeof r === 'number' ? r : 1;
}

/** intstr.GetScaledValueFromIntOrPercent with rounding up. */
function scaledValue(v: IntOrString, total: number): number {
  if (typeof v === 'number') return v;
  const m = /^(-?\d+)%$/.exec(v);
  if (!m) throw new SyncError(`invalid value for IntOrString: invalid value "${v}": strconv.Atoi: parsing "${v.replace(/%$/, '')}": invalid syntax`);
  return Math.ceil((Number(m[1]) * total) / 100);
}

function sameController(a: Pod, b: Pod): boolean {
  return a.metadata.ownerReferences === b.metadata.ownerReferences;
}

/** meta.SetStatusCondition: the transition time moves only when the status changes. */
function setCondition(conditions: Condition[] | undefined, cond: Condition, now: number): Condition[] {
  const prev = conditions?.find((c) => c.type === cond.type);
  const next: Condition = {
    ...cond, lastTransitionTime: prev && prev.status === cond.status && prev.lastTransitionTime ? prev.lastTransitionTime : timestamp(now),
  };
  if (!conditions || !prev) return [...(conditions ?? []), next];
  return conditions.map((c) => (c === prev ? next : c));
}

/** pdbhelper.UpdateDisruptionAllowedCondition. */
function allowedCondition(conditions: Condition[] | undefined, allowed: boolean, generation: number, now: number): Condition[] {
  return setCondition(conditions, allowed
    ? { type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '', observedGeneration: generation }
    : { type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '', observedGeneration: generation }, now);
}
