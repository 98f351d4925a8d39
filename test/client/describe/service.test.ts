import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../source/api/meta.js';
import { describeObject } from '../../../source/client/describe/index.js';
import { formatEndpoints } from '../../../source/client/describe/service.js';
import { NOW } from '../../api/print/helpers.js';

const service = (): KubeObject => ({
  apiVersion: 'v1', kind: 'Service',
  metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
  spec: {
    type: 'NodePort', selector: { app: 'web' }, clusterIP: '10.96.12.34', clusterIPs: ['10.96.12.34'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack',
    ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30080, protocol: 'TCP' }, { port: 9090, targetPort: 'metrics', protocol: 'TCP' }],
    sessionAffinity: 'None', externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster',
  },
});

const endpoints = (ips: string[], notReady: string[] = []): KubeObject => ({
  apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web', namespace: 'default' },
  subsets: [{
    addresses: ips.map((ip) => ({ ip })), notReadyAddresses: notReady.map((ip) => ({ ip })),
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }, { name: '', port: 9090, protocol: 'TCP' }],
  }],
});

describe('describe service', () => {
  it('lays out type, IPs, ports with their endpoints and policies', () => {
    const ep = endpoints(['10.244.1.5', '10.244.2.7', '10.244.3.9', '10.244.1.6']);
    expect(describeObject(service(), { nowMs: NOW, events: [], related: { endpoints: ep } })).toBe(`Name:                     web
Namespace:                default
Labels:                   app=web
Annotations:              <none>
Selector:                 app=web
Type:                     NodePort
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.96.12.34
IPs:                      10.96.12.34
Port:                     http  80/TCP
TargetPort:               8080/TCP
NodePort:                 http  30080/TCP
Endpoints:                10.244.1.5:8080,10.244.2.7:8080,10.244.3.9:8080 + 1 more...
Port:                     <unset>  9090/TCP
TargetPort:               metrics/TCP
Endpoints:                10.244.1.5:9090,10.244.2.7:9090,10.244.3.9:9090 + 1 more...
Session Affinity:         None
External Traffic Policy:  Cluster
Internal Traffic Policy:  Cluster
Events:                   <none>
`);
  });

  it('prints <none> without an Endpoints object and nothing when no address is ready', () => {
    expect(formatEndpoints(undefined, 'http')).toBe('<none>');
    expect(formatEndpoints(endpoints([], ['10.244.1.5']), 'http')).toBe('');
    expect(formatEndpoints({ apiVersion: 'v1', kind: 'Endpoints', metadata: {}, subsets: [] }, 'http')).toBe('<none>');
    expect(formatEndpoints(endpoints(['10.244.1.5']), 'http')).toBe('10.244.1.5:8080');
    // Headless services without ports list bare addresses.
    expect(formatEndpoints({ apiVersion: 'v1', kind: 'Endpoints', metadata: {}, subsets: [{ addresses: [{ ip: 'fd00::1' }] }] }, '')).toBe('fd00::1');
  });

  it('describes endpoints subsets with ready and not-ready addresses', () => {
    const out = describeObject(endpoints(['10.244.1.5'], ['10.244.2.7']), { nowMs: NOW, events: [] });
    expect(out).toBe(`Name:         web
Namespace:    default
Labels:       <none>
Annotations:  <none>
Subsets:
  Addresses:          10.244.1.5
  NotReadyAddresses:  10.244.2.7
  Ports:
    Name     Port  Protocol
    ----     ----  --------
    http     8080  TCP
    <unset>  9090  TCP

Events:  <none>
`);
  });
});

