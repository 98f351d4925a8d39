import { describe, expect, it } from 'vitest';
import { tableFor } from '../../../source/api/print/columns.js';
import { D, H, M, NOW, S, ago, obj } from './helpers.js';

const names = (kind: string, wide = false) => tableFor(kind, [], { nowMs: NOW, wide }).columns.map((c) => c.name);
const cells = (kind: string, o: ReturnType<typeof obj>, wide = false) => tableFor(kind, [o], { nowMs: NOW, wide }).rows[0]!.cells;

describe('pods', () => {
  const pod = obj('v1', 'Pod', 'web-7d9f8c6b5-x2k4p', {
    spec: { nodeName: 'node-1', containers: [{ name: 'web', image: 'nginx:1.27' }], readinessGates: [{ conditionType: 'example.com/lb' }] },
    status: {
      phase: 'Running', podIP: '10.244.1.7', podIPs: [{ ip: '10.244.1.7' }],
      conditions: [{ type: 'Ready', status: 'True' }, { type: 'example.com/lb', status: 'True' }],
      containerStatuses: [{
        name: 'web', ready: true, restartCount: 2, image: 'nginx:1.27', imageID: '', state: { running: { startedAt: ago(M) } },
        lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', finishedAt: ago(65 * S) } },
      }],
    },
  }, { creationTimestamp: ago(3 * H + 5 * M) });

  it('default and wide columns with priorities and types', () => {
    expect(names('Pod')).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(names('pods', true)).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
    const cols = tableFor('Pod', [], { nowMs: NOW, wide: true }).columns;
    expect(cols.map((c) => c.priority)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1]);
    expect(cols[0]).toEqual({ name: 'NAME', priority: 0, type: 'string', format: 'name' });
  });

  it('cells', () => {
    expect(cells('Pod', pod)).toEqual(['web-7d9f8c6b5-x2k4p', '1/1', 'Running', '2 (65s ago)', '3h5m']);
    expect(cells('Pod', pod, true).slice(5)).toEqual(['10.244.1.7', 'node-1', '<none>', '1/1']);
  });

  it('unscheduled pod shows <none> for IP, NODE, NOMINATED NODE and READINESS GATES', () => {
    const pending = obj('v1', 'Pod', 'big', { spec: { containers: [{ name: 'c' }] }, status: { phase: 'Pending', nominatedNodeName: 'node-3' } });
    expect(cells('Pod', pending, true)).toEqual(['big', '0/1', 'Pending', '0', '5m', '<none>', '<none>', 'node-3', '<none>']);
  });
});

describe('nodes', () => {
  const node = (labels: Record<string, string>, conditions: unknown[], unschedulable?: boolean) => obj('v1', 'Node', 'node-1', {
    spec: { unschedulable },
    status: {
      conditions,
      addresses: [{ type: 'Hostname', address: 'node-1' }, { type: 'InternalIP', address: '10.0.0.11' }],
      nodeInfo: { kubeletVersion: 'v1.31.2', osImage: 'Ubuntu 24.04.1 LTS', kernelVersion: '6.8.0-45-generic', containerRuntimeVersion: 'containerd://1.7.22' },
    },
  }, { namespace: undefined, labels, creationTimestamp: ago(12 * D) });

  it('columns', () => {
    expect(names('Node')).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']);
    expect(names('Node', true).slice(5)).toEqual(['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME']);
  });

  it('STATUS, ROLES and wide cells', () => {
    const ready = node({ 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/role': 'master', 'node-role.kubernetes.io/etcd': '' }, [{ type: 'Ready', status: 'True' }]);
    expect(cells('Node', ready, true)).toEqual([
      'node-1', 'Ready', 'control-plane,etcd,master', '12d', 'v1.31.2', '10.0.0.11', '<none>', 'Ubuntu 24.04.1 LTS', '6.8.0-45-generic', 'containerd://1.7.22',
    ]);
    expect(cells('Node', node({}, [{ type: 'Ready', status: 'True' }], true))[1]).toBe('Ready,SchedulingDisabled');
    expect(cells('Node', node({}, [{ type: 'Ready', status: 'Unknown' }]))[1]).toBe('NotReady');
    expect(cells('Node', node({}, [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: 'False' }]))[1]).toBe('NotReady');
    expect(cells('Node', node({}, [], true))[1]).toBe('Unknown,SchedulingDisabled');
    expect(cells('Node', node({ 'node-role.kubernetes.io/': '' }, []))[2]).toBe('<none>');
  });

  it('a bare node prints <unknown> runtime fields', () => {
    const bare = obj('v1', 'Node', 'n', {}, { namespace: undefined });
    expect(cells('Node', bare, true)).toEqual(['n', 'Unknown', '<none>', '5m', '', '<none>', '<none>', '<unknown>', '<unknown>', '<unknown>']);
  });
});

describe('services', () => {
  const svc = (spec: Record<string, unknown>, status?: unknown) => obj('v1', 'Service', 'web', { spec, status }, { creationTimestamp: ago(2 * D + 3 * H) });

  it('columns', () => {
    expect(names('svc', true)).toEqual(['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE', 'SELECTOR']);
  });

  it('ClusterIP, NodePort, headless', () => {
    expect(cells('Service', svc({ type: 'ClusterIP', clusterIP: '10.96.14.2', clusterIPs: ['10.96.14.2'], selector: { tier: 'web', app: 'shop' }, ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }, { port: 443, protocol: 'TCP' }] }), true))
      .toEqual(['web', 'ClusterIP', '10.96.14.2', '<none>', '80/TCP,443/TCP', '2d3h', 'app=shop,tier=web']);
    expect(cells('Service', svc({ type: 'NodePort', clusterIPs: ['10.96.0.9'], externalIPs: ['192.0.2.4'], ports: [{ port: 80, nodePort: 30080 }, { port: 53, protocol: 'UDP' }] })))
      .toEqual(['web', 'NodePort', '10.96.0.9', '192.0.2.4', '80:30080/TCP,53/UDP', '2d3h']);
    expect(cells('Service', svc({ clusterIP: 'None', ports: [] }), true)).toEqual(['web', 'ClusterIP', 'None', '<none>', '<none>', '2d3h', '<none>']);
  });

  it('LoadBalancer shows <pending> until ingress is set, then sorted unique ingress plus externalIPs', () => {
    const spec = { type: 'LoadBalancer', clusterIPs: ['10.96.3.3'], ports: [{ port: 80, nodePort: 31380, protocol: 'TCP' }] };
    expect(cells('Service', svc(spec))[3]).toBe('<pending>');
    expect(cells('Service', svc(spec, { loadBalancer: { ingress: [{ ip: '203.0.113.9' }, { hostname: 'a1.elb.example.com' }, { ip: '203.0.113.9' }] } }))[3])
      .toBe('203.0.113.9,a1.elb.example.com');
    expect(cells('Service', svc({ ...spec, externalIPs: ['198.51.100.1'] }, { loadBalancer: { ingress: [{ ip: '203.0.113.9' }] } }))[3])
      .toBe('203.0.113.9,198.51.100.1');
  });

  it('ExternalName and unknown types', () => {
    expect(cells('Service', svc({ type: 'ExternalName', externalName: 'db.example.com' }))).toEqual(['web', 'ExternalName', '<none>', 'db.example.com', '<none>', '2d3h']);
    expect(cells('Service', svc({ type: 'Weird' }))[3]).toBe('<unknown>');
  });
});

