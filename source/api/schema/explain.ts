/** `kubectl explain` over the schema: a field's description, type name and sub-fields. */
import type { FieldType } from './dsl.js';
import { definition, resolveRef, schemaKindInfo } from './registry.js';

/** What explain prints for one field: description, type (`integer`, `[]Container`, `map[string]Quantity`) and sub-fields. */
export interface ExplainResult {
  description?: string;
  type: string;
  fields?: { name: string; type: string; required?: boolean }[];
}

/** Explain `path` (e.g. ['spec', 'replicas']) in `kind`; arrays are walked through as kubectl does. Undefined for an unknown kind or field. */
export function explainField(kind: string, path: string[]): ExplainResult | undefined {
  const info = schemaKindInfo(kind);
  if (!info || !definition(info.kind)) return undefined;
  let node: FieldType = { type: 'ref', name: info.kind };
  for (const segment of path) {
    const parent = objectBehind(node);
    if (!parent || !Object.hasOwn(parent.fields, segment)) return undefined;
    node = parent.fields[segment]!;
  }
  const result: ExplainResult = { type: typeName(node) };
  const description = describe(node);
  if (description) result.description = description;
  const target = objectBehind(node);
  if (target) {
    result.fields = Object.keys(target.fields).sort().map((name) => {
      const field = target.fields[name]!;
      return field.required ? { name, type: typeName(field), required: true } : { name, type: typeName(field) };
    });
  }
  return result;
}

/** kubectl's type name for a node. */
export function typeName(node: FieldType): string {
  switch (node.type) {
    case 'string': case 'time': return 'string';
    case 'int32': case 'int64': return 'integer';
    case 'number': return 'number';
    case 'boolean': return 'boolean';
    case 'quantity': return 'Quantity';
    case 'intOrString': return 'IntOrString';
    case 'any': case 'object': return 'Object';
    case 'array': return `[]${typeName(node.items)}`;
    case 'map': return `map[string]${typeName(node.values)}`;
    case 'ref': return node.name;
  }
}

/** The object a node shows fields of, looking through arrays and refs (not maps: their keys are data). */
function objectBehind(node: FieldType): Extract<FieldType, { type: 'object' }> | undefined {
  let current: FieldType | undefined = node;
  while (current && (current.type === 'array' || current.type === 'ref')) {
    current = current.type === 'array' ? current.items : resolveRef(current);
  }
  return current?.type === 'object' ? current : undefined;
}

/** The field's own description, then its type's (as kubectl prints both). */
function describe(node: FieldType): string | undefined {
  let inner: FieldType = node;
  while (inner.type === 'array') inner = inner.items;
  const typeDescription = inner.type === 'ref' ? definition(inner.name)?.description : undefined;
  const parts = [node.description, typeDescription].filter((part): part is string => Boolean(part));
  return parts.length ? parts.join('\n') : undefined;
}
