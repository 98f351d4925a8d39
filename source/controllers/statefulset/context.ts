/** What the StatefulSet sync needs from its controller: the store, the instant, and an event recorder. */
import type { KubeObject } from '../../api/meta.js';
import type { ApiStore } from '../../store/store.js';

export interface StatefulSetContext {
  readonly store: ApiStore;
  /** Virtual now, epoch ms (readiness for minReadySeconds). */
  readonly now: number;
  /** Record an event about the set, as `statefulset-controller`. */
  record(obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void;
}

/** Go's utilerrors.NewAggregate(...).Error(): one message as is, several as `[a, b]`. */
export function aggregate(errors: readonly string[]): string {
  return errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`;
}
