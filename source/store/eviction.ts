/**
 * The pods/eviction subresource (policy/v1 Eviction), as the API server's EvictionREST: a pod that is not
 * running (or already terminating) is deleted at once; otherwise the single PodDisruptionBudget covering it must
 * allow a disruption, which is taken from its status (disruptionsAllowed − 1, the pod recorded in disruptedPods)
 * before the pod gets a DisruptionTarget condition and is deleted with the requested grace.
 */
import type { Pod } from '../api/core.js';
import type { PodDisruptionBudget } from '../api/cluster-kinds.js';
import { ApiError, forbidden, isApiError } from '../api/errors.js';
import type { Condition } from '../api/meta.js';
import { labelSelectorFromObject } from '../api/selectors.js';
import type { EventRecorder } from './events.js';
import { type ApiStore, timestamp } from './store.js';

/** The 429 message every refused eviction carries (kubectl drain prints it). */
export const EVICTION_BUDGET_MESSAGE = "Cannot evict pod as it would violate the pod's disruption budget.";
/** The 500 message for a pod covered by several budgets. */
export const MULTIPLE_PDBS_MESSAGE = 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.';
/** MaxDisruptedPodSize: the API refuses evictions while the controller has not confirmed this many. */
const MAX_DISRUPTED_POD_SIZE = 2000;
/** How often a PDB write is retried on a conflict (EvictionsRetry). */
const RETRIES = 5;

export interface EvictionOptions {
  gracePeriodSeconds?: number;
  dryRun?: boolean;
}

/** Whether a pod's Ready condition is True (podutil.IsPodReady). */
export function isPodReady(pod: Pod): boolean {
  const conditions = pod.status?.conditions;
  if (!conditions) return false;
  for (const c of conditions) if (c.type === 'Ready') return c.status === 'True';
  return false;
}

/**
 * podutil.UpdatePodCondition on a copy: replace (or append) the condition of the same type; the transition time
 * moves only when the status changes. Returns undefined when nothing would change.
 */
export function withPodCondition(pod: Pod, condition: Omit<Condition, 'lastTransitionTime' | 'lastProbeTime'>, nowMs: number): Pod | undefined {
  const conditions = pod.status?.conditions ?? [];
  const i = conditions.findIndex((c) => c.type === condition.type);
  const prev = i >= 0 ? conditions[i] : undefined;
  if (prev && prev.status === condition.status && prev.reason === condition.reason && prev.message === condition.message) return undefined;
  const next: Condition = {
    ...prev, ...condition, lastProbeTime: prev?.lastProbeTime ?? null,
    lastTransitionTime: prev && prev.status === condition.status && prev.lastTransitionTime ? prev.lastTransitionTime : timestamp(nowMs),
  };
  const list = i >= 0 ? conditions.map((c, j) => (j === i ? next : c)) : [...conditions, next];
  return { ...pod, status: { ...pod.status, conditions: list } };
}

/**
 * POST pods/<name>/eviction. Returns the pod as the delete left it (terminating, or gone). Throws ApiError:
 * NotFound, TooManyRequests (the budget allows no disruption now, or has not been processed yet), InternalError
 * (more than one budget), Forbidden (a corrupt budget status). `events` is accepted for the surfaces' convenience:
 * the API server records no event for an eviction (the kubelet's Killing event follows the deletion).
 */
export function evictPod(store: ApiStore, _events: EventRecorder | undefined, namespace: string, name: string, opts: EvictionOptions = {}): Pod {
  const pod = store.get<Pod>('Pod', namespace, name);
  if (opts.gracePeriodSeconds !== undefined && (!Number.isInteger(opts.gracePeriodSeconds) || opts.gracePeriodSeconds < 0)) {
    // The eviction's delete options are validated before anything is written; the delete produces the error.
    store.delete<Pod>('Pod', namespace, name, { gracePeriodSeconds: opts.gracePeriodSeconds, dryRun: true });
  }
  if (canIgnorePdb(pod)) return addConditionAndDelete(store, pod, opts);

  const pdbs = podDisruptionBudgets(store, pod);
  if (pdbs.length > 1) throw new ApiError('InternalError', MULTIPLE_PDBS_MESSAGE);
  if (pdbs.length === 1) {
    let pdb = pdbs[0]!;
    if (!isPodReady(pod)) {
      // An unready pod does not count towards currentHealthy: deleting it costs the budget nothing when the
      // policy says so, or when the application is already at its desired health.
      const status = pdb.status;
      if (pdb.spec.unhealthyPodEvictionPolicy === 'AlwaysAllow') return addConditionAndDelete(store, pod, opts);
      if (status && status.currentHealthy >= status.desiredHealthy && status.desiredHealthy > 0) return addConditionAndDelete(store, pod, opts);
    }
    for (let attempt = 0; ; attempt++) {
      try {
        checkAndDecrement(store, pod.metadata.name!, pdb, opts.dryRun === true);
        break;
      } catch (err) {
        if (!isApiError(err, 'Conflict')) throw err;
        if (attempt + 1 >= RETRIES) throw new ApiError('Timeout', `couldn't update PodDisruptionBudget "${pdb.metadata.name}" due to conflicts`, { retryAfterSeconds: 10 });
        pdb = store.get<PodDisruptionBudget>('PodDisruptionBudget', namespace, pdb.metadata.name!);
      }
    }
  }
  return addConditionAndDelete(store, pod, opts);
}

