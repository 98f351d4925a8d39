/** Pod and pod template defaulting (SetDefaults_PodSpec / _Container / _Probe / _Volume / _Pod and admission defaults). */
import { describe, expect, it } from 'vitest';
import { applyDefaults, defaultPullPolicy } from '../../../source/api/defaults/index.js';
import { deployment, pod } from '../validation/fixtures.js';

function defaulted<T>(obj: T): T {
  applyDefaults(obj as never);
  return obj;
}

describe('image pull policy', () => {
  it.each([
    ['nginx', 'Always'], ['nginx:latest', 'Always'], ['registry:5000/team/app', 'Always'], ['nginx:1.27', 'IfNotPresent'],
    ['registry:5000/team/app:v2', 'IfNotPresent'], ['nginx@sha256:abcd', 'IfNotPresent'], ['nginx:latest@sha256:abcd', 'Always'],
    ['', 'IfNotPresent'], ['Nginx', 'IfNotPresent'],
  ])('%s → %s', (image, policy) => {
    expect(defaultPullPolicy(image)).toBe(policy);
  });
});

describe('Pod', () => {
  it('gets the pod spec defaults', () => {
    const p = defaulted(pod());
    expect(p.spec).toMatchObject({
      restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler',
      securityContext: {}, enableServiceLinks: true, serviceAccountName: 'default', serviceAccount: 'default', priority: 0,
      preemptionPolicy: 'PreemptLowerPriority',
    });
    expect(p.spec.containers[0]).toMatchObject({
      imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
      ports: [{ containerPort: 80, name: 'http', protocol: 'TCP' }],
    });
  });

  it('keeps what the user set', () => {
    const p = pod();
    Object.assign(p.spec, { restartPolicy: 'Never', terminationGracePeriodSeconds: 0, serviceAccountName: 'builder', enableServiceLinks: false });
    p.spec.containers[0].imagePullPolicy = 'Never';
    defaulted(p);
    expect(p.spec).toMatchObject({ restartPolicy: 'Never', terminationGracePeriodSeconds: 0, serviceAccountName: 'builder', serviceAccount: 'builder', enableServiceLinks: false });
    expect(p.spec.containers[0].imagePullPolicy).toBe('Never');
  });

  it('defaults requests to limits for each resource without a request', () => {
    const p = pod();
    p.spec.containers[0].resources = { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m' } };
    p.spec.initContainers = [{ name: 'init', image: 'busybox', resources: { limits: { memory: '64Mi' } } }];
    defaulted(p);
    expect(p.spec.containers[0].resources.requests).toEqual({ cpu: '100m', memory: '256Mi' });
    expect(p.spec.initContainers[0].resources.requests).toEqual({ memory: '64Mi' });
  });

  it('defaults probe timings, http path and scheme', () => {
    const p = pod();
    p.spec.containers[0].readinessProbe = { httpGet: { port: 8080 }, initialDelaySeconds: 5 };
    p.spec.containers[0].livenessProbe = { tcpSocket: { port: 8080 }, periodSeconds: 20, failureThreshold: 0 };
    defaulted(p);
    expect(p.spec.containers[0].readinessProbe).toEqual({
      httpGet: { port: 8080, path: '/', scheme: 'HTTP' }, initialDelaySeconds: 5, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3,
    });
    expect(p.spec.containers[0].livenessProbe).toMatchObject({ periodSeconds: 20, failureThreshold: 3, timeoutSeconds: 1, successThreshold: 1 });
  });

  it('defaults volumes: no source means emptyDir, file modes 0644, hostPath type', () => {
    const p = pod();
    p.spec.volumes = [{ name: 'scratch' }, { name: 'cfg', configMap: { name: 'app' } }, { name: 'host', hostPath: { path: '/var/log' } }];
    defaulted(p);
    expect(p.spec.volumes).toEqual([
      { name: 'scratch', emptyDir: {} }, { name: 'cfg', configMap: { name: 'app', defaultMode: 420 } }, { name: 'host', hostPath: { path: '/var/log', type: '' } },
    ]);
  });

  it('sets host ports under hostNetwork, and the downward API version', () => {
    const p = pod();
    p.spec.hostNetwork = true;
    p.spec.containers[0].env = [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }];
    defaulted(p);
    expect(p.spec.containers[0].ports[0].hostPort).toBe(80);
    expect(p.spec.containers[0].env[0].valueFrom.fieldRef.apiVersion).toBe('v1');
  });

  it('leaves priority to the Priority admission when a class is named', () => {
    const p = pod();
    p.spec.priorityClassName = 'high';
    defaulted(p);
    expect(p.spec.priority).toBeUndefined();
  });
});

describe('pod templates', () => {
  it('get the pod spec defaults but not the Pod-only ones', () => {
    const d = deployment();
    d.spec.template.spec.containers[0].resources = { limits: { cpu: '1' } };
    defaulted(d);
    const spec = d.spec.template.spec;
    expect(spec).toMatchObject({ restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', securityContext: {} });
    for (const podOnly of ['enableServiceLinks', 'serviceAccountName', 'priority', 'preemptionPolicy']) expect(spec[podOnly]).toBeUndefined();
    expect(spec.containers[0].resources.requests).toBeUndefined();
  });

  it('mirror serviceAccount and serviceAccountName', () => {
    const d = deployment();
    d.spec.template.spec.serviceAccount = 'legacy';
    defaulted(d);
    expect(d.spec.template.spec).toMatchObject({ serviceAccountName: 'legacy', serviceAccount: 'legacy' });
  });
});
