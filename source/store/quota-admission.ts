/**
 * ResourceQuota admission: an object that would push a quota's status.used past status.hard is refused with
 * upstream's 403 (`exceeded quota: …`, `failed quota: …: must specify …`), and an admitted one is charged to
 * status.used at once, so the next request in the same instant sees it (the quota controller then keeps used true).
 * Quotas the controller has not synced yet (no status.hard) do not restrict anything, as upstream.
 */
import type { Pod, ResourceQuota } from '../api/core.js';
import { type FieldError, forbidden } from '../api/errors.js';
import { kindInfo, qualifiedResource } from '../api/kinds.js';
import type { KubeObject } from '../api/meta.js';
import type { AdmissionPlugin, AdmissionReader, Operation } from './admission.js';
import {
  type Usage, addUsage, admissionName, kindForResource, maskUsage, matchesScopes, objectUsage, podConstraintViolation,
  prettyPrint, quotaScopes, removeZeros, subtractNonNegative, toResourceList, usageOf,
} from './quota-usage.js';

/** What admission may write besides reading: the store's status subresource (absent on read-only readers). */
interface StatusWriter {
  updateStatus<T extends KubeObject>(obj: T): T;
}

function canWrite(store: AdmissionReader): store is AdmissionReader & StatusWriter {
  return typeof (store as Partial<StatusWriter>).updateStatus === 'function';
}

/** Which operations the evaluators handle: pods and object counts on create; services and claims also on update. */
function handles(kind: string, op: Operation): boolean {
  if (op === 'CREATE') return true;
  return kind === 'Service' || kind === 'PersistentVolumeClaim';
}

/** The ResourceQuota admission plugin; put it last in the chain (after defaulting and LimitRanger). */
export function resourceQuotaAdmission(): AdmissionPlugin {
  return {
    name: 'ResourceQuota',
    validate(obj, op, old, store) {
      check(obj, op, old, store);
      return [] as FieldError[];
    },
  };
}

function check(obj: KubeObject, op: Operation, old: KubeObject | undefined, store: AdmissionReader): void {
  const kind = obj.kind;
  const info = kindInfo(kind);
  const ns = obj.metadata.namespace;
  if (!info?.namespaced || !ns || !handles(kind, op) || kind === 'Event') return;
  const quotas = store.select<ResourceQuota>('ResourceQuota', { namespace: ns });
  if (quotas.length === 0) return;
  quotas.sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0));
  const refuse = (detail: string) => forbidden(`${qualifiedResource(info)} "${admissionName(obj)}" is forbidden: ${detail}`,
    { name: admissionName(obj), group: info.group, kind: info.plural });

  const interesting: { quota: ResourceQuota; hard: Usage; restricted: string[] }[] = [];
  for (const quota of quotas) {
    const hardList = quota.status?.hard;
    if (!hardList) continue;
    const scopes = quotaScopes(quota);
    if (!matchesScopes(scopes, kind, obj)) continue;
    const restricted = Object.keys(hardList).filter((r) => kindForResource(r) === kind);
    if (restricted.length === 0) continue;
    if (kind === 'Pod') {
      const violation = podConstraintViolation(restricted, obj as Pod);
      if (violation) throw refuse(`failed quota: ${quota.metadata.name}: ${violation}`);
    }
    const used = quota.status?.used ?? {};
    const unknown = restricted.filter((r) => !(r in used));
    if (unknown.length) throw refuse(`status unknown for quota: ${quota.metadata.name}, resources: ${restricted.sort().join(',')}`);
    interesting.push({ quota, hard: usageOf(hardList), restricted });
  }
  if (interesting.length === 0) return;

  const usage = objectUsage(kind, obj, 0);
  const prevUsage = op === 'UPDATE' && old ? objectUsage(kind, old, 0) : undefined;
  const charges: { quota: ResourceQuota; used: Usage }[] = [];
  for (const { quota, hard } of interesting) {
    let delta = usage;
    if (prevUsage && old && matchesScopes(quotaScopes(quota), kind, old)) delta = subtractNonNegative(usage, prevUsage);
    const requested = removeZeros(maskUsage(delta, hard.keys()));
    if (requested.size === 0) continue;
    const used = usageOf(quota.status?.used);
    const next = addUsage(used, requested);
    const exceeded = [...requested.keys()].filter((r) => next.get(r)!.nano > hard.get(r)!.nano);
    if (exceeded.length) {
      throw refuse(`exceeded quota: ${quota.metadata.name}, requested: ${prettyPrint(maskUsage(requested, exceeded))}, `
        + `used: ${prettyPrint(maskUsage(used, exceeded))}, limited: ${prettyPrint(maskUsage(hard, exceeded))}`);
    }
    charges.push({ quota, used: next });
  }
  // Charge only once every quota agreed; the controller corrects the count if the write then fails elsewhere.
  if (!canWrite(store)) return;
  for (const { quota, used } of charges) {
    store.updateStatus<ResourceQuota>({ ...quota, status: { ...quota.status, used: toResourceList(used) } });
  }
}
