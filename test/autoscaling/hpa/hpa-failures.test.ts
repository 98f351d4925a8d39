/** What the HPA reports when it cannot do its job: missing targets and metrics, ambiguous selectors, refused writes, odd specs. */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Event } from '../../../source/api/core.js';
import { forbidden } from '../../../source/api/errors.js';
import { loadManifestPaths } from '../../../source/api/manifest.js';
import { hpaPrinter } from '../../../source/api/print/printers-cluster.js';
import { describeHPA } from '../../../source/client/describe/policy.js';
import { conditionsOf, cpuUtilization, deployment, eventsOf, hpaObject, hpaOf, hpaSim, podsOf, replicasOf, runDeployment } from './hpa-helpers.js';

const corpus = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/corpus');
const targets = (sim: Parameters<typeof hpaOf>[0], name: string) => hpaPrinter.cells(hpaOf(sim, name), sim.now())[2];
const warnings = (sim: Parameters<typeof eventsOf>[0], name: string) => eventsOf(sim, name).filter((e) => e[0] === 'Warning').map((e) => [e[1], e[2]]);

describe('a missing scale target', () => {
  it('the corpus vllm-hpa.yaml (its Deployment does not exist): FailedGetScale, as upstream reports it', () => {
    const { sim } = hpaSim();
    const loaded = loadManifestPaths([resolve(corpus, 'vllm-hpa.yaml')]);
    expect(sim.apply(loaded.objects).map((o) => o.action)).toEqual(['created']);
    sim.advance(45_000);
    const message = 'deployments/scale.apps "vllm-gemma-deployment" not found';
    expect(eventsOf(sim, 'gemma-server-hpa')).toEqual([['Warning', 'FailedGetScale', message, 3]]);
    const hpa = hpaOf(sim, 'gemma-server-hpa');
    expect(hpa.status).toEqual({ desiredReplicas: 0, currentMetrics: null, conditions: expect.any(Array) });
    expect(conditionsOf(sim, 'gemma-server-hpa')).toEqual([['AbleToScale', 'False', 'FailedGetScale', `the HPA controller was unable to get the target's current scale: ${message}`]]);
    expect(hpaPrinter.cells(hpa, sim.now())).toEqual(['gemma-server-hpa', 'Deployment/vllm-gemma-deployment', '<unknown>/4', '1', '5', '0', '45s']);
    const events = sim.store.select<Event>('Event', { namespace: 'default' }).filter((e) => e.involvedObject.name === 'gemma-server-hpa');
    const described = describeHPA(hpa, events, sim.now());
    expect(described).toContain('  "vllm_num_requests_running" on pods:  <unknown> / 4\n');
    expect(described).toContain('Deployment pods:       0 current / 0 desired\n');
    expect(described).toContain([
      'Conditions:',
      '  Type         Status  Reason          Message',
      '  ----         ------  ------          -------',
      `  AbleToScale  False   FailedGetScale  the HPA controller was unable to get the target's current scale: ${message}`,
      'Events:',
    ].join('\n'));
    expect(described).toContain(`  Warning  FailedGetScale  0s (x3 over 30s)  horizontal-pod-autoscaler  ${message}\n`);
  });

  it('recovers once the target exists: the next failure is the custom metric no adapter serves', () => {
    const { sim } = hpaSim();
    sim.apply(loadManifestPaths([resolve(corpus, 'vllm-hpa.yaml')]).objects);
    sim.advance(15_000);
    runDeployment(sim, 'vllm-gemma-deployment', 2, undefined, 15_000);
    const error = 'unable to get metric vllm_num_requests_running: unable to fetch metrics from custom metrics API: the server could not find the metric vllm_num_requests_running for pods';
    expect(conditionsOf(sim, 'gemma-server-hpa')).toEqual([
      ['AbleToScale', 'True', 'SucceededGetScale', "the HPA controller was able to get the target's current scale"],
      ['ScalingActive', 'False', 'FailedGetPodsMetric', `the HPA was unable to compute the replica count: ${error}`],
    ]);
    expect(warnings(sim, 'gemma-server-hpa').slice(1)).toEqual([
      ['FailedGetPodsMetric', error],
      ['FailedComputeMetricsReplicas', `invalid metrics (1 invalid out of 1), first error is: failed to get pods metric value: ${error}`],
    ]);
    expect(hpaOf(sim, 'gemma-server-hpa').status).toMatchObject({ currentReplicas: 2, desiredReplicas: 0, currentMetrics: [{ type: '' }] });
  });

  it('an unknown kind, or a kind without a scale subresource', () => {
    const { sim } = hpaSim();
    sim.store.create({ ...hpaObject('rollout', 'web'), spec: { ...hpaObject('rollout', 'web').spec, scaleTargetRef: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'web' } } });
    sim.store.create({ ...hpaObject('ds', 'web'), spec: { ...hpaObject('ds', 'web').spec, scaleTargetRef: { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'web' } } });
    sim.advance(15_000);
    expect(warnings(sim, 'rollout')).toEqual([['FailedGetScale', 'no matches for kind "Rollout" in group "argoproj.io"']]);
    expect(warnings(sim, 'ds')).toEqual([['FailedGetScale', 'the server could not find the requested resource']]);
  });
});

