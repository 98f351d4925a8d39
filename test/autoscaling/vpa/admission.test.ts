import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../source/api/core.js';
import { parseQuantity } from '../../../source/api/quantity.js';
import type { VpaUpdateMode } from '../../../source/api/vpa-kinds.js';
import { proportionalLimit } from '../../../source/autoscaling/vpa/admission.js';
import type { Simulation } from '../../../source/cluster/simulation.js';
import { disabled, settleAddons, testSimulation } from '../../sim-helpers.js';
import { podsOf, setRecommendation, vpa, webDeployment } from './helpers.js';

/** A cluster with the VPA admission plugin in the chain (before ResourceQuota, as the lead wires it). */
function cluster(): Simulation {
  // The Simulation wires the admission plugin; the built-in vpa component is off so the test sets recommendations itself.
  const sim = testSimulation({ components: () => disabled('vpa') });
  settleAddons(sim);
  return sim;
}

/** A VPA in `mode` with a recommendation of 250m / 256Mi, then Deployment `web` (2 pods at 100m/128Mi, limits 200m/256Mi). */
function withVpa(mode: VpaUpdateMode, spec: Parameters<typeof vpa>[0] = {}): Simulation {
  const sim = cluster();
  sim.store.create(vpa({ updatePolicy: { updateMode: mode }, ...spec }));
  setRecommendation(sim, 'web-vpa', { cpu: '250m', memory: '256Mi' }, { cpu: '200m', memory: '200Mi' }, { cpu: '1', memory: '1Gi' });
  sim.store.create(webDeployment(2, { cpu: '100m', memory: '128Mi' }, { cpu: '200m', memory: '256Mi' }));
  sim.engine.settle();
  return sim;
}

const resources = (p: Pod) => p.spec.containers[0]!.resources;

describe('VPA admission controller', () => {
  for (const mode of ['Initial', 'Recreate', 'Auto'] as const) {
    it(`sets requests and proportional limits on new pods in ${mode} mode`, () => {
      const sim = withVpa(mode);
      const pods = podsOf(sim);
      expect(pods).toHaveLength(2);
      for (const p of pods) {
        expect(resources(p)).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } });
        expect(p.metadata.annotations).toMatchObject({
          vpaObservedContainers: 'app',
          vpaUpdates: 'Pod resources updated by web-vpa: container 0: cpu request, memory request, cpu limit, memory limit',
        });
        expect(p.status?.qosClass).toBe('Burstable');
      }
      // The template is untouched: only pods are mutated.
      expect(sim.store.get<{ spec: { template: { spec: Pod['spec'] } } } & Pod>('Deployment', 'default', 'web').spec.template.spec.containers[0]!.resources)
        .toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '200m', memory: '256Mi' } });
    });
  }

  it('leaves pods alone in Off mode', () => {
    const sim = withVpa('Off');
    for (const p of podsOf(sim)) {
      expect(resources(p)).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '200m', memory: '256Mi' } });
      expect(p.metadata.annotations?.vpaObservedContainers).toBeUndefined();
    }
  });

  it('leaves limits alone with controlledValues RequestsOnly, capping the request to the limit', () => {
    const sim = withVpa('Initial', { resourcePolicy: { containerPolicies: [{ containerName: 'app', controlledValues: 'RequestsOnly', maxAllowed: { memory: '1Gi' } }] } });
    setRecommendation(sim, 'web-vpa', { cpu: '300m', memory: '300Mi' }, { cpu: '200m', memory: '200Mi' }, { cpu: '1', memory: '1Gi' });
    sim.store.delete('Pod', 'default', podsOf(sim)[0]!.metadata.name!, { gracePeriodSeconds: 0 });
    sim.engine.settle();
    const fresh = podsOf(sim).find((p) => p.spec.containers[0]!.resources!.requests!.cpu === '200m')!;
    expect(resources(fresh)).toEqual({ requests: { cpu: '200m', memory: '256Mi' }, limits: { cpu: '200m', memory: '256Mi' } });
    expect(fresh.metadata.annotations?.vpaUpdates)
      .toBe('Pod resources updated by web-vpa: container 0: cpu capped to container limit, memory capped to container limit, cpu request, memory request');
  });

  it('observes containers but patches nothing before there is a recommendation', () => {
    const sim = cluster();
    sim.store.create(vpa({ updatePolicy: { updateMode: 'Initial' } }));
    sim.store.create(webDeployment(1, { cpu: '100m', memory: '128Mi' }));
    sim.engine.settle();
    const [pod] = podsOf(sim);
    expect(resources(pod!)).toEqual({ requests: { cpu: '100m', memory: '128Mi' } });
    expect(pod!.metadata.annotations).toEqual({ vpaObservedContainers: 'app' });
  });

  it('ignores a VPA whose targetRef names another controller, and pods without a controller', () => {
    const sim = cluster();
    sim.store.create(vpa({ updatePolicy: { updateMode: 'Initial' } }, 'other-vpa', 'other'));
    setRecommendation(sim, 'other-vpa', { cpu: '1' }, { cpu: '1' }, { cpu: '1' });
    sim.store.create(webDeployment(1, { cpu: '100m' }));
    sim.store.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare', namespace: 'default', labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } });
    sim.engine.settle();
    for (const p of podsOf(sim)) expect(p.metadata.annotations?.vpaUpdates).toBeUndefined();
  });
});

describe('proportional limits (GetProportionalLimit)', () => {
  const q = (s: string) => parseQuantity(s);
  it('keeps the limit/request ratio, or follows the request when they were equal or the request was unset', () => {
    expect(proportionalLimit('cpu', q('1'), q('300m'), q('200m'))).toEqual(q('666m'));
    expect(proportionalLimit('memory', q('2Gi'), q('1Gi'), q('300Mi'))).toMatchObject({ nano: q('600Mi').nano });
    expect(proportionalLimit('cpu', q('500m'), q('500m'), q('200m'))).toEqual(q('200m'));
    expect(proportionalLimit('cpu', q('500m'), undefined, q('200m'))).toEqual(q('200m'));
    expect(proportionalLimit('cpu', undefined, q('500m'), q('200m'))).toBeUndefined();
    expect(proportionalLimit('cpu', q('1'), q('500m'), q('0'))).toBeUndefined();
  });
});