describe('endpoints', () => {
  const ep = (subsets: unknown) => obj('v1', 'Endpoints', 'web', { subsets });
  it('ip:port pairs, first 3 then + N more..., <none> without subsets', () => {
    expect(names('ep')).toEqual(['NAME', 'ENDPOINTS', 'AGE']);
    expect(cells('Endpoints', ep(undefined))).toEqual(['web', '<none>', '5m']);
    expect(cells('Endpoints', ep([{ addresses: [{ ip: '10.244.1.5' }, { ip: '10.244.2.8' }], ports: [{ port: 8080 }] }]))[1]).toBe('10.244.1.5:8080,10.244.2.8:8080');
    const many = [{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }, { ip: '10.0.0.3' }], ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443 }] }];
    expect(cells('Endpoints', ep(many))[1]).toBe('10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 3 more...');
    expect(cells('Endpoints', ep([{ addresses: [{ ip: 'fd00::1' }], ports: [{ port: 80 }] }]))[1]).toBe('[fd00::1]:80');
    expect(cells('Endpoints', ep([{ addresses: [{ ip: '10.0.0.1' }] }]))[1]).toBe('10.0.0.1');
    // Only not-ready addresses: upstream prints an empty cell, not <none>.
    expect(cells('Endpoints', ep([{ notReadyAddresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }]))[1]).toBe('');
  });
});

