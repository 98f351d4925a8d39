import { describe, expect, it } from 'vitest';
import { KINDS } from '../../../source/api/kinds.js';
import type { FieldType } from '../../../source/api/schema/dsl.js';
import { obj, str } from '../../../source/api/schema/dsl.js';
import { definition, definitionNames, qualifiedDefinitionName, schemaFor } from '../../../source/api/schema/index.js';

function refsIn(node: FieldType, into: string[] = []): string[] {
  if (node.type === 'ref') into.push(node.name);
  else if (node.type === 'array') refsIn(node.items, into);
  else if (node.type === 'map') refsIn(node.values, into);
  else if (node.type === 'object') for (const field of Object.values(node.fields)) refsIn(field, into);
  return into;
}

describe('schema registry', () => {
  it('has a top-level schema for every registered kind, with apiVersion, kind and metadata', () => {
    for (const info of KINDS) {
      const schema = schemaFor(info.kind);
      expect(schema, info.kind).toBeDefined();
      expect(Object.keys(schema!.fields).slice(0, 3)).toEqual(['apiVersion', 'kind', 'metadata']);
    }
  });

  it('gives status to every kind with a status subresource, and no spec to ConfigMap', () => {
    for (const info of KINDS) {
      const fields = schemaFor(info.kind)!.fields;
      if (info.hasStatus) expect(Object.hasOwn(fields, 'status'), info.kind).toBe(true);
    }
    expect(Object.hasOwn(schemaFor('ConfigMap')!.fields, 'spec')).toBe(false);
    expect(Object.keys(schemaFor('ConfigMap')!.fields)).toEqual(['apiVersion', 'kind', 'metadata', 'data', 'binaryData', 'immutable']);
  });

  it('resolves every ref of every definition', () => {
    for (const name of definitionNames()) {
      for (const target of refsIn(definition(name)!.schema)) expect(definition(target), `${name} -> ${target}`).toBeDefined();
    }
  });

  it('resolves kinds by resource names too, and nothing else', () => {
    expect(schemaFor('deploy')).toBe(schemaFor('Deployment'));
    expect(schemaFor('pods')).toBe(schemaFor('Pod'));
    expect(schemaFor('Widget')).toBeUndefined();
    expect(schemaFor('constructor')).toBeUndefined();
  });

  it('names definitions after their upstream packages', () => {
    expect(qualifiedDefinitionName('Deployment')).toBe('io.k8s.api.apps.v1.Deployment');
    expect(qualifiedDefinitionName('PodSpec')).toBe('io.k8s.api.core.v1.PodSpec');
    expect(qualifiedDefinitionName('ObjectMeta')).toBe('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
    expect(qualifiedDefinitionName('HorizontalPodAutoscaler')).toBe('io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler');
  });

  it('covers upstream 1.32+ pod and container fields the simulator ignores', () => {
    const podSpec = definition('PodSpec')!.schema.fields;
    for (const field of ['securityContext', 'hostAliases', 'dnsConfig', 'os', 'hostUsers', 'schedulingGates', 'resourceClaims', 'resources', 'ephemeralContainers', 'runtimeClassName']) {
      expect(Object.hasOwn(podSpec, field), field).toBe(true);
    }
    const container = definition('Container')!.schema.fields;
    for (const field of ['lifecycle', 'securityContext', 'resizePolicy', 'restartPolicy', 'volumeDevices', 'stdin', 'tty']) {
      expect(Object.hasOwn(container, field), field).toBe(true);
    }
    const volume = definition('Volume')!.schema.fields;
    expect(Object.keys(volume)).toHaveLength(31); // name + 30 volume sources as of 1.33
  });

  it('builds objects with null-prototype field records', () => {
    const node = obj({ name: str });
    expect(Object.getPrototypeOf(node.type === 'object' ? node.fields : null)).toBeNull();
  });
});
