import { describe, expect, it } from 'vitest';
import type { Service } from '../../source/api/core.js';
import { InProcessClient } from '../../source/client/in-process.js';
import { trafficControls, type TrafficSource } from '../../source/client/in-process-autoscaling.js';
import { parseTrafficModel } from '../../source/traffic/model-parser.js';
import type { TrafficModel } from '../../source/traffic/models.js';
import { createAll, testSimulation } from '../sim-helpers.js';

const web: Service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } };

/** A traffic source that records setModel calls (as the controller would take them). */
function fakeSource(startMs = 1_000): TrafficSource & { calls: { model: TrafficModel | string | undefined; startMs?: number }[] } {
  let live: { model: TrafficModel; originMs: number } | undefined;
  const calls: { model: TrafficModel | string | undefined; startMs?: number }[] = [];
  return {
    startMs, calls,
    setModel(_ns, _svc, model, opts = {}) {
      calls.push({ model, startMs: opts.startMs });
      const parsed = typeof model === 'string' ? parseTrafficModel(model) : model;
      live = parsed ? { model: parsed, originMs: opts.startMs ?? startMs } : undefined;
    },
    model: () => (live ? { ...live, source: 'live' as const } : undefined),
    sli: () => undefined,
    services: () => [],
  };
}

describe('in-process traffic controls', () => {
  it('set a model from text counted from now; a diurnal curve keeps the simulation\'s day', () => {
    const src = fakeSource(1_000);
    const t = trafficControls(src, () => 60_000);
    expect(t.setTraffic('default', 'web', ' spike(base=200,peak=2000,at=1m,for=10m) ')).toEqual({ ok: true, message: 'service/web traffic set to spike(base=200,peak=2000,at=1m,for=10m,rise=30s)' });
    expect(src.calls.at(-1)!.startMs).toBe(60_000);
    expect(t.model('default', 'web')).toEqual({ text: 'spike(base=200,peak=2000,at=1m,for=10m,rise=30s)', source: 'live', originMs: 60_000 });
    t.setTraffic('default', 'web', 'diurnal(min=50,max=500)');
    expect(src.calls.at(-1)!.startMs).toBe(1_000);
  });

  it('refuse a bad model with the parser\'s message and change nothing; empty text clears only a live model', () => {
    const src = fakeSource();
    const t = trafficControls(src, () => 0);
    expect(t.setTraffic('default', 'web', '')).toEqual({ ok: true, message: 'service/web has no live traffic model to clear' });
    expect(src.calls).toHaveLength(0);
    t.setTraffic('default', 'web', '500');
    const r = t.setTraffic('default', 'web', 'ramp(from=1)');
    expect(r.ok).toBe(false);
    expect(r.message).toBe('traffic model "ramp": missing parameter "to" (ramp takes from, to, at, for)');
    expect(t.model('default', 'web')!.text).toBe('constant(rate=500)');
    expect(t.setTraffic('default', 'web', '   ')).toEqual({ ok: true, message: 'service/web live traffic cleared' });
    expect(t.model('default', 'web')).toBeUndefined();
  });

  it('on a simulation: set, read back through the client, and name a missing Service', () => {
    const sim = testSimulation();
    createAll(sim, [web]);
    const client = new InProcessClient(sim);
    const traffic = client.traffic!;
    expect(traffic.setTraffic('default', 'web', '250').ok).toBe(true);
    sim.advance(10_000);
    expect(traffic.sli('default', 'web')!.rate).toBe(250);
    expect(traffic.services().map((s) => s.name)).toEqual(['web']);
    expect(traffic.setTraffic('default', 'nope', '250')).toEqual({ ok: false, message: 'traffic: services "nope" not found in namespace "default"' });
  });
});

describe('in-process metrics and autoscaling readers', () => {
  it('read metrics-server\'s samples and series, the workload key of a pod, and the cost', () => {
    const sim = testSimulation({ pools: [{ name: 'spot', count: 1, capacity: { cpu: '2', memory: '8Gi', pods: '110' }, costPerHour: 0.5, autoscaling: { enabled: true, min: 1, max: 2 } } as never] });
    const client = new InProcessClient(sim);
    sim.advance(3_600_000);
    const m = client.metrics;
    expect(m.resolutionMs).toBe(15_000);
    expect(m.nodeMetrics('workers-0')).toBeDefined();
    expect(m.series('cluster', '', 'podsRunning')!.length).toBeGreaterThan(200);
    const proxy = client.list('Pod', 'kube-system').find((p) => p.metadata.name!.startsWith('kube-proxy'))!;
    expect(m.workloadKey(proxy as never)).toBe('kube-system/DaemonSet/kube-proxy');
    const a = client.autoscaling;
    expect(a.cost()).toEqual({ total: 0.5, ratePerHour: 0.5 });
    expect(a.costByGroup().map((g) => g.group)).toEqual(['control-plane', 'workers', 'spot']);
    expect(a.nodeGroups().map((g) => [g.name, g.minSize, g.maxSize, g.current])).toEqual([['spot', 1, 2, 1]]);
    expect(a.activity()).toEqual([]);
    // One reader per simulation.
    expect(client.metrics).toBe(m);
  });
});
