/** Which series the metrics pane follows for a row: a node's, a pod's, a workload's (an HPA's target's) or a Service's. */
import type { KubeObject } from '../../api/meta.js';
import type { Focus } from '../model/metrics.js';
import { type FocusSources, nodeFocus, podFocus, serviceFocus, workloadFocus } from '../model/metrics-focus.js';
import { objName } from '../model/order.js';
import type { AppContext } from './context.js';

/** Kinds whose rows have workload series of their own (a ReplicaSet or Job is lifted to its Deployment or CronJob). */
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'ReplicationController']);
const PARENT: Record<string, string> = { ReplicaSet: 'Deployment', Job: 'CronJob' };

/** Where the focus's series come from. */
export function focusSources(ctx: AppContext): FocusSources {
  return { metrics: ctx.controls?.metrics, usage: ctx.usage, traffic: ctx.controls?.traffic };
}

/** The workload series key of a workload object: its own, or its Deployment's / CronJob's when it has one. */
function workloadKeyOf(kind: string, o: KubeObject): string {
  const ns = o.metadata.namespace ?? 'default';
  const parent = PARENT[kind];
  const owner = parent ? o.metadata.ownerReferences?.find((r) => r.controller && r.kind === parent) : undefined;
  return owner ? `${ns}/${owner.kind}/${owner.name}` : `${ns}/${kind}/${objName(o)}`;
}

/** The focus for a row of `kind`, or undefined when the kind has no series. */
export function focusFor(ctx: AppContext, kind: string, o: KubeObject): Focus | undefined {
  const src = focusSources(ctx);
  const ns = o.metadata.namespace ?? 'default';
  const name = objName(o);
  if (kind === 'Node') return nodeFocus(name, src);
  if (kind === 'Pod') return podFocus(ns, name, src);
  if (kind === 'Service') return serviceFocus(ns, name, src);
  if (WORKLOADS.has(kind)) return workloadFocus(workloadKeyOf(kind, o), name, src);
  if (kind === 'HorizontalPodAutoscaler' || kind === 'VerticalPodAutoscaler') {
    // any: both autoscalers name their target at spec.scaleTargetRef / spec.targetRef; read defensively.
    const spec = (o as any).spec ?? {}; // any: see above
    const ref = (kind === 'HorizontalPodAutoscaler' ? spec.scaleTargetRef : spec.targetRef) as { kind?: string; name?: string } | undefined;
    if (!ref?.kind || !ref.name) return undefined;
    return workloadFocus(`${ns}/${ref.kind}/${ref.name}`, `${name} → ${ref.kind.toLowerCase()}/${ref.name}`, src);
  }
  return undefined;
}

