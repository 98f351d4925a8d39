import { describe, expect, it } from 'vitest';
import { createAll } from '../sim-helpers.js';
import { condOf, lifecycleSim, noExecuteAt, nodeOf, pinned, taintKeys, terminating } from './node-lifecycle-helpers.js';

describe('NodeLifecycleController zones', () => {
  it('a whole zone down (others healthy) is evicted at 0.1 nodes/s', () => {
    // workers-0..5 round-robin over a, b, c: zone b holds workers-1 and workers-4.
    const { sim, nlc } = lifecycleSim({ workers: 6 });
    createAll(sim, [pinned('on-1', 'workers-1'), pinned('on-4', 'workers-4'), pinned('on-0', 'workers-0')]);
    sim.advance(20_000);
    sim.kubelets.stopKubelet('workers-1');
    sim.kubelets.stopKubelet('workers-4');
    sim.advance(80_000);
    expect(nlc.zoneStatesByName()).toEqual({ 'eu-west-1a': 'Normal', 'eu-west-1b': 'FullDisruption', 'eu-west-1c': 'Normal' });
    const t1 = Date.parse(noExecuteAt(nodeOf(sim, 'workers-1'))!), t4 = Date.parse(noExecuteAt(nodeOf(sim, 'workers-4'))!);
    // One token per 10 s in the zone's queue.
    expect(Math.abs(t4 - t1)).toBe(10_000);
    sim.advance(330_000);
    expect(terminating(sim, 'on-1')).toBe(true);
    expect(terminating(sim, 'on-4')).toBe(true);
    expect(terminating(sim, 'on-0')).toBe(false);
  });

  it('every node down (all zones fully disrupted): no NoExecute taints, no evictions, until some node returns', () => {
    const { sim, nlc } = lifecycleSim({ workers: 3 });
    createAll(sim, [pinned('on-0', 'workers-0'), pinned('on-1', 'workers-1'), pinned('on-2', 'workers-2')]);
    sim.advance(20_000);
    for (const n of ['control-plane-0', 'workers-0', 'workers-1', 'workers-2']) sim.kubelets.stopKubelet(n);
    sim.advance(500_000);
    expect(nlc.zoneStatesByName()).toEqual({ 'eu-west-1a': 'FullDisruption', 'eu-west-1b': 'FullDisruption', 'eu-west-1c': 'FullDisruption' });
    for (const n of ['workers-0', 'workers-1', 'workers-2']) {
      expect(condOf(nodeOf(sim, n), 'Ready')?.status).toBe('Unknown');
      expect(taintKeys(nodeOf(sim, n))).toEqual(['node.kubernetes.io/unreachable:NoSchedule']);
    }
    for (const p of ['on-0', 'on-1', 'on-2']) expect(terminating(sim, p)).toBe(false);

    // The control plane's zone comes back: the other zones are evicted again (after a fresh grace and 300 s).
    sim.kubelets.startKubelet('control-plane-0');
    sim.advance(20_000);
    expect(nlc.zoneStatesByName()['eu-west-1a']).toBe('Normal');
    sim.advance(80_000);
    expect(taintKeys(nodeOf(sim, 'workers-1'))).toContain('node.kubernetes.io/unreachable:NoExecute');
    expect(terminating(sim, 'on-1')).toBe(false);
    sim.advance(300_000);
    expect(terminating(sim, 'on-1')).toBe(true);
    expect(terminating(sim, 'on-2')).toBe(true);
  });

  it('a partially disrupted small zone (≥ 55 % and more than 2 nodes down, ≤ 50 nodes) stops evicting', () => {
    const { sim, nlc } = lifecycleSim({ workers: 4, zones: ['eu-west-1b'] });
    createAll(sim, [pinned('p', 'workers-0')]);
    sim.advance(20_000);
    for (const n of ['workers-0', 'workers-1', 'workers-2']) sim.kubelets.stopKubelet(n);
    sim.advance(500_000);
    expect(nlc.zoneStatesByName()['eu-west-1b']).toBe('PartialDisruption');
    expect(condOf(nodeOf(sim, 'workers-0'), 'Ready')?.status).toBe('Unknown');
    expect(taintKeys(nodeOf(sim, 'workers-0'))).not.toContain('node.kubernetes.io/unreachable:NoExecute');
    expect(terminating(sim, 'p')).toBe(false);
  });

  it('two nodes down out of four is still Normal: both are tainted and evicted', () => {
    const { sim, nlc } = lifecycleSim({ workers: 4, zones: ['eu-west-1b'] });
    createAll(sim, [pinned('p', 'workers-0')]);
    sim.advance(20_000);
    for (const n of ['workers-0', 'workers-1']) sim.kubelets.stopKubelet(n);
    sim.advance(400_000);
    expect(nlc.zoneStatesByName()['eu-west-1b']).toBe('Normal');
    expect(taintKeys(nodeOf(sim, 'workers-1'))).toContain('node.kubernetes.io/unreachable:NoExecute');
    expect(terminating(sim, 'p')).toBe(true);
  });

  it('a partially disrupted large zone (> 50 nodes) evicts at the secondary rate, 0.01 nodes/s', () => {
    const { sim, nlc } = lifecycleSim({ workers: 60, zones: ['eu-west-1b'], cpu: '2', memory: '4Gi' });
    sim.advance(20_000);
    const down = Array.from({ length: 40 }, (_, i) => `workers-${i}`);
    for (const n of down) sim.kubelets.stopKubelet(n);
    sim.advance(60_000);
    expect(nlc.zoneStatesByName()['eu-west-1b']).toBe('PartialDisruption');
    sim.advance(250_000);
    const tainted = down.map((n) => noExecuteAt(nodeOf(sim, n))).filter((t): t is string => !!t).map((t) => Date.parse(t)).sort();
    // 310 s into the outage: the first node at once, then one per 100 s.
    expect(tainted.length).toBe(3);
    expect(tainted[1]! - tainted[0]!).toBe(100_000);
    expect(tainted[2]! - tainted[1]!).toBe(100_000);
  });
});
