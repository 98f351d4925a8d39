/** The admission chain every store gets by default: upstream defaulting, validation and the built-in pod plugins. */
import type { Pod, Toleration } from '../api/core.js';
import type { PriorityClass } from '../api/cluster-kinds.js';
import { applyDefaults } from '../api/defaults/index.js';
import { ApiError } from '../api/errors.js';
import { validateObject } from '../api/validation/index.js';
import type { AdmissionPlugin } from './admission.js';

/** Defaulting then validation, as the API server's registry strategies do for every kind. */
export const defaultingAndValidation: AdmissionPlugin = {
  name: 'DefaultingAndValidation',
  mutate: (obj) => applyDefaults(obj),
  validate: (obj, _op, old) => validateObject(obj, old),
};

/** DefaultTolerationSeconds: every pod tolerates not-ready/unreachable NoExecute for 300 s unless it says otherwise. */
export function defaultTolerationSeconds(seconds = 300): AdmissionPlugin {
  return {
    name: 'DefaultTolerationSeconds',
    mutate(obj, op) {
      if (obj.kind !== 'Pod' || op !== 'CREATE' || typeof obj.spec !== 'object' || obj.spec === null) return; // validation answers a bad spec
      const pod = obj as Pod;
      const tolerations: Toleration[] = Array.isArray(pod.spec?.tolerations) ? pod.spec.tolerations : [];
      for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
        const has = tolerations.some((t) => (t.key === key || (!t.key && t.operator === 'Exists')) && (!t.effect || t.effect === 'NoExecute'));
        if (!has) tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds });
      }
      if (pod.spec) pod.spec.tolerations = tolerations;
    },
  };
}

/** Priority: resolve priorityClassName (or the global default class) into spec.priority, as upstream's Priority plugin. */
export const priorityAdmission: AdmissionPlugin = {
  name: 'Priority',
  mutate(obj, op, _old, store) {
    if (obj.kind !== 'Pod' || op !== 'CREATE' || typeof obj.spec !== 'object' || obj.spec === null) return;
    const spec = (obj as Pod).spec;
    const builtIn: Record<string, number> = { 'system-cluster-critical': 2_000_000_000, 'system-node-critical': 2_000_001_000 };
    if (spec.priorityClassName) {
      const pc = store.tryGet<PriorityClass>('PriorityClass', undefined, spec.priorityClassName);
      const value = pc?.value ?? builtIn[spec.priorityClassName];
      if (value === undefined) throw new ApiError('Forbidden', `pods "${obj.metadata.name ?? ''}" is forbidden: no PriorityClass with name ${spec.priorityClassName} was found`);
      spec.priority = value;
      spec.preemptionPolicy ??= pc?.preemptionPolicy ?? 'PreemptLowerPriority';
    } else {
      const global = store.select<PriorityClass>('PriorityClass').find((pc) => pc.globalDefault);
      if (global) {
        spec.priorityClassName = global.metadata.name;
        spec.priority = global.value;
      } else spec.priority ??= 0;
    }
  },
};

/** The default chain, in the API server's order: mutating plugins, then defaulting + validation. */
export function defaultAdmission(): AdmissionPlugin[] {
  return [priorityAdmission, defaultTolerationSeconds(), defaultingAndValidation];
}