describe('metrics that cannot be computed', () => {
  it('no resource metrics yet: FailedGetResourceMetric and FailedComputeMetricsReplicas; TARGETS shows <unknown>', () => {
    const { sim } = hpaSim();
    runDeployment(sim, 'web', 3);
    sim.store.create(hpaObject('web', 'web'));
    sim.advance(15_000);
    const error = 'failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API';
    expect(warnings(sim, 'web')).toEqual([
      ['FailedGetResourceMetric', error],
      ['FailedComputeMetricsReplicas', `invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: ${error}`],
    ]);
    expect(conditionsOf(sim, 'web')[1]).toEqual(['ScalingActive', 'False', 'FailedGetResourceMetric', `the HPA was unable to compute the replica count: ${error}`]);
    expect(hpaOf(sim, 'web').status).toMatchObject({ currentReplicas: 3, desiredReplicas: 0, currentMetrics: [{ type: '' }] });
    expect(targets(sim, 'web')).toBe('cpu: <unknown>/60%');
    expect(replicasOf(sim, 'web')).toBe(3);
  });

  it('pods without a cpu request', () => {
    const { sim, metrics } = hpaSim();
    runDeployment(sim, 'web', 1, { memory: '64Mi' });
    metrics.cpu = () => 100;
    sim.store.create(hpaObject('web', 'web'));
    sim.advance(15_000);
    const pod = podsOf(sim, 'web')[0]!.metadata.name;
    expect(warnings(sim, 'web')[0]).toEqual(['FailedGetResourceMetric', `failed to get cpu utilization: missing request for cpu in container app of Pod ${pod}`]);
  });

  it('an invalid metric blocks a scale-down but not a scale-up', () => {
    const { sim, metrics } = hpaSim();
    runDeployment(sim, 'web', 3);
    const rps = { type: 'Pods' as const, pods: { metric: { name: 'requests_per_second' }, target: { type: 'AverageValue' as const, averageValue: '100' } } };
    sim.store.create(hpaObject('web', 'web', { metrics: [cpuUtilization(60), rps] }));
    metrics.cpu = () => 40; // 20% → 2, but the other metric is unknown
    sim.advance(15_000);
    expect(replicasOf(sim, 'web')).toBe(3);
    expect(warnings(sim, 'web').map((w) => w[0])).toEqual(['FailedGetPodsMetric', 'FailedComputeMetricsReplicas']);
    expect(warnings(sim, 'web')[1]![1]).toMatch(/^invalid metrics \(1 invalid out of 2\), first error is: failed to get pods metric value: unable to get metric requests_per_second: /);
    expect(hpaOf(sim, 'web').status?.currentMetrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', current: { averageValue: '40m', averageUtilization: 20 } } },
      { type: '' },
    ]);
    expect(targets(sim, 'web')).toBe('cpu: 20%/60%, <unknown>/100');
    metrics.cpu = () => 180; // 90% → 5: scaling up goes ahead on the valid metric
    sim.advance(15_000);
    expect(replicasOf(sim, 'web')).toBe(5);
    expect(conditionsOf(sim, 'web')[1]![2]).toBe('ValidMetricFound');
  });

  it('Object and External metrics nobody serves', () => {
    const { sim } = hpaSim();
    runDeployment(sim, 'web', 2);
    runDeployment(sim, 'worker', 2, undefined, 1_000);
    sim.store.create(hpaObject('obj', 'web', { metrics: [{ type: 'Object', object: { describedObject: { apiVersion: 'v1', kind: 'Service', name: 'web' }, metric: { name: 'requests_per_second' }, target: { type: 'Value', value: '500' } } }] }));
    sim.store.create(hpaObject('ext', 'worker', { metrics: [{ type: 'External', external: { metric: { name: 'queue_messages', selector: { matchLabels: { queue: 'orders' } } }, target: { type: 'AverageValue', averageValue: '30' } } }] }));
    sim.advance(15_000);
    const objErr = 'unable to get metric requests_per_second on Service default/web: unable to fetch metrics from custom metrics API: the server could not find the metric requests_per_second for services web';
    expect(warnings(sim, 'obj')[0]).toEqual(['FailedGetObjectMetric', objErr]);
    expect(warnings(sim, 'obj')[1]).toEqual(['FailedComputeMetricsReplicas', `invalid metrics (1 invalid out of 1), first error is: failed to get object metric value: ${objErr}`]);
    const sel = '&LabelSelector{MatchLabels:map[string]string{queue: orders,},MatchExpressions:[]LabelSelectorRequirement{},}';
    const extErr = `unable to get external metric default/queue_messages/${sel}: unable to fetch metrics from external metrics API: the server could not find the metric queue_messages for provided labels`;
    expect(warnings(sim, 'ext')[0]).toEqual(['FailedGetExternalMetric', extErr]);
    expect(warnings(sim, 'ext')[1]![1]).toBe(`invalid metrics (1 invalid out of 1), first error is: failed to get queue_messages external metric value: failed to get queue_messages external metric: ${extErr}`);
  });

  it('Object, External and Pods metrics that are served: values, statuses and TARGETS', () => {
    const { sim, metrics } = hpaSim();
    runDeployment(sim, 'web', 2);
    metrics.objects.set('Service/web/requests_per_second', 1500);
    metrics.external.set('queue_messages', [90]);
    sim.store.create(hpaObject('obj', 'web', { metrics: [{ type: 'Object', object: { describedObject: { apiVersion: 'v1', kind: 'Service', name: 'web' }, metric: { name: 'requests_per_second' }, target: { type: 'Value', value: '500' } } }] }));
    sim.advance(15_000);
    // 1500 against 500 over 2 ready pods → 6, capped at max(2 × 2, 4) = 4.
    expect(replicasOf(sim, 'web')).toBe(4);
    expect(eventsOf(sim, 'obj').find((e) => e[1] === 'SuccessfulRescale')?.[2]).toBe('New size: 4; reason: Service metric requests_per_second above target');
    expect(hpaOf(sim, 'obj').status?.currentMetrics).toEqual([{ type: 'Object', object: { metric: { name: 'requests_per_second' }, current: { value: '1500' }, describedObject: { apiVersion: 'v1', kind: 'Service', name: 'web' } } }]);
    expect(targets(sim, 'obj')).toBe('1500/500');
    sim.store.delete('HorizontalPodAutoscaler', 'default', 'obj');
    sim.store.create(hpaObject('ext', 'web', { metrics: [{ type: 'External', external: { metric: { name: 'queue_messages' }, target: { type: 'Value', value: '30' } } }] }));
    sim.advance(60_000);
    expect(targets(sim, 'ext')).toBe('90/30');
  });
});

