/** describe for HorizontalPodAutoscaler (autoscaling/v2) and PodDisruptionBudget (describe.go). */
import type { Event } from '../../api/core.js';
import type { KubeObject } from '../../api/meta.js';
import { formatLabelSelector, int, intOrString, list, present, record, str } from '../../api/print/format.js';
import { describeEvents, printAnnotationsMultiline, printLabelsMultiline, records, rfc1123z } from './common.js';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, PrefixWriter } from './layout.js';

const UNKNOWN = '<unknown>';
/** Quantity.String() on a possibly-nil *Quantity. */
const q = (v: unknown): string => (v === undefined || v === null ? '<nil>' : str(v));
/** Go's %q for the ASCII names metrics have. */
const quote = (s: string) => JSON.stringify(s);

/** One `Metrics:` line per spec metric, with the current value from status.currentMetrics at the same index. */
function describeMetric(w: PrefixWriter, metric: Record<string, unknown>, current: Record<string, unknown> | undefined): void {
  switch (metric.type) {
    case 'External': {
      const ext = record(metric.external);
      const target = record(ext.target);
      const cur = present(current?.external) ? record(record(current?.external).current) : undefined;
      const name = quote(str(record(ext.metric).name));
      if (target.averageValue !== undefined && target.averageValue !== null) {
        const c = cur && cur.averageValue !== undefined && cur.averageValue !== null ? str(cur.averageValue) : UNKNOWN;
        w.write(LEVEL_1, `${name} (target average value):\t${c} / ${q(target.averageValue)}\n`);
      } else {
        w.write(LEVEL_1, `${name} (target value):\t${cur ? q(cur.value) : UNKNOWN} / ${q(target.value)}\n`);
      }
      return;
    }
    case 'Pods': {
      const pods = record(metric.pods);
      const cur = present(current?.pods) ? q(record(record(current?.pods).current).averageValue) : UNKNOWN;
      w.write(LEVEL_1, `${quote(str(record(pods.metric).name))} on pods:\t${cur} / ${q(record(pods.target).averageValue)}\n`);
      return;
    }
    case 'Object': {
      const obj = record(metric.object);
      const described = record(obj.describedObject);
      const target = record(obj.target);
      const cur = present(current?.object) ? record(record(current?.object).current) : undefined;
      w.write(LEVEL_1, `${quote(str(record(obj.metric).name))} on ${str(described.kind)}/${str(described.name)} `);
      if (target.type === 'AverageValue') w.write(LEVEL_0, `(target average value):\t${cur ? q(cur.averageValue) : UNKNOWN} / ${q(target.averageValue)}\n`);
      else w.write(LEVEL_0, `(target value):\t${cur ? q(cur.value) : UNKNOWN} / ${q(target.value)}\n`);
      return;
    }
    case 'Resource':
    case 'ContainerResource': {
      const key = metric.type === 'Resource' ? 'resource' : 'containerResource';
      const source = record(metric[key]);
      const target = record(source.target);
      const status = present(current?.[key]);
      const cur = status ? record(status.current) : undefined;
      const subject = key === 'resource'
        ? `resource ${str(source.name)} on pods`
        : `resource ${str(source.name)} of container "${str(source.container)}" on pods`;
      w.write(LEVEL_1, subject);
      if (target.averageValue !== undefined && target.averageValue !== null) {
        w.write(LEVEL_0, `:\t${cur ? q(cur.averageValue) : UNKNOWN} / ${q(target.averageValue)}\n`);
      } else {
        const c = cur && typeof cur.averageUtilization === 'number' ? `${int(cur.averageUtilization)}% (${q(cur.averageValue)})` : UNKNOWN;
        const t = typeof target.averageUtilization === 'number' ? `${int(target.averageUtilization)}%` : '<auto>';
        // Upstream writes this continuation at LEVEL_1, so it carries a second two-space prefix.
        w.write(LEVEL_1, `(as a percentage of request):\t${c} / ${t}\n`);
      }
      return;
    }
    default:
      w.write(LEVEL_1, `<unknown metric type ${quote(str(metric.type))}>\n`);
  }
}

