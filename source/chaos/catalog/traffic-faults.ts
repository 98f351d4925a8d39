/**
 * Traffic faults: a spike or a ramp in a Service's request rate, starting now (a live model on the traffic
 * controller; revert puts back the model it replaced), and a dependency slowdown (the Service's base latency grows,
 * through its `sim.kubedrill.io/latency` annotation; revert restores the annotation). Each leaves alone what the
 * operator changed since.
 */
import type { Service } from '../../api/core.js';
import { parseDuration } from '../../api/duration.js';
import type { Simulation } from '../../cluster/simulation.js';
import { parseTrafficModel } from '../../traffic/model-parser.js';
import { dur, type TrafficModel } from '../../traffic/models.js';
import { LATENCY_ANNOTATION } from '../../traffic/service-traffic.js';
import { DEFAULT_BASE_LATENCY_MS } from '../../traffic/sli.js';
import type { TrafficController } from '../../traffic/traffic-controller.js';
import { FaultError, type FaultParams, type FaultType, type ResolvedTarget } from '../types.js';

/** The simulation's traffic controller (`sim.traffic`), if it has one. */
export function trafficOf(sim: Simulation): TrafficController | undefined {
  return (sim as { traffic?: TrafficController }).traffic;
}

const NO_TRAFFIC = 'target: this simulation has no traffic controller (no Service gets traffic)';

/** The rate the model starts from: `from`/`base` if given, else what the Service gets now. */
function startRate(traffic: TrafficController, t: ResolvedTarget, given: unknown): number {
  return (given as number | undefined) ?? traffic.serviceRequestRate(t.namespace!, t.name) ?? 0;
}

/** A live-model fault: `build` turns the current rate and params into model text. */
function modelFault(type: string, description: string, params: FaultType['params'], build: (rate: number, p: FaultParams) => string,
  extra: (p: FaultParams) => string[]): FaultType {
  return {
    type, description, appliesTo: ['Service'], params,
    validateParams: extra,
    checkTargets(sim, targets, p) {
      const traffic = trafficOf(sim);
      if (!traffic) return [NO_TRAFFIC];
      const problems: string[] = [];
      for (const t of targets) {
        try {
          parseTrafficModel(build(startRate(traffic, t, p.base ?? p.from), p));
        } catch (err) {
          problems.push(`params: ${t.ref}: ${(err as Error).message}`);
        }
      }
      return problems;
    },
    inject({ sim }, targets, p) {
      const traffic = trafficOf(sim);
      if (!traffic) throw new FaultError('target', NO_TRAFFIC.slice('target: '.length));
      const now = sim.now();
      const set: { target: ResolvedTarget; model: TrafficModel; before: ReturnType<TrafficController['model']> }[] = [];
      for (const t of targets) {
        const before = traffic.model(t.namespace!, t.name);
        const model = parseTrafficModel(build(startRate(traffic, t, p.base ?? p.from), p));
        traffic.setModel(t.namespace!, t.name, model, { startMs: now });
        set.push({ target: t, model, before });
      }
      return () => {
        const notes: string[] = [];
        for (const { target, model, before } of set) {
          const cur = traffic.model(target.namespace!, target.name);
          if (!sim.store.tryGet('Service', target.namespace, target.name)) notes.push(`${target.ref} is gone`);
          else if (cur?.source !== 'live' || cur.model !== model) notes.push(`the traffic model of ${target.ref} was changed since the fault; left as it is`);
          else if (before?.source === 'live') traffic.setModel(target.namespace!, target.name, before.model, { startMs: before.originMs });
          else traffic.setModel(target.namespace!, target.name, undefined);
        }
        return notes.join('; ') || undefined;
      };
    },
  };
}

const nonNegative = (p: FaultParams, ...names: string[]): string[] =>
  names.filter((n) => p[n] !== undefined && !((p[n] as number) >= 0)).map((n) => `params.${n}: must be 0 or more requests per second, got ${p[n]}`);

