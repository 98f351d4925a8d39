import { beforeAll, describe, expect, it } from 'vitest';
import type { HorizontalPodAutoscaler } from '../../../source/api/cluster-kinds.js';
import type { KubeObject } from '../../../source/api/meta.js';
import { parseLabelSelector } from '../../../source/api/selectors.js';
import { getScale, updateScale } from '../../../source/autoscaling/hpa/scale-target.js';
import { HpaSelectorTracker } from '../../../source/autoscaling/hpa/selector-tracker.js';
import type { Simulation } from '../../../source/cluster/simulation.js';
import { disabled, testSimulation } from '../../sim-helpers.js';
import { deployment } from './hpa-helpers.js';

const hpaOn = (kind: string, name: string, apiVersion = 'apps/v1'): HorizontalPodAutoscaler => ({
  apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h', namespace: 'default' },
  spec: { scaleTargetRef: { apiVersion, kind, name }, maxReplicas: 5 },
});

describe('the scale subresource', () => {
  let sim: Simulation;
  beforeAll(() => {
    sim = testSimulation({ components: () => disabled('deployment-controller', 'replicaset-controller', 'replicationcontroller-controller') });
    sim.store.create(deployment('web', 3));
    sim.store.create({
      apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'redis', namespace: 'default' },
      spec: { replicas: 2, selector: { role: 'db', app: 'redis' }, template: { metadata: { labels: { role: 'db', app: 'redis' } }, spec: { containers: [{ name: 'r', image: 'redis' }] } } },
    } as KubeObject);
  });

  it('reads spec.replicas, status.replicas and the selector string of a Deployment and an RC', () => {
    const d = getScale(sim.store, hpaOn('Deployment', 'web'));
    expect({ kind: d.kind, name: d.name, spec: d.specReplicas, status: d.statusReplicas, selector: d.selector }).toEqual({ kind: 'Deployment', name: 'web', spec: 3, status: 0, selector: 'app=web' });
    const rc = getScale(sim.store, hpaOn('ReplicationController', 'redis', 'v1'));
    expect([rc.specReplicas, rc.selector]).toEqual([2, 'app=redis,role=db']);
    expect(rc.podSelector.matches({ app: 'redis', role: 'db', extra: 'x' })).toBe(true);
  });

  it('fails as the API server does: a missing object, an unknown kind, a kind without /scale, a bad apiVersion', () => {
    expect(() => getScale(sim.store, hpaOn('Deployment', 'vllm-gemma-deployment'))).toThrow('deployments/scale.apps "vllm-gemma-deployment" not found');
    expect(() => getScale(sim.store, hpaOn('ReplicationController', 'gone', 'v1'))).toThrow('replicationcontrollers/scale "gone" not found');
    expect(() => getScale(sim.store, hpaOn('StatefulSet', 'db'))).toThrow('statefulsets/scale.apps "db" not found');
    expect(() => getScale(sim.store, hpaOn('Rollout', 'web', 'argoproj.io/v1alpha1'))).toThrow('no matches for kind "Rollout" in group "argoproj.io"');
    expect(() => getScale(sim.store, hpaOn('Deployment', 'web', 'v1'))).toThrow('no matches for kind "Deployment" in group ""');
    expect(() => getScale(sim.store, hpaOn('DaemonSet', 'web'))).toThrow('the server could not find the requested resource');
    expect(() => getScale(sim.store, hpaOn('Deployment', 'web', 'apps/v1/extra'))).toThrow('unexpected GroupVersion string: apps/v1/extra');
  });

  it('writes spec.replicas', () => {
    updateScale(sim.store, getScale(sim.store, hpaOn('Deployment', 'web')), 7);
    expect(getScale(sim.store, hpaOn('Deployment', 'web')).specReplicas).toBe(7);
  });
});

describe('the HPA selector tracker', () => {
  const pods = (...labels: Record<string, string>[]) => labels.map((l) => ({ metadata: { labels: l } }));

  it('finds every HPA whose selector matches one of the pods, sorted', () => {
    const t = new HpaSelectorTracker();
    for (const k of ['default/web', 'default/web-mem', 'default/api', 'default/new']) t.register('default', k);
    t.update('default', 'default/web', parseLabelSelector('app=web'));
    t.update('default', 'default/web-mem', parseLabelSelector('app in (web)'));
    t.update('default', 'default/api', parseLabelSelector('tier!=db'));
    expect(t.selecting('default', pods({ app: 'web', tier: 'db' }))).toEqual(['default/web', 'default/web-mem']);
    expect(t.selecting('default', pods({ app: 'api', tier: 'web' }))).toEqual(['default/api']);
    expect(t.selecting('other', pods({ app: 'web' }))).toEqual([]);
    t.remove('default', 'default/web-mem');
    // An unregistered (deleted) HPA's selector is not recorded.
    t.update('default', 'default/web-mem', parseLabelSelector('app=web'));
    expect(t.selecting('default', pods({ app: 'web', tier: 'db' }))).toEqual(['default/web']);
  });
});
