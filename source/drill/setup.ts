/** Building a drill's simulation from its setup: the Cluster (file or inline), the manifests, the seed. */
import type { Cluster } from '../api/kubedrill-kinds.js';
import { type LoadedObject, type ManifestDiagnostic, loadManifestPaths } from '../api/manifest.js';
import { defaultCatalog, loadSimulation } from '../cluster/load.js';
import { Simulation } from '../cluster/simulation.js';
import type { Drill } from './types.js';

/** A drill that cannot run: every problem, with file and line. */
export class DrillInvalidError extends Error {
  constructor(readonly diagnostics: ManifestDiagnostic[]) {
    super(diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}${d.line > 0 ? `:${d.line}` : ''}: ${d.message}`).join('\n') || 'invalid drill');
    this.name = 'DrillInvalidError';
  }
}

/**
 * Build the simulation and apply the manifests at t=0. `seed` (the command line's) wins over the drill's
 * `setup.seed`, which wins over the Cluster's own. Throws DrillInvalidError when anything fails to load or apply.
 */
export function buildSimulation(drill: Drill, opts: { seed?: number; freeze?: boolean } = {}): Simulation {
  const seed = opts.seed ?? drill.setup.seed;
  const c = drill.setup.cluster;
  let sim: Simulation | undefined;
  const diagnostics: ManifestDiagnostic[] = [];
  if ('file' in c) {
    const loaded = loadSimulation({ clusterFile: c.file, manifests: drill.setup.manifests, seed, freeze: opts.freeze });
    diagnostics.push(...loaded.diagnostics);
    sim = loaded.sim;
  } else {
    const manifests = drill.setup.manifests.length ? loadManifestPaths(drill.setup.manifests) : { objects: [] as LoadedObject[], diagnostics: [] };
    diagnostics.push(...manifests.diagnostics);
    try {
      sim = new Simulation({ cluster: c.inline as Cluster, catalog: defaultCatalog(), seed, freeze: opts.freeze });
      const objects = manifests.objects.filter((o) => o.object.kind !== 'Cluster' && o.object.kind !== 'ImageCatalog');
      for (const outcome of sim.apply(objects)) if (outcome.diagnostic) diagnostics.push(outcome.diagnostic);
    } catch (err) {
      diagnostics.push({ severity: 'error', file: drill.file, line: c.line, message: (err as Error).message });
      sim = undefined;
    }
  }
  if (!sim || diagnostics.some((d) => d.severity === 'error')) throw new DrillInvalidError(diagnostics);
  return sim;
}
