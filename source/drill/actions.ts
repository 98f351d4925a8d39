/**
 * Carrying out a DrillAction: through the ClusterClient (kubectl's behaviour and wording, source/client) or the
 * fault injector, plus the collateral-damage bookkeeping scoring needs — pods the operator killed (deleted while
 * Running and Ready, bypassing the Eviction API) and PodDisruptionBudgets that allowed no such disruption.
 */
import path from 'node:path';
import type { Pod } from '../api/core.js';
import type { PodDisruptionBudget } from '../api/cluster-kinds.js';
import type { KubeObject } from '../api/meta.js';
import type { Container } from '../api/core.js';
import { matchesLabelSelector } from '../api/selectors.js';
import type { FaultInjector } from '../chaos/types.js';
import type { InProcessClient } from '../client/in-process.js';
import type { DrillAction } from './action-types.js';
import { isPodReady } from './probes.js';

/** What an action needs. */
export interface ActionContext {
  client: InProcessClient;
  faults?: FaultInjector;
  /** The drill's directory (`apply` paths are relative to it). */
  dir: string;
  /** Ids of the faults a timeline step injected (`revert-fault` by step). */
  faultsOfStep?: (step: string) => string[];
}

/** An action's outcome: kubectl's message, and the damage it did. */
export interface ActionOutcome { ok: boolean; message: string; podsKilled: number; pdbViolations: number }

const TEMPLATED = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

/** Perform `a` now (the simulation settles afterwards). `hint` is the runner's business and is refused here. */
export function performAction(ctx: ActionContext, a: DrillAction): ActionOutcome {
  const { client } = ctx;
  const sim = client.sim;
  const plain = (r: { ok: boolean; message: string }): ActionOutcome => ({ ...r, podsKilled: 0, pdbViolations: 0 });
  switch (a.action) {
    case 'scale': return plain(client.scale(a.kind, a.namespace, a.name, a.replicas));
    case 'cordon': return plain(client.cordon(a.node));
    case 'uncordon': return plain(client.uncordon(a.node));
    case 'drain': {
      const victims = a.disableEviction ? sim.store.select<Pod>('Pod', { nodeName: a.node }).filter((p) => !isDaemonOrMirror(p)) : [];
      const damage = assessKills(ctx, victims);
      const handle = client.drain(a.node, {
        ignoreDaemonSets: a.ignoreDaemonSets, deleteEmptyDirData: a.deleteEmptyDirData, force: a.force, disableEviction: a.disableEviction,
        gracePeriodSeconds: a.gracePeriodSeconds, timeoutMs: a.timeoutMs,
      });
      sim.engine.settle();
      return { ok: handle.state !== 'failed', message: handle.lines.join('\n'), ...(handle.state === 'failed' ? { podsKilled: 0, pdbViolations: 0 } : damage) };
    }
    case 'rollout-undo': return plain(client.rolloutUndo(a.kind, a.namespace, a.name, a.toRevision));
    case 'rollout-restart': return plain(client.rolloutRestart(a.kind, a.namespace, a.name));
    case 'rollout-pause': case 'rollout-resume': return plain(client.rolloutPause(a.namespace, a.name, a.action === 'rollout-pause'));
    case 'patch': return plain(client.patch(a.kind, a.namespace, a.name, a.patch));
    case 'delete': {
      const obj = sim.store.tryGet(a.kind, a.namespace, a.name);
      const damage = obj ? assessKills(ctx, podsOf(ctx, obj)) : { podsKilled: 0, pdbViolations: 0 };
      const r = client.delete(a.kind, a.namespace, a.name, { force: a.force, gracePeriodSeconds: a.gracePeriodSeconds });
      return r.ok ? { ...r, ...damage } : plain(r);
    }
    case 'set-resources':
      return plain(editContainers(ctx, a.kind, a.namespace, a.name, a.container, (c) => ({
        ...c, resources: { ...c.resources, limits: { ...c.resources?.limits, ...a.limits }, requests: { ...c.resources?.requests, ...a.requests } },
      }), 'resource requirements updated'));
    case 'set-image':
      return plain(editContainers(ctx, a.kind, a.namespace, a.name, a.container, (c) => ({ ...c, image: a.image }), 'image updated'));
    case 'apply': {
      const r = client.applyPath(path.resolve(ctx.dir, a.path));
      return plain({ ok: r.ok, message: r.lines.join('\n') });
    }
    case 'stop-faults': {
      if (!ctx.faults) return plain({ ok: false, message: 'no fault injector in this simulation' });
      const stopped = ctx.faults.stopAll();
      sim.engine.settle();
      return plain({ ok: true, message: `${stopped.length} fault${stopped.length === 1 ? '' : 's'} reverted` });
    }
    case 'revert-fault': {
      if (!ctx.faults) return plain({ ok: false, message: 'no fault injector in this simulation' });
      const ids = a.step !== undefined ? ctx.faultsOfStep?.(a.step) ?? [] : [a.id!];
      const reverted = ids.map((id) => ctx.faults!.revert(id)).filter((f) => f !== undefined);
      sim.engine.settle();
      if (!reverted.length) return plain({ ok: false, message: a.step !== undefined ? `no active fault from step ${a.step}` : `no active fault ${a.id}` });
      return plain({ ok: true, message: reverted.map((f) => `fault ${f.id} (${f.spec.type}) reverted`).join('\n') });
    }
    case 'hint':
      return plain({ ok: false, message: 'hints are revealed by the drill runner' });
  }
}