function describeBehavior(w: PrefixWriter, direction: string, rules: unknown): void {
  const r = present(rules);
  if (!r) return;
  w.write(LEVEL_1, `${direction}:\n`);
  if (typeof r.stabilizationWindowSeconds === 'number') w.write(LEVEL_2, `Stabilization Window: ${int(r.stabilizationWindowSeconds)} seconds\n`);
  const policies = records(r.policies);
  if (policies.length === 0) return;
  w.write(LEVEL_2, `Select Policy: ${str(r.selectPolicy) || 'Max'}\n`);
  w.write(LEVEL_2, 'Policies:\n');
  for (const p of policies) w.write(LEVEL_3, `- Type: ${str(p.type)}\tValue: ${int(p.value)}\tPeriod: ${int(p.periodSeconds)} seconds\n`);
}

/** `kubectl describe hpa` (autoscaling/v2). */
export function describeHPA(hpa: KubeObject, events: readonly Event[], nowMs: number): string {
  const w = new PrefixWriter();
  const meta = record(hpa?.metadata);
  const spec = record(hpa?.spec);
  const status = record(hpa?.status);
  const ref = record(spec.scaleTargetRef);
  w.write(LEVEL_0, `Name:\t${str(meta.name)}\n`);
  w.write(LEVEL_0, `Namespace:\t${str(meta.namespace)}\n`);
  printLabelsMultiline(w, 'Labels', meta.labels);
  printAnnotationsMultiline(w, 'Annotations', meta.annotations);
  w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(meta.creationTimestamp)}\n`);
  w.write(LEVEL_0, `Reference:\t${str(ref.kind)}/${str(ref.name)}\n`);
  w.write(LEVEL_0, 'Metrics:\t( current / target )\n');
  const currents = records(status.currentMetrics);
  records(spec.metrics).forEach((m, i) => describeMetric(w, m, currents[i]));
  w.write(LEVEL_0, `Min replicas:\t${typeof spec.minReplicas === 'number' ? int(spec.minReplicas) : '<unset>'}\n`);
  w.write(LEVEL_0, `Max replicas:\t${int(spec.maxReplicas)}\n`);
  const behavior = present(spec.behavior);
  if (behavior) {
    w.write(LEVEL_0, 'Behavior:\n');
    describeBehavior(w, 'Scale Up', behavior.scaleUp);
    describeBehavior(w, 'Scale Down', behavior.scaleDown);
  }
  w.write(LEVEL_0, `${str(ref.kind)} pods:\t${int(status.currentReplicas)} current / ${int(status.desiredReplicas)} desired\n`);
  const conditions = records(status.conditions);
  if (conditions.length > 0) {
    w.write(LEVEL_0, 'Conditions:\n');
    w.write(LEVEL_1, 'Type\tStatus\tReason\tMessage\n');
    w.write(LEVEL_1, '----\t------\t------\t-------\n');
    for (const c of conditions) w.write(LEVEL_1, `${str(c.type)}\t${str(c.status)}\t${str(c.reason)}\t${str(c.message)}\n`);
  }
  describeEvents(w, events, nowMs);
  return w.toString();
}

/** `kubectl describe pdb`. */
export function describePDB(pdb: KubeObject, events: readonly Event[], nowMs: number): string {
  const w = new PrefixWriter();
  const meta = record(pdb?.metadata);
  const spec = record(pdb?.spec);
  const status = record(pdb?.status);
  w.write(LEVEL_0, `Name:\t${str(meta.name)}\n`);
  w.write(LEVEL_0, `Namespace:\t${str(meta.namespace)}\n`);
  if (spec.minAvailable !== undefined && spec.minAvailable !== null) w.write(LEVEL_0, `Min available:\t${intOrString(spec.minAvailable)}\n`);
  else if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) w.write(LEVEL_0, `Max unavailable:\t${intOrString(spec.maxUnavailable)}\n`);
  w.write(LEVEL_0, `Selector:\t${present(spec.selector) ? formatLabelSelector(spec.selector) : '<unset>'}\n`);
  w.write(LEVEL_0, 'Status:\n');
  w.write(LEVEL_2, `Allowed disruptions:\t${int(status.disruptionsAllowed)}\n`);
  w.write(LEVEL_2, `Current:\t${int(status.currentHealthy)}\n`);
  w.write(LEVEL_2, `Desired:\t${int(status.desiredHealthy)}\n`);
  w.write(LEVEL_2, `Total:\t${int(status.expectedPods)}\n`);
  describeEvents(w, events, nowMs);
  return w.toString();
}