describe('events', () => {
  const ev = (rest: Record<string, unknown>) => obj('v1', 'Event', 'web-7d9f8c6b5-x2k4p.17f0a3b2c4d5e6f7', {
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-7d9f8c6b5-x2k4p', fieldPath: 'spec.containers{web}' },
    reason: 'BackOff', message: 'Back-off restarting failed container web in pod web-7d9f8c6b5-x2k4p_default(uid)\n',
    source: { component: 'kubelet', host: 'node-1' }, type: 'Warning', count: 5,
    firstTimestamp: ago(10 * M), lastTimestamp: ago(41 * S), ...rest,
  });

  it('columns in upstream order', () => {
    expect(names('events')).toEqual(['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
    expect(names('events', true)).toEqual(['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'SUBOBJECT', 'SOURCE', 'MESSAGE', 'FIRST SEEN', 'COUNT', 'NAME']);
  });

  it('cells, with the message trimmed', () => {
    expect(cells('Event', ev({}))).toEqual(['41s', 'Warning', 'BackOff', 'pod/web-7d9f8c6b5-x2k4p', 'Back-off restarting failed container web in pod web-7d9f8c6b5-x2k4p_default(uid)']);
    expect(cells('Event', ev({}), true).slice(4)).toEqual([
      'spec.containers{web}', 'kubelet, node-1', 'Back-off restarting failed container web in pod web-7d9f8c6b5-x2k4p_default(uid)', '10m', '5',
      'web-7d9f8c6b5-x2k4p.17f0a3b2c4d5e6f7',
    ]);
  });

  it('falls back to firstTimestamp, then eventTime; series and singleton counts; reporting fields', () => {
    const modern = ev({ firstTimestamp: undefined, lastTimestamp: undefined, count: undefined, eventTime: '2026-01-01T11:57:00.000000Z', source: {}, reportingComponent: 'default-scheduler', reportingInstance: '' });
    const c = cells('Event', modern, true);
    expect([c[0], c[5], c[7], c[8]]).toEqual(['3m', 'default-scheduler', '3m', '1']);
    const series = ev({ series: { count: 12, lastObservedTime: '2026-01-01T11:59:30.000000Z' } });
    const s = cells('Event', series, true);
    expect([s[0], s[8]]).toEqual(['30s', '12']);
    const noName = ev({ involvedObject: { kind: 'Node' }, firstTimestamp: undefined, lastTimestamp: undefined });
    expect(cells('Event', noName).slice(0, 4)).toEqual(['<unknown>', 'Warning', 'BackOff', 'node']);
  });
});

describe('namespaces, configmaps, secrets, serviceaccounts', () => {
  it('columns and cells', () => {
    expect(names('ns')).toEqual(['NAME', 'STATUS', 'AGE']);
    expect(cells('Namespace', obj('v1', 'Namespace', 'shop', { status: { phase: 'Active' } }, { namespace: undefined }))).toEqual(['shop', 'Active', '5m']);
    expect(names('cm')).toEqual(['NAME', 'DATA', 'AGE']);
    expect(cells('ConfigMap', obj('v1', 'ConfigMap', 'kube-root-ca.crt', { data: { 'ca.crt': 'x' }, binaryData: { logo: 'AA==' } }))).toEqual(['kube-root-ca.crt', '2', '5m']);
    expect(names('secrets')).toEqual(['NAME', 'TYPE', 'DATA', 'AGE']);
    expect(cells('Secret', obj('v1', 'Secret', 'db', { type: 'Opaque', data: { user: 'dQ==', password: 'cA==' } }))).toEqual(['db', 'Opaque', '2', '5m']);
    expect(names('sa')).toEqual(['NAME', 'SECRETS', 'AGE']);
    expect(cells('ServiceAccount', obj('v1', 'ServiceAccount', 'default', {}))).toEqual(['default', '0', '5m']);
  });
});

describe('replicationcontrollers, resourcequotas, limitranges', () => {
  it('replicationcontrollers', () => {
    expect(names('rc', true)).toEqual(['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
    const rc = obj('v1', 'ReplicationController', 'legacy', {
      spec: { replicas: 3, selector: { app: 'legacy' }, template: { spec: { containers: [{ name: 'a', image: 'nginx' }, { name: 'b', image: 'redis:7' }] } } },
      status: { replicas: 3, readyReplicas: 2 },
    });
    expect(cells('ReplicationController', rc, true)).toEqual(['legacy', '3', '3', '2', '5m', 'a,b', 'nginx,redis:7', 'app=legacy']);
  });

  it('resourcequotas split requests and limits, sorted by resource name', () => {
    expect(names('quota')).toEqual(['NAME', 'REQUEST', 'LIMIT', 'AGE']);
    const rq = obj('v1', 'ResourceQuota', 'compute', {
      spec: { hard: {} },
      status: {
        hard: { 'requests.memory': '1Gi', 'limits.cpu': '2', pods: '10', 'requests.cpu': '1', 'limits.memory': '2Gi' },
        used: { 'requests.cpu': '500m', pods: '3', 'limits.memory': '512Mi' },
      },
    });
    expect(cells('ResourceQuota', rq)).toEqual([
      'compute', 'pods: 3/10, requests.cpu: 500m/1, requests.memory: 0/1Gi', 'limits.cpu: 0/2, limits.memory: 512Mi/2Gi', '5m',
    ]);
    expect(cells('ResourceQuota', obj('v1', 'ResourceQuota', 'empty', {}))).toEqual(['empty', '', '', '5m']);
  });

  it('limitranges use the API server default table: NAME CREATED AT', () => {
    const cols = tableFor('limits', [], { nowMs: NOW }).columns;
    expect(cols).toEqual([{ name: 'NAME', priority: 0, type: 'string', format: 'name' }, { name: 'CREATED AT', priority: 0, type: 'date' }]);
    expect(cells('LimitRange', obj('v1', 'LimitRange', 'mem', {}, { creationTimestamp: '2026-01-01T11:55:00.250Z' }))).toEqual(['mem', '2026-01-01T11:55:00Z']);
    expect(cells('LimitRange', obj('v1', 'LimitRange', 'mem', {}, { creationTimestamp: undefined }))).toEqual(['mem', '0001-01-01T00:00:00Z']);
  });
});
