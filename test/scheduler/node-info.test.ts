import { describe, expect, it } from 'vitest';
import { NodeInfo } from '../../source/scheduler/node-info.js';
import { makeNode, makePod } from './helpers.js';

describe('NodeInfo', () => {
  it('parses allocatable once and accumulates requests', () => {
    const info = new NodeInfo('n1', makeNode('n1', { cpu: '2', memory: '4Gi', pods: '3' }));
    expect(info.allocatableMilliCPU).toBe(2000);
    expect(info.allocatableMemory).toBe(4 * 1024 ** 3);
    expect(info.allocatablePods).toBe(3);
    info.addPod(makePod('a', { cpu: '500m', memory: '1Gi', nodeName: 'n1' }));
    info.addPod(makePod('b', { nodeName: 'n1' }));
    expect(info.requestedMilliCPU).toBe(500);
    expect(info.nonZeroRequestedMilliCPU).toBe(600);
    expect(info.nonZeroRequestedMemory).toBe(1024 ** 3 + 200 * 1024 * 1024);
  });

  it('defaults max pods to 110 when the node reports none', () => {
    const node = makeNode('n1');
    delete node.status!.allocatable!.pods;
    expect(new NodeInfo('n1', node).allocatablePods).toBe(110);
  });

  it('removes by uid even when given a newer object, and reports unknown pods', () => {
    const info = new NodeInfo('n1', makeNode('n1'));
    const a = makePod('a', { cpu: '1', nodeName: 'n1', uid: 'u-a' });
    info.addPod(a);
    expect(info.removePod({ ...a, metadata: { ...a.metadata } })).toBe(true);
    expect(info.requestedMilliCPU).toBe(0);
    expect(info.removePod(a)).toBe(false);
  });

  it('clone() is independent of the original', () => {
    const info = new NodeInfo('n1', makeNode('n1'));
    const ported = makePod('a', { cpu: '1', nodeName: 'n1', containers: [{ name: 'c', ports: [{ containerPort: 80, hostPort: 8080 }] }] });
    info.addPod(ported);
    const copy = info.clone();
    copy.removePod(ported);
    expect(copy.usedPorts.isEmpty).toBe(true);
    expect(info.usedPorts.conflicts({ ip: '0.0.0.0', protocol: 'TCP', port: 8080 })).toBe(true);
    expect(info.pods).toHaveLength(1);
  });
});