describe('describe config, storage and policy kinds', () => {
  it('shows configmap values and secret byte counts, never secret values', () => {
    const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app', namespace: 'default' }, data: { 'b.conf': 'x=1\ny=2', a: 'hello' } };
    expect(describeObject(cm, { nowMs: NOW, events: [] })).toBe(`Name:         app
Namespace:    default
Labels:       <none>
Annotations:  <none>

Data
====
a:
----
hello

b.conf:
----
x=1
y=2


BinaryData
====

Events:  <none>
`);
    const secret: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'default' }, type: 'Opaque',
      data: { password: Buffer.from('s3cr3t-pa55').toString('base64'), username: Buffer.from('admin').toString('base64') } };
    const out = describeObject(secret, { nowMs: NOW, events: [] });
    expect(out).toBe('Name:         db\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\nType:  Opaque\n\nData\n====\npassword:  11 bytes\nusername:  5 bytes\n');
    expect(out).not.toContain('s3cr3t');
  });

  it('describes a PVC with its users and a bound PV', () => {
    const pvc: KubeObject = {
      apiVersion: 'v1', kind: 'PersistentVolumeClaim',
      metadata: { name: 'data-db-0', namespace: 'default', finalizers: ['kubernetes.io/pvc-protection'] },
      spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'standard', volumeName: 'pvc-123', volumeMode: 'Filesystem', resources: { requests: { storage: '10Gi' } } },
      status: { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '10Gi' } },
    };
    const user = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'db-0', namespace: 'default' }, spec: { containers: [], volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data-db-0' } }] } };
    const other = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { containers: [] } };
    expect(describeObject(pvc, { nowMs: NOW, events: [], related: { pods: [user, other] as never } })).toBe(`Name:          data-db-0
Namespace:     default
StorageClass:  standard
Status:        Bound
Volume:        pvc-123
Labels:        <none>
Annotations:   <none>
Finalizers:    [kubernetes.io/pvc-protection]
Capacity:      10Gi
Access Modes:  RWO
VolumeMode:    Filesystem
Used By:       db-0
Events:        <none>
`);
    const pv: KubeObject = {
      apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pvc-123', finalizers: ['kubernetes.io/pv-protection'] },
      spec: { capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Delete', storageClassName: 'standard',
        claimRef: { namespace: 'default', name: 'data-db-0' }, csi: { driver: 'ebs.csi.aws.com', volumeHandle: 'vol-0abc', fsType: 'ext4' },
        nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['eu-west-1a'] }] }] } } },
      status: { phase: 'Bound' },
    };
    expect(describeObject(pv, { nowMs: NOW, events: [] })).toContain(`Status:            Bound
Claim:             default/data-db-0
Reclaim Policy:    Delete
Access Modes:      RWO
Capacity:          10Gi
Node Affinity:     
  Required Terms:  
    Term 0:        topology.kubernetes.io/zone in [eu-west-1a]
Message:           
Source:
    Type:              CSI (a Container Storage Interface (CSI) volume source)
    Driver:            ebs.csi.aws.com
    FSType:            ext4
    VolumeHandle:      vol-0abc
    ReadOnly:          false
    VolumeAttributes:  <none>
Events:                <none>
`);
  });

  it('describes an HPA\'s metrics, behaviour and conditions', () => {
    const hpa: KubeObject = {
      apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'default', creationTimestamp: '2026-01-01T11:00:00Z' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 10,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
        behavior: { scaleDown: { stabilizationWindowSeconds: 300, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] } },
      },
      status: {
        currentReplicas: 3, desiredReplicas: 4,
        currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 67, averageValue: '67m' } } }],
        conditions: [{ type: 'AbleToScale', status: 'True', reason: 'SucceededRescale', message: 'the HPA controller was able to update the target scale to 4' }],
      },
    };
    const out = describeObject(hpa, { nowMs: NOW, events: [] });
    expect(out).toContain(`Reference:                                             Deployment/web
Metrics:                                               ( current / target )
  resource cpu on pods  (as a percentage of request):  67% (67m) / 50%
Min replicas:                                          2
Max replicas:                                          10
Behavior:
  Scale Down:
    Stabilization Window: 300 seconds
    Select Policy: Max
    Policies:
      - Type: Percent  Value: 100  Period: 15 seconds
Deployment pods:       3 current / 4 desired
Conditions:
  Type         Status  Reason            Message
  ----         ------  ------            -------
  AbleToScale  True    SucceededRescale  the HPA controller was able to update the target scale to 4
`);
  });

  it('describes a PDB\'s budget and status', () => {
    const pdb: KubeObject = {
      apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: 'default' },
      spec: { minAvailable: '50%', selector: { matchLabels: { app: 'web' } } },
      status: { disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3 },
    };
    expect(describeObject(pdb, { nowMs: NOW, events: [] })).toBe(`Name:           web
Namespace:      default
Min available:  50%
Selector:       app=web
Status:
    Allowed disruptions:  1
    Current:              3
    Desired:              2
    Total:                3
Events:                   <none>
`);
  });

  it('describes a namespace with no quota and no limit range', () => {
    const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'kubernetes.io/metadata.name': 'shop' } }, status: { phase: 'Active' } };
    expect(describeObject(ns, { nowMs: NOW, events: [] })).toBe(`Name:         shop
Labels:       kubernetes.io/metadata.name=shop
Annotations:  <none>
Status:       Active

No resource quota.

No LimitRange resource.
`);
  });
});
