/**
 * Operator-error drills besides the bad rollout: a Service selector typo (the Service keeps its ClusterIP but has
 * no endpoints) and a ResourceQuota that blocks scale-up (the ReplicaSet controller's FailedCreate: `exceeded
 * quota`). Each revert restores exactly what the fault changed, and leaves alone what the operator changed since.
 */
import type { Pod, ResourceQuota, Service } from '../../api/core.js';
import { labelValueErrors } from '../../api/label-selector.js';
import { canonicalJson } from '../../controllers/deployment/hash.js';
import { podConsumesQuota } from '../../store/quota-usage.js';
import type { FaultType, ResolvedTarget } from '../types.js';

/**
 * A plausible typo of a label value: two neighbouring characters swapped, from the end (`checkout` → `checkotu`),
 * keeping the value a valid label value; a value with no such swap gets a doubled last character.
 */
export function typoOf(value: string): string {
  for (let i = value.length - 2; i >= 0; i--) {
    if (value[i] === value[i + 1]) continue;
    const swapped = value.slice(0, i) + value[i + 1] + value[i] + value.slice(i + 2);
    if (!labelValueErrors(swapped).length) return swapped;
  }
  const doubled = value + (value.slice(-1) || 'x');
  return labelValueErrors(doubled).length ? `${value.slice(0, -1)}x` : doubled;
}

const selectorKey = (svc: Service, key: string | undefined): string | undefined => {
  const keys = Object.keys(svc.spec.selector ?? {}).sort();
  return key === undefined ? keys[0] : keys.includes(key) ? key : undefined;
};

const selectorText = (sel: Record<string, string> | undefined): string => Object.entries(sel ?? {}).map(([k, v]) => `${k}=${v}`).join(',');

export const serviceSelectorTypo: FaultType = {
  type: 'service-selector-typo',
  description: "Corrupt a Service's selector (a typo in one label value): it matches no pod, so it has no endpoints; revert restores the selector.",
  appliesTo: ['Service'],
  params: [
    { name: 'key', type: 'string', description: 'the selector label to corrupt (default: the first, alphabetically)' },
    { name: 'value', type: 'string', description: 'the wrong value (default: two neighbouring letters swapped)' },
  ],
  validateParams(params) {
    const v = params.value as string | undefined;
    const errs = v === undefined ? [] : labelValueErrors(v);
    return errs.length ? [`params.value: not a valid label value: ${errs.join('; ')}`] : [];
  },
  checkTargets(_sim, targets, params) {
    const problems: string[] = [];
    for (const t of targets) {
      const svc = t.object as Service;
      if (!Object.keys(svc.spec.selector ?? {}).length) problems.push(`target: ${t.ref} has no selector to corrupt (its endpoints are managed by hand)`);
      else if (!selectorKey(svc, params.key as string | undefined)) problems.push(`params.key: the selector of ${t.ref} has no label ${JSON.stringify(params.key)} (it has ${selectorText(svc.spec.selector)})`);
      else if (params.value !== undefined && svc.spec.selector![selectorKey(svc, params.key as string | undefined)!] === params.value) {
        problems.push(`params.value: ${JSON.stringify(params.value)} is the current value, not a typo`);
      }
    }
    return problems;
  },
  inject({ sim }, targets, params) {
    const changes: { target: ResolvedTarget; uid?: string; before: Record<string, string>; after: string }[] = [];
    for (const t of targets) {
      const svc = sim.store.get<Service>('Service', t.namespace, t.name);
      const key = selectorKey(svc, params.key as string | undefined)!;
      const before = svc.spec.selector!;
      const selector = { ...before, [key]: (params.value as string | undefined) ?? typoOf(before[key]!) };
      const updated = sim.store.update<Service>({ ...svc, spec: { ...svc.spec, selector } });
      changes.push({ target: t, uid: svc.metadata.uid, before, after: canonicalJson(updated.spec.selector) });
    }
    return () => {
      const notes: string[] = [];
      for (const ch of changes) {
        const svc = sim.store.tryGet<Service>('Service', ch.target.namespace, ch.target.name);
        if (!svc || svc.metadata.uid !== ch.uid) {
          notes.push(`${ch.target.ref} is gone; nothing to restore`);
          continue;
        }
        const now = canonicalJson(svc.spec.selector);
        if (now === ch.after) sim.store.update<Service>({ ...svc, spec: { ...svc.spec, selector: ch.before } });
        else if (now === canonicalJson(ch.before)) notes.push(`the selector of ${ch.target.ref} was already restored`);
        else notes.push(`the selector of ${ch.target.ref} was changed since the fault (now ${selectorText(svc.spec.selector)}); left as it is`);
      }
      return notes.join('; ') || undefined;
    };
  },
};

export const blockingQuota: FaultType = {
  type: 'blocking-quota',
  description: "Create a ResourceQuota in the workload's namespace capping pods at what runs now: scale-ups and surge pods fail (FailedCreate: exceeded quota); revert deletes it.",
  appliesTo: ['Deployment', 'StatefulSet'],
  params: [
    { name: 'quotaName', type: 'string', description: 'name of the ResourceQuota', default: 'compute-quota' },
    { name: 'headroom', type: 'number', description: 'extra pods allowed beyond those running now', default: 0 },
  ],
  validateParams(params) {
    const h = params.headroom as number;
    return Number.isInteger(h) && h >= 0 ? [] : [`params.headroom: must be a whole number of pods, 0 or more, got ${h}`];
  },
  checkTargets(sim, targets, params) {
    const problems: string[] = [];
    for (const ns of new Set(targets.map((t) => t.namespace!))) {
      if (sim.store.tryGet('ResourceQuota', ns, params.quotaName as string)) problems.push(`params.quotaName: ResourceQuota ${JSON.stringify(params.quotaName)} already exists in namespace ${JSON.stringify(ns)}`);
    }
    return problems;
  },
  inject({ sim }, targets, params) {
    const now = sim.now();
    const made: { namespace: string; uid?: string; spec: string }[] = [];
    for (const namespace of new Set(targets.map((t) => t.namespace!))) {
      const pods = sim.store.select<Pod>('Pod', { namespace }).filter((p) => podConsumesQuota(p, now)).length;
      const quota = sim.store.create<ResourceQuota>({
        apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: params.quotaName as string, namespace },
        spec: { hard: { pods: String(pods + (params.headroom as number)) } },
      });
      made.push({ namespace, uid: quota.metadata.uid, spec: canonicalJson(quota.spec) });
    }
    return () => {
      const notes: string[] = [];
      for (const m of made) {
        const name = params.quotaName as string;
        const quota = sim.store.tryGet<ResourceQuota>('ResourceQuota', m.namespace, name);
        if (!quota || quota.metadata.uid !== m.uid) notes.push(`ResourceQuota ${m.namespace}/${name} was already deleted`);
        else if (canonicalJson(quota.spec) !== m.spec) notes.push(`ResourceQuota ${m.namespace}/${name} was changed since the fault; left in place`);
        else sim.store.delete('ResourceQuota', m.namespace, name, { preconditions: { uid: m.uid } });
      }
      return notes.join('; ') || undefined;
    };
  },
};
