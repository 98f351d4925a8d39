/** The schema registry: every named definition by short name, and the top-level schema of each kind. */
import { type KindInfo, kindInfo, resolveResource } from '../kinds.js';
import type { Definition, FieldType, ObjectType } from './dsl.js';
import { metaDefinitions } from './defs-meta.js';
import { containerDefinitions } from './defs-container.js';
import { podDefinitions } from './defs-pod.js';
import { volumeDefinitions } from './defs-volume.js';
import { coreKindDefinitions } from './defs-core-kinds.js';
import { workloadDefinitions } from './defs-workloads.js';
import { clusterKindDefinitions } from './defs-cluster-kinds.js';
import { vpaDefinitions } from './defs-vpa.js';

const DEFINITIONS = new Map<string, Definition>();
for (const group of [
  metaDefinitions, containerDefinitions, podDefinitions, volumeDefinitions, coreKindDefinitions, workloadDefinitions,
  clusterKindDefinitions, vpaDefinitions,
]) {
  for (const [name, definition] of Object.entries(group)) {
    // Short names are how refs find definitions, so a clash would silently swap schemas.
    if (DEFINITIONS.has(name)) throw new Error(`schema definition "${name}" is defined twice`);
    DEFINITIONS.set(name, definition);
  }
}

/** A definition by short name (`PodSpec`), or undefined. */
export function definition(name: string): Definition | undefined {
  return DEFINITIONS.get(name);
}

/** Every definition's short name, in registration order. */
export function definitionNames(): string[] {
  return [...DEFINITIONS.keys()];
}

/** Upstream's full definition name, e.g. `io.k8s.api.apps.v1.Deployment`. */
export function qualifiedDefinitionName(name: string): string {
  const found = DEFINITIONS.get(name);
  return found ? `${found.pkg}.${name}` : name;
}

/** The node a ref points at (following ref chains), or the node itself; undefined for a dangling ref. */
export function resolveRef(type: FieldType): FieldType | undefined {
  let node: FieldType | undefined = type;
  for (let hops = 0; node && node.type === 'ref'; hops++) {
    if (hops > 16) return undefined; // a ref cycle is a schema bug; refuse rather than loop
    node = DEFINITIONS.get(node.name)?.schema;
  }
  return node;
}

/** Kind info for a Kind name (`Deployment`) or, failing that, a resource name kubectl accepts (`deploy`). */
export function schemaKindInfo(kind: string): KindInfo | undefined {
  return kindInfo(kind) ?? resolveResource(kind);
}

/** The top-level object schema of a kind (apiVersion, kind, metadata, spec, status, data...), or undefined for a kind the simulator cannot hold. */
export function schemaFor(kind: string): ObjectType | undefined {
  const info = schemaKindInfo(kind);
  return info ? DEFINITIONS.get(info.kind)?.schema : undefined;
}
