import { describe, expect, it } from 'vitest';
import { formatTable, printGet } from '../../../source/api/print/tabwriter.js';
import { D, H, M, NOW, S, ago, obj } from './helpers.js';

describe('formatTable (kubectl tabwriter: minwidth 6, padding 3)', () => {
  it('pads each column to max(6, widest + 3), leaves the last column unpadded, ends lines with \\n', () => {
    expect(formatTable(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'], [['nginx', '1/1', 'Running', '0', '5m']])).toBe(
      'NAME    READY   STATUS    RESTARTS   AGE\n' +
      'nginx   1/1     Running   0          5m\n',
    );
  });

  it('applies the minimum width of 6 and pads empty cells', () => {
    expect(formatTable(['A', 'B', 'C'], [['x', '', 'z']])).toBe('A     B     C\nx           z\n');
  });

  it('measures width in code points', () => {
    expect(formatTable(['NAME', 'X'], [['café-ñ', 'y']])).toBe('NAME     X\ncafé-ñ   y\n');
  });

  it('computes widths per block of lines sharing a column, like text/tabwriter', () => {
    expect(formatTable(['a', 'b', 'c'], [['aaaa', 'b']])).toBe('a      b     c\naaaa   b\n');
    expect(formatTable([], [['k', 'v'], ['longer-key', 'v']])).toBe('k            v\nlonger-key   v\n');
    expect(formatTable([], [])).toBe('');
  });
});

describe('printGet (kubectl get)', () => {
  const pod = (name: string, ns: string, status: Record<string, unknown>, node = 'node-1', created = ago(5 * M)) =>
    obj('v1', 'Pod', name, { spec: { nodeName: node, containers: [{ name: 'app', image: 'nginx' }] }, status }, { namespace: ns, creationTimestamp: created });
  const runningStatus = (ip: string) => ({
    phase: 'Running', podIPs: [{ ip }], conditions: [{ type: 'Ready', status: 'True' }],
    containerStatuses: [{ name: 'app', ready: true, restartCount: 0, image: 'nginx', imageID: '', state: { running: {} } }],
  });
  const crashing = {
    phase: 'Running', podIPs: [{ ip: '10.244.2.9' }],
    containerStatuses: [{
      name: 'app', ready: false, restartCount: 12, image: 'nginx', imageID: '', state: { waiting: { reason: 'CrashLoopBackOff' } },
      lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(2 * M + 10 * S) } },
    }],
  };
  const pods = [
    pod('web-7d9f8c6b5-x2k4p', 'shop', crashing, 'node-2', ago(47 * H)),
    pod('web-7d9f8c6b5-q8m3z', 'shop', runningStatus('10.244.1.7')),
    pod('coredns-5d78c9869d-abcde', 'kube-system', runningStatus('10.244.0.2'), 'node-1', ago(12 * D)),
  ];

  it('prints header and rows sorted by storage key', () => {
    const out = printGet('pods', pods.filter((p) => p.metadata.namespace === 'shop'), { nowMs: NOW, namespace: 'shop' });
    expect(out.stderr).toBe('');
    expect(out.stdout).toBe(
      'NAME                  READY   STATUS             RESTARTS         AGE\n' +
      'web-7d9f8c6b5-q8m3z   1/1     Running            0                5m\n' +
      'web-7d9f8c6b5-x2k4p   0/1     CrashLoopBackOff   12 (2m10s ago)   47h\n',
    );
  });

  it('-o wide and -A', () => {
    const out = printGet('po', pods, { nowMs: NOW, wide: true, allNamespaces: true });
    expect(out.stdout).toBe(
      'NAMESPACE     NAME                       READY   STATUS             RESTARTS         AGE   IP           NODE     NOMINATED NODE   READINESS GATES\n' +
      'kube-system   coredns-5d78c9869d-abcde   1/1     Running            0                12d   10.244.0.2   node-1   <none>           <none>\n' +
      'shop          web-7d9f8c6b5-q8m3z        1/1     Running            0                5m    10.244.1.7   node-1   <none>           <none>\n' +
      'shop          web-7d9f8c6b5-x2k4p        0/1     CrashLoopBackOff   12 (2m10s ago)   47h   10.244.2.9   node-2   <none>           <none>\n',
    );
  });

  it('nodes', () => {
    const node = (name: string, ready: string, roles: Record<string, string>, unschedulable = false) => obj('v1', 'Node', name, {
      spec: { unschedulable }, status: { conditions: [{ type: 'Ready', status: ready }], nodeInfo: { kubeletVersion: 'v1.31.2' } },
    }, { namespace: undefined, labels: roles, creationTimestamp: ago(12 * D) });
    const out = printGet('nodes', [
      node('worker-1', 'True', {}, true), node('cp-1', 'True', { 'node-role.kubernetes.io/control-plane': '' }), node('worker-2', 'Unknown', {}),
    ], { nowMs: NOW, allNamespaces: true });
    expect(out.stdout).toBe(
      'NAME       STATUS                     ROLES           AGE   VERSION\n' +
      'cp-1       Ready                      control-plane   12d   v1.31.2\n' +
      'worker-1   Ready,SchedulingDisabled   <none>          12d   v1.31.2\n' +
      'worker-2   NotReady                   <none>          12d   v1.31.2\n',
    );
  });

  it('events: multi-line messages are cut at the first line break with ...', () => {
    const ev = obj('v1', 'Event', 'web.1', {
      involvedObject: { kind: 'Deployment', name: 'web' }, type: 'Normal', reason: 'ScalingReplicaSet',
      message: 'Scaled up replica set web-7d9f8c6b5 to 3\nfrom 1', lastTimestamp: ago(2 * M), firstTimestamp: ago(2 * M), count: 1,
    });
    expect(printGet('events', [ev], { nowMs: NOW }).stdout).toBe(
      'LAST SEEN   TYPE     REASON              OBJECT           MESSAGE\n' +
      '2m          Normal   ScalingReplicaSet   deployment/web   Scaled up replica set web-7d9f8c6b5 to 3...\n',
    );
  });

  it('no objects: nothing on stdout, the kubectl notice on stderr', () => {
    expect(printGet('pods', [], { nowMs: NOW })).toEqual({ stdout: '', stderr: 'No resources found in default namespace.\n' });
    expect(printGet('deployments', [], { nowMs: NOW, namespace: 'shop' }).stderr).toBe('No resources found in shop namespace.\n');
    expect(printGet('pods', [], { nowMs: NOW, allNamespaces: true }).stderr).toBe('No resources found\n');
    expect(printGet('nodes', [], { nowMs: NOW, namespace: 'shop' }).stderr).toBe('No resources found\n');
    expect(printGet('pv', [], { nowMs: NOW }).stderr).toBe('No resources found\n');
  });

  it('does not reorder the caller\'s array', () => {
    const list = [...pods];
    printGet('pods', list, { nowMs: NOW, allNamespaces: true });
    expect(list.map((p) => p.metadata.name)).toEqual(pods.map((p) => p.metadata.name));
  });
});
