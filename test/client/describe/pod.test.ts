import { describe, expect, it } from 'vitest';
import type { Event, Pod } from '../../../source/api/core.js';
import { describeObject } from '../../../source/client/describe/index.js';
import { describeProbe } from '../../../source/client/describe/containers.js';
import { rfc1123z, tolerationString } from '../../../source/client/describe/common.js';
import { createAll, testSimulation } from '../../sim-helpers.js';
import { M, NOW, S, ago } from '../../api/print/helpers.js';
import { event } from './helpers.js';

const runningPod = (): Pod => ({
  apiVersion: 'v1', kind: 'Pod',
  metadata: {
    name: 'web-7d9c5b6f4-x2x9q', namespace: 'default', uid: 'u1', creationTimestamp: ago(5 * M),
    labels: { app: 'web', 'pod-template-hash': '7d9c5b6f4' },
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"big":"json"}', 'prometheus.io/scrape': 'true' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d9c5b6f4', uid: 'rs1', controller: true }],
  },
  spec: {
    nodeName: 'worker-1', priority: 0, serviceAccountName: 'default',
    containers: [{
      name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }],
      resources: { limits: { memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
      readinessProbe: { httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
      env: [{ name: 'MODE', value: 'prod' }, { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
        { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }],
      volumeMounts: [{ name: 'kube-api-access-abcde', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }],
    }],
    volumes: [{ name: 'kube-api-access-abcde', projected: { sources: [
      { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }, { configMap: { name: 'kube-root-ca.crt' } }, { downwardAPI: {} },
    ] } }],
    tolerations: [
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ],
  },
  status: {
    phase: 'Running', hostIP: '10.0.0.11', podIP: '10.244.1.5', podIPs: [{ ip: '10.244.1.5' }], startTime: '2026-01-01T11:55:00Z', qosClass: 'Burstable',
    conditions: [
      { type: 'PodReadyToStartContainers', status: 'True' }, { type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'True' },
      { type: 'ContainersReady', status: 'True' }, { type: 'PodScheduled', status: 'True' },
    ],
    containerStatuses: [{
      name: 'web', ready: true, restartCount: 0, image: 'docker.io/library/nginx:1.27', imageID: 'docker.io/library/nginx@sha256:abc',
      containerID: 'containerd://123', started: true, state: { running: { startedAt: '2026-01-01T11:55:05Z' } },
    }],
  },
});

