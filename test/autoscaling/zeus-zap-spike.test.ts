/**
 * The "done when", headless: the demo app's e-sports spike (the frontend Service's traffic annotation)
 * scales the frontend out through the HPA, then the workers node group through the Cluster Autoscaler, and both
 * come back down afterwards — with upstream's events and the cost meter following the nodes.
 */
import { describe, expect, it } from 'vitest';
import type { Event, Node, Pod } from '../../source/api/core.js';
import type { Deployment } from '../../source/api/workloads.js';
import { DEMO_APP, DEMO_CLUSTER, loadSimulation } from '../../source/cluster/load.js';
import type { Simulation } from '../../source/cluster/simulation.js';

const MIN = 60_000;
const replicas = (sim: Simulation) => sim.store.get<Deployment>('Deployment', 'zeus-zap', 'frontend').spec.replicas;
const workers = (sim: Simulation) => sim.store.select<Node>('Node').filter((n) => n.metadata.name!.startsWith('workers-')).length;
const messages = (sim: Simulation, reason: string) => sim.store.select<Event>('Event').filter((e) => e.reason === reason).map((e) => e.message);

describe('the Zeus Zap e-sports spike', () => {
  it('scales pods, then nodes, then back down; cost follows the nodes', () => {
    const { sim, diagnostics } = loadSimulation({ clusterFile: DEMO_CLUSTER, manifests: [DEMO_APP], freeze: true });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const s = sim!;
    s.advance(14 * MIN);
    // An ordinary afternoon: 300 req/s, three frontends at ~20% of their requests, three workers.
    expect(replicas(s)).toBe(3);
    expect(workers(s)).toBe(3);
    expect(s.traffic.sli('zeus-zap', 'frontend')!.rate).toBe(300);
    const calmRate = s.cost.ratePerHour();

    // The final starts at 15 min: the HPA scales out within a few 15 s syncs (legacy limit: max(2×current, 4) per sync).
    s.advance(3 * MIN);
    expect(replicas(s)).toBeGreaterThan(10);
    expect(messages(s, 'SuccessfulRescale')[0]).toMatch(/^New size: \d+; reason: cpu resource utilization \(percentage of request\) above target$/);
    // Pods that no longer fit trigger a scale-up of the workers group…
    expect(messages(s, 'TriggeredScaleUp')[0]).toMatch(/^pod triggered scale-up: \[\{workers 3->\d \(max: 6\)\}\]$/);
    // …and the new node joins after the 90 s provisioning delay; every frontend then runs.
    s.advance(3 * MIN);
    expect(workers(s)).toBeGreaterThan(3);
    const pending = s.store.select<Pod>('Pod', { namespace: 'zeus-zap' }).filter((p) => p.status?.phase === 'Pending');
    expect(pending).toEqual([]);
    expect(s.cost.ratePerHour()).toBeGreaterThan(calmRate);
    expect(s.traffic.sli('zeus-zap', 'frontend')!.windowAvailability).toBeGreaterThan(99);

    // After the final (35 min) the HPA's 5 min downscale stabilisation lets it shrink step by step to the minimum…
    s.advance(25 * MIN);
    expect(replicas(s)).toBe(3);
    expect(messages(s, 'SuccessfulRescale').some((m) => m?.endsWith('reason: All metrics below target'))).toBe(true);
    // …and the extra node goes after 10 min under 50% utilisation.
    s.advance(12 * MIN);
    expect(workers(s)).toBe(3);
    expect(s.cost.ratePerHour()).toBeCloseTo(calmRate, 9);
  });
});
