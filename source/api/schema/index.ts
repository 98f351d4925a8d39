/** Structural schemas of every kind: strict field checks for the loader, OpenAPI and explain for the HTTP API. */
export type { FieldType, ObjectType, ScalarType, Definition } from './dsl.js';
export { schemaFor, definition, definitionNames, qualifiedDefinitionName } from './registry.js';
export { type SchemaIssue, MAX_SCHEMA_ISSUES, checkSchema } from './check.js';
export { type ExplainResult, explainField } from './explain.js';
export { toOpenApiV3Schema, openApiV3Document, openApiV2Document } from './openapi.js';
