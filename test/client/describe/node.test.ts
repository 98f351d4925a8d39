import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../source/api/core.js';
import type { KubeObject } from '../../../source/api/meta.js';
import { describeObject } from '../../../source/client/describe/index.js';
import { nodeRoles } from '../../../source/client/describe/node.js';
import { D, H, NOW, ago } from '../../api/print/helpers.js';

const node = (): KubeObject => ({
  apiVersion: 'v1', kind: 'Node',
  metadata: {
    name: 'worker-1', uid: 'n1', creationTimestamp: '2025-12-30T08:00:00Z',
    labels: { 'kubernetes.io/hostname': 'worker-1', 'node-role.kubernetes.io/worker': '', 'topology.kubernetes.io/zone': 'eu-west-1a' },
    annotations: { 'node.alpha.kubernetes.io/ttl': '0' },
  },
  spec: {
    podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24'], providerID: 'kubedrill://test/worker-1', unschedulable: true,
    taints: [
      { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: ago(H) },
      { key: 'dedicated', value: 'db', effect: 'NoExecute' },
    ],
  },
  status: {
    capacity: { cpu: '4', memory: '16Gi', pods: '110', 'ephemeral-storage': '100Gi', 'nvidia.com/gpu': '1' },
    allocatable: { cpu: '3900m', memory: '15Gi', pods: '110', 'ephemeral-storage': '90Gi', 'nvidia.com/gpu': '1' },
    conditions: [
      { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: '2026-01-01T11:59:50Z', lastTransitionTime: '2025-12-30T08:00:00Z', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
      { type: 'Ready', status: 'True', lastHeartbeatTime: '2026-01-01T11:59:50Z', lastTransitionTime: '2025-12-30T08:00:30Z', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
    ],
    addresses: [{ type: 'InternalIP', address: '10.0.0.11' }, { type: 'Hostname', address: 'worker-1' }],
    nodeInfo: {
      machineID: 'm1', systemUUID: 's1', bootID: 'b1', kernelVersion: '6.1.0-31-cloud-amd64', osImage: 'Debian GNU/Linux 12 (bookworm)',
      operatingSystem: 'linux', architecture: 'amd64', containerRuntimeVersion: 'containerd://1.7.24', kubeletVersion: 'v1.32.4', kubeProxyVersion: 'v1.32.4',
    },
  },
});

const pod = (name: string, ns: string, resources: Record<string, unknown>, created: string): Pod => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, creationTimestamp: created },
  spec: { nodeName: 'worker-1', containers: [{ name: 'c', image: 'x', resources }] },
  status: { phase: 'Running' },
});

describe('describe node', () => {
  it('lays out a node with taints, conditions, system info and the pods and allocations table', () => {
    const pods = [
      pod('coredns-abc', 'kube-system', { requests: { cpu: '100m', memory: '70Mi' }, limits: { memory: '170Mi' } }, ago(2 * D)),
      pod('web-7d9c5b6f4-x2x9q', 'default', { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '2', memory: '1Gi', 'nvidia.com/gpu': '1' } }, ago(3 * H)),
    ];
    expect(describeObject(node(), { nowMs: NOW, events: [], related: { nodePods: pods } })).toBe(`Name:               worker-1
Roles:              worker
Labels:             kubernetes.io/hostname=worker-1
                    node-role.kubernetes.io/worker=
                    topology.kubernetes.io/zone=eu-west-1a
Annotations:        node.alpha.kubernetes.io/ttl: 0
CreationTimestamp:  Tue, 30 Dec 2025 08:00:00 +0000
Taints:             dedicated=db:NoExecute
                    node.kubernetes.io/unschedulable:NoSchedule
Unschedulable:      true
Conditions:
  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message
  ----             ------  -----------------                 ------------------                ------                       -------
  MemoryPressure   False   Thu, 01 Jan 2026 11:59:50 +0000   Tue, 30 Dec 2025 08:00:00 +0000   KubeletHasSufficientMemory   kubelet has sufficient memory available
  Ready            True    Thu, 01 Jan 2026 11:59:50 +0000   Tue, 30 Dec 2025 08:00:30 +0000   KubeletReady                 kubelet is posting ready status
Addresses:
  InternalIP:  10.0.0.11
  Hostname:    worker-1
Capacity:
  cpu:                4
  ephemeral-storage:  100Gi
  memory:             16Gi
  nvidia.com/gpu:     1
  pods:               110
Allocatable:
  cpu:                3900m
  ephemeral-storage:  90Gi
  memory:             15Gi
  nvidia.com/gpu:     1
  pods:               110
System Info:
  Machine ID:                 m1
  System UUID:                s1
  Boot ID:                    b1
  Kernel Version:             6.1.0-31-cloud-amd64
  OS Image:                   Debian GNU/Linux 12 (bookworm)
  Operating System:           linux
  Architecture:               amd64
  Container Runtime Version:  containerd://1.7.24
  Kubelet Version:            v1.32.4
  Kube-Proxy Version:         v1.32.4
PodCIDR:                      10.244.1.0/24
PodCIDRs:                     10.244.1.0/24
ProviderID:                   kubedrill://test/worker-1
Non-terminated Pods:          (2 in total)
  Namespace                   Name                   CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age
  ---------                   ----                   ------------  ----------  ---------------  -------------  ---
  kube-system                 coredns-abc            100m (2%)     0 (0%)      70Mi (0%)        170Mi (1%)     2d
  default                     web-7d9c5b6f4-x2x9q    1 (25%)       2 (51%)     1Gi (6%)         1Gi (6%)       3h
Allocated resources:
  (Total limits may be over 100 percent, i.e., overcommitted.)
  Resource           Requests     Limits
  --------           --------     ------
  cpu                1100m (28%)  2 (51%)
  memory             1094Mi (7%)  1194Mi (7%)
  ephemeral-storage  0 (0%)       0 (0%)
  nvidia.com/gpu     0            1
Events:              <none>
`);
  });

  it('shows the node Lease when the caller passes it', () => {
    const lease: KubeObject = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'worker-1', namespace: 'kube-node-lease' },
      spec: { holderIdentity: 'worker-1', leaseDurationSeconds: 40, renewTime: '2026-01-01T11:59:58Z' } };
    const out = describeObject(node(), { nowMs: NOW, events: [], related: { lease } });
    expect(out).toContain('Unschedulable:      true\nLease:\n  HolderIdentity:  worker-1\n  AcquireTime:     <unset>\n  RenewTime:       Thu, 01 Jan 2026 11:59:58 +0000\nConditions:\n');
  });

  it('finds roles from node-role.kubernetes.io/* keys and the kubernetes.io/role label', () => {
    expect(nodeRoles({ 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/role': 'master', 'node-role.kubernetes.io/': 'x' })).toEqual(['control-plane', 'master']);
    expect(nodeRoles(undefined)).toEqual([]);
  });

  it('says "not authorized" when the caller could not list the node\'s pods', () => {
    expect(describeObject(node(), { nowMs: NOW, events: [] })).toContain('ProviderID:                   kubedrill://test/worker-1\nPods:                         not authorized\n');
  });
});
