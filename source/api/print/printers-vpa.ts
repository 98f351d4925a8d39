/**
 * `kubectl get vpa`: the VPA CRD's additionalPrinterColumns (Mode, CPU, Mem, Provided, Age). The API server's CRD
 * table converter leaves a cell empty (nil) when its JSONPath finds nothing, and kubectl prints nil as nothing.
 */
import type { KubeObject } from '../meta.js';
import { age } from './age.js';
import { list, record, str } from './format.js';
import { AGE_COLUMN, type KindPrinter, NAME_COLUMN, col } from './printer.js';

/** `.status.conditions[?(@.type=='RecommendationProvided')].status`: the first match, or nothing. */
function provided(status: Record<string, unknown>): string {
  for (const c of list(status.conditions)) {
    const condition = record(c);
    if (condition.type === 'RecommendationProvided') return str(condition.status);
  }
  return '';
}

/** vpa: NAME MODE CPU MEM PROVIDED AGE (CPU and MEM are the first container's target). */
export const vpaPrinter: KindPrinter = {
  columns: [NAME_COLUMN, col('MODE'), col('CPU'), col('MEM'), col('PROVIDED'), { ...AGE_COLUMN, type: 'date' }],
  cells(o: KubeObject, nowMs: number) {
    const spec = record(o?.spec);
    const status = record(o?.status);
    const first = record(list(record(status.recommendation).containerRecommendations)[0]);
    const target = record(first.target);
    return [
      str(o?.metadata?.name), str(record(spec.updatePolicy).updateMode), str(target.cpu), str(target.memory), provided(status),
      age(o?.metadata?.creationTimestamp, nowMs),
    ];
  },
};
