/** Evaluating probes (probe-types.ts) against the running simulation. Read-only: a probe never changes the cluster. */
import type { Node, PersistentVolumeClaim, Pod } from '../api/core.js';
import type { HorizontalPodAutoscaler, PodDisruptionBudget } from '../api/cluster-kinds.js';
import { splitFieldPath } from '../api/manifest-load.js';
import type { KubeObject, LabelSelector } from '../api/meta.js';
import { podSummary } from '../api/print/pod-status.js';
import { labelSelectorFromObject } from '../api/selectors.js';
import type { Simulation } from '../cluster/simulation.js';
import { parseTimestamp } from '../engine/clock.js';
import { readyEndpoints } from '../traffic/endpoints.js';
import type { CountBound, ProbeResult, ProbeSpec } from './probe-types.js';
import type { CostSource, TrafficSource } from './sim-parts.js';
import { type SliHistory, availabilityOf } from './sli-history.js';

/** What probes read, besides the store. */
export interface ProbeContext {
  sim: Simulation;
  traffic: TrafficSource;
  cost: CostSource;
  history: SliHistory;
  /** Engine time the drill clock started at (undefined during the warm-up: "since the drill" means since setup). */
  drillStartMs: number;
  /** Cost billed before the drill started. */
  costAtStart: number;
  /** Claim uids when the drill started, `namespace/name` → uid (for `pvc` with keep). */
  claimUids: ReadonlyMap<string, string>;
}

const pct = (n: number) => `${Number(n.toFixed(3))}%`;

function bound(b: CountBound, n: number): boolean {
  return (b.min === undefined || n >= b.min) && (b.max === undefined || n <= b.max) && (b.equals === undefined || n === b.equals);
}

function boundText(b: CountBound): string {
  return [b.equals !== undefined ? `= ${b.equals}` : '', b.min !== undefined ? `≥ ${b.min}` : '', b.max !== undefined ? `≤ ${b.max}` : ''].filter(Boolean).join(', ');
}

function ms(n: number): string {
  return n >= 60_000 && n % 60_000 === 0 ? `${n / 60_000}m` : n % 1000 === 0 ? `${n / 1000}s` : `${Math.round(n)}ms`;
}

const isReadyNode = (n: Node) => !!n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
const isPodReady = (p: Pod) => !!p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

function pods(sim: Simulation, namespace: string | undefined, selector: LabelSelector | undefined): Pod[] {
  return sim.store.select<Pod>('Pod', { namespace, selector: selector ? labelSelectorFromObject(selector) : undefined });
}

/** Read a field of an object by path (`spec.replicas`, `status.conditions[0].type`); undefined when absent. */
export function fieldAt(obj: unknown, path: string): unknown {
  let v: unknown = obj;
  for (const seg of splitFieldPath(path)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[seg];
  }
  return v;
}

