/** VerticalPodAutoscaler validation: the CRD's required fields and enums plus the VPA webhook's validateVPA. */
import { describe, expect, it } from 'vitest';
import { checkSchema } from '../../../source/api/schema/index.js';
import { type Loose, clone, errorsOf, messageOf, stored } from './fixtures.js';

function vpa(spec: Loose = {}): Loose {
  return {
    apiVersion: 'autoscaling.k8s.io/v1', kind: 'VerticalPodAutoscaler', metadata: { name: 'web-vpa', namespace: 'default' },
    spec: { targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, ...spec },
  };
}

describe('VerticalPodAutoscaler', () => {
  it('accepts upstream\'s hamster example and every update mode', () => {
    expect(errorsOf(vpa({
      resourcePolicy: { containerPolicies: [{ containerName: '*', minAllowed: { cpu: '100m', memory: '50Mi' }, maxAllowed: { cpu: 1, memory: '500Mi' }, controlledResources: ['cpu', 'memory'] }] },
    }))).toEqual([]);
    for (const updateMode of ['Off', 'Initial', 'Recreate', 'Auto', 'InPlaceOrRecreate']) expect(errorsOf(vpa({ updatePolicy: { updateMode } }))).toEqual([]);
    expect(checkSchema(vpa({ updatePolicy: { updateMode: 'Off', minReplicas: 2 } }), 'VerticalPodAutoscaler')).toEqual([]);
  });

  it('requires targetRef (with the webhook\'s hint on create) and its kind and name', () => {
    expect(messageOf(vpa({ targetRef: undefined })))
      .toBe('VerticalPodAutoscaler.autoscaling.k8s.io "web-vpa" is invalid: spec.targetRef: Required value: If you\'re using v1beta1 version of the API, please migrate to v1');
    const old = stored(vpa());
    const next = clone(old);
    delete next.spec.targetRef;
    expect(errorsOf(next, old)).toEqual(['spec.targetRef: Required value']);
    expect(errorsOf(vpa({ targetRef: { kind: 'Deployment' } }))).toEqual(['spec.targetRef.name: Required value']);
    expect(errorsOf({ ...vpa(), spec: undefined })).toEqual(['spec: Required value']);
  });

  it('checks the update policy', () => {
    expect(errorsOf(vpa({ updatePolicy: {} }))).toEqual(['spec.updatePolicy.updateMode: Required value: updateMode is required if UpdatePolicy is used']);
    expect(errorsOf(vpa({ updatePolicy: { updateMode: 'Sometimes', minReplicas: 0 } }))).toEqual([
      'spec.updatePolicy.updateMode: Unsupported value: "Sometimes": supported values: "Initial", "InPlaceOrRecreate", "Off", "Recreate"',
      'spec.updatePolicy.minReplicas: Invalid value: 0: minReplicas has to be positive',
    ]);
    expect(errorsOf(vpa({ updatePolicy: { updateMode: 'Auto', evictionRequirements: [{ resources: ['cpu'], changeRequirement: 'Sideways' }] } })))
      .toEqual(['spec.updatePolicy.evictionRequirements[0].changeRequirement: Unsupported value: "Sideways": supported values: "TargetHigherThanRequests", "TargetLowerThanRequests"']);
  });

  it('checks container policies: name, mode, min ≤ max, resolutions, controlledValues', () => {
    expect(errorsOf(vpa({
      resourcePolicy: {
        containerPolicies: [
          { mode: 'Sometimes' },
          { containerName: 'app', minAllowed: { cpu: '500m', memory: '1Gi' }, maxAllowed: { cpu: '200m', memory: '2Gi' } },
          { containerName: 'side', minAllowed: { cpu: '0.5m' }, maxAllowed: { memory: '0.5' } },
          { containerName: 'log', mode: 'Off', controlledValues: 'RequestsAndLimits' },
          { containerName: 'db', controlledValues: 'Everything', maxAllowed: { cpu: 'lots' } },
        ],
      },
    }))).toEqual([
      'spec.resourcePolicy.containerPolicies[0].containerName: Required value',
      'spec.resourcePolicy.containerPolicies[0].mode: Unsupported value: "Sometimes": supported values: "Auto", "Off"',
      'spec.resourcePolicy.containerPolicies[1].maxAllowed[cpu]: Invalid value: "200m": max resource for cpu is lower than min of "500m"',
      'spec.resourcePolicy.containerPolicies[2].minAllowed[cpu]: Invalid value: "500u": must be a whole number of milli CPUs',
      'spec.resourcePolicy.containerPolicies[2].maxAllowed[memory]: Invalid value: "500m": must be a whole number of bytes',
      'spec.resourcePolicy.containerPolicies[3].controlledValues: Forbidden: controlledValues shouldn\'t be specified if container scaling mode is off',
      'spec.resourcePolicy.containerPolicies[4].maxAllowed[cpu]: Invalid value: "lots": quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'',
      'spec.resourcePolicy.containerPolicies[4].controlledValues: Unsupported value: "Everything": supported values: "RequestsAndLimits", "RequestsOnly"',
    ]);
  });

  it('allows at most one recommender, and reports wrong types instead of throwing', () => {
    expect(errorsOf(vpa({ recommenders: [{ name: 'a' }, { name: 'b' }] }))).toEqual(['spec.recommenders: Invalid value: 2: must have at most 1 items']);
    expect(errorsOf(vpa({ updatePolicy: 'Auto', resourcePolicy: { containerPolicies: {} } }))).toEqual([
      'spec.updatePolicy: Invalid value: "Auto": must be of type object',
      'spec.resourcePolicy.containerPolicies: Invalid value: object: must be of type array',
    ]);
    expect(checkSchema(vpa({ updatePolicy: { minReplicas: 'two' }, bogus: 1 }), 'VerticalPodAutoscaler').map((i) => `${i.kind} ${i.path}`))
      .toEqual(['type spec.updatePolicy.minReplicas', 'unknown spec.bogus']);
  });
});