const trafficSpike = modelFault('traffic-spike',
  "A burst in a Service's request rate from now: a quick rise to the peak, held, and back to the base rate after `for`.",
  [
    { name: 'peak', type: 'number', description: 'requests per second at the top (default: base × factor)' },
    { name: 'factor', type: 'number', description: 'peak as a multiple of the base rate', default: 10 },
    { name: 'base', type: 'number', description: 'requests per second before and after (default: what the Service gets now)' },
    { name: 'for', type: 'duration', description: 'how long the spike lasts, rise and fall included', default: '10m' },
    { name: 'rise', type: 'duration', description: 'how long the rise (and the fall) takes (default: 30s, at most a quarter of for)' },
  ],
  (rate, p) => {
    const peak = (p.peak as number | undefined) ?? rate * (p.factor as number);
    if (!(peak > 0)) throw new Error('the Service gets no traffic now, so a multiple of it is 0: give peak (or base)');
    return `spike(base=${rate},peak=${peak},at=0s,for=${dur(p.for as number)}${p.rise !== undefined ? `,rise=${dur(p.rise as number)}` : ''})`;
  },
  (p) => [...nonNegative(p, 'peak', 'base'), ...((p.factor as number) > 0 ? [] : [`params.factor: must be more than 0, got ${p.factor}`]),
    ...((p.for as number) > 0 ? [] : ['params.for: must be longer than 0s'])]);

const trafficRamp = modelFault('traffic-ramp',
  "A Service's request rate climbs linearly from now to a new level over `for`, and stays there.",
  [
    { name: 'to', type: 'number', description: 'requests per second at the end (default: from × factor)' },
    { name: 'factor', type: 'number', description: 'the end rate as a multiple of the start rate', default: 3 },
    { name: 'from', type: 'number', description: 'requests per second at the start (default: what the Service gets now)' },
    { name: 'for', type: 'duration', description: 'how long the climb takes', default: '10m' },
  ],
  (rate, p) => {
    const to = (p.to as number | undefined) ?? rate * (p.factor as number);
    if (!(to > 0) && !(rate > 0)) throw new Error('the Service gets no traffic now, so a multiple of it is 0: give to (or from)');
    return `ramp(from=${rate},to=${to},at=0s,for=${dur(p.for as number)})`;
  },
  (p) => [...nonNegative(p, 'to', 'from'), ...((p.factor as number) >= 0 ? [] : [`params.factor: must be 0 or more, got ${p.factor}`]),
    ...((p.for as number) > 0 ? [] : ['params.for: must be longer than 0s'])]);

/** The base latency a Service's annotation sets (the default when absent or unreadable). */
function baseLatency(svc: Service): number {
  const text = svc.metadata.annotations?.[LATENCY_ANNOTATION];
  try {
    const ms = text === undefined ? DEFAULT_BASE_LATENCY_MS : parseDuration(text);
    return ms > 0 ? ms : DEFAULT_BASE_LATENCY_MS;
  } catch {
    return DEFAULT_BASE_LATENCY_MS;
  }
}

function withLatency(svc: Service, text: string | undefined): Service {
  const { [LATENCY_ANNOTATION]: _old, ...rest } = svc.metadata.annotations ?? {};
  const annotations = text === undefined ? rest : { ...rest, [LATENCY_ANNOTATION]: text };
  return { ...svc, metadata: { ...svc.metadata, annotations } };
}

const dependencySlowdown: FaultType = {
  type: 'dependency-slowdown',
  description: "A Service's responses get slower: its base latency grows by `latency` (what its callers measure); revert restores it.",
  appliesTo: ['Service'],
  params: [{ name: 'latency', type: 'duration', description: 'added to the base latency of every request', default: '500ms' }],
  validateParams: (p) => ((p.latency as number) > 0 ? [] : ['params.latency: must be longer than 0ms']),
  inject({ sim }, targets, p) {
    const set: { target: ResolvedTarget; uid?: string; before?: string; after: string }[] = [];
    for (const t of targets) {
      const svc = sim.store.get<Service>('Service', t.namespace, t.name);
      const after = `${baseLatency(svc) + (p.latency as number)}ms`;
      sim.store.update<Service>(withLatency(svc, after));
      set.push({ target: t, uid: svc.metadata.uid, before: svc.metadata.annotations?.[LATENCY_ANNOTATION], after });
    }
    return () => {
      const notes: string[] = [];
      for (const { target, uid, before, after } of set) {
        const svc = sim.store.tryGet<Service>('Service', target.namespace, target.name);
        const now = svc?.metadata.annotations?.[LATENCY_ANNOTATION];
        if (!svc || svc.metadata.uid !== uid) notes.push(`${target.ref} is gone`);
        else if (now !== after) notes.push(`the ${LATENCY_ANNOTATION} annotation of ${target.ref} was changed since the fault; left as it is`);
        else sim.store.update<Service>(withLatency(svc, before));
      }
      return notes.join('; ') || undefined;
    };
  },
};

export const trafficFaults: FaultType[] = [trafficSpike, trafficRamp, dependencySlowdown];
