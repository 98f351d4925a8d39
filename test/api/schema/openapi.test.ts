import { describe, expect, it } from 'vitest';
import { KINDS } from '../../../source/api/kinds.js';
import { openApiV2Document, openApiV3Document, toOpenApiV3Schema } from '../../../source/api/schema/index.js';

type Schema = Record<string, any>; // any: walking arbitrary JSON schema in assertions

function refs(node: unknown, into: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) refs(item, into);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') into.push(value);
      else refs(value, into);
    }
  }
  return into;
}

describe('toOpenApiV3Schema', () => {
  const deployment = toOpenApiV3Schema('Deployment') as Schema;

  it('tags the kind with its group-version-kind', () => {
    expect(deployment['x-kubernetes-group-version-kind']).toEqual([{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
    expect((toOpenApiV3Schema('Pod') as Schema)['x-kubernetes-group-version-kind']).toEqual([{ group: '', kind: 'Pod', version: 'v1' }]);
  });

  it('renders integers, int-or-string, quantities, maps and date-times', () => {
    const spec = deployment.properties.spec;
    expect(spec.properties.replicas).toEqual({
      type: 'integer', format: 'int32',
      description: 'Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1.',
    });
    expect(spec.properties.strategy.properties.rollingUpdate.properties.maxSurge['x-kubernetes-int-or-string']).toBe(true);
    expect(deployment.properties.metadata.properties.creationTimestamp).toMatchObject({ type: 'string', format: 'date-time' });
    expect(deployment.properties.metadata.properties.generation).toMatchObject({ type: 'integer', format: 'int64' });
    const container = spec.properties.template.properties.spec.properties.containers.items;
    expect(container.required).toEqual(['name']);
    expect(container.properties.resources.properties.limits.additionalProperties).toEqual({ oneOf: [{ type: 'string' }, { type: 'number' }] });
    expect(spec.required).toEqual(['selector', 'template']);
  });

  it('is plain JSON without $refs, for every kind', () => {
    for (const info of KINDS) {
      const schema = toOpenApiV3Schema(info.kind);
      expect(refs(schema), info.kind).toEqual([]);
      expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
    }
    expect(toOpenApiV3Schema('Widget')).toEqual({});
  });
});

describe('OpenAPI documents', () => {
  it('v3: a group-version document holds its kinds (with GVK) and every schema they reference', () => {
    const doc = openApiV3Document('apps/v1') as Schema;
    const schemas = doc.components.schemas as Schema;
    expect(schemas['io.k8s.api.apps.v1.Deployment']['x-kubernetes-group-version-kind']).toEqual([{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
    expect(schemas['io.k8s.api.apps.v1.Deployment'].properties.spec).toEqual({
      allOf: [{ $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec' }],
      description: expect.stringMatching(/^Specification of the desired behavior of the Deployment\./),
    });
    expect(schemas['io.k8s.api.core.v1.PodSpec']).toBeDefined();
    expect(schemas['io.k8s.api.core.v1.Pod']).toBeUndefined(); // not reachable from apps/v1 kinds
    for (const ref of refs(doc)) expect(schemas[ref.replace('#/components/schemas/', '')], ref).toBeDefined();
  });

  it('v2: definitions for every kind, refs resolvable, int-or-string in Swagger form', () => {
    const doc = openApiV2Document() as Schema;
    const definitions = doc.definitions as Schema;
    expect(doc.swagger).toBe('2.0');
    for (const ref of refs(doc)) expect(definitions[ref.replace('#/definitions/', '')], ref).toBeDefined();
    expect(definitions['io.k8s.apimachinery.pkg.util.intstr.IntOrString']).toMatchObject({ type: 'string', format: 'int-or-string' });
    expect(definitions['io.kubedrill.v1.Cluster']['x-kubernetes-group-version-kind']).toEqual([{ group: 'kubedrill.io', kind: 'Cluster', version: 'v1' }]);
    expect(definitions['io.k8s.api.apps.v1.DeploymentSpec'].properties.replicas.format).toBe('int32');
  });
});

describe('toOpenApiV3Schema caching', () => {
  it('hands out one frozen schema per kind', () => {
    const first = toOpenApiV3Schema('Service') as Schema;
    expect(toOpenApiV3Schema('svc')).toBe(first);
    expect(Object.isFrozen(first.properties.spec.properties)).toBe(true);
  });
});
