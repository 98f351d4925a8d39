/**
 * Scale-up (core/scaleup/orchestrator): filter out pending pods that fit existing or upcoming nodes, then for each
 * node group below max that is healthy and not backed off, check the pod equivalence groups against the group's
 * template, estimate the nodes with binpacking, let the expander pick one option and increase that group's size.
 * Events: TriggeredScaleUp on the pods helped, NotTriggerScaleUp (with reason counts) on the pods no group can
 * help when nothing was scaled, and ScaledUpGroup / FailedToScaleUpGroup on the status ConfigMap.
 */
import type { Pod } from '../../api/core.js';
import type { NodeInfo } from '../../scheduler/node-info.js';
import { type PodEquivalenceGroup, groupPods } from './equivalence.js';
import { estimate } from './estimator.js';
import { type ExpanderContext, type ExpansionOption, bestOption } from './expanders.js';
import type { NodeGroup, NodeGroupSet } from './node-groups.js';
import type { ClusterAutoscalerOptions, ExpanderName } from './options.js';
import type { PreparedPod, SchedulingSimulation } from './simulator.js';
import { type NodeTemplate, templateNodeInfo } from './template.js';

/** status.ScaleUpInfo: `{<group> <cur>-><new> (max: <max>)}` in messages. */
export interface ScaleUpInfo {
  readonly group: string;
  readonly currentSize: number;
  readonly newSize: number;
  readonly maxSize: number;
}

/** What a scale-up attempt did. */
export interface ScaleUpStatus {
  readonly result: 'Successful' | 'NoOptionsAvailable' | 'NotNeeded' | 'Error';
  readonly infos: readonly ScaleUpInfo[];
  readonly triggered: readonly Pod[];
  /** Pods no node group could help, with their NotTriggerScaleUp message. */
  readonly remaining: readonly { pod: Pod; message: string }[];
}

/** Everything one scale-up attempt needs from the autoscaler. */
export interface ScaleUpContext {
  readonly now: number;
  readonly options: ClusterAutoscalerOptions;
  readonly groups: NodeGroupSet;
  /** The scan's simulation after filter-out-schedulable (upcoming nodes included). */
  readonly sim: SchedulingSimulation;
  /** Nodes in the cluster plus upcoming ones (for --max-nodes-total). */
  readonly clusterSize: number;
  templateOf(group: NodeGroup): NodeTemplate;
  healthy(group: NodeGroup): boolean;
  readonly expanders: readonly ExpanderName[];
  readonly expanderContext: ExpanderContext;
  /** IncreaseSize on the cloud; throws with the cloud's error. */
  increaseSize(group: NodeGroup, delta: number): void;
  /** An event on the status ConfigMap. */
  statusEvent(type: 'Normal' | 'Warning', reason: string, message: string): void;
}

/** `[{workers 3->5 (max: 6)}]`: Go's %v of a []ScaleUpInfo. */
export function formatScaleUpInfos(infos: readonly ScaleUpInfo[]): string {
  return `[${infos.map((i) => `{${i.group} ${i.currentSize}->${i.newSize} (max: ${i.maxSize})}`).join(' ')}]`;
}

const priorityOf = (p: Pod) => p.spec?.priority ?? 0;

/**
 * FilterOutSchedulable: place pods (most important first) on existing and upcoming nodes of `sim`; the ones that
 * fit stay placed there (later checks see the capacity they take). Returns the rest in their original order.
 */
export function filterOutSchedulable(pods: readonly Pod[], sim: SchedulingSimulation): Pod[] {
  const order = pods.map((p, i) => ({ p, i })).sort((a, b) => priorityOf(b.p) - priorityOf(a.p) || a.i - b.i).map((x) => x.p);
  const left = new Set<Pod>();
  for (const group of groupPods(order)) {
    const prepared = sim.prepare(group.exemplar);
    // Capacity only shrinks as pods are placed: a node that rejected one of the group rejects the rest too
    // (not so for spread and affinity, whose verdicts placements can change).
    const rejected = prepared.extensions ? undefined : new Set<string>();
    let hint: string | undefined;
    for (let i = 0; i < group.pods.length; i++) {
      const node = sim.findNode(prepared, hint, rejected);
      // Equivalent pods that come later cannot fit either.
      if (!node) { for (let j = i; j < group.pods.length; j++) left.add(group.pods[j]!); break; }
      sim.place(group.pods[i]!, node);
      hint = node.name;
    }
  }
  return pods.filter((p) => left.has(p));
}

