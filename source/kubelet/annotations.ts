/**
 * Per-workload behaviour overrides: `sim.kubedrill.io/<setting>` on a pod (template) applies to every container,
 * `sim.kubedrill.io/<container>.<setting>` to one container and wins over the pod-wide value. A value that does
 * not parse is ignored (the profile default stays) and reported, so the kubelet can put a Warning event on the pod.
 */
import { type FieldSpec, PROFILE_FIELDS } from './profile-values.js';
import type { WorkloadProfile } from './profiles.js';

/** The annotation prefix of simulator behaviour settings. */
export const SIM_PREFIX = 'sim.kubedrill.io/';

/** One annotation that could not be used, and why. */
export interface AnnotationProblem {
  annotation: string;
  message: string;
}

const byAnnotation = new Map(PROFILE_FIELDS.map((f) => [f.annotation, f] as const));

/** Split `crash-after` or `app.crash-after` into container and setting; undefined container = pod-wide. */
function splitKey(key: string): { container?: string; setting: string } {
  const rest = key.slice(SIM_PREFIX.length);
  if (byAnnotation.has(rest)) return { setting: rest };
  const dot = rest.lastIndexOf('.');
  if (dot > 0) return { container: rest.slice(0, dot), setting: rest.slice(dot + 1) };
  return { setting: rest };
}

function tryParse(spec: FieldSpec, value: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: spec.parse(value) };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

/** The profile for one container with the pod's annotations applied. Invalid values are skipped (see simAnnotationProblems). */
export function applySimAnnotations(base: WorkloadProfile, annotations: Record<string, string> | undefined, containerName?: string): { profile: WorkloadProfile; applied: number } {
  if (!annotations) return { profile: base, applied: 0 };
  let podWide: Record<string, unknown> | undefined;
  let perContainer: Record<string, unknown> | undefined;
  for (const key in annotations) {
    if (!key.startsWith(SIM_PREFIX)) continue;
    const { container, setting } = splitKey(key);
    const spec = byAnnotation.get(setting);
    if (!spec || (container !== undefined && container !== containerName)) continue;
    const parsed = tryParse(spec, String(annotations[key]));
    if (!parsed.ok) continue;
    if (container === undefined) (podWide ??= {})[spec.field] = parsed.value;
    else (perContainer ??= {})[spec.field] = parsed.value;
  }
  if (!podWide && !perContainer) return { profile: base, applied: 0 };
  const profile = { ...base, ...podWide, ...perContainer } as WorkloadProfile;
  return { profile, applied: Object.keys(podWide ?? {}).length + Object.keys(perContainer ?? {}).length };
}

/** Every `sim.kubedrill.io/*` annotation on a pod that will be ignored, with the reason (unknown setting, bad value, no such container). */
export function simAnnotationProblems(annotations: Record<string, string> | undefined, containerNames: readonly string[]): AnnotationProblem[] {
  const problems: AnnotationProblem[] = [];
  if (!annotations) return problems;
  for (const key in annotations) {
    if (!key.startsWith(SIM_PREFIX)) continue;
    const { container, setting } = splitKey(key);
    const spec = byAnnotation.get(setting);
    if (!spec) {
      problems.push({ annotation: key, message: `unknown setting "${setting}" (known: ${PROFILE_FIELDS.map((f) => f.annotation).join(', ')})` });
      continue;
    }
    if (container !== undefined && !containerNames.includes(container)) {
      problems.push({ annotation: key, message: `the pod has no container named "${container}"` });
      continue;
    }
    const parsed = tryParse(spec, String(annotations[key]));
    if (!parsed.ok) problems.push({ annotation: key, message: `${parsed.error}; the profile default is used` });
  }
  return problems;
}
