/**
 * VolumeBinding: PreFilter rejects pods whose claims are missing, being deleted, or unbound with Immediate binding;
 * Filter checks bound PVs' node affinity and, for WaitForFirstConsumer claims, that a matching Available PV or
 * the class's provisioner (allowedTopologies) can serve the node.
 */
import type { PersistentVolume, PersistentVolumeClaim } from '../../api/core.js';
import type { StorageClass } from '../../api/cluster-kinds.js';
import { toUnits } from '../../api/quantity.js';
import { matchesNodeSelectorTerms } from '../../api/selectors.js';
import type { FilterPlugin, PreFilterResult } from '../framework.js';
import type { NodeInfo } from '../node-info.js';
import { NO_LABELS, type Status, type VolumeLister, rejection } from '../types.js';
import { podClaims } from './pod-claims.js';

/** PreFilter: an unbound claim whose class binds immediately must be bound by the PV controller first. */
export const REASON_UNBOUND_IMMEDIATE = 'pod has unbound immediate PersistentVolumeClaims';
/** ErrReasonNodeConflict (v1.33+ wording; earlier `node(s) had volume node affinity conflict`). */
export const REASON_PV_NODE_AFFINITY = "node(s) didn't match PersistentVolume's node affinity";
/** ErrReasonBindConflict. */
export const REASON_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
/** ErrReasonPVNotExist. */
export const REASON_PV_NOT_EXIST = 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';

const NO_PROVISIONER = 'kubernetes.io/no-provisioner';
const SKIP: PreFilterResult<ClaimState> = Object.freeze({ skip: true });

/** Optional: list PVs so WaitForFirstConsumer claims can bind to existing Available volumes (static provisioning). */
export interface PersistentVolumeLister { listPersistentVolumes?(): readonly PersistentVolume[] }

interface ClaimState {
  readonly bound: readonly (PersistentVolume | undefined)[];
  readonly delayed: readonly { pvc: PersistentVolumeClaim; cls: StorageClass }[];
  readonly volumes: VolumeLister & PersistentVolumeLister;
}

const reject = (msg: string): PreFilterResult<ClaimState> =>
  ({ reject: rejection('VolumeBinding', 'UnschedulableAndUnresolvable', msg) });

/** MatchTopologySelectorTerms: no terms allow every node; an empty term allows none. */
export function matchesAllowedTopologies(cls: StorageClass, labels: Readonly<Record<string, string>>): boolean {
  const terms = cls.allowedTopologies;
  if (!terms?.length) return true;
  for (const t of terms) {
    const exprs = t.matchLabelExpressions;
    if (!exprs?.length) continue;
    if (exprs.every((e) => e.key in labels && e.values.includes(labels[e.key]!))) return true;
  }
  return false;
}

function pvMatchesNode(pv: PersistentVolume, info: NodeInfo): boolean {
  const terms = pv.spec.nodeAffinity?.required?.nodeSelectorTerms;
  return !terms || (info.node !== undefined && matchesNodeSelectorTerms(terms, info.node));
}

function pvFitsClaim(pv: PersistentVolume, pvc: PersistentVolumeClaim): boolean {
  if (pv.status?.phase !== 'Available' || pv.metadata.deletionTimestamp) return false;
  const ref = pv.spec.claimRef;
  if (ref && (ref.name !== pvc.metadata.name || ref.namespace !== pvc.metadata.namespace)) return false;
  if ((pv.spec.storageClassName ?? '') !== (pvc.spec.storageClassName ?? '')) return false;
  if ((pv.spec.volumeMode ?? 'Filesystem') !== (pvc.spec.volumeMode ?? 'Filesystem')) return false;
  const modes = pv.spec.accessModes ?? [];
  if (!(pvc.spec.accessModes ?? []).every((m) => modes.includes(m))) return false;
  try {
    return toUnits(pv.spec.capacity?.storage ?? '0') >= toUnits(pvc.spec.resources?.requests?.storage ?? '0');
  } catch { return false; }
}