/** A pod that is not running (or is already terminating) has already caused its disruption: no budget check. */
function canIgnorePdb(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || !!pod.metadata.deletionTimestamp;
}

/** The budgets in the pod's namespace whose selector matches it (policy/v1: an empty selector matches all). */
function podDisruptionBudgets(store: ApiStore, pod: Pod): PodDisruptionBudget[] {
  const out: PodDisruptionBudget[] = [];
  for (const pdb of store.select<PodDisruptionBudget>('PodDisruptionBudget', { namespace: pod.metadata.namespace })) {
    let matches = false;
    try {
      matches = labelSelectorFromObject(pdb.spec?.selector).matches(pod.metadata.labels);
    } catch (err) {
      if (!isApiError(err)) throw err; // an unparsable selector covers nothing
    }
    if (matches) out.push(pdb);
  }
  return out;
}

function budgetCause(message: string) {
  return { reason: 'DisruptionBudget', message };
}

/** Take one disruption from the budget (written to its status unless dry-run), or refuse with 429. */
function checkAndDecrement(store: ApiStore, podName: string, pdb: PodDisruptionBudget, dryRun: boolean): void {
  const name = pdb.metadata.name!;
  const status = pdb.status;
  if ((status?.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0) || !status) {
    throw new ApiError('TooManyRequests', EVICTION_BUDGET_MESSAGE, {
      retryAfterSeconds: 10, causes: [budgetCause(`The disruption budget ${name} is still being processed by the server.`)],
    });
  }
  if (status.disruptionsAllowed < 0) {
    throw forbidden(`poddisruptionbudgets.policy "${name}" is forbidden: pdb disruptions allowed is negative`, { name, group: 'policy', kind: 'poddisruptionbudgets' });
  }
  if (Object.keys(status.disruptedPods ?? {}).length > MAX_DISRUPTED_POD_SIZE) {
    throw forbidden(`poddisruptionbudgets.policy "${name}" is forbidden: DisruptedPods map too big - too many evictions not confirmed by PDB controller`,
      { name, group: 'policy', kind: 'poddisruptionbudgets' });
  }
  if (status.disruptionsAllowed === 0) {
    throw new ApiError('TooManyRequests', EVICTION_BUDGET_MESSAGE, {
      causes: [budgetCause(`The disruption budget ${name} needs ${status.desiredHealthy} healthy pods and has ${status.currentHealthy} currently`)],
    });
  }
  if (dryRun) return;
  const now = store.env.now();
  const disruptionsAllowed = status.disruptionsAllowed - 1;
  let conditions = status.conditions;
  if (disruptionsAllowed === 0) {
    // UpdateDisruptionAllowedCondition: the budget is now exhausted.
    const prev = conditions?.find((c) => c.type === 'DisruptionAllowed');
    const cond: Condition = {
      type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '',
      observedGeneration: status.observedGeneration,
      lastTransitionTime: prev && prev.status === 'False' && prev.lastTransitionTime ? prev.lastTransitionTime : timestamp(now),
    };
    conditions = prev ? conditions!.map((c) => (c.type === 'DisruptionAllowed' ? cond : c)) : [...(conditions ?? []), cond];
  }
  // The controller must not count the pod as healthy while its deletion is in flight (DeletionTimeout, 2 minutes).
  const disruptedPods = { ...status.disruptedPods, [podName]: timestamp(now) };
  store.updateStatus<PodDisruptionBudget>({ ...pdb, status: { ...status, disruptionsAllowed, disruptedPods, conditions } });
}

/** Mark the pod DisruptionTarget (EvictionByEvictionAPI) and delete it with the requested grace. */
function addConditionAndDelete(store: ApiStore, pod: Pod, opts: EvictionOptions): Pod {
  const ns = pod.metadata.namespace!, name = pod.metadata.name!;
  if (opts.dryRun) {
    return store.delete<Pod>('Pod', ns, name, { gracePeriodSeconds: opts.gracePeriodSeconds, dryRun: true, preconditions: { uid: pod.metadata.uid } });
  }
  const latest = store.get<Pod>('Pod', ns, name);
  const marked = withPodCondition(latest, {
    type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting',
  }, store.env.now());
  if (marked) store.updateStatus<Pod>(marked);
  return store.delete<Pod>('Pod', ns, name, { gracePeriodSeconds: opts.gracePeriodSeconds, preconditions: { uid: pod.metadata.uid } });
}