describe('describe pod', () => {
  it('lays out a running pod exactly like kubectl describe pod', () => {
    const events = [
      event('Scheduled', 'Successfully assigned default/web-7d9c5b6f4-x2x9q to worker-1', ago(5 * M), ago(5 * M), 1, 'Normal', 'default-scheduler'),
      event('Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503', ago(4 * M), ago(60 * S), 5, 'Warning'),
    ];
    expect(describeObject(runningPod(), { nowMs: NOW, events })).toBe(`Name:             web-7d9c5b6f4-x2x9q
Namespace:        default
Priority:         0
Service Account:  default
Node:             worker-1/10.0.0.11
Start Time:       Thu, 01 Jan 2026 11:55:00 +0000
Labels:           app=web
                  pod-template-hash=7d9c5b6f4
Annotations:      prometheus.io/scrape: true
Status:           Running
IP:               10.244.1.5
IPs:
  IP:           10.244.1.5
Controlled By:  ReplicaSet/web-7d9c5b6f4
Containers:
  web:
    Container ID:   containerd://123
    Image:          nginx:1.27
    Image ID:       docker.io/library/nginx@sha256:abc
    Port:           80/TCP
    Host Port:      0/TCP
    State:          Running
      Started:      Thu, 01 Jan 2026 11:55:05 +0000
    Ready:          True
    Restart Count:  0
    Limits:
      memory:  256Mi
    Requests:
      cpu:      100m
      memory:   128Mi
    Readiness:  http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3
    Environment:
      MODE:         prod
      POD_NAME:     web-7d9c5b6f4-x2x9q (v1:metadata.name)
      DB_PASSWORD:  <set to the key 'password' in secret 'db'>  Optional: false
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-abcde (ro)
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       True 
  ContainersReady             True 
  PodScheduled                True 
Volumes:
  kube-api-access-abcde:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    Optional:                false
    DownwardAPI:             true
QoS Class:                   Burstable
Node-Selectors:              <none>
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:
  Type     Reason     Age               From               Message
  ----     ------     ----              ----               -------
  Normal   Scheduled  5m                default-scheduler  Successfully assigned default/web-7d9c5b6f4-x2x9q to worker-1
  Warning  Unhealthy  60s (x5 over 4m)  kubelet            Readiness probe failed: HTTP probe failed with statuscode: 503
`);
  });

  it('shows a crash-looping container with Waiting state, Last State and the BackOff events', () => {
    const pod = runningPod();
    pod.status!.containerStatuses = [{
      name: 'web', ready: false, restartCount: 5, image: 'nginx:1.27', imageID: 'docker.io/library/nginx@sha256:abc', containerID: 'containerd://456',
      state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 2m40s restarting failed container=web pod=web_default(u1)' } },
      lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: '2026-01-01T11:57:00Z', finishedAt: '2026-01-01T11:57:30Z', containerID: 'containerd://455' } },
    }];
    const out = describeObject(pod, {
      nowMs: NOW,
      events: [event('BackOff', 'Back-off restarting failed container web in pod web_default(u1)', ago(4 * M), ago(10 * S), 21, 'Warning')],
    });
    expect(out).toContain(`    State:          Waiting
      Reason:       CrashLoopBackOff
    Last State:     Terminated
      Reason:       Error
      Exit Code:    1
      Started:      Thu, 01 Jan 2026 11:57:00 +0000
      Finished:     Thu, 01 Jan 2026 11:57:30 +0000
    Ready:          False
    Restart Count:  5
`);
    expect(out).toContain('  Warning  BackOff  10s (x21 over 4m)  kubelet  Back-off restarting failed container web in pod web_default(u1)\n');
  });

  it('prints Terminating with the grace period, OOMKilled with signal, and Events: <none> aligned with the block above', () => {
    const pod = runningPod();
    pod.metadata.deletionTimestamp = ago(-25 * S);
    pod.metadata.deletionGracePeriodSeconds = 30;
    pod.status!.containerStatuses![0]!.lastState = { terminated: { exitCode: 137, signal: 9, reason: 'OOMKilled', startedAt: ago(2 * M), finishedAt: ago(M) } };
    const out = describeObject(pod, { nowMs: NOW, events: [] });
    expect(out).toContain('Status:                    Terminating (lasts <invalid>)\nTermination Grace Period:  30s\n');
    expect(out).toContain('      Reason:       OOMKilled\n      Exit Code:    137\n      Signal:       9\n');
    expect(out.endsWith('                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s\nEvents:                      <none>\n')).toBe(true);
  });

  it('explains a pending pod: FailedScheduling and a per-node filter table from the scheduler record', () => {
    const sim = testSimulation({ workers: 3 });
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'huge', namespace: 'default' },
      spec: { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '64' } } }] } } as Pod;
    createAll(sim, [pod]);
    sim.advance(5000);
    const stored = sim.store.get<Pod>('Pod', 'default', 'huge');
    const record = sim.schedulingRecord(stored);
    expect(record?.result).toBe('unschedulable');
    const events = sim.store.select<Event>('Event').filter((e) => e.involvedObject.name === 'huge');
    const out = describeObject(stored, { nowMs: sim.now(), events, scheduling: record });
    expect(out).toContain('Node:             <none>\n');
    expect(out).toMatch(/Warning {2}FailedScheduling {2}5s {4}default-scheduler {2}0\/4 nodes are available: 1 node\(s\) had untolerated taint\(s\), 3 Insufficient cpu\./);
    const section = out.slice(out.indexOf('Scheduling (kubedrill):'));
    expect(section).toContain('  Result:   unschedulable at Thu, 01 Jan 2026 00:00:00 +0000 (5s ago)\n');
    expect(section).toContain('  Message:  0/4 nodes are available: 1 node(s) had untolerated taint(s), 3 Insufficient cpu.');
    // Rejected nodes grouped by reason (the larger group first); control-plane-0 never reached NodeResourcesFit.
    expect(section).toContain(`  Filters:
    Node             NodeUnschedulable  NodeName  TaintToleration             NodeResourcesFit
    ----             -----------------  --------  ---------------             ----------------
    workers-0        ok                 ok        ok                          ✗ Insufficient cpu
    workers-1        ok                 ok        ok                          ✗ Insufficient cpu
    workers-2        ok                 ok        ok                          ✗ Insufficient cpu
    control-plane-0  ok                 ok        ✗ had untolerated taint(s)  -
`);
  });

  it('caps the node table at 20 rows and shows a scheduled pod\'s weighted scores', () => {
    const sim = testSimulation({ workers: 24 });
    const big = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'huge', namespace: 'default' },
      spec: { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '64' } } }] } } as Pod;
    const small = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'small', namespace: 'default' },
      spec: { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '100m' } } }] } } as Pod;
    createAll(sim, [big, small]);
    sim.advance(2000);
    const pending = sim.store.get<Pod>('Pod', 'default', 'huge');
    const out = describeObject(pending, { nowMs: sim.now(), events: [], scheduling: sim.schedulingRecord(pending) });
    expect(out).toContain('    ... and 5 more nodes\n');
    expect(out.match(/✗ Insufficient cpu/g)).toHaveLength(20);

    const placed = sim.store.get<Pod>('Pod', 'default', 'small');
    const rec = sim.schedulingRecord(placed)!;
    expect(rec.result).toBe('scheduled');
    const text = describeObject(placed, { nowMs: sim.now(), events: [], scheduling: rec });
    expect(text).toContain(`  Result:  scheduled to ${placed.spec.nodeName} at `);
    expect(text).toMatch(/ {2}Score of \S+ \(total \d+\):\n {4}Plugin +Weight +Raw +Normalized +Weighted\n/);
    expect(text).toMatch(/ {4}TaintToleration +3 +0 +100 +300\n/);
    expect(text).toContain('  Top nodes (of 24 scored):\n');
    expect(text).toContain(`${placed.spec.nodeName} (chosen)`);
  });
});

