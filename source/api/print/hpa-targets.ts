/** The HPA TARGETS cell (upstream `formatHPAMetrics`): `cpu: 40%/50%`, `<unknown>` before metrics arrive. */
import type { HorizontalPodAutoscaler } from '../cluster-kinds.js';
import { NONE, int, list, present, record, str } from './format.js';

const UNKNOWN = '<unknown>';
const MAX_SHOWN = 2;

/** Quantity.String() on a possibly-nil *Quantity: upstream prints `<nil>` for a nil pointer. */
const qty = (v: unknown): string => (v === undefined || v === null ? '<nil>' : str(v));

/** `40%`, or undefined when the utilization is unset. */
const percent = (v: unknown): string | undefined => (typeof v === 'number' ? `${int(v)}%` : undefined);

/** One metric's `current/target` text; `status` is the currentMetrics entry at the same index, if any. */
function formatMetric(spec: Record<string, unknown>, status: Record<string, unknown> | undefined): string {
  switch (spec.type) {
    case 'External':
    case 'Object': {
      const key = spec.type === 'External' ? 'external' : 'object';
      const target = record(record(spec[key]).target);
      const current = present(status?.[key]) ? record(record(status?.[key]).current) : undefined;
      if (target.averageValue !== undefined && target.averageValue !== null) {
        const cur = current?.averageValue !== undefined && current?.averageValue !== null ? str(current.averageValue) : UNKNOWN;
        return `${cur}/${str(target.averageValue)} (avg)`;
      }
      return `${current ? qty(current.value) : UNKNOWN}/${qty(target.value)}`;
    }
    case 'Pods': {
      const pods = present(status?.pods);
      const cur = pods ? qty(record(pods.current).averageValue) : UNKNOWN;
      return `${cur}/${qty(record(record(spec.pods).target).averageValue)}`;
    }
    case 'Resource':
    case 'ContainerResource': {
      const key = spec.type === 'Resource' ? 'resource' : 'containerResource';
      const source = record(spec[key]);
      const target = record(source.target);
      const current = present(status?.[key]);
      const name = str(source.name);
      if (target.averageValue !== undefined && target.averageValue !== null) {
        const cur = current ? qty(record(current.current).averageValue) : UNKNOWN;
        return `${name}: ${cur}/${str(target.averageValue)}`;
      }
      const cur = (current && percent(record(current.current).averageUtilization)) ?? UNKNOWN;
      return `${name}: ${cur}/${percent(target.averageUtilization) ?? '<auto>'}`;
    }
    default:
      return '<unknown type>';
  }
}

/**
 * TARGETS for an HPA: at most two metrics joined by ", ", then ` + N more...`; `<none>` without metrics.
 * An autoscaling/v1-shaped object (targetCPUUtilizationPercentage) is read as the cpu Utilization metric it converts to.
 */
export function hpaTargets(hpa: HorizontalPodAutoscaler): string {
  const spec = record(hpa?.spec);
  const status = record(hpa?.status);
  let specs = list(spec.metrics).map(record);
  let statuses = list(status.currentMetrics).map(record);
  if (spec.metrics === undefined && typeof spec.targetCPUUtilizationPercentage === 'number') {
    specs = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage } } }];
    statuses = typeof status.currentCPUUtilizationPercentage === 'number'
      ? [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: status.currentCPUUtilizationPercentage } } }]
      : [];
  }
  if (specs.length === 0) return NONE;
  const shown: string[] = [];
  for (let i = 0; i < specs.length && i < MAX_SHOWN; i++) shown.push(formatMetric(specs[i]!, statuses[i]));
  const joined = shown.join(', ');
  return specs.length > MAX_SHOWN ? `${joined} + ${specs.length - MAX_SHOWN} more...` : joined;
}
