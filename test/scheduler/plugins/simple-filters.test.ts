import { describe, expect, it } from 'vitest';
import { nodeName } from '../../../source/scheduler/plugins/node-name.js';
import { nodePorts } from '../../../source/scheduler/plugins/node-ports.js';
import { nodeUnschedulable } from '../../../source/scheduler/plugins/node-unschedulable.js';
import { filterAll, makeNode, makePod, reasons, snapshotOf } from '../helpers.js';

describe('NodeUnschedulable', () => {
  const snap = snapshotOf([makeNode('cordoned', { unschedulable: true }), makeNode('ok')]);

  it('rejects a cordoned node as UnschedulableAndUnresolvable', () => {
    const r = filterAll(nodeUnschedulable, makePod('p'), snap);
    expect(reasons(r.cordoned)).toEqual(['node(s) were unschedulable']);
    expect((r.cordoned as { code: string }).code).toBe('UnschedulableAndUnresolvable');
    expect(r.ok).toBeUndefined();
  });

  it('admits a pod tolerating node.kubernetes.io/unschedulable:NoSchedule', () => {
    const pod = makePod('p', { spec: { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] } });
    expect(filterAll(nodeUnschedulable, pod, snap).cordoned).toBeUndefined();
    const wrongEffect = makePod('q', { spec: { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoExecute' }] } });
    expect(reasons(filterAll(nodeUnschedulable, wrongEffect, snap).cordoned)).toHaveLength(1);
  });
});

describe('NodeName', () => {
  it('only the named node fits', () => {
    const snap = snapshotOf([makeNode('a'), makeNode('b')]);
    const r = filterAll(nodeName, makePod('p', { spec: { nodeName: 'b' } }), snap);
    expect(reasons(r.a)).toEqual(["node(s) didn't match the requested node name"]);
    expect(r.b).toBeUndefined();
  });
});

describe('NodePorts', () => {
  const withPort = (name: string, port: number, hostIP?: string, protocol?: 'TCP' | 'UDP', node?: string) =>
    makePod(name, { nodeName: node, containers: [{ name: 'c', ports: [{ containerPort: 80, hostPort: port, hostIP, protocol }] }] });

  it('skips pods without host ports', () => {
    const snap = snapshotOf([makeNode('n')]);
    expect(filterAll(nodePorts, makePod('p', { containers: [{ name: 'c', ports: [{ containerPort: 80 }] }] }), snap).n).toBe('skip');
  });

  it('conflicts on the same protocol and port, with 0.0.0.0 clashing with any address', () => {
    const snap = snapshotOf([makeNode('any'), makeNode('ip'), makeNode('udp')], [
      withPort('e1', 8080, undefined, undefined, 'any'),
      withPort('e2', 8080, '10.0.0.1', 'TCP', 'ip'),
      withPort('e3', 8080, undefined, 'UDP', 'udp'),
    ]);
    const all = filterAll(nodePorts, withPort('p', 8080), snap);
    expect(reasons(all.any)).toEqual(["node(s) didn't have free ports for the requested pod ports"]);
    expect(reasons(all.ip)).toHaveLength(1); // 0.0.0.0 wants every address, including 10.0.0.1
    expect(all.udp).toBeUndefined(); // different protocol
    const other = filterAll(nodePorts, withPort('q', 8080, '10.0.0.2'), snap);
    expect(reasons(other.any)).toHaveLength(1); // existing 0.0.0.0 holds 10.0.0.2 too
    expect(other.ip).toBeUndefined(); // 10.0.0.1 and 10.0.0.2 do not clash
    expect(filterAll(nodePorts, withPort('r', 9090), snap).any).toBeUndefined();
  });
});