/** ReasonsMessage: `<count> <reason>` over the groups that rejected or skipped the pod. */
function reasonsMessage(rejected: Map<string, readonly string[]> | undefined, skipped: ReadonlyMap<string, string>): string {
  const counts = new Map<string, number>();
  for (const reasons of rejected?.values() ?? []) for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  for (const r of skipped.values()) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([r, n]) => `${n} ${r}`).join(', ');
}

/** One scale-up attempt for the pods left after filterOutSchedulable. */
export function scaleUp(pods: readonly Pod[], ctx: ScaleUpContext): ScaleUpStatus {
  if (pods.length === 0) return { result: 'NotNeeded', infos: [], triggered: [], remaining: [] };
  const o = ctx.options;
  const podGroups = groupPods(pods);
  const remainingOf = (message: (g: PodEquivalenceGroup) => string, groups: readonly PodEquivalenceGroup[]) =>
    groups.flatMap((g) => g.pods.map((pod) => ({ pod, message: message(g) })));
  const totalRoom = o.maxNodesTotal > 0 ? o.maxNodesTotal - ctx.clusterSize : Infinity;
  if (totalRoom <= 0) {
    return { result: 'NoOptionsAvailable', infos: [], triggered: [], remaining: remainingOf(() => "pod didn't trigger scale-up: max total nodes in cluster reached", podGroups) };
  }
  const skipped = new Map<string, string>();
  const rejected = new Map<PodEquivalenceGroup, Map<string, readonly string[]>>();
  const schedulable = new Set<PodEquivalenceGroup>();
  const prepared = new Map<PodEquivalenceGroup, PreparedPod>();
  const options: ExpansionOption[] = [];
  for (const group of ctx.groups.list) {
    const target = group.targetSize();
    if (target >= group.maxSize) { skipped.set(group.id, 'max node group size reached'); continue; }
    if (!ctx.healthy(group)) { skipped.set(group.id, 'not ready for scale-up'); continue; }
    if (group.isBackedOff(ctx.now)) { skipped.set(group.id, 'in backoff after failed scale-up'); continue; }
    const template = ctx.templateOf(group);
    const check: NodeInfo = templateNodeInfo(template, 0);
    const fits: PodEquivalenceGroup[] = [];
    for (const pg of podGroups) {
      let p = prepared.get(pg);
      if (!p) prepared.set(pg, (p = ctx.sim.prepare(pg.exemplar)));
      const st = ctx.sim.check(p, check);
      if (st) {
        let m = rejected.get(pg);
        if (!m) rejected.set(pg, (m = new Map()));
        m.set(group.id, st.reasons);
      } else {
        fits.push(pg);
        schedulable.add(pg);
      }
    }
    if (!fits.length) continue;
    const limit = Math.min(o.maxNodesPerScaleUp, group.maxSize - target, totalRoom);
    const est = estimate(ctx.sim, fits, check, (k) => templateNodeInfo(template, k + 1), limit);
    if (est.nodeCount > 0) options.push({ group, nodeCount: est.nodeCount, pods: est.pods, template: check });
  }
  const unhelped = podGroups.filter((g) => !schedulable.has(g));
  const notTriggered = remainingOf((g) => `pod didn't trigger scale-up: ${reasonsMessage(rejected.get(g), skipped)}`, unhelped);
  const best = bestOption(ctx.expanders, options, ctx.expanderContext);
  if (!best) return { result: 'NoOptionsAvailable', infos: [], triggered: [], remaining: notTriggered };
  const group = best.group;
  const currentSize = group.targetSize();
  const newSize = Math.min(currentSize + Math.min(best.nodeCount, totalRoom), group.maxSize);
  const info: ScaleUpInfo = { group: group.id, currentSize, newSize, maxSize: group.maxSize };
  ctx.statusEvent('Normal', 'ScaledUpGroup', `Scale-up: setting group ${group.id} size to ${newSize} instead of ${currentSize} (max: ${group.maxSize})`);
  try {
    ctx.increaseSize(group, newSize - currentSize);
  } catch (err) {
    const message = (err as Error).message;
    ctx.statusEvent('Warning', 'FailedToScaleUpGroup', `Scale-up failed for group ${group.id}: ${message}`);
    group.registerFailure(ctx.now, 'CloudProviderError', message, o);
    return { result: 'Error', infos: [info], triggered: [], remaining: [] };
  }
  ctx.statusEvent('Normal', 'ScaledUpGroup', `Scale-up: group ${group.id} size set to ${newSize} instead of ${currentSize} (max: ${group.maxSize})`);
  return { result: 'Successful', infos: [info], triggered: best.pods, remaining: notTriggered };
}