describe('conflicts and refusals', () => {
  it('two HPAs over the same pods: AmbiguousSelector on both', () => {
    const { sim, metrics } = hpaSim();
    runDeployment(sim, 'web', 3);
    metrics.cpu = () => 120;
    sim.store.create(hpaObject('web', 'web'));
    sim.store.create(hpaObject('web-mem', 'web', { metrics: [{ type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '1Gi' } } }] }));
    sim.advance(30_000);
    const message = 'pods by selector app=web are controlled by multiple HPAs: [default/web default/web-mem]';
    for (const name of ['web', 'web-mem']) {
      expect(conditionsOf(sim, name)[1]).toEqual(['ScalingActive', 'False', 'AmbiguousSelector', message]);
      expect(warnings(sim, name).slice(-2)).toEqual([['AmbiguousSelector', message], ['FailedComputeMetricsReplicas', message]]);
    }
    // Deleting one lets the other work again.
    sim.store.delete('HorizontalPodAutoscaler', 'default', 'web-mem');
    sim.advance(15_000);
    expect(conditionsOf(sim, 'web')[1]![2]).toBe('ValidMetricFound');
  });

  it('a refused scale write: FailedRescale and AbleToScale FailedUpdateScale', () => {
    const { sim, metrics } = hpaSim();
    runDeployment(sim, 'web', 3);
    metrics.cpu = () => 180;
    sim.store.admission.push({
      name: 'freeze', validate: (obj, op) => {
        if (obj.kind === 'Deployment' && op === 'UPDATE') throw forbidden('deployments.apps "web" is forbidden: replicas are frozen');
        return [];
      },
    });
    sim.store.create(hpaObject('web', 'web'));
    sim.advance(15_000);
    const err = 'deployments.apps "web" is forbidden: replicas are frozen';
    expect(warnings(sim, 'web')).toEqual([['FailedRescale', `New size: 5; reason: cpu resource utilization (percentage of request) above target; error: ${err}`]]);
    expect(conditionsOf(sim, 'web')[0]).toEqual(['AbleToScale', 'False', 'FailedUpdateScale', `the HPA controller was unable to update the target scale: ${err}`]);
    expect(hpaOf(sim, 'web').status).toMatchObject({ currentReplicas: 3, desiredReplicas: 0 });
    expect(replicasOf(sim, 'web')).toBe(3);
  });

  it('never crashes on odd but valid specs', () => {
    const { sim, metrics } = hpaSim();
    for (let i = 0; i < 3; i++) runDeployment(sim, `odd-${i}`, 2, undefined, 1_000);
    sim.advance(60_000);
    metrics.cpu = () => 100;
    metrics.objects.set('Service/web/rps', 10);
    const odd = [
      // An Object target whose type names neither of the values it sets.
      { type: 'Object' as const, object: { describedObject: { kind: 'Service', name: 'web' }, metric: { name: 'rps' }, target: { type: 'Utilization' as const, value: '5' } } },
      // A resource metrics-server does not report.
      { type: 'Resource' as const, resource: { name: 'ephemeral-storage', target: { type: 'Utilization' as const, averageUtilization: 50 } } },
      // A container the pods do not have.
      { type: 'ContainerResource' as const, containerResource: { name: 'cpu', container: 'sidecar', target: { type: 'Utilization' as const, averageUtilization: 50 } } },
    ];
    odd.forEach((m, i) => sim.store.create(hpaObject(`odd-${i}`, `odd-${i}`, { metrics: [m], minReplicas: 2, maxReplicas: 2 })));
    // Pods that can never schedule (Pending) are set aside, leaving no usable sample.
    sim.store.create(deployment('huge', 1, { cpu: '1000' }));
    sim.store.create(hpaObject('pending', 'huge'));
    sim.advance(45_000);
    expect(warnings(sim, 'odd-0')[0]).toEqual(['FailedGetObjectMetric', 'invalid object metric source: neither a value target nor an average value target was set']);
    expect(warnings(sim, 'odd-1')[0]).toEqual(['FailedGetResourceMetric', 'failed to get ephemeral-storage utilization: did not receive metrics for targeted pods (pods might be unready)']);
    expect(warnings(sim, 'odd-2')[0]).toEqual(['FailedGetContainerResourceMetric', `failed to get cpu utilization: unable to get metrics for resource cpu: failed to get container metrics: container sidecar not present in metrics for pod default/${podsOf(sim, 'odd-2')[0]!.metadata.name}`]);
    expect(replicasOf(sim, 'odd-1')).toBe(2);
    expect(warnings(sim, 'pending')[0]).toEqual(['FailedGetResourceMetric', 'failed to get cpu utilization: did not receive metrics for targeted pods (pods might be unready)']);
    expect(podsOf(sim, 'huge').map((p) => p.status?.phase)).toEqual(['Pending']);
  });

  it('a stopped controller manager resumes syncing where it left off', () => {
    const { sim, metrics } = hpaSim();
    runDeployment(sim, 'web', 3);
    metrics.cpu = () => 180;
    sim.engine.setRunning('horizontal-pod-autoscaler', false);
    sim.store.create(hpaObject('web', 'web'));
    sim.advance(60_000);
    expect(replicasOf(sim, 'web')).toBe(3);
    sim.engine.setRunning('horizontal-pod-autoscaler', true);
    sim.advance(1);
    expect(replicasOf(sim, 'web')).toBe(5);
  });
});