describe('describe helpers', () => {
  it('formats probes as DescribeProbe does', () => {
    expect(describeProbe({ exec: { command: ['cat', '/tmp/healthy'] }, initialDelaySeconds: 5, timeoutSeconds: 1, periodSeconds: 5, successThreshold: 1, failureThreshold: 3 }))
      .toBe('exec [cat /tmp/healthy] delay=5s timeout=1s period=5s #success=1 #failure=3');
    expect(describeProbe({ tcpSocket: { port: 6379 }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 }))
      .toBe('tcp-socket :6379 delay=0s timeout=1s period=10s #success=1 #failure=3');
    expect(describeProbe({ httpGet: { path: '/health', port: 'http', scheme: 'HTTPS', host: 'fe80::1' }, timeoutSeconds: 2, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 }))
      .toBe('http-get https://[fe80::1]:http/health delay=0s timeout=2s period=10s #success=1 #failure=3');
    expect(describeProbe({})).toBe('unknown delay=0s timeout=0s period=0s #success=0 #failure=0');
  });

  it('formats tolerations and RFC1123Z times', () => {
    expect(tolerationString({ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }))
      .toBe('node.kubernetes.io/not-ready:NoExecute op=Exists for 300s');
    expect(tolerationString({ operator: 'Exists' })).toBe('op=Exists');
    expect(tolerationString({ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' })).toBe('dedicated=gpu:NoSchedule');
    expect(rfc1123z('2026-01-01T00:00:05Z')).toBe('Thu, 01 Jan 2026 00:00:05 +0000');
    expect(rfc1123z(undefined)).toBe('Mon, 01 Jan 0001 00:00:00 +0000');
    expect(rfc1123z('garbage')).toBe('Mon, 01 Jan 0001 00:00:00 +0000');
  });
});
