import { describe, expect, it } from 'vitest';
import { explainField } from '../../../source/api/schema/index.js';

describe('explainField', () => {
  it('explains deployment.spec.replicas with upstream text', () => {
    expect(explainField('Deployment', ['spec', 'replicas'])).toEqual({
      type: 'integer',
      description: 'Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1.',
    });
  });

  it('explains pod.spec.containers as a list of Container, with Container fields', () => {
    const result = explainField('pod', ['spec', 'containers'])!;
    expect(result.type).toBe('[]Container');
    expect(result.description).toBe('List of containers belonging to the pod. Containers cannot currently be added or removed. There must be at least one container in a Pod. Cannot be updated.\nA single application container that you want to run within a pod.');
    expect(result.fields).toContainEqual({ name: 'name', type: 'string', required: true });
    expect(result.fields).toContainEqual({ name: 'resources', type: 'ResourceRequirements' });
    expect(result.fields).toContainEqual({ name: 'env', type: '[]EnvVar' });
    const names = result.fields!.map((field) => field.name);
    expect(names).toEqual([...names].sort());
  });

  it('walks through arrays to container resources, as kubectl does', () => {
    const result = explainField('Deployment', ['spec', 'template', 'spec', 'containers', 'resources'])!;
    expect(result.type).toBe('ResourceRequirements');
    expect(result.description).toMatch(/^Compute Resources required by this container\. Cannot be updated\./);
    expect(result.fields).toEqual([
      { name: 'claims', type: '[]ResourceClaim' },
      { name: 'limits', type: 'map[string]Quantity' },
      { name: 'requests', type: 'map[string]Quantity' },
    ]);
    expect(explainField('Pod', ['spec', 'containers', 'resources', 'limits'])!.description)
      .toBe('Limits describes the maximum amount of compute resources allowed. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/');
  });

  it('names IntOrString, Time and inline objects like kubectl', () => {
    expect(explainField('Deployment', ['spec', 'strategy', 'rollingUpdate', 'maxSurge'])!.type).toBe('IntOrString');
    expect(explainField('Deployment', ['metadata', 'creationTimestamp'])!.type).toBe('string');
    expect(explainField('Deployment', ['spec', 'strategy'])!.type).toBe('Object');
    expect(explainField('Deployment', ['metadata', 'labels'])!.type).toBe('map[string]string');
  });

  it('explains a kind at its root', () => {
    const result = explainField('deployments', [])!;
    expect(result.type).toBe('Deployment');
    expect(result.description).toBe('Deployment enables declarative updates for Pods and ReplicaSets.');
    expect(result.fields!.map((field) => field.name)).toEqual(['apiVersion', 'kind', 'metadata', 'spec', 'status']);
  });

  it('returns undefined for unknown kinds and fields, and does not descend into maps or scalars', () => {
    expect(explainField('Widget', [])).toBeUndefined();
    expect(explainField('Deployment', ['spec', 'replicsa'])).toBeUndefined();
    expect(explainField('Deployment', ['spec', 'replicas', 'x'])).toBeUndefined();
    expect(explainField('Deployment', ['metadata', 'labels', 'app'])).toBeUndefined();
    expect(explainField('Deployment', ['spec', 'constructor'])).toBeUndefined();
  });
});