/** The VolumeBinding filter. */
export const volumeBinding: FilterPlugin<ClaimState> = {
  name: 'VolumeBinding',
  preFilter(ctx) {
    const claims = podClaims(ctx.pod);
    if (claims.length === 0) return SKIP;
    const volumes = ctx.options.volumes as VolumeLister & PersistentVolumeLister;
    const bound: (PersistentVolume | undefined)[] = [];
    const delayed: { pvc: PersistentVolumeClaim; cls: StorageClass }[] = [];
    let immediate = 0;
    for (const c of claims) {
      const pvc = volumes.getPVC(c.namespace, c.name);
      if (!pvc) {
        return reject(c.ephemeral
          ? `waiting for ephemeral volume controller to create the persistentvolumeclaim "${c.name}"`
          : `persistentvolumeclaim "${c.name}" not found`);
      }
      if (pvc.metadata.deletionTimestamp) return reject(`persistentvolumeclaim "${c.name}" is being deleted`);
      if (pvc.spec.volumeName) { bound.push(volumes.getPV(pvc.spec.volumeName)); continue; }
      const className = pvc.spec.storageClassName ?? '';
      const cls = className ? volumes.getStorageClass(className) : undefined;
      if (className && !cls) return reject(`storageclass.storage.k8s.io "${className}" not found`);
      if (cls?.volumeBindingMode === 'WaitForFirstConsumer') delayed.push({ pvc, cls });
      else immediate++;
    }
    if (immediate > 0) return reject(REASON_UNBOUND_IMMEDIATE);
    return { state: { bound, delayed, volumes } };
  },
  filter(_ctx, s, info) {
    let boundSatisfied = true, pvsFound = true, unboundSatisfied = true;
    for (const pv of s.bound) {
      if (!pv) { pvsFound = false; break; }
      if (!pvMatchesNode(pv, info)) { boundSatisfied = false; break; }
    }
    if (s.delayed.length) {
      const all = s.volumes.listPersistentVolumes?.() ?? [];
      const chosen = new Set<PersistentVolume>();
      for (const { pvc, cls } of s.delayed) {
        // Static binding first: the smallest Available PV that fits the claim and this node.
        let best: PersistentVolume | undefined;
        for (const pv of all) {
          if (chosen.has(pv) || !pvFitsClaim(pv, pvc) || !pvMatchesNode(pv, info)) continue;
          if (!best || toUnits(pv.spec.capacity?.storage ?? '0') < toUnits(best.spec.capacity?.storage ?? '0')) best = pv;
        }
        if (best) { chosen.add(best); continue; }
        if (cls.provisioner === NO_PROVISIONER || !matchesAllowedTopologies(cls, info.labels ?? NO_LABELS)) {
          unboundSatisfied = false;
          break;
        }
      }
    }
    if (boundSatisfied && pvsFound && unboundSatisfied) return undefined;
    return statusOf(boundSatisfied, unboundSatisfied, pvsFound);
  },
};

const statuses = new Map<string, Status>();

/** Reasons in upstream's order: node conflict, bind conflict, missing PV. */
function statusOf(boundSatisfied: boolean, unboundSatisfied: boolean, pvsFound: boolean): Status {
  const key = `${boundSatisfied}${unboundSatisfied}${pvsFound}`;
  let st = statuses.get(key);
  if (!st) {
    const reasons: string[] = [];
    if (!boundSatisfied) reasons.push(REASON_PV_NODE_AFFINITY);
    if (!unboundSatisfied) reasons.push(REASON_BIND_CONFLICT);
    if (!pvsFound) reasons.push(REASON_PV_NOT_EXIST);
    statuses.set(key, (st = rejection('VolumeBinding', 'UnschedulableAndUnresolvable', ...reasons)));
  }
  return st;
}
