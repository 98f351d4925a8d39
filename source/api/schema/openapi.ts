/** OpenAPI renderings of the schema: inline JSON schema per kind, and /openapi/v3 and /openapi/v2 documents with named definitions. */
import { KINDS } from '../kinds.js';
import type { FieldType } from './dsl.js';
import { definition, qualifiedDefinitionName, resolveRef, schemaKindInfo } from './registry.js';

type JsonSchema = Record<string, unknown>;

/** How refs and the apimachinery scalars are written: expanded in place, or as `$ref`s into a document's definitions. */
type Style = { readonly mode: 'inline' } | { readonly mode: 'v3' | 'v2'; readonly prefix: string };

const INLINE: Style = { mode: 'inline' };
const V3: Style = { mode: 'v3', prefix: '#/components/schemas/' };
const V2: Style = { mode: 'v2', prefix: '#/definitions/' };

// The apimachinery types upstream publishes as named definitions.
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const TIME = 'io.k8s.apimachinery.pkg.apis.meta.v1.Time';

const inlineCache = new Map<string, JsonSchema>();

/** The kind's top-level schema as JSON schema with every definition expanded in place, tagged with its group-version-kind. Shared and frozen. */
export function toOpenApiV3Schema(kind: string): object {
  const info = schemaKindInfo(kind);
  if (!info || !definition(info.kind)) return {};
  let cached = inlineCache.get(info.kind);
  if (!cached) {
    cached = deepFreeze({ ...render({ type: 'ref', name: info.kind }, INLINE), 'x-kubernetes-group-version-kind': [gvk(info.kind)] });
    inlineCache.set(info.kind, cached);
  }
  return cached;
}

/** An /openapi/v3 group-version document (`apps/v1`, `v1`): components.schemas for its kinds and everything they reference. Paths are left to the HTTP layer. */
export function openApiV3Document(groupVersion: string): object {
  const schemas: JsonSchema = { ...apimachineryScalars('v3') };
  for (const name of reachableDefinitions(kindsIn(groupVersion))) schemas[qualifiedDefinitionName(name)] = renderDefinition(name, V3);
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'unversioned' }, paths: {}, components: { schemas } };
}

/** The /openapi/v2 (Swagger 2.0) document: definitions for every kind and everything they reference. */
export function openApiV2Document(): object {
  const definitions: JsonSchema = { ...apimachineryScalars('v2') };
  for (const name of reachableDefinitions(KINDS.map((info) => info.kind))) {
    definitions[qualifiedDefinitionName(name)] = renderDefinition(name, V2);
  }
  return { swagger: '2.0', info: { title: 'Kubernetes', version: 'unversioned' }, paths: {}, definitions };
}

// The cached schema is handed to every caller; freezing keeps one caller's edit from leaking into another's response.
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function kindsIn(groupVersion: string): string[] {
  return KINDS.filter((info) => info.apiVersion === groupVersion).map((info) => info.kind);
}

function gvk(kind: string): { group: string; kind: string; version: string } {
  const info = schemaKindInfo(kind)!;
  return { group: info.group, kind: info.kind, version: info.version };
}

function renderDefinition(name: string, style: Style): JsonSchema {
  const found = definition(name)!;
  const schema: JsonSchema = { description: found.description, ...render(found.schema, style) };
  if (KINDS.some((info) => info.kind === name)) schema['x-kubernetes-group-version-kind'] = [gvk(name)];
  return schema;
}

/** Definition names reachable from `roots`, roots first, each once. */
function reachableDefinitions(roots: string[]): string[] {
  const seen = new Set<string>();
  const pending = [...roots];
  while (pending.length) {
    const name = pending.shift()!;
    const found = definition(name);
    if (seen.has(name) || !found) continue;
    seen.add(name);
    collectRefs(found.schema, pending);
  }
  return [...seen];
}

function collectRefs(node: FieldType, into: string[]): void {
  switch (node.type) {
    case 'ref': into.push(node.name); return;
    case 'array': collectRefs(node.items, into); return;
    case 'map': collectRefs(node.values, into); return;
    case 'object': for (const field of Object.values(node.fields)) collectRefs(field, into); return;
    default: return;
  }
}

function render(node: FieldType, style: Style): JsonSchema {
  const schema = renderType(node, style);
  if (node.description) {
    // v3 cannot put a description beside $ref; upstream wraps the ref in allOf.
    if (style.mode === 'v3' && '$ref' in schema) return { allOf: [schema], description: node.description };
    return { ...schema, description: node.description };
  }
  return schema;
}

function renderType(node: FieldType, style: Style): JsonSchema {
  const named = (name: string): JsonSchema | undefined => style.mode === 'inline' ? undefined : { $ref: style.prefix + name };
  switch (node.type) {
    case 'string': return { type: 'string' };
    case 'int32': return { type: 'integer', format: 'int32' };
    case 'int64': return { type: 'integer', format: 'int64' };
    case 'number': return { type: 'number', format: 'double' };
    case 'boolean': return { type: 'boolean' };
    case 'any': return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    case 'quantity': return named(QUANTITY) ?? { oneOf: [{ type: 'string' }, { type: 'number' }] };
    case 'intOrString': return named(INT_OR_STRING) ?? { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] };
    case 'time': return named(TIME) ?? { type: 'string', format: 'date-time' };
    case 'array': return { type: 'array', items: render(node.items, style) };
    case 'map': return { type: 'object', additionalProperties: render(node.values, style) };
    case 'object': {
      const properties: JsonSchema = {};
      const required: string[] = [];
      for (const name of Object.keys(node.fields)) {
        const field = node.fields[name]!;
        properties[name] = render(field, style);
        if (field.required) required.push(name);
      }
      return required.length ? { type: 'object', properties, required } : { type: 'object', properties };
    }
    case 'ref': {
      if (style.mode !== 'inline') return { $ref: style.prefix + qualifiedDefinitionName(node.name) };
      const target = resolveRef(node);
      if (!target) return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
      const typeDescription = definition(node.name)?.description;
      const expanded = render(target, style);
      return typeDescription ? { description: typeDescription, ...expanded } : expanded;
    }
  }
}

function apimachineryScalars(mode: 'v3' | 'v2'): JsonSchema {
  return {
    [QUANTITY]: mode === 'v3'
      ? { description: 'Quantity is a fixed-point representation of a number, e.g. "500m", "1Gi", or a plain JSON number.', oneOf: [{ type: 'string' }, { type: 'number' }] }
      : { description: 'Quantity is a fixed-point representation of a number, e.g. "500m", "1Gi".', type: 'string' },
    [INT_OR_STRING]: mode === 'v3'
      ? { description: 'IntOrString is a type that can hold an int32 or a string.', 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] }
      : { description: 'IntOrString is a type that can hold an int32 or a string.', type: 'string', format: 'int-or-string' },
    [TIME]: { description: 'Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON.', type: 'string', format: 'date-time' },
  };
}