function isDaemonOrMirror(p: Pod): boolean {
  return !!p.metadata.annotations?.['kubernetes.io/config.mirror'] || !!p.metadata.ownerReferences?.some((o) => o.controller && o.kind === 'DaemonSet');
}

/** `kubectl set resources|image`: change the pod template's containers (all, or the one named) with a merge patch. */
function editContainers(ctx: ActionContext, kind: string, namespace: string, name: string, container: string | undefined,
  edit: (c: Container) => Container, verb: string): { ok: boolean; message: string } {
  if (!TEMPLATED.has(kind)) return { ok: false, message: `error: ${kind} has no pod template (use Deployment, StatefulSet, DaemonSet, ReplicaSet or Job)` };
  const obj = ctx.client.get<KubeObject & { spec?: { template?: { spec?: { containers?: Container[] } } } }>(kind, namespace, name);
  if (!obj) return { ok: false, message: `Error from server (NotFound): ${kind.toLowerCase()}s "${name}" not found` };
  const containers = obj.spec?.template?.spec?.containers ?? [];
  if (container !== undefined && !containers.some((c) => c.name === container)) {
    return { ok: false, message: `error: unable to find container named "${container}"` };
  }
  const next = containers.map((c) => (container === undefined || c.name === container ? edit(c) : c));
  const r = ctx.client.patch(kind, namespace, name, { spec: { template: { spec: { containers: next } } } });
  return r.ok ? { ok: true, message: `${kind.toLowerCase()}/${name} ${verb}` } : r;
}

/** The pods deleting `obj` takes down: the pod itself, a workload's pods (through its ReplicaSets), a node's pods. */
function podsOf(ctx: ActionContext, obj: KubeObject): Pod[] {
  const store = ctx.client.sim.store;
  if (obj.kind === 'Pod') return [obj as Pod];
  if (obj.kind === 'Node') return store.select<Pod>('Pod', { nodeName: obj.metadata.name! });
  const uid = obj.metadata.uid;
  if (!uid) return [];
  const direct = store.select<Pod>('Pod', { ownerUid: uid });
  const viaSets = obj.kind === 'Deployment' ? store.select('ReplicaSet', { ownerUid: uid }).flatMap((rs) => store.select<Pod>('Pod', { ownerUid: rs.metadata.uid! })) : [];
  return [...direct, ...viaSets];
}

/**
 * Pods killed and budgets broken by deleting `pods` at once: a Running, Ready pod counts as killed; each one past
 * what its budgets' disruptionsAllowed would have allowed through the Eviction API is a violation.
 */
export function assessKills(ctx: ActionContext, pods: readonly Pod[]): { podsKilled: number; pdbViolations: number } {
  const store = ctx.client.sim.store;
  const allowed = new Map<string, number>();
  let podsKilled = 0, pdbViolations = 0;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp || pod.status?.phase !== 'Running' || !isPodReady(pod)) continue;
    podsKilled++;
    const budgets = store.select<PodDisruptionBudget>('PodDisruptionBudget', { namespace: pod.metadata.namespace })
      .filter((b) => matchesLabelSelector(b.spec.selector, pod.metadata.labels));
    let violated = false;
    for (const b of budgets) {
      const key = `${b.metadata.namespace}/${b.metadata.name}`;
      const left = allowed.get(key) ?? b.status?.disruptionsAllowed ?? 0;
      if (left < 1) violated = true;
      allowed.set(key, left - 1);
    }
    if (violated) pdbViolations++;
  }
  return { podsKilled, pdbViolations };
}
