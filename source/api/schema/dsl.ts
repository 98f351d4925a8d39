/** The schema DSL: a compact tree of field types mirroring upstream's OpenAPI shapes, readable as a field list. */

/** Leaf types. `time` is an RFC 3339 string; `any` is free-form (RawExtension, fieldsV1, volume sources we do not model). */
export type ScalarType = 'string' | 'int32' | 'int64' | 'number' | 'boolean' | 'quantity' | 'intOrString' | 'time' | 'any';

/** Attributes a field carries in its parent: upstream's property description and whether it is required. */
interface FieldAttributes {
  readonly description?: string;
  readonly required?: boolean;
}

/** One node of a schema: a scalar, an object with known fields, an array, a string-keyed map, or a reference to a named definition. */
export type FieldType =
  | (FieldAttributes & { readonly type: ScalarType })
  | (FieldAttributes & { readonly type: 'object'; readonly fields: Readonly<Record<string, FieldType>> })
  | (FieldAttributes & { readonly type: 'array'; readonly items: FieldType })
  | (FieldAttributes & { readonly type: 'map'; readonly values: FieldType })
  | (FieldAttributes & { readonly type: 'ref'; readonly name: string });

/** An object node. */
export type ObjectType = Extract<FieldType, { type: 'object' }>;

/** A named, shared definition (upstream's `io.k8s.api.core.v1.PodSpec`): package, type description and object schema. */
export interface Definition {
  readonly pkg: string;
  readonly description: string;
  readonly schema: ObjectType;
}

export const str: FieldType = { type: 'string' };
export const int: FieldType = { type: 'int32' };
export const int64: FieldType = { type: 'int64' };
export const num: FieldType = { type: 'number' };
export const bool: FieldType = { type: 'boolean' };
export const quantity: FieldType = { type: 'quantity' };
export const intOrString: FieldType = { type: 'intOrString' };
export const time: FieldType = { type: 'time' };
export const any: FieldType = { type: 'any' };

/** An object with exactly these fields. Fields are copied onto a null-prototype record so `constructor` is never a field. */
export function obj(fields: Record<string, FieldType>): ObjectType {
  const own: Record<string, FieldType> = Object.create(null) as Record<string, FieldType>;
  for (const name of Object.keys(fields)) own[name] = fields[name]!;
  return { type: 'object', fields: own };
}

/** A list of `items`. */
export function arr(items: FieldType): FieldType {
  return { type: 'array', items };
}

/** A map from string keys to `values` (labels, resource lists, ConfigMap data). */
export function map(values: FieldType): FieldType {
  return { type: 'map', values };
}

/** A reference to a definition by its short name (`PodSpec`), resolved lazily so definitions may refer to each other in any order. */
export function ref(name: string): FieldType {
  return { type: 'ref', name };
}

/** The same type with a one-line description, shown by `kubectl explain`. */
export function doc(type: FieldType, description: string): FieldType {
  return { ...type, description };
}

/** The same type marked required (shown as `-required-` by explain; enforcing it is validation's job). */
export function req(type: FieldType, description?: string): FieldType {
  return description === undefined ? { ...type, required: true } : { ...type, description, required: true };
}

/** A named definition in an upstream package. */
export function def(pkg: string, description: string, schema: ObjectType): Definition {
  return { pkg, description, schema };
}

/** Upstream package names, used for OpenAPI definition names. */
export const PKG = {
  meta: 'io.k8s.apimachinery.pkg.apis.meta.v1',
  core: 'io.k8s.api.core.v1',
  apps: 'io.k8s.api.apps.v1',
  batch: 'io.k8s.api.batch.v1',
  autoscaling: 'io.k8s.api.autoscaling.v2',
  policy: 'io.k8s.api.policy.v1',
  storage: 'io.k8s.api.storage.v1',
  coordination: 'io.k8s.api.coordination.v1',
  discovery: 'io.k8s.api.discovery.v1',
  scheduling: 'io.k8s.api.scheduling.v1',
  rbac: 'io.k8s.api.rbac.v1',
  kubedrill: 'io.kubedrill.v1',
} as const;

const CONVENTIONS = 'https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md';

/** Upstream's descriptions of the fields every kind has. */
export const COMMON_DOC = {
  apiVersion: `APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: ${CONVENTIONS}#resources`,
  kind: `Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: ${CONVENTIONS}#types-kinds`,
  metadata: `Standard object's metadata. More info: ${CONVENTIONS}#metadata`,
} as const;

/** The top-level object of a kind: apiVersion, kind and metadata, then the kind's own fields. */
export function kindObject(fields: Record<string, FieldType>): ObjectType {
  return obj({
    apiVersion: doc(str, COMMON_DOC.apiVersion),
    kind: doc(str, COMMON_DOC.kind),
    metadata: doc(ref('ObjectMeta'), COMMON_DOC.metadata),
    ...fields,
  });
}

/** Upstream's `spec` description for a kind. */
export function specDoc(kind: string): string {
  return `Specification of the desired behavior of the ${kind}. More info: ${CONVENTIONS}#spec-and-status`;
}

/** Upstream's `status` description for a kind. */
export function statusDoc(kind: string): string {
  return `Most recently observed status of the ${kind}. Populated by the system. Read-only. More info: ${CONVENTIONS}#spec-and-status`;
}
