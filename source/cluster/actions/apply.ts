/** `kubectl apply -f PATH`: create what is missing, patch what exists (three-way with last-applied), kubectl's output lines. */
import { ApiError } from '../../api/errors.js';
import { type LoadedObject, formatDiagnostic, loadManifestPaths } from '../../api/manifest.js';
import type { KubeObject } from '../../api/meta.js';
import { deepClone } from '../../store/clone.js';
import { applyOrder } from '../bootstrap.js';
import type { Simulation } from '../simulation.js';
import { resourceName } from './names.js';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Keys present in `before` but gone from `after` become nulls, so the patch removes what the user deleted from the file. */
function removals(before: unknown, after: unknown): unknown {
  if (!isMap(before) || !isMap(after)) return after;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(after)) out[k] = isMap(v) && isMap(before[k]) ? removals(before[k], v) : v;
  for (const k of Object.keys(before)) if (!(k in after)) out[k] = null;
  return out;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Apply one object; returns kubectl's line (`deployment.apps/web created|configured|unchanged`). Throws ApiError. */
export function applyObject(sim: Simulation, object: KubeObject): string {
  const name = object.metadata?.name ?? '';
  const applied = deepClone(object);
  applied.metadata = { ...applied.metadata, annotations: { ...applied.metadata?.annotations } };
  delete applied.metadata.annotations![LAST_APPLIED];
  const lastApplied = JSON.stringify(applied);
  const withAnnotation = deepClone(applied);
  withAnnotation.metadata.annotations![LAST_APPLIED] = lastApplied;
  const live = name ? sim.store.tryGet(object.kind, object.metadata?.namespace ?? 'default', name) : undefined;
  if (!live) {
    sim.store.create(withAnnotation);
    return `${resourceName(object.kind, name)} created`;
  }
  let previous: unknown = {};
  try {
    previous = JSON.parse(live.metadata.annotations?.[LAST_APPLIED] ?? '{}');
  } catch {
    previous = {};
  }
  const patch = removals(previous, withAnnotation) as Record<string, unknown>;
  delete patch.status;
  const after = sim.store.patch(object.kind, live.metadata.namespace, name, 'strategic', patch);
  return `${resourceName(object.kind, name)} ${after === live ? 'unchanged' : 'configured'}`;
}

/** Apply files/directories; errors are reported like kubectl's (`Error from server (Invalid): error when creating "f": ...`). */
export function applyPath(sim: Simulation, path: string): { ok: boolean; message: string; lines: string[] } {
  const loaded = loadManifestPaths([path]);
  const lines: string[] = [];
  let ok = true;
  for (const d of loaded.diagnostics) {
    lines.push(formatDiagnostic(d));
    if (d.severity === 'error') ok = false;
  }
  const ordered: LoadedObject[] = loaded.objects
    .filter((o) => o.object.kind !== 'Cluster' && o.object.kind !== 'ImageCatalog')
    .map((o, i) => ({ o, i }))
    .sort((a, b) => applyOrder(a.o.object.kind) - applyOrder(b.o.object.kind) || a.i - b.i)
    .map(({ o }) => o);
  for (const { object, source } of ordered) {
    try {
      lines.push(applyObject(sim, object));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      ok = false;
      lines.push(`Error from server (${err.reason}): error when applying "${source.file}" (line ${source.line}): ${err.message}`);
    }
  }
  if (!loaded.objects.length && ok) {
    ok = false;
    lines.push(`error: no objects passed to apply`);
  }
  return { ok, message: lines.length === 1 ? lines[0]! : `${ordered.length} object(s) applied from ${path}${ok ? '' : ' (with errors)'}`, lines };
}
