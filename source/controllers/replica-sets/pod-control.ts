/**
 * Creating and deleting a controller's pods as upstream's RealPodControl does — pods from the template with
 * generateName `<owner>-` and a controller reference, events on the owner — and the slow-start batching that
 * keeps a failing create (a quota refusal) from being tried N times at once.
 */
import type { Pod, PodTemplateSpec } from '../../api/core.js';
import { ApiError, isApiError } from '../../api/errors.js';
import type { KubeObject } from '../../api/meta.js';
import type { Engine } from '../../engine/engine.js';
import { newControllerRef } from './pod-state.js';

/** controller.SlowStartInitialBatchSize. */
export const SLOW_START_INITIAL_BATCH_SIZE = 1;

/**
 * slowStartBatch: call `fn` `count` times in batches of 1, 2, 4, … Every call of a batch is made (upstream runs
 * them in parallel); the first batch with a failure ends it. Returns the successes and the first error.
 */
export function slowStartBatch(count: number, initialBatchSize: number, fn: () => ApiError | undefined): { successes: number; error?: ApiError } {
  let remaining = count;
  let successes = 0;
  for (let batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(2 * batch, remaining)) {
    let first: ApiError | undefined;
    for (let i = 0; i < batch; i++) {
      const err = fn();
      if (err) first ??= err;
      else successes++;
    }
    if (first) return { successes, error: first };
    remaining -= batch;
  }
  return { successes };
}

/** getPodsPrefix: `<name>-`, or the bare name when the dash would make it an invalid DNS subdomain. */
function podsPrefix(name: string): string {
  return name.length + 1 > 253 ? name : `${name}-`;
}

/** Whether an error is the namespace-terminating refusal, which upstream neither reports nor retries. */
function namespaceTerminating(err: ApiError): boolean {
  return err.reason === 'Forbidden' && err.message.includes('because it is being terminated');
}

/** Creates and deletes pods for one controller kind, recording upstream's events. */
export class PodControl {
  constructor(private readonly engine: Engine, private readonly component: string) {}

  /** CreatePods: one pod from the template, owned by `owner`. Returns the API error, if any (already reported as FailedCreate). */
  createPod(template: PodTemplateSpec, owner: KubeObject): ApiError | undefined {
    const meta = template.metadata ?? {};
    if (!meta.labels || Object.keys(meta.labels).length === 0) return new ApiError('BadRequest', 'unable to create pods, no labels');
    const pod: Pod = {
      apiVersion: 'v1', kind: 'Pod',
      metadata: {
        generateName: podsPrefix(owner.metadata.name!), namespace: owner.metadata.namespace,
        labels: meta.labels, annotations: meta.annotations, finalizers: meta.finalizers, ownerReferences: [newControllerRef(owner)],
      },
      // The store copies what it is given, so the template is shared here, not cloned.
      spec: template.spec,
    };
    try {
      const created = this.engine.store.create(pod);
      this.engine.events.record(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, { component: this.component });
      return undefined;
    } catch (err) {
      if (!isApiError(err)) throw err;
      if (namespaceTerminating(err)) return undefined;
      this.engine.events.record(owner, 'Warning', 'FailedCreate', `Error creating: ${err.message}`, { component: this.component });
      return err;
    }
  }

  /** DeletePod: NotFound is returned quietly; any other refusal is reported as FailedDelete. */
  deletePod(pod: Pod, owner: KubeObject): ApiError | undefined {
    try {
      this.engine.store.delete('Pod', pod.metadata.namespace, pod.metadata.name!);
      this.engine.events.record(owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, { component: this.component });
      return undefined;
    } catch (err) {
      if (!isApiError(err)) throw err;
      if (err.reason === 'NotFound') return err;
      this.engine.events.record(owner, 'Warning', 'FailedDelete', `Error deleting: ${err.message}`, { component: this.component });
      return new ApiError(err.reason, `unable to delete pods: ${err.message}`, err.details);
    }
  }
}
