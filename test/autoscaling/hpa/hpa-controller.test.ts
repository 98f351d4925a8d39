/** The HPA controller in a running cluster: sync cadence, the upstream examples, status, events and kubectl output. */
import { describe, expect, it } from 'vitest';
import type { Event } from '../../../source/api/core.js';
import { hpaPrinter } from '../../../source/api/print/printers-cluster.js';
import { describeHPA } from '../../../source/client/describe/policy.js';
import { conditionsOf, cpuUtilization, eventsOf, hpaObject, hpaOf, hpaSim, replicasOf, runDeployment } from './hpa-helpers.js';

const rescales = (sim: Parameters<typeof eventsOf>[0], name: string) => eventsOf(sim, name).filter((e) => e[1] === 'SuccessfulRescale').map((e) => e[2]);
const targets = (sim: Parameters<typeof hpaOf>[0], name: string) => hpaPrinter.cells(hpaOf(sim, name), sim.now())[2];

describe('HorizontalPodAutoscalerController', () => {
  it('3 replicas at 90% against 60% → 5, on the first sync 15 s after the HPA is created', () => {
    const { sim, metrics } = hpaSim();
    runDeployment(sim, 'web', 3);
    metrics.cpu = () => 180; // 90% of the 200m request
    sim.store.create(hpaObject('web', 'web'));
    expect(targets(sim, 'web')).toBe('cpu: <unknown>/60%');
    sim.advance(14_000);
    expect(hpaOf(sim, 'web').status).toBeUndefined();
    sim.advance(1_000);
    expect(replicasOf(sim, 'web')).toBe(5);
    const status = hpaOf(sim, 'web').status!;
    expect(status).toEqual({
      lastScaleTime: new Date(sim.now()).toISOString().replace('.000Z', 'Z'),
      currentReplicas: 3, desiredReplicas: 5,
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageValue: '180m', averageUtilization: 90 } } }],
      conditions: expect.any(Array),
    });
    expect(conditionsOf(sim, 'web')).toEqual([
      ['AbleToScale', 'True', 'SucceededRescale', 'the HPA controller was able to update the target scale to 5'],
      ['ScalingActive', 'True', 'ValidMetricFound', 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)'],
      ['ScalingLimited', 'False', 'DesiredWithinRange', 'the desired count is within the acceptable range'],
    ]);
    expect(eventsOf(sim, 'web').filter((e) => e[1] === 'SuccessfulRescale'))
      .toEqual([['Normal', 'SuccessfulRescale', 'New size: 5; reason: cpu resource utilization (percentage of request) above target', 1]]);
    expect(hpaPrinter.cells(hpaOf(sim, 'web'), sim.now())).toEqual(['web', 'Deployment/web', 'cpu: 90%/60%', '1', '10', '3', '15s']);
    const events = sim.store.select<Event>('Event', { namespace: 'default' }).filter((e) => e.involvedObject.kind === 'HorizontalPodAutoscaler');
    const described = describeHPA(hpaOf(sim, 'web'), events, sim.now());
    expect(described).toContain('  resource cpu on pods  (as a percentage of request):  90% (180m) / 60%\n');
    expect(described).toMatch(/\nDeployment pods: +3 current \/ 5 desired\n/);
    expect(described).toContain('  Normal  SuccessfulRescale  0s    horizontal-pod-autoscaler  New size: 5; reason: cpu resource utilization (percentage of request) above target\n');
  });

  it('new pods\' CPU is not trusted until a full metric window after they turn ready (then the next step follows)', () => {
    const { sim, metrics } = hpaSim();
    runDeployment(sim, 'web', 3);
    metrics.cpu = () => 180; // every pod, new ones included, at 90%
    sim.store.create(hpaObject('web', 'web', { maxReplicas: 20 }));
    sim.advance(15_000);
    expect(replicasOf(sim, 'web')).toBe(5);
    // The two new pods became ready less than a 15 s window ago: they count at 0% for a scale-up,
    // (3 × 90% + 2 × 0%) / 5 = 54% → 0.9: within tolerance. Trusting them would have asked for 8.
    sim.advance(15_000);
    expect(replicasOf(sim, 'web')).toBe(5);
    sim.advance(15_000);
    expect(replicasOf(sim, 'web')).toBe(8);
  });

  it('within tolerance nothing changes: no rescale, no event, AbleToScale ReadyForNewScale', () => {
    const { sim, metrics } = hpaSim();
    runDeployment(sim, 'web', 3);
    metrics.cpu = () => 130; // 65% against 60%: ratio 1.083
    sim.store.create(hpaObject('web', 'web'));
    sim.advance(60_000);
    expect(replicasOf(sim, 'web')).toBe(3);
    expect(rescales(sim, 'web')).toEqual([]);
    expect(hpaOf(sim, 'web').status).toMatchObject({ currentReplicas: 3, desiredReplicas: 3 });
    expect(hpaOf(sim, 'web').status?.lastScaleTime).toBeUndefined();
    expect(conditionsOf(sim, 'web')[0]).toEqual(['AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size']);
    expect(targets(sim, 'web')).toBe('cpu: 65%/60%');
  });

  it('syncs every 15 s, and only writes the status when it changes', () => {
    const { sim, metrics, hpa } = hpaSim();
    runDeployment(sim, 'web', 3);
    metrics.cpu = () => 120;
    sim.store.create(hpaObject('web', 'web'));
    sim.advance(15_000);
    const rv = hpaOf(sim, 'web').metadata.resourceVersion;
    const before = hpa.reconciles;
    sim.advance(60_000);
    expect(hpa.reconciles - before).toBe(4);
    expect(hpaOf(sim, 'web').metadata.resourceVersion).toBe(rv);
  });

  it('scale-down stabilisation (no behavior) holds the highest recommendation of the last 300 s', () => {
    const { sim, metrics } = hpaSim();
    runDeployment(sim, 'web', 5);
    metrics.cpu = () => 40; // 20% against 60% → ceil(5 × 0.333) = 2
    sim.store.create(hpaObject('web', 'web'));
    sim.advance(15_000);
    const first = sim.now();
    expect(replicasOf(sim, 'web')).toBe(5);
    expect(conditionsOf(sim, 'web')[0]).toEqual(['AbleToScale', 'True', 'ScaleDownStabilized', 'recent recommendations were higher than current one, applying the highest recent recommendation']);
    expect(hpaOf(sim, 'web').status).toMatchObject({ currentReplicas: 5, desiredReplicas: 5 });
    sim.advance(300_000);
    // The first sync's recommendation (5, the current count) is exactly 300 s old: still inside the window.
    expect(sim.now() - first).toBe(300_000);
    expect(replicasOf(sim, 'web')).toBe(5);
    sim.advance(15_000);
    expect(replicasOf(sim, 'web')).toBe(2);
    expect(rescales(sim, 'web')).toEqual(['New size: 2; reason: All metrics below target']);
  });

  it('without behavior a scale-up is capped at max(2 × current, 4) per sync: ScaleUpLimit', () => {
    const { sim, metrics } = hpaSim();
    runDeployment(sim, 'web', 1);
    metrics.cpu = () => 1000; // 500%
    sim.store.create(hpaObject('web', 'web', { maxReplicas: 20 }));
    sim.advance(15_000);
    expect(replicasOf(sim, 'web')).toBe(4);
    expect(conditionsOf(sim, 'web')[2]).toEqual(['ScalingLimited', 'True', 'ScaleUpLimit', 'the desired replica count is increasing faster than the maximum scale rate']);
  });

  it('clamps to maxReplicas and reports ScalingLimited TooManyReplicas while pinned there', () => {
    const { sim, metrics } = hpaSim();
    runDeployment(sim, 'web', 4);
    metrics.cpu = () => 200; // 100% against 60%
    sim.store.create(hpaObject('web', 'web', { maxReplicas: 5 }));
    sim.advance(15_000);
    expect(replicasOf(sim, 'web')).toBe(5);
    expect(conditionsOf(sim, 'web')[2]).toEqual(['ScalingLimited', 'True', 'TooManyReplicas', 'the desired replica count is more than the maximum replica count']);
    sim.advance(60_000);
    expect(replicasOf(sim, 'web')).toBe(5);
    expect(conditionsOf(sim, 'web')[0]).toEqual(['AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size']);
    expect(rescales(sim, 'web')).toEqual(['New size: 5; reason: cpu resource utilization (percentage of request) above target']);
  });

  it('brings a target outside [min, max] back without reading metrics', () => {
    const { sim, metrics } = hpaSim();
    runDeployment(sim, 'big', 7);
    runDeployment(sim, 'small', 1, undefined, 1_000);
    metrics.cpu = () => 100;
    sim.store.create(hpaObject('big', 'big', { maxReplicas: 4 }));
    sim.store.create(hpaObject('small', 'small', { minReplicas: 3 }));
    sim.advance(15_000);
    expect([replicasOf(sim, 'big'), replicasOf(sim, 'small')]).toEqual([4, 3]);
    expect(rescales(sim, 'big')).toEqual(['New size: 4; reason: Current number of replicas above Spec.MaxReplicas']);
    expect(rescales(sim, 'small')).toEqual(['New size: 3; reason: Current number of replicas below Spec.MinReplicas']);
    // No metric was computed this sync, so there is no current value to show.
    expect(hpaOf(sim, 'big').status).toMatchObject({ currentReplicas: 7, desiredReplicas: 4, currentMetrics: null });
    expect(targets(sim, 'big')).toBe('cpu: <unknown>/60%');
  });

  it('a target scaled to zero disables scaling (HPAScaleToZero is off)', () => {
    const { sim, metrics } = hpaSim();
    runDeployment(sim, 'web', 0);
    metrics.cpu = () => 1000;
    sim.store.create(hpaObject('web', 'web'));
    sim.advance(30_000);
    expect(replicasOf(sim, 'web')).toBe(0);
    expect(hpaOf(sim, 'web').status).toEqual({ desiredReplicas: 0, currentMetrics: null, conditions: expect.any(Array) });
    expect(conditionsOf(sim, 'web')).toEqual([
      ['AbleToScale', 'True', 'SucceededGetScale', "the HPA controller was able to get the target's current scale"],
      ['ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero'],
    ]);
    expect(eventsOf(sim, 'web')).toEqual([]);
  });

  it('multiple metrics: the highest proposal wins and names the reason; TARGETS shows two and counts the rest', () => {
    const { sim, metrics } = hpaSim();
    runDeployment(sim, 'web', 3, { cpu: '200m', memory: '256Mi' });
    metrics.cpu = () => 180; // → 5
    metrics.memory = () => 128 * 1024 * 1024; // 50% of 256Mi against 80% → 2
    metrics.podCustom = (_pod, m) => (m === 'requests_per_second' ? 190 : undefined); // 190 against 100 → ceil(5.7) = 6
    sim.store.create(hpaObject('web', 'web', {
      metrics: [
        cpuUtilization(60),
        { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } } },
        { type: 'Pods', pods: { metric: { name: 'requests_per_second' }, target: { type: 'AverageValue', averageValue: '100' } } },
      ],
    }));
    sim.advance(15_000);
    expect(replicasOf(sim, 'web')).toBe(6);
    expect(rescales(sim, 'web')).toEqual(['New size: 6; reason: pods metric requests_per_second above target']);
    expect(hpaOf(sim, 'web').status?.currentMetrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', current: { averageValue: '180m', averageUtilization: 90 } } },
      { type: 'Resource', resource: { name: 'memory', current: { averageValue: '128Mi', averageUtilization: 50 } } },
      { type: 'Pods', pods: { metric: { name: 'requests_per_second' }, current: { averageValue: '190' } } },
    ]);
    expect(targets(sim, 'web')).toBe('cpu: 90%/60%, memory: 50%/80% + 1 more...');
    expect(conditionsOf(sim, 'web')[1][3]).toBe('the HPA was able to successfully calculate a replica count from pods metric requests_per_second');
  });

  it('AverageValue resource targets: memory reported in binary units, reason "memory resource"', () => {
    const { sim, metrics } = hpaSim();
    runDeployment(sim, 'web', 2, { cpu: '100m', memory: '1Gi' });
    metrics.cpu = () => 10;
    metrics.memory = () => 512 * 1024 * 1024;
    sim.store.create(hpaObject('web', 'web', { metrics: [{ type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '256Mi' } } }] }));
    sim.advance(15_000);
    expect(replicasOf(sim, 'web')).toBe(4);
    expect(rescales(sim, 'web')).toEqual(['New size: 4; reason: memory resource above target']);
    expect(targets(sim, 'web')).toBe('memory: 512Mi/256Mi');
  });

  it('ContainerResource metrics use one container\'s request and usage', () => {
    const { sim, metrics } = hpaSim();
    sim.store.create({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
      spec: {
        replicas: 3, selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [
          { name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '200m' } } },
          { name: 'proxy', image: 'envoy', resources: { requests: { cpu: '800m' } } },
        ] } },
      },
    });
    sim.advance(60_000);
    metrics.containers = ['app', 'proxy'];
    metrics.cpu = () => 360; // split evenly: app uses 180m of its 200m (90%); the pod as a whole is at 36%
    sim.store.create(hpaObject('web', 'web', { metrics: [{ type: 'ContainerResource', containerResource: { name: 'cpu', container: 'app', target: { type: 'Utilization', averageUtilization: 60 } } }] }));
    sim.advance(15_000);
    expect(replicasOf(sim, 'web')).toBe(5);
    expect(rescales(sim, 'web')).toEqual(['New size: 5; reason: cpu container resource utilization (percentage of request) above target']);
    expect(hpaOf(sim, 'web').status?.currentMetrics).toEqual([{ type: 'ContainerResource', containerResource: { name: 'cpu', current: { averageValue: '180m', averageUtilization: 90 }, container: 'app' } }]);
    expect(targets(sim, 'web')).toBe('cpu: 90%/60%');
  });

  it('an HPA on a StatefulSet scales it through the same subresource', () => {
    const { sim, metrics } = hpaSim();
    const labels = { app: 'db' };
    sim.store.create({
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'default' },
      spec: { replicas: 2, serviceName: 'db', selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'db', image: 'nginx', resources: { requests: { cpu: '100m' } } }] } } },
    });
    sim.advance(60_000);
    metrics.cpu = () => 100;
    sim.store.create({ ...hpaObject('db', 'db'), spec: { ...hpaObject('db', 'db').spec, scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db' } } });
    sim.advance(15_000);
    expect(replicasOf(sim, 'db', 'StatefulSet')).toBe(4);
    expect(hpaPrinter.cells(hpaOf(sim, 'db'), sim.now())[1]).toBe('StatefulSet/db');
  });

  it('a deleted HPA stops syncing', () => {
    const { sim, metrics, hpa } = hpaSim();
    runDeployment(sim, 'web', 3);
    metrics.cpu = () => 180;
    sim.store.create(hpaObject('web', 'web'));
    sim.advance(15_000);
    sim.store.delete('HorizontalPodAutoscaler', 'default', 'web');
    sim.advance(15_000);
    const after = hpa.reconciles;
    sim.advance(120_000);
    expect(hpa.reconciles).toBe(after);
    expect(replicasOf(sim, 'web')).toBe(5);
  });
});
