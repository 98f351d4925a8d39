/** Admission: the mutating and validating steps every create and update passes through, as the API server's plugin chain. */
import type { FieldError } from '../api/errors.js';
import type { KubeObject } from '../api/meta.js';

export type Operation = 'CREATE' | 'UPDATE';

/** What an admission plugin may read: the store's current contents (e.g. PriorityClasses, LimitRanges, quotas). */
export interface AdmissionReader {
  tryGet<T extends KubeObject>(kind: string, namespace: string | undefined, name: string): T | undefined;
  select<T extends KubeObject>(kind: string, query?: { namespace?: string }): T[];
}

export interface AdmissionPlugin {
  name: string;
  /** Mutate `obj` in place (it is the store's private copy). May throw ApiError (e.g. Forbidden for quota). */
  mutate?(obj: KubeObject, op: Operation, old: KubeObject | undefined, store: AdmissionReader): void;
  /** Return field problems; they become one Invalid error. May throw ApiError for non-field refusals. */
  validate?(obj: KubeObject, op: Operation, old: KubeObject | undefined, store: AdmissionReader): FieldError[];
}