/** Evaluate one probe now. */
export function evaluateProbe(p: ProbeSpec, ctx: ProbeContext): ProbeResult {
  const r = (ok: boolean, detail: string): ProbeResult => ({ label: p.label, ok, detail });
  const { sim } = ctx;
  const now = sim.now();
  switch (p.type) {
    case 'service-availability': {
      const from = p.windowMs === 'drill' ? ctx.drillStartMs : now - p.windowMs;
      const counts = ctx.history.since(p.namespace, p.service, from);
      if (!counts) return r(false, `service ${p.namespace}/${p.service} has no traffic model`);
      const a = availabilityOf(counts);
      return r(a >= p.min, `availability ${pct(a)} (min ${p.min}%)`);
    }
    case 'service-latency': {
      const sli = ctx.traffic.sli(p.namespace, p.service);
      if (!sli) return r(false, `service ${p.namespace}/${p.service} has no traffic model`);
      if (sli.latencyMs === undefined) return r(false, 'no request is being served');
      return r(sli.latencyMs <= p.maxMs, `latency ${Math.round(sli.latencyMs)}ms (max ${ms(p.maxMs)})`);
    }
    case 'service-endpoints': {
      const eps = readyEndpoints(sim.store, p.namespace, p.service);
      const n = eps.pods.length + eps.external;
      return r(n >= p.min, `${n} ready endpoint${n === 1 ? '' : 's'} (min ${p.min})`);
    }
    case 'ready-replicas': {
      const obj = sim.store.tryGet<KubeObject & { status?: { readyReplicas?: number; numberReady?: number } }>(p.kind, p.namespace, p.name);
      if (!obj) return r(false, `${p.kind.toLowerCase()} ${p.namespace}/${p.name} not found`);
      const ready = (p.kind === 'DaemonSet' ? obj.status?.numberReady : obj.status?.readyReplicas) ?? 0;
      return r(ready >= p.min, `${ready} ready (min ${p.min})`);
    }
    case 'no-pending-pods': {
      const late = pods(sim, p.namespace, p.selector).filter((pod) => pod.status?.phase === 'Pending' && !pod.metadata.deletionTimestamp
        && now - parseTimestamp(pod.metadata.creationTimestamp) > p.longerThanMs);
      return r(late.length === 0, late.length ? `${late.length} Pending, e.g. ${late[0]!.metadata.namespace}/${late[0]!.metadata.name}` : 'none Pending');
    }
    case 'pod-count': {
      const n = pods(sim, p.namespace, p.selector).filter((pod) => !p.status || podSummary(pod).reason === p.status).length;
      return r(bound(p, n), `${n} pod${n === 1 ? '' : 's'}${p.status ? ` ${p.status}` : ''} (want ${boundText(p)})`);
    }
    case 'nodes-ready': {
      const nodes = sim.store.select<Node>('Node', { selector: p.selector ? labelSelectorFromObject(p.selector) : undefined });
      const n = nodes.filter(isReadyNode).length;
      return r(bound(p, n), `${n} of ${nodes.length} nodes Ready (want ${boundText(p)})`);
    }
    case 'node-drained': {
      const node = sim.store.tryGet<Node>('Node', undefined, p.node);
      if (!node) return r(false, `node ${p.node} not found`);
      if (!node.spec?.unschedulable) return r(false, `${p.node} is not cordoned`);
      const left = sim.store.select<Pod>('Pod', { nodeName: p.node }).filter((pod) => !pod.metadata.annotations?.['kubernetes.io/config.mirror']
        && !pod.metadata.ownerReferences?.some((o) => o.controller && o.kind === 'DaemonSet')
        && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed');
      return r(left.length === 0, left.length ? `${left.length} pod${left.length === 1 ? '' : 's'} left on ${p.node}` : `${p.node} cordoned and empty`);
    }
    case 'cost': {
      const spent = ctx.cost.total() - ctx.costAtStart;
      const rate = ctx.cost.ratePerHour();
      const ok = (p.max === undefined || spent <= p.max) && (p.maxPerHour === undefined || rate <= p.maxPerHour);
      return r(ok, `$${spent.toFixed(3)} spent, $${rate.toFixed(3)}/h now`);
    }
    case 'pvc': {
      for (const name of p.names) {
        const pvc = sim.store.tryGet<PersistentVolumeClaim>('PersistentVolumeClaim', p.namespace, name);
        if (!pvc) return r(false, `${name} not found`);
        const before = ctx.claimUids.get(`${p.namespace}/${name}`);
        if (p.keep && before !== undefined && before !== pvc.metadata.uid) return r(false, `${name} was replaced by a new claim (data lost)`);
        if (pvc.status?.phase !== p.phase) return r(false, `${name} is ${pvc.status?.phase ?? 'Pending'}`);
      }
      return r(true, `${p.names.length} claim${p.names.length === 1 ? '' : 's'} ${p.phase}`);
    }
    case 'hpa': {
      const hpa = sim.store.tryGet<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', p.namespace, p.name);
      if (!hpa) return r(false, `hpa ${p.namespace}/${p.name} not found`);
      const n = hpa.status?.currentReplicas ?? 0;
      const ok = (!p.atMax || n >= hpa.spec.maxReplicas) && bound(p, n);
      return r(ok, `${n} replicas (max ${hpa.spec.maxReplicas})`);
    }
    case 'no-pdb-violations': {
      const bad = sim.store.select<PodDisruptionBudget>('PodDisruptionBudget', { namespace: p.namespace })
        .filter((b) => b.status && b.status.currentHealthy < b.status.desiredHealthy);
      return r(bad.length === 0, bad.length ? `${bad.map((b) => `${b.metadata.name} ${b.status!.currentHealthy}/${b.status!.desiredHealthy} healthy`).join(', ')}` : 'every budget met');
    }
    case 'field': {
      const obj = sim.store.tryGet(p.kind, p.namespace, p.name);
      if (!obj) return r(p.equals === null, `${p.kind.toLowerCase()} ${p.name} not found`);
      const actual = fieldAt(obj, p.fieldPath) ?? null;
      return r(JSON.stringify(actual) === JSON.stringify(p.equals), `${p.fieldPath} is ${JSON.stringify(actual)}`);
    }
  }
}

/** Whether every probe holds; the results for reports. */
export function evaluateAll(probes: readonly ProbeSpec[], ctx: ProbeContext): { ok: boolean; results: ProbeResult[] } {
  const results = probes.map((p) => evaluateProbe(p, ctx));
  return { ok: results.every((x) => x.ok), results };
}

export { isPodReady };
