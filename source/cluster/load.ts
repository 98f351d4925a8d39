/** Building a Simulation from files: a Cluster definition, manifests, and the image behaviour catalogue. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Cluster } from '../api/kubedrill-kinds.js';
import { type LoadedObject, type ManifestDiagnostic, loadManifestPaths } from '../api/manifest.js';
import { type ProfileCatalog, parseProfileCatalog } from '../kubelet/profiles.js';
import { Simulation } from './simulation.js';

/** The package root (works from source/ under tsx and from dist/ when compiled). */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEMO_CLUSTER = path.join(PACKAGE_ROOT, 'fixtures', 'clusters', 'demo.yaml');
export const DEMO_APP = path.join(PACKAGE_ROOT, 'fixtures', 'apps', 'zeus-zap.yaml');
export const IMAGE_CATALOG = path.join(PACKAGE_ROOT, 'fixtures', 'images.yaml');

let catalog: ProfileCatalog | undefined;

/** The image behaviour catalogue shipped in fixtures/images.yaml (parsed once). */
export function defaultCatalog(): ProfileCatalog {
  catalog ??= parseProfileCatalog(readFileSync(IMAGE_CATALOG, 'utf8'), path.relative(process.cwd(), IMAGE_CATALOG) || IMAGE_CATALOG);
  return catalog;
}

export interface SimulationInputs {
  clusterFile: string;
  manifests: string[];
  seed?: number;
  freeze?: boolean;
}

export interface LoadedSimulation {
  sim?: Simulation;
  /** Every problem found, with file and line; errors mean `sim` is undefined or some objects were not applied. */
  diagnostics: ManifestDiagnostic[];
}

/** Load the cluster definition and manifests, build the simulation, and apply the manifests at t=0. */
export function loadSimulation(inputs: SimulationInputs): LoadedSimulation {
  const clusterLoad = loadManifestPaths([inputs.clusterFile]);
  const diagnostics = [...clusterLoad.diagnostics];
  const clusters = clusterLoad.objects.filter((o) => o.object.kind === 'Cluster');
  if (clusters.length !== 1) {
    diagnostics.push({ severity: 'error', file: inputs.clusterFile, line: 1, message: `expected exactly one kind: Cluster (kubedrill.io/v1) object, found ${clusters.length}` });
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  const manifests = inputs.manifests.length ? loadManifestPaths(inputs.manifests) : { objects: [] as LoadedObject[], diagnostics: [] };
  diagnostics.push(...manifests.diagnostics);
  let sim: Simulation;
  try {
    sim = new Simulation({ cluster: clusters[0]!.object as Cluster, catalog: defaultCatalog(), seed: inputs.seed, freeze: inputs.freeze });
  } catch (err) {
    diagnostics.push({ severity: 'error', file: inputs.clusterFile, line: clusters[0]!.source.line, message: (err as Error).message });
    return { diagnostics };
  }
  // Simulation definitions are not cluster contents.
  const toApply = manifests.objects.filter((o) => o.object.kind !== 'Cluster' && o.object.kind !== 'ImageCatalog');
  for (const outcome of sim.apply(toApply)) if (outcome.diagnostic) diagnostics.push(outcome.diagnostic);
  return { sim, diagnostics };
}
